// `vigil detect <file.csv>`: reads a real file, infers the interval, scores causally, writes CSV in input
// order, and stops with exit code 2 naming the line of a row it cannot read.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { poisson, Rng } from '../azure/demo/random.js';
import { detectCsv, inferInterval, parseTimestamp } from '../cli/detect.js';
import { main } from '../cli/vigil.js';
import { DEFAULT_THRESHOLD } from '../posture/anomaly.js';

const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function detect(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  // Through the `vigil` entry point, as `vigil detect …` runs (it needs no configuration).
  const code = await main(
    ['detect', ...argv],
    {},
    { write: (s: string) => (stdout += s) },
    { write: (s: string) => (stderr += s) },
  );
  return {
    code,
    stdout,
    stderr,
    rows: stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')),
  };
}

/** Three weeks of hourly request counts with a daily rhythm, one row missing and one spike. */
function hourlyCsv(): { text: string; spikeAt: string; missingAt: string } {
  const rng = new Rng(17);
  const start = Date.UTC(2024, 2, 4);
  const lines = ['timestamp,value'];
  let spikeAt = '';
  let missingAt = '';
  for (let i = 0; i < 24 * 21; i++) {
    const t = new Date(start + i * HOUR).toISOString().replace('.000Z', 'Z');
    const hour = i % 24;
    let v = poisson(30 + 25 * Math.sin((Math.PI * (hour - 6)) / 12), rng.next(), rng.next());
    if (i === 24 * 15 + 10) missingAt = t;
    if (i === 24 * 15 + 10) continue; // a row that is not there
    if (i === 24 * 18 + 3) {
      v = 400;
      spikeAt = t;
    }
    lines.push(i === 24 * 16 ? `${t},` : `${t},${v}`); // one empty value
  }
  return { text: `${lines.join('\n')}\n`, spikeAt, missingAt };
}

