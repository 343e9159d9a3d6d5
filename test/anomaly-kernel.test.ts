// The compiled detector loop (posture/native/anomaly-kernel.c) against the TypeScript one: the same scores,
// bands and learned state, to the last bit, on the evaluation set's kinds of series and on the paths it
// barely takes (real values, a series that stops being counts, unaligned times, options).

import { describe, expect, it } from 'vitest';
import { generateAnomalySet } from '../bench/anomaly-set.js';
import {
  type DetectorOptions,
  type DetectorState,
  detectorLoop,
  newDetector,
  type ScoreColumns,
  scoreInto,
  toJSON,
  useCompiledLoop,
} from '../posture/anomaly.js';

const HOUR = 3_600_000;
const FIVE = 5 * 60_000;
const T0 = Date.UTC(2024, 0, 1);
const compiled = detectorLoop().loop === 'compiled';

interface Case {
  name: string;
  start: number;
  binMs: number;
  values: Float64Array;
  options?: Partial<DetectorOptions>;
}

function columns(n: number): Required<ScoreColumns> {
  const c = () => new Float64Array(n);
  return { score: c(), expected: c(), upper: c(), lower: c(), z: c() };
}

/** Scores `values` with one loop: whole, or in the given pieces (a state carried across calls). */
function scoreWith(loop: 'compiled' | 'javascript', c: Case, pieces: number[] = []) {
  const before = useCompiledLoop(loop === 'compiled');
  try {
    const state: DetectorState = newDetector(c.binMs, c.options);
    const out = columns(c.values.length);
    let from = 0;
    for (const to of [...pieces, c.values.length]) {
      scoreInto(state, c.start, c.values, out, from, to);
      from = to;
    }
    return { out, mem: state.mem, json: JSON.stringify(toJSON(state)) };
  } finally {
    useCompiledLoop(before);
  }
}

/** Bins (by column) whose bits differ. */
function differences(a: Required<ScoreColumns>, b: Required<ScoreColumns>): string[] {
  const found: string[] = [];
  for (const k of ['score', 'expected', 'upper', 'lower', 'z'] as const) {
    for (let i = 0; i < a[k].length; i++) {
      if (!Object.is(a[k][i], b[k][i])) found.push(`${k}[${i}]: ${a[k][i]} vs ${b[k][i]}`);
    }
  }
  return found;
}

function expectSame(c: Case, pieces?: number[]) {
  const js = scoreWith('javascript', c, pieces);
  const native = scoreWith('compiled', c, pieces);
  expect(differences(js.out, native.out).slice(0, 5), c.name).toEqual([]);
  expect(Buffer.from(native.mem.buffer).equals(Buffer.from(js.mem.buffer)), `${c.name}: learned state`).toBe(true);
  expect(native.json, c.name).toBe(js.json);
}

const wave = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

describe.skipIf(!compiled)('compiled detector loop', () => {
  it('scores the evaluation set’s kinds of series exactly as the TypeScript loop does', () => {
    // Every tier, rhythm, bin size and kind of anomaly the generator makes, with gaps.
    const set = generateAnomalySet({ seed: 11, series: 24, days: 21, historyDays: 7 });
    expect(new Set(set.map((s) => s.binMs)).size).toBeGreaterThan(1);
    for (const s of set) expectSame({ name: s.id, start: s.start, binMs: s.binMs, values: s.values });
  });

  it('agrees on real values, a series that stops being counts, unaligned times and options', () => {
    const days = (d: number, binMs: number) => Math.round((d * 24 * HOUR) / binMs);
    const n = days(9, FIVE);
    const daily = (i: number) => 40 + 30 * Math.sin((2 * Math.PI * i) / 288);
    const latency = wave(n, (i) => 120.5 + 10 * Math.sin(i / 7) + (i === 2000 ? 400 : 0));
    const turnsReal = wave(n, (i) => Math.round(daily(i)) + (i >= 1500 ? 0.5 : 0));
    const withShift = wave(n, (i) => Math.round(daily(i) * (i >= 1200 && i < 1800 ? 4 : 1)));
    const stops = wave(n, (i) => (i >= 1000 && i < 1400 ? 0 : Math.round(daily(i))));
    const hourly = wave(days(28, HOUR), (i) =>
      Math.round((Math.floor(i / 24) % 7 >= 5 ? 5 : 30) * (1 + 0.2 * Math.sin(i))),
    );
    const cases: Case[] = [
      { name: 'real values', start: T0, binMs: FIVE, values: latency },
      { name: 'counts, then fractions', start: T0, binMs: FIVE, values: turnsReal },
      { name: 'shift kept, then undone', start: T0, binMs: FIVE, values: withShift },
      { name: 'traffic stops for a day and more', start: T0, binMs: FIVE, values: stops },
      { name: 'hourly, weekly rhythm', start: T0, binMs: HOUR, values: hourly },
      { name: 'start not on a bin boundary', start: T0 + 123_456.5, binMs: FIVE, values: withShift },
      { name: 'an interval that does not divide the day', start: T0, binMs: 7 * 60_000, values: withShift },
      {
        name: 'options',
        start: T0,
        binMs: FIVE,
        values: turnsReal,
        options: { values: 'counts', seasonality: 'daily', threshold: 0.9, levelShiftMs: HOUR, warmupBins: 50 },
      },
      { name: 'forced weekly', start: T0, binMs: HOUR, values: hourly, options: { seasonality: 'weekly' } },
      {
        // Longer than one call of the compiled loop (16,384 bins), turning real in its second call.
        name: 'a long series',
        start: T0,
        binMs: FIVE,
        values: wave(40_000, (i) => Math.round(daily(i)) + (i === 35_000 ? 500 : 0) + (i > 30_000 ? 0.5 : 0)),
      },
    ];
    for (const c of cases) expectSame(c);
  });

  it('agrees however a series is split across calls, one bin at a time included', () => {
    const values = wave(3000, (i) => Math.round(50 + 40 * Math.sin(i / 45)) + (i === 2500 ? 900 : 0));
    values[700] = Number.NaN;
    expectSame({ name: 'pieces', start: T0, binMs: FIVE, values }, [1, 2, 64, 65, 1000, 2499, 2500, 2501]);
  });
});

describe('detector loop in use', () => {
  it('says which loop scores batches, and why when it is not the compiled one', () => {
    const { loop, note } = detectorLoop();
    expect(['compiled', 'javascript']).toContain(loop);
    expect(note.length).toBeGreaterThan(0);
    // CI builds the compiled loop (`npm ci`); this machine must then use it.
    if (process.env.VIGIL_EXPECT_COMPILED_LOOP === '1') expect({ loop, note }).toMatchObject({ loop: 'compiled' });
  });
});
