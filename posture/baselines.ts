// Two reference detectors Vigil's is measured against (bench/anomaly-eval.ts). Both are causal: a bin is
// judged only from bins before it, as a scheduled alert rule would judge it. Pure; NaN = missing bin.
//
// staticThreshold     what an operator sets by hand after looking at last week's chart: alert above
//                     1.5 × the 99th percentile of a training period, or below half its 1st percentile
//                     (which is zero, so never, for anything quiet at night). Fixed after training.
// decomposeTukey      Kusto's series_decompose_anomalies(series, threshold=1.5, seasonality=-1 (auto),
//                     trend='avg', test_points=0, method='ctukey') run as a scheduled query: every hour it
//                     decomposes the trailing window (trend = mean, seasonal = per-phase median of the
//                     detrended series for the detected period, residual = the rest), and flags new bins whose
//                     residual lies outside the Tukey fence [P10 − k·(P90 − P10), P90 + k·(P90 − P10)].
//                     Seasonality auto: the day or week period whose autocorrelation over the window is the
//                     higher and at least 0.6 (Kusto's series_periods_detect default score threshold), if the
//                     window holds two periods of it; else none.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Kusto's (ad_flag, ad_score, baseline): flag +1 above, −1 below, 0 normal. */
export interface BaselineResult {
  flags: Int8Array;
  /** Graded score in the detector's own units (static: observed ÷ limit; Tukey: the fence's k). */
  score: Float64Array;
  baseline: Float64Array;
}

export interface StaticThresholdOptions {
  /** Bins used to set the limits; nothing is flagged inside them. Default: one week. */
  trainBins: number;
  upperQuantile: number;
  upperFactor: number;
  lowerQuantile: number;
  lowerFactor: number;
}

export function staticThreshold(
  values: Float64Array,
  binMs: number,
  options: Partial<StaticThresholdOptions> = {},
): BaselineResult {
  const o: StaticThresholdOptions = {
    trainBins: Math.round(WEEK / binMs),
    upperQuantile: 0.99,
    upperFactor: 1.5,
    lowerQuantile: 0.01,
    lowerFactor: 0.5,
    ...options,
  };
  const n = values.length;
  const result = emptyResult(n);
  const train = Math.min(n, o.trainBins);
  const seen = compact(values, 0, train);
  if (seen.length === 0) return result;
  seen.sort();
  const upper = o.upperFactor * quantileSorted(seen, o.upperQuantile);
  const lower = o.lowerFactor * quantileSorted(seen, o.lowerQuantile);
  const middle = quantileSorted(seen, 0.5);
  for (let i = 0; i < n; i++) {
    result.baseline[i] = middle;
    if (i < train) continue;
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (v > upper) {
      result.flags[i] = 1;
      result.score[i] = upper > 0 ? v / upper : Number.POSITIVE_INFINITY;
    } else if (lower > 0 && v < lower) {
      result.flags[i] = -1;
      result.score[i] = -(lower / Math.max(v, 1e-9));
    }
  }
  return result;
}

export interface DecomposeTukeyOptions {
  /** The fence's k (Kusto's Threshold). */
  threshold: number;
  /** Trailing window the decomposition learns from. Default: 14 days. */
  windowBins: number;
  /** The scheduled query's period: the decomposition is recomputed every this many bins. Default: 1 hour. */
  hopBins: number;
  /** -1 = auto (day or week), 0 = none, or a period in bins. */
  seasonality: number;
  /** 'ctukey' fences on P10–P90, 'tukey' on P25–P75. */
  method: 'ctukey' | 'tukey';
  /** Bins of history needed before anything is flagged. Default: one day. */
  minBins: number;
}

