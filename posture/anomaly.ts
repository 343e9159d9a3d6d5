// Prompt-volume anomaly detector: pure, causal, deterministic, O(1) per bin, allocation-free per bin.
//
// Space: counts are modelled as y = √(x + 3/8), where Poisson noise has a standard deviation of ½ whatever
// the level (Anscombe); other series as they are. Counts switch to the latter, once, if a value seen is
// negative or fractional.
//
// Three models predict each bin; all learn from every observed bin with Huber-clipped residuals (robust
// Holt-Winters, after Gelper, Fried & Croux), so a burst barely moves them:
//   M0  a fast level                                   series with no rhythm
//   M1  slow level × daily profile × fast factor       the fast factor follows weekends and drift quickly
//   M2  slow level × daily profile × weekly correction once every hour of the week has been seen
// Counts combine the parts multiplicatively (traffic = callers × time-of-day habit, so a quiet weekend is one
// factor at every hour, and they learn in bounded relative steps); other series additively. The model with
// the lowest recent error is used (with a margin against flapping): seasonality comes from the data.
// Daily profile: one slot per bin of the day; weekly: hourly knots, interpolated.
//
// Noise scale: a robust exponentially weighted mean absolute error per model × a time-of-day factor (noise
// differs by hour), never below the Poisson floor (½ in √ space) or the data's resolution, and widened while
// the detector is young (cold start: wide bounds, low scores).
//
// Shifts: a same-sign run of |z| ≥ 3.5 lasting `levelShiftMs` becomes the new normal (traffic stopping
// needs a day); for three days after, a return to the previous level counts as normal (a burst ending, an
// outage ending, Monday after the first weekend) and undoes the shift.
//
// Score: z is the standardised residual of the bin; zₚ the same for an EWMA of recent z (a sustained shift
// of a few σ is as telling as one big bin). With p the two-sided normal tail of the larger and m the bins in
// a day, score = (1 − p)^m: the probability that a normal day has no bin this far out under the model. So
// 0.9 ≈ "once in ten days by chance", 0.999 ≈ "once in three years", whatever the bin size. Real residuals
// have heavier tails than the model's: bench/anomaly-eval.ts measures the false alerts actually seen.

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
  /** Observed bins over which the bounds start wide and narrow (cold start). */
  warmupBins: number;
  /** Score at or above which a bin is anomalous; `upper`/`lower` are drawn at this score. */
  threshold: number;
}

/**
 * Default anomaly threshold. On the generated evaluation set it gives about 0.1 false alerts per
 * resource-week (bench/anomaly-eval.ts); 0.99 catches more for about four times the false alerts.
 */
export const DEFAULT_THRESHOLD = 0.999;

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

/** Per-resource state: numbers and typed arrays; `toJSON`/`fromJSON` round-trip it exactly. */
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
  alphaFast: number;
  alphaSlow: number;
  gainDaily: number;
  gainWeekly: number;
  gainScale: number;
  gainBucket: number;
  weeklyMature: number;
  shiftBins: number;
  zBound: number;
  zNegligible: number;
  // learned
  mode: number;
  n: number;
  firstT: number;
  lastX: number;
  quantum: number;
  level0: number;
  levelS: number;
  fast: number;
  scale0: number;
  scale1: number;
  scale2: number;
  selected: number;
  weeklyReady: number;
  zbar: number;
  zbarScale: number;
  run: number;
  runLeast: number;
  shiftDelta: number;
  shiftUntil: number;
  revertRun: number;
  daily: Float64Array;
  dailyN: Float64Array;
  weekly: Float64Array;
  weeklyN: Float64Array;
  bucket: Float64Array;
  bucketN: Float64Array;
}

