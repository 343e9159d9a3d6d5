// Leader digest speed: computeDigest (posture/digest.ts) over a week of the demo estate at 1× and 100× scale.
// Both snapshots (the period start and its end) are loaded through the real SDK clients from the demo tenant;
// the finding occurrences and prompt-volume anomalies a store would hold are derived from them, seeded.
// Prints median and p99 of cold runs (fresh estates, whose indexes the digest builds on first use, as the
// digest job's would be) and warm runs, the card's render time and size, and memory. Target: ≤ 200 ms at 100×.
// `node dist/bench/digest.js [scale…] [--json]` (default scales 1 and 100).

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoTenantAccess } from '../azure/demo/credential.js';
import { createDemoEstate } from '../azure/demo/estate.js';
import { Rng } from '../azure/demo/random.js';
import { startDemoTenant } from '../azure/demo/server.js';
import { createAzureSources } from '../azure/sources.js';
import { digestCard } from '../cards/digest.js';
import { freshnessText } from '../cards/parts.js';
import { cardBytes } from '../cards/render.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import {
  computeDigest,
  type DigestAnomalyInput,
  type DigestAnomalyState,
  type DigestInput,
  type DigestOccurrence,
  type DigestPeriod,
  digestScore,
  type OccurrenceState,
} from '../posture/digest.js';
import { Estate, type GovernanceSettings } from '../posture/estate.js';
import type { Snapshot } from '../posture/model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Two snapshots of the demo estate a period apart, and what Vigil's store would hold about that period. */
export interface DemoDigestFixture {
  scale: number;
  settings: GovernanceSettings;
  period: DigestPeriod;
  now: Date;
  previous: Snapshot;
  current: Snapshot;
  occurrences: DigestOccurrence[];
  anomalies: DigestAnomalyInput[];
  /** Wall time to build the demo estate and load both snapshots through the SDKs. */
  loadMs: number;
}

/**
 * The demo estate (seed 42) over `days` from its epoch: a snapshot at the start and one at the end, loaded
 * through the production data sources from the demo tenant, plus derived occurrences and anomalies.
 */
export async function demoDigestFixture(scale: number, days = 7): Promise<DemoDigestFixture> {
  const started = performance.now();
  const config = loadConfig({});
  const settings: GovernanceSettings = {
    zones: config.zones,
    policy: config.zones.policy,
    critical: config.alerts.critical,
  };
  const estate = createDemoEstate({ seed: 42, scale });
  const start = estate.epoch;
  const end = new Date(start.getTime() + days * DAY);
  let at = start;
  const clock = () => at;
  const logger = createLogger('silent');
  const tenant = await startDemoTenant({
    estate,
    clock,
    logger,
    faults: { quota: { limit: 100_000, windowMs: 5_000 } },
  });
  try {
    const sources = createAzureSources({
      ...demoTenantAccess(tenant, estate),
      workspaces: [],
      logger,
      clock,
    });
    const previous = await sources.loadSnapshot();
    at = end;
    const current = await sources.loadSnapshot();
    const period = { start, end };
    const before = new Estate(previous, settings);
    const now = new Estate(current, settings);
    return {
      scale,
      settings,
      period,
      now: end,
      previous,
      current,
      occurrences: deriveOccurrences(before, now, period, end),
      anomalies: deriveAnomalies(estate.anomalies, now, period),
      loadMs: performance.now() - started,
    };
  } finally {
    await tenant.close();
  }
}

/** The digest input for a fixture, over estates the caller built (fresh ones for a cold run). */
export function digestInputOf(f: DemoDigestFixture, previous: Estate, current: Estate): DigestInput {
  return {
    now: f.now,
    period: f.period,
    current,
    previous,
    scoreTrend: [
      { at: previous.takenAt.toISOString(), ...digestScore(previous) },
      { at: current.takenAt.toISOString(), ...digestScore(current) },
    ],
    occurrences: f.occurrences,
    anomalies: f.anomalies,
  };
}

/** Acknowledged after an exponential-ish wait: most within hours, a tail of days. */
const ackDelay = (rng: Rng) => Math.min(5 * DAY, -Math.log(Math.max(1e-9, rng.next())) * 6 * HOUR);

/**
 * What the findings poll would have recorded: one occurrence per finding open now (in a spread of lifecycle
 * states, acknowledged some hours after it was first seen), and a resolved one per finding open at the period
 * start and not any more, resolved when Defender reported it healthy.
 */
