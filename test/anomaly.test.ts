// The prompt-volume detector (posture/anomaly.ts), its two reference baselines (posture/baselines.ts), and
// the evaluation that compares them (bench/anomaly-eval.ts) on a small fixed subset of the generated set.

import { describe, expect, it } from 'vitest';
import { poisson, Rng } from '../azure/demo/random.js';
import { decomposeBaseline, evaluate, staticBaseline, vigil } from '../bench/anomaly-eval.js';
import { generateAnomalySet } from '../bench/anomaly-set.js';
import {
  DEFAULT_THRESHOLD,
  fromJSON,
  newDetector,
  type ScoredBin,
  scoreInto,
  scoreSeries,
  toJSON,
  update,
} from '../posture/anomaly.js';
import { decomposeTukey, staticThreshold } from '../posture/baselines.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BIN = 5 * MIN;
/** Monday 2024-01-01 00:00 UTC. */
const START = Date.UTC(2024, 0, 1);

/** Office-hours traffic: `peak` requests a bin at midday on weekdays, `night` of that at night and weekends. */
function officeRate(peak: number, night: number, t: number): number {
  const hour = (t % DAY) / HOUR;
  const dow = (Math.floor(t / DAY) + 4) % 7;
  const day = Math.max(0, Math.sin((Math.PI * (hour - 7)) / 12));
  const weekday = dow !== 0 && dow !== 6;
  return peak * (night + (1 - night) * (weekday ? day : 0.2 * day));
}

/** Poisson counts around `rate(t)` for `days` of bins, from a seed. */
function counts(days: number, rate: (t: number) => number, seed = 1, binMs = BIN): number[] {
  const rng = new Rng(seed);
  const n = Math.round((days * DAY) / binMs);
  return Array.from({ length: n }, (_, i) => poisson(rate(START + i * binMs), rng.next(), rng.next()));
}

const scores = (bins: ScoredBin[]) => bins.map((b) => b.score);
const at = (day: number, hour: number, binMs = BIN) => Math.round((day * DAY + hour * HOUR) / binMs);

