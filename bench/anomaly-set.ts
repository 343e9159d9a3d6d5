// A labelled set of synthetic prompt-volume series for evaluating anomaly detectors, generated from a seed.
//
// Each series is one resource: a volume tier (from a request every few bins to thousands a bin), a rhythm
// (office hours with quiet nights and weekends, a consumer app's smooth day, or flat 24×7 traffic) in the
// resource's own time zone, Poisson noise at low counts and overdispersed noise (gamma-mixed, i.e. negative
// binomial) at high counts, a slow drift, hour-to-hour wobble, and things that are NOT anomalies: a nightly
// batch job at the same time every day and ingestion gaps (missing bins). Into three series in four it
// plants one to three labelled anomalies after the first week (the history every detector may learn from):
// spikes, ramps, level shifts (up or down) and outages. Labels are bin windows; a level shift is labelled
// for its first six hours (after that it is the new normal).

import { Rng } from '../azure/demo/random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type AnomalyKind = 'spike' | 'ramp' | 'level-shift' | 'outage';

export interface AnomalyWindow {
  kind: AnomalyKind;
  /** First bin of the anomaly (index into `values`). */
  start: number;
  /** One past the last labelled bin. */
  end: number;
}

export type Tier = 'quiet' | 'low' | 'mid' | 'busy';
export type Rhythm = 'office' | 'consumer' | 'flat';

export interface LabelledSeries {
  id: string;
  tier: Tier;
  rhythm: Rhythm;
  start: number;
  binMs: number;
  /** Counts per bin; NaN = missing bin (ingestion gap). */
  values: Float64Array;
  /** Bins before this index are history: no labels there, and alerts there are not counted. */
  evalFrom: number;
  windows: AnomalyWindow[];
  /** The mean each count was drawn around (before overdispersion; 0 in an outage): for diagnostics. */
  rate: Float64Array;
}

export interface SetOptions {
  seed: number;
  series: number;
  /** Total length in days, including `historyDays`. */
  days?: number;
  historyDays?: number;
  /** Restrict to one bin size (default: mostly 5 minutes, some 15 minutes and 1 hour). */
  binMs?: number;
}

/** Monday 2024-01-01T00:00Z: series start on a Monday in UTC (local time zones differ). */
const EPOCH = Date.UTC(2024, 0, 1);

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

