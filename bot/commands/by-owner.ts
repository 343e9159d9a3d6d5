// The findings questions answered by owner (`overdue`, `due soon`): the selection grouped by owner,
// "no owner" first, worst group first, on the findings card.

import { findingsCard } from '../../cards/findings.js';
import { pageSlice, plural } from '../../cards/parts.js';
import {
  FINDINGS_PAGE_SIZE,
  type FindingQuery,
  flattenGroups,
  groupByOwner,
  parseFindingQuery,
  selectFindings,
  severityTotals,
} from '../../posture/findings.js';
import { cardBasics, clampPage, ignoredNotes, rowOf, STILL_DISCOVERING } from './shared.js';
import type { CommandContext, Reply } from './types.js';

export interface ByOwnerQuestion {
  title: string;
  /** "past their zone's SLA" */
  explanation: string;
  /** Group header wording: "overdue", "due soon". */
  groupNoun: string;
  emptyText: string;
  followUps: { title: string; query: string }[];
}

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
