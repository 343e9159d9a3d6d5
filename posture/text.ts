// Small text helpers shared by commands and cards. Pure.

/** "10:42 UTC" when `at` is on the same day as `now`, else "21 Nov 10:42 UTC", in the given time zone. */
export function formatAsOf(at: Date, timeZone: string, now: Date): string {
  const day = (d: Date) => d.toLocaleDateString('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const time = at.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return day(at) === day(now) ? time : `${day(at)} ${time}`;
}

/** Lower-case, drop punctuation that people type around commands, collapse spaces. */
export function normalizeInput(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/[“”"'`!?.,;:()]+(?=\s|$)/g, ' ')
    .replace(/^[\s/@#]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Edit distance when it is at most `max`, else max + 1: only the diagonal band can stay within `max`,
 * and a row whose best cell already exceeds it ends the search (thousands of names per typo).
 */
export function boundedDistance(a: string, b: string, max: number, scratch?: Int32Array): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = a.length + 1;
  const rows = scratch && scratch.length >= width * 2 ? scratch : new Int32Array(width * 2);
  const far = max + 1;
  let prev = 0;
  let cur = width;
  for (let i = 0; i <= a.length; i++) rows[prev + i] = i <= max ? i : far;
  for (let j = 1; j <= b.length; j++) {
    const from = Math.max(1, j - max);
    const to = Math.min(a.length, j + max);
    rows[cur] = j <= max ? j : far;
    if (from > 1) rows[cur + from - 1] = far;
    let best = rows[cur] as number;
    for (let i = from; i <= to; i++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(
        (rows[prev + i - 1] as number) + cost,
        (rows[prev + i] as number) + 1,
        (rows[cur + i - 1] as number) + 1,
      );
      rows[cur + i] = v > far ? far : v;
      if (v < best) best = v;
    }
    if (to < a.length) rows[cur + to + 1] = far;
    if (best > max) return far;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = rows[prev + a.length] as number;
  return d > max ? far : d;
}

/** Up to `limit` candidates close to the input, closest first. */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  const first = input.split(' ').slice(0, 2).join(' ');
  return candidates
    .map((c) => {
      const head = first.slice(0, Math.max(c.length, first.split(' ')[0]?.length ?? 0));
      const max = Math.max(2, Math.floor(c.length / 3));
      return { c, max, d: Math.min(boundedDistance(first, c, max), boundedDistance(head, c, max)) };
    })
    .filter(({ max, d }) => d <= max)
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map(({ c }) => c);
}
