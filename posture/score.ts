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
import { type SecureScore, type Severity, type SubscriptionId, ZONES, type Zone } from './model.js';
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

/**
 * Inside a question a tally is 12 numbers, [assessed, healthy, open, critical] × [High, Medium, Low]:
 * adding up thousands of resources is then a tight loop over plain arrays.
 */
type Vec = number[];
const ASSESSED = 0;
const HEALTHY = 3;
const OPEN = 6;
const CRITICAL = 9;
const SEVERITY_INDEX: Readonly<Record<Severity, number>> = { High: 0, Medium: 1, Low: 2 };
const newVec = (): Vec => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

function addVec(into: Vec, from: Vec): void {
  for (let i = 0; i < 12; i++) into[i] = (into[i] as number) + (from[i] as number);
}

function figuresOfVec(v: Vec, resources: number, severities: readonly Severity[]): PostureFigures {
  const t = emptyTally();
  for (const s of severities) {
    const i = SEVERITY_INDEX[s];
    t.assessed[s] = v[ASSESSED + i] as number;
    t.healthy[s] = v[HEALTHY + i] as number;
    t.open[s] = v[OPEN + i] as number;
    t.critical[s] = v[CRITICAL + i] as number;
  }
  return figuresOf(t, resources, severities);
}

/** A resource's tally with what ranking it needs precomputed (all severities). */
interface ResourceTally {
  vec: Vec;
  openWeight: number;
  critical: number;
  /** Index of its subscription in Tallies.subscriptions. */
  sub: number;
}

/**
 * Per-resource tallies, computed once per Estate and aligned with estate.resources: a question then adds
 * up resources (array reads, no map lookups), not findings.
 */
interface Tallies {
  resources: ResourceTally[];
  subscriptions: SubscriptionId[];
  /** Findings whose resource is not in the inventory, by zone (their zone is the default one). */
  orphans: Map<Zone, Vec>;
  secureScores: Map<SubscriptionId, SecureScore>;
}

const talliesCache = new WeakMap<Estate, Tallies>();

function talliesOf(estate: Estate): Tallies {
  const cached = talliesCache.get(estate);
  if (cached) return cached;
  const byResource = new Map<EstateResource, ResourceTally>();
  const subIndex = new Map<SubscriptionId, number>();
  const subscriptions: SubscriptionId[] = [];
  const resources = estate.resources.map((r) => {
    const id = r.resource.subscriptionId;
    let sub = subIndex.get(id);
    if (sub === undefined) {
      sub = subscriptions.push(id) - 1;
      subIndex.set(id, sub);
    }
    const t: ResourceTally = { vec: newVec(), openWeight: 0, critical: 0, sub };
    byResource.set(r, t);
    return t;
  });
  const orphans = new Map<Zone, Vec>();
  for (const f of estate.findings) {
    const { status, cause, severity } = f.finding;
    if (status === 'NotApplicable' || cause === 'Exempt') continue;
    let v: Vec | undefined;
    if (f.resource) v = byResource.get(f.resource)?.vec;
    else {
      v = orphans.get(f.zone);
      if (!v) {
        v = newVec();
        orphans.set(f.zone, v);
      }
    }
    if (!v) continue; // a resource the estate does not list: cannot happen, the estate indexed it.
    const i = SEVERITY_INDEX[severity];
    v[ASSESSED + i] = (v[ASSESSED + i] as number) + 1;
    if (status === 'Healthy') v[HEALTHY + i] = (v[HEALTHY + i] as number) + 1;
    else if (isOpen(f.finding)) {
      v[OPEN + i] = (v[OPEN + i] as number) + 1;
      if (f.critical) v[CRITICAL + i] = (v[CRITICAL + i] as number) + 1;
    }
  }
  for (const t of resources) {
    t.openWeight = weightOf(t.vec, SEVERITIES);
    t.critical = criticalOf(t.vec, SEVERITIES);
  }
  const secureScores = new Map<SubscriptionId, SecureScore>();
  for (const s of estate.secureScores) secureScores.set(s.subscriptionId, s);
  const tallies = { resources, subscriptions, orphans, secureScores };
  talliesCache.set(estate, tallies);
  return tallies;
}

function weightOf(v: Vec, severities: readonly Severity[]): number {
  let w = 0;
  for (const s of severities) w += (v[OPEN + SEVERITY_INDEX[s]] as number) * SEVERITY_WEIGHT[s];
  return w;
}

