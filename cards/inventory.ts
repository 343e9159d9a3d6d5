// The inventory card: how many AI resources, of which kinds, in which clouds and zones, then one page
// of them with what a reader should notice (zone, exposure, owner, open findings).

import type { Count, InventoryRow } from '../posture/inventory.js';
import {
  ANSWER_HEADER,
  askButton,
  cardTemplate,
  freshnessLine,
  ignoredData,
  type PageInfo,
  pageLabelData,
  pageLabelLine,
  pagerActions,
  plural,
  smallPrint,
  twoColumnRow,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

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

const template = cardTemplate([
  ...ANSWER_HEADER,
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
      twoColumnRow(
        [
          { type: 'TextBlock', text: '**${name}**', wrap: true },
          smallPrint('${details}', 'None'),
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
        [
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
        { $data: '${rows}', separator: true, spacing: 'Small' },
      ),
    ],
  },
  pageLabelLine(),
  freshnessLine(),
]);

const emptyTemplate = cardTemplate([
  ...ANSWER_HEADER,
  { type: 'TextBlock', text: '${message}', wrap: true, spacing: 'Medium' },
  freshnessLine(),
]);

const countsText = (counts: Count[]) => counts.map((c) => `${c.label} ${c.count}`).join(' · ') || 'none';

/** Kinds have at most nine values; a donut with more slices than that would not read anyway. */
const MAX_SLICES = 9;

export function inventoryCard(data: InventoryCardData): AdaptiveCard {
  const scope = data.labels.length > 0 ? data.labels.join(' · ') : 'all AI resources';
  const common = {
    title: 'AI inventory',
    ...ignoredData(data.ignored),
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
      actions: data.labels.length > 0 ? [askButton('Everything', 'inventory')] : [askButton('Readiness', 'readiness')],
    });
  }
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
    ...pageLabelData(data.page),
    actions: pagerActions(data.page),
  });
}
