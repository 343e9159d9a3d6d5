// Review cards in Teams: the outbox renderer (state read at send time), the "Mark reviewed" action (checked
// against the store and configured roles, never the card), and the in-place updates of every posted copy.

import type { Application, TurnState } from '@microsoft/teams-ai';
import { type Activity, CardFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import { freshnessText } from '../../cards/parts.js';
import type { AdaptiveCard } from '../../cards/render.js';
import { REVIEW_VERB, reviewCard } from '../../cards/review.js';
import type { Config } from '../../config/schema.js';
import { itemsOf, reviewPostPrefix } from '../../jobs/reviews.js';
import type { Zone } from '../../posture/model.js';
import { ZONE_NAMES } from '../../posture/policy.js';
import {
  describeChanges,
  mayMarkReviewed,
  REVIEW_TITLES,
  type ReviewChanges,
  type ReviewKind,
  reviewStatus,
} from '../../posture/reviews.js';
import { formatAsOf } from '../../posture/text.js';
import { formatLocal } from '../../posture/wallclock.js';
import { conversationId, type OutboxPayload, type ReviewRecord, type Store } from '../../store/index.js';
import { answerInvoke, clickerOf, type InvokeAnswer, tenantOf } from '../actions/pipeline.js';
import type { ActionDeps } from '../actions/types.js';
import type { Renderer } from '../delivery/types.js';
import { wakeOutboxLater } from '../delivery/wake.js';

const STATUS_TEXT = {
  open: 'open',
  missed: 'missed: nobody marked it reviewed in time',
  reviewed: 'reviewed',
  'reviewed-late': 'reviewed late',
};
const NOTHING_CHANGED = 'Nothing was changed.';
const OUT_OF_DATE = 'That button is out of date or was not made by Vigil, so nothing was changed.';

const markSchema = z.object({ reviewId: z.number().int().positive(), version: z.number().int().positive() });

export function reviewCardOf(review: ReviewRecord, deps: { config: Config }, now: Date): AdaptiveCard {
  const tz = deps.config.timeZone;
  const kind = review.kind as ReviewKind;
  const zone = review.zone as Zone;
  const policy = deps.config.zones.policy[zone];
  const changes = review.changes as unknown as ReviewChanges;
  const items = itemsOf(review.items);
  const asOf = typeof review.items.asOf === 'string' ? new Date(review.items.asOf) : new Date(review.createdAt);
  return reviewCard({
    reviewId: review.id,
    version: review.version,
    title: REVIEW_TITLES[kind],
    zone,
    zoneName: ZONE_NAMES[zone],
    cadence: kind === 'attack-paths' ? policy.attackPathReview : policy.recommendationReview,
    scheduledFor: formatLocal(new Date(review.slot), tz),
    dueBy: formatLocal(new Date(review.dueBy), tz),
    items: items.map((i) => ({
      title: i.title,
      level: i.level,
      count: i.count,
      detail:
        kind === 'attack-paths'
          ? `${i.count} AI resource${i.count === 1 ? '' : 's'} of this zone on the path`
          : `${i.count} resource${i.count === 1 ? '' : 's'} failing${i.critical > 0 ? ` · ${i.critical} critical` : ''}`,
    })),
    changesSummary: describeChanges(changes),
    added: (changes.added ?? []).map((i) => i.title),
    removed: (changes.removed ?? []).map((i) => i.title),
    changed: (changes.changed ?? []).map((c) => `${c.item.title} (${c.from} → ${c.item.count})`),
    reviewedText:
      review.reviewedAt === null
        ? null
        : `✔ Reviewed by ${review.reviewedByName ?? review.reviewedBy}, ${formatLocal(new Date(review.reviewedAt), tz)}${review.note ? `: ${review.note}` : ''}`,
    statusText: STATUS_TEXT[reviewStatus(review, now)],
    ask: kind === 'attack-paths' ? `attack paths zone ${zone}` : `recommendations zone ${zone}`,
    freshness: freshnessText(formatAsOf(asOf, tz, now), deps.config.mode === 'demo'),
  });
}

export function reviewRenderer(deps: { store: Store; config: Config }): Renderer {
  return async (payload: OutboxPayload, ctx): Promise<Partial<Activity> | null> => {
    if (payload.render !== 'review') throw new Error(`the review renderer was handed a "${payload.render}" payload`);
    const review = await deps.store.reviews.get(payload.reviewId);
    if (!review) return null;
    return {
      type: 'message',
      summary: `${REVIEW_TITLES[review.kind as ReviewKind]} for zone ${review.zone}`,
      attachments: [CardFactory.adaptiveCard(reviewCardOf(review, deps, ctx.now))],
    };
  };
}

/** One in-place update per posted copy of the review, for its new version (idempotent per version). */
export async function enqueueReviewCardUpdates(store: Store, review: ReviewRecord): Promise<number> {
  let created = 0;
  for (const card of await store.outbox.listByDedupePrefix(reviewPostPrefix(review.id), 'sent')) {
    if (card.kind !== 'send' || card.sentActivityId === null) continue;
    const payload: OutboxPayload = { render: 'review', reviewId: review.id };
    const r = await store.outbox.enqueue({
      dedupeKey: `review:${review.id}:v${review.version}:update:${card.conversationId}`,
      conversationId: card.conversationId,
      kind: 'update',
      activityId: card.sentActivityId,
      payload,
    });
    if (r.created) created++;
  }
  return created;
}

export function registerReviewActions(app: Application<TurnState>, deps: ActionDeps): void {
  const log = deps.logger.child({ module: 'review-actions' });
  app.adaptiveCards.actionExecute(REVIEW_VERB, async (context: TurnContext, _state, data: unknown) => {
    try {
      await answerInvoke(context, await markReviewed(context, data, deps));
    } catch (err) {
      log.error({ err, activityId: context.activity.id }, 'review card action failed');
      await answerInvoke(context, {
        text: `Sorry, something went wrong on my side. The team can trace it with reference ${context.activity.id ?? 'n/a'}.`,
      });
    }
    return '';
  });
}

async function markReviewed(context: TurnContext, data: unknown, deps: ActionDeps): Promise<InvokeAnswer> {
  const ref = markSchema.safeParse(data);
  if (!ref.success) return { text: OUT_OF_DATE };
  const review = await deps.store.reviews.get(ref.data.reviewId);
  if (!review) return { text: `I have no review #${ref.data.reviewId}. ${NOTHING_CHANGED}` };
  if (!(await sameTenant(context, review, deps))) {
    return { text: `This card belongs to another organisation’s Vigil, so I refused the action. ${NOTHING_CHANGED}` };
  }
  const clicker = await clickerOf(context, deps);
  const now = deps.clock();
  if (!mayMarkReviewed(clicker.roles)) {
    return { text: `Only SOC analysts, leaders and Vigil admins can sign a review off. ${NOTHING_CHANGED}` };
  }
  if (ref.data.version !== review.version) {
    return {
      card: withNotice(
        reviewCardOf(review, deps, now),
        'This card was out of date — here is the current state. Nothing was changed.',
      ),
    };
  }
  const by = { id: clicker.objectId ?? clicker.teamsId, name: clicker.name ?? clicker.upn ?? 'someone' };
  const result = await deps.store.transaction(async (tx) => {
    const marked = await tx.reviews.markReviewed(review.id, review.version, by, null);
    if (!marked.ok) return marked;
    await tx.audit.append({
      actor: by,
      action: 'review.done',
      subject: { type: 'review', id: String(review.id) },
      details: {
        kind: review.kind,
        zone: review.zone,
        slot: review.slot,
        upn: clicker.upn,
        late: now.toISOString() > review.dueBy,
      },
      source: context.activity.replyToId ?? null,
    });
    await enqueueReviewCardUpdates(tx, marked.review);
    return marked;
  });
  if (!result.ok) {
    if (result.reason === 'not-found') return { text: `Review #${review.id} no longer exists. ${NOTHING_CHANGED}` };
    return {
      card: withNotice(
        reviewCardOf(result.current, deps, now),
        'Someone signed this review off first — here is the current state. Nothing was changed.',
      ),
    };
  }
  wakeOutboxLater(deps.notifyOutbox, deps.logger, { reviewId: review.id });
  return { card: reviewCardOf(result.review, deps, now) };
}

function withNotice(card: AdaptiveCard, text: string): AdaptiveCard {
  return { ...card, body: [{ type: 'TextBlock', text, wrap: true, color: 'warning', weight: 'Bolder' }, ...card.body] };
}

/** The configured bot tenant when there is one; else a tenant the review was posted to. */
async function sameTenant(
  context: TurnContext,
  review: ReviewRecord,
  deps: Pick<ActionDeps, 'store' | 'config'>,
): Promise<boolean> {
  const tenant = tenantOf(context);
  if (!tenant) return false;
  const configured = deps.config.bot.tenantId.toLowerCase();
  if (configured !== '') return tenant === configured;
  for (const post of await deps.store.outbox.listByDedupePrefix(reviewPostPrefix(review.id))) {
    const c = await deps.store.conversations.get(conversationId(post.conversationId));
    if (c?.tenantId?.toLowerCase() === tenant) return true;
  }
  return false;
}
