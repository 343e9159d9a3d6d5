// `vigil detect <file.csv>`: score any series with the prompt-volume detector.
//
// Input: CSV with a header naming the columns `timestamp` and `value` (others are ignored). Timestamps are
// ISO 8601 (`2024-05-01T10:05:00Z`, `2024-05-01 10:05:00`, no zone = UTC) or epoch seconds/milliseconds (or,
// in a whole file, plain bin numbers 1, 2, 3…, one hour apart unless `--interval` says otherwise); the
// interval is inferred as the median difference between consecutive timestamps (`--interval` overrides).
// An empty value (or NaN/null/NA) is a missing bin, and so is a row that is not there: nothing is learned
// from it and it scores 0. Rows are scored in time order (causal: a score depends only on rows at or before
// its time), written in input order as `timestamp,value,anomaly_score,is_anomaly`, is_anomaly being 1 when
// the score is at or above the threshold (default DEFAULT_THRESHOLD). A row that cannot be read stops the
// command with exit code 2 and a message naming its line.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLD, newDetector, update } from '../posture/anomaly.js';

export const DETECT_USAGE = `  detect <file.csv | -> [--threshold S] [--interval D]
                            score a series (CSV columns timestamp,value) for anomalies; writes
                            timestamp,value,anomaly_score,is_anomaly (is_anomaly: score ≥ ${DEFAULT_THRESHOLD})`;

type Out = { write(s: string): unknown };

/** A row the command could not read: `line` is 1-based, as an editor shows it. */
export class CsvRowError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvRowError';
  }
}

export interface DetectOptions {
  threshold: number;
  /** Interval in ms; inferred from the timestamps when absent. */
  intervalMs?: number;
}

export interface DetectedRow {
  line: number;
  timestamp: string;
  value: string;
  t: number;
  observed: number | null;
  score: number;
  anomaly: boolean;
}

export interface DetectResult {
  intervalMs: number;
  rows: DetectedRow[];
}

