import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FindingId, findingId } from '../store/index.js';
import { manualClock, OPENAI_ASSESSMENT, occurrence, openTestStore, tempDir } from './store.helpers.js';

describe('finding occurrences', () => {
  it('records an occurrence once: the second sighting is not new and keeps its lifecycle', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);

    const first = await store.findings.upsertOccurrence(occurrence());
    expect(first.isNew).toBe(true);
    expect(first.finding).toMatchObject({
      state: 'open',
      version: 1,
      zone: 3,
      owner: 'dana@contoso.com',
      firstSeenAt: '2025-03-01T09:00:00.000Z',
      dueAt: '2025-03-02T08:15:00.000Z',
      unhealthySince: '2025-02-27T08:15:00.000Z',
    });

    const ack = await store.findings.transition(first.finding.id, 1, {
      state: 'acknowledged',
      acknowledgedBy: 'aad-dana',
      acknowledgedAt: time.clock(),
    });
    expect(ack.ok).toBe(true);

    time.advance(15 * 60_000);
    const again = await store.findings.upsertOccurrence(occurrence({ owner: 'lee@contoso.com', severity: 'High' }));
    expect(again.isNew).toBe(false);
    expect(again.finding.id).toBe(first.finding.id);
    // Observed fields follow the latest poll; what people did and the card version stay.
    expect(again.finding).toMatchObject({
      owner: 'lee@contoso.com',
      severity: 'High',
      state: 'acknowledged',
      acknowledgedBy: 'aad-dana',
      version: 2,
      firstSeenAt: '2025-03-01T09:00:00.000Z',
      lastSeenAt: '2025-03-01T09:15:00.000Z',
    });
    expect(await store.findings.listOpen()).toHaveLength(1);
  });

  it('a resolved finding that comes back with a new statusChangeDate is a new occurrence', async () => {
    const store = await openTestStore(':memory:');
    const first = await store.findings.upsertOccurrence(occurrence());
    const resolved = await store.findings.transition(first.finding.id, first.finding.version, {
      state: 'resolved',
      resolvedAt: '2025-03-05T00:00:00Z',
    });
    expect(resolved).toMatchObject({
      ok: true,
      finding: { state: 'resolved', resolvedAt: '2025-03-05T00:00:00.000Z' },
    });
    expect(await store.findings.listOpen()).toEqual([]);

    const back = '2025-03-09T12:00:00.000Z';
    const second = await store.findings.upsertOccurrence(
      occurrence({ occurrenceKey: `${OPENAI_ASSESSMENT}@${back}`, unhealthySince: back }),
    );
    expect(second.isNew).toBe(true);
    expect(second.finding.id).not.toBe(first.finding.id);
    expect(second.finding.state).toBe('open');

    const history = await store.findings.historyOfAssessment(OPENAI_ASSESSMENT);
    expect(history.map((f) => [f.id, f.state])).toEqual([
      [second.finding.id, 'open'],
      [first.finding.id, 'resolved'],
    ]);
  });

  it('alerts exactly once when two replicas see the same occurrence at the same moment', async () => {
    const file = join(tempDir(), 'vigil.db');
    const a = await openTestStore(file);
    const b = await openTestStore(file);
    const results = await Promise.all([
      a.findings.upsertOccurrence(occurrence()),
      b.findings.upsertOccurrence(occurrence()),
      a.findings.upsertOccurrence(occurrence()),
      b.findings.upsertOccurrence(occurrence()),
    ]);
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(new Set(results.map((r) => r.finding.id)).size).toBe(1);
  });

  it('two actions on the same card version: one wins, the other gets the row as it now is', async () => {
    const file = join(tempDir(), 'vigil.db');
    const a = await openTestStore(file);
    const b = await openTestStore(file);
    const { finding } = await a.findings.upsertOccurrence(occurrence());

    const [snooze, accept] = await Promise.all([
      a.findings.transition(finding.id, finding.version, { state: 'snoozed', snoozedUntil: '2025-03-03T00:00:00Z' }),
      b.findings.transition(finding.id, finding.version, {
        state: 'risk-accepted',
        justification: 'compensating control',
      }),
    ]);
    const outcomes = [snooze, accept];
    const winners = outcomes.filter((r) => r.ok);
    const losers = outcomes.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!;
    const loser = losers[0]!;
    if (!winner.ok || loser.ok || loser.reason !== 'conflict') throw new Error('unexpected outcomes');
    expect(winner.finding.version).toBe(2);
    expect(loser.current).toEqual(winner.finding);

    // Retrying with the version the loser was shown succeeds.
    const retry = await b.findings.transition(finding.id, loser.current.version, { assignee: 'aad-lee' });
    expect(retry).toMatchObject({
      ok: true,
      finding: { version: 3, assignee: 'aad-lee', state: winner.finding.state },
    });
  });

  it('reports a missing finding as not-found, and rejects unknown states', async () => {
    const store = await openTestStore(':memory:');
    expect(await store.findings.transition(findingId(999), 1, { state: 'acknowledged' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    const { finding } = await store.findings.upsertOccurrence(occurrence());
    await expect(
      store.findings.transition(finding.id, 1, { state: 'closed' as unknown as 'open' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.findings.transition(finding.id, 1, { eta: 'next tuesday' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('eta'),
    });
    expect((await store.findings.get(finding.id))?.version).toBe(1);
  });

  it('lists open findings by owner, assignee, zone and state ("my findings")', async () => {
    const store = await openTestStore(':memory:');
    const mk = async (n: number, owner: string, zone: 1 | 2 | 3) =>
      (
        await store.findings.upsertOccurrence(
          occurrence({ occurrenceKey: `k${n}`, assessmentId: `a${n}`, owner, zone }),
        )
      ).finding;
    const f1 = await mk(1, 'dana@contoso.com', 3);
    const f2 = await mk(2, 'lee@contoso.com', 2);
    const f3 = await mk(3, 'dana@contoso.com', 1);
    await store.findings.transition(f3.id, 1, { state: 'planned', eta: '2025-04-01', assignee: 'aad-lee' });

    const ids = (list: { id: FindingId }[]) => list.map((f) => f.id);
    expect(ids(await store.findings.listOpen({ owner: 'dana@contoso.com' }))).toEqual([f1.id, f3.id]);
    expect(ids(await store.findings.listOpen({ assignee: 'aad-lee' }))).toEqual([f3.id]);
    expect(ids(await store.findings.listOpen({ zone: 2 }))).toEqual([f2.id]);
    expect(ids(await store.findings.listOpen({ states: ['open'] }))).toEqual([f1.id, f2.id]);
    expect(await store.findings.listOpen({ states: [] })).toEqual([]);
  });

  it('a card action and its audit entry commit together or not at all', async () => {
    const store = await openTestStore(':memory:');
    const { finding } = await store.findings.upsertOccurrence(occurrence());

    await expect(
      store.transaction(async (tx) => {
        await tx.findings.transition(finding.id, 1, { state: 'acknowledged' });
        await tx.audit.append({
          actor: { id: 'aad-dana', name: 'Dana' },
          action: 'finding.acknowledge',
          subject: { type: 'finding', id: String(finding.id) },
        });
        throw new Error('card could not be rendered');
      }),
    ).rejects.toThrow('card could not be rendered');
    expect((await store.findings.get(finding.id))?.state).toBe('open');
    expect(await store.audit.history(String(finding.id))).toEqual([]);

    await store.transaction(async (tx) => {
      const result = await tx.findings.transition(finding.id, 1, { state: 'acknowledged' });
      expect(result.ok).toBe(true);
      // A nested call joins the same transaction.
      await tx.transaction((inner) =>
        inner.audit.append({
          actor: { id: 'aad-dana', name: 'Dana' },
          action: 'finding.acknowledge',
          subject: { type: 'finding', id: String(finding.id) },
        }),
      );
    });
    expect((await store.findings.get(finding.id))?.state).toBe('acknowledged');
    expect(await store.audit.history(String(finding.id))).toHaveLength(1);
  });
});
