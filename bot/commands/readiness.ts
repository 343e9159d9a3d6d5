// "readiness", "validation checklist": the walkthrough's Validation checklist per subscription, with what
// to do for each item that fails.

import { READINESS_PAGE_SIZE, readinessCard } from '../../cards/readiness.js';
import { parseFilters } from '../../posture/filters.js';
import { readinessOf } from '../../posture/readiness.js';
import { clampPage, freshnessOf } from './shared.js';
import { type Command, startsWith } from './types.js';

export const readinessCommand: Command = {
  name: 'readiness',
  description: "the walkthrough's validation checklist per subscription, with what to do for each gap",
  example: 'readiness',
  match: startsWith(
    'readiness',
    'ai-spm readiness',
    'aispm readiness',
    'readiness check',
    'readiness checklist',
    'validation checklist',
    'validation',
    'validate',
    'checklist',
    'are we ready',
    'setup check',
  ),
  async handle(ctx) {
    if (!ctx.estate || !ctx.vocabulary) {
      return { text: 'I am still discovering your AI estate. Ask again in a minute.' };
    }
    const filters = parseFilters(ctx.args, ctx.vocabulary);
    const routes = await ctx.store.subscriptions.listByTopic('findings');
    const report = readinessOf(
      ctx.estate,
      { zones: ctx.config.zones, policy: ctx.config.zones.policy, findingsRoutes: routes },
      filters,
    );
    const narrowed =
      filters.kinds.length +
      filters.clouds.length +
      filters.resourceGroups.length +
      filters.regions.length +
      filters.owners.length +
      filters.exposure.length +
      filters.severities.length +
      (filters.criticalOnly ? 1 : 0);
    const ignored =
      narrowed > 0
        ? [...filters.unrecognized, 'filters other than subscription and zone (readiness is checked per subscription)']
        : filters.unrecognized;
    const page = clampPage(ctx.page, report.subscriptions.length, READINESS_PAGE_SIZE);
    return {
      card: readinessCard({
        report,
        labels: [
          ...filters.zones.map((z) => `zone ${z}`),
          ...filters.subscriptions.map((id) => ctx.estate?.subscription(id)?.name ?? id),
        ],
        ignored,
        page: { query: ctx.text, page, pageSize: READINESS_PAGE_SIZE },
        freshness: freshnessOf(ctx),
      }),
    };
  },
};
