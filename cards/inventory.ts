// The inventory card: how many AI resources, of which kinds, in which clouds and zones, then one page
// of them with what a reader should notice (zone, exposure, owner, open findings).

import type { Count, InventoryRow } from '../posture/inventory.js';
import { PAGE_VERB, type PageInfo, pageLabel, pagerActions, plural } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

export interface InventoryCardData {
  /** What was understood from the question ("zone 3 · Azure OpenAI"). */
  labels: string[];
  /** Words that matched nothing, with hints where there are some. */
  ignored: string[];
  total: number;
  byKind: Count[];
  byCloud: Count[];
  byZone: Count[];
  /** The rows of the page shown. */
  rows: InventoryRow[];
  page: PageInfo;
  freshness: string;
}

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

const header = [
  { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Large', wrap: true },
  { type: 'TextBlock', text: '${subtitle}', isSubtle: true, wrap: true, spacing: 'None' },
  {
    type: 'TextBlock',
    $when: '${hasIgnored}',
    text: '${ignoredText}',
    color: 'Warning',
    size: 'Small',
    wrap: true,
    spacing: 'Small',
  },
];

const footer = {
  type: 'TextBlock',
  text: '${freshness}',
  isSubtle: true,
  size: 'Small',
  wrap: true,
  spacing: 'Medium',
};

const template = {
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: CARD_VERSION,
  body: [
    ...header,
    {
      type: 'FactSet',
      spacing: 'Medium',
      facts: [
        { title: 'Kinds', value: '${kindsText}' },
        { title: 'Clouds', value: '${cloudsText}' },
        { title: 'Zones', value: '${zonesText}' },
      ],
    },
    {
      type: 'Chart.Donut',
      $when: '${showChart}',
      title: 'AI resources by kind',
      data: '${chart}',
      fallback: { type: 'TextBlock', text: '${kindsText}', size: 'Small', isSubtle: true, wrap: true },
    },
    {
      type: 'Container',
      spacing: 'Medium',
      items: [
        {
          type: 'ColumnSet',
          $data: '${rows}',
          separator: true,
          spacing: 'Small',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [
                { type: 'TextBlock', text: '**${name}**', wrap: true },
                { type: 'TextBlock', text: '${details}', isSubtle: true, size: 'Small', wrap: true, spacing: 'None' },
                {
                  type: 'TextBlock',
                  $when: '${hasBadges}',
                  text: '${badges}',
                  color: '${badgeColor}',
                  size: 'Small',
                  wrap: true,
                  spacing: 'None',
                },
              ],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [
                { type: 'TextBlock', text: '${zoneText}', weight: 'Bolder', horizontalAlignment: 'Right' },
                {
                  type: 'TextBlock',
                  text: '${findingsText}',
                  color: '${findingsColor}',
                  size: 'Small',
                  horizontalAlignment: 'Right',
                  spacing: 'None',
                },
              ],
            },
          ],
        },
      ],
    },
    {
      type: 'TextBlock',
      $when: '${hasPageLabel}',
      text: '${pageLabel}',
      isSubtle: true,
      size: 'Small',
      spacing: 'Small',
    },
    footer,
  ],
  actions: '${actions}',
};

const emptyTemplate = {
  type: 'AdaptiveCard',
  $schema: SCHEMA,
  version: CARD_VERSION,
  body: [...header, { type: 'TextBlock', text: '${message}', wrap: true, spacing: 'Medium' }, footer],
  actions: '${actions}',
};

const countsText = (counts: Count[]) => counts.map((c) => `${c.label} ${c.count}`).join(' · ') || 'none';

/** Kinds have at most nine values; a donut with more slices than that would not read anyway. */
const MAX_SLICES = 9;

export function inventoryCard(data: InventoryCardData): AdaptiveCard {
  const scope = data.labels.length > 0 ? data.labels.join(' · ') : 'all AI resources';
  const common = {
    title: 'AI inventory',
    hasIgnored: data.ignored.length > 0,
    ignoredText: `I ignored: ${data.ignored.join('; ')}`,
    freshness: data.freshness,
  };
  if (data.total === 0) {
    return renderCard('inventory', emptyTemplate, {
      ...common,
      subtitle: `${scope} · no match`,
      message:
        data.labels.length > 0
          ? `No AI resource matches ${scope}. Try \`inventory\` alone to see everything, or fewer filters.`
          : 'No AI resources were found in the subscriptions Vigil can read. Check that Defender CSPM is on and that Vigil can read the subscriptions (try `readiness`).',
      actions: data.labels.length > 0 ? [followUp('Everything', 'inventory')] : [followUp('Readiness', 'readiness')],
    });
  }
  const label = pageLabel(data.page);
  return renderCard('inventory', template, {
    ...common,
    subtitle:
      data.labels.length > 0
        ? `${scope} · ${plural(data.total, 'AI resource')}`
        : `All ${plural(data.total, 'AI resource')}`,
    kindsText: countsText(data.byKind),
    cloudsText: countsText(data.byCloud),
    zonesText: countsText(data.byZone),
    // The chart only on the first page: later pages are for reading down the list.
    showChart: data.page.page === 0 && data.byKind.length > 1 && data.byKind.length <= MAX_SLICES,
    chart: data.byKind.map((c) => ({ legend: c.label, value: c.count })),
    rows: data.rows.map((r) => ({
      name: r.name,
      details: [r.kind, r.subscription, r.resourceGroup, r.region, r.owner ? `owner ${r.owner}` : 'no owner tag'].join(
        ' · ',
      ),
      hasBadges: r.badges.length > 0,
      badges: r.badges.join(' · '),
      badgeColor: r.badges.includes('public') || r.badges.includes('local auth on') ? 'Attention' : 'Good',
      zoneText: `Zone ${r.zone}`,
      findingsText: r.openFindings > 0 ? `${r.openFindings} open` : 'no findings',
      findingsColor: r.openFindings > 0 ? 'Attention' : 'Good',
    })),
    hasPageLabel: label !== '',
    pageLabel: label,
    actions: pagerActions(data.page),
  });
}

/** A button that asks Vigil another question (the page verb re-runs any question). */
export function followUp(title: string, query: string): object {
  return { type: 'Action.Execute', title, verb: PAGE_VERB, data: { query, page: 0 } };
}