function deriveOccurrences(previous: Estate, current: Estate, period: DigestPeriod, now: Date): DigestOccurrence[] {
  const rng = new Rng(0xd16e57);
  const nowMs = now.getTime();
  const out: DigestOccurrence[] = [];
  const openNow = new Set(current.openFindings.map((f) => f.finding.id));
  const nowById = new Map(current.findings.map((f) => [f.finding.id, f.finding]));
  const iso = (ms: number) => new Date(ms).toISOString();
  const STATES: [OccurrenceState, number][] = [
    ['open', 0.4],
    ['acknowledged', 0.3],
    ['planned', 0.1],
    ['snoozed', 0.08],
    ['risk-accepted', 0.07],
    ['false-positive', 0.05],
  ];
  const pickState = (): OccurrenceState => {
    let u = rng.next();
    for (const [state, p] of STATES) {
      if (u < p) return state;
      u -= p;
    }
    return 'open';
  };
  for (const f of current.openFindings) {
    const began = f.detectedAt?.getTime() ?? period.start.getTime();
    const seen = Math.min(nowMs, began + rng.int(1, 6) * MINUTE);
    let state = pickState();
    let acked: number | null = null;
    if (state === 'acknowledged' || state === 'planned' || state === 'snoozed') {
      acked = seen + ackDelay(rng);
      if (acked > nowMs) {
        acked = null;
        state = 'open';
      }
    }
    out.push({
      zone: f.zone,
      severity: f.finding.severity,
      critical: f.critical,
      state,
      firstSeenAt: iso(seen),
      acknowledgedAt: acked === null ? null : iso(acked),
      resolvedAt: null,
      dueAt: f.dueAt?.toISOString() ?? null,
      unhealthySince: iso(began),
    });
  }
  for (const f of previous.openFindings) {
    if (openNow.has(f.finding.id)) continue;
    const began = f.detectedAt?.getTime() ?? period.start.getTime() - DAY;
    const seen = began + rng.int(1, 6) * MINUTE;
    // When Defender reported it healthy; a finding that left the estate resolved some time in the period.
    const healthyAt = Date.parse(nowById.get(f.finding.id)?.statusChangeDate ?? '');
    const resolved =
      Number.isFinite(healthyAt) && healthyAt >= period.start.getTime() && healthyAt <= nowMs
        ? healthyAt
        : period.start.getTime() + rng.next() * (period.end.getTime() - period.start.getTime());
    const acked = rng.chance(0.6) ? Math.min(resolved, seen + ackDelay(rng)) : null;
    out.push({
      zone: f.zone,
      severity: f.finding.severity,
      critical: f.critical,
      state: 'resolved',
      firstSeenAt: iso(seen),
      acknowledgedAt: acked === null ? null : iso(acked),
      resolvedAt: iso(Math.max(resolved, seen)),
      dueAt: f.dueAt?.toISOString() ?? null,
      unhealthySince: iso(began),
    });
  }
  return out;
}

/** The demo's planted prompt anomalies near the period, as the prompt-volume job would have recorded them. */
function deriveAnomalies(
  planted: readonly { resourceId: string; start: string; end: string; kind: string }[],
  current: Estate,
  period: DigestPeriod,
): DigestAnomalyInput[] {
  const rng = new Rng(0xa40a);
  const STATES: DigestAnomalyState[] = ['open', 'acknowledged', 'escalated', 'expected'];
  const out: DigestAnomalyInput[] = [];
  for (const a of planted) {
    if (Date.parse(a.end) < period.start.getTime() - DAY || Date.parse(a.start) >= period.end.getTime()) continue;
    const r = current.resource(a.resourceId);
    if (!r) continue;
    const drop = a.kind === 'outage';
    const peakExpected = Math.round(rng.range(5, 200));
    out.push({
      resourceName: r.resource.name,
      zone: r.placement.zone,
      kind: drop ? 'drop' : 'spike',
      windowStart: a.start,
      windowEnd: a.end,
      peak: drop ? 0 : Math.round(peakExpected * rng.range(2, 30)),
      peakExpected,
      state: STATES[rng.int(0, STATES.length - 1)] ?? 'open',
    });
  }
  return out;
}

// ── The benchmark ────────────────────────────────────────────────────────────────────────────────

