// SLA countdown reminders: at 50 %, 75 % and 90 % of a finding's SLA, at breach, then once a day while it
// stays breached and unacknowledged. Each threshold once per finding occurrence (the caller keeps the
// ledger of what was sent). Pure and linear in the number of findings.

import { occurrenceKey, unhealthySinceOf } from './alerting.js';
import type { Estate, EstateFinding } from './estate.js';

const DAY = 86_400_000;

/** `50`, `75`, `90`, `breach`, then `breach+1d`, `breach+2d`… */
export type SlaThreshold = string;

export interface SlaSubject {
  /** Identity of the finding occurrence (posture/alerting.ts occurrenceKey). */
  key: string;
  /** When the SLA clock started (the finding became unhealthy). */
  start: Date;
  due: Date;
  /** Someone acknowledged it (no daily reminders after breach then). */
  acknowledged: boolean;
  /** Reminders are held until then (snoozed). */
  snoozedUntil?: Date | null;
}

export interface SlaReminder<S extends SlaSubject = SlaSubject> {
  subject: S;
  threshold: SlaThreshold;
  /** Share of the SLA used, e.g. 0.76 (≥ 1 at and after breach). */
  used: number;
}

/** The highest threshold `s` has reached at `now`, or null before half its SLA. */
export function thresholdReached(s: SlaSubject, now: Date): { threshold: SlaThreshold; used: number } | null {
  const total = s.due.getTime() - s.start.getTime();
  const t = now.getTime();
  const used = total > 0 ? (t - s.start.getTime()) / total : t >= s.due.getTime() ? 1 : 0;
  if (t >= s.due.getTime()) {
    const days = Math.floor((t - s.due.getTime()) / DAY);
    return { threshold: days === 0 || s.acknowledged ? 'breach' : `breach+${days}d`, used };
  }
  if (used >= 0.9) return { threshold: '90', used };
  if (used >= 0.75) return { threshold: '75', used };
  if (used >= 0.5) return { threshold: '50', used };
  return null;
}

/**
 * The reminders due at `now`: for each subject, the highest threshold reached if it was not sent yet
 * (`sent` holds `${key} ${threshold}`). When several thresholds passed between sweeps (downtime), only the
 * highest goes: one reminder that says where the clock is, not a burst of stale ones.
 */
export function dueReminders<S extends SlaSubject>(
  subjects: Iterable<S>,
  sent: ReadonlySet<string>,
  now: Date,
): SlaReminder<S>[] {
  const out: SlaReminder<S>[] = [];
  for (const subject of subjects) {
    if (subject.snoozedUntil && subject.snoozedUntil.getTime() > now.getTime()) continue;
    const reached = thresholdReached(subject, now);
    if (reached === null || sent.has(`${subject.key} ${reached.threshold}`)) continue;
    out.push({ subject, threshold: reached.threshold, used: reached.used });
  }
  return out;
}

export const isBreach = (t: SlaThreshold): boolean => t.startsWith('breach');

/** "75 % of the SLA used", "SLA breached", "breached 2 days ago". */
export function describeThreshold(t: SlaThreshold): string {
  if (t === 'breach') return 'SLA breached';
  const days = /^breach\+(\d+)d$/.exec(t);
  if (days) return `SLA breached ${days[1]} day${days[1] === '1' ? '' : 's'} ago, still unacknowledged`;
  return `${t} % of the SLA used`;
}

/** What Vigil's own record of an occurrence adds (acknowledgement, snooze, settled states). */
export interface TrackedState {
  state: string;
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
}

export interface EstateSlaSubject<T extends TrackedState = TrackedState> extends SlaSubject {
  finding: EstateFinding;
  tracked: T | null;
}

/** Settled occurrences get no reminders: someone judged them (risk accepted, false positive) or they are fixed. */
const SETTLED = new Set(['resolved', 'risk-accepted', 'false-positive']);

/** The open findings of the estate with an SLA clock, joined to Vigil's record of each occurrence. */
export function slaSubjectsOf<T extends TrackedState>(
  estate: Estate,
  trackedByKey: ReadonlyMap<string, T>,
): EstateSlaSubject<T>[] {
  const out: EstateSlaSubject<T>[] = [];
  for (const f of estate.openFindings) {
    if (f.dueAt === null || f.detectedAt === null) continue;
    const key = occurrenceKey(f.finding.id, unhealthySinceOf(f.finding));
    const tracked = trackedByKey.get(key) ?? null;
    if (tracked && SETTLED.has(tracked.state)) continue;
    out.push({
      key,
      start: f.detectedAt,
      due: f.dueAt,
      acknowledged: tracked?.acknowledgedAt != null,
      snoozedUntil: tracked?.snoozedUntil ? new Date(tracked.snoozedUntil) : null,
      finding: f,
      tracked,
    });
  }
  return out;
}
