import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conversationId, type EnqueueInput, type Store } from '../store/index.js';
import { manualClock, openTestStore, tempDir } from './store.helpers.js';

const CHANNEL = conversationId('19:abc123@thread.tacv2');
const card = (n: number): EnqueueInput => ({
  dedupeKey: `finding:${n}:alert:${CHANNEL}`,
  conversationId: CHANNEL,
  kind: 'send',
  payload: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `finding ${n}` }] },
});
const LEASE = 60_000;

async function enqueueMany(store: Store, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await store.outbox.enqueue(card(i));
}

describe('outbox', () => {
  it('enqueue is idempotent on the dedupe key', async () => {
    const store = await openTestStore(':memory:');
    const first = await store.outbox.enqueue(card(1));
    const again = await store.outbox.enqueue({ ...card(1), payload: { different: true } });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.message).toEqual(first.message);
    expect(again.message.payload).toEqual(card(1).payload);
    expect(await store.outbox.counts()).toEqual({ pending: 1, sending: 0, sent: 0, failed: 0, dead: 0 });
  });

  it('a claimed message is not claimed again until its lease expires; then another worker takes it', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    await enqueueMany(store, 3);

    const a = await store.outbox.claimDue({ workerId: 'a', leaseMs: LEASE, limit: 2 });
    expect(a.map((m) => m.dedupeKey)).toEqual([card(1).dedupeKey, card(2).dedupeKey]);
    expect(a[0]).toMatchObject({
      status: 'sending',
      attempts: 1,
      leaseOwner: 'a',
      leaseUntil: '2025-03-01T09:01:00.000Z',
    });

    const b = await store.outbox.claimDue({ workerId: 'b', leaseMs: LEASE, limit: 10 });
    expect(b.map((m) => m.dedupeKey)).toEqual([card(3).dedupeKey]);
    expect(await store.outbox.claimDue({ workerId: 'b', leaseMs: LEASE, limit: 10 })).toEqual([]);

    // b sends its message; a sends the first and dies before finishing the second.
    expect(await store.outbox.markSent(b[0]!.id, 'activity-3')).toBe(true);
    expect(await store.outbox.markSent(a[0]!.id, 'activity-1')).toBe(true);
    time.advance(LEASE - 1);
    expect(await store.outbox.claimDue({ workerId: 'b', leaseMs: LEASE, limit: 10 })).toEqual([]);
    time.advance(1);
    const reclaimed = await store.outbox.claimDue({ workerId: 'b', leaseMs: LEASE, limit: 10 });
    expect(reclaimed.map((m) => [m.id, m.attempts, m.leaseOwner])).toEqual([[a[1]!.id, 2, 'b']]);

    // The late worker can no longer change the row it lost; the sent one stays sent.
    expect(await store.outbox.markFailed(a[1]!.id, 'a', 'timeout', { retryAt: time.clock() })).toBe(false);
    expect((await store.outbox.get(a[0]!.id))?.status).toBe('sent');
  });

  it('two replicas claiming at once never get the same message', async () => {
    const file = join(tempDir(), 'vigil.db');
    const one = await openTestStore(file);
    const two = await openTestStore(file);
    await enqueueMany(one, 40);

    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? one : two).outbox.claimDue({ workerId: `w${i}`, leaseMs: LEASE, limit: 4 }),
      ),
    );
    const ids = claims.flat().map((m) => m.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(claims.flat().every((m) => m.attempts === 1)).toBe(true);
  });

  it('a failed send waits for its retry time; a dead one is never claimed again', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    await enqueueMany(store, 2);
    const [first, second] = await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 2 });

    expect(
      await store.outbox.markFailed(first!.id, 'w', '429 Too Many Requests', { retryAt: '2025-03-01T09:00:30Z' }),
    ).toBe(true);
    expect(await store.outbox.markFailed(second!.id, 'w', '403 BotNotInConversationRoster', { dead: true })).toBe(true);
    expect(await store.outbox.get(first!.id)).toMatchObject({
      status: 'failed',
      lastError: '429 Too Many Requests',
      nextAttemptAt: '2025-03-01T09:00:30.000Z',
      leaseOwner: null,
    });

    time.advance(29_000);
    expect(await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 10 })).toEqual([]);
    time.advance(1_000);
    const retry = await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 10 });
    expect(retry.map((m) => [m.id, m.attempts])).toEqual([[first!.id, 2]]);
    expect(await store.outbox.markSent(first!.id, 'activity-9')).toBe(true);
    expect(await store.outbox.markSent(first!.id, 'activity-10')).toBe(false);
    expect((await store.outbox.getByDedupeKey(card(1).dedupeKey))?.sentActivityId).toBe('activity-9');

    time.advance(365 * 24 * 3_600_000);
    expect(await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 10 })).toEqual([]);
    expect((await store.outbox.list('dead')).map((m) => m.lastError)).toEqual(['403 BotNotInConversationRoster']);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0, dead: 1 });
  });

  it('holds a message until notBefore, and updates need the activity they target', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    await store.outbox.enqueue({ ...card(1), notBefore: '2025-03-01T17:00:00Z' });
    expect(await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 10 })).toEqual([]);
    expect(
      await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 10, now: new Date('2025-03-01T17:00:00Z') }),
    ).toHaveLength(1);

    await expect(store.outbox.enqueue({ ...card(2), kind: 'update' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const update = await store.outbox.enqueue({ ...card(2), kind: 'update', activityId: 'activity-1' });
    expect(update.message).toMatchObject({ kind: 'update', activityId: 'activity-1' });
  });

  it('prunes sent messages older than a cut-off, leaving everything else', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    await enqueueMany(store, 2);
    const [m] = await store.outbox.claimDue({ workerId: 'w', leaseMs: LEASE, limit: 1 });
    await store.outbox.markSent(m!.id, 'activity-1');
    expect(await store.outbox.pruneSent('2025-03-01T09:00:00Z')).toBe(0);
    expect(await store.outbox.pruneSent('2025-03-02T00:00:00Z')).toBe(1);
    expect(await store.outbox.counts()).toMatchObject({ pending: 1, sent: 0 });
  });
});
