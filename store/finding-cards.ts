// After a finding changes (a card action, a resolution), every card already posted for it is updated in
// place. Only references go into the outbox: the worker renders the card from current state at send time.

import type { FindingRecord } from './findings.js';
import { enqueueSentCardUpdates } from './outbox-payload.js';
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
 * Enqueues one in-place update per alert card of `finding` that has been sent, once per version (a retried
 * action or resolution queues nothing more). Returns how many updates were new.
 */
export function enqueueFindingCardUpdates(store: Store, finding: FindingRecord): Promise<number> {
  return enqueueSentCardUpdates(store, alertKeyPrefix(finding.id), (card) => ({
    dedupeKey: updateDedupeKey(finding.id, finding.version, card.conversationId),
    payload: { render: 'finding-alert', findingId: finding.id },
  }));
}
