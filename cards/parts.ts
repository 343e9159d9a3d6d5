// Building blocks every answer card shares, so they look, page and follow up alike. Pure.
// Template fragments keep their key order: cards are compared byte for byte.

import type { Severity } from '../posture/model.js';
import { CARD_VERSION } from './render.js';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Verb of the "More" / "Previous" buttons; the bot re-runs the question at the requested page. */
export const PAGE_VERB = 'vigil.page';

/** Small wrapped text tight under the line above, spread into a TextBlock (`...SMALL_TEXT`). */
export const SMALL_TEXT = { size: 'Small', wrap: true, spacing: 'None' } as const;

export interface PageInfo {
  /** The question as the person typed it (normalised), re-run for other pages. */
  query: string;
  /** 0-based page shown. */
  page: number;
  pageSize: number;
  total: number;
}

export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  return items.slice(page * pageSize, (page + 1) * pageSize);
}

/** "Showing 21–40 of 83", or "" when everything fits on one page. */
export function pageLabel(p: PageInfo): string {
  if (p.total <= p.pageSize) return '';
  const from = p.page * p.pageSize + 1;
  const to = Math.min(p.total, (p.page + 1) * p.pageSize);
  return `Showing ${from}–${to} of ${p.total}`;
}

/** A button that asks a question at a page (the page verb re-runs any question). */
function pageButton(title: string, query: string, page: number): object {
  return { type: 'Action.Execute', title, verb: PAGE_VERB, data: { query, page } };
}

/** A button that asks Vigil another question, from its first page. */
export function askButton(title: string, query: string): object {
  return pageButton(title, query, 0);
}

/** Action.Execute buttons for the previous and next pages (none when everything fits). */
export function pagerActions(p: PageInfo): object[] {
  const actions: object[] = [];
  if (p.page > 0) actions.push(pageButton('‹ Previous', p.query, p.page - 1));
  if ((p.page + 1) * p.pageSize < p.total) actions.push(pageButton('More ›', p.query, p.page + 1));
  return actions;
}

/** The small print under every answer: where the data comes from and how fresh it is. */
export function freshnessText(asOf: string, demo: boolean): string {
  return `${demo ? 'Demo tenant · ' : ''}Data as of ${asOf}`;
}

const SEVERITY_COLOR: Record<Severity, string> = { High: 'attention', Medium: 'warning', Low: 'default' };

/** The colour a finding's severity reads in; a critical finding always reads as attention. */
export function severityColor(severity: Severity, critical = false): string {
  return critical ? 'attention' : SEVERITY_COLOR[severity];
}

/** Two-way text for a number: "1 finding", "3 findings". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---- template fragments ------------------------------------------------------------------------

/** A card template: Adaptive Card 1.5 whose buttons come from the data's `actions` unless given. */
export function cardTemplate(body: object[], actions: unknown = '${actions}') {
  return { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: CARD_VERSION, body, actions };
}

/** The card's title, large and bold. */
export function titleBlock(text = '${title}') {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Large', wrap: true };
}

/** The subtle line right under the title. */
export function subtitleBlock(text = '${subtitle}') {
  return { type: 'TextBlock', text, isSubtle: true, wrap: true, spacing: 'None' };
}

/** A small warning line shown when `when` holds: words ignored, a name that was only a near miss. */
export function warningLine(when: string, text: string) {
  return { type: 'TextBlock', $when: when, text, color: 'Warning', size: 'Small', wrap: true, spacing: 'Small' };
}

/** Small subtle print (definitions, legends, "and 3 more", the freshness line); only when `when` holds, if given. */
export function smallPrint(text: string, spacing = 'Small', when?: string) {
  return {
    type: 'TextBlock',
    ...(when ? { $when: when } : {}),
    text,
    isSubtle: true,
    size: 'Small',
    wrap: true,
    spacing,
  };
}

/** A row of two columns: what it is on the left (stretching), a count or badge on the right. */
export function twoColumnRow(main: object[], aside: object[], props: object = {}) {
  return {
    type: 'ColumnSet',
    ...props,
    columns: [
      { type: 'Column', width: 'stretch', items: main },
      { type: 'Column', width: 'auto', items: aside },
    ],
  };
}

