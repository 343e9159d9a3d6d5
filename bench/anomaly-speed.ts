// Detector speed: scoring 10,000 series × 2,016 points (7 days of 5-minute bins) from scratch, and one new
// bin for each of the 10,000 series from their saved state, on one core (this process, one thread).
// Targets: ≤ 1 s for the batch, ≤ 50 ms for the incremental step. Prints medians and p99 over repetitions,
// and memory. `node dist/bench/anomaly-speed.js [series] [points] [--json]`.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '../azure/demo/random.js';
import {
  type DetectorState,
  detectorLoop,
  newDetector,
  scoreInto,
  toJSON,
  update,
  useCompiledLoop,
} from '../posture/anomaly.js';

const BIN_MS = 5 * 60_000;
const DAY = 86_400_000;

export interface SpeedResult {
  series: number;
  points: number;
  /** Which loop scored the batches (`detectorLoop`), and why when not the compiled one. */
  loop: { loop: 'compiled' | 'javascript'; note: string };
  batchMs: number[];
  /** The same batch in the JavaScript loop (when the compiled one ran above): for comparison. */
  javascriptBatchMs: number[];
  incrementalMs: number[];
  /** Objects API (`update` returning a ScoredBin per bin) over the same batch, once: for comparison. */
  objectApiMs: number;
  heapMb: number;
  rssMb: number;
  stateBytesJson: number;
}

/** Distinct synthetic count series (daily rhythm, Poisson-like noise), reused cyclically across resources. */
function makeSeries(distinct: number, points: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  const out: Float64Array[] = [];
  for (let s = 0; s < distinct; s++) {
    const peak = 10 ** rng.range(-0.5, 3.5);
    const night = rng.range(0.05, 0.5);
    const phase = rng.range(0, 2 * Math.PI);
    const v = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      const day = ((i * BIN_MS) % DAY) / DAY;
      const mean = peak * (night + (1 - night) * (0.5 + 0.5 * Math.sin(2 * Math.PI * day + phase)));
      // Normal approximation to Poisson noise is plenty for timing; clamp to counts.
      const u = Math.max(rng.next(), 1e-12);
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
      v[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
      if (rng.chance(0.001)) v[i] = Number.NaN;
    }
    out.push(v);
  }
  return out;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] as number;

export function runSpeed(seriesCount = 10_000, points = 2_016, batchRuns = 7, incrementalRuns = 101): SpeedResult {
  const pool = makeSeries(500, points + incrementalRuns, 42);
  const start = Date.UTC(2024, 0, 1);
  const score = new Float64Array(points);
  let states: DetectorState[] = [];
  const batch = () => {
    const fresh: DetectorState[] = new Array(seriesCount);
    const t0 = performance.now();
    for (let s = 0; s < seriesCount; s++) {
      const st = newDetector(BIN_MS);
      scoreInto(st, start, pool[s % pool.length]!, { score }, 0, points);
      fresh[s] = st;
    }
    states = fresh;
    return performance.now() - t0;
  };
  const loop = detectorLoop();
  const batchMs = Array.from({ length: batchRuns }, batch);
  const javascriptBatchMs: number[] = [];
  if (loop.loop === 'compiled') {
    useCompiledLoop(false);
    for (let run = 0; run < Math.min(3, batchRuns); run++) javascriptBatchMs.push(batch());
    useCompiledLoop(true);
  }
  const incrementalMs: number[] = [];
  for (let k = 0; k < incrementalRuns; k++) {
    const i = points + k;
    const t = start + i * BIN_MS;
    const t0 = performance.now();
    for (let s = 0; s < seriesCount; s++) {
      const v = pool[s % pool.length]![i]!;
      update(states[s]!, t, Number.isNaN(v) ? null : v);
    }
    incrementalMs.push(performance.now() - t0);
  }
  const mem = process.memoryUsage();
  const t0 = performance.now();
  for (let s = 0; s < seriesCount; s++) {
    const st = newDetector(BIN_MS);
    const values = pool[s % pool.length]!;
    for (let i = 0; i < points; i++) {
      const v = values[i]!;
      update(st, start + i * BIN_MS, Number.isNaN(v) ? null : v);
    }
  }
  const objectApiMs = performance.now() - t0;
  return {
    series: seriesCount,
    points,
    loop,
    batchMs,
    javascriptBatchMs,
    incrementalMs,
    objectApiMs,
    heapMb: mem.heapUsed / 2 ** 20,
    rssMb: mem.rss / 2 ** 20,
    stateBytesJson: JSON.stringify(toJSON(states[0]!)).length,
  };
}

export function formatSpeed(r: SpeedResult): string {
  const b = [...r.batchMs].sort((x, y) => x - y);
  const inc = [...r.incrementalMs].sort((x, y) => x - y);
  const perPoint = (ms: number) => ((ms * 1e6) / (r.series * r.points)).toFixed(1);
  const js = [...r.javascriptBatchMs].sort((x, y) => x - y);
  return [
    `anomaly detector speed (one core): ${r.series.toLocaleString('en')} series × ${r.points.toLocaleString('en')} points of 5 minutes`,
    `  batch (scoreInto, typed arrays, ${r.loop.loop} loop${r.loop.loop === 'compiled' ? '' : `: compiled one ${r.loop.note}`}): median ${percentile(b, 50).toFixed(0)} ms, fastest ${b[0]!.toFixed(0)} ms, p99 ${percentile(b, 99).toFixed(0)} ms over ${b.length} runs (${perPoint(percentile(b, 50))} ns a point)  [target ≤ 1,000 ms]`,
    ...(js.length > 0
      ? [
          `  the same batch in the JavaScript loop: median ${percentile(js, 50).toFixed(0)} ms over ${js.length} runs (${perPoint(percentile(js, 50))} ns a point)`,
        ]
      : []),
    `  incremental, one new bin for every series (update): median ${percentile(inc, 50).toFixed(1)} ms, p99 ${percentile(inc, 99).toFixed(1)} ms over ${inc.length} runs  [target ≤ 50 ms]`,
    `  object API (update per bin, a ScoredBin each) for the same batch: ${r.objectApiMs.toFixed(0)} ms`,
    `  memory with ${r.series.toLocaleString('en')} detector states held: heap ${r.heapMb.toFixed(0)} MB, RSS ${r.rssMb.toFixed(0)} MB; one state as JSON ${(r.stateBytesJson / 1024).toFixed(1)} KB`,
  ].join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const result = runSpeed(Number(args[0] ?? 10_000), Number(args[1] ?? 2_016));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${formatSpeed(result)}\n`);
}
