// `findings [severity] [scope]`: open findings, most urgent first, with owner, age and SLA countdown.
// Also holds what the other findings questions (overdue, due soon, my findings) share with it.

import { type FindingsCardRow, findingsCard } from '../../cards/findings.js';
import { pageSlice, plural } from '../../cards/parts.js';
import type { EstateFinding } from '../../posture/estate.js';
import {
  criticalReasons,
  FINDINGS_PAGE_SIZE,
  type FindingQuery,
  flattenGroups,
  groupByOwner,
  parseFindingQuery,
  selectFindings,
  severityTotals,
} from '../../posture/findings.js';
import type { Command, CommandContext, Reply } from './types.js';

/** Words people put before a question ("show me", "what is", "list all") that do not change it. */
const LEAD_FILLERS = new Set(
  "what whats what's which is are show me list give get any anything the all please our us see".split(' '),
);

/**
 * Match when, after leading filler words, the text starts with one of the phrases (whole words).
 * Longer phrases should come first. `extraFillers` may skip more words ("findings" before "overdue").
 */
export function questionMatcher(phrases: readonly string[], extraFillers: readonly string[] = []) {
  const fillers = new Set([...LEAD_FILLERS, ...extraFillers]);
  return (text: string): string | null => {
    const words = text.split(' ');
    for (let skip = 0; skip <= words.length; skip++) {
      const rest = words.slice(skip).join(' ');
      for (const p of phrases) {
        if (rest === p) return '';
        if (rest.startsWith(`${p} `)) return rest.slice(p.length + 1).trim();
      }
      if (!fillers.has(words[skip] ?? '')) return null;
    }
    return null;
  };
}

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

export interface ByOwnerQuestion {
  title: string;
  /** "past their zone's SLA" */
  explanation: string;
  /** Group header wording: "overdue", "due soon". */
  groupNoun: string;
  emptyText: string;
  followUps: { title: string; query: string }[];
}

/** overdue / due soon: the selection grouped by owner, "no owner" first, worst group first. */
export function answerByOwner(ctx: CommandContext, sla: 'overdue' | 'due-soon', question: ByOwnerQuestion): Reply {
  if (!ctx.estate || !ctx.vocabulary) return STILL_DISCOVERING;
  const parsed = parseFindingQuery(ctx.args, ctx.estate, ctx.vocabulary);
  const q: FindingQuery = { ...parsed, sla, labels: parsed.labels.filter((l) => l !== 'overdue' && l !== 'due soon') };
  const list = selectFindings(ctx.estate, q, ctx.now);
  const groups = groupByOwner(list);
  const page = clampPage(ctx.page, list.length, FINDINGS_PAGE_SIZE);
  const rows = pageSlice(flattenGroups(groups), page, FINDINGS_PAGE_SIZE).map((row, i) =>
    rowOf(
      row.finding,
      row.firstOfGroup || i === 0
        ? {
            group: {
              owner: row.group.owner,
              count: row.group.findings.length,
              critical: row.group.critical,
              continued: !row.firstOfGroup,
            },
          }
        : {},
    ),
  );
  return {
    card: findingsCard({
      title: question.title,
      summary: [...q.labels, `${plural(list.length, 'finding')} ${question.explanation}`].join(' · '),
      notes: ignoredNotes(q),
      totals: severityTotals(list),
      owners: page === 0 ? groups.map((g) => ({ owner: g.owner, count: g.findings.length, critical: g.critical })) : [],
      groupNoun: question.groupNoun,
      rows,
      emptyText: question.emptyText,
      followUps: question.followUps,
      ...cardBasics(ctx, page, list.length),
    }),
  };
}

const SEVERITY_LEAD = new Set(['high', 'medium', 'low', 'critical']);
const plainFindings = questionMatcher(['open findings', 'findings', 'finding', 'issues']);

/** "findings …", and also "high findings …" / "critical open findings …": the severity words are kept as filters. */
function findingsMatcher(text: string): string | null {
  const direct = plainFindings(text);
  if (direct !== null) return direct;
  const words = text.split(' ');
  let i = 0;
  while (i < words.length && LEAD_FILLERS.has(words[i] as string)) i++;
  const start = i;
  while (i < words.length && SEVERITY_LEAD.has(words[i] as string)) i++;
  if (i === start) return null;
  const rest = plainFindings(words.slice(i).join(' '));
  return rest === null ? null : [...words.slice(start, i), rest].join(' ').trim();
}

export const findingsCommand: Command = {
  name: 'findings',
  description: 'open findings, most urgent first, with owner, age and SLA countdown',
  example: 'findings high',
  match: findingsMatcher,
  async handle(ctx) {
    if (!ctx.estate || !ctx.vocabulary) return STILL_DISCOVERING;
    const q = parseFindingQuery(ctx.args, ctx.estate, ctx.vocabulary);
    const list = selectFindings(ctx.estate, q, ctx.now);
    const page = clampPage(ctx.page, list.length, FINDINGS_PAGE_SIZE);
    const scoped = q.labels.length > 0;
    return {
      card: findingsCard({
        title: q.sla === 'overdue' ? 'Overdue findings' : q.sla === 'due-soon' ? 'Findings due soon' : 'Open findings',
        summary: [...q.labels, plural(list.length, 'open finding')].join(' · '),
        notes: ignoredNotes(q),
        totals: severityTotals(list),
        owners: [],
        groupNoun: '',
        rows: pageSlice(list, page, FINDINGS_PAGE_SIZE).map((f) => rowOf(f)),
        emptyText: scoped
          ? `No open findings match ${q.labels.join(' · ')}. Try \`findings\` for everything.`
          : 'No open findings on your AI resources. Nice.',
        followUps: [
          { title: 'Overdue by owner', query: 'overdue' },
          { title: 'Due soon', query: 'due soon' },
          { title: 'Attack paths', query: 'attack paths' },
        ],
        ...cardBasics(ctx, page, list.length),
      }),
    };
  },
};
