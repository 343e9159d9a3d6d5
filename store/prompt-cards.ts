// After a prompt anomaly changes (a card action, new figures from the job, the burst ending), every card
// already posted for it is updated in place. Only references go into the outbox: the worker renders the
// card from current state at send time.

import type { AnomalyRecord } from './anomalies.js';
import type { ConversationId } from './conversations.js';
import type { OutboxPayload } from './outbox-payload.js';
import type { Store } from './store.js';

/** The prefix every card of one anomaly shares (alerts, re-alerts when it grew, the escalation post). */
export const promptAlertPrefix = (anomalyId: number): string => `prompt-anomaly:${anomalyId}:alert:`;

/** Dedupe key of the `n`-th alert card of an anomaly (1: found; 2, 3…: it grew) in one conversation. */
export const promptAlertKey = (anomalyId: number, n: number, conversationId: string): string =>
  `${promptAlertPrefix(anomalyId)}${n}:${conversationId}`;

/** Dedupe key of the escalation post in the SOC channel: one per anomaly and channel. */
export const promptEscalationKey = (anomalyId: number, conversationId: string): string =>
  `${promptAlertPrefix(anomalyId)}escalation:${conversationId}`;

/** Dedupe key of the in-place update that shows `revision` on one posted card. */
export const promptUpdateKey = (anomalyId: number, revision: number, activityId: string): string =>
  `prompt-anomaly:${anomalyId}:r${revision}:update:${activityId}`;

/**
 * Enqueues one in-place update per card of `anomaly` that has been sent. Cards not sent yet need nothing:
 * they render the current state when they go. Idempotent per revision (the dedupe key carries it).
 * Returns how many updates were new.
 */
export async function enqueuePromptCardUpdates(store: Store, anomaly: AnomalyRecord): Promise<number> {
  const sent = await store.outbox.listByDedupePrefix(promptAlertPrefix(anomaly.id), 'sent');
  let created = 0;
  for (const card of sent) {
    if (card.kind !== 'send' || card.sentActivityId === null) continue;
    const payload: OutboxPayload = {
      render: 'prompt-anomaly',
      anomalyId: anomaly.id,
      ...(card.payload.escalation === true ? { escalation: true } : {}),
    };
    const result = await store.outbox.enqueue({
      dedupeKey: promptUpdateKey(anomaly.id, anomaly.revision, card.sentActivityId),
      conversationId: card.conversationId,
      kind: 'update',
      activityId: card.sentActivityId,
      payload,
    });
    if (result.created) created += 1;
  }
  return created;
}

/** The conversations an anomaly's cards went to (for the tenant check of its card actions). */
export async function promptCardConversations(store: Store, anomalyId: number): Promise<ConversationId[]> {
  const cards = await store.outbox.listByDedupePrefix(promptAlertPrefix(anomalyId));
  return [...new Set(cards.map((c) => c.conversationId))];
}
