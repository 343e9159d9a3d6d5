import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { manualClock, openTestStore } from './store.helpers.js';

describe('audit log', () => {
  it('keeps every action on a subject, in order, with who, when and from where', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    const dana = { id: 'aad-dana', name: 'Dana Reyes' };

    await store.audit.append({
      actor: dana,
      action: 'finding.acknowledge',
      subject: { type: 'finding', id: '7' },
      source: 'activity-1',
    });
    time.advance(60_000);
    await store.audit.append({
      actor: { id: 'job:sla-sweep', name: null },
      action: 'finding.remind',
      subject: { type: 'finding', id: '8' },
    });
    await store.audit.append({
      actor: dana,
      action: 'finding.snooze',
      subject: { type: 'finding', id: '7' },
      details: { until: '2025-03-03T00:00:00.000Z', reason: 'change freeze' },
      source: 'activity-2',
    });

    const history = await store.audit.history('7', 'finding');
    expect(history.map((e) => [e.action, e.at, e.source])).toEqual([
      ['finding.acknowledge', '2025-03-01T09:00:00.000Z', 'activity-1'],
      ['finding.snooze', '2025-03-01T09:01:00.000Z', 'activity-2'],
    ]);
    expect(history[1]?.details).toEqual({ until: '2025-03-03T00:00:00.000Z', reason: 'change freeze' });
    expect(history[1]?.actor).toEqual(dana);

    const lastMinute = await store.audit.list({ since: '2025-03-01T09:01:00Z' });
    expect(lastMinute.map((e) => e.action)).toEqual(['finding.remind', 'finding.snooze']);
    expect((await store.audit.list({ actorId: 'job:sla-sweep' })).map((e) => e.subject.id)).toEqual(['8']);
  });

  it('cannot be rewritten, even by a query that goes around the repository', async () => {
    const store = await openTestStore(':memory:');
    await store.audit.append({ actor: { id: 'u', name: null }, action: 'x', subject: { type: 'finding', id: '1' } });

    expect('update' in store.audit).toBe(false);
    expect('delete' in store.audit).toBe(false);
    await expect(sql`update audit_log set action = 'y'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect((await store.audit.history('1')).map((e) => e.action)).toEqual(['x']);
  });
});
