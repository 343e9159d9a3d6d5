// The SLA clock: when a finding is due, how much time is left, and how to say it. Pure.

import type { Finding, RiskLevel, Severity, Zone } from './model.js';
import type { GovernancePolicy } from './policy.js';

/** What makes a finding "critical" in Vigil. Configurable; the default is REFERENCE.md's rule. */
export interface CriticalRule {
  severities: readonly Severity[];
  riskLevels: readonly RiskLevel[];
  onAttackPath: boolean;
}

export const DEFAULT_CRITICAL_RULE: CriticalRule = {
  severities: ['High'],
  riskLevels: ['Critical', 'High'],
  onAttackPath: true,
};

export function isCritical(f: Finding, onAttackPath: boolean, rule: CriticalRule = DEFAULT_CRITICAL_RULE): boolean {
  if (rule.severities.includes(f.severity)) return true;
  if (f.risk.level && rule.riskLevels.includes(f.risk.level)) return true;
  return rule.onAttackPath && (onAttackPath || f.risk.attackPathIds.length > 0);
}

/** When the finding became unhealthy: the status change, else the first evaluation. */
export function detectedAt(f: Finding): Date | null {
  const s = f.statusChangeDate ?? f.firstEvaluationDate;
  return s ? new Date(s) : null;
}

export function slaHoursFor(policy: GovernancePolicy, zone: Zone, severity: Severity, critical: boolean): number {
  const sla = policy[zone].slaHours;
  return critical ? Math.min(sla.critical, sla[severity]) : sla[severity];
}

const HOUR = 3_600_000;

export function dueAt(detected: Date, slaHours: number): Date {
  return new Date(detected.getTime() + slaHours * HOUR);
}

export type SlaStatus = 'overdue' | 'due-soon' | 'on-track';

/** "Due soon" = the last quarter of the SLA, or the last 24 hours, whichever is longer. */
export function slaStatus(now: Date, due: Date, slaHours: number): SlaStatus {
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= Math.max(24 * HOUR, (slaHours * HOUR) / 4) ? 'due-soon' : 'on-track';
}

/** Compact duration: "2 d 4 h", "5 h 12 min", "40 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** "2 d 4 h left" or "overdue by 3 h". */
export function countdown(now: Date, due: Date): string {
  const left = due.getTime() - now.getTime();
  return left >= 0 ? `${formatDuration(left)} left` : `overdue by ${formatDuration(left)}`;
}

/** Age of something that started at `since`: "3 d", "5 h". */
export function age(now: Date, since: Date): string {
  return formatDuration(now.getTime() - since.getTime());
}
