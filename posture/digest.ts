// The leader digest's figures: what happened to AI posture over a period (a week, or a day), per zone and
// for all zones. Pure: every input is passed in, `now` included; nothing here reads the clock or the store.
//
// Sources, and why each figure comes from where it does:
//   - Posture score, open findings, overdue findings and attack paths come from snapshots (Estate): what
//     Defender says now (`current`) and at the start of the period (`previous`).
//   - New / resolved counts, SLA compliance, MTTA and MTTR come from the finding occurrences Vigil recorded
//     (store/findings.ts FindingRecord): only those carry when a finding was first seen, acknowledged and
//     resolved. A FindingRecord[] can be passed as is.
//   - Prompt-volume anomalies come from the episodes the prompt-volume job recorded (store/anomalies.ts
//     AnomalyRecord; an AnomalyRecord[] can be passed as is).
//
// The period is half-open, [start, end): an event at `start` is in it, an event at `end` belongs to the next
// one, so consecutive digests never count the same event twice. Means are arithmetic means over the events
// counted; every ratio and mean is null, never NaN, when there is nothing to measure.

import { aiAttackPaths } from './attack-paths.js';
import type { Estate } from './estate.js';
import { type Filters, noFilters } from './filters.js';
import { type RiskLevel, type Severity, ZONES, type Zone } from './model.js';
import { ZONE_NAMES } from './policy.js';
import { timesNormal } from './prompt-alerting.js';
import { type Change, type PostureFigures, postureOf } from './score.js';

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────────

/** The lifecycle states of a finding occurrence (store/findings.ts FINDING_STATES). */
export type OccurrenceState =
  | 'open'
  | 'acknowledged'
  | 'snoozed'
  | 'planned'
  | 'risk-accepted'
  | 'false-positive'
  | 'resolved';

/** One finding occurrence as Vigil tracked it: the fields of a FindingRecord the digest reads. ISO instants. */
export interface DigestOccurrence {
  zone: Zone;
  severity: Severity;
  critical: boolean;
  state: OccurrenceState;
  /** When Vigil first recorded the occurrence (and alerted on it). */
  firstSeenAt: string;
  /** When someone pressed Acknowledge; null if nobody did. */
  acknowledgedAt: string | null;
  /** When Defender reported the assessment healthy again; null while it is not. */
  resolvedAt: string | null;
  /** SLA due date; null when Defender gave no date to start the clock from. */
  dueAt: string | null;
  /** Defender's statusChangeDate that made the assessment unhealthy; null when Defender gave none. */
  unhealthySince: string | null;
}

/** States of a prompt-volume anomaly (store/anomalies.ts ANOMALY_STATES). */
export type DigestAnomalyState = 'open' | 'acknowledged' | 'escalated' | 'expected';

/** One prompt-volume episode: the fields of an AnomalyRecord the digest reads. ISO instants. */
export interface DigestAnomalyInput {
  resourceName: string;
  zone: Zone;
  /** A burst, or a busy resource dropping to zero. */
  kind: 'spike' | 'drop';
  windowStart: string;
  windowEnd: string;
  /** Highest prompts in one bin, and what was expected in that bin. */
  peak: number;
  peakExpected: number;
  state: DigestAnomalyState;
}

/** The AI posture score of an estate, overall and per zone (posture/score.ts), e.g. of a past snapshot. */
export interface DigestScore {
  score: number | null;
  byZone: Record<Zone, number | null>;
}

/** A point of the score trend: a snapshot's score and when it was taken (ISO). */
export interface ScorePoint extends DigestScore {
  at: string;
}

export interface DigestPeriod {
  start: Date;
  end: Date;
}

export interface DigestInput {
  /** The instant the digest is computed: overdue findings are judged at `now`. */
  now: Date;
  /** [start, end): a week for weekly digests, a day for daily ones. */
  period: DigestPeriod;
  /** The estate from the latest snapshot. */
  current: Estate;
  /** The estate from the snapshot nearest the period start; null when there is none (no trend). */
  previous: Estate | null;
  /** Scores of snapshots taken during the period, for the chart (see digestScore); any order. */
  scoreTrend?: readonly ScorePoint[];
  /** Finding occurrences Vigil tracked; passing more than the period's is fine, each figure picks its own. */
  occurrences: readonly DigestOccurrence[];
  /** Prompt-volume anomalies; those whose window does not overlap the period are left out here. */
  anomalies: readonly DigestAnomalyInput[];
  /**
   * The zones the digest covers (config governance.dailyDigestZones for a daily digest); every zone when
   * absent or empty. `all` then adds up these zones only, and `zones` lists only these.
   */
  zones?: readonly Zone[];
}

