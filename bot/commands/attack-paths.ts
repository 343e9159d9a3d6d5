// `attack paths [scope]`: attack paths that reach AI resources, highest risk first, with entry point
// → target, the steps between, the AI resources involved and how to break the path.

import { attackPathsCard } from '../../cards/attack-paths.js';
import { pageSlice, plural } from '../../cards/parts.js';
import { ATTACK_PATHS_PAGE_SIZE, riskTotals, selectAttackPaths } from '../../posture/attack-paths.js';
import { parseFindingQuery } from '../../posture/findings.js';
import { clampPage, ignoredNotes, STILL_DISCOVERING } from './shared.js';
import { type Command, questionMatcher } from './types.js';

/** Words people add around the question ("attack paths that reach openai in zone 3"). */
const PATH_FILLER = /(?<= )(?:that|which|reach(?:es|ing)?|to|into|paths?)(?= )/g;

export const attackPathsCommand: Command = {
  name: 'attack paths',
  description: 'attack paths that reach AI resources: risk, entry point → target, steps',
  example: 'attack paths critical',
  match: questionMatcher(['attack paths', 'attack path', 'attack-paths', 'attackpaths', 'paths']),
  async handle(ctx) {
    if (!ctx.estate || !ctx.vocabulary) return STILL_DISCOVERING;
    const args = ` ${ctx.args} `.replace(PATH_FILLER, ' ').trim();
    const q = parseFindingQuery(args, ctx.estate, ctx.vocabulary);
    const list = selectAttackPaths(ctx.estate, q.filters, q.resourceIds);
    const page = clampPage(ctx.page, list.length, ATTACK_PATHS_PAGE_SIZE);
    // Severity words mean risk levels here.
    const labels = q.labels.map((l) =>
      l === 'critical' ? 'Critical risk' : /^(High|Medium|Low)$/.test(l) ? `${l} risk` : l,
    );
    return {
      card: attackPathsCard({
        title: 'Attack paths to AI resources',
        summary: [
          ...labels,
          `${plural(list.length, 'attack path')} ${list.length === 1 ? 'reaches' : 'reach'} AI resources`,
        ].join(' · '),
        notes: ignoredNotes(q),
        totals: riskTotals(list),
        paths: pageSlice(list, page, ATTACK_PATHS_PAGE_SIZE),
        emptyText:
          labels.length > 0
            ? `No attack path reaches AI resources matching ${labels.join(' · ')}. Try \`attack paths\` for all of them.`
            : 'Defender for Cloud reports no attack path that reaches your AI resources.',
        page: { query: ctx.text, page, pageSize: ATTACK_PATHS_PAGE_SIZE, total: list.length },
        asOf: ctx.asOf,
        demo: ctx.config.mode === 'demo',
        followUps: [
          { title: 'Critical findings', query: 'findings critical' },
          { title: 'Overdue by owner', query: 'overdue' },
        ],
      }),
    };
  },
};
