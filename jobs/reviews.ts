// Zone reviews: on each zone's attack-path and recommendation review cadence, record what is up for review
// and what changed since the previous one, and post a review card to the zone's channels. The review row
// (kind, zone, slot) is unique, so a re-run or a second replica posts nothing twice.

import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Zone } from '../posture/model.js';
import { type ReviewItem, type ReviewKind, reviewAgenda, reviewChanges } from '../posture/reviews.js';
import type { JsonObject, OutboxPayload, Store } from '../store/index.js';
import { type CronSchedule, nextSlot } from './cron.js';
import { estatesOf } from './estates.js';
import { reviewJobName } from './names.js';
import type { Job } from './runner.js';
import { zoneChannels } from './shared.js';

export interface ReviewDeps {
  store: Store;
  config: Config;
  logger: Logger;
}

export interface ReviewResult {
  reviewId: number | null;
  items: number;
  added: number;
  removed: number;
  cards: number;
  /** Why nothing was posted, when nothing was. */
  skipped?: string;
}

/** Dedupe key of the review card posted to one conversation; updates after "Mark reviewed" find them by it. */
export const reviewPostKey = (reviewId: number, conversation: string): string =>
  `review:${reviewId}:post:${conversation}`;
export const reviewPostPrefix = (reviewId: number): string => `review:${reviewId}:post:`;

export function reviewJob(kind: ReviewKind, zone: Zone, schedule: CronSchedule, deps: ReviewDeps): Job<ReviewResult> {
  const estates = estatesOf(deps.store, deps.config);
  const name = reviewJobName(kind, zone);
  return {
    name,
    summarize: (r) => ({ ...r }),
    async run(slot) {
      const log = deps.logger.child({ job: name, slot: slot.toISOString() });
      const estate = await estates.estate();
      if (!estate) {
        // No discovery yet: there is nothing to review, and saying so in the channel would be noise.
        log.warn('no estate yet: review skipped');
        return { reviewId: null, items: 0, added: 0, removed: 0, cards: 0, skipped: 'no discovery yet' };
      }
      const items = reviewAgenda(estate, kind, zone);
      const channels = await zoneChannels(deps.store, deps.config, 'reviews', zone, log);
      const due = nextSlot(schedule, slot) ?? new Date(slot.getTime() + 31 * 86_400_000);
      const result = await deps.store.transaction(async (tx) => {
        const previous = await tx.reviews.previous(kind, zone, slot);
        const changes = reviewChanges(previous ? itemsOf(previous.items) : null, items);
        const { created, review } = await tx.reviews.create({
          kind,
          zone,
          slot,
          dueBy: due,
          items: { items: items as unknown as JsonObject[], asOf: estate.takenAt.toISOString() },
          changes: changes as unknown as JsonObject,
        });
        let cards = 0;
        if (created) {
          await tx.audit.append({
            actor: { id: `job:${name}`, name: 'Vigil (review schedule)' },
            action: 'review.posted',
            subject: { type: 'review', id: String(review.id) },
            details: { kind, zone, slot: slot.toISOString(), items: items.length, channels: channels.length },
            source: `job:${name}@${slot.toISOString()}`,
          });
          for (const channel of channels) {
            const payload: OutboxPayload = { render: 'review', reviewId: review.id };
            const r = await tx.outbox.enqueue({
              dedupeKey: reviewPostKey(review.id, channel),
              conversationId: channel,
              kind: 'send',
              payload,
            });
            if (r.created) cards++;
          }
        }
        return {
          reviewId: review.id,
          items: items.length,
          added: changes.added.length,
          removed: changes.removed.length,
          cards,
        };
      });
      if (channels.length === 0)
        log.warn({ zone }, 'no channel hears reviews for this zone: `subscribe reviews zone N`');
      log.info(result, 'review posted');
      return result;
    },
  };
}

export function itemsOf(stored: JsonObject): ReviewItem[] {
  const items = stored.items;
  return Array.isArray(items) ? (items as unknown as ReviewItem[]) : [];
}