function normal(r: Rng): number {
  const u = Math.max(r.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

/** Marsaglia–Tsang gamma(shape, 1). */
function gamma(r: Rng, shape: number): number {
  if (shape < 1) return gamma(r, shape + 1) * r.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = r.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function poisson(r: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 60) {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = r.next();
    while (u > cdf && k < 1000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
}

/** Relative level of traffic at a local hour of a local weekday (0 = Sunday). */
function rhythmAt(rhythm: Rhythm, hour: number, dow: number, night: number, weekend: number): number {
  const isWeekend = dow === 0 || dow === 6;
  let shape: number;
  if (rhythm === 'office') {
    shape = smoothstep(6.5, 9.5, hour) * (1 - smoothstep(17, 20.5, hour));
    if (hour >= 12 && hour < 13.5) shape *= 0.85;
  } else if (rhythm === 'consumer') {
    shape = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24);
    shape = shape ** 1.5;
  } else {
    shape = 1;
  }
  // Office traffic is the working day on top of a floor (batch jobs, monitoring) that weekends keep.
  if (rhythm === 'office') return night + (1 - night) * shape * (isWeekend ? weekend : 1);
  const level = rhythm === 'flat' ? 1 : night + (1 - night) * shape;
  return isWeekend ? level * weekend : level;
}

export function generateAnomalySet(options: SetOptions): LabelledSeries[] {
  const days = options.days ?? 28;
  const historyDays = options.historyDays ?? 7;
  const root = Rng.for(options.seed, 'anomaly-set');
  const out: LabelledSeries[] = [];
  for (let i = 0; i < options.series; i++)
    out.push(generateOne(root.fork(`series:${i}`), i, days, historyDays, options));
  return out;
}

function generateOne(r: Rng, index: number, days: number, historyDays: number, o: SetOptions): LabelledSeries {
  const binMs =
    o.binMs ??
    r.weighted([
      [5 * MINUTE, 0.7],
      [15 * MINUTE, 0.15],
      [HOUR, 0.15],
    ] as const);
  const tier = r.weighted<Tier>([
    ['quiet', 0.2],
    ['low', 0.3],
    ['mid', 0.3],
    ['busy', 0.2],
  ]);
  const rhythm = r.weighted<Rhythm>([
    ['office', 0.5],
    ['consumer', 0.3],
    ['flat', 0.2],
  ]);
  // Peak requests per 5 minutes, scaled to the bin size.
  const peak5 =
    tier === 'quiet'
      ? r.range(0.3, 3)
      : tier === 'low'
        ? r.range(3, 30)
        : tier === 'mid'
          ? r.range(30, 300)
          : r.range(300, 3000);
  const peak = peak5 * (binMs / (5 * MINUTE));
  const phi = tier === 'quiet' || tier === 'low' ? (r.chance(0.5) ? 0 : r.range(0, 0.01)) : r.range(0.002, 0.04);
  const night = rhythm === 'office' ? r.range(0.02, 0.2) : r.range(0.2, 0.5);
  const weekend =
    rhythm === 'office' ? r.range(0.1, 0.5) : rhythm === 'consumer' ? r.range(0.7, 1.15) : r.range(0.9, 1.1);
  const offsetMs = r.int(-8, 9) * HOUR;

  const n = Math.round((days * DAY) / binMs);
  const evalFrom = Math.round((historyDays * DAY) / binMs);
  const rate = new Float64Array(n);
  // Slow drift (a day-to-day random walk, interpolated) and an hour-to-hour wobble.
  const dayDrift: number[] = [0];
  for (let d = 1; d <= days + 1; d++) dayDrift.push((dayDrift[d - 1] ?? 0) + normal(r) * 0.04);
  const hours = Math.ceil((days * DAY) / HOUR) + 1;
  const wobble: number[] = [];
  for (let h = 0; h < hours; h++) wobble.push(1 + 0.06 * normal(r));
  const batch = r.chance(0.2) ? { hour: r.range(0, 6), minutes: r.int(15, 30), extra: peak * r.range(0.4, 1.5) } : null;
  for (let i = 0; i < n; i++) {
    const t = EPOCH + i * binMs;
    const local = t + offsetMs;
    const hour = (((local % DAY) + DAY) % DAY) / HOUR;
    const dow = (Math.floor(local / DAY) + 4) % 7; // 1970-01-01 was a Thursday
    const dayPos = (t - EPOCH) / DAY;
    const d0 = Math.floor(dayPos);
    const drift = Math.exp((dayDrift[d0] ?? 0) * (1 - (dayPos - d0)) + (dayDrift[d0 + 1] ?? 0) * (dayPos - d0));
    let lambda =
      peak * rhythmAt(rhythm, hour, dow, night, weekend) * drift * (wobble[Math.floor((t - EPOCH) / HOUR)] ?? 1);
    if (batch && hour >= batch.hour && hour < batch.hour + batch.minutes / 60) lambda += batch.extra;
    rate[i] = lambda;
  }

  // Planted anomalies, in the evaluation period, at least a day apart.
  const windows: AnomalyWindow[] = [];
  const zeroed = new Uint8Array(n);
  const planted = r.chance(0.75) ? r.int(1, 3) : 0;
  const binsPer = (ms: number) => Math.max(1, Math.round(ms / binMs));
  const minAbs = 8 * (binMs / (5 * MINUTE)) ** 0.5;
  let cursor = evalFrom + binsPer(r.range(6, 36) * HOUR);
  for (let a = 0; a < planted && cursor < n - binsPer(DAY); a++) {
    const busyEnough = peak5 >= 5;
    const kind = r.weighted<AnomalyKind>([
      ['spike', 0.45],
      ['ramp', 0.2],
      ['level-shift', 0.2],
      ['outage', busyEnough ? 0.15 : 0],
    ]);
    let start = cursor;
    if (kind === 'outage' || kind === 'ramp') {
      // In the busy part of a weekday, where the loss (or the climb) is knowable.
      for (let s = cursor; s < n - binsPer(DAY); s++) {
        if (rate[s]! >= 0.6 * peak) {
          start = s;
          break;
        }
      }
    }
    let end: number;
    if (kind === 'spike') {
      end = start + binsPer(r.range(10, 60) * MINUTE);
      const extra = Math.max(minAbs, peak * r.range(0.8, 3));
      for (let i = start; i < end && i < n; i++) rate[i] = rate[i]! + extra;
    } else if (kind === 'ramp') {
      end = start + binsPer(r.range(2, 5) * HOUR);
      const extra = Math.max(minAbs * 2, peak * r.range(2, 5));
      for (let i = start; i < end && i < n; i++) rate[i] = rate[i]! + (extra * (i - start + 1)) / (end - start);
    } else if (kind === 'level-shift') {
      const factor = r.chance(0.7) ? r.range(2, 3.5) : r.range(0.25, 0.45);
      for (let i = start; i < n; i++) rate[i] = rate[i]! * factor;
      end = start + binsPer(6 * HOUR);
    } else {
      end = start + binsPer(r.range(0.5, 3) * HOUR);
      for (let i = start; i < end && i < n; i++) zeroed[i] = 1;
    }
    end = Math.min(end, n);
    windows.push({ kind, start, end });
    cursor = end + binsPer(r.range(24, 72) * HOUR);
  }

  const values = new Float64Array(n);
  const k = phi > 0 ? 1 / phi : 0;
  for (let i = 0; i < n; i++) {
    const mean = zeroed[i] ? 0 : k > 0 ? (rate[i]! * gamma(r, k)) / k : rate[i]!;
    values[i] = poisson(r, mean);
    if (zeroed[i]) rate[i] = 0;
  }
  // Ingestion gaps: missing bins, never inside a label.
  if (r.chance(0.3)) {
    const gaps = r.int(1, 4);
    for (let g = 0; g < gaps; g++) {
      const at = r.int(0, n - 8);
      const len = r.int(1, 6);
      if (windows.some((w) => at < w.end + 12 && at + len > w.start - 12)) continue;
      for (let i = at; i < at + len; i++) values[i] = Number.NaN;
    }
  }
  return { id: `s${index}-${tier}-${rhythm}`, tier, rhythm, start: EPOCH, binMs, values, evalFrom, windows, rate };
}
