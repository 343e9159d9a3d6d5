// Prompt-volume anomaly detector: pure, causal, deterministic, O(1) and allocation-free per bin.
//
// Space. Counts are modelled as y = √(x + 3/8), where Poisson noise has a standard deviation of ½ whatever
// the level (Anscombe); other series as they are. A series taken for counts switches, once, if a value is
// negative or fractional.
//
// Models. Four predictors learn from every observed bin with Huber-clipped errors (robust Holt-Winters, after
// Gelper, Fried & Croux), so a burst barely moves them:
//   M0  a level (half-life 2 h)                              series with no rhythm
//   M1  slow level × daily profile × fast factor (2 h)       the factor follows drift and weekends
//   M2  M1 with a weekly correction of the profile            once every hour of the week has been seen
//   M3  the recent level (half the way each bin)             random walks
// Counts combine the parts multiplicatively (traffic = callers × time-of-day habit, so a quiet weekend is one
// factor at every hour) and learn in bounded relative steps; other series additively. Daily profile: a slot
// per bin of the day; weekly: hourly knots, interpolated.
//
// Two views of each bin. The *structural* view is the best of M0–M2 by its errors over the last few days (so
// seasonality comes from the data): it says what is normal at this time (`expected`, and the band around it),
// and drives the persistence test and level shifts. The *scoring* view adds an AR(1) correction of the errors
// (they persist: an hour of unusual-but-normal traffic, a drifting level) and uses M3 when that predicts far
// better; it catches sharp changes. Both views' errors are whitened by that correction.
//
// Noise. Per model, a robust exponentially weighted mean absolute error; times a time-of-day factor (noise
// differs by hour); never below the Poisson noise at the expected count or the data's resolution; widened
// while young (cold start: wide bounds, low scores, for about a day).
//
// Shifts. A same-sign run of structural |z| ≥ 3.5 lasting `levelShiftMs` becomes the new normal (traffic
// stopping needs a day). For three days after, a return to the previous level counts as normal (a burst
// ending, an outage ending, Monday after the first weekend) and undoes the shift.
//
// Score. p = the two-sided normal tail of the scoring z (above the expected count of a low-count series, the
// exact Poisson tail when that is less extreme), or of the standardised EWMA of structural z (a sustained
// shift of a few σ is as telling as one big bin), whichever is more extreme; z is read as z / 1.2 because
// real errors have heavier tails than normal ones. With m the bins in a day, score = (1 − p)^m: the chance
// that an ordinary day has no bin this far out. So 0.99 means "about once in a hundred days by chance",
// whatever the bin size; on the generated evaluation set 1.5 % of ordinary 5-minute resource-days reach 0.99,
// 3 % of hourly ones (bench/anomaly-set.ts).

import { z as zod } from 'zod/v4';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface DetectorOptions {
  binMs: number;
  /** 'auto' picks none, daily or weekly from recent prediction error; the others force that model. */
  seasonality: 'auto' | 'none' | 'daily' | 'weekly';
  /** 'auto': counts while every value is a non-negative integer. 'counts' rounds and clamps other values. */
  values: 'auto' | 'counts' | 'real';
  /** How long a shift must persist before it becomes the new normal. */
  levelShiftMs: number;
  /** Observed bins over which the bounds start wide and narrow (cold start). Default: a day's bins, 24 to 1,440. */
  warmupBins: number;
  /** Score at or above which a bin is anomalous; `upper`/`lower` are drawn at this score. */
  threshold: number;
}

/**
 * Default anomaly threshold: about one ordinary resource-day in a hundred reaches it. On the generated
 * evaluation set that is about 0.1 false alerts per resource-week (bench/anomaly-eval.ts); 0.9 catches a
 * little more for about four times the false alerts.
 */
export const DEFAULT_THRESHOLD = 0.99;

/** One scored bin. score in [0,1]; causal: uses only bins ≤ this one. */
export interface ScoredBin {
  t: number;
  observed: number | null;
  expected: number;
  upper: number;
  lower: number;
  score: number;
  /** Signed standardised residual: > 0 above normal, < 0 below (a drop). 0 for a missing bin. */
  z: number;
}

const MODE_AUTO = 0;
const MODE_COUNTS = 1;
const MODE_REAL = 2;
const SEASONALITY = ['auto', 'none', 'daily', 'weekly'] as const;
const VALUES = ['auto', 'counts', 'real'] as const;

/** Everything learned that is a single number, in this order in `DetectorState.learned`. */
const LEARNED = [
  'mode',
  'n',
  'firstT',
  'lastX',
  'quantum',
  'level0',
  'levelS',
  'fast',
  'fast2',
  'level3',
  'scale0',
  'scale1',
  'scale2',
  'scale3',
  'choice0',
  'choice1',
  'choice2',
  'corr0',
  'corr1',
  'corr2',
  'corr3',
  'prev0',
  'prev1',
  'prev2',
  'prev3',
  'arPhi',
  'arCross',
  'arSquare',
  'structural',
  'selected',
  'weeklyReady',
  'zbar',
  'zbarScale',
  'run',
  'runLeast',
  'shiftDelta',
  'shiftUntil',
  'revertRun',
] as const;
const L = Object.fromEntries(LEARNED.map((k, i) => [k, i])) as Record<(typeof LEARNED)[number], number>;
const ARRAYS = ['daily', 'dailyN', 'weekly', 'weeklyN', 'bucket', 'bucketN'] as const;

/** Per-resource state. `toJSON`/`fromJSON` round-trip it exactly. */
export interface DetectorState {
  // options
  binMs: number;
  seasonality: number;
  values: number;
  levelShiftMs: number;
  warmupBins: number;
  threshold: number;
  // derived constants
  binsPerDay: number;
  dailySlots: number;
  weeklyKnots: number;
  buckets: number;
  shared: Shared;
  alphaFast: number;
  alphaSlow: number;
  gainDaily: number;
  gainWeekly: number;
  gainScale: number;
  gainChoice: number;
  gainBucket: number;
  weeklyMature: number;
  shiftBins: number;
  // learned
  learned: Float64Array;
  daily: Float64Array;
  dailyN: Float64Array;
  weekly: Float64Array;
  weeklyN: Float64Array;
  bucket: Float64Array;
  bucketN: Float64Array;
}

