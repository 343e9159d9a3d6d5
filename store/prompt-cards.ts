// After a prompt anomaly changes (a card action, new figures from the job, the burst ending), every card
// already posted for it is updated in place. Only references go into the outbox: the worker renders the
// card from current state at send time.

import type { AnomalyRecord } from './anomalies.js';
import type { ConversationId } from './conversations.js';
import { enqueueSentCardUpdates } from './outbox-payload.js';
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
 * Enqueues one in-place update per card of `anomaly` that has been sent, once per revision. Returns how many
 * updates were new.
 */
export function enqueuePromptCardUpdates(store: Store, anomaly: AnomalyRecord): Promise<number> {
  return enqueueSentCardUpdates(store, promptAlertPrefix(anomaly.id), (card) => ({
    dedupeKey: promptUpdateKey(anomaly.id, anomaly.revision, card.sentActivityId),
    payload: {
      render: 'prompt-anomaly',
      anomalyId: anomaly.id,
      ...(card.payload.escalation === true ? { escalation: true } : {}),
    },
  }));
}

/** The conversations an anomaly's cards went to (for the tenant check of its card actions). */
export async function promptCardConversations(store: Store, anomalyId: number): Promise<ConversationId[]> {
  const cards = await store.outbox.listByDedupePrefix(promptAlertPrefix(anomalyId));
  return [...new Set(cards.map((c) => c.conversationId))];
}
