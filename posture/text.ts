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

/** Edit distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** Up to `limit` candidates close to the input, closest first. */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  const first = input.split(' ').slice(0, 2).join(' ');
  return candidates
    .map((c) => {
      const head = first.slice(0, Math.max(c.length, first.split(' ')[0]?.length ?? 0));
      return { c, d: Math.min(editDistance(first, c), editDistance(head, c)) };
    })
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map(({ c }) => c);
}