export interface DigestBenchResult {
  scale: number;
  resources: number;
  assessments: number;
  attackPaths: number;
  occurrences: number;
  anomalies: number;
  loadMs: number;
  /** Building the two Estate objects from their snapshots (the caller's work, not the digest's). */
  estatesMs: number[];
  coldMs: number[];
  warmMs: number[];
  cardMs: number[];
  cardBytes: number;
  heapMb: number;
  rssMb: number;
  maxRssMb: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] as number;
};

export async function runDigestBench(scale: number, coldRuns = 9, warmRuns = 51): Promise<DigestBenchResult> {
  const f = await demoDigestFixture(scale);
  const estatesMs: number[] = [];
  const coldMs: number[] = [];
  let previous = new Estate(f.previous, f.settings);
  let current = new Estate(f.current, f.settings);
  for (let i = 0; i < coldRuns; i++) {
    const t0 = performance.now();
    previous = new Estate(f.previous, f.settings);
    current = new Estate(f.current, f.settings);
    const t1 = performance.now();
    // The trend points are the caller's (digestScore per past snapshot): computed before, not timed.
    const input = { ...digestInputOf(f, previous, current), scoreTrend: [] };
    const t2 = performance.now();
    computeDigest(input);
    coldMs.push(performance.now() - t2);
    estatesMs.push(t1 - t0);
  }
  const input = digestInputOf(f, previous, current);
  const warmMs: number[] = [];
  let digest = computeDigest(input);
  for (let i = 0; i < warmRuns; i++) {
    const t0 = performance.now();
    digest = computeDigest(input);
    warmMs.push(performance.now() - t0);
  }
  const cardMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const card = digestCard({
      digest,
      cadence: 'weekly',
      timeZone: 'Europe/Paris',
      freshness: freshnessText('now', true),
    });
    cardMs.push(performance.now() - t0);
    bytes = cardBytes(card);
  }
  const mem = process.memoryUsage();
  return {
    scale,
    resources: f.current.resources.length,
    assessments: f.current.findings.length,
    attackPaths: f.current.attackPaths.length,
    occurrences: f.occurrences.length,
    anomalies: f.anomalies.length,
    loadMs: f.loadMs,
    estatesMs,
    coldMs,
    warmMs,
    cardMs,
    cardBytes: bytes,
    heapMb: mem.heapUsed / 2 ** 20,
    rssMb: mem.rss / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export function formatDigestBench(results: readonly DigestBenchResult[]): string {
  const ms = (values: number[]) =>
    `median ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms over ${values.length} runs`;
  const lines = [
    'leader digest (computeDigest: score and trend, new / resolved / overdue, SLA %, MTTA, MTTR, attack paths, anomalies, per zone),',
    '  7 days of the demo estate; both snapshots loaded through the SDKs; occurrences and anomalies derived from them  [target ≤ 200 ms at 100×]',
  ];
  for (const r of results) {
    lines.push(
      `  ${r.scale}× estate: ${r.resources.toLocaleString('en')} AI resources, ${r.assessments.toLocaleString('en')} assessments, ${r.attackPaths} attack paths; ${r.occurrences.toLocaleString('en')} occurrences, ${r.anomalies} anomalies (set-up ${(r.loadMs / 1000).toFixed(1)} s)`,
      `    cold (fresh estates: the digest builds their score and attack-path indexes): ${ms(r.coldMs)}`,
      `    warm (same estates again): ${ms(r.warmMs)}`,
      `    for reference, building the two estates from their snapshots (the caller's work): ${ms(r.estatesMs)}`,
      `    digest card: render ${ms(r.cardMs)}, ${(r.cardBytes / 1024).toFixed(1)} KB`,
      `    memory after (this process also holds the demo tenant and both snapshots): heap ${r.heapMb.toFixed(0)} MB, RSS ${r.rssMb.toFixed(0)} MB, peak RSS ${r.maxRssMb.toFixed(0)} MB`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const scales = process.argv
    .slice(2)
    .filter((a) => !a.startsWith('--'))
    .map(Number);
  const results: DigestBenchResult[] = [];
  for (const scale of scales.length > 0 ? scales : [1, 100]) results.push(await runDigestBench(scale));
  process.stdout.write(
    process.argv.includes('--json') ? `${JSON.stringify(results)}\n` : `${formatDigestBench(results)}\n`,
  );
}
