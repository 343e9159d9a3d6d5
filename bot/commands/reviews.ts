// `reviews [zone N] [attack paths|recommendations]`: the review history — who marked each review reviewed and
// when, and which were missed — the evidence an auditor asks for.

import { slotsBetween } from '../../jobs/cron.js';
import { REVIEW_KINDS, reviewJobName } from '../../jobs/names.js';
import type { Zone } from '../../posture/model.js';
import { ZONE_NAMES } from '../../posture/policy.js';
import { REVIEW_TITLES, type ReviewKind, reviewStatus } from '../../posture/reviews.js';
import { formatLocal } from '../../posture/wallclock.js';
import type { ReviewRecord } from '../../store/index.js';
import { type Command, type CommandContext, questionMatcher } from './types.js';

const SHOWN = 15;
const STATUS_WORDS = {
  reviewed: '✔ reviewed',
  'reviewed-late': '✔ reviewed late',
  open: '… open',
  missed: '✘ missed',
};

export const reviewsCommand: Command = {
  name: 'reviews',
  description: 'review history per zone: who reviewed what and when, and missed reviews',
  example: 'reviews zone 3',
  match: questionMatcher(['reviews', 'review history', 'review']),
  async handle(ctx) {
    const zone = /\b(?:zone\s*|z)([123])\b/.exec(ctx.args)?.[1];
    const kind: ReviewKind | undefined = /attack|path/.test(ctx.args)
      ? 'attack-paths'
      : /recommend/.test(ctx.args)
        ? 'recommendations'
        : undefined;
    const leftover = ctx.args
      .replace(/\b(?:zone\s*|z)[123]\b/, '')
      .replace(/attack[- ]?paths?|recommendations?|paths?/g, '')
      .trim();
    if (leftover !== '') {
      return {
        text: `I did not understand "${leftover}". Say \`reviews [zone 1|2|3] [attack paths|recommendations]\`.`,
      };
    }
    const reviews = await ctx.store.reviews.list({ kind, zone: zone ? Number(zone) : undefined, limit: 200 });
    if (reviews.length === 0) {
      return {
        text: 'No review has been posted yet. Reviews follow each zone’s cadence (`jobs` shows when); `subscribe reviews zone N` in a channel chooses where they go.',
      };
    }
    const tz = ctx.config.timeZone;
    const rows: Row[] = reviews.map((r) => ({
      slot: r.slot,
      zone: r.zone,
      kind: r.kind as ReviewKind,
      status: STATUS_WORDS[reviewStatus(r, ctx.now)],
      missed: reviewStatus(r, ctx.now) === 'missed',
      who:
        r.reviewedAt !== null
          ? ` by ${r.reviewedByName ?? r.reviewedBy}, ${formatLocal(new Date(r.reviewedAt), tz)}`
          : '',
    }));
    rows.push(...notPosted(ctx, reviews));
    rows.sort((a, b) => (a.slot < b.slot ? 1 : a.slot > b.slot ? -1 : a.zone - b.zone));
    const missed = rows.filter((r) => r.missed).length;
    const lines = rows
      .slice(0, SHOWN)
      .map(
        (r) =>
          `- ${formatLocal(new Date(r.slot), tz)} · zone ${r.zone} (${ZONE_NAMES[r.zone as Zone]}) · ${REVIEW_TITLES[r.kind]} — ${r.status}${r.who}`,
      );
    const more = rows.length - SHOWN;
    const scope = [zone ? `zone ${zone}` : 'all zones', kind ? REVIEW_TITLES[kind].toLowerCase() + 's' : null]
      .filter(Boolean)
      .join(', ');
    return {
      text: `Reviews (${scope}): ${reviews.length} posted, ${missed} missed.\n\n${lines.join('\n')}${more > 0 ? `\n\nand ${more} older — narrow with \`reviews zone N\`.` : ''}`,
    };
  },
};

interface Row {
  slot: string;
  zone: number;
  kind: ReviewKind;
  status: string;
  missed: boolean;
  who: string;
}

/**
 * Scheduled reviews that were never posted (Vigil was down past more than one slot: catch-up runs only the
 * latest), from the first posted review of each kind and zone until now, against the current schedule.
 */
function notPosted(ctx: CommandContext, posted: readonly ReviewRecord[]): Row[] {
  if (!ctx.jobs) return [];
  const out: Row[] = [];
  for (const kind of REVIEW_KINDS) {
    for (const zone of [1, 2, 3] as Zone[]) {
      const mine = posted.filter((r) => r.kind === kind && r.zone === zone);
      const first = mine[mine.length - 1];
      const entry = ctx.jobs.catalog.find((e) => e.job.name === reviewJobName(kind, zone));
      if (!first || !entry) continue;
      const have = new Set(mine.map((r) => r.slot));
      for (const slot of slotsBetween(entry, new Date(new Date(first.slot).getTime() - 1), ctx.now)) {
        if (have.has(slot.toISOString())) continue;
        out.push({
          slot: slot.toISOString(),
          zone,
          kind,
          status: '✘ not posted (Vigil was down)',
          missed: true,
          who: '',
        });
      }
    }
  }
  return out;
}
