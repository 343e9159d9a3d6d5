// Question latency through the real bot endpoint: the server-side time of each turn (the bot's
// Server-Timing header) and the round trip over loopback, on the default estate and at 100× scale.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVigil } from '../bot/main.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';

const scale = Number(process.argv[2] ?? '1');
const iterations = Number(process.argv[3] ?? '100');

const config = loadConfig({
  VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-bench-')), 'vigil.db'),
  VIGIL_DEMO_SCALE: String(scale),
});
const vigil = await startVigil({
  config,
  logger: createLogger('silent'),
  port: 0,
  discoverOnStart: false,
  schedule: false,
});
const demo = vigil.connected.demo!;
// Measure Vigil, not Azure's Resource Graph quota.
demo.tenant.faults.quota = { limit: 100_000, windowMs: 5_000 };
await vigil.discover();

const people = demo.estate.people;
const owner = people.find((p) => p.persona === 'owner')!;
const soc = people.find((p) => p.persona === 'soc')!;
const latest = await vigil.store.snapshots.latest();
const someResource = latest?.resources.find((r) => r.kind === 'openai')?.name ?? 'unknown';

const questions: [string, typeof owner][] = [
  ['help', soc],
  ['inventory', soc],
  ['inventory openai zone 3 public', soc],
  [`show ${someResource}`, soc],
  ['posture', soc],
  ['posture zone 3', soc],
  ['findings', soc],
  ['findings high', soc],
  ['recommendations', soc],
  ['attack paths', soc],
  ['overdue', soc],
  ['due soon', soc],
  ['my findings', owner],
  ['readiness', soc],
  ['whoami', owner],
];

function activity(text: string, p: typeof owner, i: number) {
  return JSON.stringify({
    type: 'message',
    id: `bench-${i}`,
    channelId: 'msteams',
    serviceUrl: 'https://localhost.invalid/',
    from: { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId },
    recipient: { id: '28:vigil', name: 'Vigil' },
    conversation: { id: `a:bench-${p.objectId}`, conversationType: 'personal' },
    text,
    deliveryMode: 'expectReplies',
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
const results: { question: string; p50: number; p99: number; bytes: number }[] = [];
for (const [q, p] of questions) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < iterations + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${vigil.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: activity(q, p, i),
    });
    const body = await res.text();
    const ms = performance.now() - started;
    if (i >= 5) times.push(ms); // the first few warm the estate index and JIT
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  results.push({ question: q, p50: pct(times, 50), p99: pct(times, 99), bytes });
}
await vigil.stop();
process.stdout.write(
  JSON.stringify({
    scale,
    resources: latest?.resources.length ?? 0,
    iterations,
    results,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
