// Headline figures of a snapshot, for the CLI, help and health output. Pure.

import type { Snapshot, Zone } from './model.js';
import { placeInZone, type ZoneRules } from './zones.js';

export interface SnapshotSummary {
  takenAt: string;
  subscriptions: number;
  aiResources: number;
  byKind: Record<string, number>;
  byCloud: Record<string, number>;
  byZone: Record<Zone, number>;
  deployments: number;
  findings: { open: number; bySeverity: Record<string, number>; healthy: number };
  attackPaths: number;
  subscriptionsWithoutCspm: number;
  issues: number;
}

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export function summarizeSnapshot(s: Snapshot, rules: ZoneRules): SnapshotSummary {
  const subs = new Map(s.subscriptions.map((x) => [x.id, x]));
  const byKind: Record<string, number> = {};
  const byCloud: Record<string, number> = {};
  const byZone: Record<Zone, number> = { 1: 0, 2: 0, 3: 0 };
  let deployments = 0;
  for (const r of s.resources) {
    inc(byKind, r.kind);
    inc(byCloud, r.cloud);
    byZone[placeInZone(r, subs.get(r.subscriptionId), rules).zone]++;
    deployments += r.deployments.length;
  }
  const bySeverity: Record<string, number> = {};
  let open = 0;
  let healthy = 0;
  for (const f of s.findings) {
    if (f.status === 'Unhealthy' && f.cause !== 'Exempt') {
      open++;
      inc(bySeverity, f.severity);
    } else if (f.status === 'Healthy') healthy++;
  }
  const cspmOn = new Set(
    s.plans.filter((p) => p.plan === 'CloudPosture' && p.tier === 'Standard').map((p) => p.subscriptionId),
  );
  return {
    takenAt: s.takenAt,
    subscriptions: s.subscriptions.length,
    aiResources: s.resources.length,
    byKind,
    byCloud,
    byZone,
    deployments,
    findings: { open, bySeverity, healthy },
    attackPaths: s.attackPaths.length,
    subscriptionsWithoutCspm: s.subscriptions.filter((x) => !cspmOn.has(x.id)).length,
    issues: s.issues.length,
  };
}
