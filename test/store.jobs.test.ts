import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock, openTestStore, tempDir } from './store.helpers.js';

const SLOT = '2025-03-03T08:00:00.000Z';

describe('job-run ledger', () => {
  it('two replicas on the same database: exactly one runs each slot', async () => {
    const file = join(tempDir(), 'vigil.db');
    const time = manualClock('2025-03-03T08:00:01.000Z');
    const a = await openTestStore(file, time.clock);
    const b = await openTestStore(file, time.clock);

    const claims = await Promise.all([
      a.jobRuns.claimSlot('recommendation-review', SLOT, 'replica-a'),
      b.jobRuns.claimSlot('recommendation-review', SLOT, 'replica-b'),
      a.jobRuns.claimSlot('recommendation-review', SLOT, 'replica-a'),
      b.jobRuns.claimSlot('recommendation-review', SLOT, 'replica-b'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true) % 2 === 0 ? 'replica-a' : 'replica-b';
    const loser = winner === 'replica-a' ? 'replica-b' : 'replica-a';

    // Other jobs and other slots are independent.
    expect(await b.jobRuns.claimSlot('sla-sweep', SLOT, 'replica-b')).toBe(true);
    expect(await b.jobRuns.claimSlot('recommendation-review', '2025-03-10T08:00:00Z', 'replica-b')).toBe(true);

    // Only the owner records the outcome.
    expect(await a.jobRuns.finishRun('recommendation-review', SLOT, loser, { status: 'failed', error: 'x' })).toBe(
      false,
    );
    time.advance(42_000);
    expect(
      await a.jobRuns.finishRun('recommendation-review', SLOT, winner, {
        status: 'succeeded',
        result: { findings: 12 },
      }),
    ).toBe(true);
    expect(await b.jobRuns.getRun('recommendation-review', SLOT)).toMatchObject({
      status: 'succeeded',
      owner: winner,
      startedAt: '2025-03-03T08:00:01.000Z',
      finishedAt: '2025-03-03T08:00:43.000Z',
      result: { findings: 12 },
      error: null,
    });
    expect(await a.jobRuns.claimSlot('recommendation-review', SLOT, loser, { staleAfterMs: 1 })).toBe(false);
  });

  it('lastRun and listRuns go by slot, newest first', async () => {
    const store = await openTestStore(':memory:');
    for (const day of ['03', '01', '02']) {
      await store.jobRuns.claimSlot('digest', `2025-03-${day}T07:00:00+01:00`, 'r');
    }
    await store.jobRuns.finishRun('digest', '2025-03-01T06:00:00Z', 'r', { status: 'failed', error: 'Graph 503' });
    expect((await store.jobRuns.lastRun('digest'))?.slot).toBe('2025-03-03T06:00:00.000Z');
    expect((await store.jobRuns.listRuns('digest', 2)).map((r) => r.slot)).toEqual([
      '2025-03-03T06:00:00.000Z',
      '2025-03-02T06:00:00.000Z',
    ]);
    expect((await store.jobRuns.listRuns('digest')).at(-1)).toMatchObject({ status: 'failed', error: 'Graph 503' });
    expect(await store.jobRuns.lastRun('never')).toBeNull();
  });

  it('a run left running by a crashed replica can be taken over once it is stale', async () => {
    const time = manualClock('2025-03-03T08:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    expect(await store.jobRuns.claimSlot('poll', SLOT, 'crashed')).toBe(true);

    time.advance(5 * 60_000);
    expect(await store.jobRuns.claimSlot('poll', SLOT, 'survivor', { staleAfterMs: 10 * 60_000 })).toBe(false);
    time.advance(5 * 60_000 + 1);
    expect(await store.jobRuns.claimSlot('poll', SLOT, 'survivor', { staleAfterMs: 10 * 60_000 })).toBe(true);
    expect(await store.jobRuns.getRun('poll', SLOT)).toMatchObject({
      owner: 'survivor',
      attempt: 2,
      status: 'running',
    });
    expect(await store.jobRuns.finishRun('poll', SLOT, 'crashed', { status: 'succeeded' })).toBe(false);
    expect(await store.jobRuns.finishRun('poll', SLOT, 'survivor', { status: 'succeeded' })).toBe(true);
  });
});

describe('SLA reminder ledger', () => {
  it('forgets occurrences that are closed and quiet for the retention, keeps open and recent ones', async () => {
    const time = manualClock('2025-01-01T08:00:00.000Z');
    const store = await openTestStore(join(tempDir(), 'vigil.db'), time.clock);
    // Three occurrences reminded on 1 January; one of them still open, one reminded again on 20 January.
    for (const key of ['closed|old', 'open|old', 'closed|recent']) {
      expect(await store.slaReminders.record(key, '50')).toBe(true);
      expect(await store.slaReminders.record(key, 'breach')).toBe(true);
    }
    time.set('2025-01-20T08:00:00.000Z');
    await store.slaReminders.record('closed|recent', 'breach+1d');

    const removed = await store.slaReminders.prune(new Date('2025-01-10T00:00:00Z'), new Set(['open|old']));
    expect(removed).toBe(2);
    expect([...(await store.slaReminders.sent())].sort()).toEqual([
      'closed|recent 50',
      'closed|recent breach',
      'closed|recent breach+1d',
      'open|old 50',
      'open|old breach',
    ]);
    // Forgotten: the same occurrence seen again is reminded again.
    expect(await store.slaReminders.record('closed|old', '50')).toBe(true);
    // Nothing more to forget.
    expect(await store.slaReminders.prune(new Date('2025-01-10T00:00:00Z'), new Set(['open|old']))).toBe(0);
  });
});