// ── Outputs ──────────────────────────────────────────────────────────────────────────────────────

/** A share and what it was computed from: `percent` is null when `measured` is 0. */
export interface SlaCompliance {
  met: number;
  measured: number;
  /** 100 × met / measured, unrounded; null when nothing was measured. */
  percent: number | null;
}

/** A mean duration and the number of events it averages; `meanMs` is null when `count` is 0. */
export interface MeanDuration {
  meanMs: number | null;
  count: number;
}

export interface DigestAttackPath {
  id: string;
  name: string;
  riskLevel: RiskLevel | null;
  /** Names of the AI resources the path reaches, in the path's order. */
  aiResources: string[];
  /** Zones of those resources, in zone order. */
  zones: Zone[];
  /** Not among the previous estate's AI attack paths (false when there is no previous estate). */
  isNew: boolean;
}

export interface DigestAnomaly {
  resourceName: string;
  zone: Zone;
  kind: 'spike' | 'drop';
  start: Date;
  peak: number;
  peakExpected: number;
  /** peak ÷ expected peak for a spike (expected floored at 1 prompt); null for a drop. */
  timesNormal: number | null;
  state: DigestAnomalyState;
}

/** The figures of one zone, or of all zones. Each is defined where it is computed (see computeDigest). */
export interface DigestFigures {
  /** AI posture score (posture/score.ts) at the period start (previous estate) and now (current estate). */
  score: Change;
  /** Open findings (Unhealthy, not exempt) at the period start and now. */
  open: Change;
  /** Open critical findings at the period start and now. */
  openCritical: Change;
  /** Occurrences that became unhealthy during the period. */
  newFindings: number;
  newCritical: number;
  /** Occurrences Defender reported healthy again during the period. */
  resolved: number;
  /** Open findings past their SLA due date at `now`. */
  overdue: number;
  overdueCritical: number;
  /**
   * Of the occurrences resolved in the period or due in it (up to `now`), the share resolved at or before
   * their due date; risk acceptances, false positives and occurrences without a due date left out.
   */
  sla: SlaCompliance;
  /** Mean time to acknowledge: first seen by Vigil → acknowledged, over acknowledgements in the period. */
  mtta: MeanDuration;
  /** Mean time to remediate: unhealthy since → resolved, over resolutions in the period. */
  mttr: MeanDuration;
  attackPaths: {
    /** AI attack paths now (paths reaching at least one AI resource of the scope). */
    total: number;
    /** Of those, how many the previous estate did not have; null without a previous estate. */
    new: number | null;
    /** Up to three, most severe first. */
    top: DigestAttackPath[];
  };
  anomalies: {
    /** Episodes whose window overlaps the period. */
    total: number;
    spikes: number;
    drops: number;
    escalated: number;
    /** Marked expected by someone (a launch, a load test…). */
    expected: number;
    /** Up to three, most severe first. */
    top: DigestAnomaly[];
  };
}

export interface ZoneDigest extends DigestFigures {
  zone: Zone;
  /** "Baseline", "Recommended", "Regulated". */
  name: string;
}

export interface Digest {
  now: Date;
  period: DigestPeriod;
  /** When the current snapshot was taken. */
  asOf: Date;
  /** When the previous snapshot was taken; null without one. */
  baselineAt: Date | null;
  /** The zones covered, in zone order (all three unless the input named some). */
  covers: Zone[];
  /** The covered zones added up. */
  all: DigestFigures;
  /** Each covered zone, in zone order; a zone with nothing in it has zero counts and null figures. */
  zones: ZoneDigest[];
  /**
   * Score over the period, oldest first: the previous estate, the points given, the current estate. `score`
   * is always the whole estate's (as given points carry it); per zone, read `byZone`.
   */
  trend: ScorePoint[];
}

