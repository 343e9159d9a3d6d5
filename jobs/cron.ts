// Reading a schedule: which minutes a cron expression names in a time zone, found without a timer.
// node-cron parses and matches (so what runs live and what catch-up, `jobs list` and the tests compute agree);
// this walks local calendar days and only asks node-cron about the candidate minutes of each day.

import cron, { type ScheduledTask } from 'node-cron';
import { isTimeZone, localTime, zonedInstant } from '../posture/wallclock.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface CronSchedule {
  /** Five-field cron expression. */
  cron: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
}

/** Why an expression or time zone cannot be used, or null when it can. */
export function scheduleProblem(s: CronSchedule): string | null {
  if (!isTimeZone(s.timeZone)) return `unknown time zone "${s.timeZone}"; expected an IANA name such as Europe/Paris`;
  if (s.cron.trim().split(/\s+/).length !== 5) return `"${s.cron}" is not a five-field cron expression`;
  const detail = cron.validateDetailed(s.cron);
  if (!detail.valid) {
    return `invalid cron expression "${s.cron}": ${detail.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
  }
  return null;
}

interface Compiled {
  task: ScheduledTask;
  hours: number[];
  minutes: number[];
}

const compiled = new Map<string, Compiled>();

function compile(s: CronSchedule): Compiled {
  const key = `${s.timeZone} ${s.cron}`;
  let c = compiled.get(key);
  if (!c) {
    const problem = scheduleProblem(s);
    if (problem) throw new Error(problem);
    const fields = cron.parse(s.cron);
    // An unstarted task is node-cron's matcher; it never arms a timer.
    const task = cron.createTask(s.cron, () => undefined, { timezone: s.timeZone });
    c = { task, hours: [...fields.hour].sort((a, b) => a - b), minutes: [...fields.minute].sort((a, b) => a - b) };
    compiled.set(key, c);
  }
  return c;
}

/**
 * The minutes the schedule names in (from, to], oldest first, at most `limit` of them. Each local day
 * contributes its hour × minute candidates, checked by node-cron (day of month, month, weekday, DST).
 */
export function slotsBetween(s: CronSchedule, from: Date, to: Date, limit = 100_000): Date[] {
  const c = compile(s);
  const out: Date[] = [];
  const first = localTime(new Date(from.getTime() + MINUTE), s.timeZone);
  let day = Date.UTC(first.year, first.month - 1, first.day);
  const lastLocal = localTime(to, s.timeZone);
  const lastDay = Date.UTC(lastLocal.year, lastLocal.month - 1, lastLocal.day);
  for (; day <= lastDay && out.length < limit; day += DAY) {
    const d = new Date(day);
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    for (const hour of c.hours) {
      for (const minute of c.minutes) {
        const at = zonedInstant({ ...date, hour, minute }, s.timeZone);
        const t = at.getTime();
        // A wall time skipped by DST maps past the gap; match() then rejects it, as node-cron's timer would.
        if (t <= from.getTime() || t > to.getTime() || !c.task.match(at)) continue;
        if (out.length > 0 && (out[out.length - 1] as Date).getTime() >= t) continue;
        out.push(at);
        if (out.length >= limit) break;
      }
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** The newest slot in (after, upTo], or null. Looks back at most `maxLookbackDays` (default 62). */
export function latestSlot(s: CronSchedule, upTo: Date, after: Date | null, maxLookbackDays = 62): Date | null {
  const floor = Math.max(after?.getTime() ?? Number.NEGATIVE_INFINITY, upTo.getTime() - maxLookbackDays * DAY);
  // Walk back a week at a time so frequent schedules stay cheap and sparse ones are still found.
  for (let end = upTo.getTime(); end > floor; end -= 7 * DAY) {
    const start = Math.max(floor, end - 7 * DAY);
    const slots = slotsBetween(s, new Date(start), new Date(end));
    const last = slots[slots.length - 1];
    if (last) return last;
  }
  return null;
}

/** The next slot after `after`, looking ahead at most `maxDays` (default 400). */
export function nextSlot(s: CronSchedule, after: Date, maxDays = 400): Date | null {
  for (let start = after.getTime(); start < after.getTime() + maxDays * DAY; start += 7 * DAY) {
    const [first] = slotsBetween(s, new Date(start), new Date(start + 7 * DAY), 1);
    if (first) return first;
  }
  return null;
}
