// npm run bench: figures, not pass/fail. Each scenario runs the loader in a fresh
// child process so its peak memory is its own, against a demo tenant in this one.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDemoEstate } from '../azure/demo/estate.js';
import { AZURE_GRAPH_QUOTA, type QuotaSettings } from '../azure/demo/faults.js';
import { startDemoTenant } from '../azure/demo/server.js';

const run = promisify(execFile);

interface Scenario {
  name: string;
  scale: number;
  runs: number;
  quota: QuotaSettings;
  target?: string;
}

/** The benchmark measures Vigil, not Azure's quota: a generous quota except where the scenario says otherwise. */
const GENEROUS: QuotaSettings = { limit: 10_000, windowMs: 5_000 };

const scenarios: Scenario[] = [
  { name: 'snapshot load, default estate', scale: 1, runs: 7, quota: GENEROUS },
  { name: 'snapshot load, default estate, Azure quota (15 / 5 s)', scale: 1, runs: 3, quota: AZURE_GRAPH_QUOTA },
  { name: 'snapshot load, 100× estate', scale: 100, runs: 3, quota: GENEROUS, target: '≤ 10 s, ≤ 1 GB RSS' },
];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

const child = fileURLToPath(new URL('./load-snapshot.js', import.meta.url));
const questionsChild = fileURLToPath(new URL('./questions.js', import.meta.url));
const epoch = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