// ── Score ────────────────────────────────────────────────────────────────────────────────────────

const EVERYTHING: Filters = noFilters();

interface PostureByZone {
  all: PostureFigures;
  zones: Record<Zone, PostureFigures | null>;
}

/** Posture per zone; `all` adds up the covered zones (every zone unless told otherwise). */
function postureByZone(estate: Estate, covered: readonly Zone[] = ZONES): PostureByZone {
  const every = ZONES.every((z) => covered.includes(z));
  const report = postureOf(estate, every ? EVERYTHING : { ...EVERYTHING, zones: [...covered] }, { worst: 0 });
  const zones: Record<Zone, PostureFigures | null> = { 1: null, 2: null, 3: null };
  for (const z of report.zones) zones[z.zone] = z;
  return { all: report.overall, zones };
}

/**
 * The AI posture score of a whole estate and of each zone, as the posture card computes it
 * (posture/score.ts: severity-weighted share of counted assessments that pass; null with nothing counted).
 * For the lead's trend points: `{ at: snapshot.takenAt, ...digestScore(estate) }`.
 */
export function digestScore(estate: Estate): DigestScore {
  return digestScoreOf(postureByZone(estate));
}

const change = (from: number | null, to: number | null): Change => ({
  from,
  to,
  delta: from === null || to === null ? null : to - from,
});

// ── The digest ───────────────────────────────────────────────────────────────────────────────────

/** Milliseconds of an ISO instant; null when absent or unreadable (an unreadable date measures nothing). */
function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/** Index 0 holds all zones, 1–3 each zone. */
type PerScope<T> = [T, T, T, T];
const perScope = <T>(make: () => T): PerScope<T> => [make(), make(), make(), make()];

interface OccurrenceTally {
  newFindings: number;
  newCritical: number;
  resolved: number;
  slaMet: number;
  slaMeasured: number;
  ackSumMs: number;
  ackCount: number;
  fixSumMs: number;
  fixCount: number;
}

const newTally = (): OccurrenceTally => ({
  newFindings: 0,
  newCritical: 0,
  resolved: 0,
  slaMet: 0,
  slaMeasured: 0,
  ackSumMs: 0,
  ackCount: 0,
  fixSumMs: 0,
  fixCount: 0,
});

/** Closed without a fix: a person's decision, recorded with its justification in the audit log. */
const DECIDED: ReadonlySet<OccurrenceState> = new Set(['risk-accepted', 'false-positive']);

/**
 * The occurrence figures, each over the period [start, end):
 *
 * - **New findings**: occurrences that became unhealthy in the period — Defender's unhealthy-since date,
 *   else the time Vigil first saw the occurrence. A finding that resolves and comes back is a new
 *   occurrence, so it counts again; one that appeared and was fixed within the period counts too.
 *   "New critical" is the same for occurrences judged critical. (Net change in open findings is the
 *   separate `open` figure, from the two snapshots.)
 * - **Resolved**: occurrences in state resolved whose resolution (Defender reporting the assessment
 *   healthy) falls in the period. Risk acceptances and false positives are decisions, not fixes: not counted.
 * - **SLA compliance**: of the occurrences whose SLA was put to the test in the period — resolved in the
 *   period, or due in the period (up to `now`) and not resolved before it started — the share resolved at
 *   or before their due date. Unresolved ones past their due date count as missed, whatever their state
 *   (snoozing or planning does not stop the clock). Left out: occurrences without a due date, and risk
 *   acceptances and false positives (closed by a decision, not a fix). Each occurrence counts at most once.
 *   Null when nothing was measured.
 * - **Mean time to acknowledge (MTTA)**: over occurrences acknowledged in the period, the mean of
 *   acknowledged − first seen by Vigil (the alert went out when Vigil first saw it). Null when none.
 * - **Mean time to remediate (MTTR)**: over occurrences resolved in the period, the mean of resolved −
 *   unhealthy since (Defender's date, else first seen by Vigil). Null when none.
 *
 * Durations below zero (clocks that disagree) count as zero.
 */