const DEFAULTS: Omit<DetectorOptions, 'binMs'> = {
  seasonality: 'auto',
  values: 'auto',
  levelShiftMs: 2 * HOUR,
  warmupBins: 24,
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
/** Scores below this are reported as 0. */
const NEGLIGIBLE = 1e-9;

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
/** Per-step gain for a half-life of `h` steps. */
const gainFor = (h: number) => 1 - 0.5 ** (1 / h);

export function newDetector(binMs: number, options?: Partial<DetectorOptions>): DetectorState {
  if (!Number.isFinite(binMs) || binMs <= 0) throw new RangeError(`binMs must be a positive number, got ${binMs}`);
  const o = { ...DEFAULTS, ...options };
  if (!(o.threshold > 0 && o.threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${o.threshold}`);
  if (!(o.levelShiftMs > 0)) throw new RangeError(`levelShiftMs must be positive, got ${o.levelShiftMs}`);
  const binsPerDay = DAY / binMs;
  const dailySlots = binsPerDay >= 4 ? Math.min(2880, Math.round(binsPerDay)) : 0;
  const binsPerWeek = WEEK / binMs;
  const weeklyKnots = binsPerWeek >= 4 ? Math.min(168, Math.round(binsPerWeek)) : 0;
  const buckets = dailySlots >= 24 ? clamp(Math.floor(dailySlots / 3), 1, 24) : 1;
  const binsPerKnot = Math.max(1, binsPerWeek / Math.max(1, weeklyKnots));
  return {
    binMs,
    seasonality: SEASONALITY.indexOf(o.seasonality),
    values: VALUES.indexOf(o.values),
    levelShiftMs: o.levelShiftMs,
    warmupBins: Math.max(1, o.warmupBins),
    threshold: o.threshold,
    binsPerDay,
    dailySlots,
    weeklyKnots,
    buckets,
    // Fast level and factor: half-life of 2 hours (3 to 48 bins). Slow level under the profiles: a day
    // (6 to 288 bins), so that the profiles, not the level, explain the day and the week.
    alphaFast: gainFor(clamp((2 * HOUR) / binMs, 3, 48)),
    alphaSlow: gainFor(clamp(DAY / binMs, 6, 288)),
    // Daily profile: half-life of 4 visits (days). Weekly: 2 weeks, spread over a knot's bins.
    gainDaily: gainFor(4),
    gainWeekly: gainFor(2) / binsPerKnot,
    // Scales: half-life of half a day (12 to 144 bins). Time-of-day factor: 3 days of its bucket's bins.
    gainScale: gainFor(clamp(binsPerDay / 2, 12, 144)),
    gainBucket: gainFor(Math.max(3, (3 * Math.max(1, dailySlots)) / buckets)),
    // A weekly knot is known once it has had half a week's worth of its bins.
    weeklyMature: 0.5 * binsPerKnot,
    shiftBins: Math.max(4, Math.round(o.levelShiftMs / binMs)),
    zBound: zForScore(o.threshold, binsPerDay),
    zNegligible: zForScore(NEGLIGIBLE, binsPerDay),
    mode: o.values === 'counts' ? MODE_COUNTS : o.values === 'real' ? MODE_REAL : MODE_AUTO,
    n: 0,
    firstT: 0,
    lastX: 0,
    quantum: 0,
    level0: 0,
    levelS: 0,
    fast: 0,
    scale0: 0,
    scale1: 0,
    scale2: 0,
    selected: 0,
    weeklyReady: 0,
    zbar: 0,
    zbarScale: PERSIST_SD,
    run: 0,
    runLeast: 0,
    shiftDelta: 0,
    shiftUntil: 0,
    revertRun: 0,
    daily: new Float64Array(dailySlots),
    dailyN: new Float64Array(dailySlots),
    weekly: new Float64Array(weeklyKnots),
    weeklyN: new Float64Array(weeklyKnots),
    bucket: new Float64Array(buckets).fill(1),
    bucketN: new Float64Array(buckets),
  };
}

/** Forget everything learned (options kept): once, when a series taken for counts turns out not to be. */
function reset(st: DetectorState, mode: number): void {
  st.mode = mode;
  st.n = st.firstT = st.lastX = st.quantum = 0;
  st.level0 = st.levelS = st.fast = st.scale0 = st.scale1 = st.scale2 = 0;
  st.selected = st.weeklyReady = st.zbar = 0;
  st.zbarScale = PERSIST_SD;
  st.run = st.runLeast = st.shiftDelta = st.shiftUntil = st.revertRun = 0;
  st.daily.fill(0);
  st.dailyN.fill(0);
  st.weekly.fill(0);
  st.weeklyN.fill(0);
  st.bucket.fill(1);
  st.bucketN.fill(0);
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

/** (1 − p)^m for the two-sided tail p of |z|: the chance that a normal day (m bins) has no bin this far out. */
function scoreOf(z: number, binsPerDay: number): number {
  const p = normalTail2(z);
  const m = binsPerDay > 1 ? binsPerDay : 1;
  // For tiny p, (1 − p)^m = exp(−m·p) to double precision; saves a log.
  return p < 1e-8 ? Math.exp(-m * p) : p >= 1 ? 0 : Math.exp(m * Math.log1p(-p));
}

/** The |z| at which the score reaches `score` (bisection, once per detector). */
function zForScore(score: number, binsPerDay: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (scoreOf(mid, binsPerDay) < score) lo = mid;
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
  const gainWeekly = st.gainWeekly;
  const gainScale = st.gainScale;
  const gainBucket = st.gainBucket;
  const mature = st.weeklyMature;
  const warmupBins = st.warmupBins;
  const zBound = st.zBound;
  const zNegligible = st.zNegligible;
  const binsPerDay = st.binsPerDay;
  const shiftBins = st.shiftBins;
  const season = st.seasonality;
  const forcedCounts = st.values === 1;

  let mode = st.mode;
  let n = st.n;
  let firstT = st.firstT;
  let lastX = st.lastX;
  let quantum = st.quantum;
  let level0 = st.level0;
  let levelS = st.levelS;
  let fast = st.fast;
  let scale0 = st.scale0;
  let scale1 = st.scale1;
  let scale2 = st.scale2;
  let selected = st.selected;
  let weeklyReady = st.weeklyReady;
  let zbar = st.zbar;
  let zbarScale = st.zbarScale;
  let run = st.run;
  let runLeast = st.runLeast;
  let shiftDelta = st.shiftDelta;
  let shiftUntil = st.shiftUntil;
  let revertRun = st.revertRun;

  // Position in the day and the week in integer milliseconds, stepped along when bins are regular.
  const exact = Number.isInteger(binMs) && Number.isInteger(start);
  let t = start + from * binMs;
  let dayMs = t - Math.floor(t / DAY) * DAY;
  let weekMs = t - Math.floor(t / WEEK) * WEEK;

  for (let i = from; i < to; i++, t += binMs) {
    if (i !== from) {
      if (exact) {
        dayMs += binMs;
        while (dayMs >= DAY) dayMs -= DAY;
        weekMs += binMs;
        while (weekMs >= WEEK) weekMs -= WEEK;
      } else {
        t = start + i * binMs;
        dayMs = t - Math.floor(t / DAY) * DAY;
        weekMs = t - Math.floor(t / WEEK) * WEEK;
      }
    }
    let x = values[i]!;
    const missing = x - x !== 0;
    if (!missing && mode !== MODE_REAL && !(x >= 0 && Number.isInteger(x))) {
      if (forcedCounts) x = x > 0 ? Math.round(x) : 0;
      else {
        // Not counts after all: start again on the values as they are (once).
        st.mode = MODE_REAL;
        st.n = n = 0;
        reset(st, MODE_REAL);
        mode = MODE_REAL;
        firstT = lastX = quantum = level0 = levelS = fast = scale0 = scale1 = scale2 = 0;
        selected = weeklyReady = zbar = 0;
        zbarScale = PERSIST_SD;
        run = runLeast = shiftDelta = shiftUntil = revertRun = 0;
      }
    }
    if (!missing && mode === MODE_AUTO) mode = MODE_COUNTS;
    const mult = mode === MODE_COUNTS;

    // ---- slot of the day, knots of the week, noise bucket
    let slot = 0;
    if (ds > 0) {
      slot = Math.floor((dayMs * ds) / DAY);
      if (slot >= ds) slot = ds - 1;
    }
    let k0 = 0;
    let k1 = 0;
    let wf = 0;
    if (wk > 0) {
      const u = (weekMs * wk) / WEEK;
      k0 = Math.floor(u);
      wf = u - k0;
      if (k0 >= wk) k0 = wk - 1;
      k1 = k0 + 1 === wk ? 0 : k0 + 1;
    }
    const b = nb === 1 ? 0 : Math.min(nb - 1, Math.floor((slot * nb) / ds));

    // ---- the three predictions
    const seen = ds > 0 && dailyN[slot]! > 0;
    const d = seen ? daily[slot]! : mult ? 1 : 0;
    const w = wk > 0 ? (1 - wf) * weekly[k0]! + wf * weekly[k1]! : 0;
    const base = mult ? levelS * d : levelS + d;
    const e0 = level0;
    const e1 = mult ? base * fast : base + fast;
    const e2 = mult ? base * (1 + w) : base + w;
    const sel = selected;
    const e = sel === 0 ? e0 : sel === 1 ? e1 : e2;
    const s = sel === 0 ? scale0 : sel === 1 ? scale1 : scale2;

    // ---- noise scale of this bin
    const bn = bucketN[b]!;
    const h = (bn * bucket[b]! + 12) / (bn + 12);
    let sigma = s * h;
    if (mult && sigma < POISSON_FLOOR) sigma = POISSON_FLOOR;
    if (sigma < quantum) sigma = quantum;
    const tiny = 1e-9 * ((e < 0 ? -e : e) + 1e-9);
    if (sigma < tiny) sigma = tiny;
    sigma *= Math.sqrt(1 + warmupBins / (n + 1));

    scoreOut[i] = 0;
    if (zOut) zOut[i] = 0;
    if (n === 0) {
      const v = missing ? 0 : x;
      if (expectedOut) expectedOut[i] = v;
      if (upperOut) upperOut[i] = v;
      if (lowerOut) lowerOut[i] = v;
    } else {
      if (expectedOut) expectedOut[i] = fromModel(mult, e);
      if (upperOut) upperOut[i] = fromModel(mult, e + zBound * sigma);
      if (lowerOut) lowerOut[i] = fromModel(mult, e - zBound * sigma);
    }
    if (missing) continue;

    const y = mult ? Math.sqrt(x + 0.375) : x;
    if (n === 0) {
      firstT = t;
      level0 = levelS = y;
      fast = mult ? 1 : 0;
      lastX = x;
      n = 1;
      continue;
    }

    // ---- score
    const r = y - e;
    const zr = r / sigma;
    let zz = zr;
    const shifted = shiftDelta !== 0 && t < shiftUntil;
    let zBefore = 0;
    if (shifted) {
      // Back at the level from before the last accepted shift is normal too.
      zBefore = (y - (mult ? e / (1 + shiftDelta) : e - shiftDelta)) / sigma;
      if ((zBefore < 0 ? -zBefore : zBefore) < (zz < 0 ? -zz : zz)) zz = zBefore;
    }
    const zc = zz > PERSIST_CLIP ? PERSIST_CLIP : zz < -PERSIST_CLIP ? -PERSIST_CLIP : zz;
    zbar += PERSIST_GAIN * (zc - zbar);
    const zp = n > warmupBins ? zbar / (zbarScale > PERSIST_SD ? zbarScale : PERSIST_SD) : 0;
    const az = zz < 0 ? -zz : zz;
    const ap = zp < 0 ? -zp : zp;
    const top = az > ap ? az : ap;
    if (zOut) zOut[i] = zz;
    if (top >= zNegligible) scoreOut[i] = scoreOf(top, binsPerDay);

    // ---- learn, with Huber-clipped residuals (not clipped for the first bins: the scale is unknown then)
    const early = n < 8;
    // M0: one fast level
    const r0 = y - e0;
    let lim = early ? Number.POSITIVE_INFINITY : HUBER * scale0 * h + tiny;
    level0 += (n < 3 ? 0.5 : alphaFast) * (r0 > lim ? lim : r0 < -lim ? -lim : r0);
    // Slow level and daily profile, from the residual against level × profile
    lim = early ? Number.POSITIVE_INFINITY : HUBER * (scale1 > scale2 ? scale1 : scale2) * h + tiny;
    const rbRaw = y - base;
    const rb = rbRaw > lim ? lim : rbRaw < -lim ? -lim : rbRaw;
    const levelBefore = levelS;
    let q = 0;
    if (mult) {
      q = rb / (base > 1e-3 ? base : 1e-3);
      q = q > REL_STEP ? REL_STEP : q < -REL_STEP ? -REL_STEP : q;
      levelS = levelBefore * (1 + aS * q);
      if (levelS < 1e-3) levelS = 1e-3;
    } else levelS = levelBefore + aS * rb;
    if (ds > 0) {
      const cnt = dailyN[slot]! + 1;
      dailyN[slot] = cnt;
      if (!seen) daily[slot] = mult ? y / (levelBefore > 1e-3 ? levelBefore : 1e-3) : y - levelBefore;
      else {
        const g = (cnt * gainDaily > 1 ? gainDaily : 1 / cnt) * (1 - aS);
        if (mult) {
          const next = d * (1 + g * q);
          daily[slot] = next > 1e-3 ? next : 1e-3;
        } else daily[slot] = d + g * rb;
      }
    }
    // M1: the fast factor on top of level × profile
    const r1 = y - e1;
    lim = early ? Number.POSITIVE_INFINITY : HUBER * scale1 * h + tiny;
    const c1 = r1 > lim ? lim : r1 < -lim ? -lim : r1;
    if (mult) {
      let q1 = c1 / (e1 > 1e-3 ? e1 : 1e-3);
      q1 = q1 > REL_STEP ? REL_STEP : q1 < -REL_STEP ? -REL_STEP : q1;
      fast *= 1 + alphaFast * q1;
      fast = fast < 0.01 ? 0.01 : fast > 100 ? 100 : fast;
    } else fast += alphaFast * c1;
    // M2: the weekly correction of level × profile (LMS on the two neighbouring knots), once the day is known
    const r2 = y - e2;
    if (wk > 0 && seen) {
      lim = early ? Number.POSITIVE_INFINITY : HUBER * scale2 * h + tiny;
      let step2 = r2 > lim ? lim : r2 < -lim ? -lim : r2;
      if (mult) {
        step2 /= base > 1e-3 ? base : 1e-3;
        step2 = step2 > REL_STEP ? REL_STEP : step2 < -REL_STEP ? -REL_STEP : step2;
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

    // ---- scales: robust mean absolute errors, the time-of-day factor, and the EWMA's own scale
    const gs = early ? 1 / (n + 1) : gainScale;
    const a0 = r0 < 0 ? -r0 : r0;
    const a1 = r1 < 0 ? -r1 : r1;
    const a2 = r2 < 0 ? -r2 : r2;
    const first = scale0 === 0;
    let cap = SCALE_CLIP * scale0 * h;
    scale0 += gs * (SCALE_FACTOR * (first || a0 < cap ? a0 : cap) - scale0);
    cap = SCALE_CLIP * scale1 * h;
    scale1 += gs * (SCALE_FACTOR * (first || a1 < cap ? a1 : cap) - scale1);
    cap = SCALE_CLIP * scale2 * h;
    scale2 += gs * (SCALE_FACTOR * (first || a2 < cap ? a2 : cap) - scale2);
    const azb = (zbar < 0 ? -zbar : zbar) * SCALE_FACTOR;
    cap = SCALE_CLIP * SCALE_FACTOR * zbarScale;
    zbarScale += gainScale * ((azb < cap ? azb : cap) - zbarScale);
    if (nb > 1 && s > 0) {
      const hb = bucket[b]!;
      const ar = (r < 0 ? -r : r) / s;
      const u = (ar < SCALE_CLIP * hb ? ar : SCALE_CLIP * hb) * SCALE_FACTOR;
      const cnt = bn + 1;
      bucketN[b] = cnt;
      bucket[b] = hb + (cnt * gainBucket > 1 ? gainBucket : 1 / cnt) * (u - hb);
    }
    // Resolution of non-count data: a change of one step is never an anomaly.
    if (!mult) {
      const dx = x > lastX ? x - lastX : lastX - x;
      if (dx > 0 && (quantum === 0 || dx < quantum)) quantum = dx;
    }
    lastX = x;

    // ---- persistent shifts become the new normal; a return to the previous level undoes it
    const big = zr >= SHIFT_Z || zr <= -SHIFT_Z;
    if (shifted) {
      if ((zBefore < 0 ? -zBefore : zBefore) < 2 && big) {
        if (++revertRun >= Math.max(2, shiftBins >> 2)) {
          const undo = mult ? 1 / (1 + shiftDelta) : -shiftDelta;
          if (mult) {
            level0 *= undo;
            levelS *= undo;
          } else {
            level0 += undo;
            levelS += undo;
          }
          shiftDelta = 0;
          revertRun = 0;
          run = 0;
        }
      } else revertRun = 0;
    }
    if (big) {
      const sign = zr > 0 ? 1 : -1;
      if (run * sign > 0) {
        run += sign;
        if ((r < 0 ? -r : r) < (runLeast < 0 ? -runLeast : runLeast)) runLeast = r;
      } else {
        run = sign;
        runLeast = r;
      }
      const delta = mult ? Math.max(-0.99, runLeast / (e > 1e-3 ? e : 1e-3)) : runLeast;
      // Traffic stopping (counts down by more than 80 %) is an outage for a day before it is the new normal.
      const needed = mult && delta < -0.8 ? Math.max(shiftBins, Math.round(binsPerDay)) : shiftBins;
      if ((run < 0 ? -run : run) >= needed) {
        if (mult) {
          level0 *= 1 + delta;
          levelS *= 1 + delta;
        } else {
          level0 += delta;
          levelS += delta;
        }
        shiftDelta = delta;
        shiftUntil = t + SHIFT_MEMORY_MS;
        revertRun = 0;
        run = 0;
      }
    } else run = 0;

    // ---- model choice: the lowest recent error among the models with enough history
    const age = t - firstT;
    const canDaily = season !== 1 && ds > 0 && age >= DAY && n >= binsPerDay / 2;
    const canWeekly = (season === 0 || season === 3) && wk > 0 && weeklyReady >= wk && age >= WEEK;
    if (season === 0) {
      let best = sel === 2 && !canWeekly ? (canDaily ? 1 : 0) : sel === 1 && !canDaily ? 0 : sel;
      let cost = best === 0 ? scale0 : best === 1 ? scale1 : scale2;
      if (best !== 0 && scale0 < cost * SWITCH_MARGIN) {
        best = 0;
        cost = scale0;
      }
      if (canDaily && best !== 1 && scale1 < cost * SWITCH_MARGIN) {
        best = 1;
        cost = scale1;
      }
      if (canWeekly && best !== 2 && scale2 < cost * SWITCH_MARGIN) best = 2;
      selected = best;
    } else selected = season === 3 && canWeekly ? 2 : season >= 2 && canDaily ? 1 : 0;
    n++;
  }

  st.mode = mode;
  st.n = n;
  st.firstT = firstT;
  st.lastX = lastX;
  st.quantum = quantum;
  st.level0 = level0;
  st.levelS = levelS;
  st.fast = fast;
  st.scale0 = scale0;
  st.scale1 = scale1;
  st.scale2 = scale2;
  st.selected = selected;
  st.weeklyReady = weeklyReady;
  st.zbar = zbar;
  st.zbarScale = zbarScale;
  st.run = run;
  st.runLeast = runLeast;
  st.shiftDelta = shiftDelta;
  st.shiftUntil = shiftUntil;
  st.revertRun = revertRun;
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
    observed: x === x ? x : null,
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
  run(state, start, values, from, to, columns.score, columns.expected, columns.upper, columns.lower, columns.z);
}

/** The |z| at which this detector's score reaches its threshold (where `upper`/`lower` are drawn). */
export function thresholdZOf(state: DetectorState): number {
  return state.zBound;
}

// ---------------------------------------------------------------------------------------------------------
// Serialisation

const ARRAYS = ['daily', 'dailyN', 'weekly', 'weeklyN', 'bucket', 'bucketN'] as const;
const LEARNED = [
  'mode',
  'n',
  'firstT',
  'lastX',
  'quantum',
  'level0',
  'levelS',
  'fast',
  'scale0',
  'scale1',
  'scale2',
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

/** A JSON-safe copy of the state (plain numbers and arrays), for storing per resource. */
export function toJSON(state: DetectorState): unknown {
  const learned: Record<string, number> = {};
  for (const k of LEARNED) learned[k] = state[k];
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
  learned: zod.object(Object.fromEntries(LEARNED.map((k) => [k, finite])) as Record<(typeof LEARNED)[number], typeof finite>),
  arrays: zod.object(Object.fromEntries(ARRAYS.map((k) => [k, zod.array(finite)])) as Record<(typeof ARRAYS)[number], zod.ZodArray<typeof finite>>),
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
  for (const k of LEARNED) st[k] = learned[k];
  if (![MODE_AUTO, MODE_COUNTS, MODE_REAL].includes(st.mode) || ![0, 1, 2].includes(st.selected)) {
    throw new TypeError('not a saved detector state: mode or selected model out of range');
  }
  return st;
}
