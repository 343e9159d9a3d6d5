// Noise control: when a cycle brings a channel more new alerts than it should get cards, one summary card
// says how many, lists the most urgent, and offers "Show all" (the findings question, paged). Pure.

import type { Severity, Zone } from '../posture/model.js';
import { type FindingStatusView, stateLine } from './finding-alert.js';
import { clip } from './findings.js';
import {
  askButton,
  cardTemplate,
  plural,
  severityColor,
  smallPrint,
  subtitleBlock,
  titleBlock,
  twoColumnRow,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

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

const template = cardTemplate(
  [
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      items: [titleBlock('${heading}'), subtitleBlock()],
    },
    {
      type: 'Container',
      $data: '${items}',
      separator: true,
      spacing: 'Small',
      items: [
        twoColumnRow(
          [{ type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true }],
          [{ type: 'TextBlock', text: '${badge}', color: '${color}', weight: 'Bolder', wrap: true }],
        ),
        smallPrint('${meta}', 'None'),
        { type: 'TextBlock', text: '${state}', size: 'Small', wrap: true, spacing: 'None' },
      ],
    },
    { type: 'TextBlock', $when: '${hasMore}', text: '${moreText}', isSubtle: true, wrap: true, spacing: 'Medium' },
  ],
  [askButton('Show all', '${query}')],
);

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
      color: severityColor(i.severity, i.critical),
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
