// After a finding changes (a card action, a resolution), every card already posted for it is updated in
// place. Only references go into the outbox: the worker renders the card from current state at send time.

import type { FindingRecord } from './findings.js';
import type { OutboxPayload } from './outbox-payload.js';
import type { Store } from './store.js';

/** Dedupe key of the original alert card of a finding in one conversation (DETECTION enqueues it). */
export const alertDedupeKey = (findingId: number, conversationId: string): string =>
  `${alertKeyPrefix(findingId)}${conversationId}`;

/** The prefix every original alert card of one finding shares. */
export const alertKeyPrefix = (findingId: number): string => `finding:${findingId}:alert:`;

/** Dedupe key of the in-place update that shows `version` in one conversation. */
export const updateDedupeKey = (findingId: number, version: number, conversationId: string): string =>
  `finding:${findingId}:v${version}:update:${conversationId}`;

/**
 * Enqueues one in-place update per alert card of `finding` that has been sent. Cards not sent yet need
 * nothing: they render the current state when they go. Idempotent per version (the dedupe key carries it),
 * so a retried action or resolution never queues a second update. Returns how many updates were new.
 */
export async function enqueueFindingCardUpdates(store: Store, finding: FindingRecord): Promise<number> {
  const sent = await store.outbox.listByDedupePrefix(alertKeyPrefix(finding.id), 'sent');
  let created = 0;
  for (const card of sent) {
    if (card.kind !== 'send' || card.sentActivityId === null) continue;
    const payload: OutboxPayload = { render: 'finding-alert', findingId: finding.id };
    const result = await store.outbox.enqueue({
      dedupeKey: updateDedupeKey(finding.id, finding.version, card.conversationId),
      conversationId: card.conversationId,
      kind: 'update',
      activityId: card.sentActivityId,
      payload,
    });
    if (result.created) created += 1;
  }
  return created;
}