const DEFAULTS: Omit<DetectorOptions, 'binMs' | 'warmupBins'> = {
  seasonality: 'auto',
  values: 'auto',
  levelShiftMs: 2 * HOUR,
  threshold: DEFAULT_THRESHOLD,
};

/** Huber clip (in σ) for level and profile updates; clip for the scale's absolute errors. */
const HUBER = 2;
const SCALE_CLIP = 2.5;
/** E min(|Z|, 2.5) = 0.794 for a standard normal: this makes the scale a standard deviation. */
const SCALE_FACTOR = 1 / 0.794;
/** Counts learn in relative steps of at most ±50 %, so a level gone wrong cannot blow a profile up. */
const REL_STEP = 0.5;
const POISSON_FLOOR = 0.5;
const SHIFT_Z = 3.5;
const SHIFT_MEMORY_MS = 3 * DAY;
const PERSIST_GAIN = 0.25;
const PERSIST_CLIP = 3;
/** Standard deviation of that EWMA for independent unit-variance z: its scale never goes below this. */
const PERSIST_SD = Math.sqrt(PERSIST_GAIN / (2 - PERSIST_GAIN));
/** A candidate model must beat the current one's error by 8 % to take over. */
const SWITCH_MARGIN = 0.92;
/** Ceiling of the AR(1) coefficient of the errors. */
const AR_MAX = 0.95;
/** Gain of the recent-level model M3 (per bin). */
const ALPHA_RECENT = 0.5;
/**
 * M3 chases the data, so a sustained anomaly fades from its errors after a few bins: it scores only when it
 * predicts far better than the structural model (by 25 %; back when that is under 15 %).
 */
const RECENT_IN = 0.75;
const RECENT_OUT = 0.85;
/**
 * Errors have heavier tails than a normal distribution (the model is never exactly right): z is read as
 * z / TAIL against the normal tail, which makes the score's meaning hold on the evaluation set (about 1 % of
 * ordinary resource-days reach 0.99).
 */
const TAIL = 1.2;
/** Scores below this are reported as 0 (and cost nothing to compute). */
const NEGLIGIBLE = 1e-6;
/** The time-of-day noise factor starts as this many pseudo-bins of 1 (no difference by hour). */
const BUCKET_PRIOR = 12;
/** The least mean the Poisson tail is taken at: after a long silence one request is still unremarkable. */
const LOW_MU = 0.05;

interface Shared {
  /** Daily slot → noise bucket. */
  bucketOf: Uint8Array;
  /** Cold-start widening of σ by observed bins: √(1 + warmupBins / (n + 1)); 1 from the table's end. */
  cold: Float64Array;
  /** |z| where the score reaches the threshold, and where it is still negligible. */
  zBound: number;
  zNegligible: number;
  /** Whole bins per day, one daily slot per bin, whole bins per weekly knot: positions by bin index. */
  regular: boolean;
  binsPerKnot: number;
}

const sharedCache = new Map<string, Shared>();

