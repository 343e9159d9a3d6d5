// "posture [scope]", "score zone 3", "how is our posture": the AI posture score with its trend since last
// week, open findings by severity per zone and subscription, and the worst offenders.

import { POSTURE_SUBSCRIPTIONS_PAGE_SIZE, postureCard } from '../../cards/posture.js';
import type { Config } from '../../config/schema.js';
import { Estate } from '../../posture/estate.js';
import type { Filters } from '../../posture/filters.js';
import { parseFilters } from '../../posture/filters.js';
import {
  type Baseline,
  type PostureReport,
  type PostureTrend,
  pickBaseline,
  postureOf,
  trendOf,
} from '../../posture/score.js';
import type { Store } from '../../store/index.js';
import { clampPage, freshnessOf } from './shared.js';
import { type Command, startsWith } from './types.js';

/** Snapshots looked at for a baseline (discovery keeps the newest 50). */
const HISTORY = 100;

const matchPosture = startsWith(
  'posture',
  'ai posture',
  'security posture',
  'posture score',
  'score',
  'ai score',
  'secure score',
  'what is our posture',
  'whats our posture',
  "what's our posture",
  'what’s our posture',
  "how's our posture",
  'how is our posture',
  'how are we doing',
  'show posture',
);

/**
 * The indexed baseline snapshot, kept per store: a trend must not re-read and re-index a whole snapshot
 * on every question. One entry per store; replaced when the baseline moves on.
 */
const baselineCache = new WeakMap<Store, { id: number; estate: Promise<Estate | null> }>();

async function baselineEstate(store: Store, config: Config, baseline: Baseline): Promise<Estate | null> {
  const cached = baselineCache.get(store);
  if (cached?.id === baseline.id) return cached.estate;
  const estate = store.snapshots
    .get(baseline.id)
    .then((s) => (s ? new Estate(s, { zones: config.zones, policy: config.zones.policy }) : null));
  baselineCache.set(store, { id: baseline.id, estate });
  // A failed read must not stick: the next question tries again.
  estate.catch(() => {
    if (baselineCache.get(store)?.estate === estate) baselineCache.delete(store);
  });
  return estate;
}

async function trendFor(
  store: Store,
  config: Config,
  current: Estate,
  filters: Filters,
  report: PostureReport,
): Promise<PostureTrend | null> {
  const history = await store.snapshots.list(HISTORY);
  const baseline = pickBaseline(history, current.takenAt);
  if (!baseline) return null;
  const before = await baselineEstate(store, config, baseline);
  return before ? trendOf(report, postureOf(before, filters), baseline) : null;
}

export const postureCommand: Command = {
  name: 'posture',
  description: 'AI posture score and open findings by zone and subscription, trend since last week, worst offenders',
  example: 'posture zone 3',
  match: matchPosture,
  async handle(ctx) {
    if (!ctx.estate || !ctx.vocabulary) {
      return { text: 'I am still discovering your AI estate. Ask again in a minute.' };
    }
    const filters = parseFilters(ctx.args, ctx.vocabulary);
    const report = postureOf(ctx.estate, filters);
    const trend = await trendFor(ctx.store, ctx.config, ctx.estate, filters, report);
    const notes: string[] = [];
    if (filters.criticalOnly)
      notes.push('The score covers every assessment; “critical” applies to open findings (try `findings critical`).');
    const page = clampPage(ctx.page, report.subscriptions.length, POSTURE_SUBSCRIPTIONS_PAGE_SIZE);
    return {
      card: postureCard({
        report,
        trend,
        labels: filters.labels,
        ignored: filters.unrecognized,
        notes,
        scopeArgs: ctx.args,
        page: { query: ctx.text, page, pageSize: POSTURE_SUBSCRIPTIONS_PAGE_SIZE },
        freshness: freshnessOf(ctx),
        timeZone: ctx.config.timeZone,
      }),
    };
  },
};
