// Several OS processes on one SQLite file, the way replicas (or the CLI next to a running bot) share it:
// opening and migrating together, deduping findings, claiming job slots and outbox rows under real contention.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationId } from '../store/index.js';
import { openTestStore, tempDir } from './store.helpers.js';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPLICAS = 3;
let buildDir = '';

// The child processes run plain Node, so transpile store/ (and the model it imports) to JavaScript. The
// build sits under node_modules/.cache so that `kysely`, `better-sqlite3` and `pino` resolve from the project.
beforeAll(() => {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  buildDir = mkdtempSync(join(cache, 'vigil-store-replicas-'));
  const sources = [
    ...readdirSync(join(ROOT, 'store'), { recursive: true, encoding: 'utf8' }).map((f) => join(ROOT, 'store', f)),
    join(ROOT, 'posture', 'model.ts'),
  ].filter((f) => f.endsWith('.ts'));
  for (const source of sources) {
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(buildDir, relative(ROOT, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(buildDir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(buildDir, 'replica.js'), REPLICA_SCRIPT);
});

afterAll(() => {
  if (buildDir !== '') rmSync(buildDir, { recursive: true, force: true });
});

// Each replica waits at a barrier (a file per replica) so they really start together, however slowly Node boots.
const REPLICA_SCRIPT = `
import { readdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { openStore } from './store/index.js';

const [file, replica, mode, barrier, count] = process.argv.slice(2);
writeFileSync(barrier + '/' + replica, '');
while (readdirSync(barrier).length < Number(count)) await sleep(2);
const store = await openStore({ file, logger: pino({ level: 'silent' }), clock: () => new Date() });
const out = { replica, ranMigrations: store.migrations.ranNow, newFindings: [], slots: [], claimed: [] };
if (mode === 'startup') {
  for (let i = 0; i < 40; i++) {
    const { isNew, finding } = await store.findings.upsertOccurrence({
      occurrenceKey: 'occ-' + i, assessmentId: 'a-' + i, key: 'k', resourceId: 'r', resourceName: 'r',
      displayName: 'd', severity: 'High', zone: 3, owner: null, unhealthySince: null, dueAt: null,
    });
    if (isNew) out.newFindings.push(finding.id);
    if (await store.jobRuns.claimSlot('poll', new Date(Date.UTC(2025, 2, 1, 0, i)), replica)) out.slots.push(i);
  }
} else {
  for (;;) {
    const batch = await store.outbox.claimDue({ workerId: replica, leaseMs: 600000, limit: 3 });
    if (batch.length === 0) break;
    for (const m of batch) {
      out.claimed.push(m.id);
      await store.outbox.markSent(m.id, 'activity-' + m.id);
    }
  }
}
await store.close();
process.stdout.write(JSON.stringify(out));
`;

interface ReplicaReport {
  replica: string;
  ranMigrations: string[];
  newFindings: number[];
  slots: number[];
  claimed: number[];
}

async function replicas(file: string, mode: 'startup' | 'outbox'): Promise<ReplicaReport[]> {
  const barrier = mkdtempSync(join(dirname(file), 'barrier-'));
  const runs = Array.from({ length: REPLICAS }, (_, i) =>
    run(process.execPath, [join(buildDir, 'replica.js'), file, `replica-${i}`, mode, barrier, String(REPLICAS)], {
      timeout: 60_000,
    }),
  );
  return (await Promise.all(runs)).map(({ stdout }) => JSON.parse(stdout) as ReplicaReport);
}

describe('replicas sharing one SQLite file', () => {
  it('start together: migrate once, alert each finding once, run each slot once', async () => {
    const file = join(tempDir(), 'shared.db');
    const reports = await replicas(file, 'startup');

    expect(reports.filter((r) => r.ranMigrations.length > 0)).toHaveLength(1);
    const newFindings = reports.flatMap((r) => r.newFindings);
    expect(newFindings).toHaveLength(40);
    expect(new Set(newFindings).size).toBe(40);
    expect(reports.flatMap((r) => r.slots).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));

    const store = await openTestStore(file);
    expect(await store.findings.listOpen()).toHaveLength(40);
    expect(await store.jobRuns.listRuns('poll', 100)).toHaveLength(40);
  });

  it('drain the outbox together without sending any message twice', async () => {
    const file = join(tempDir(), 'shared.db');
    const store = await openTestStore(file, () => new Date('2000-01-01T00:00:00Z'));
    const conversation = conversationId('19:abc@thread.tacv2');
    for (let i = 0; i < 90; i++) {
      await store.outbox.enqueue({ dedupeKey: `m${i}`, conversationId: conversation, kind: 'send', payload: { i } });
    }

    const claimed = (await replicas(file, 'outbox')).flatMap((r) => r.claimed);
    expect(claimed).toHaveLength(90);
    expect(new Set(claimed).size).toBe(90);
    expect(await store.outbox.counts()).toMatchObject({ pending: 0, sending: 0, sent: 90 });
  });
});
