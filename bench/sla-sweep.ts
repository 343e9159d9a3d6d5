// The SLA sweep's computation at 1× and 100×: join the estate's open findings to Vigil's occurrences, find
// the reminders due (50/75/90 %, breach, daily after breach) against the ledger of those already sent.
// Target (issue 6): ≤ 200 ms at 100×. Run as its own child process by bench/run.ts.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Estate } from '../posture/estate.js';
import { dueReminders, slaSubjectsOf, type TrackedState } from '../posture/sla-reminders.js';
import { demoDigestFixture } from './digest.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p99 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)] ?? 0;

async function sweepBench(scale: number, runs = 31): Promise<string> {
  const f = await demoDigestFixture(scale);
  const estate = new Estate(f.current, f.settings);
  // Vigil's record of half the occurrences (the rest were never alerted), a third of those acknowledged.
  const tracked = new Map<string, TrackedState>();
  const open = slaSubjectsOf(estate, tracked);
  open.forEach((s, i) => {
    if (i % 2 === 0)
      tracked.set(s.key, {
        state: 'open',
        acknowledgedAt: i % 3 === 0 ? f.now.toISOString() : null,
        snoozedUntil: null,
      });
  });
  // Steady state: the previous hourly sweep already sent what was due an hour ago.
  const hourAgo = new Date(f.now.getTime() - 3_600_000);
  const sent = new Set(
    dueReminders(slaSubjectsOf(estate, tracked), new Set(), hourAgo).map((r) => `${r.subject.key} ${r.threshold}`),
  );
  const ms: number[] = [];
  let due = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    due = dueReminders(slaSubjectsOf(estate, tracked), sent, f.now).length;
    ms.push(performance.now() - t0);
  }
  const mem = process.memoryUsage();
  return `  ${scale}× estate: ${estate.openFindings.length.toLocaleString('en')} open findings, ${open.length.toLocaleString('en')} with an SLA clock, ${sent.size.toLocaleString('en')} reminders already sent, ${due} due now\n    sweep computation: median ${median(ms).toFixed(1)} ms, p99 ${p99(ms).toFixed(1)} ms (${runs} runs); heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB`;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const lines = ['SLA sweep (hourly): which reminders are due, on the demo estate  [target: ≤ 200 ms at 100×]'];
  for (const scale of [1, 100]) lines.push(await sweepBench(scale));
  process.stdout.write(`${lines.join('\n')}\n`);
}