function tallyOccurrences(
  occurrences: readonly DigestOccurrence[],
  startMs: number,
  endMs: number,
  nowMs: number,
): PerScope<OccurrenceTally> {
  const tallies = perScope(newTally);
  const inPeriod = (t: number | null): t is number => t !== null && t >= startMs && t < endMs;
  const dueLimit = Math.min(endMs, nowMs);
  for (const o of occurrences) {
    // Index 0 stays empty here: all zones are added up from the zones the digest covers.
    const t = o.zone === 1 || o.zone === 2 || o.zone === 3 ? tallies[o.zone] : null;
    if (!t) continue; // not a zone Vigil knows: counted nowhere rather than somewhere wrong.
    const seen = ms(o.firstSeenAt);
    const began = ms(o.unhealthySince) ?? seen;
    const acked = ms(o.acknowledgedAt);
    const resolved = o.state === 'resolved' ? ms(o.resolvedAt) : null;
    const due = ms(o.dueAt);

    if (inPeriod(began)) {
      t.newFindings++;
      if (o.critical) t.newCritical++;
    }
    const resolvedInPeriod = inPeriod(resolved);
    if (resolvedInPeriod) {
      t.resolved++;
      if (began !== null) {
        t.fixSumMs += Math.max(0, resolved - began);
        t.fixCount++;
      }
    }
    if (inPeriod(acked) && seen !== null) {
      t.ackSumMs += Math.max(0, acked - seen);
      t.ackCount++;
    }
    if (due !== null && !DECIDED.has(o.state)) {
      const dueInPeriod = due >= startMs && due < dueLimit;
      const resolvedBefore = resolved !== null && resolved < startMs;
      if (resolvedInPeriod || (dueInPeriod && !resolvedBefore)) {
        t.slaMeasured++;
        if (resolved !== null && resolved < endMs && resolved <= due) t.slaMet++;
      }
    }
  }
  return tallies;
}

/** Adds the covered zones' tallies (all numeric fields) into index 0. */
function sumCovered<T extends object>(tallies: PerScope<T>, covered: readonly Zone[]): void {
  const all = tallies[0] as Record<string, number>;
  for (const z of covered) {
    for (const [k, v] of Object.entries(tallies[z] as Record<string, number>)) all[k] = (all[k] ?? 0) + v;
  }
}

const meanOf = (sum: number, count: number): MeanDuration => ({
  meanMs: count === 0 ? null : sum / count,
  count,
});

/**
 * Overdue now: open findings of the current estate whose SLA due date is before `now` — the same list the
 * `overdue` question answers (posture/sla.ts slaStatus 'overdue'). Findings without a due date are never
 * overdue.
 */
function tallyOverdue(current: Estate, nowMs: number): PerScope<{ overdue: number; critical: number }> {
  const tallies = perScope(() => ({ overdue: 0, critical: 0 }));
  for (const f of current.openFindings) {
    const due = f.dueAt?.getTime();
    if (due === undefined || !(due < nowMs)) continue;
    const z = tallies[f.zone];
    z.overdue++;
    if (f.critical) z.critical++;
  }
  return tallies;
}

const TOP = 3;

/**
 * Attack paths: the current estate's paths that reach at least one AI resource (posture/attack-paths.ts); a
 * zone's are those reaching an AI resource in that zone, so a path spanning two zones is in both (and counts
 * once for all zones). "New" paths are not among the previous estate's AI paths (by id). Top three: highest
 * risk level first, then by name (compareAttackPaths).
 */
function attackPathFigures(
  current: Estate,
  previous: Estate | null,
  covered: ReadonlySet<Zone>,
): PerScope<DigestFigures['attackPaths']> {
  const before = previous ? new Set(aiAttackPaths(previous).map((v) => v.path.id)) : null;
  const out = perScope<DigestFigures['attackPaths']>(() => ({ total: 0, new: before ? 0 : null, top: [] }));
  for (const view of aiAttackPaths(current)) {
    const isNew = before !== null && !before.has(view.path.id);
    const zoneSet = new Set<Zone>();
    for (const r of view.aiResources) zoneSet.add(r.placement.zone);
    const zones = ZONES.filter((z) => zoneSet.has(z));
    let row: DigestAttackPath | null = null;
    const add = (scope: DigestFigures['attackPaths']) => {
      scope.total++;
      if (isNew && scope.new !== null) scope.new++;
      if (scope.top.length < TOP) {
        row ??= {
          id: view.path.id,
          name: view.path.displayName,
          riskLevel: view.path.riskLevel,
          aiResources: view.aiResources.map((r) => r.resource.name),
          zones,
          isNew,
        };
        scope.top.push(row);
      }
    };
    if (zones.some((z) => covered.has(z))) add(out[0]);
    for (const z of zones) add(out[z]);
  }
  return out;
}