/** Runs the command; returns the exit code (0 ok, 2 bad input or usage). */
export async function detectCommand(
  argv: string[],
  out: Out,
  err: Out,
  read: (path: string) => Promise<string> = defaultRead,
): Promise<number> {
  let parsed: ReturnType<typeof parseDetectArgs>;
  try {
    parsed = parseDetectArgs(argv);
  } catch (e) {
    err.write(`vigil detect: ${(e as Error).message}\n\nUsage:\n${DETECT_USAGE}\n`);
    return 2;
  }
  const { file, options } = parsed;
  let text: string;
  try {
    text = await read(file);
  } catch (e) {
    err.write(`vigil detect: cannot read ${file === '-' ? 'standard input' : file}: ${(e as Error).message}\n`);
    return 2;
  }
  let result: DetectResult;
  try {
    result = detectCsv(text, options);
  } catch (e) {
    if (e instanceof CsvRowError) {
      err.write(`vigil detect: ${file === '-' ? 'stdin' : file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  out.write(formatCsv(result.rows));
  return 0;
}

function defaultRead(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function parseDetectArgs(argv: string[]): { file: string; options: DetectOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { threshold: { type: 'string' }, interval: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('give one CSV file (or - for standard input)');
  const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
  if (!(threshold > 0 && threshold < 1)) {
    throw new Error(`--threshold must be a number between 0 and 1, e.g. 0.99 (got ${values.threshold})`);
  }
  const options: DetectOptions = { threshold };
  if (values.interval !== undefined) {
    const ms = parseDuration(values.interval);
    if (ms === null) throw new Error(`--interval must be a duration like 30s, 5m, 1h or 1d (got ${values.interval})`);
    options.intervalMs = ms;
  }
  return { file: positionals[0] as string, options };
}

function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)$/i.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[
    (m[2] as string).toLowerCase() as 'ms' | 's' | 'm' | 'min' | 'h' | 'd'
  ];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}

// ---------------------------------------------------------------------------------------------------------
// CSV

/** Splits one CSV line (RFC 4180 quotes; no newlines inside fields). */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null. No zone means UTC (a local zone would bend the day around DST). */
export function parseTimestamp(text: string): number | null {
  const s = text.trim();
  const m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 24 || Number(mi) > 59 || Number(sec) > 60) {
      return null;
    }
    let t = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec), Number(`0.${frac || '0'}`) * 1000);
    if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return null;
    if (zone && zone.toUpperCase() !== 'Z') {
      const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
      if (!zm) return null;
      const offset = (Number(zm[2]) * 60 + Number(zm[3] ?? '0')) * 60_000;
      t += zm[1] === '+' ? -offset : offset;
    }
    return t;
  }
  // Epoch seconds or milliseconds.
  if (/^\d{9,13}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  return null;
}

/** A file numbering its rows instead of timing them is taken as hourly unless `--interval` says otherwise. */
const BIN_NUMBER_INTERVAL = 3_600_000;

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', 'none']);

/** Reads and scores a CSV text. Throws CsvRowError for a row it cannot read. */
export function detectCsv(text: string, options: DetectOptions): DetectResult {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new CsvRowError(1, 'the file is empty; expected a header with columns timestamp,value');
  const header = splitCsvLine(lines[headerAt]!.replace(/^\uFEFF/, ''))?.map((h) => h.trim().toLowerCase());
  const ti = header?.indexOf('timestamp') ?? -1;
  const vi = header?.indexOf('value') ?? -1;
  if (!header || ti < 0 || vi < 0) {
    throw new CsvRowError(
      headerAt + 1,
      `expected a header with columns timestamp,value (got "${lines[headerAt]!.trim()}")`,
    );
  }
  const rows: DetectedRow[] = [];
  let indexed = false;
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fields = splitCsvLine(raw);
    if (!fields) throw new CsvRowError(line, 'unbalanced quotes');
    if (fields.length <= Math.max(ti, vi)) {
      throw new CsvRowError(line, `expected ${header.length} columns (${header.join(',')}), got ${fields.length}`);
    }
    const timestamp = fields[ti]!.trim();
    let t = parseTimestamp(timestamp);
    // Plain bin numbers (1, 2, 3…) are accepted too, if every row has one.
    const index = t === null && /^\d{1,8}$/.test(timestamp);
    if (index) t = Number(timestamp);
    if (t === null) {
      throw new CsvRowError(line, `"${timestamp}" is not a timestamp (ISO 8601, e.g. 2024-05-01T10:05:00Z)`);
    }
    if (rows.length > 0 && index !== indexed) {
      throw new CsvRowError(line, `"${timestamp}" mixes bin numbers and timestamps in one file`);
    }
    indexed = index;
    const value = fields[vi]!.trim();
    let observed: number | null = null;
    if (!MISSING.has(value.toLowerCase())) {
      observed = Number(value);
      if (!Number.isFinite(observed)) throw new CsvRowError(line, `"${value}" is not a number`);
    }
    rows.push({ line, timestamp, value, t, observed, score: 0, anomaly: false });
  }
  // Score in time order (stable for equal times), report in input order.
  // Bin numbers: one `--interval` each (one hour if not given), from the epoch.
  if (indexed) for (const row of rows) row.t *= options.intervalMs ?? BIN_NUMBER_INTERVAL;
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.t - rows[b]!.t || a - b);
  const intervalMs = options.intervalMs ?? inferInterval(order.map((i) => rows[i]!.t));
  const detector = newDetector(intervalMs, { threshold: options.threshold });
  for (const i of order) {
    const row = rows[i]!;
    row.score = update(detector, row.t, row.observed).score;
    row.anomaly = row.score >= options.threshold;
  }
  return { intervalMs, rows };
}

/** Median positive gap between consecutive timestamps; one hour when there is none. */
export function inferInterval(sortedTimes: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < sortedTimes.length; i++) {
    const g = sortedTimes[i]! - sortedTimes[i - 1]!;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return 3_600_000;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(rows: readonly DetectedRow[]): string {
  const out = ['timestamp,value,anomaly_score,is_anomaly'];
  for (const r of rows) {
    out.push(`${csvField(r.timestamp)},${csvField(r.value)},${r.score.toFixed(6)},${r.anomaly ? 1 : 0}`);
  }
  return `${out.join('\n')}\n`;
}
