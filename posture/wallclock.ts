// Wall-clock time in a named time zone: what a person's clock shows at an instant, and the instant a clock
// time happens. Intl does the DST arithmetic; no clock reads. Pure.

export const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    // RangeError is how Intl says "unknown time zone": that is the answer, not a failure.
    return false;
  }
}

/** "22:00" → 1320; null when it is not HH:MM (00:00–23:59). */
export function parseClockTime(text: string): number | null {
  const m = HHMM.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localTime(at: Date, timeZone: string): LocalTime {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

const MINUTE = 60_000;

/** How far `timeZone` is ahead of UTC at `at`, in ms (whole minutes). */
function offsetMs(at: number, timeZone: string): number {
  const l = localTime(new Date(at), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return asUtc - Math.floor(at / MINUTE) * MINUTE;
}

/**
 * The instant a wall-clock time happens in `timeZone`. A time that happens twice (clocks go back) is the
 * first; one that never happens (clocks go forward) is moved forward by the gap, as Temporal's "compatible".
 */
export function zonedInstant(local: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offset can only be one of the offsets in force a day either side.
  const candidates = [...new Set([offsetMs(wall - 86_400_000, timeZone), offsetMs(wall + 86_400_000, timeZone)])]
    .map((off) => wall - off)
    .filter((t) => offsetMs(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // In the gap: the offset before the change maps the wall time to just after it.
  return new Date(wall - offsetMs(wall - 86_400_000, timeZone));
}

const stampFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Tue 25 Nov, 14:00 CET": how a due date reads for someone in `timeZone` (DST-aware abbreviation). */
export function formatLocal(at: Date, timeZone: string): string {
  let fmt = stampFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    stampFormatters.set(timeZone, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = part.value;
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}
