// Detector evaluation on the generated labelled set (bench/anomaly-set.ts): Vigil's detector against a
// static threshold and a Kusto-style decompose + Tukey fence, on the same series.
//
// Event-level scoring, per series, after its history week:
//   - an anomaly window is detected if any alert bin falls in it or within a small grace after it
//     (max(1 hour, 2 bins): the first bin after a burst ends is still about that burst);
//   - consecutive alert bins form one alert event; an event touching no window (+ grace) is a false alert;
//   - precision = detected windows ÷ (detected windows + false alerts), recall = detected ÷ windows;
//   - time to detect = first alert bin in the window − window start;
//   - false alerts per resource-week = false alerts ÷ (series × evaluated weeks).
// Run directly (`node dist/bench/anomaly-eval.js [series] [seed]`) it prints the table; `--json` for JSON.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_THRESHOLD, newDetector, scoreInto } from '../posture/anomaly.js';
import { decomposeTukey, staticThreshold } from '../posture/baselines.js';
import { type AnomalyKind, generateAnomalySet, type LabelledSeries } from './anomaly-set.js';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

export interface Detector {
  name: string;
  /** 1 where the detector alerts. Must be causal; it sees the whole series only for convenience. */
  alerts(series: LabelledSeries): Uint8Array;
}

export const vigil = (threshold = DEFAULT_THRESHOLD): Detector => ({
  name: threshold === DEFAULT_THRESHOLD ? `Vigil (≥ ${threshold}, default)` : `Vigil (≥ ${threshold})`,
  alerts(s) {
    const score = new Float64Array(s.values.length);
    scoreInto(newDetector(s.binMs, { threshold }), s.start, s.values, { score });
    const out = new Uint8Array(score.length);
    for (let i = 0; i < score.length; i++) out[i] = score[i]! >= threshold ? 1 : 0;
    return out;
  },
});

export const staticBaseline: Detector = {
  name: 'static threshold',
  alerts: (s) =>
    Uint8Array.from(staticThreshold(s.values, s.binMs, { trainBins: s.evalFrom }).flags, (f) => (f ? 1 : 0)),
};

export const decomposeBaseline: Detector = {
  name: 'decompose + Tukey (Kusto)',
  alerts: (s) => Uint8Array.from(decomposeTukey(s.values, s.binMs).flags, (f) => (f ? 1 : 0)),
};

export const DETECTORS: Detector[] = [vigil(), staticBaseline, decomposeBaseline];
/** Also shown: Vigil at a lower threshold, for the trade-off. */
export const VARIANTS: Detector[] = [vigil(0.9)];

export interface Metrics {
  name: string;
  series: number;
  windows: number;
  detected: number;
  falseAlerts: number;
  precision: number;
  recall: number;
  f1: number;
  /** Minutes; NaN when nothing was detected. */
  medianTimeToDetectMin: number;
  falseAlertsPerResourceWeek: number;
  byKind: Record<AnomalyKind, { windows: number; detected: number }>;
  /** False alerts on series with no planted anomaly at all. */
  falseAlertsOnQuietSeries: number;
}

