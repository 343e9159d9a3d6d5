// Prompt-volume anomaly detector: pure, causal, deterministic, O(1) and allocation-free per bin.
//
// Space. Counts are modelled as y = √(x + 3/8), where Poisson noise has a standard deviation of ½ whatever
// the level (Anscombe); other series as they are. A series taken for counts switches, once, if a value is
// negative or fractional.
//
// Models. Four predictors learn with Huber-clipped errors (robust Holt-Winters, after Gelper, Fried & Croux),
// so a burst barely moves them:
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
// Cost. The structural model, the daily profile and M3 learn from every bin. The other models only have to
// show when they would do better, so they ("challengers") learn — and the statistics that choose between
// models are kept — on every `every`-th bin, with the gains of that many bins: every 8th 5-minute bin (at
// least 18 samples per half-life of the choice statistics), every bin of an hour. On the generated set this
// changes no measure of accuracy beyond noise (bench/anomaly-eval.ts), and saves much of the work. The
// structural model's state sits in locals, the challengers' in the state array. A warm-up at load shows the
// engine every path before it optimises the loop (see the end of this file); bench/anomaly-speed.ts measures.
// Batches run in a compiled copy of the loop where it has been built (native/anomaly-kernel.c: the same
// results to the last bit, about twice as fast; see "The compiled loop" below).
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

import { createRequire } from 'node:module';
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

/**
 * Version of the saved state (`toJSON`). A state saved by another version is refused by `fromJSON`, and its
 * owner starts again (the prompt-volume job rebuilds it from stored history). 2: challengers sampled, the
 * models' own state reordered, counts kept at their ceilings.
 */
const STATE_VERSION = 2;

