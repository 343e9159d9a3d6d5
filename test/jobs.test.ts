// Jobs run once per slot across replicas; discovery follows the zones' cadence; admins can refresh on demand.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { cronFor, vigilSchedules } from '../jobs/index.js';
import { runSlot } from '../jobs/runner.js';
import { DEFAULT_POLICY, discoveryCadence } from '../posture/policy.js';
import { openStore } from '../store/index.js';
import { message, post } from './support/teams.js';
import { startTestVigil, type TestVigil, teamsUser } from './support/vigil.js';

const logger = createLogger('silent');

describe('job cadence', () => {
  it('discovers at the most frequent zone cadence, in the configured time zone', () => {
    expect(discoveryCadence(DEFAULT_POLICY)).toBe('continuous');
    const calm = { ...DEFAULT_POLICY, 3: { ...DEFAULT_POLICY[3], discovery: 'daily' as const } };
    expect(discoveryCadence(calm)).toBe('daily');
    expect(cronFor('continuous')).toBe('*/5 * * * *');
    expect(cronFor('daily', { hour: 7, minute: 30 })).toBe('30 7 * * *');
    const config = loadConfig({ VIGIL_TIME_ZONE: 'Europe/Paris' });
    const job = { name: 'x', run: async () => ({}) as never };
    const [discovery, poll, prompts] = vigilSchedules(config, { discovery: job, findingsPoll: job, promptVolume: job });
    expect(discovery).toMatchObject({ cron: '*/5 * * * *', timeZone: 'Europe/Paris' });
    expect(poll).toMatchObject({ cron: '*/2 * * * *', timeZone: 'Europe/Paris' });
    expect(prompts).toMatchObject({ cron: '*/5 * * * *', timeZone: 'Europe/Paris' });
  });
});

describe('runSlot', () => {
  it('runs a slot once even when two replicas share the database, and records failures', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-jobs-')), 'vigil.db');
    const clock = () => new Date('2026-11-23T10:00:30Z');
    // Two stores on one file stand in for two replicas (opened one after the other: a synchronous
    // SQLite driver in one thread would wait on its own lock; separate processes are covered in store tests).
    const a = await openStore({ file, logger, clock });
    const b = await openStore({ file, logger, clock });
    try {
      let runs = 0;
      const job = { name: 'discovery', run: async () => ++runs };
      const slot = new Date('2026-11-23T10:00:00Z');
      const results = await Promise.all([
        runSlot(job, slot, { store: a, logger, owner: 'replica-a' }),
        runSlot(job, slot, { store: b, logger, owner: 'replica-b' }),
      ]);
      expect(runs).toBe(1);
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(results.find((r) => !r.ran)).toEqual({ ran: false, reason: 'already-claimed' });

      const failing = { name: 'digest', run: async () => Promise.reject(new Error('Teams said 502')) };
      await expect(runSlot(failing, slot, { store: a, logger, owner: 'replica-a' })).rejects.toThrow('Teams said 502');
      const last = await a.jobRuns.lastRun('digest');
      expect(last).toMatchObject({ status: 'failed', error: 'Teams said 502' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('refresh', () => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil();
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('is for admins only', async () => {
    const soc = teamsUser(vigil, 'soc');
    const { replies } = await post(vigil.url, message({ text: 'refresh', from: soc }));
    expect(replies[0]?.text).toContain('Only Vigil admins can refresh');
  });

  it('reloads the estate for an admin and records the run', async () => {
    const admin = teamsUser(vigil, 'admin');
    vigil.setNow(new Date('2026-11-23T11:15:00Z'));
    const before = (await vigil.store.snapshots.list(10)).length;
    const { replies } = await post(vigil.url, message({ text: 'Refresh', from: admin }));
    expect(replies[0]?.text).toMatch(/^Refreshed: \d+ AI resources and \d+ assessments as of /);
    expect((await vigil.store.snapshots.list(10)).length).toBe(before + 1);
    const again = await post(vigil.url, message({ text: 'refresh', from: admin }));
    expect(again.replies[0]?.text).toContain('already ran this minute');
    expect(await vigil.store.jobRuns.lastRun('discovery')).toMatchObject({ status: 'succeeded' });
  });
});