console.log(`Vigil benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const s of scenarios) {
  const builtAt = performance.now();
  const estate = createDemoEstate({ seed: 42, scale: s.scale, epoch });
  const view = estate.at(new Date());
  const buildMs = performance.now() - builtAt;
  const tenant = await startDemoTenant({ estate, clock: () => new Date(), faults: { quota: s.quota } });
  try {
    const { stdout } = await run(process.execPath, [child], {
      env: {
        ...process.env,
        BENCH_URL: tenant.url,
        BENCH_CA: tenant.caPem,
        BENCH_RUNS: String(s.runs),
        BENCH_SUBSCRIPTIONS: estate.subscriptions.map((x) => x.subscriptionId).join(','),
        BENCH_WORKSPACES: view.workspaces.map((w) => w.customerId).join(','),
      },
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(stdout) as {
      timesMs: number[];
      maxRssMb: number;
      resources: number;
      findings: number;
      attackPaths: number;
      issues: number;
      pages: number;
    };
    const sorted = [...r.timesMs].sort((a, b) => a - b);
    console.log(`${s.name}${s.target ? `  [target ${s.target}]` : ''}`);
    console.log(
      `  estate: ${r.resources} AI resources, ${r.findings} assessments, ${r.attackPaths} attack paths; ${r.pages} Resource Graph pages; ${r.issues} issues`,
    );
    console.log(`  demo estate built in ${buildMs.toFixed(0)} ms (server side)`);
    console.log(
      `  load: median ${(percentile(sorted, 50) / 1000).toFixed(2)} s, p99 ${(percentile(sorted, 99) / 1000).toFixed(2)} s over ${s.runs} runs; loader peak RSS ${r.maxRssMb.toFixed(0)} MB\n`,
    );
  } finally {
    await tenant.close();
  }
}

for (const [scale, iterations] of [
  [1, 200],
  [100, 100],
] as const) {
  const { stdout } = await run(process.execPath, [questionsChild, String(scale), String(iterations)], {
    maxBuffer: 1 << 22,
  });
  const r = JSON.parse(stdout) as {
    resources: number;
    results: { question: string; p50: number; p99: number; roundTripP50: number; bytes: number }[];
    maxRssMb: number;
  };
  console.log(
    `questions through /api/messages, ${scale}× estate (${r.resources} AI resources), ${iterations} runs each  [target p99 ≤ 25 ms at 100×, RSS ≤ 1 GB]`,
  );
  for (const q of r.results) {
    console.log(
      `  ${q.question.padEnd(34)} p50 ${q.p50.toFixed(1).padStart(6)} ms   p99 ${q.p99.toFixed(1).padStart(6)} ms   reply ${(q.bytes / 1024).toFixed(1)} KB`,
    );
  }
  console.log(`  peak RSS (bot + demo tenant in one process) ${r.maxRssMb.toFixed(0)} MB\n`);
}

// Outbox delivery under Teams' limits: each run in its own child process (bench/delivery.ts). The full size
// runs on virtual time (two minutes or more of real waiting otherwise), then a small run on the wall clock.
{
  const deliveryChild = fileURLToPath(new URL('./delivery.js', import.meta.url));
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const runs: { args: string[]; label: string }[] = [
    ...[3, 11, 29].map((seed) => ({ args: ['simulated', '50', '100', '0.2', String(seed)], label: `seed ${seed}` })),
    { args: ['real', '10', '20', '0.2', '3'], label: 'REAL time, 10 channels × 20' },
  ];
  console.log(
    'outbox delivery: new findings fanned out to channels through the real worker, TeamsAdapter and a connector stand-in over HTTP;',
  );
  console.log(
    '  20 % of sends answered 429 (Retry-After 1 s) or 502/504  [target: 0 duplicates, total ≤ 1.1× the minimum the limits allow]',
  );
  console.log(
    '  5,000 findings → 50 channels × 100, SIMULATED time (virtual clock: every HTTP call and store write is real, waits take no wall time)',
  );
  for (const r of runs) {
    const { stdout } = await run(process.execPath, [deliveryChild, ...r.args], { maxBuffer: 1 << 22 });
    const d = JSON.parse(stdout) as import('./delivery.js').DeliveryBenchResult;
    const answered = Object.entries(d.answered)
      .map(([status, n]) => `${n}×${status}`)
      .join(' ');
    const limits = `${Object.entries(d.worstChannel)
      .map(([rule, n]) => `${n} (${rule})`)
      .join(', ')} per channel, ${d.tenantPeak} (50/1s) tenant`;
    console.log(
      `  ${r.label}: delivered ${d.delivered}/${d.enqueued}, duplicates ${d.duplicates}, dead ${d.dead}; ${d.requests} requests (${answered})`,
    );
    console.log(
      `    total ${s(d.totalMs)}${d.mode === 'simulated' ? ' simulated' : ''} vs minimum ${s(d.thisRun.lowerBound)} for these ${d.thisRun.requests} requests → ${(d.totalMs / d.thisRun.lowerBound).toFixed(2)}×` +
        `  (fault-free minimum for ${d.faultFree.requests}: ${s(d.faultFree.lowerBound)} → ${(d.totalMs / d.faultFree.lowerBound).toFixed(2)}×)`,
    );
    console.log(
      `    busiest windows seen by the connector: ${limits}; wall ${s(d.wallMs)}, peak RSS ${d.maxRssMb.toFixed(0)} MB`,
    );
  }
  console.log(
    '  minimum = max(busiest channel alone: its windows and 429 holds; tenant alone: 50/s), every request counted, 5xx back-off excluded\n',
  );
}

// Prompt-volume anomaly detection (bench/anomaly-eval.ts, bench/anomaly-speed.ts), each in its own child
// process: accuracy on the generated labelled set against the two baselines, then speed and memory.
{
  const evalChild = fileURLToPath(new URL('./anomaly-eval.js', import.meta.url));
  const speedChild = fileURLToPath(new URL('./anomaly-speed.js', import.meta.url));
  console.log(
    'prompt-volume anomaly detection on the generated labelled set (event level: a window counts as detected if an alert falls in it or within max(1 h, 2 bins) after; an alert outside every window is false)',
  );
  console.log("  [target: Vigil's F1 above both baselines, with fewer false alerts per resource-week]");
  const evalRun = await run(process.execPath, [evalChild], { maxBuffer: 1 << 22 });
  console.log(`${evalRun.stdout.replace(/^/gm, '  ').trimEnd()}\n`);
  const speedRun = await run(process.execPath, [speedChild], { maxBuffer: 1 << 22 });
  console.log(`${speedRun.stdout.replace(/^/gm, '  ').trimEnd()}\n`);
}

// The governance cadence (bench/digest.ts, bench/sla-sweep.ts), each in its own child process: the leader
// digest and the SLA sweep at 1× and 100×.
{
  console.log('leader digest: figures for every zone over a week, on the demo estate  [target: ≤ 200 ms at 100×]');
  const digestRun = await run(process.execPath, [fileURLToPath(new URL('./digest.js', import.meta.url))], {
    maxBuffer: 1 << 22,
  });
  console.log(`${digestRun.stdout.trimEnd()}\n`);
  const sweepRun = await run(process.execPath, [fileURLToPath(new URL('./sla-sweep.js', import.meta.url))], {
    maxBuffer: 1 << 22,
  });
  console.log(`${sweepRun.stdout.trimEnd()}\n`);
}
