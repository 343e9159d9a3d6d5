// The findings list card, one template for every findings question: `findings`, `overdue`,
// `due soon` and `my findings`. Each row: title, severity (and why it is critical), resource,
// zone, owner (or the lack of one), age, SLA countdown, owner's ETA, a link to Defender. Pure.

import type { EstateFinding } from '../posture/estate.js';
import type { SeverityTotals } from '../posture/findings.js';
import { age, countdown, slaStatus } from '../posture/sla.js';
import {
  askButton,
  cardTemplate,
  freshnessText,
  LIST_FOOTER,
  LIST_HEADER,
  type PageInfo,
  pageLabelData,
  pagerActions,
  plural,
  SMALL_TEXT,
  severityColor,
  twoColumnRow,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface FindingsCardRow {
  finding: EstateFinding;
  /** Why this finding is critical ("High severity", "on an attack path"); empty when it is not. */
  criticalReasons: string[];
  /** Owner group header shown above the row in grouped answers. */
  group?: { owner: string | null; count: number; critical: number; continued: boolean };
  /** A remark for this reader, e.g. "assigned to x; you own the resource". */
  note?: string;
}

/** What every list answer (findings, attack paths) says around its rows: LIST_HEADER and LIST_FOOTER. */
export interface ListCardData {
  title: string;
  /** What was understood and how many matched: "zone 3 · High · 12 open findings". */
  summary: string;
  /** Said to the reader before the list: ignored words, who Vigil matched them to… */
  notes: string[];
  /** Shown instead of rows when nothing matched. */
  emptyText: string;
  page: PageInfo;
  asOf: string;
  demo: boolean;
  /** Other questions worth asking next, as buttons that re-run them. */
  followUps: { title: string; query: string }[];
}

export interface FindingsCardData extends ListCardData {
  totals: SeverityTotals;
  /** Counts per owner for grouped answers (worst first); empty for flat lists. */
  owners: { owner: string | null; count: number; critical: number }[];
  /** How a group header describes its findings: "overdue", "due soon". */
  groupNoun: string;
  /** This page's rows only. */
  rows: FindingsCardRow[];
  now: Date;
  timeZone: string;
}

/** Owners listed in a grouped answer's header; the rest are counted. */
const MAX_OWNERS_LISTED = 8;
/** Portal links run to about 450 characters; a far longer one is not worth the card's size budget. */
const MAX_URL = 700;

const SLA_COLOR = { overdue: 'attention', 'due-soon': 'warning', 'on-track': 'good' } as const;

const template = cardTemplate([
  ...LIST_HEADER,
  {
    type: 'FactSet',
    $when: '${hasOwners}',
    spacing: 'Medium',
    facts: [{ $data: '${owners}', title: '${title}', value: '${value}' }],
  },
  { type: 'TextBlock', $when: '${hasMoreOwners}', text: '${moreOwners}', ...SMALL_TEXT, isSubtle: true },
  {
    type: 'Container',
    $data: '${rows}',
    id: '${rowId}',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'TextBlock',
        $when: '${hasGroup}',
        text: '${groupText}',
        weight: 'Bolder',
        color: '${groupColor}',
        wrap: true,
      },
      twoColumnRow(
        [{ type: 'TextBlock', text: '${title}', weight: 'Bolder', wrap: true }],
        [{ type: 'TextBlock', text: '${severityText}', color: '${severityColor}', weight: 'Bolder', wrap: true }],
      ),
      { type: 'TextBlock', text: '${meta}', isSubtle: true, ...SMALL_TEXT },
      { type: 'TextBlock', text: '${slaText}', color: '${slaColor}', weight: 'Bolder', ...SMALL_TEXT },
      { type: 'TextBlock', text: '${ownerText}', color: '${ownerColor}', ...SMALL_TEXT },
      { type: 'TextBlock', $when: '${hasCritical}', text: '${criticalText}', ...SMALL_TEXT },
      { type: 'TextBlock', $when: '${hasEta}', text: '${etaText}', ...SMALL_TEXT },
      { type: 'TextBlock', $when: '${hasNote}', text: '${note}', isSubtle: true, ...SMALL_TEXT },
      {
        type: 'ActionSet',
        $when: '${hasPortal}',
        spacing: 'Small',
        actions: [{ type: 'Action.OpenUrl', title: 'Open in Defender for Cloud', url: '${portalUri}' }],
      },
    ],
  },
  ...LIST_FOOTER,
]);