export function decomposeTukey(
  values: Float64Array,
  binMs: number,
  options: Partial<DecomposeTukeyOptions> = {},
): BaselineResult {
  const o: DecomposeTukeyOptions = {
    threshold: 1.5,
    windowBins: Math.round((14 * DAY) / binMs),
    hopBins: Math.max(1, Math.round(HOUR / binMs)),
    seasonality: -1,
    method: 'ctukey',
    minBins: Math.max(4, Math.round(DAY / binMs)),
    ...options,
  };
  const [qLo, qHi] = o.method === 'ctukey' ? [0.1, 0.9] : [0.25, 0.75];
  const n = values.length;
  const result = emptyResult(n);
  const residuals = new Float64Array(o.windowBins);
  let seasonal: Float64Array = new Float64Array(0);
  for (let block = o.minBins; block < n; block += o.hopBins) {
    const from = Math.max(0, block - o.windowBins);
    const d = decompose(values, from, block, binMs, o.seasonality);
    if (d === null) continue;
    seasonal = d.seasonal;
    // Residuals over the window, then the fence.
    let m = 0;
    for (let i = from; i < block; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      residuals[m++] = v - d.mean - (d.period > 0 ? seasonal[i % d.period]! : 0);
    }
    if (m < 4) continue;
    const window = residuals.subarray(0, m).sort();
    const lo = quantileSorted(window, qLo);
    const hi = quantileSorted(window, qHi);
    const range = Math.max(hi - lo, 1e-9 * (Math.abs(d.mean) + 1));
    for (let i = block; i < Math.min(n, block + o.hopBins); i++) {
      const base = d.mean + (d.period > 0 ? seasonal[i % d.period]! : 0);
      result.baseline[i] = base;
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const r = v - base;
      const k = r > hi ? (r - hi) / range : r < lo ? (r - lo) / range : 0;
      result.score[i] = k;
      result.flags[i] = k > o.threshold ? 1 : k < -o.threshold ? -1 : 0;
    }
  }
  return result;
}

interface Decomposition {
  mean: number;
  period: number;
  seasonal: Float64Array;
}

function decompose(
  values: Float64Array,
  from: number,
  to: number,
  binMs: number,
  seasonality: number,
): Decomposition | null {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  if (count < 4) return null;
  const mean = sum / count;
  let period = seasonality > 0 ? seasonality : 0;
  if (seasonality < 0) {
    let best = 0.6;
    for (const p of [Math.round(DAY / binMs), Math.round(WEEK / binMs)]) {
      if (p < 2 || to - from < 2 * p) continue;
      const acf = autocorrelation(values, from, to, mean, p);
      if (acf >= best) {
        best = acf;
        period = p;
      }
    }
  }
  if (period === 0) return { mean, period: 0, seasonal: new Float64Array(0) };
  // Per-phase median of the detrended series (Kusto's series_seasonal), phases aligned to the bin index.
  const seasonal = new Float64Array(period);
  const perPhase = Math.ceil((to - from) / period) + 1;
  const scratch = new Float64Array(perPhase);
  for (let p = 0; p < period; p++) {
    let m = 0;
    const first = from + ((((p - from) % period) + period) % period);
    for (let i = first; i < to; i += period) {
      const v = values[i]!;
      if (!Number.isNaN(v)) scratch[m++] = v - mean;
    }
    seasonal[p] = m === 0 ? 0 : quantileSorted(scratch.subarray(0, m).sort(), 0.5);
  }
  return { mean, period, seasonal };
}

function autocorrelation(values: Float64Array, from: number, to: number, mean: number, lag: number): number {
  let num = 0;
  let den = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const a = v - mean;
    den += a * a;
    if (i - lag >= from) {
      const w = values[i - lag]!;
      if (!Number.isNaN(w)) num += a * (w - mean);
    }
  }
  return den > 0 ? num / den : 0;
}

/** Linear-interpolated quantile of an ascending array (type 7, as numpy and Kusto's percentile). */
function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const f = pos - i;
  const a = sorted[i]!;
  return i + 1 < sorted.length ? a + f * (sorted[i + 1]! - a) : a;
}

function compact(values: Float64Array, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  let m = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[m++] = v;
  }
  return out.subarray(0, m);
}

function emptyResult(n: number): BaselineResult {
  return { flags: new Int8Array(n), score: new Float64Array(n), baseline: new Float64Array(n) };
}
