// What several commands say and compute alike: the answer before the first discovery, ignored words,
// paging, the freshness line, and the parts of a findings card that come from the turn itself.

import type { FindingsCardRow } from '../../cards/findings.js';
import { freshnessText } from '../../cards/parts.js';
import type { EstateFinding } from '../../posture/estate.js';
import { criticalReasons, FINDINGS_PAGE_SIZE, type FindingQuery } from '../../posture/findings.js';
import type { CommandContext, Reply } from './types.js';

export const STILL_DISCOVERING: Reply = {
  text: "I'm still discovering your AI estate (the first scan takes a moment). Ask me again in a minute.",
};

/** What the person typed that Vigil did not understand, said back rather than dropped. */
export function ignoredNotes(q: Pick<FindingQuery, 'filters'>): string[] {
  return q.filters.unrecognized.length > 0
    ? [
        `I ignored: ${q.filters.unrecognized.join(', ')}. I understand severities (high, medium, low, critical), zone 1–3, a subscription, kind (openai, foundry, ml, bedrock…), owner (e.g. owner dana) and resource names.`,
      ]
    : [];
}

/** The page to show: the one asked for, or the last one when the list has since shrunk. */
export function clampPage(page: number, total: number, pageSize: number): number {
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return Math.min(Math.max(0, page), last);
}

/** The small print under an answer: where the data comes from and how fresh it is. */
export function freshnessOf(ctx: CommandContext): string {
  return freshnessText(ctx.asOf, ctx.config.mode === 'demo');
}

export const rowOf = (f: EstateFinding, extra: Partial<FindingsCardRow> = {}): FindingsCardRow => ({
  finding: f,
  criticalReasons: criticalReasons(f),
  ...extra,
});

/** Everything a findings card needs from the turn itself. */
export function cardBasics(ctx: CommandContext, page: number, total: number) {
  return {
    page: { query: ctx.text, page, pageSize: FINDINGS_PAGE_SIZE, total },
    now: ctx.now,
    timeZone: ctx.config.timeZone,
    asOf: ctx.asOf,
    demo: ctx.config.mode === 'demo',
  };
}
