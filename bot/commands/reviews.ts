// `reviews [zone N] [attack paths|recommendations]`: the review history — who marked each review reviewed and
// when, and which were missed — the evidence an auditor asks for.

import { ZONE_NAMES } from '../../posture/policy.js';
import { REVIEW_TITLES, type ReviewKind, reviewStatus } from '../../posture/reviews.js';
import { formatLocal } from '../../posture/wallclock.js';
import { type Command, questionMatcher } from './types.js';

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
    const missed = reviews.filter((r) => reviewStatus(r, ctx.now) === 'missed').length;
    const lines = reviews.slice(0, SHOWN).map((r) => {
      const status = reviewStatus(r, ctx.now);
      const who =
        r.reviewedAt !== null
          ? ` by ${r.reviewedByName ?? r.reviewedBy}, ${formatLocal(new Date(r.reviewedAt), tz)}`
          : '';
      return `- ${formatLocal(new Date(r.slot), tz)} · zone ${r.zone} (${ZONE_NAMES[r.zone as 1 | 2 | 3]}) · ${REVIEW_TITLES[r.kind as ReviewKind]} — ${STATUS_WORDS[status]}${who}`;
    });
    const more = reviews.length - SHOWN;
    const scope = [zone ? `zone ${zone}` : 'all zones', kind ? REVIEW_TITLES[kind].toLowerCase() + 's' : null]
      .filter(Boolean)
      .join(', ');
    return {
      text: `Reviews (${scope}): ${reviews.length} posted, ${missed} missed.\n\n${lines.join('\n')}${more > 0 ? `\n\nand ${more} older — narrow with \`reviews zone N\`.` : ''}`,
    };
  },
};
