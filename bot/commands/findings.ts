// `findings [severity] [scope]`: open findings, most urgent first, with owner, age and SLA countdown.

import { findingsCard } from '../../cards/findings.js';
import { pageSlice, plural } from '../../cards/parts.js';
import { FINDINGS_PAGE_SIZE, parseFindingQuery, selectFindings, severityTotals } from '../../posture/findings.js';
import { cardBasics, clampPage, ignoredNotes, rowOf, STILL_DISCOVERING } from './shared.js';
import { type Command, LEAD_FILLERS, questionMatcher } from './types.js';

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
