// "show <resource>": one AI resource's bill of materials, found by full id, name, part of a name or a
// near miss. Several candidates → a choice card; nothing → "did you mean".

import { CHOICE_PAGE_SIZE, choiceCard, notFoundCard } from '../../cards/choice.js';
import { pageSlice } from '../../cards/parts.js';
import { resourceCard } from '../../cards/resource.js';
import { bomView, findResource, KIND_LABELS, subscriptionShortName } from '../../posture/inventory.js';
import { clampPage, freshnessOf } from './shared.js';
import { type Command, startsWith } from './types.js';

const verbs = startsWith(
  'show',
  'describe',
  'details of',
  'details for',
  'details',
  'ai bom of',
  'ai bom for',
  'ai bom',
  'ai-bom',
  'bom of',
  'bom for',
  'bom',
  'tell me about',
);
/** Filler between the verb and the name: "show me the resource oai-…". */
const FILLER = /^(?:(?:me|the|resource|ai resource|bom of|bom for|ai bom of|ai bom for|details of|details for)\s+)+/;

export function matchShow(text: string): string | null {
  const args = verbs(text);
  return args === null ? null : args.replace(FILLER, '').trim();
}

export const showCommand: Command = {
  name: 'show',
  description: "one AI resource's bill of materials: models, data stores, exposure, findings with SLA countdowns",
  example: 'show oai-claims-prod-weu',
  match: matchShow,
  async handle(ctx) {
    if (!ctx.args)
      return { text: 'Which AI resource? For example `show oai-claims-prod-weu`, or ask `inventory` for the list.' };
    if (!ctx.estate) return { text: 'I am still discovering your AI estate. Ask again in a minute.' };
    const estate = ctx.estate;
    const freshness = freshnessOf(ctx);
    const found = findResource(estate, ctx.args);
    if (found.kind === 'found') {
      return {
        card: resourceCard({ bom: bomView(estate, found.resource, ctx.now), closestTo: found.closestTo, freshness }),
      };
    }
    if (found.kind === 'none') {
      return { card: notFoundCard({ query: ctx.args, suggestions: found.suggestions, freshness }) };
    }
    const total = found.matches.length;
    const page = clampPage(ctx.page, total, CHOICE_PAGE_SIZE);
    return {
      card: choiceCard({
        query: ctx.args,
        options: pageSlice(found.matches, page, CHOICE_PAGE_SIZE).map((r) => ({
          id: r.resource.id,
          name: r.resource.name,
          kind: KIND_LABELS[r.resource.kind],
          subscription: subscriptionShortName(estate, r),
          resourceGroup: r.resource.resourceGroup,
          region: r.resource.location,
          zone: r.placement.zone,
        })),
        page: { query: ctx.text, page, pageSize: CHOICE_PAGE_SIZE, total },
        freshness,
      }),
    };
  },
};
