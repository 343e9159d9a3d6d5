import type { JsonObject } from './codec.js';
import type { OutboxMessage } from './outbox.js';
import type { Store } from './store.js';

/**
 * What an outbox row carries: a reference to what to send, rendered at send time
 * from current state so a card never shows stale state.
 */
export type OutboxPayload =
  | { render: 'finding-alert'; findingId: number } // the finding card (base view: state, no per-user buttons)
  | { render: 'finding-summary'; findingIds: number[]; query: string } // noise control: top items + "show all"
  | { render: 'prompt-anomaly'; anomalyId: number; escalation?: boolean } // prompt-volume anomaly card; escalation: the SOC post with mentions
  | { render: 'review'; reviewId: number } // a zone review card with its "Mark reviewed" state
  | { render: 'text'; text: string }
  | { render: 'card'; card: JsonObject }; // a ready card (e.g. admin notices)

/**
 * Queues one in-place update per card sent under `prefix` (cards not sent yet need nothing: they render the
 * current state when they go). `update` names each update's dedupe key — carrying the subject's version, so a
 * retried change never queues a second one — and its payload. Returns how many updates were new.
 */
export async function enqueueSentCardUpdates(
  store: Store,
  prefix: string,
  update: (card: OutboxMessage & { sentActivityId: string }) => { dedupeKey: string; payload: OutboxPayload },
): Promise<number> {
  const sent = await store.outbox.listByDedupePrefix(prefix, 'sent');
  let created = 0;
  for (const card of sent) {
    if (card.kind !== 'send' || card.sentActivityId === null) continue;
    const { dedupeKey, payload } = update({ ...card, sentActivityId: card.sentActivityId });
    const result = await store.outbox.enqueue({
      dedupeKey,
      conversationId: card.conversationId,
      kind: 'update',
      activityId: card.sentActivityId,
      payload,
    });
    if (result.created) created += 1;
  }
  return created;
}
