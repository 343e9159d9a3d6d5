// Scheduling guarantees: slots read in a time zone across DST, a slot runs once across replicas through
// node-cron's RunCoordinator on the ledger, the latest missed slot runs once at start-up, and bad cron
// expressions or time zones stop start-up naming the key.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { latestSlot, nextSlot, slotsBetween } from '../jobs/cron.js';
import { catchUp, ledgerCoordinator, type Schedule } from '../jobs/scheduler.js';
import { countdown } from '../posture/sla.js';
import { formatLocal } from '../posture/wallclock.js';
import { openStore, type Store } from '../store/index.js';

const logger = createLogger('silent');
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

async function twoReplicas(clock: () => Date): Promise<[Store, Store]> {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-sched-')), 'vigil.db');
  const a = await openStore({ file, logger, clock });
  const b = await openStore({ file, logger, clock });
  return [a, b];
}

describe('cron slots in a time zone', () => {
  it('keeps 09:00 local across the spring DST change in Paris and New York', () => {
    const paris = { cron: '0 9 * * *', timeZone: 'Europe/Paris' };
    expect(iso(slotsBetween(paris, new Date('2026-03-27T00:00:00Z'), new Date('2026-03-31T00:00:00Z')))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z', // CEST from 29 March
      '2026-03-30T07:00:00.000Z',
    ]);
    const newYork = { cron: '0 9 * * *', timeZone: 'America/New_York' };
    expect(iso(slotsBetween(newYork, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-10T00:00:00Z')))).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z', // EDT from 8 March
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the autumn change, and runs a 01:30 job once on the repeated hour', () => {
    const newYork = { cron: '30 1 * * *', timeZone: 'America/New_York' };
    expect(iso(slotsBetween(newYork, new Date('2026-10-31T12:00:00Z'), new Date('2026-11-02T12:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); the repeat an hour later is not a second slot
      '2026-11-02T06:30:00.000Z',
    ]);
    const paris = { cron: '0 9 * * 1', timeZone: 'Europe/Paris' };
    expect(nextSlot(paris, new Date('2026-10-20T00:00:00Z'))?.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('finds the latest slot before now, monthly ones included', () => {
    const monthly = { cron: '0 9 1 * *', timeZone: 'UTC' };
    const now = new Date('2026-11-23T10:42:00Z');
    expect(latestSlot(monthly, now, null)?.toISOString()).toBe('2026-11-01T09:00:00.000Z');
    expect(latestSlot(monthly, now, new Date('2026-11-01T09:00:00Z'))).toBeNull();
    expect(latestSlot({ cron: '*/5 * * * *', timeZone: 'UTC' }, now, null)?.toISOString()).toBe(
      '2026-11-23T10:40:00.000Z',
    );
  });

  it('says countdowns in elapsed time and due dates in local time, across DST', () => {
    // 29 March 2026: Paris moves to CEST. 52 elapsed hours are "2 d 4 h" whatever the wall clock did.
    const now = new Date('2026-03-28T06:00:00Z');
    const due = new Date('2026-03-30T10:00:00Z');
    expect(countdown(now, due)).toBe('2 d 4 h left');
    expect(countdown(new Date('2026-03-30T15:00:00Z'), due)).toBe('overdue by 5 h');
    expect(formatLocal(now, 'Europe/Paris')).toBe('Sat 28 Mar, 07:00 CET');
    expect(formatLocal(due, 'Europe/Paris')).toBe('Mon 30 Mar, 12:00 CEST');
    expect(formatLocal(due, 'America/New_York')).toBe('Mon 30 Mar, 06:00 GMT-4');
  });
});

describe('one run per slot across replicas', () => {
  it('lets exactly one of two schedulers on one store win each slot through the RunCoordinator', async () => {
    const [a, b] = await twoReplicas(() => new Date('2026-11-23T10:00:05Z'));
    try {
      const ca = ledgerCoordinator('sla-sweep', { store: a, logger, owner: 'replica-a' });
      const cb = ledgerCoordinator('sla-sweep', { store: b, logger, owner: 'replica-b' });
      const key = 'sla-sweep:2026-11-23T10:00:00.000Z';
      const answers = await Promise.all([ca.shouldRun(key, 30_000), cb.shouldRun(key, 30_000)]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      // The next slot is a new race; a replayed key is refused to both.
      expect(await cb.shouldRun('sla-sweep:2026-11-23T11:00:00.000Z', 30_000)).toBe(true);
      expect(await ca.shouldRun('sla-sweep:2026-11-23T11:00:00.000Z', 30_000)).toBe(false);
      await expect(Promise.resolve(ca.shouldRun('digest:2026-11-23T11:00:00.000Z', 30_000))).rejects.toThrow(
        'unexpected coordination key',
      );
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('catch-up after downtime', () => {
  it('runs the latest missed slot once, not every missed one, and only once across replicas', async () => {
    let now = new Date('2026-11-02T08:00:00Z');
    const [a, b] = await twoReplicas(() => now);
    try {
      const ran: string[] = [];
      const schedule: Schedule<unknown> = {
        job: { name: 'sla-sweep', run: async (slot) => ran.push(slot.toISOString()) },
        cron: '0 9 * * *',
        timeZone: 'Europe/Paris',
      };
      // First start: nothing was missed yet (Vigil was not installed before).
      expect(await catchUp([schedule], now, { store: a, logger, owner: 'a' })).toEqual([]);
      // It runs its 3 November slot, then is down from 4 to 7 November.
      now = new Date('2026-11-03T08:00:00Z');
      expect(await catchUp([schedule], now, { store: a, logger, owner: 'a' })).toEqual([
        { job: 'sla-sweep', slot: '2026-11-03T08:00:00.000Z', ran: true },
      ]);
      now = new Date('2026-11-07T12:00:00Z');
      const [ra, rb] = await Promise.all([
        catchUp([schedule], now, { store: a, logger, owner: 'a' }),
        catchUp([schedule], now, { store: b, logger, owner: 'b' }),
      ]);
      expect([...ra, ...rb].filter((r) => r.ran)).toEqual([
        { job: 'sla-sweep', slot: '2026-11-07T08:00:00.000Z', ran: true },
      ]);
      expect(ran).toEqual(['2026-11-03T08:00:00.000Z', '2026-11-07T08:00:00.000Z']);
      // Starting again the same day finds nothing missed.
      expect(await catchUp([schedule], now, { store: b, logger, owner: 'b' })).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('schedule configuration', () => {
  const configError = (json: object) => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-conf-')), 'vigil.json');
    writeFileSync(file, JSON.stringify(json));
    try {
      loadConfig({}, file);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    throw new Error('expected a ConfigError');
  };

  it('stops start-up on an invalid cron expression, time zone or job name, naming the key', () => {
    expect(configError({ jobs: { 'sla-sweep': { cron: '61 * * * *' } } })).toMatch(/jobs\.sla-sweep\.cron/);
    expect(configError({ jobs: { digest: { timeZone: 'Mars/Olympus' } } })).toMatch(/jobs\.digest\.timeZone/);
    expect(configError({ jobs: { 'weekly-fun': { enabled: false } } })).toMatch(/jobs\.weekly-fun.*unknown job/);
    expect(configError({ governance: { reviewAt: '25:00' } })).toMatch(/governance\.reviewAt/);
  });
});