/** "Showing 21–40 of 83" under a paged list; binds `hasPageLabel` and `pageLabel` (see pageLabelData). */
export function pageLabelLine(spacing = 'Small') {
  return {
    type: 'TextBlock',
    $when: '${hasPageLabel}',
    text: '${pageLabel}',
    isSubtle: true,
    size: 'Small',
    spacing,
  };
}

/** Where the data comes from and how fresh it is; binds `freshness`. */
export function freshnessLine(spacing = 'Medium') {
  return smallPrint('${freshness}', spacing);
}

/** The head of an answer: title, subtitle and the words of the question Vigil ignored (see ignoredData). */
export const ANSWER_HEADER = [titleBlock(), subtitleBlock(), warningLine('${hasIgnored}', '${ignoredText}')];

/**
 * The head of the list answers (findings, attack paths): title, summary, notes said before the list, and a
 * strip of totals (`totals`: `count`, `label`, `color`) when `hasTotals`.
 */
/** Big counts side by side (`hasTotals`, `totals: [{ count, label, color }]`). */
export const TOTALS_ROW = {
  type: 'ColumnSet',
  $when: '${hasTotals}',
  spacing: 'Medium',
  columns: [
    {
      type: 'Column',
      $data: '${totals}',
      width: 'auto',
      items: [
        { type: 'TextBlock', text: '${count}', size: 'Large', weight: 'Bolder', color: '${color}' },
        { type: 'TextBlock', text: '${label}', isSubtle: true, size: 'Small', spacing: 'None' },
      ],
    },
  ],
};

export const LIST_HEADER = [
  titleBlock(),
  { type: 'TextBlock', text: '${summary}', isSubtle: true, spacing: 'None', wrap: true },
  { type: 'TextBlock', $data: '${notes}', text: '${$data}', color: 'warning', wrap: true, spacing: 'Small' },
  TOTALS_ROW,
];

/** The foot of the list answers: what to say when nothing matched (`isEmpty`, `emptyText`), the page, freshness. */
export const LIST_FOOTER = [
  { type: 'TextBlock', $when: '${isEmpty}', text: '${emptyText}', wrap: true, spacing: 'Medium' },
  pageLabelLine('Medium'),
  freshnessLine('Small'),
];

// ---- the data those fragments bind -------------------------------------------------------------

/** Data for ANSWER_HEADER's ignored line. */
export function ignoredData(ignored: readonly string[]) {
  return { hasIgnored: ignored.length > 0, ignoredText: `I ignored: ${ignored.join('; ')}` };
}

/** Data for pageLabelLine. */
export function pageLabelData(page: PageInfo) {
  const label = pageLabel(page);
  return { hasPageLabel: label !== '', pageLabel: label };
}

// Alert cards (finding, prompt anomaly) share these parts.

/** A warning banner above the card (`hasNotice`, `notice`): e.g. "this card was out of date". */
export const NOTICE_BANNER = {
  type: 'Container',
  $when: '${hasNotice}',
  style: 'warning',
  items: [{ type: 'TextBlock', text: '${notice}', wrap: true, weight: 'Bolder' }],
};

/** The alert's state in one coloured line (`stateLine`, `stateColor`); id `state` for tests and updates. */
export const STATE_LINE = {
  type: 'TextBlock',
  id: 'state',
  text: '${stateLine}',
  color: '${stateColor}',
  weight: 'Bolder',
  wrap: true,
  spacing: 'Medium',
};

/** Label/value facts (`facts: [{ title, value }]`). */
export const FACT_LIST = {
  type: 'FactSet',
  spacing: 'Medium',
  facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }],
};

/** Teams refreshes a card per viewer for at most 60 listed users. */
export const MAX_REFRESH_USERS = 60;

/**
 * A card's `refresh`: everyone listed gets their own view (their buttons); with nobody known,
 * Teams refreshes small chats for everyone.
 */
export function cardRefresh(verb: string, data: Record<string, unknown>, userIds: readonly string[]): object {
  const ids = [...new Set(userIds)].slice(0, MAX_REFRESH_USERS);
  return {
    action: { type: 'Action.Execute', title: 'Refresh', verb, data },
    ...(ids.length > 0 ? { userIds: ids } : {}),
  };
}