function criticalOf(v: Vec, severities: readonly Severity[]): number {
  let n = 0;
  for (const s of severities) n += v[CRITICAL + SEVERITY_INDEX[s]] as number;
  return n;
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

interface Bucket {
  vec: Vec;
  resources: number;
}

interface Candidate {
  resource: EstateResource;
  vec: Vec;
  weight: number;
  critical: number;
}

/** Ranking of offenders: most weighted open findings, then most critical, then by name. */
function ranksBefore(a: Candidate, b: Candidate): boolean {
  if (a.weight !== b.weight) return a.weight > b.weight;
  if (a.critical !== b.critical) return a.critical > b.critical;
  return a.resource.resource.name < b.resource.resource.name;
}

/**
 * The posture of the resources the filters select. Severity filters narrow the assessments counted;
 * `criticalOnly` does not change the score (it is a property of open findings only).
 */
export function postureOf(estate: Estate, filters: Filters, options: PostureOptions = {}): PostureReport {
  const severities =
    filters.severities.length > 0 ? SEVERITIES.filter((s) => filters.severities.includes(s)) : SEVERITIES;
  const allSeverities = severities.length === SEVERITIES.length;
  const worstCount = options.worst ?? 5;
  const tallies = talliesOf(estate);
  const everything = !narrowsByResource(filters) && filters.zones.length === 0;
  const zones: (Bucket | undefined)[] = [];
  const subs: (Bucket | undefined)[] = [];
  const top: Candidate[] = [];

  const list = estate.resources;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as EstateResource;
    if (!everything && !resourceMatches(r, filters)) continue;
    const t = tallies.resources[i] as ResourceTally;
    const zone = r.placement.zone;
    let z = zones[zone];
    if (!z) {
      z = { vec: newVec(), resources: 0 };
      zones[zone] = z;
    }
    z.resources++;
    addVec(z.vec, t.vec);
    let s = subs[t.sub];
    if (!s) {
      s = { vec: newVec(), resources: 0 };
      subs[t.sub] = s;
    }
    s.resources++;
    addVec(s.vec, t.vec);

    const weight = allSeverities ? t.openWeight : weightOf(t.vec, severities);
    if (weight === 0 || worstCount <= 0) continue;
    const candidate = {
      resource: r,
      vec: t.vec,
      weight,
      critical: allSeverities ? t.critical : criticalOf(t.vec, severities),
    };
    const last = top[top.length - 1];
    if (top.length >= worstCount && last && !ranksBefore(candidate, last)) continue;
    let at = top.length;
    while (at > 0 && ranksBefore(candidate, top[at - 1] as Candidate)) at--;
    top.splice(at, 0, candidate);
    if (top.length > worstCount) top.pop();
  }

  if (!narrowsByResource(filters)) {
    for (const [zone, v] of tallies.orphans) {
      if (filters.zones.length > 0 && !filters.zones.includes(zone)) continue;
      let z = zones[zone];
      if (!z) {
        z = { vec: newVec(), resources: 0 };
        zones[zone] = z;
      }
      addVec(z.vec, v);
    }
  }

  const overall = newVec();
  let overallResources = 0;
  const zoneRows: ZonePosture[] = [];
  for (const zone of ZONES) {
    const z = zones[zone];
    if (!z) continue;
    addVec(overall, z.vec);
    overallResources += z.resources;
    zoneRows.push({ zone, name: ZONE_NAMES[zone], ...figuresOfVec(z.vec, z.resources, severities) });
  }
  const subscriptionRows: SubscriptionPosture[] = [];
  subs.forEach((s, index) => {
    const id = tallies.subscriptions[index];
    if (!s || !id) return;
    subscriptionRows.push({
      id,
      name: estate.subscription(id)?.name ?? id,
      secureScore: tallies.secureScores.get(id) ?? null,
      ...figuresOfVec(s.vec, s.resources, severities),
    });
  });
  subscriptionRows.sort((a, b) => b.openWeight - a.openWeight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    severities,
    overall: figuresOfVec(overall, overallResources, severities),
    zones: zoneRows,
    subscriptions: subscriptionRows,
    worst: top.map((c) => {
      const openBySeverity = zeroCounts();
      for (const sev of severities) openBySeverity[sev] = c.vec[OPEN + SEVERITY_INDEX[sev]] as number;
      return { resource: c.resource, openWeight: c.weight, openBySeverity, critical: c.critical };
    }),
  };
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