export function findingsCard(data: FindingsCardData): AdaptiveCard {
  const t = data.totals;
  const owners = data.owners.slice(0, MAX_OWNERS_LISTED);
  const hiddenOwners = data.owners.length - owners.length;
  return renderCard('findings', template, {
    ...listData(data, data.rows.length),
    hasTotals: t.total > 0,
    totals: [
      { count: String(t.High), label: 'High', color: severityColor('High') },
      { count: String(t.Medium), label: 'Medium', color: severityColor('Medium') },
      { count: String(t.Low), label: 'Low', color: severityColor('Low') },
      { count: String(t.critical), label: 'critical', color: 'attention' },
    ],
    hasOwners: owners.length > 0,
    owners: owners.map((o) => ({
      title: clip(o.owner ?? 'No owner', 120),
      value: o.critical > 0 ? `${o.count} (${o.critical} critical)` : String(o.count),
    })),
    hasMoreOwners: hiddenOwners > 0,
    moreOwners: `and ${plural(hiddenOwners, 'more owner')}`,
    rows: data.rows.map((row, i) => rowView(row, i, data)),
  });
}

/** The data LIST_HEADER's texts and LIST_FOOTER bind, for a page of `shown` rows. */
export function listData(data: ListCardData, shown: number) {
  return {
    title: clip(data.title, 200),
    summary: clip(data.summary, 400),
    notes: data.notes.slice(0, 3).map((n) => clip(n, 400)),
    isEmpty: shown === 0,
    emptyText: data.emptyText,
    ...pageLabelData(data.page),
    freshness: freshnessText(data.asOf, data.demo),
    actions: [...pagerActions(data.page), ...data.followUps.map((f) => askButton(f.title, f.query))],
  };
}

function rowView(row: FindingsCardRow, i: number, data: FindingsCardData) {
  const ef = row.finding;
  const f = ef.finding;
  const { now, timeZone } = data;
  const sla = ef.dueAt ? slaStatus(now, ef.dueAt, ef.slaHours) : null;
  const eta = f.governance?.eta ?? null;
  const portal = portalLink(f.portalUri);
  const g = row.group;
  return {
    rowId: `finding-${i + 1}`,
    hasGroup: g !== undefined,
    groupText: g
      ? `${clip(g.owner ?? 'No owner', 120)} · ${plural(g.count, 'finding')} ${data.groupNoun}` +
        `${g.critical > 0 ? `, ${g.critical} critical` : ''}${g.continued ? ' (continued)' : ''}`
      : '',
    groupColor: g && g.owner === null ? 'attention' : 'accent',
    title: clip(f.displayName, 200),
    severityText: ef.critical ? `${f.severity} · critical` : f.severity,
    severityColor: severityColor(f.severity, ef.critical),
    meta: [
      clip(f.resourceName, 100),
      `zone ${ef.zone}`,
      ef.detectedAt ? `detected ${age(now, ef.detectedAt)} ago` : 'detection date unknown',
    ].join(' · '),
    slaText:
      ef.dueAt && sla
        ? `SLA: ${countdown(now, ef.dueAt)} · due ${formatDate(ef.dueAt, timeZone)}`
        : 'SLA: no clock (Defender did not say when this was detected)',
    slaColor: sla ? SLA_COLOR[sla] : 'default',
    ownerText: ef.owner
      ? `Owner: ${clip(ef.owner.id, 120)}${ef.owner.source === 'resource-tag' ? ' (owner tag)' : ''}`
      : 'No owner: nobody is on the hook for this yet',
    ownerColor: ef.owner ? 'default' : 'attention',
    hasCritical: row.criticalReasons.length > 0,
    criticalText: `Critical because: ${row.criticalReasons.join(', ')}`,
    hasEta: eta !== null,
    etaText: eta
      ? `Owner's ETA: ${formatDate(new Date(eta.eta), timeZone)}${eta.justification ? ` — ${clip(eta.justification, 200)}` : ''}`
      : '',
    hasNote: row.note !== undefined,
    note: clip(row.note ?? '', 300),
    hasPortal: portal !== '',
    portalUri: portal,
  };
}

/** The finding's portal link, when Defender gave one that is https and of a sane length; else "". */
export function portalLink(uri: string | null): string {
  return uri && uri.length <= MAX_URL && /^https:\/\//i.test(uri) ? uri : '';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "23 Nov 2026" in the configured time zone (month names fixed here, not left to the ICU version). */
export function formatDate(d: Date, timeZone: string): string {
  if (Number.isNaN(d.getTime())) return 'unknown date';
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(d)
    .reduce<Record<string, string>>((acc, p) => Object.assign(acc, { [p.type]: p.value }), {});
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}`;
}

/** Cut text that could blow the card's size budget, saying so with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
