// The drift card: what changed in one zone's AI estate between two discoveries. Risky changes first, in
// the attention colour; then new, moved and removed resources. Long lists stop at a fixed number of rows
// and point at the zone's inventory. Pure.

import type { DriftChange, ZoneDrift } from '../posture/drift.js';
import { describeChange } from '../posture/drift.js';
import { KIND_LABELS } from '../posture/inventory.js';
import { ZONE_NAMES } from '../posture/policy.js';
import { formatAsOf } from '../posture/text.js';
import { clip } from './findings.js';
import {
  askButton,
  cardTemplate,
  freshnessLine,
  freshnessText,
  plural,
  SMALL_TEXT,
  smallPrint,
  subtitleBlock,
  TOTALS_ROW,
  titleBlock,
  twoColumnRow,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface DriftCardData {
  /** One zone's drift (posture/drift.ts driftByZone). */
  drift: ZoneDrift;
  now: Date;
  timeZone: string;
  demo: boolean;
}

/** Rows listed on the card; the rest are counted, with the zone's inventory one click away. */
export const DRIFT_MAX_ROWS = 12;
/** "Show <resource>" buttons under the card, for the resources of the first rows. */
const MAX_SHOW_BUTTONS = 3;

/** One change: resource and badge, what changed, where; a resource that still exists opens when tapped. */
function rows(list: string) {
  const row = (when: string, props: object) => ({
    type: 'Container',
    $when: when,
    separator: true,
    spacing: 'Small',
    ...props,
    items: [
      twoColumnRow(
        [{ type: 'TextBlock', text: '**${name}**', wrap: true }],
        [
          {
            type: 'TextBlock',
            text: '${badge}',
            color: '${badgeColor}',
            weight: 'Bolder',
            horizontalAlignment: 'Right',
          },
        ],
      ),
      { type: 'TextBlock', text: '${what}', color: '${whatColor}', weight: '${whatWeight}', ...SMALL_TEXT },
      smallPrint('${details}', 'None'),
    ],
  });
  return {
    type: 'Container',
    $data: `\${${list}}`,
    spacing: 'None',
    items: [row('${canShow}', { selectAction: askButton('${showTitle}', '${showQuery}') }), row('${!canShow}', {})],
  };
}

const template = cardTemplate([
  {
    type: 'Container',
    style: '${headerStyle}',
    bleed: true,
    items: [
      { type: 'TextBlock', text: '${badge}', color: '${badgeColor}', weight: 'Bolder', ...SMALL_TEXT },
      titleBlock('${title}'),
      subtitleBlock(),
    ],
  },
  { type: 'TextBlock', $data: '${gaps}', text: '${$data}', color: 'warning', size: 'Small', wrap: true },
  TOTALS_ROW,
  {
    type: 'TextBlock',
    $when: '${hasRisky}',
    text: '${riskyHeading}',
    color: 'attention',
    weight: 'Bolder',
    wrap: true,
    spacing: 'Medium',
  },
  rows('risky'),
  { type: 'TextBlock', $when: '${hasOther}', text: '${otherHeading}', weight: 'Bolder', wrap: true, spacing: 'Medium' },
  rows('other'),
  { type: 'TextBlock', $when: '${isEmpty}', text: '${emptyText}', wrap: true, spacing: 'Medium' },
  { type: 'TextBlock', $when: '${hasMore}', text: '${moreText}', isSubtle: true, wrap: true, spacing: 'Medium' },
  freshnessLine(),
]);

const RISK_COLOR = { high: 'attention', medium: 'warning', low: 'default', info: 'default' } as const;

function badgeOf(c: DriftChange): { badge: string; color: string } {
  switch (c.kind) {
    case 'resource-added':
      return { badge: 'New', color: 'accent' };
    case 'resource-removed':
      return { badge: 'Removed', color: 'default' };
    case 'zone-changed':
      return { badge: 'Moved', color: 'default' };
    default:
      return {
        badge: `${c.risk === 'high' ? 'High' : c.risk === 'medium' ? 'Medium' : 'Low'} risk`,
        color: RISK_COLOR[c.risk],
      };
  }
}

function rowView(c: DriftChange) {
  const r = c.resource;
  const { badge, color } = badgeOf(c);
  const canShow = c.kind !== 'resource-removed';
  return {
    name: clip(r.name, 100),
    what: clip(describeChange(c), 240),
    whatColor: c.risky ? RISK_COLOR[c.risk] : 'default',
    whatWeight: c.risky ? 'Bolder' : 'Default',
    details: clip(
      [
        KIND_LABELS[r.kind],
        r.subscriptionName ?? r.subscriptionId,
        r.resourceGroup,
        r.location,
        r.owner ? `owner ${r.owner}` : 'no owner tag',
      ]
        .filter((s) => s !== '')
        .join(' · '),
      300,
    ),
    badge,
    badgeColor: color,
    canShow,
    // The full id: a name can repeat across resource groups, the id cannot.
    showTitle: clip(`Show ${r.name}`, 80),
    showQuery: `show ${r.id}`,
  };
}

function gapNotes(d: ZoneDrift): string[] {
  const notes: string[] = [];
  const g = d.gaps;
  if (g.removalsHeldBack > 0)
    notes.push(
      `The latest discovery was incomplete: ${plural(g.removalsHeldBack, 'resource')} it did not list ${g.removalsHeldBack === 1 ? 'is' : 'are'} not reported as removed.`,
    );
  if (g.additionsHeldBack > 0)
    notes.push(
      `The previous discovery was incomplete: ${plural(g.additionsHeldBack, 'resource')} it did not list ${g.additionsHeldBack === 1 ? 'is' : 'are'} not reported as new.`,
    );
  if (g.deploymentsUnchecked)
    notes.push('The previous discovery could not list model deployments: new deployments are not reported this time.');
  return notes;
}

export function driftCard(data: DriftCardData): AdaptiveCard {
  const { drift, now, timeZone } = data;
  const zone = drift.zone;
  const risky = drift.changes.filter((c) => c.risky);
  const other = drift.changes.filter((c) => !c.risky);
  const shownRisky = risky.slice(0, DRIFT_MAX_ROWS);
  const shownOther = other.slice(0, DRIFT_MAX_ROWS - shownRisky.length);
  const hiddenRisky = risky.length - shownRisky.length;
  const hidden = drift.changes.length - shownRisky.length - shownOther.length;
  const inventoryQuery = `inventory zone ${zone}`;
  const c = drift.counts;
  const totals = [
    { count: String(c.risky), label: c.risky === 1 ? 'risky change' : 'risky changes', color: 'attention' },
    { count: String(c.added), label: 'new', color: 'accent' },
    { count: String(c.removed), label: 'removed', color: 'default' },
    { count: String(c.moved), label: 'moved in', color: 'default' },
  ].filter((t, i) => i === 0 || t.count !== '0');

  const showButtons: object[] = [];
  const seen = new Set<string>();
  for (const ch of [...shownRisky, ...shownOther]) {
    if (showButtons.length >= MAX_SHOW_BUTTONS) break;
    if (ch.kind === 'resource-removed' || seen.has(ch.resource.id)) continue;
    seen.add(ch.resource.id);
    showButtons.push(askButton(clip(`Show ${ch.resource.name}`, 80), `show ${ch.resource.id}`));
  }

  const before = formatAsOf(new Date(drift.before), timeZone, now);
  return renderCard('drift', template, {
    headerStyle: c.risky > 0 ? 'attention' : 'emphasis',
    badge: `ZONE ${zone} · ${ZONE_NAMES[zone].toUpperCase()} · AI ESTATE DRIFT`,
    badgeColor: c.risky > 0 ? 'attention' : 'accent',
    title: drift.changes.length > 0 ? capitalise(drift.summary) : 'No changes',
    subtitle: `Since the discovery of ${before}`,
    gaps: gapNotes(drift),
    // The title already says it when only one kind of change happened.
    hasTotals: [c.risky, c.added, c.removed, c.moved].filter((x) => x > 0).length > 1,
    totals,
    hasRisky: shownRisky.length > 0,
    riskyHeading: `⚠ Risky changes (${risky.length})`,
    risky: shownRisky.map(rowView),
    hasOther: shownOther.length > 0,
    otherHeading: `Other changes (${other.length})`,
    other: shownOther.map(rowView),
    isEmpty: drift.changes.length === 0,
    emptyText: `Nothing in zone ${zone} changed since the discovery of ${before}.`,
    hasMore: hidden > 0,
    moreText:
      hiddenRisky > 0
        ? `and ${plural(hidden, 'more change')} (${hiddenRisky} of them risky): ask “${inventoryQuery}” for the zone’s resources and their exposure.`
        : `and ${plural(hidden, 'more change')}: ask “${inventoryQuery}” for the zone’s resources.`,
    freshness: freshnessText(formatAsOf(new Date(drift.after), timeZone, now), data.demo),
    actions: [...showButtons, askButton(`Inventory zone ${zone}`, inventoryQuery)],
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