/**
 * Prompt-volume anomalies: episodes whose window overlaps the period (starts before its end and ends at or
 * after its start). Top three, most severe first: bursts before drops (a drop is lower priority, as in its
 * alert); bursts by how many times the expected peak they reached, drops by the expected volume that went
 * missing; then the most recent.
 */
function anomalyFigures(
  anomalies: readonly DigestAnomalyInput[],
  startMs: number,
  endMs: number,
  covered: ReadonlySet<Zone>,
): PerScope<DigestFigures['anomalies']> {
  const out = perScope<DigestFigures['anomalies']>(() => ({
    total: 0,
    spikes: 0,
    drops: 0,
    escalated: 0,
    expected: 0,
    top: [],
  }));
  const ranked: DigestAnomaly[] = [];
  for (const a of anomalies) {
    const from = ms(a.windowStart);
    const to = ms(a.windowEnd) ?? from;
    if (from === null || to === null || !(from < endMs && to >= startMs)) continue;
    const zone = a.zone === 1 || a.zone === 2 || a.zone === 3 ? out[a.zone] : null;
    if (!zone) continue;
    for (const scope of covered.has(a.zone) ? [out[0], zone] : [zone]) {
      scope.total++;
      if (a.kind === 'drop') scope.drops++;
      else scope.spikes++;
      if (a.state === 'escalated') scope.escalated++;
      if (a.state === 'expected') scope.expected++;
    }
    ranked.push({
      resourceName: a.resourceName,
      zone: a.zone,
      kind: a.kind,
      start: new Date(from),
      peak: a.peak,
      peakExpected: a.peakExpected,
      timesNormal: a.kind === 'spike' ? timesNormal(a.peak, a.peakExpected, 1) : null,
      state: a.state,
    });
  }
  ranked.sort(compareAnomalies);
  for (const a of ranked) {
    for (const scope of covered.has(a.zone) ? [out[0], out[a.zone]] : [out[a.zone]])
      if (scope.top.length < TOP) scope.top.push(a);
  }
  return out;
}

function compareAnomalies(a: DigestAnomaly, b: DigestAnomaly): number {
  if (a.kind !== b.kind) return a.kind === 'spike' ? -1 : 1;
  const sa = a.kind === 'spike' ? (a.timesNormal ?? 0) : a.peakExpected;
  const sb = b.kind === 'spike' ? (b.timesNormal ?? 0) : b.peakExpected;
  if (sa !== sb) return sb - sa;
  if (a.start.getTime() !== b.start.getTime()) return b.start.getTime() - a.start.getTime();
  return a.resourceName < b.resourceName ? -1 : a.resourceName > b.resourceName ? 1 : 0;
}

/**
 * The score trend for the chart: the previous estate's score at its snapshot time, every given point taken
 * within [start, end], and the current estate's score at its snapshot time; oldest first, one point per
 * instant (the estates' own scores win over a given point at the same instant).
 */
function trendOf(input: DigestInput, startMs: number, endMs: number, now: DigestScore, before: DigestScore | null) {
  const byTime = new Map<number, ScorePoint>();
  for (const p of input.scoreTrend ?? []) {
    const t = ms(p.at);
    if (t === null || t < startMs || t > endMs) continue;
    byTime.set(t, { at: new Date(t).toISOString(), score: p.score, byZone: { ...p.byZone } });
  }
  if (input.previous && before) byTime.set(input.previous.takenAt.getTime(), pointAt(input.previous.takenAt, before));
  byTime.set(input.current.takenAt.getTime(), pointAt(input.current.takenAt, now));
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
}