/** Scores one detector over a set. */
export function evaluate(set: readonly LabelledSeries[], detector: Detector): Metrics {
  let windows = 0;
  let detected = 0;
  let falseAlerts = 0;
  let falseOnClean = 0;
  let weeks = 0;
  const ttd: number[] = [];
  const byKind: Metrics['byKind'] = {
    spike: { windows: 0, detected: 0 },
    ramp: { windows: 0, detected: 0 },
    'level-shift': { windows: 0, detected: 0 },
    outage: { windows: 0, detected: 0 },
  };
  for (const s of set) {
    const alerts = detector.alerts(s);
    const n = s.values.length;
    const grace = Math.max(2, Math.round(HOUR / s.binMs));
    weeks += ((n - s.evalFrom) * s.binMs) / WEEK;
    const covered = new Uint8Array(n);
    for (const w of s.windows) {
      windows++;
      byKind[w.kind].windows++;
      const until = Math.min(n, w.end + grace);
      for (let i = w.start; i < until; i++) covered[i] = 1;
      for (let i = w.start; i < until; i++) {
        if (alerts[i]) {
          detected++;
          byKind[w.kind].detected++;
          ttd.push(((i - w.start) * s.binMs) / 60_000);
          break;
        }
      }
    }
    // Alert events: runs of consecutive alert bins; false when no bin of the run is covered by a window.
    for (let i = s.evalFrom; i < n; ) {
      if (!alerts[i]) {
        i++;
        continue;
      }
      let touches = false;
      let j = i;
      for (; j < n && alerts[j]; j++) if (covered[j]) touches = true;
      if (!touches) {
        falseAlerts++;
        if (s.windows.length === 0) falseOnClean++;
      }
      i = j;
    }
  }
  const precision = detected + falseAlerts === 0 ? 0 : detected / (detected + falseAlerts);
  const recall = windows === 0 ? 0 : detected / windows;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  ttd.sort((a, b) => a - b);
  const mid = ttd.length >> 1;
  const median = ttd.length === 0 ? Number.NaN : ttd.length % 2 ? ttd[mid]! : (ttd[mid - 1]! + ttd[mid]!) / 2;
  return {
    name: detector.name,
    series: set.length,
    windows,
    detected,
    falseAlerts,
    precision,
    recall,
    f1,
    medianTimeToDetectMin: median,
    falseAlertsPerResourceWeek: weeks === 0 ? 0 : falseAlerts / weeks,
    byKind,
    falseAlertsOnQuietSeries: falseOnClean,
  };
}

export function formatTable(rows: readonly Metrics[]): string {
  const cols: [string, number, (m: Metrics) => string][] = [
    ['detector', -28, (m) => m.name],
    ['precision', 9, (m) => `${(100 * m.precision).toFixed(1)} %`],
    ['recall', 8, (m) => `${(100 * m.recall).toFixed(1)} %`],
    ['F1', 6, (m) => m.f1.toFixed(3)],
    [
      'TTD median',
      10,
      (m) => (Number.isNaN(m.medianTimeToDetectMin) ? '—' : `${m.medianTimeToDetectMin.toFixed(0)} min`),
    ],
    ['false/res-week', 14, (m) => m.falseAlertsPerResourceWeek.toFixed(3)],
    ['spike', 7, (m) => `${m.byKind.spike.detected}/${m.byKind.spike.windows}`],
    ['ramp', 7, (m) => `${m.byKind.ramp.detected}/${m.byKind.ramp.windows}`],
    ['shift', 7, (m) => `${m.byKind['level-shift'].detected}/${m.byKind['level-shift'].windows}`],
    ['outage', 7, (m) => `${m.byKind.outage.detected}/${m.byKind.outage.windows}`],
  ];
  const cell = (text: string, width: number) => (width < 0 ? text.padEnd(-width) : text.padStart(width));
  const lines = [cols.map(([h, w]) => cell(h, w)).join('  ')];
  for (const m of rows) lines.push(cols.map(([, w, f]) => cell(f(m), w)).join('  '));
  return lines.join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const json = process.argv.includes('--json');
  const count = Number(args[0] ?? '160');
  const seed = Number(args[1] ?? '7');
  const started = performance.now();
  const set = generateAnomalySet({ seed, series: count });
  const results = [...DETECTORS, ...VARIANTS].map((d) => {
    const t0 = performance.now();
    const m = evaluate(set, d);
    return { ...m, ms: performance.now() - t0 };
  });
  if (json) {
    process.stdout.write(`${JSON.stringify({ seed, series: count, results })}\n`);
  } else {
    const windows = results[0]?.windows ?? 0;
    const clean = set.filter((s) => s.windows.length === 0).length;
    console.log(
      `${count} series (seed ${seed}), ${windows} labelled anomalies, ${clean} series with none; generated and scored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(formatTable(results));
  }
}