/** Everything learned that is a single number, in this order in `DetectorState.learned`. */
const LEARNED = [
  'mode',
  'n',
  'firstT',
  'lastX',
  'quantum',
  // Each of M0–M2's own state, by model: M0's level, M1's and M2's fast factors.
  'level0',
  'fast',
  'fast2',
  'levelS',
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
/** The settings the compiled loop takes, in this order (`S_…` in native/anomaly-kernel.c). */
const NATIVE_SETTINGS = [
  'binMs',
  'seasonality',
  'values',
  'warmupBins',
  'binsPerDay',
  'dailySlots',
  'weeklyKnots',
  'buckets',
  'alphaFast',
  'alphaFastK',
  'alphaSlow',
  'gainDaily',
  'gainWeekly',
  'gainScale',
  'gainScaleK',
  'gainChoiceK',
  'every',
  'gainBucket',
  'weeklyMature',
  'dailyCap',
  'weeklyCap',
  'bucketCap',
  'shiftBins',
  'coldBins',
  'zBound',
  'zNegligible',
  'regular',
  'binsPerKnot',
  'poissonLength',
  'persistSd',
] as const;
/** The arrays that hold whole counts (saved as such). */
const COUNTS: ReadonlySet<string> = new Set(['dailyN', 'bucketN']);

/** A detector's options and what follows from them: the same for every detector with those options (cached). */
interface DetectorSettings {
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
  /** Challengers learn, and statistics that only choose between models are kept, every `every`-th bin (1–8)… */
  every: number;
  /** …with these gains: the scales' and the choice's over `every` bins. */
  gainScaleK: number;
  gainChoiceK: number;
  alphaFastK: number;
  gainBucket: number;
  weeklyMature: number;
  /**
   * Ceilings of the daily, weekly and time-of-day counts: past them the gains no longer depend on the count,
   * so they are kept there (a saved state then holds small integers, not ever-growing fractions).
   */
  dailyCap: number;
  weeklyCap: number;
  bucketCap: number;
  shiftBins: number;
  /** What a new detector has learned: nothing (`mem` as it starts). */
  fresh: Float64Array;
  /** These settings for the compiled loop, in the order of NATIVE_SETTINGS. */
  native: Float64Array;
}

/** Per-resource state. `toJSON`/`fromJSON` round-trip it exactly. */
export interface DetectorState {
  /** Shared with every detector with the same options. */
  settings: DetectorSettings;
  /**
   * All that is learned, in one array: the numbers named in LEARNED, then the daily profile and its counts,
   * the weekly profile and its counts, the time-of-day noise factors and their counts (`part`).
   */
  mem: Float64Array;
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
const INV_TAIL = 1 / TAIL;
/** Scores below this are reported as 0 (and cost nothing to compute). */
const NEGLIGIBLE = 1e-6;
/** The time-of-day noise factor starts as this many pseudo-bins of 1 (no difference by hour). */
const BUCKET_PRIOR = 12;
/** The least mean the Poisson tail is taken at: after a long silence one request is still unremarkable. */
const LOW_MU = 0.05;

interface Shared {
  /**
   * One table: the cold-start widening of σ by observed bins, √(1 + warmupBins / (n + 1)), for n below
   * `coldBins` (1 after); then POISSON_SD; then each daily slot's noise bucket.
   */
  table: Float64Array;
  coldBins: number;
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
    // The last 1 % of the widening is dropped at 50 × warmupBins.
    const coldBins = 50 * warmupBins;
    const table = new Float64Array(coldBins + POISSON_SD.length + dailySlots);
    for (let n = 0; n < coldBins; n++) table[n] = Math.sqrt(1 + warmupBins / (n + 1));
    table.set(POISSON_SD, coldBins);
    for (let slot = 0; slot < dailySlots; slot++) {
      table[coldBins + POISSON_SD.length + slot] = Math.min(buckets - 1, Math.floor((slot * buckets) / dailySlots));
    }
    const binsPerDay = DAY / binMs;
    const binsPerKnot = weeklyKnots > 0 ? WEEK / binMs / weeklyKnots : 1;
    const regular =
      Number.isInteger(binMs) &&
      DAY % binMs === 0 &&
      dailySlots === binsPerDay &&
      (weeklyKnots === 0 || Number.isInteger(binsPerKnot));
    shared = {
      table,
      coldBins,
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

/** Settings by options (JSON), or by bin size alone when there are none (the usual case: no key to build). */
const settingsCache = new Map<string | number, DetectorSettings>();

export function newDetector(binMs: number, options?: Partial<DetectorOptions>): DetectorState {
  const key =
    options === undefined
      ? binMs
      : JSON.stringify([
          binMs,
          ...(['seasonality', 'values', 'levelShiftMs', 'warmupBins', 'threshold'] as const).map((k) => options[k]),
        ]);
  let settings = settingsCache.get(key);
  if (!settings) {
    // Made (and checked) once, then shared by every detector with the same options.
    settings = makeSettings(binMs, options);
    if (settingsCache.size > 64) settingsCache.clear();
    settingsCache.set(key, settings);
  }
  return { settings, mem: settings.fresh.slice() };
}

function makeSettings(binMs: number, options: Partial<DetectorOptions> | undefined): DetectorSettings {
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
  const scaleHalfLife = clamp(binsPerDay / 2, 12, 144);
  const fastHalfLife = clamp((2 * HOUR) / binMs, 3, 48);
  const choiceHalfLife = clamp(2.5 * binsPerDay, 24, 720);
  // Challengers are sampled every 1, 2, 4 or 8 bins: their statistics keep at least 18 samples per half-life.
  const every = 2 ** Math.floor(Math.log2(clamp(Math.floor(scaleHalfLife / 18), 1, 8)));
  const settings: DetectorSettings = {
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
    alphaFast: gainFor(fastHalfLife),
    alphaSlow: gainFor(clamp(DAY / binMs, 6, 288)),
    // Daily profile: half-life of 4 visits (days). Weekly: 2 weeks, spread over a knot's bins.
    gainDaily: gainFor(4),
    gainWeekly: gainFor(2) / binsPerKnot,
    // Scales: half-life of half a day (12 to 144 bins). Time-of-day factor: 3 days of its bucket's bins.
    gainScale: gainFor(scaleHalfLife),
    // Model choice: half-life of 2.5 days (24 to 720 bins).
    gainChoice: gainFor(choiceHalfLife),
    gainBucket: gainFor(Math.max(3, (3 * Math.max(1, dailySlots)) / buckets)),
    every,
    gainScaleK: gainFor(scaleHalfLife / every),
    alphaFastK: gainFor(fastHalfLife / every),
    gainChoiceK: gainFor(choiceHalfLife / every),
    // A weekly knot is known once it has had half a week's worth of its bins.
    weeklyMature: 0.5 * binsPerKnot,
    dailyCap: Math.ceil(1 / gainFor(4)) + 1,
    weeklyCap: Math.ceil(Math.max(0.5 * binsPerKnot, binsPerKnot / gainFor(2))) + 1,
    bucketCap: Math.ceil(1 / gainFor(Math.max(3, (3 * Math.max(1, dailySlots)) / buckets))) + 1,
    shiftBins: Math.max(4, Math.round(o.levelShiftMs / binMs)),
    fresh: new Float64Array(LEARNED.length + 2 * (dailySlots + weeklyKnots + buckets)),
    native: new Float64Array(NATIVE_SETTINGS.length),
  };
  const fresh = settings.fresh;
  fresh[L.mode] = o.values === 'counts' ? MODE_COUNTS : o.values === 'real' ? MODE_REAL : MODE_AUTO;
  fresh[L.zbarScale] = PERSIST_SD;
  part(settings, 'bucket', fresh).fill(1);
  part(settings, 'bucketN', fresh).fill(BUCKET_PRIOR);
  const shared = settings.shared;
  const derived: Record<(typeof NATIVE_SETTINGS)[number], number> = {
    ...settings,
    coldBins: shared.coldBins,
    zBound: shared.zBound,
    zNegligible: shared.zNegligible,
    regular: shared.regular ? 1 : 0,
    binsPerKnot: shared.binsPerKnot,
    poissonLength: POISSON_SD.length,
    persistSd: PERSIST_SD,
  };
  settings.native.set(NATIVE_SETTINGS.map((k) => derived[k]));
  return settings;
}

const PARTS = ['learned', ...ARRAYS] as const;

/** One part of what a detector learns, as a view of `mem` (`toJSON`, `fromJSON`). */
function part(st: DetectorSettings, k: (typeof PARTS)[number], mem: Float64Array): Float64Array {
  const lengths = [
    LEARNED.length,
    st.dailySlots,
    st.dailySlots,
    st.weeklyKnots,
    st.weeklyKnots,
    st.buckets,
    st.buckets,
  ];
  const index = PARTS.indexOf(k);
  let at = 0;
  for (let i = 0; i < index; i++) at += lengths[i]!;
  return mem.subarray(at, at + lengths[index]!);
}

/** Forget everything learned (options kept). Also used once, when a series taken for counts is not. */
function reset(st: DetectorState, mode: number): void {
  st.mem.set(st.settings.fresh);
  st.mem[L.mode] = mode;
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

/** Anscombe's inverse y² − 1/8 is close to unbiased for Poisson counts; nothing below zero (y ≤ √(1/8)·√3). */
const ZERO_COUNT_Y = 0.6123724356957945;

/**
 * Scores the bins the loop set aside (`count` of them in `pending`). Low counts are skewed: above the expected
 * count the exact Poisson tail (at a mean one σ higher, for the uncertainty of the estimate) is the honest one,
 * and a few requests at night stay unremarkable. A sustained run (persistence |z|) counts when it is more
 * extreme.
 */
function scorePending(
  pending: Float64Array,
  count: number,
  scoreOut: Float64Array,
  zNegligible: number,
  binsPerDay: number,
): void {
  for (let j = 0; j < count; j++) {
    const k = j * PENDING_STRIDE;
    let p = normalTail2(pending[k + 1]! * INV_TAIL);
    const muHigh = pending[k + 3]!;
    if (muHigh > 0 && muHigh < 30) {
      const pPoisson = poissonUpperTail(pending[k + 4]!, muHigh);
      if (pPoisson > p) p = pPoisson;
    }
    const ap = pending[k + 2]!;
    if (ap >= zNegligible) {
      const pPersist = normalTail2(ap * INV_TAIL);
      if (pPersist < p) p = pPersist;
    }
    scoreOut[pending[k]!] = scoreOfTail(p, binsPerDay);
  }
}

/**
 * Bins whose score is not negligible, set aside by the loop and scored after it (about 1 % of bins), so that
 * the loop holds no calls. Five numbers per bin: index, |z|, persistence |z|, the Poisson mean for the upper
 * tail (−1: none), the count.
 */
const PENDING_STRIDE = 5;
/**
 * Bins per call of the loop. Short calls let the engine optimise `run` as a whole function rather than only its
 * loop ("on-stack replacement"), which compiles to much slower code, and recover quickly from a deoptimisation.
 */
const CHUNK = 64;
const PENDING = new Float64Array(PENDING_STRIDE * CHUNK);

/** Scratch columns for `update` (one bin). */
const one = {
  value: new Float64Array(1),
  score: new Float64Array(1),
  expected: new Float64Array(1),
  upper: new Float64Array(1),
  lower: new Float64Array(1),
  z: new Float64Array(1),
};

/**
 * Runs bins `[from, to)` (at most CHUNK). Returns `to`, or the index of a bin that showed a series taken for
 * counts is not one: the state has then been reset for real values, and the caller runs again from there.
 */
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
): number {
  // Module constants copied to locals: the hot loop then reads registers, not module slots.
  const _DAY = DAY;
  const _WEEK = WEEK;
  const _HUBER = HUBER;
  const _SCALE_CLIP = SCALE_CLIP;
  const _SCALE_FACTOR = SCALE_FACTOR;
  const _REL_STEP = REL_STEP;
  // (Negated bounds as constants: a branch taken rarely should hold no arithmetic the engine has not seen.)
  const _NEG_REL_STEP = -REL_STEP;
  const _NEG_PERSIST_CLIP = -PERSIST_CLIP;
  const _POISSON_FLOOR = POISSON_FLOOR;
  const _SHIFT_Z = SHIFT_Z;
  const _PERSIST_GAIN = PERSIST_GAIN;
  const _PERSIST_CLIP = PERSIST_CLIP;
  const _PERSIST_SD = PERSIST_SD;
  const _SWITCH_MARGIN = SWITCH_MARGIN;
  const _AR_MAX = AR_MAX;
  const _ALPHA_RECENT = ALPHA_RECENT;
  const _MODE_REAL = MODE_REAL;
  const c = st.settings;
  const binMs = c.binMs;
  const ds = c.dailySlots;
  const wk = c.weeklyKnots;
  const nb = c.buckets;
  // All of a detector's state is one array (`mem`: the learned numbers, then the profiles), and the shared
  // tables another: the engine checks each array again in every bin of a loop this large, so fewer is cheaper.
  const mem = st.mem;
  const D0 = LEARNED.length;
  const DN0 = D0 + ds;
  const W0 = DN0 + ds;
  const WN0 = W0 + wk;
  const B0 = WN0 + wk;
  const BN0 = B0 + nb;
  const alphaFast = c.alphaFast;
  const alphaFastK = c.alphaFastK;
  const aS = c.alphaSlow;
  const gainDaily = c.gainDaily;
  const gainDailyNet = gainDaily * (1 - aS);
  const gainWeekly = c.gainWeekly;
  const gainScale = c.gainScale;
  const gainScaleK = c.gainScaleK;
  const gainChoiceK = c.gainChoiceK;
  const everyMask = c.every - 1;
  const gainBucket = c.gainBucket;
  const mature = c.weeklyMature;
  const dailyCap = c.dailyCap;
  const weeklyCap = c.weeklyCap;
  const bucketCap = c.bucketCap;
  const tab = c.shared.table;
  const coldBins = c.shared.coldBins;
  const PS0 = coldBins;
  const BO0 = coldBins + POISSON_SD.length;
  const zBound = c.shared.zBound;
  const zNegligible = c.shared.zNegligible;
  const binsPerDay = c.binsPerDay;
  // The persistence test waits for a day of history: until the profiles are learnt, errors come in runs.
  const persistFrom = Math.max(c.warmupBins, binsPerDay);
  const shiftBins = c.shiftBins;
  const revertBins = Math.max(2, shiftBins >> 2);
  const outageBins = Math.max(shiftBins, Math.round(binsPerDay));
  const season = c.seasonality;
  const forcedCounts = c.values === 1;

  const pending = PENDING;
  const wantZ = zOut !== undefined;
  // Scores are 0 but for the bins set aside (below).
  scoreOut.fill(0, from, to);
  const bands = expectedOut !== undefined || upperOut !== undefined || lowerOut !== undefined;
  let np = 0;
  let restart = -1;

  const S = mem;
  // M0–M2's own state, scales, choice statistics, corrected scales and last errors, by model, in `S`.
  const F0 = L.level0;
  const SC0 = L.scale0;
  const CH0 = L.choice0;
  const CO0 = L.corr0;
  const PV0 = L.prev0;
  // (| 0: small integers, kept as int32 by the engine rather than as doubles.)
  let mode = S[L.mode]! | 0;
  let n = S[L.n]! | 0;
  // Counts until a value says otherwise (which ends this call: see `restart`).
  const mult = mode !== MODE_REAL;
  let firstT = S[L.firstT]!;
  let lastX = S[L.lastX]!;
  let quantum = S[L.quantum]!;
  let levelS = S[L.levelS]!;
  let level3 = S[L.level3]!;
  let scale3 = S[L.scale3]!;
  let corr3 = S[L.corr3]!;
  let prev3 = S[L.prev3]!;
  let arPhi = S[L.arPhi]!;
  let structural = S[L.structural]! | 0;
  let selected = S[L.selected]! | 0;
  let weeklyReady = S[L.weeklyReady]! | 0;
  let zbar = S[L.zbar]!;
  let zbarScale = S[L.zbarScale]!;
  let runLength = S[L.run]! | 0;
  let runLeast = S[L.runLeast]!;
  let shiftDelta = S[L.shiftDelta]!;
  let shiftUntil = S[L.shiftUntil]!;
  let revertRun = S[L.revertRun]! | 0;
  // The structural model's state is kept in locals: it is the one that learns every bin (with M3). The
  // challengers' stays in `S`, read and written on full bins only.
  let fT = S[F0 + structural]!;
  let scaleT = S[SC0 + structural]!;
  let corrT = S[CO0 + structural]!;
  let prevT = S[PV0 + structural]!;
  // A challenger's last error is 0 except for one bin after it stopped being the structural model.
  let prevOldK = -1;
  let prevOld = 0;
  for (let k = 0; k < 3; k++) {
    const pv = S[PV0 + k]!;
    if (k !== structural && pv !== 0) {
      prevOldK = k;
      prevOld = pv;
    }
  }

  // Position in the day (slot) and the week (knots k0, k1 and the fraction wf between them). With bins that
  // divide the day into whole milliseconds and whole slots ("regular"), the position is defined on bin
  // indexes and, for integer times, stepped along bin by bin; otherwise computed from the time each bin.
  const regular = c.shared.regular;
  const bpk = c.shared.binsPerKnot;
  const invBpk = 1 / bpk;
  const stepping = regular === true && Number.isInteger(binMs) && Number.isInteger(start);
  const i0 = from | 0;
  const end = to | 0;
  let t = start + i0 * binMs;
  let slot = 0;
  let k0 = 0;
  let sub = 0;
  let wf = 0;

  for (let i = i0; i < end; i++, t += binMs) {
    if (i !== i0 && stepping) {
      if (++slot === ds) slot = 0;
      if (++sub === bpk) {
        sub = 0;
        if (++k0 === wk) k0 = 0;
      }
      wf = sub * invBpk;
    } else {
      if (i !== i0) t = start + i * binMs;
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
    const b = nb === 1 ? 0 : tab[BO0 + slot]! | 0;

    let x = values[i]!;
    const missing = x - x !== 0;
    if (!missing && mode !== _MODE_REAL && !(x >= 0 && Math.floor(x) === x)) {
      if (forcedCounts) x = x > 0 ? Math.round(x) : 0;
      else {
        // Not counts after all: start again on the values as they are (once), after the loop.
        restart = i;
        break;
      }
    }
    if (!missing && mode === MODE_AUTO) mode = MODE_COUNTS;

    // ---- which models run. The structural model (and M3, which follows the last bins) learn from every bin;
    // the others — challengers, which only have to show when they would do better — from every `every`-th
    // bin ("full" bins, and every bin while the detector is young), with the gains of that many bins.
    const early = n < 8;
    const full = early || (n & everyMask) === 0;
    const T = structural;
    const sel3 = selected === 3;

    // ---- predictions
    const seen = ds > 0 && mem[DN0 + slot]! > 0;
    const d = seen ? mem[D0 + slot]! : mult ? 1 : 0;
    const w = wk > 0 && (full || T === 2) ? (1 - wf) * mem[W0 + k0]! + wf * mem[W0 + k1]! : 0;
    const base = mult ? levelS * d : levelS + d;
    // Structural view: what is normal now (M0: its level; M1: level × profile × fast factor; M2: also × the
    // weekly correction).
    const eT = T === 0 ? fT : T === 1 ? (mult ? base * fT : base + fT) : mult ? base * (1 + w) * fT : base + w + fT;
    // …and with the AR correction, for the persistence test (whitened errors: a run of them means something).
    const eTc = eT + arPhi * prevT;
    // Scoring view: the selected model (the structural one, or M3) plus φ × its last clipped error.
    const e = sel3 ? level3 + arPhi * prev3 : eTc;

    // ---- noise scale of this bin: never below the Poisson noise at the expected count (½ in √ space from a
    // few counts up, less below) or the data's resolution; wide while the detector is young.
    const h = mem[B0 + b]!;
    let floor = quantum;
    if (mult) {
      const mu = e * e - 0.375;
      floor = mu >= 4 ? _POISSON_FLOOR : tab[PS0 + (mu > 0 ? (mu * 100) | 0 : 0)]!;
    }
    // (Counts never need it: their floor is the Poisson noise.)
    const tiny = mult ? 0 : 1e-9 * (Math.abs(e) + 1e-9);
    if (floor < tiny) floor = tiny;
    const widen = n < coldBins ? tab[n]! : 1;
    const sigmaT = (scaleT * h > floor ? scaleT * h : floor) * widen;
    const sigmaTc = (corrT * h > floor ? corrT * h : floor) * widen;
    const s = sel3 ? corr3 : corrT;
    const sigma = sel3 ? (corr3 * h > floor ? corr3 * h : floor) * widen : sigmaTc;

    if (wantZ) zOut![i] = 0;
    // (The batch path usually asks for scores only.)
    if (bands) {
      if (n === 0) {
        const v = missing ? 0 : x;
        if (expectedOut) expectedOut[i] = v;
        if (upperOut) upperOut[i] = v;
        if (lowerOut) lowerOut[i] = v;
      } else {
        // What is normal now (the structural view, not the error-chasing correction: a card shows this), with
        // the band a single bin must leave to reach the threshold.
        const hi = eT + zBound * sigma;
        const lw = eT - zBound * sigma;
        if (expectedOut) expectedOut[i] = !mult ? eT : eT <= ZERO_COUNT_Y ? 0 : eT * eT - 0.125;
        if (upperOut) upperOut[i] = !mult ? hi : hi <= ZERO_COUNT_Y ? 0 : hi * hi - 0.125;
        if (lowerOut) lowerOut[i] = !mult ? lw : lw <= ZERO_COUNT_Y ? 0 : lw * lw - 0.125;
      }
    }
    if (missing) {
      // After a gap, the last errors say nothing about the next bin.
      prevT = prev3 = 0;
      prevOldK = -1;
      continue;
    }

    const y = mult ? Math.sqrt(x + 0.375) : x;
    if (n === 0) {
      firstT = t;
      levelS = level3 = y;
      S[F0] = y;
      S[F0 + 1] = S[F0 + 2] = mult ? 1 : 0;
      fT = S[F0 + T]!;
      lastX = x;
      n = 1;
      continue;
    }

    // ---- score. (Residuals are compared with σ-multiples rather than divided by σ: divisions are the
    // costliest arithmetic here, and |·| goes through Math.abs, which does not branch on the sign.)
    const r = y - e;
    const rT = y - eT;
    let rz = r;
    let rTn = y - eTc;
    const shifted = shiftDelta !== 0 && t < shiftUntil;
    let backT = false;
    if (shifted) {
      // Back at the level from before the last accepted shift is normal too.
      const undo = mult ? 1 / (1 + shiftDelta) : 0;
      backT = Math.abs(y - (mult ? eT * undo : eT - shiftDelta)) < 2 * sigmaT;
      const rc = y - (mult ? eTc * undo : eTc - shiftDelta);
      if (Math.abs(rc) < Math.abs(rTn)) rTn = rc;
      const rb = y - (mult ? e * undo : e - shiftDelta);
      if (Math.abs(rb) < Math.abs(rz)) rz = rb;
    }
    const zTn = rTn / sigmaTc;
    const zc = zTn > _PERSIST_CLIP ? _PERSIST_CLIP : zTn < _NEG_PERSIST_CLIP ? _NEG_PERSIST_CLIP : zTn;
    zbar += _PERSIST_GAIN * (zc - zbar);
    const arz = Math.abs(rz);
    const abar = n > persistFrom ? Math.abs(zbar) : 0;
    const barScale = zbarScale > _PERSIST_SD ? zbarScale : _PERSIST_SD;
    if (wantZ) zOut![i] = rz / sigma;
    if (arz >= zNegligible * sigma || abar >= zNegligible * barScale) {
      const up = e + sigma;
      const muHigh = up * up - 0.375;
      const k = np * PENDING_STRIDE;
      pending[k] = i;
      pending[k + 1] = arz / sigma;
      pending[k + 2] = abar / barScale;
      pending[k + 3] = mult && r > 0 ? (muHigh > LOW_MU ? muHigh : LOW_MU) : -1;
      pending[k + 4] = x;
      np++;
    }

    // ---- learn, with Huber-clipped errors (not clipped for the first bins: the scale is unknown then).
    // Clip limits never go below the noise floor: a scale learnt on silent nights must not freeze a model.
    const lo = (mult ? _POISSON_FLOOR : quantum) + tiny;
    // M3: the recent level
    const sh3 = scale3 * h > lo ? scale3 * h : lo;
    const r3 = y - level3;
    let lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh3;
    let nlim = -lim;
    const c3 = r3 > lim ? lim : r3 < nlim ? nlim : r3;
    level3 += _ALPHA_RECENT * c3;
    // Slow level and daily profile, from the error against level × profile (every bin: each slot is seen once
    // a day, and M1 and M2 share them)
    const scale1 = T === 1 ? scaleT : S[SC0 + 1]!;
    const scale2 = T === 2 ? scaleT : S[SC0 + 2]!;
    const sh1 = scale1 * h > lo ? scale1 * h : lo;
    const sh2 = scale2 * h > lo ? scale2 * h : lo;
    lim = early ? Number.POSITIVE_INFINITY : _HUBER * (sh1 > sh2 ? sh1 : sh2);
    nlim = -lim;
    const rbRaw = y - base;
    const rb = rbRaw > lim ? lim : rbRaw < nlim ? nlim : rbRaw;
    const levelBefore = levelS;
    // M1's and M2's factors and predictions, where they run.
    let fast = 0;
    let fast2 = 0;
    let e1 = 0;
    let e2 = 0;
    if (full) {
      fast = T === 1 ? fT : S[F0 + 1]!;
      fast2 = T === 2 ? fT : S[F0 + 2]!;
      e1 = mult ? base * fast : base + fast;
      e2 = mult ? base * (1 + w) * fast2 : base + w + fast2;
    } else if (T === 1) {
      fast = fT;
      e1 = eT;
    } else if (T === 2) {
      fast2 = fT;
      e2 = eT;
    }
    // The relative steps divide by base, e1, e2: one division serves those needed when none is near zero.
    let invBase = 0;
    let invE1 = 0;
    let invE2 = 0;
    let invBaseFast2 = 0;
    if (mult) {
      if (full && base > 1e-3 && e1 > 1e-3 && e2 > 1e-3) {
        const inv = 1 / (e1 * e2);
        invE1 = e2 * inv;
        invE2 = e1 * inv;
        invBase = fast * invE1;
        invBaseFast2 = (1 + w) * invE2;
      } else if (!full && T === 1 && base > 1e-3 && e1 > 1e-3) {
        invE1 = 1 / e1;
        invBase = fast * invE1;
      } else if (!full && T === 2 && base > 1e-3 && e2 > 1e-3) {
        invE2 = 1 / e2;
        invBaseFast2 = (1 + w) * invE2;
        invBase = fast2 * invBaseFast2;
      } else if (!full && T === 0) {
        invBase = 1 / (base > 1e-3 ? base : 1e-3);
      } else {
        invBase = 1 / (base > 1e-3 ? base : 1e-3);
        invE1 = 1 / (e1 > 1e-3 ? e1 : 1e-3);
        invE2 = 1 / (e2 > 1e-3 ? e2 : 1e-3);
        invBaseFast2 = invBase / fast2;
      }
    }
    let q = 0;
    if (mult) {
      q = rb * invBase;
      q = q > _REL_STEP ? _REL_STEP : q < _NEG_REL_STEP ? _NEG_REL_STEP : q;
      levelS = levelBefore * (1 + aS * q);
      if (levelS < 1e-3) levelS = 1e-3;
    } else levelS = levelBefore + aS * rb;
    if (ds > 0) {
      const cnt = mem[DN0 + slot]! + 1;
      mem[DN0 + slot] = cnt < dailyCap ? cnt : dailyCap;
      if (!seen) mem[D0 + slot] = mult ? y / (levelBefore > 1e-3 ? levelBefore : 1e-3) : y - levelBefore;
      else {
        const g = cnt * gainDaily > 1 ? gainDailyNet : (1 - aS) / cnt;
        if (mult) {
          const next = d * (1 + g * q);
          mem[D0 + slot] = next > 1e-3 ? next : 1e-3;
        } else mem[D0 + slot] = d + g * rb;
      }
    }
    // M0: one level
    let sh0 = 0;
    let r0 = 0;
    let c0 = 0;
    if (full || T === 0) {
      const level0 = T === 0 ? fT : S[F0]!;
      const scale0 = T === 0 ? scaleT : S[SC0]!;
      sh0 = scale0 * h > lo ? scale0 * h : lo;
      r0 = y - level0;
      lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh0;
      nlim = -lim;
      c0 = r0 > lim ? lim : r0 < nlim ? nlim : r0;
      const next = level0 + (n < 3 ? 0.5 : early || T === 0 ? alphaFast : alphaFastK) * c0;
      if (T === 0) fT = next;
      else S[F0] = next;
    }
    // M1: the fast factor on top of level × profile
    let r1 = 0;
    let c1 = 0;
    if (full || T === 1) {
      const a1 = early || T === 1 ? alphaFast : alphaFastK;
      r1 = y - e1;
      lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh1;
      nlim = -lim;
      c1 = r1 > lim ? lim : r1 < nlim ? nlim : r1;
      if (mult) {
        let q1 = c1 * invE1;
        q1 = q1 > _REL_STEP ? _REL_STEP : q1 < _NEG_REL_STEP ? _NEG_REL_STEP : q1;
        fast *= 1 + a1 * q1;
        fast = fast < 0.01 ? 0.01 : fast > 100 ? 100 : fast;
      } else fast += a1 * c1;
      if (T === 1) fT = fast;
      else S[F0 + 1] = fast;
    }
    // M2: the weekly correction of level × profile (LMS on the two neighbouring knots), once the day is known
    let r2 = 0;
    let c2 = 0;
    if (full || T === 2) {
      const every2 = early || T === 2;
      const a2 = every2 ? alphaFast : alphaFastK;
      r2 = y - e2;
      lim = early ? Number.POSITIVE_INFINITY : _HUBER * sh2;
      nlim = -lim;
      c2 = r2 > lim ? lim : r2 < nlim ? nlim : r2;
      if (mult) {
        let q2 = c2 * invE2;
        q2 = q2 > _REL_STEP ? _REL_STEP : q2 < _NEG_REL_STEP ? _NEG_REL_STEP : q2;
        fast2 *= 1 + a2 * q2;
        fast2 = fast2 < 0.01 ? 0.01 : fast2 > 100 ? 100 : fast2;
      } else fast2 += a2 * c2;
      if (T === 2) fT = fast2;
      else S[F0 + 2] = fast2;
      if (wk > 0 && seen) {
        let step2 = c2;
        if (mult) {
          step2 *= invBaseFast2;
          step2 = step2 > _REL_STEP ? _REL_STEP : step2 < _NEG_REL_STEP ? _NEG_REL_STEP : step2;
        }
        // (A sampled bin stands for `every` bins.)
        const weight = every2 ? 1 : everyMask + 1;
        const old0 = mem[WN0 + k0]!;
        const old1 = mem[WN0 + k1]!;
        const wn0 = old0 + weight * (1 - wf);
        const wn1 = old1 + weight * wf;
        if (old0 < mature && wn0 >= mature) weeklyReady++;
        if (old1 < mature && wn1 >= mature) weeklyReady++;
        mem[WN0 + k0] = wn0 < weeklyCap ? wn0 : weeklyCap;
        mem[WN0 + k1] = wn1 < weeklyCap ? wn1 : weeklyCap;
        if (wn0 > 0)
          mem[W0 + k0] = mem[W0 + k0]! + weight * (1 - wf) * (wn0 * gainWeekly > 1 ? gainWeekly : 1 / wn0) * step2;
        if (wn1 > 0) mem[W0 + k1] = mem[W0 + k1]! + weight * wf * (wn1 * gainWeekly > 1 ? gainWeekly : 1 / wn1) * step2;
      }
    }
    const cT = T === 0 ? c0 : T === 1 ? c1 : c2;

    // ---- scales: robust mean absolute errors, raw (for clipping, the structural view) and after the AR
    // correction (for the scoring view and model choice); then φ from the selected model's errors.
    // The scales that set σ (the structural model's, and the scoring model's after the correction) follow every
    // bin. The rest only choose between models and set the other models' clipping; they move slowly (half-lives
    // of half a day and more), so — with φ, the choice statistics and the choice itself — they are sampled every
    // `every`-th bin, with the gain of that many bins: the same memory for a fraction of the work.
    const gs = early ? 1 / (n + 1) : gainScale;
    let a = 0;
    let cap = 0;
    let rc = 0;
    if (full) {
      const gk = early ? gs : gainScaleK;
      // (The structural choice compares the same clipped errors over a longer memory, a few days, so that it
      // holds across the week: a weekly model earns its keep on weekends.)
      const gc = early ? 1 / (n + 1) : gainChoiceK;
      const first = (T === 0 ? scaleT : S[SC0]!) === 0;
      for (let k = 0; k < 3; k++) {
        const isT = k === T;
        const rk = k === 0 ? r0 : k === 1 ? r1 : r2;
        const shk = k === 0 ? sh0 : k === 1 ? sh1 : sh2;
        const g = isT ? gs : gk;
        a = Math.abs(rk);
        cap = _SCALE_CLIP * shk;
        a = first || a < cap ? a : cap;
        const sc = isT ? scaleT : S[SC0 + k]!;
        const scNext = sc + g * (_SCALE_FACTOR * a - sc);
        if (isT) scaleT = scNext;
        else S[SC0 + k] = scNext;
        S[CH0 + k] = S[CH0 + k]! + gc * (a - S[CH0 + k]!);
        const co = isT ? corrT : S[CO0 + k]!;
        rc = rk - arPhi * (isT ? prevT : k === prevOldK ? prevOld : 0);
        a = Math.abs(rc);
        cap = _SCALE_CLIP * (co * h > lo ? co * h : lo);
        const coNext = co + g * (_SCALE_FACTOR * (first || a < cap ? a : cap) - co);
        if (isT) corrT = coNext;
        else S[CO0 + k] = coNext;
      }
      a = Math.abs(r3);
      cap = _SCALE_CLIP * sh3;
      scale3 += gk * (_SCALE_FACTOR * (first || a < cap ? a : cap) - scale3);
      rc = r3 - arPhi * prev3;
      a = Math.abs(rc);
      cap = _SCALE_CLIP * (corr3 * h > lo ? corr3 * h : lo);
      corr3 += (sel3 ? gs : gk) * (_SCALE_FACTOR * (first || a < cap ? a : cap) - corr3);
      if (!early) {
        const cSel = sel3 ? c3 : cT;
        const pSel = sel3 ? prev3 : prevT;
        const arCross = S[L.arCross]! + gainScaleK * (cSel * pSel - S[L.arCross]!);
        const arSquare = S[L.arSquare]! + gainScaleK * (pSel * pSel - S[L.arSquare]!);
        S[L.arCross] = arCross;
        S[L.arSquare] = arSquare;
        // (φ moves slowly: refreshing it every 8th bin saves a division.)
        if ((n & 7) === 0) {
          const phi = arSquare > 0 ? arCross / arSquare : 0;
          arPhi = phi < 0 ? 0 : phi > _AR_MAX ? _AR_MAX : phi;
        }
      }
    } else {
      // The structural model's raw and corrected scales; the scoring model's corrected scale.
      a = Math.abs(rT);
      cap = _SCALE_CLIP * (scaleT * h > lo ? scaleT * h : lo);
      scaleT += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - scaleT);
      rc = rT - arPhi * prevT;
      a = Math.abs(rc);
      cap = _SCALE_CLIP * (corrT * h > lo ? corrT * h : lo);
      corrT += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - corrT);
      if (sel3) {
        rc = r3 - arPhi * prev3;
        a = Math.abs(rc);
        cap = _SCALE_CLIP * (corr3 * h > lo ? corr3 * h : lo);
        corr3 += gs * (_SCALE_FACTOR * (a < cap ? a : cap) - corr3);
      }
    }
    a = Math.abs(zbar) * _SCALE_FACTOR;
    cap = _SCALE_CLIP * _SCALE_FACTOR * zbarScale;
    zbarScale += gainScale * ((a < cap ? a : cap) - zbarScale);
    if (nb > 1 && s > 0) {
      // |r| / s — which, when the scoring view is the structural one and σ is its scale (not the floor), is
      // |zTn| · h · widen, already at hand.
      const ar = !sel3 && !shifted && s * h >= floor ? Math.abs(zTn) * h * widen : Math.abs(r) / s;
      const u = (ar < _SCALE_CLIP * h ? ar : _SCALE_CLIP * h) * _SCALE_FACTOR;
      const cnt = mem[BN0 + b]! + 1;
      mem[BN0 + b] = cnt < bucketCap ? cnt : bucketCap;
      mem[B0 + b] = h + (cnt * gainBucket > 1 ? gainBucket : 1 / cnt) * (u - h);
    }
    // The last errors of the models that run every bin (the AR correction needs the previous bin's).
    prevT = cT;
    prev3 = c3;
    prevOldK = -1;
    // Resolution of non-count data: a change of one step is never an anomaly.
    if (!mult) {
      const dx = x > lastX ? x - lastX : lastX - x;
      if (dx > 0 && (quantum === 0 || dx < quantum)) quantum = dx;
      lastX = x;
    }

    // ---- persistent shifts (structural view) become the new normal; a return to the previous level undoes it
    const big = Math.abs(rT) >= _SHIFT_Z * sigmaT;
    if (shifted) {
      if (backT && big) {
        if (++revertRun >= revertBins) {
          const undo = mult ? 1 / (1 + shiftDelta) : -shiftDelta;
          if (mult) {
            if (T === 0) fT *= undo;
            else S[F0] = S[F0]! * undo;
            levelS *= undo;
            level3 *= undo;
          } else {
            if (T === 0) fT += undo;
            else S[F0] = S[F0]! + undo;
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
      const sign = rT > 0 ? 1 : -1;
      if (runLength * sign > 0) {
        runLength += sign;
        if (Math.abs(rT) < Math.abs(runLeast)) runLeast = rT;
      } else {
        runLength = sign;
        runLeast = rT;
      }
      const delta = mult ? Math.max(-0.99, runLeast / (eT > 1e-3 ? eT : 1e-3)) : runLeast;
      // Traffic stopping (counts down by more than 80 %) is an outage for a day before it is the new normal.
      const needed = mult && delta < -0.8 ? outageBins : shiftBins;
      if (runLength >= needed || runLength <= -needed) {
        if (mult) {
          if (T === 0) fT *= 1 + delta;
          else S[F0] = S[F0]! * (1 + delta);
          levelS *= 1 + delta;
          level3 *= 1 + delta;
        } else {
          if (T === 0) fT += delta;
          else S[F0] = S[F0]! + delta;
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
    if (!full) {
      n++;
      continue;
    }
    const age = t - firstT;
    const canDaily = season !== 1 && ds > 0 && age >= _DAY && n >= binsPerDay / 2;
    const canWeekly = (season === 0 || season === 3) && wk > 0 && weeklyReady >= wk && age >= _WEEK;
    let best = T;
    if (season === 0) {
      const choice0 = S[CH0]!;
      const choice1 = S[CH0 + 1]!;
      const choice2 = S[CH0 + 2]!;
      best = T === 2 && !canWeekly ? (canDaily ? 1 : 0) : T === 1 && !canDaily ? 0 : T;
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
      const corrBest = best === T ? corrT : S[CO0 + best]!;
      selected = corr3 < corrBest * (sel3 ? RECENT_OUT : RECENT_IN) ? 3 : best;
    } else {
      best = season === 3 && canWeekly ? 2 : season >= 2 && canDaily ? 1 : 0;
      selected = best;
    }
    if (best !== T) {
      // The old structural model's state goes back to `S` (its last error for one more bin), the new one's out.
      S[F0 + T] = fT;
      S[SC0 + T] = scaleT;
      S[CO0 + T] = corrT;
      prevOldK = T;
      prevOld = prevT;
      structural = best;
      fT = S[F0 + best]!;
      scaleT = S[SC0 + best]!;
      corrT = S[CO0 + best]!;
      prevT = 0;
    }
    n++;
  }

  scorePending(pending, np, scoreOut, zNegligible, binsPerDay);
  if (restart >= 0) {
    reset(st, MODE_REAL);
    return restart;
  }

  S[L.mode] = mode;
  S[L.n] = n;
  S[L.firstT] = firstT;
  S[L.lastX] = lastX;
  S[L.quantum] = quantum;
  S[L.levelS] = levelS;
  S[L.level3] = level3;
  S[L.scale3] = scale3;
  S[L.corr3] = corr3;
  S[L.prev3] = prev3;
  S[F0 + structural] = fT;
  S[SC0 + structural] = scaleT;
  S[CO0 + structural] = corrT;
  for (let k = 0; k < 3; k++) S[PV0 + k] = k === structural ? prevT : k === prevOldK ? prevOld : 0;
  S[L.arPhi] = arPhi;
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
  return to;
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/** Feeds one bin (null or a non-finite number = missing: nothing is learned, the score is 0). */
export function update(state: DetectorState, t: number, observed: number | null): ScoredBin {
  const x = observed === null || !Number.isFinite(observed) ? Number.NaN : observed;
  one.value[0] = x;
  if (run(state, t, one.value, 0, 1, one.score, one.expected, one.upper, one.lower, one.z) === 0) {
    run(state, t, one.value, 0, 1, one.score, one.expected, one.upper, one.lower, one.z);
  }
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
  return scoreBins(newDetector(binMs, options), start, values);
}

/**
 * Feeds a regular run of bins (`values[i]` at `start + i · binMs`; null = missing) to `state`, as `update` would
 * one by one, in one batch.
 */
export function scoreBins(state: DetectorState, start: number, values: ArrayLike<number | null>): ScoredBin[] {
  const n = values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    x[i] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
  }
  const columns = {
    score: new Float64Array(n),
    expected: new Float64Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    z: new Float64Array(n),
  };
  scoreInto(state, start, x, columns);
  const binMs = state.settings.binMs;
  const result: ScoredBin[] = new Array(n);
  for (let i = 0; i < n; i++) {
    result[i] = {
      t: start + i * binMs,
      observed: Number.isNaN(x[i]!) ? null : x[i]!,
      expected: columns.expected[i]!,
      upper: columns.upper[i]!,
      lower: columns.lower[i]!,
      score: columns.score[i]!,
      z: columns.z[i]!,
    };
  }
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
  if (compiled.kernel !== null && useCompiled && to - from > 1) {
    scoreCompiled(compiled.kernel, state, start, values, columns, from, to);
    return;
  }
  for (let i = from; i < to; )
    i = run(state, start, values, i, Math.min(to, i + CHUNK), score, expected, upper, lower, z);
}

// ---------------------------------------------------------------------------------------------------------
// The compiled loop

/**
 * `run` compiled (native/anomaly-kernel.c): the same arithmetic in the same order, so the same scores and
 * state to the last bit (test/anomaly-kernel.test.ts), about twice as fast. `npm ci` builds it with
 * node-gyp; where it is not built (no C toolchain), batches run in JavaScript. It takes `run`'s arguments but
 * any number of bins, with the settings as one array (`DetectorSettings.native`), and leaves the scoring of
 * the bins it sets aside (`pending`) and the reset of a series that is not counts to `scoreCompiled`.
 */
interface CompiledLoop {
  run(
    settings: Float64Array,
    table: Float64Array,
    mem: Float64Array,
    start: number,
    values: Float64Array,
    from: number,
    to: number,
    score: Float64Array,
    expected: Float64Array | null,
    upper: Float64Array | null,
    lower: Float64Array | null,
    z: Float64Array | null,
    pending: Float64Array,
    /** [the bin reached: `to`, or where the series showed it is not counts; the number of pending bins] */
    out: Float64Array,
  ): void;
  /** The state layout it was built for. */
  layout(): { learned: number; settings: number };
}

/** Where node-gyp puts it, seen from this file in the sources (tests) and in dist/ (the build). */
const COMPILED_PATHS = [
  './native/build/Release/anomaly_kernel.node',
  '../../posture/native/build/Release/anomaly_kernel.node',
];

function loadCompiled(): { kernel: CompiledLoop | null; note: string } {
  const require = createRequire(import.meta.url);
  let note = 'not built (`npm run build:native` builds it; it needs a C compiler)';
  for (const path of COMPILED_PATHS) {
    let kernel: CompiledLoop;
    try {
      kernel = require(path) as CompiledLoop;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') continue;
      // Built, but not loadable here (another Node version or platform): say why.
      note = `not loadable: ${(error as Error).message}`;
      continue;
    }
    const layout = kernel.layout();
    if (layout.learned === LEARNED.length && layout.settings === NATIVE_SETTINGS.length) {
      return { kernel, note: require.resolve(path) };
    }
    note = 'built for another version of the detector (`npm run build:native` rebuilds it)';
  }
  return { kernel: null, note };
}

const compiled = loadCompiled();
let useCompiled = true;

/** Which loop scores batches: the compiled one (and where it was found), or JavaScript (and why). */
export function detectorLoop(): { loop: 'compiled' | 'javascript'; note: string } {
  return { loop: compiled.kernel !== null && useCompiled ? 'compiled' : 'javascript', note: compiled.note };
}

/** Lets tests and benchmarks compare the loops: false runs batches in JavaScript. Returns the previous choice. */
export function useCompiledLoop(on: boolean): boolean {
  const previous = useCompiled;
  useCompiled = on;
  return previous;
}

/** Bins per call of the compiled loop (any number would do: this bounds its buffer of pending bins). */
const COMPILED_CHUNK = 16_384;
const compiledPending = new Float64Array(PENDING_STRIDE * COMPILED_CHUNK);
const compiledOut = new Float64Array(2);

function scoreCompiled(
  kernel: CompiledLoop,
  state: DetectorState,
  start: number,
  values: Float64Array,
  columns: ScoreColumns,
  from: number,
  to: number,
): void {
  const c = state.settings;
  for (let i = from; i < to; ) {
    const end = Math.min(to, i + COMPILED_CHUNK);
    kernel.run(
      c.native,
      c.shared.table,
      state.mem,
      start,
      values,
      i,
      end,
      columns.score,
      columns.expected ?? null,
      columns.upper ?? null,
      columns.lower ?? null,
      columns.z ?? null,
      compiledPending,
      compiledOut,
    );
    scorePending(compiledPending, compiledOut[1]!, columns.score, c.shared.zNegligible, c.binsPerDay);
    const reached = compiledOut[0]!;
    // Not counts after all: start again on the values as they are, from that bin (as `run` does).
    if (reached < end) reset(state, MODE_REAL);
    i = reached;
  }
}

/** The |z| at which this detector's score reaches its threshold (where `upper`/`lower` are drawn). */
export function thresholdZOf(state: DetectorState): number {
  return state.settings.shared.zBound;
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation

/** An array of doubles as base64 of their little-endian bytes: exact, and about 11 characters a number. */
function packDoubles(a: Float64Array): string {
  const bytes = Buffer.alloc(8 * a.length);
  for (let i = 0; i < a.length; i++) bytes.writeDoubleLE(a[i]!, 8 * i);
  return bytes.toString('base64');
}

/** Whole counts below 65,536 (the daily and time-of-day counts, kept below their ceilings) as 16-bit ones. */
function packCounts(a: Float64Array): string {
  const bytes = Buffer.alloc(2 * a.length);
  for (let i = 0; i < a.length; i++) bytes.writeUInt16LE(a[i]!, 2 * i);
  return bytes.toString('base64');
}

function unpackCounts(text: string, length: number): Float64Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 2 * length) return null;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = bytes.readUInt16LE(2 * i);
  return out;
}

/** The doubles `packDoubles` wrote, or null when the text is not `length` finite ones. */
function unpackDoubles(text: string, length: number): Float64Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 8 * length) return null;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const v = bytes.readDoubleLE(8 * i);
    if (!Number.isFinite(v)) return null;
    out[i] = v;
  }
  return out;
}

/**
 * A JSON-safe copy of the state, for storing per resource: the options, the learned numbers by name, and the
 * profiles and counts packed (`packDoubles`, `packCounts`): about 8 KB for a 5-minute resource.
 */
export function toJSON(state: DetectorState): unknown {
  const learned: Record<string, number> = {};
  for (const k of LEARNED) learned[k] = state.mem[L[k]]!;
  const arrays: Record<string, string> = {};
  for (const k of ARRAYS) {
    const values = part(state.settings, k, state.mem);
    arrays[k] = COUNTS.has(k) ? packCounts(values) : packDoubles(values);
  }
  return {
    v: STATE_VERSION,
    options: {
      binMs: state.settings.binMs,
      seasonality: SEASONALITY[state.settings.seasonality],
      values: VALUES[state.settings.values],
      levelShiftMs: state.settings.levelShiftMs,
      warmupBins: state.settings.warmupBins,
      threshold: state.settings.threshold,
    },
    learned,
    arrays,
  };
}

const finite = zod.number().refine(Number.isFinite, 'must be a finite number');
const StateJson = zod.object({
  v: zod.literal(STATE_VERSION),
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
    Object.fromEntries(ARRAYS.map((k) => [k, zod.base64()])) as Record<(typeof ARRAYS)[number], zod.ZodBase64>,
  ),
});

/** Restores a state saved with `toJSON`; throws a TypeError saying what is wrong when it is not one. */
export function fromJSON(json: unknown): DetectorState {
  const parsed = StateJson.safeParse(json);
  if (!parsed.success) throw new TypeError(`not a saved detector state: ${zod.prettifyError(parsed.error)}`);
  const { options, learned, arrays } = parsed.data;
  const st = newDetector(options.binMs, options);
  for (const k of ARRAYS) {
    const target = part(st.settings, k, st.mem);
    const values = COUNTS.has(k) ? unpackCounts(arrays[k], target.length) : unpackDoubles(arrays[k], target.length);
    if (values === null) {
      throw new TypeError(`not a saved detector state: ${k} is not ${target.length} finite numbers`);
    }
    target.set(values);
  }
  for (const k of LEARNED) st.mem[L[k]] = learned[k];
  const { mode, n, structural, selected } = learned;
  if (
    ![MODE_AUTO, MODE_COUNTS, MODE_REAL].includes(mode) ||
    !(Number.isInteger(n) && n >= 0) ||
    ![0, 1, 2].includes(structural) ||
    (selected !== structural && selected !== 3)
  ) {
    throw new TypeError('not a saved detector state: mode, bin count or model choice out of range');
  }
  return st;
}

// ---------------------------------------------------------------------------------------------------------
// Warm-up

/**
 * The engine optimises `run` once it is hot, from the paths it has seen taken. A path first taken later (a
 * shift accepted, a burst scored at a low count) throws that code away, and what runs in the meantime — or,
 * as happens, for good — is several times slower. So at load a few short generated series take every path
 * once: a few milliseconds, no state kept (each uses its own detector).
 */
function warmUp(): void {
  const five = 5 * 60_000;
  // Real times (not small integers: the engine learns their type too).
  const T0 = Date.UTC(2024, 0, 1);
  // Counts around a rate, with a deterministic wobble of about ±10 % (Poisson-like at a few dozen).
  const series = (bins: number, rate: (i: number) => number) =>
    Float64Array.from({ length: bins }, (_, i) => Math.round(rate(i) * (1 + 0.1 * Math.sin(i * 1.7))));
  // 5-minute counts over a day and a half: a gap, a burst, a shift up that is kept and then undone, a shift
  // down, traffic stopping; and a quiet resource with a burst of a few requests.
  const busy = series(432, (i) =>
    i >= 200 && i < 260 ? 200 : i >= 300 && i < 340 ? 15 : i >= 380 && i < 420 ? 0 : 50,
  );
  busy[100] = Number.NaN;
  busy[150] = 900;
  const quiet = series(432, (i) => (i % 288 < 144 ? 1 : 0) + (i === 350 ? 20 : 0));
  // Hourly counts over three weeks with quiet weekends (the weekly model), and a real-valued series.
  const hourly = series(504, (i) => (Math.floor(i / 24) % 7 < 2 ? 10 : 40) * (i >= 400 && i < 430 ? 3 : 1));
  const real = Float64Array.from({ length: 120 }, (_, i) => 10.5 + Math.sin(i) + (i === 100 ? 30 : 0));
  const all = (n: number) => ({
    score: new Float64Array(n),
    expected: new Float64Array(n),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    z: new Float64Array(n),
  });
  // (The JavaScript loop: it also serves single bins, and batches where the compiled loop is not built.)
  const compiledBefore = useCompiledLoop(false);
  scoreInto(newDetector(five), T0, busy, { score: new Float64Array(busy.length) });
  scoreInto(newDetector(five), T0, busy, all(busy.length));
  scoreInto(newDetector(five), T0, quiet, { score: new Float64Array(quiet.length) });
  scoreInto(newDetector(HOUR), T0, hourly, all(hourly.length));
  scoreInto(newDetector(HOUR), T0, real, { score: new Float64Array(real.length) });
  const one = newDetector(five);
  for (let i = 0; i < 40; i++) update(one, T0 + i * five, busy[i]!);
  useCompiledLoop(compiledBefore);
}
warmUp();