describe('anomaly detector: contract', () => {
  const series = counts(10, (t) => officeRate(40, 0.1, t), 7);
  series[at(8, 11)] = 400;

  it('gives every bin a score in [0, 1], an expected value inside its bounds, and finite numbers throughout', () => {
    for (const b of scoreSeries(START, BIN, series)) {
      expect(b.score).toBeGreaterThanOrEqual(0);
      expect(b.score).toBeLessThanOrEqual(1);
      expect(b.lower).toBeLessThanOrEqual(b.expected);
      expect(b.expected).toBeLessThanOrEqual(b.upper);
      for (const v of [b.expected, b.upper, b.lower, b.z]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('is deterministic', () => {
    expect(scoreSeries(START, BIN, series)).toEqual(scoreSeries(START, BIN, series));
  });

  it('is causal: appending future bins never changes a past score', () => {
    const full = scoreSeries(START, BIN, series);
    for (const cut of [1, 50, at(3, 9), at(8, 11) + 1]) {
      expect(scoreSeries(START, BIN, series.slice(0, cut))).toEqual(full.slice(0, cut));
    }
    // …whatever comes next: a different future leaves the past alone too.
    const other = [...series.slice(0, at(5, 0)), ...series.slice(at(5, 0)).map((v) => v * 3)];
    expect(scoreSeries(START, BIN, other).slice(0, at(5, 0))).toEqual(full.slice(0, at(5, 0)));
  });

  it('gives the same results one bin at a time, in batch, and across a save and restore of its state', () => {
    const batch = scoreSeries(START, BIN, series);
    let state = newDetector(BIN);
    const oneByOne: ScoredBin[] = [];
    series.forEach((v, i) => {
      if (i % 500 === 0) state = fromJSON(JSON.parse(JSON.stringify(toJSON(state))));
      oneByOne.push(update(state, START + i * BIN, v));
    });
    expect(oneByOne).toEqual(batch);

    const values = Float64Array.from(series);
    const score = new Float64Array(values.length);
    const expected = new Float64Array(values.length);
    scoreInto(newDetector(BIN), START, values, { score, expected });
    expect(Array.from(score)).toEqual(scores(batch));
    expect(Array.from(expected)).toEqual(batch.map((b) => b.expected));
  });

  it('treats null (and NaN) as a missing bin: no score, nothing learned, not zero traffic', () => {
    const withGap = series.map((v, i) => (i >= at(8, 10) && i < at(8, 10) + 6 ? null : v));
    const bins = scoreSeries(START, BIN, withGap);
    for (let i = at(8, 10); i < at(8, 10) + 6; i++) {
      expect(bins[i]?.observed).toBeNull();
      expect(bins[i]?.score).toBe(0);
      expect(bins[i]?.expected).toBeGreaterThan(10);
    }
    // Zeros in the same place would be a drop; a gap is not.
    const zeros = scoreSeries(
      START,
      BIN,
      series.map((v, i) => (i >= at(8, 10) && i < at(8, 10) + 6 ? 0 : v)),
    );
    expect(Math.max(...scores(zeros).slice(at(8, 10), at(8, 10) + 6))).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    // And NaN from a typed array is missing too.
    const state = newDetector(BIN);
    expect(update(state, START, Number.NaN)).toMatchObject({ observed: null, score: 0 });
  });

  it('gives the same results however a series is split across calls', () => {
    const values = Float64Array.from(series);
    const whole = new Float64Array(values.length);
    scoreInto(newDetector(BIN), START, values, { score: whole });
    const pieces = new Float64Array(values.length);
    let state = newDetector(BIN);
    for (const [from, to] of [
      [0, 7],
      [7, 700],
      [700, 701],
      [701, 2345],
      [2345, values.length],
    ] as const) {
      scoreInto(state, START, values, { score: pieces }, from, to);
      state = fromJSON(JSON.parse(JSON.stringify(toJSON(state))));
    }
    expect(Array.from(pieces)).toEqual(Array.from(whole));
  });

  it('rejects what is not a saved state, saying why', () => {
    expect(() => fromJSON({ v: 2 })).toThrow(TypeError);
    expect(() => fromJSON('nope')).toThrow(/not a saved detector state/);
    const saved = toJSON(newDetector(BIN)) as { arrays: { daily: string } };
    saved.arrays.daily = Buffer.from([1, 2, 3]).toString('base64');
    expect(() => fromJSON(saved)).toThrow(/daily/);
    // Numbers the detector indexes with are checked too (a negative bin count, a fourth structural model).
    for (const [key, value] of [
      ['n', -3],
      ['n', 1.5],
      ['structural', 3],
    ] as const) {
      const forged = toJSON(newDetector(BIN)) as { learned: Record<string, number> };
      forged.learned[key] = value;
      expect(() => fromJSON(forged), `${key} = ${value}`).toThrow(/out of range/);
    }
  });

  it('refuses a state saved by an earlier version, so its owner starts again rather than misreading it', () => {
    const state = newDetector(BIN);
    scoreInto(state, START, Float64Array.from(series), { score: new Float64Array(series.length) });
    const saved = toJSON(state) as { v: number };
    expect(() => fromJSON(saved)).not.toThrow();
    expect(() => fromJSON({ ...saved, v: 1 })).toThrow(/not a saved detector state/);
    // Version 1 kept every array as plain numbers.
    expect(() => fromJSON({ ...saved, arrays: { daily: [0] } })).toThrow(/not a saved detector state/);
  });

  it('keeps a saved state small: under 10 KB for a resource with 5-minute bins', () => {
    const state = newDetector(BIN);
    scoreInto(state, START, Float64Array.from(series), { score: new Float64Array(series.length) });
    expect(JSON.stringify(toJSON(state)).length).toBeLessThan(10_000);
  });
});

describe('anomaly detector: behaviour', () => {
  it('starts cold: wide bounds and no anomaly on the first day of normal traffic', () => {
    const bins = scoreSeries(
      START,
      BIN,
      counts(1, (t) => officeRate(60, 0.1, t), 3),
    );
    expect(bins.filter((b) => b.score >= DEFAULT_THRESHOLD)).toEqual([]);
    // Bounds narrow as it learns.
    const width = (b: ScoredBin) => b.upper - b.lower;
    expect(width(bins[5]!)).toBeGreaterThan(width(bins[200]!));
  });

  it('scores a burst on a flat series and on a seasonal one high, and the bins around it low', () => {
    const flat = counts(6, () => 20, 11);
    const seasonal = counts(10, (t) => officeRate(40, 0.1, t), 12);
    for (const [series, i] of [
      [flat, at(5, 3)],
      [seasonal, at(8, 14)],
      [seasonal, at(9, 2)], // at night, when a burst stands out most
    ] as const) {
      const copy = [...series];
      copy[i] = (copy[i] ?? 0) + 150;
      const bins = scoreSeries(START, BIN, copy);
      expect(bins[i]!.score).toBeGreaterThanOrEqual(0.999);
      expect(bins[i]!.z).toBeGreaterThan(0);
      expect(bins[i]!.observed).toBeGreaterThan(bins[i]!.upper);
      expect(bins[i - 2]!.score).toBeLessThan(0.5);
    }
  });

  it('does not flag nights and weekends of zeros on a low-volume resource', () => {
    // About 3 requests a bin at midday on weekdays, nothing most nights and weekends.
    const series = counts(21, (t) => officeRate(3, 0.01, t), 5);
    const bins = scoreSeries(START, BIN, series);
    const zeros = bins.filter((b) => b.observed === 0);
    expect(zeros.length).toBeGreaterThan(3000);
    expect(zeros.filter((b) => b.score >= DEFAULT_THRESHOLD)).toEqual([]);
    expect(bins.filter((b) => b.score >= DEFAULT_THRESHOLD).length).toBeLessThanOrEqual(2);
  });

  it('flags a busy resource going silent, as a drop (negative z)', () => {
    const series = counts(10, (t) => officeRate(200, 0.2, t), 8);
    const from = at(8, 10);
    for (let i = from; i < from + 12; i++) series[i] = 0;
    const bins = scoreSeries(START, BIN, series);
    expect(bins[from]!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(bins[from]!.z).toBeLessThan(-5);
    // Traffic coming back is the old normal, not a new anomaly.
    expect(Math.max(...scores(bins).slice(from + 13, from + 60))).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('flags a level shift when it starts, then accepts it as the new normal', () => {
    const series = counts(10, (t) => 30 * (t >= START + at(7, 12) * BIN ? 3 : 1), 9);
    const bins = scoreSeries(START, BIN, series);
    const shift = at(7, 12);
    expect(Math.max(...scores(bins).slice(shift, shift + 3))).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    // A few hours later it is normal again: no anomaly for the rest of the series, expected near the new level.
    const later = bins.slice(shift + at(0, 4));
    expect(later.filter((b) => b.score >= DEFAULT_THRESHOLD)).toEqual([]);
    expect(later.at(-1)!.expected).toBeGreaterThan(70);
  });

  it('learns a weekly rhythm: quiet weekends are not anomalies once a week has been seen', () => {
    const series = counts(28, (t) => officeRate(80, 0.05, t), 21);
    const bins = scoreSeries(START, BIN, series).slice(at(14, 0));
    expect(bins.filter((b) => b.score >= DEFAULT_THRESHOLD).length).toBeLessThanOrEqual(1);
  });

  it('works on any interval and on real-valued series: hourly latency in milliseconds with a spike', () => {
    const rng = new Rng(4);
    const hourly = Array.from({ length: 24 * 21 }, (_, i) => {
      const hour = i % 24;
      return 120 + 40 * Math.sin((Math.PI * hour) / 12) + 6 * (rng.next() - 0.5) + rng.next() / 7;
    });
    hourly[24 * 18 + 5] = 400;
    const bins = scoreSeries(START, HOUR, hourly);
    expect(bins[24 * 18 + 5]!.score).toBeGreaterThanOrEqual(0.999);
    expect(bins.filter((b) => b.score >= DEFAULT_THRESHOLD).length).toBeLessThanOrEqual(2);
  });
});

describe('baselines', () => {
  it('static threshold: learns 1.5 × the 99th percentile of its training period and flags only after it', () => {
    const values = Float64Array.from({ length: 400 }, (_, i) => (i % 10) + 1);
    values[50] = 100; // inside training: never flagged
    values[300] = 16; // 1.5 × P99 (10) = 15
    values[301] = 14;
    const r = staticThreshold(values, BIN, { trainBins: 200 });
    expect(r.flags[50]).toBe(0);
    expect(r.flags[300]).toBe(1);
    expect(r.flags[301]).toBe(0);
    // Low limit: half the 1st percentile (1) — 0.4 is below it.
    values[302] = 0.4;
    expect(staticThreshold(values, BIN, { trainBins: 200 }).flags[302]).toBe(-1);
  });

  it('decompose + Tukey fence: follows the daily shape, flags a spike, and is causal', () => {
    const series = Float64Array.from(counts(10, (t) => officeRate(50, 0.1, t), 31));
    const spike = at(8, 3);
    series[spike] = 200;
    const r = decomposeTukey(series, BIN);
    expect(r.flags[spike]).toBe(1);
    expect(r.baseline[at(8, 13)]).toBeGreaterThan(r.baseline[at(8, 2)]! + 20);
    const prefix = decomposeTukey(series.slice(0, spike + 1), BIN);
    expect(Array.from(prefix.flags)).toEqual(Array.from(r.flags.slice(0, spike + 1)));
  });
});

describe('evaluation on a fixed subset of the generated set', () => {
  it("Vigil's detector beats both baselines on F1, with fewer false alerts per resource-week", () => {
    const set = generateAnomalySet({ seed: 2024, series: 40, days: 21 });
    expect(set.some((s) => s.windows.length === 0)).toBe(true);
    const [ours, fixed, kusto] = [vigil(), staticBaseline, decomposeBaseline].map((d) => evaluate(set, d));
    expect(ours!.windows).toBeGreaterThan(25);
    expect(ours!.f1).toBeGreaterThan(fixed!.f1);
    expect(ours!.f1).toBeGreaterThan(kusto!.f1);
    expect(ours!.falseAlertsPerResourceWeek).toBeLessThan(fixed!.falseAlertsPerResourceWeek);
    expect(ours!.falseAlertsPerResourceWeek).toBeLessThan(kusto!.falseAlertsPerResourceWeek);
  });
});