const pointAt = (at: Date, s: DigestScore): ScorePoint => ({ at: at.toISOString(), ...s });

/**
 * The leader digest of one period, for all zones and per zone. Every figure is defined next to the code that
 * computes it (tallyOccurrences, tallyOverdue, attackPathFigures, anomalyFigures); in short:
 *
 * - score, open, openCritical: from the snapshots — the previous estate (nearest the period start) and the
 *   current one; `delta` is null when either side has no score (no previous estate, or nothing counted).
 * - newFindings / newCritical, resolved, sla, mtta, mttr: from Vigil's finding occurrences, over [start, end).
 * - overdue / overdueCritical: open findings past their SLA at `now`, in the current estate.
 * - attackPaths: AI attack paths in the current estate, new ones against the previous estate, top three.
 * - anomalies: prompt-volume episodes overlapping the period, top three.
 */
export function computeDigest(input: DigestInput): Digest {
  const { current, previous, now, period } = input;
  const startMs = period.start.getTime();
  const endMs = period.end.getTime();
  const nowMs = now.getTime();
  const asked = new Set(input.zones ?? []);
  const covers = asked.size === 0 ? [...ZONES] : ZONES.filter((z) => asked.has(z));
  const covered = new Set(covers);

  const postureNow = postureByZone(current, covers);
  const postureBefore = previous ? postureByZone(previous, covers) : null;
  const occurrences = tallyOccurrences(input.occurrences, startMs, endMs, nowMs);
  sumCovered(occurrences, covers);
  const overdue = tallyOverdue(current, nowMs);
  sumCovered(overdue, covers);
  const paths = attackPathFigures(current, previous, covered);
  const anomalies = anomalyFigures(input.anomalies, startMs, endMs, covered);

  const figures = (scope: 0 | Zone): DigestFigures => {
    const to = scope === 0 ? postureNow.all : postureNow.zones[scope];
    const from = postureBefore ? (scope === 0 ? postureBefore.all : postureBefore.zones[scope]) : null;
    // A zone absent from an existing estate has no findings: 0 open, no score. Without an estate, unknown.
    const count = (p: PostureFigures | null, pick: (f: PostureFigures) => number, known: boolean) =>
      p ? pick(p) : known ? 0 : null;
    const o = occurrences[scope];
    return {
      score: change(from?.score ?? null, to?.score ?? null),
      open: change(
        count(from, (f) => f.open, postureBefore !== null),
        count(to, (f) => f.open, true),
      ),
      openCritical: change(
        count(from, (f) => f.critical, postureBefore !== null),
        count(to, (f) => f.critical, true),
      ),
      newFindings: o.newFindings,
      newCritical: o.newCritical,
      resolved: o.resolved,
      overdue: overdue[scope].overdue,
      overdueCritical: overdue[scope].critical,
      sla: {
        met: o.slaMet,
        measured: o.slaMeasured,
        percent: o.slaMeasured === 0 ? null : (100 * o.slaMet) / o.slaMeasured,
      },
      mtta: meanOf(o.ackSumMs, o.ackCount),
      mttr: meanOf(o.fixSumMs, o.fixCount),
      attackPaths: paths[scope],
      anomalies: anomalies[scope],
    };
  };

  // The trend's `score` is the whole estate's, whatever the digest covers: the points given carry that one.
  const whole = (p: PostureByZone, estate: Estate) =>
    covers.length === ZONES.length ? digestScoreOf(p) : digestScore(estate);
  const before = previous && postureBefore ? whole(postureBefore, previous) : null;
  return {
    now,
    period: { start: new Date(startMs), end: new Date(endMs) },
    asOf: current.takenAt,
    baselineAt: previous?.takenAt ?? null,
    covers,
    all: figures(0),
    zones: covers.map((zone) => ({ zone, name: ZONE_NAMES[zone], ...figures(zone) })),
    trend: trendOf(input, startMs, endMs, whole(postureNow, current), before),
  };
}

function digestScoreOf(p: PostureByZone): DigestScore {
  return {
    score: p.all.score,
    byZone: { 1: p.zones[1]?.score ?? null, 2: p.zones[2]?.score ?? null, 3: p.zones[3]?.score ?? null },
  };
}
