// The AI posture score of a scope, its breakdown by zone and subscription, the worst offenders,
// and the trend against an older snapshot. Pure.
//
// The score (0–100) is the severity-weighted share of the scope's AI assessments that pass:
//
//   score = round(100 × Σ w(Healthy) / Σ w(Healthy + open)),   w = High 3 · Medium 2 · Low 1
//
// "Open" is Unhealthy and not exempt. NotApplicable and exempted assessments are left out, as Defender's
// secure score leaves them out. A scope with no counted assessment has no score (null), not 0 or 100.
// Defender's own secure score (Snapshot.secureScores) is shown per subscription for reference only: it
// covers every recommendation in the subscription, not only the AI ones, so the two differ.

import type { Estate, EstateResource } from './estate.js';
import { isOpen } from './estate.js';
import { type Filters, resourceMatches } from './filters.js';
import type { SecureScore, Severity, SubscriptionId, Zone } from './model.js';
import { ZONE_NAMES } from './policy.js';

export const SEVERITIES: readonly Severity[] = ['High', 'Medium', 'Low'];
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { High: 3, Medium: 2, Low: 1 };

export type SeverityCounts = Record<Severity, number>;

/** What a set of assessments adds up to, by severity. */
export interface PostureTally {
  /** Assessments that count toward the score: Healthy or open. */
  assessed: SeverityCounts;
  healthy: SeverityCounts;
  /** Open findings: Unhealthy and not exempt. */
  open: SeverityCounts;
  /** Open findings that are critical under Vigil's rule. */
  critical: SeverityCounts;
}

/** A tally read for the severities in scope. */
export interface PostureFigures {
  score: number | null;
  assessed: number;
  healthy: number;
  open: number;
  openBySeverity: SeverityCounts;
  critical: number;
  /** Σ weight of open findings: how much there is to fix. */
  openWeight: number;
  /** AI resources in the scope (whether or not assessed). */
  resources: number;
}

export interface ZonePosture extends PostureFigures {
  zone: Zone;
  name: string;
}

export interface SubscriptionPosture extends PostureFigures {
  id: SubscriptionId;
  name: string;
  /** Defender's secure score of the whole subscription, for reference; null when not reported. */
  secureScore: SecureScore | null;
}

export interface Offender {
  resource: EstateResource;
  openWeight: number;
  openBySeverity: SeverityCounts;
  critical: number;
}

export interface PostureReport {
  /** Severities the figures cover (all three unless the question named some). */
  severities: readonly Severity[];
  overall: PostureFigures;
  /** Zones with AI resources or findings in scope, in zone order. */
  zones: ZonePosture[];
  /** Subscriptions with AI resources in scope: most to fix (open weight) first, then by name. */
  subscriptions: SubscriptionPosture[];
  /** Resources with the most weighted open findings, at most `worst` of them. */
  worst: Offender[];
}

const zeroCounts = (): SeverityCounts => ({ High: 0, Medium: 0, Low: 0 });
export const emptyTally = (): PostureTally => ({
  assessed: zeroCounts(),
  healthy: zeroCounts(),
  open: zeroCounts(),
  critical: zeroCounts(),
});

function addTally(into: PostureTally, from: PostureTally, severities: readonly Severity[]): void {
  for (const s of severities) {
    into.assessed[s] += from.assessed[s];
    into.healthy[s] += from.healthy[s];
    into.open[s] += from.open[s];
    into.critical[s] += from.critical[s];
  }
}

/** The score of a tally, or null when nothing in it counts. */
export function scoreOf(t: PostureTally, severities: readonly Severity[] = SEVERITIES): number | null {
  let assessed = 0;
  let healthy = 0;
  for (const s of severities) {
    assessed += t.assessed[s] * SEVERITY_WEIGHT[s];
    healthy += t.healthy[s] * SEVERITY_WEIGHT[s];
  }
  return assessed === 0 ? null : Math.round((100 * healthy) / assessed);
}

export function figuresOf(
  t: PostureTally,
  resources: number,
  severities: readonly Severity[] = SEVERITIES,
): PostureFigures {
  const openBySeverity = zeroCounts();
  let assessed = 0;
  let healthy = 0;
  let open = 0;
  let critical = 0;
  let openWeight = 0;
  for (const s of severities) {
    assessed += t.assessed[s];
    healthy += t.healthy[s];
    open += t.open[s];
    openBySeverity[s] = t.open[s];
    critical += t.critical[s];
    openWeight += t.open[s] * SEVERITY_WEIGHT[s];
  }
  return { score: scoreOf(t, severities), assessed, healthy, open, openBySeverity, critical, openWeight, resources };
}

