// "recommendations [scope]", "recommendations for <resource>": the AI recommendations that apply, how many
// resources fail each and how to fix them; for one resource, the ones it fails.

import { RECOMMENDATIONS_PAGE_SIZE, recommendationsCard } from '../../cards/recommendations.js';
import type { Estate, EstateResource } from '../../posture/estate.js';
import { type Filters, parseFilters, resourceMatches, type Vocabulary } from '../../posture/filters.js';
import { KIND_LABELS } from '../../posture/inventory.js';
import {
  type RecommendationRow,
  recommendationsOf,
  resourceSelector,
  scopeSelector,
  suggestResourceNames,
} from '../../posture/recommendations.js';
import { clampPage, freshnessOf } from './shared.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

const match = startsWith(
  'recommendations',
  'recommendation',
  'recs',
  'ai recommendations',
  'security recommendations',
  'show recommendations',
  'list recommendations',
  'what should we fix',
  'what should i fix',
  'how to fix',
  'how do we fix',
  'fixes',
);

type Target =
  | { kind: 'scope'; filters: Filters }
  | { kind: 'resource'; resource: EstateResource }
  | { kind: 'ambiguous'; name: string; matches: EstateResource[] }
  | { kind: 'unknown'; name: string; suggestions: string[] };

/**
 * "for <name> [filters]" or "<name> [filters]" names a resource (the filters narrow repeated names, e.g.
 * "rg rg-claims"); anything else is a scope ("zone 3 openai"). "for zone 3" is a scope too.
 */
export function targetOf(args: string, estate: Estate, vocab: Vocabulary): Target {
  const explicitFor = args === 'for' || args.startsWith('for ');
  const rest = explicitFor ? args.slice(3).trim() : args;
  const [first = '', ...others] = rest.split(' ');
  const named = first ? estate.resourcesNamed(first) : [];
  if (named.length > 0) {
    const narrow = parseFilters(others.join(' '), vocab);
    const matches = named.filter((r) => resourceMatches(r, narrow));
    if (matches.length === 1 && matches[0]) return { kind: 'resource', resource: matches[0] };
    return { kind: 'ambiguous', name: named[0]?.resource.name ?? first, matches: matches.length > 0 ? matches : named };
  }
  if (explicitFor) {
    const filters = parseFilters(rest, vocab);
    if (filters.labels.length > 0 && filters.unrecognized.length === 0) return { kind: 'scope', filters };
    return { kind: 'unknown', name: rest || '(nothing)', suggestions: suggestResourceNames(estate, first) };
  }
  const filters = parseFilters(rest, vocab);
  // "recommendations oai-claims-prod-wue": a near miss of a resource name, not a scope word.
  if (first && filters.unrecognized.includes(first)) {
    const suggestions = suggestResourceNames(estate, first);
    if (suggestions.length > 0) return { kind: 'unknown', name: first, suggestions };
  }
  return { kind: 'scope', filters };
}

/** Recommendations assessed somewhere in scope (not only exempt or not applicable). */
const applicable = (rows: RecommendationRow[]) => rows.filter((r) => r.assessed > 0);

function resourceReply(ctx: CommandContext, estate: Estate, r: EstateResource): Reply {
  const all = recommendationsOf(estate, resourceSelector(r)).rows;
  const failing = all.filter((x) => x.failing > 0);
  const passing = all.filter((x) => x.failing === 0 && x.assessed > 0).length;
  const excluded = all.filter((x) => x.assessed === 0).length;
  const res = r.resource;
  const details = [
    KIND_LABELS[res.kind],
    r.subscription?.name ?? res.subscriptionId,
    res.resourceGroup,
    `zone ${r.placement.zone}`,
  ].join(' · ');
  const summary =
    all.length === 0
      ? `Defender has not assessed ${res.name} against any AI recommendation yet.`
      : `${failing.length === 0 ? 'Fails none' : `Fails ${failing.length}`} of the ${all.length} AI recommendations assessed on it · ${passing} pass${excluded > 0 ? ` · ${excluded} exempt or not applicable` : ''}.`;
  return {
    card: recommendationsCard({
      rows: failing,
      resource: { name: res.name, details },
      summary,
      labels: [],
      ignored: [],
      page: pageOf(ctx, failing.length),
      freshness: freshnessOf(ctx),
    }),
  };
}

function pageOf(ctx: CommandContext, total: number) {
  return {
    query: ctx.text,
    page: clampPage(ctx.page, total, RECOMMENDATIONS_PAGE_SIZE),
    pageSize: RECOMMENDATIONS_PAGE_SIZE,
  };
}

export const recommendationsCommand: Command = {
  name: 'recommendations',
  description: 'the AI recommendations that apply, how many resources fail each, and how to fix them',
  example: 'recommendations for oai-claims-prod-weu',
  match,
  async handle(ctx) {
    const estate = ctx.estate;
    if (!estate || !ctx.vocabulary) {
      return { text: 'I am still discovering your AI estate. Ask again in a minute.' };
    }
    const target = targetOf(ctx.args, estate, ctx.vocabulary);
    switch (target.kind) {
      case 'unknown': {
        const hint =
          target.suggestions.length > 0
            ? ` Did you mean ${target.suggestions.map((s) => `\`recommendations for ${s}\``).join(' or ')}?`
            : ' Try `inventory` to see the AI resources I know.';
        return { text: `I don't know an AI resource called "${target.name}".${hint}` };
      }
      case 'ambiguous': {
        const list = target.matches
          .slice(0, 5)
          .map(
            (r) =>
              `${r.resource.name} in ${r.resource.resourceGroup} (${r.subscription?.name ?? r.resource.subscriptionId})`,
          )
          .join('; ');
        const rg = target.matches[0]?.resource.resourceGroup ?? '<resource group>';
        return {
          text: `${target.matches.length} AI resources are called ${target.name}: ${list}. Name the resource group, e.g. \`recommendations for ${target.name} rg ${rg.toLowerCase()}\`.`,
        };
      }
      case 'resource':
        return resourceReply(ctx, estate, target.resource);
      case 'scope': {
        const { filters } = target;
        const view = recommendationsOf(estate, scopeSelector(filters));
        const rows = applicable(view.rows);
        const excluded = view.rows.length - rows.length;
        const { open, failingResources } = view;
        const failingRecs = rows.filter((r) => r.failing > 0).length;
        const summary =
          rows.length === 0
            ? 'No AI recommendation has been assessed in this scope.'
            : `${failingRecs} of ${rows.length} recommendations have failing resources · ${open} open findings on ${failingResources} resources${excluded > 0 ? ` · ${excluded} exempt or not applicable everywhere` : ''}. Most to fix first (failing × severity).`;
        const notes = filters.criticalOnly ? ['critical (recommendations count every failing resource)'] : [];
        return {
          card: recommendationsCard({
            rows,
            resource: null,
            summary,
            labels: filters.labels,
            ignored: [...filters.unrecognized, ...notes],
            page: pageOf(ctx, rows.length),
            freshness: freshnessOf(ctx),
          }),
        };
      }
    }
  },
};
