// Noise control: when a cycle brings a channel more new alerts than it should get cards, one summary card
// says how many, lists the most urgent, and offers "Show all" (the findings question, paged). Pure.

import type { Severity, Zone } from '../posture/model.js';
import { type FindingStatusView, stateLine } from './finding-alert.js';
import { clip } from './findings.js';
import { PAGE_VERB, plural } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

export interface FindingSummaryItem {
  findingId: number;
  title: string;
  resourceName: string;
  severity: Severity;
  critical: boolean;
  zone: Zone;
  owner: string | null;
  dueAt: Date | null;
  status: FindingStatusView;
}

export interface FindingSummaryData {
  /** Every finding the summary stands for, most urgent first. */
  items: FindingSummaryItem[];
  /** The question "Show all" asks, e.g. "findings critical". */
  query: string;
  now: Date;
  timeZone: string;
}

/** Items listed on the card; the rest are behind "Show all". */
export const SUMMARY_TOP = 5;

const SEVERITY_COLOR: Record<Severity, string> = { High: 'attention', Medium: 'warning', Low: 'default' };

const template = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: CARD_VERSION,
  body: [
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      items: [
        { type: 'TextBlock', text: '${heading}', weight: 'Bolder', size: 'Large', wrap: true },
        { type: 'TextBlock', text: '${subtitle}', isSubtle: true, wrap: true, spacing: 'None' },
      ],
    },
    {
      type: 'Container',
      $data: '${items}',
      separator: true,
      spacing: 'Small',
      items: [
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [{ type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true }],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [{ type: 'TextBlock', text: '${badge}', color: '${color}', weight: 'Bolder', wrap: true }],
            },
          ],
        },
        { type: 'TextBlock', text: '${meta}', isSubtle: true, size: 'Small', wrap: true, spacing: 'None' },
        { type: 'TextBlock', text: '${state}', size: 'Small', wrap: true, spacing: 'None' },
      ],
    },
    { type: 'TextBlock', $when: '${hasMore}', text: '${moreText}', isSubtle: true, wrap: true, spacing: 'Medium' },
  ],
  actions: [{ type: 'Action.Execute', title: 'Show all', verb: PAGE_VERB, data: { query: '${query}', page: 0 } }],
};

export function findingSummaryCard(data: FindingSummaryData): AdaptiveCard {
  const { items, now, timeZone } = data;
  const critical = items.filter((i) => i.critical).length;
  const top = items.slice(0, SUMMARY_TOP);
  const more = items.length - top.length;
  return renderCard('finding-summary', template, {
    headerStyle: critical > 0 ? 'attention' : 'default',
    heading: `${plural(items.length, 'new AI finding')}${critical > 0 ? ` · ${critical} critical` : ''}`,
    subtitle:
      'Grouped into one card to keep the channel readable. The most urgent are below; each keeps its own SLA clock.',
    items: top.map((i) => ({
      title: clip(i.title, 200),
      badge: i.critical ? `${i.severity} · critical` : i.severity,
      color: i.critical ? 'attention' : SEVERITY_COLOR[i.severity],
      meta: [
        `#${i.findingId}`,
        clip(i.resourceName, 100),
        `zone ${i.zone}`,
        i.owner ? clip(i.owner, 100) : 'no owner',
      ].join(' · '),
      state: stateLine(i.status, i.dueAt, now, timeZone),
    })),
    hasMore: more > 0,
    moreText: `and ${plural(more, 'more')}: “Show all” lists them with their owners and SLA clocks.`,
    query: clip(data.query, 500),
  });
}