/** Per-resource tallies, computed once per Estate: a question then adds up resources, not findings. */
interface Tallies {
  byResource: Map<EstateResource, PostureTally>;
  /** Findings whose resource is not in the inventory, by zone (their zone is the default one). */
  orphans: Map<Zone, PostureTally>;
  secureScores: Map<SubscriptionId, SecureScore>;
}

const talliesCache = new WeakMap<Estate, Tallies>();

function talliesOf(estate: Estate): Tallies {
  const cached = talliesCache.get(estate);
  if (cached) return cached;
  const byResource = new Map<EstateResource, PostureTally>();
  const orphans = new Map<Zone, PostureTally>();
  for (const r of estate.resources) byResource.set(r, emptyTally());
  for (const f of estate.findings) {
    const { status, cause, severity } = f.finding;
    if (status === 'NotApplicable' || cause === 'Exempt') continue;
    let t = f.resource ? byResource.get(f.resource) : orphans.get(f.zone);
    if (!t) {
      t = emptyTally();
      if (f.resource) byResource.set(f.resource, t);
      else orphans.set(f.zone, t);
    }
    t.assessed[severity]++;
    if (status === 'Healthy') t.healthy[severity]++;
    else if (isOpen(f.finding)) {
      t.open[severity]++;
      if (f.critical) t.critical[severity]++;
    }
  }
  const secureScores = new Map<SubscriptionId, SecureScore>();
  for (const s of estate.secureScores) secureScores.set(s.subscriptionId, s);
  const tallies = { byResource, orphans, secureScores };
  talliesCache.set(estate, tallies);
  return tallies;
}

/** True when the filters narrow by something only a resource has: findings without one are then out of scope. */
function narrowsByResource(f: Filters): boolean {
  return (
    f.kinds.length +
      f.clouds.length +
      f.subscriptions.length +
      f.resourceGroups.length +
      f.regions.length +
      f.owners.length +
      f.exposure.length >
    0
  );
}

export interface PostureOptions {
  /** How many worst offenders to return (default 5). */
  worst?: number;
}

/**
 * The posture of the resources the filters select. Severity filters narrow the assessments counted;
 * `criticalOnly` does not change the score (it is a property of open findings only).
 */
export function postureOf(estate: Estate, filters: Filters, options: PostureOptions = {}): PostureReport {
  const severities =
    filters.severities.length > 0 ? SEVERITIES.filter((s) => filters.severities.includes(s)) : SEVERITIES;
  const worstCount = options.worst ?? 5;
  const tallies = talliesOf(estate);
  const overall = emptyTally();
  let overallResources = 0;
  const zones = new Map<Zone, Bucket>();
  const subs = new Map<SubscriptionId, Bucket>();
  const worst: Offender[] = [];

  for (const r of estate.resources) {
    if (!resourceMatches(r, filters)) continue;
    const t = tallies.byResource.get(r) ?? emptyTally();
    overallResources++;
    addTally(overall, t, severities);
    const z = bucket(zones, r.placement.zone);
    z.resources++;
    addTally(z.tally, t, severities);
    const s = bucket(subs, r.resource.subscriptionId);
    s.resources++;
    addTally(s.tally, t, severities);

    const f = figuresOf(t, 1, severities);
    if (f.openWeight > 0)
      insertOffender(
        worst,
        { resource: r, openWeight: f.openWeight, openBySeverity: f.openBySeverity, critical: f.critical },
        worstCount,
      );
  }

  if (!narrowsByResource(filters)) {
    for (const [zone, t] of tallies.orphans) {
      if (filters.zones.length > 0 && !filters.zones.includes(zone)) continue;
      addTally(overall, t, severities);
      addTally(bucket(zones, zone).tally, t, severities);
    }
  }

  const zoneRows: ZonePosture[] = [...zones.entries()]
    .sort(([a], [b]) => a - b)
    .map(([zone, z]) => ({ zone, name: ZONE_NAMES[zone], ...figuresOf(z.tally, z.resources, severities) }));
  const subscriptionRows: SubscriptionPosture[] = [...subs.entries()]
    .map(([id, s]) => ({
      id,
      name: estate.subscription(id)?.name ?? id,
      secureScore: tallies.secureScores.get(id) ?? null,
      ...figuresOf(s.tally, s.resources, severities),
    }))
    .sort((a, b) => b.openWeight - a.openWeight || a.name.localeCompare(b.name));

  return {
    severities,
    overall: figuresOf(overall, overallResources, severities),
    zones: zoneRows,
    subscriptions: subscriptionRows,
    worst,
  };
}