describe('vigil detect', () => {
  it('scores an hourly CSV: interval inferred, a missing row and an empty value tolerated, the spike flagged', async () => {
    const { text, spikeAt, missingAt } = hourlyCsv();
    const r = await detect(file('hourly.csv', text));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('timestamp,value,anomaly_score,is_anomaly');
    expect(r.rows).toHaveLength(24 * 21 - 1);
    expect(r.rows.some(([t]) => t === missingAt)).toBe(false);
    for (const [, , score, flag] of r.rows) {
      expect(Number(score)).toBeGreaterThanOrEqual(0);
      expect(Number(score)).toBeLessThanOrEqual(1);
      expect(flag === '1').toBe(Number(score) >= DEFAULT_THRESHOLD);
    }
    const empty = r.rows.find(([, v]) => v === '');
    expect(empty?.slice(2)).toEqual(['0.000000', '0']);
    const spike = r.rows.find(([t]) => t === spikeAt);
    expect(spike?.[3]).toBe('1');
    // One spike in three weeks of ordinary traffic: it is (nearly) the only thing flagged.
    expect(r.rows.filter((row) => row[3] === '1').length).toBeLessThanOrEqual(3);
    expect(detectCsv(text, { threshold: DEFAULT_THRESHOLD }).intervalMs).toBe(HOUR);
  });

  it('writes rows in input order and scores causally whatever the order of the file', async () => {
    const { text } = hourlyCsv();
    const [header, ...rows] = text.trim().split('\n');
    const shuffled = [header, ...rows.slice(200), ...rows.slice(0, 200)].join('\n');
    const inOrder = await detect(file('ordered.csv', text));
    const outOfOrder = await detect(file('shuffled.csv', shuffled));
    expect(outOfOrder.rows.map(([t]) => t)).toEqual(
      [...rows.slice(200), ...rows.slice(0, 200)].map((l) => l.split(',')[0]),
    );
    const byTime = new Map(inOrder.rows.map((row) => [row[0], row.join(',')]));
    for (const row of outOfOrder.rows) expect(row.join(',')).toBe(byTime.get(row[0]));
    // Causal: the first week's scores do not depend on what follows it.
    const firstWeek = await detect(file('week.csv', [header, ...rows.slice(0, 24 * 7)].join('\n')));
    expect(firstWeek.rows).toEqual(inOrder.rows.slice(0, 24 * 7));
  });

  it('stops with exit code 2 and names the line of a row it cannot read', async () => {
    const base = 'timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n';
    const cases: [string, RegExp][] = [
      [`${base}2024-01-01T02:00:00Z,lots\n`, /line 4: "lots" is not a number/],
      [`${base}yesterday,3\n`, /line 4: "yesterday" is not a timestamp/],
      [`${base}2024-02-30T00:00:00Z,3\n`, /line 4: "2024-02-30T00:00:00Z" is not a timestamp/],
      [`${base}\n2024-01-01T03:00:00Z\n`, /line 5: expected 2 columns/],
      ['time,count\n2024-01-01T00:00:00Z,1\n', /line 1: expected a header with columns timestamp,value/],
      ['', /line 1: the file is empty/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const r = await detect(file(`bad${i}.csv`, text));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect((await detect(join(dir, 'nope.csv'))).stderr).toMatch(/cannot read .*nope\.csv/);
    expect((await detect()).code).toBe(2);
    expect((await detect(file('ok.csv', base), '--threshold', '2')).stderr).toMatch(/--threshold must be/);
  });

  it('reads the timestamp forms series come in, always as UTC when no zone is given', () => {
    const t = Date.UTC(2024, 4, 1, 10, 5);
    expect(parseTimestamp('2024-05-01T10:05:00Z')).toBe(t);
    expect(parseTimestamp('2024-05-01 10:05:00')).toBe(t);
    expect(parseTimestamp('2024-05-01T12:05:00+02:00')).toBe(t);
    expect(parseTimestamp('2024-05-01T10:05:00.000Z')).toBe(t);
    expect(parseTimestamp(String(t / 1000))).toBe(t);
    expect(parseTimestamp(String(t))).toBe(t);
    expect(parseTimestamp('05/01/2024')).toBeNull();
    expect(inferInterval([0, 300_000, 600_000, 1_500_000, 1_800_000])).toBe(300_000);
  });

  it('takes a file that numbers its rows instead of timing them (hourly unless --interval says otherwise)', async () => {
    const rng = new Rng(5);
    const lines = ['timestamp,value,is_anomaly'];
    for (let i = 1; i <= 24 * 14; i++) {
      const v = i === 24 * 12 + 7 ? 500 : poisson(40 + 20 * Math.sin((2 * Math.PI * i) / 24), rng.next(), rng.next());
      lines.push(`${i},${v},0`);
    }
    const r = await detect(file('numbered.csv', lines.join('\n')));
    expect(r.code).toBe(0);
    expect(r.rows.find(([t]) => t === String(24 * 12 + 7))?.[3]).toBe('1');
    expect(r.rows.filter((row) => row[3] === '1').length).toBeLessThanOrEqual(3);
    expect(detectCsv(lines.join('\n'), { threshold: DEFAULT_THRESHOLD }).intervalMs).toBe(HOUR);
    const mixed = await detect(file('mixed.csv', 'timestamp,value\n1,3\n2024-01-01T00:00:00Z,4\n'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/line 3: .*mixes bin numbers and timestamps/);
  });

  it('takes quoted fields, extra columns and a header in any order', async () => {
    const text = 'value,"timestamp",note\n3,"2024-01-01T00:00:00Z","a, b"\n4,2024-01-01T00:05:00Z,\n';
    const r = await detect(file('quoted.csv', text));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(1, 3)).toEqual([
      '2024-01-01T00:00:00Z,3,0.000000,0',
      '2024-01-01T00:05:00Z,4,0.000000,0',
    ]);
  });
});
