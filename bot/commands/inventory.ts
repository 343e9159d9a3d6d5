// "inventory [filters]", "list AI resources", "what AI do we have in payments": the AI resources with
// counts by kind, cloud and zone, then a page of them, most sensitive zone and most findings first.

import { inventoryCard } from '../../cards/inventory.js';
import { pageSlice } from '../../cards/parts.js';
import { parseFilters, type Vocabulary } from '../../posture/filters.js';
import { inventory, inventoryRow } from '../../posture/inventory.js';
import { suggest } from '../../posture/text.js';
import { clampPage, freshnessOf } from './shared.js';
import { type Command, startsWith } from './types.js';

export const INVENTORY_PAGE_SIZE = 12;

/** Phrases that can only mean the inventory. */
const explicit = startsWith('inventory', 'ai inventory', 'show inventory', 'list inventory');
/** Looser phrases ("list …", "what ai …") that other questions could also start with. */
const loose = startsWith(
  'list all ai resources',
  'list ai resources',
  'list all resources',
  'list resources',
  'show ai resources',
  'show all ai resources',
  'all ai resources',
  'ai resources',
  'resources',
  'what ai resources do we have',
  'what ai do we have',
  'what ai',
  'which ai resources',
  'list',
);
/** Words that belong to other questions: "list findings" must not become an inventory. */
const OTHER_QUESTIONS =
  /\b(findings?|recommendations?|attack|paths?|posture|score|overdue|due|readiness|alerts?|commands?|help|roles?|subscriptions|subscribe|unsubscribe|history|status|refresh)\b/;

export function matchInventory(text: string): string | null {
  const args = explicit(text);
  if (args !== null) return args;
  const rest = loose(text);
  if (rest === null || OTHER_QUESTIONS.test(rest)) return null;
  return rest;
}

export const inventoryCommand: Command = {
  name: 'inventory',
  description:
    'AI resources by kind, cloud and zone; filter by kind, cloud, subscription, zone, region, owner, exposure',
  example: 'inventory openai zone 3',
  match: matchInventory,
  async handle(ctx) {
    if (!ctx.estate || !ctx.vocabulary) {
      return { text: 'I am still discovering your AI estate. Ask again in a minute.' };
    }
    const { estate, vocabulary } = ctx;
    const filters = parseFilters(ctx.args, vocabulary);
    const view = inventory(estate, filters);
    const page = clampPage(ctx.page, view.total, INVENTORY_PAGE_SIZE);
    return {
      card: inventoryCard({
        labels: filters.labels,
        ignored: filters.unrecognized.map((w) => withHint(w, vocabulary)),
        total: view.total,
        byKind: view.byKind,
        byCloud: view.byCloud,
        byZone: view.byZone,
        rows: pageSlice(view.resources, page, INVENTORY_PAGE_SIZE).map((r) => inventoryRow(estate, r)),
        page: { query: ctx.text, page, pageSize: INVENTORY_PAGE_SIZE, total: view.total },
        freshness: freshnessOf(ctx),
      }),
    };
  },
};

/** "payemnts (did you mean payments?)": the closest subscription word, region or resource group. */
function withHint(word: string, vocab: Vocabulary): string {
  if (word.includes(' ')) return word;
  const candidates = [
    ...new Set([
      ...vocab.subscriptions.flatMap((s) => s.words.filter((w) => w.length >= 4)),
      ...vocab.regions,
      ...vocab.resourceGroups.keys(),
    ]),
  ];
  const close = suggest(word, candidates, 2);
  return close.length > 0 ? `${word} (did you mean ${close.join(' or ')}?)` : word;
}