interface Bucket {
  tally: PostureTally;
  resources: number;
}

function bucket<K>(map: Map<K, Bucket>, key: K): Bucket {
  let b = map.get(key);
  if (!b) {
    b = { tally: emptyTally(), resources: 0 };
    map.set(key, b);
  }
  return b;
}

/** Most weighted open findings first, then most critical, then by name; keeps the list at `max`. */
function insertOffender(list: Offender[], o: Offender, max: number): void {
  if (max <= 0) return;
  const before = (a: Offender, b: Offender) =>
    a.openWeight !== b.openWeight
      ? a.openWeight > b.openWeight
      : a.critical !== b.critical
        ? a.critical > b.critical
        : a.resource.resource.name.localeCompare(b.resource.resource.name) < 0;
  let i = list.length;
  while (i > 0 && before(o, list[i - 1] as Offender)) i--;
  if (i >= max) return;
  list.splice(i, 0, o);
  if (list.length > max) list.pop();
}

// ── Trend ────────────────────────────────────────────────────────────────────────────────────────

export const WEEK_MS = 7 * 24 * 3_600_000;

export interface SnapshotRef {
  id: number;
  takenAt: string;
}

export interface Baseline {
  id: number;
  takenAt: Date;
  /** 'week': the newest snapshot at least a week older than the current one; 'since': the oldest there is. */
  kind: 'week' | 'since';
}

/**
 * The snapshot to compare with: the newest one taken at least `minAgeMs` (a week) before `current`;
 * failing that the oldest one older than `current`; null when there is no older snapshot at all.
 */
export function pickBaseline(snapshots: readonly SnapshotRef[], current: Date, minAgeMs = WEEK_MS): Baseline | null {
  const now = current.getTime();
  let week: SnapshotRef | null = null;
  let weekAt = Number.NEGATIVE_INFINITY;
  let oldest: SnapshotRef | null = null;
  let oldestAt = Number.POSITIVE_INFINITY;
  for (const s of snapshots) {
    const at = Date.parse(s.takenAt);
    if (!(at < now)) continue;
    if (at <= now - minAgeMs && at > weekAt) {
      week = s;
      weekAt = at;
    }
    if (at < oldestAt) {
      oldest = s;
      oldestAt = at;
    }
  }
  if (week) return { id: week.id, takenAt: new Date(weekAt), kind: 'week' };
  if (oldest) return { id: oldest.id, takenAt: new Date(oldestAt), kind: 'since' };
  return null;
}

export type Direction = 'better' | 'worse' | 'same';

export interface Change {
  from: number | null;
  to: number | null;
  /** to − from; null when either side is missing. */
  delta: number | null;
}

export interface PostureTrend {
  baseline: Baseline;
  score: Change;
  open: Change;
  openBySeverity: Record<Severity, Change>;
  critical: Change;
  /** Better when the score rose (or, without scores, when open findings fell). */
  direction: Direction;
  arrow: '▲' | '▼' | '▶';
  /** Score change per zone present now. */
  zones: Map<Zone, Change>;
}

const change = (from: number | null, to: number | null): Change => ({
  from,
  to,
  delta: from === null || to === null ? null : to - from,
});

export function trendOf(current: PostureReport, previous: PostureReport, baseline: Baseline): PostureTrend {
  const score = change(previous.overall.score, current.overall.score);
  const open = change(previous.overall.open, current.overall.open);
  const direction: Direction =
    score.delta !== null && score.delta !== 0
      ? score.delta > 0
        ? 'better'
        : 'worse'
      : open.delta !== null && open.delta !== 0
        ? open.delta < 0
          ? 'better'
          : 'worse'
        : 'same';
  const before = new Map(previous.zones.map((z) => [z.zone, z.score]));
  return {
    baseline,
    score,
    open,
    openBySeverity: {
      High: change(previous.overall.openBySeverity.High, current.overall.openBySeverity.High),
      Medium: change(previous.overall.openBySeverity.Medium, current.overall.openBySeverity.Medium),
      Low: change(previous.overall.openBySeverity.Low, current.overall.openBySeverity.Low),
    },
    critical: change(previous.overall.critical, current.overall.critical),
    direction,
    arrow: direction === 'better' ? '▲' : direction === 'worse' ? '▼' : '▶',
    zones: new Map(current.zones.map((z) => [z.zone, change(before.get(z.zone) ?? null, z.score)])),
  };
}