/** Tables shared (read-only) by detectors with the same settings. */
function sharedFor(
  binMs: number,
  dailySlots: number,
  weeklyKnots: number,
  buckets: number,
  threshold: number,
  warmupBins: number,
): Shared {
  const key = `${binMs}|${threshold}|${warmupBins}`;
  let shared = sharedCache.get(key);
  if (!shared) {
    const bucketOf = new Uint8Array(dailySlots);
    for (let slot = 0; slot < dailySlots; slot++) {
      bucketOf[slot] = Math.min(buckets - 1, Math.floor((slot * buckets) / dailySlots));
    }
    // The last 1 % of the widening is dropped at 50 × warmupBins.
    const cold = new Float64Array(50 * warmupBins);
    for (let n = 0; n < cold.length; n++) cold[n] = Math.sqrt(1 + warmupBins / (n + 1));
    const binsPerDay = DAY / binMs;
    const binsPerKnot = weeklyKnots > 0 ? WEEK / binMs / weeklyKnots : 1;
    const regular =
      Number.isInteger(binMs) &&
      DAY % binMs === 0 &&
      dailySlots === binsPerDay &&
      (weeklyKnots === 0 || Number.isInteger(binsPerKnot));
    shared = {
      bucketOf,
      cold,
      zBound: TAIL * zForScore(threshold, binsPerDay),
      zNegligible: TAIL * zForScore(NEGLIGIBLE, binsPerDay),
      regular,
      binsPerKnot: regular ? binsPerKnot : 1,
    };
    if (sharedCache.size > 64) sharedCache.clear();
    sharedCache.set(key, shared);
  }
  return shared;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
/** Per-step gain for a half-life of `h` steps. */
const gainFor = (h: number) => 1 - 0.5 ** (1 / h);

export function newDetector(binMs: number, options?: Partial<DetectorOptions>): DetectorState {
  if (!Number.isFinite(binMs) || binMs <= 0) throw new RangeError(`binMs must be a positive number, got ${binMs}`);
  const o = { ...DEFAULTS, ...options };
  if (!(o.threshold > 0 && o.threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${o.threshold}`);
  if (!(o.levelShiftMs > 0)) throw new RangeError(`levelShiftMs must be positive, got ${o.levelShiftMs}`);
  const binsPerDay = DAY / binMs;
  // Until a day has been seen the daily shape is unknown: the bounds stay wide for about that long.
  const warmupBins = Math.max(1, Math.round(o.warmupBins ?? clamp(binsPerDay, 24, 1440)));
  const dailySlots = binsPerDay >= 4 ? Math.min(2880, Math.round(binsPerDay)) : 0;
  const binsPerWeek = WEEK / binMs;
  const weeklyKnots = binsPerWeek >= 4 ? Math.min(168, Math.round(binsPerWeek)) : 0;
  const buckets = dailySlots >= 24 ? clamp(Math.floor(dailySlots / 3), 1, 24) : 1;
  const binsPerKnot = Math.max(1, binsPerWeek / Math.max(1, weeklyKnots));
  // One allocation for all the per-resource arrays.
  const memory = new ArrayBuffer(8 * (LEARNED.length + 2 * (dailySlots + weeklyKnots + buckets)));
  let at = 0;
  const view = (length: number) => {
    const a = new Float64Array(memory, at, length);
    at += 8 * length;
    return a;
  };
  const st: DetectorState = {
    binMs,
    seasonality: SEASONALITY.indexOf(o.seasonality),
    values: VALUES.indexOf(o.values),
    levelShiftMs: o.levelShiftMs,
    warmupBins,
    threshold: o.threshold,
    binsPerDay,
    dailySlots,
    weeklyKnots,
    buckets,
    shared: sharedFor(binMs, dailySlots, weeklyKnots, buckets, o.threshold, warmupBins),
    // Fast level and factor: half-life of 2 hours (3 to 48 bins). Slow level under the profiles: a day
    // (6 to 288 bins), so that the profiles, not the level, explain the day and the week.
    alphaFast: gainFor(clamp((2 * HOUR) / binMs, 3, 48)),
    alphaSlow: gainFor(clamp(DAY / binMs, 6, 288)),
    // Daily profile: half-life of 4 visits (days). Weekly: 2 weeks, spread over a knot's bins.
    gainDaily: gainFor(4),
    gainWeekly: gainFor(2) / binsPerKnot,
    // Scales: half-life of half a day (12 to 144 bins). Time-of-day factor: 3 days of its bucket's bins.
    gainScale: gainFor(clamp(binsPerDay / 2, 12, 144)),
    // Model choice: half-life of 2.5 days (24 to 720 bins).
    gainChoice: gainFor(clamp(2.5 * binsPerDay, 24, 720)),
    gainBucket: gainFor(Math.max(3, (3 * Math.max(1, dailySlots)) / buckets)),
    // A weekly knot is known once it has had half a week's worth of its bins.
    weeklyMature: 0.5 * binsPerKnot,
    shiftBins: Math.max(4, Math.round(o.levelShiftMs / binMs)),
    learned: view(LEARNED.length),
    daily: view(dailySlots),
    dailyN: view(dailySlots),
    weekly: view(weeklyKnots),
    weeklyN: view(weeklyKnots),
    bucket: view(buckets),
    bucketN: view(buckets),
  };
  reset(st, o.values === 'counts' ? MODE_COUNTS : o.values === 'real' ? MODE_REAL : MODE_AUTO);
  return st;
}

/** Forget everything learned (options kept). Also used once, when a series taken for counts is not. */
function reset(st: DetectorState, mode: number): void {
  st.learned.fill(0);
  st.learned[L.mode] = mode;
  st.learned[L.zbarScale] = PERSIST_SD;
  st.daily.fill(0);
  st.dailyN.fill(0);
  st.weekly.fill(0);
  st.weeklyN.fill(0);
  st.bucket.fill(1);
  st.bucketN.fill(BUCKET_PRIOR);
}

// ---------------------------------------------------------------------------------------------------------
// Score calibration

/** Two-sided standard normal tail P(|Z| ≥ z), absolute error < 1.5e-7 (Abramowitz & Stegun 7.1.26). */
function normalTail2(z: number): number {
  const x = (z < 0 ? -z : z) * Math.SQRT1_2;
  const t = 1 / (1 + 0.3275911 * x);
  const p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const tail = p * Math.exp(-x * x);
  return tail > 1 ? 1 : tail;
}

/** (1 − p)^m: the chance that a normal day (m bins) has no bin with a tail probability as small as p. */
function scoreOfTail(p: number, binsPerDay: number): number {
  const m = binsPerDay > 1 ? binsPerDay : 1;
  // For tiny p, (1 − p)^m = exp(−m·p) to double precision; saves a log.
  return p < 1e-8 ? Math.exp(-m * p) : p >= 1 ? 0 : Math.exp(m * Math.log1p(-p));
}

/**
 * Standard deviation of √(X + 3/8) for X ~ Poisson(μ), by μ in steps of 0.01 below 4 (½ above):
 * ≈ ½ √(1 − e^(−1.5 μ)), never below that at μ = 0.02.
 */
const POISSON_SD = (() => {
  const table = new Float64Array(400);
  for (let i = 0; i < 400; i++) table[i] = POISSON_FLOOR * Math.sqrt(1 - Math.exp(-1.5 * Math.max(i / 100, 0.02)));
  return table;
})();

/** log k! for k ≤ 1000. */
const LOG_FACTORIAL = (() => {
  const table = new Float64Array(1001);
  for (let k = 2; k <= 1000; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

/** P(X ≥ x) for X ~ Poisson(mu), summed from the top term (accurate however small). 1 when x ≤ mu. */
function poissonUpperTail(x: number, mu: number): number {
  if (x <= mu) return 1;
  if (x > 1000) return 0;
  let term = Math.exp(-mu + x * Math.log(mu) - LOG_FACTORIAL[x]!);
  let sum = term;
  for (let k = x + 1; k < x + 400; k++) {
    term *= mu / k;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum > 1 ? 1 : sum;
}

/** The |z| at which the score reaches `score` (bisection, once per setting). */
function zForScore(score: number, binsPerDay: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (scoreOfTail(normalTail2(mid), binsPerDay) < score) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------------------
// The detector loop. One implementation serves `update` (one bin) and `scoreInto` (many): the state is
// copied into locals, the bins are processed, and the state is written back, so both give identical results.

function fromModel(counts: boolean, y: number): number {
  if (!counts) return y;
  // Anscombe's inverse y² − 1/8 is close to unbiased for Poisson counts; nothing below zero.
  if (y <= 0.6123724356957945) return 0;
  const x = y * y - 0.125;
  return x > 0 ? x : 0;
}

/** Scratch columns for `update` (one bin). */
const one = {
  value: new Float64Array(1),
  score: new Float64Array(1),
  expected: new Float64Array(1),
  upper: new Float64Array(1),
  lower: new Float64Array(1),
  z: new Float64Array(1),
};

function run(
  st: DetectorState,
  start: number,
  values: Float64Array,
  from: number,
  to: number,
  scoreOut: Float64Array,
  expectedOut: Float64Array | undefined,
  upperOut: Float64Array | undefined,
  lowerOut: Float64Array | undefined,
  zOut: Float64Array | undefined,
): void {
  // Module constants copied to locals: the hot loop then reads registers, not module slots.
  const _DAY = DAY;
  const _WEEK = WEEK;
  const _HUBER = HUBER;
  const _SCALE_CLIP = SCALE_CLIP;
  const _SCALE_FACTOR = SCALE_FACTOR;
  const _REL_STEP = REL_STEP;
  const _POISSON_FLOOR = POISSON_FLOOR;
  const _SHIFT_Z = SHIFT_Z;
  const _PERSIST_GAIN = PERSIST_GAIN;
  const _PERSIST_CLIP = PERSIST_CLIP;
  const _PERSIST_SD = PERSIST_SD;
  const _SWITCH_MARGIN = SWITCH_MARGIN;
  const _AR_MAX = AR_MAX;
  const _ALPHA_RECENT = ALPHA_RECENT;
  const _MODE_REAL = MODE_REAL;
  const _INV_TAIL = 1 / TAIL;
  const poissonSd = POISSON_SD;
  const binMs = st.binMs;
  const ds = st.dailySlots;
  const wk = st.weeklyKnots;
  const nb = st.buckets;
  const daily = st.daily;
  const dailyN = st.dailyN;
  const weekly = st.weekly;
  const weeklyN = st.weeklyN;
  const bucket = st.bucket;
  const bucketN = st.bucketN;
  const alphaFast = st.alphaFast;
  const aS = st.alphaSlow;
  const gainDaily = st.gainDaily;
  const gainDailyNet = gainDaily * (1 - aS);
  const gainWeekly = st.gainWeekly;
  const gainScale = st.gainScale;
  const gainChoice = st.gainChoice;
  const gainBucket = st.gainBucket;
  const mature = st.weeklyMature;
  const cold = st.shared.cold;
  const coldBins = cold.length;
  const bucketOf = st.shared.bucketOf;
  const zBound = st.shared.zBound;
  const zNegligible = st.shared.zNegligible;
  const binsPerDay = st.binsPerDay;
  // The persistence test waits for a day of history: until the profiles are learnt, errors come in runs.
  const persistFrom = Math.max(st.warmupBins, binsPerDay);
  const shiftBins = st.shiftBins;
  const season = st.seasonality;
  const forcedCounts = st.values === 1;

  const S = st.learned;
  let mode = S[L.mode]!;
  let n = S[L.n]!;
  let firstT = S[L.firstT]!;
  let lastX = S[L.lastX]!;
  let quantum = S[L.quantum]!;
  let level0 = S[L.level0]!;
  let levelS = S[L.levelS]!;
  let fast = S[L.fast]!;
  let fast2 = S[L.fast2]!;
  let level3 = S[L.level3]!;
  let scale0 = S[L.scale0]!;
  let scale1 = S[L.scale1]!;
  let scale2 = S[L.scale2]!;
  let scale3 = S[L.scale3]!;
  let choice0 = S[L.choice0]!;
  let choice1 = S[L.choice1]!;
  let choice2 = S[L.choice2]!;
  let corr0 = S[L.corr0]!;
  let corr1 = S[L.corr1]!;
  let corr2 = S[L.corr2]!;
  let corr3 = S[L.corr3]!;
  let prev0 = S[L.prev0]!;
  let prev1 = S[L.prev1]!;
  let prev2 = S[L.prev2]!;
  let prev3 = S[L.prev3]!;
  let arPhi = S[L.arPhi]!;
  let arCross = S[L.arCross]!;
  let arSquare = S[L.arSquare]!;
  let structural = S[L.structural]!;
  let selected = S[L.selected]!;
  let weeklyReady = S[L.weeklyReady]!;
  let zbar = S[L.zbar]!;
  let zbarScale = S[L.zbarScale]!;
  let runLength = S[L.run]!;
  let runLeast = S[L.runLeast]!;
  let shiftDelta = S[L.shiftDelta]!;
  let shiftUntil = S[L.shiftUntil]!;
  let revertRun = S[L.revertRun]!;

  // Position in the day (slot) and the week (knots k0, k1 and the fraction wf between them). With bins that
  // divide the day into whole milliseconds and whole slots ("regular"), the position is defined on bin
  // indexes and, for integer times, stepped along bin by bin; otherwise computed from the time each bin.
  const regular = st.shared.regular;
  const bpk = st.shared.binsPerKnot;
  const invBpk = 1 / bpk;
  const stepping = regular && Number.isInteger(binMs) && Number.isInteger(start);
  let t = start + from * binMs;
  let slot = 0;
  let k0 = 0;
  let sub = 0;
  let wf = 0;

  for (let i = from; i < to; i++, t += binMs) {
    if (i !== from && stepping) {
      if (++slot === ds) slot = 0;
      if (++sub === bpk) {
        sub = 0;
        if (++k0 === wk) k0 = 0;
      }
      wf = sub * invBpk;
    } else {
      if (i !== from) t = start + i * binMs;
      const dayMs = t - Math.floor(t / _DAY) * _DAY;
      const weekMs = t - Math.floor(t / _WEEK) * _WEEK;
      if (regular) {
        // (| 0: small non-negative integers, kept as int32 by the engine.)
        slot = (dayMs / binMs) | 0;
        const weekBin = (weekMs / binMs) | 0;
        k0 = (weekBin / bpk) | 0;
        sub = weekBin - k0 * bpk;
        wf = sub * invBpk;
      } else {
        if (ds > 0) {
          slot = ((dayMs * ds) / _DAY) | 0;
          if (slot >= ds) slot = ds - 1;
        }
        if (wk > 0) {
          const u = (weekMs * wk) / _WEEK;
          k0 = u | 0;
          wf = u - k0;
          if (k0 >= wk) k0 = wk - 1;
        }
      }
    }
    const k1 = k0 + 1 === wk ? 0 : k0 + 1;
    const b = nb === 1 ? 0 : bucketOf[slot]!;

    let x = values[i]!;
    const missing = x - x !== 0;
    if (!missing && mode !== _MODE_REAL && !(x >= 0 && Math.floor(x) === x)) {
      if (forcedCounts) x = x > 0 ? Math.round(x) : 0;
      else {
        // Not counts after all: start again on the values as they are (once).
        reset(st, _MODE_REAL);
        mode = _MODE_REAL;
        n = firstT = lastX = quantum = level0 = levelS = fast = fast2 = level3 = 0;
        scale0 = scale1 = scale2 = scale3 = corr0 = corr1 = corr2 = corr3 = choice0 = choice1 = choice2 = 0;
        prev0 = prev1 = prev2 = prev3 = arPhi = arCross = arSquare = 0;
        structural = selected = weeklyReady = zbar = 0;
        zbarScale = _PERSIST_SD;
        runLength = runLeast = shiftDelta = shiftUntil = revertRun = 0;
      }
    }
    if (!missing && mode === MODE_AUTO) mode = MODE_COUNTS;
    const mult = mode === MODE_COUNTS;

    // ---- predictions
    const seen = ds > 0 && dailyN[slot]! > 0;
    const d = seen ? daily[slot]! : mult ? 1 : 0;
    const w = wk > 0 ? (1 - wf) * weekly[k0]! + wf * weekly[k1]! : 0;
    const base = mult ? levelS * d : levelS + d;
    const e0 = level0;
    const e1 = mult ? base * fast : base + fast;
    const e2 = mult ? base * (1 + w) * fast2 : base + w + fast2;
    const e3 = level3;
    // Structural view: what is normal now.
    const eT = structural === 0 ? e0 : structural === 1 ? e1 : e2;
    const sT = structural === 0 ? scale0 : structural === 1 ? scale1 : scale2;
    // …and with the AR correction, for the persistence test (whitened errors: a run of them means something).
    const eTc = eT + arPhi * (structural === 0 ? prev0 : structural === 1 ? prev1 : prev2);
    const sTc = structural === 0 ? corr0 : structural === 1 ? corr1 : corr2;
    // Scoring view: the selected model plus φ × its last clipped error.
    const sel = selected;
    const e =
      sel === 0
        ? e0 + arPhi * prev0
        : sel === 1
          ? e1 + arPhi * prev1
          : sel === 2
            ? e2 + arPhi * prev2
            : e3 + arPhi * prev3;
    const s = sel === 0 ? corr0 : sel === 1 ? corr1 : sel === 2 ? corr2 : corr3;

    // ---- noise scale of this bin: never below the Poisson noise at the expected count (½ in √ space from a
    // few counts up, less below) or the data's resolution; wide while the detector is young.
    const h = bucket[b]!;
    let floor = quantum;
    if (mult) {
      const mu = e * e - 0.375;
      floor = mu >= 4 ? _POISSON_FLOOR : poissonSd[mu > 0 ? (mu * 100) | 0 : 0]!;
    }
    const tiny = 1e-9 * ((e < 0 ? -e : e) + 1e-9);
    if (floor < tiny) floor = tiny;
    const widen = n < coldBins ? cold[n]! : 1;
    const sigma = (s * h > floor ? s * h : floor) * widen;
    const sigmaT = (sT * h > floor ? sT * h : floor) * widen;
    const sigmaTc = (sTc * h > floor ? sTc * h : floor) * widen;

    scoreOut[i] = 0;
    if (zOut) zOut[i] = 0;
    if (n === 0) {
      const v = missing ? 0 : x;
      if (expectedOut) expectedOut[i] = v;
      if (upperOut) upperOut[i] = v;
      if (lowerOut) lowerOut[i] = v;
    } else {
      // What is normal now (the structural view, not the error-chasing correction: a card shows this), with
      // the band a single bin must leave to reach the threshold.
      if (expectedOut) expectedOut[i] = fromModel(mult, eT);
      if (upperOut) upperOut[i] = fromModel(mult, eT + zBound * sigma);
      if (lowerOut) lowerOut[i] = fromModel(mult, eT - zBound * sigma);
    }
    if (missing) {
      // After a gap, the last errors say nothing about the next bin.
      prev0 = prev1 = prev2 = prev3 = 0;
      continue;
    }

    const y = mult ? Math.sqrt(x + 0.375) : x;
    if (n === 0) {
      firstT = t;
      level0 = levelS = level3 = y;
      fast = fast2 = mult ? 1 : 0;
      lastX = x;
      n = 1;
      continue;
    }

    // ---- score
    const r = y - e;
    const rT = y - eT;
    let zz = r / sigma;
    const zT = rT / sigmaT;
    let zTn = (y - eTc) / sigmaTc;
    const shifted = shiftDelta !== 0 && t < shiftUntil;
    let zBefore = 0;
    if (shifted) {
      // Back at the level from before the last accepted shift is normal too.
      const undo = mult ? 1 / (1 + shiftDelta) : 0;
      zBefore = (y - (mult ? eT * undo : eT - shiftDelta)) / sigmaT;
      const zc = (y - (mult ? eTc * undo : eTc - shiftDelta)) / sigmaTc;
      if ((zc < 0 ? -zc : zc) < (zTn < 0 ? -zTn : zTn)) zTn = zc;
      const zb = (y - (mult ? e * undo : e - shiftDelta)) / sigma;
      if ((zb < 0 ? -zb : zb) < (zz < 0 ? -zz : zz)) zz = zb;
    }
    const zc = zTn > _PERSIST_CLIP ? _PERSIST_CLIP : zTn < -_PERSIST_CLIP ? -_PERSIST_CLIP : zTn;
    zbar += _PERSIST_GAIN * (zc - zbar);
    const az = zz < 0 ? -zz : zz;
    const abar = n > persistFrom ? (zbar < 0 ? -zbar : zbar) : 0;
    const barScale = zbarScale > _PERSIST_SD ? zbarScale : _PERSIST_SD;
    if (zOut) zOut[i] = zz;
    if (az >= zNegligible || abar >= zNegligible * barScale) {
      let p = normalTail2(az * _INV_TAIL);
      // Low counts are skewed: above the expected count the exact Poisson tail (at a mean one σ higher, for
      // the uncertainty of the estimate) is the honest one, and a few requests at night stay unremarkable.
      if (mult && r > 0) {
        const up = e + sigma;
        const muHigh = up * up - 0.375;
        if (muHigh < 30) {
          const pPoisson = poissonUpperTail(x, muHigh > LOW_MU ? muHigh : LOW_MU);
          if (pPoisson > p) p = pPoisson;
        }
      }
      const ap = abar / barScale;
      if (ap >= zNegligible) {
        const pPersist = normalTail2(ap * _INV_TAIL);
        if (pPersist < p) p = pPersist;
      }
      scoreOut[i] = scoreOfTail(p, binsPerDay);
    }

    // ---- learn, with Huber-clipped errors (not clipped for the first bins: the scale is unknown then).
    // Clip limits never go below the noise floor: a scale learnt on silent nights must not freeze a model.
    const early = n < 8;
    const lo = (mult ? _POISSON_FLOOR : quantum) + tiny;
    const sh0 = scale0 * h > lo ? scale0 * h : lo;
    const sh1 = scale1 * h > lo ? scale1 * h : lo;
    const sh2 = scale2 * h > lo ? scale2 * h : lo;
    const sh3 = scale3 * h > lo ? scale3 * h : lo;
    // M0: one level
    const r0 = y - e0;
    let lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh0;
    const c0 = r0 > lim ? lim : r0 < -lim ? -lim : r0;
    level0 += (n < 3 ? 0.5 : alphaFast) * c0;
    // M3: the recent level
    const r3 = y - e3;
    lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh3;
    const c3 = r3 > lim ? lim : r3 < -lim ? -lim : r3;
    level3 += _ALPHA_RECENT * c3;
    // Slow level and daily profile, from the error against level × profile
    lim = early ? Number.POSITIVE_INFINITY : _HUBER * (sh1 > sh2 ? sh1 : sh2);
    const rbRaw = y - base;
    const rb = rbRaw > lim ? lim : rbRaw < -lim ? -lim : rbRaw;
    const levelBefore = levelS;
    const invBase = mult ? 1 / (base > 1e-3 ? base : 1e-3) : 0;
    let q = 0;
    if (mult) {
      q = rb * invBase;
      q = q > _REL_STEP ? _REL_STEP : q < -_REL_STEP ? -_REL_STEP : q;
      levelS = levelBefore * (1 + aS * q);
      if (levelS < 1e-3) levelS = 1e-3;
    } else levelS = levelBefore + aS * rb;
    if (ds > 0) {
      const cnt = dailyN[slot]! + 1;
      dailyN[slot] = cnt;
      if (!seen) daily[slot] = mult ? y / (levelBefore > 1e-3 ? levelBefore : 1e-3) : y - levelBefore;
      else {
        const g = cnt * gainDaily > 1 ? gainDailyNet : (1 - aS) / cnt;
        if (mult) {
          const next = d * (1 + g * q);
          daily[slot] = next > 1e-3 ? next : 1e-3;
        } else daily[slot] = d + g * rb;
      }
    }
    // M1: the fast factor on top of level × profile
    const r1 = y - e1;
    lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh1;
    const c1 = r1 > lim ? lim : r1 < -lim ? -lim : r1;
    if (mult) {
      let q1 = c1 / (e1 > 1e-3 ? e1 : 1e-3);
      q1 = q1 > _REL_STEP ? _REL_STEP : q1 < -_REL_STEP ? -_REL_STEP : q1;
      fast *= 1 + alphaFast * q1;
      fast = fast < 0.01 ? 0.01 : fast > 100 ? 100 : fast;
    } else fast += alphaFast * c1;
    // M2: the weekly correction of level × profile (LMS on the two neighbouring knots), once the day is known
    const r2 = y - e2;
    lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh2;
    const c2 = r2 > lim ? lim : r2 < -lim ? -lim : r2;
    if (mult) {
      let q2 = c2 / (e2 > 1e-3 ? e2 : 1e-3);
      q2 = q2 > _REL_STEP ? _REL_STEP : q2 < -_REL_STEP ? -_REL_STEP : q2;
      fast2 *= 1 + alphaFast * q2;
      fast2 = fast2 < 0.01 ? 0.01 : fast2 > 100 ? 100 : fast2;
    } else fast2 += alphaFast * c2;
    if (wk > 0 && seen) {
      let step2 = c2;
      if (mult) {
        step2 *= invBase / fast2;
        step2 = step2 > _REL_STEP ? _REL_STEP : step2 < -_REL_STEP ? -_REL_STEP : step2;
      }
      const old0 = weeklyN[k0]!;
      const old1 = weeklyN[k1]!;
      const wn0 = old0 + (1 - wf);
      const wn1 = old1 + wf;
      if (old0 < mature && wn0 >= mature) weeklyReady++;
      if (old1 < mature && wn1 >= mature) weeklyReady++;
      weeklyN[k0] = wn0;
      weeklyN[k1] = wn1;
      if (wn0 > 0) weekly[k0] = weekly[k0]! + (1 - wf) * (wn0 * gainWeekly > 1 ? gainWeekly : 1 / wn0) * step2;
      if (wn1 > 0) weekly[k1] = weekly[k1]! + wf * (wn1 * gainWeekly > 1 ? gainWeekly : 1 / wn1) * step2;
    }

    // ---- scales: robust mean absolute errors, raw (for clipping, the structural view) and after the AR
    // correction (for the scoring view and model choice); then φ from the selected model's errors.
    const gs = early ? 1 / (n + 1) : gainScale;
    const first = scale0 === 0;
    // (The structural choice compares the same clipped errors over a longer memory, a few days, so that it
    // holds across the week: a weekly model earns its keep on weekends.)
    const gc = early ? 1 / (n + 1) : gainChoice;
    let a = r0 < 0 ? -r0 : r0;
    let cap = _SCALE_CLIP * sh0;
    a = first || a < cap ? a : cap;
    scale0 += gs * (_SCALE_FACTOR * a - scale0);
    choice0 += gc * (a - choice0);
    a = r1 < 0 ? -r1 : r1;
    cap = _SCALE_CLIP * sh1;
    a = first || a < cap ? a : cap;
    scale1 += gs * (_SCALE_FACTOR * a - scale1);
    choice1 += gc * (a - choice1);
    a = r2 < 0 ? -r2 : r2;
    cap = _SCALE_CLIP * sh2;
    a = first || a < cap ? a : cap;
    scale2 += gs * (_SCALE_FACTOR * a - scale2);
    choice2 += gc * (a - choice2);
    a = r3 < 0 ? -r3 : r3;
    cap = _SCALE_CLIP * sh3;
    scale3 += gs * (_SCALE_FACTOR * (first || a < cap ? a : cap) - scale3);
    let rc = r0 - arPhi * prev0;
    a = rc < 0 ? -rc : rc;
    cap = _SCALE_CLIP * (corr0 * h > lo ? corr0 * h : lo);
    corr0 += gs * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr0);
    rc = r1 - arPhi * prev1;
    a = rc < 0 ? -rc : rc;
    cap = _SCALE_CLIP * (corr1 * h > lo ? corr1 * h : lo);
    corr1 += gs * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr1);
    rc = r2 - arPhi * prev2;
    a = rc < 0 ? -rc : rc;
    cap = _SCALE_CLIP * (corr2 * h > lo ? corr2 * h : lo);
    corr2 += gs * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr2);
    rc = r3 - arPhi * prev3;
    a = rc < 0 ? -rc : rc;
    cap = _SCALE_CLIP * (corr3 * h > lo ? corr3 * h : lo);
    corr3 += gs * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr3);
    if (!early) {
      const cSel = sel === 0 ? c0 : sel === 1 ? c1 : sel === 2 ? c2 : c3;
      const pSel = sel === 0 ? prev0 : sel === 1 ? prev1 : sel === 2 ? prev2 : prev3;
      arCross += gainScale * (cSel * pSel - arCross);
      arSquare += gainScale * (pSel * pSel - arSquare);
      // (φ moves slowly: refreshing it every 8th bin saves a division.)
      if ((n & 7) === 0) {
        const phi = arSquare > 0 ? arCross / arSquare : 0;
        arPhi = phi < 0 ? 0 : phi > _AR_MAX ? _AR_MAX : phi;
      }
    }
    a = (zbar < 0 ? -zbar : zbar) * _SCALE_FACTOR;
    cap = _SCALE_CLIP * _SCALE_FACTOR * zbarScale;
    zbarScale += gainScale * ((a < cap ? a : cap) - zbarScale);
    if (nb > 1 && s > 0) {
      const ar = (r < 0 ? -r : r) / s;
      const u = (ar < _SCALE_CLIP * h ? ar : _SCALE_CLIP * h) * _SCALE_FACTOR;
      const cnt = bucketN[b]! + 1;
      bucketN[b] = cnt;
      bucket[b] = h + (cnt * gainBucket > 1 ? gainBucket : 1 / cnt) * (u - h);
    }
    prev0 = c0;
    prev1 = c1;
    prev2 = c2;
    prev3 = c3;
    // Resolution of non-count data: a change of one step is never an anomaly.
    if (!mult) {
      const dx = x > lastX ? x - lastX : lastX - x;
      if (dx > 0 && (quantum === 0 || dx < quantum)) quantum = dx;
    }
    lastX = x;

    // ---- persistent shifts (structural view) become the new normal; a return to the previous level undoes it
    const big = zT >= _SHIFT_Z || zT <= -_SHIFT_Z;
    if (shifted) {
      if ((zBefore < 0 ? -zBefore : zBefore) < 2 && big) {
        if (++revertRun >= Math.max(2, shiftBins >> 2)) {
          const undo = mult ? 1 / (1 + shiftDelta) : -shiftDelta;
          if (mult) {
            level0 *= undo;
            levelS *= undo;
            level3 *= undo;
          } else {
            level0 += undo;
            levelS += undo;
            level3 += undo;
          }
          shiftDelta = 0;
          revertRun = 0;
          runLength = 0;
        }
      } else revertRun = 0;
    }
    if (big) {
      const sign = zT > 0 ? 1 : -1;
      if (runLength * sign > 0) {
        runLength += sign;
        if ((rT < 0 ? -rT : rT) < (runLeast < 0 ? -runLeast : runLeast)) runLeast = rT;
      } else {
        runLength = sign;
        runLeast = rT;
      }
      const delta = mult ? Math.max(-0.99, runLeast / (eT > 1e-3 ? eT : 1e-3)) : runLeast;
      // Traffic stopping (counts down by more than 80 %) is an outage for a day before it is the new normal.
      const needed = mult && delta < -0.8 ? Math.max(shiftBins, Math.round(binsPerDay)) : shiftBins;
      if ((runLength < 0 ? -runLength : runLength) >= needed) {
        if (mult) {
          level0 *= 1 + delta;
          levelS *= 1 + delta;
          level3 *= 1 + delta;
        } else {
          level0 += delta;
          levelS += delta;
          level3 += delta;
        }
        shiftDelta = delta;
        shiftUntil = t + SHIFT_MEMORY_MS;
        revertRun = 0;
        runLength = 0;
      }
    } else runLength = 0;

    // ---- model choice: structural by raw error among the models with enough history; scoring adds the AR
    // correction and takes M3 only when it is far better
    const age = t - firstT;
    const canDaily = season !== 1 && ds > 0 && age >= _DAY && n >= binsPerDay / 2;
    const canWeekly = (season === 0 || season === 3) && wk > 0 && weeklyReady >= wk && age >= _WEEK;
    if (season === 0) {
      let best = structural === 2 && !canWeekly ? (canDaily ? 1 : 0) : structural === 1 && !canDaily ? 0 : structural;
      let cost = best === 0 ? choice0 : best === 1 ? choice1 : choice2;
      if (best !== 0 && choice0 < cost * _SWITCH_MARGIN) {
        best = 0;
        cost = choice0;
      }
      if (canDaily && best !== 1 && choice1 < cost * _SWITCH_MARGIN) {
        best = 1;
        cost = choice1;
      }
      if (canWeekly && best !== 2 && choice2 < cost * _SWITCH_MARGIN) best = 2;
      structural = best;
      const corrT = best === 0 ? corr0 : best === 1 ? corr1 : corr2;
      selected = corr3 < corrT * (sel === 3 ? RECENT_OUT : RECENT_IN) ? 3 : best;
    } else {
      structural = season === 3 && canWeekly ? 2 : season >= 2 && canDaily ? 1 : 0;
      selected = structural;
    }
    n++;
  }

  S[L.mode] = mode;
  S[L.n] = n;
  S[L.firstT] = firstT;
  S[L.lastX] = lastX;
  S[L.quantum] = quantum;
  S[L.level0] = level0;
  S[L.levelS] = levelS;
  S[L.fast] = fast;
  S[L.fast2] = fast2;
  S[L.level3] = level3;
  S[L.scale0] = scale0;
  S[L.scale1] = scale1;
  S[L.scale2] = scale2;
  S[L.scale3] = scale3;
  S[L.choice0] = choice0;
  S[L.choice1] = choice1;
  S[L.choice2] = choice2;
  S[L.corr0] = corr0;
  S[L.corr1] = corr1;
  S[L.corr2] = corr2;
  S[L.corr3] = corr3;
  S[L.prev0] = prev0;
  S[L.prev1] = prev1;
  S[L.prev2] = prev2;
  S[L.prev3] = prev3;
  S[L.arPhi] = arPhi;
  S[L.arCross] = arCross;
  S[L.arSquare] = arSquare;
  S[L.structural] = structural;
  S[L.selected] = selected;
  S[L.weeklyReady] = weeklyReady;
  S[L.zbar] = zbar;
  S[L.zbarScale] = zbarScale;
  S[L.run] = runLength;
  S[L.runLeast] = runLeast;
  S[L.shiftDelta] = shiftDelta;
  S[L.shiftUntil] = shiftUntil;
  S[L.revertRun] = revertRun;
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/** Feeds one bin (null or a non-finite number = missing: nothing is learned, the score is 0). */
export function update(state: DetectorState, t: number, observed: number | null): ScoredBin {
  const x = observed === null || !Number.isFinite(observed) ? Number.NaN : observed;
  one.value[0] = x;
  run(state, t, one.value, 0, 1, one.score, one.expected, one.upper, one.lower, one.z);
  return {
    t,
    observed: Number.isNaN(x) ? null : x,
    expected: one.expected[0]!,
    upper: one.upper[0]!,
    lower: one.lower[0]!,
    score: one.score[0]!,
    z: one.z[0]!,
  };
}

/** Score a whole regular series (null = missing bin, not zero). Deterministic. */
export function scoreSeries(
  start: number,
  binMs: number,
  values: ArrayLike<number | null>,
  options?: Partial<DetectorOptions>,
): ScoredBin[] {
  const state = newDetector(binMs, options);
  const result: ScoredBin[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) result[i] = update(state, start + i * binMs, values[i] ?? null);
  return result;
}

/** Columns filled by `scoreInto`; all but `score` optional. */
export interface ScoreColumns {
  score: Float64Array;
  expected?: Float64Array;
  upper?: Float64Array;
  lower?: Float64Array;
  z?: Float64Array;
}

/** Bins per call of the loop: the engine then optimises it as a whole function, not only its loop (faster). */
const CHUNK = 256;

/**
 * The allocation-free form, for many series: `values[i]` is the bin at `start + i · binMs` (NaN = missing);
 * results go to the same index of `columns`. Continues from `state` (new or restored) exactly as `update`
 * would, bin by bin, over `[from, to)`.
 */
export function scoreInto(
  state: DetectorState,
  start: number,
  values: Float64Array,
  columns: ScoreColumns,
  from = 0,
  to = values.length,
): void {
  const { score, expected, upper, lower, z } = columns;
  for (let i = from; i < to; i += CHUNK)
    run(state, start, values, i, Math.min(to, i + CHUNK), score, expected, upper, lower, z);
}

/** The |z| at which this detector's score reaches its threshold (where `upper`/`lower` are drawn). */
export function thresholdZOf(state: DetectorState): number {
  return state.shared.zBound;
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation

/** A JSON-safe copy of the state (plain numbers and arrays), for storing per resource. */
export function toJSON(state: DetectorState): unknown {
  const learned: Record<string, number> = {};
  for (const k of LEARNED) learned[k] = state.learned[L[k]]!;
  const arrays: Record<string, number[]> = {};
  for (const k of ARRAYS) arrays[k] = Array.from(state[k]);
  return {
    v: 1,
    options: {
      binMs: state.binMs,
      seasonality: SEASONALITY[state.seasonality],
      values: VALUES[state.values],
      levelShiftMs: state.levelShiftMs,
      warmupBins: state.warmupBins,
      threshold: state.threshold,
    },
    learned,
    arrays,
  };
}

const finite = zod.number().refine(Number.isFinite, 'must be a finite number');
const StateJson = zod.object({
  v: zod.literal(1),
  options: zod.object({
    binMs: finite.positive(),
    seasonality: zod.enum(SEASONALITY),
    values: zod.enum(VALUES),
    levelShiftMs: finite.positive(),
    warmupBins: finite.positive(),
    threshold: finite.gt(0).lt(1),
  }),
  learned: zod.object(
    Object.fromEntries(LEARNED.map((k) => [k, finite])) as Record<(typeof LEARNED)[number], typeof finite>,
  ),
  arrays: zod.object(
    Object.fromEntries(ARRAYS.map((k) => [k, zod.array(finite)])) as Record<
      (typeof ARRAYS)[number],
      zod.ZodArray<typeof finite>
    >,
  ),
});

/** Restores a state saved with `toJSON`; throws a TypeError saying what is wrong when it is not one. */
export function fromJSON(json: unknown): DetectorState {
  const parsed = StateJson.safeParse(json);
  if (!parsed.success) throw new TypeError(`not a saved detector state: ${zod.prettifyError(parsed.error)}`);
  const { options, learned, arrays } = parsed.data;
  const st = newDetector(options.binMs, options);
  for (const k of ARRAYS) {
    if (arrays[k].length !== st[k].length) {
      throw new TypeError(`not a saved detector state: ${k} has ${arrays[k].length} entries, expected ${st[k].length}`);
    }
    st[k].set(arrays[k]);
  }
  for (const k of LEARNED) st.learned[L[k]] = learned[k];
  const { mode, structural, selected } = learned;
  if (
    ![MODE_AUTO, MODE_COUNTS, MODE_REAL].includes(mode) ||
    ![0, 1, 2].includes(structural) ||
    ![0, 1, 2, 3].includes(selected)
  ) {
    throw new TypeError('not a saved detector state: mode or model choice out of range');
  }
  return st;
}
