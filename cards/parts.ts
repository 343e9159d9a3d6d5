// Building blocks every answer card shares, so they look and page alike. Pure.

/** Verb of the "More" / "Previous" buttons; the bot re-runs the question at the requested page. */
export const PAGE_VERB = 'vigil.page';

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

/** Action.Execute buttons for the previous and next pages (none when everything fits). */
export function pagerActions(p: PageInfo): object[] {
  const actions: object[] = [];
  if (p.page > 0) {
    actions.push({
      type: 'Action.Execute',
      title: '‹ Previous',
      verb: PAGE_VERB,
      data: { query: p.query, page: p.page - 1 },
    });
  }
  if ((p.page + 1) * p.pageSize < p.total) {
    actions.push({
      type: 'Action.Execute',
      title: 'More ›',
      verb: PAGE_VERB,
      data: { query: p.query, page: p.page + 1 },
    });
  }
  return actions;
}

/** The small print under every answer: where the data comes from and how fresh it is. */
export function freshnessText(asOf: string, demo: boolean): string {
  return `${demo ? 'Demo tenant · ' : ''}Data as of ${asOf}`;
}

/** Two-way text for a number: "1 finding", "3 findings". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
