import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openTestStore, snapshot, tempDir } from './store.helpers.js';

describe('snapshots', () => {
  it('round-trips a snapshot exactly and answers from the newest one', async () => {
    const file = join(tempDir(), 'vigil.db');
    const store = await openTestStore(file);
    expect(await store.snapshots.latest()).toBeNull();

    const newest = snapshot('2025-03-01T10:00:00.000Z');
    const older = snapshot('2025-03-01T09:00:00.000Z');
    await store.snapshots.save(newest);
    await store.snapshots.save(older); // saved later, taken earlier: must not become "latest"

    expect(await store.snapshots.latest()).toEqual(newest);

    // And it survives a restart unchanged.
    await store.close();
    const reopened = await openTestStore(file);
    expect(await reopened.snapshots.latest()).toEqual(newest);
  });

  it('stores payloads compressed, and still reads snapshots stored as JSON text before that', async () => {
    const file = join(tempDir(), 'vigil.db');
    const store = await openTestStore(file);
    const s = snapshot('2025-03-01T10:00:00.000Z');
    const { id } = await store.snapshots.save(s);
    const raw = new Database(file, { readonly: true });
    const stored = raw.prepare('select payload_json as p from snapshots where id = ?').get(id) as { p: unknown };
    raw.close();
    expect(Buffer.isBuffer(stored.p)).toBe(true);
    expect(gunzipSync(stored.p as Buffer).toString('utf8')).toBe(JSON.stringify(s));

    // A row written by an earlier Vigil: JSON text.
    const older = snapshot('2025-02-28T10:00:00.000Z');
    const writer = new Database(file);
    const info = writer
      .prepare(
        `insert into snapshots (taken_at, created_at, summary_json, issues_json, stats_json, payload_json)
         values (?, ?, '{}', '[]', '{}', ?)`,
      )
      .run(older.takenAt, older.takenAt, JSON.stringify(older));
    writer.close();
    expect(await store.snapshots.get(Number(info.lastInsertRowid))).toEqual(older);
    expect(await store.snapshots.latest()).toEqual(s);
  });

  it('lists history without payloads, with summary, issues and stats', async () => {
    const store = await openTestStore(':memory:');
    const s = snapshot('2025-03-01T10:00:00.000Z');
    const saved = await store.snapshots.save(s);
    expect(saved.summary).toEqual({
      subscriptions: 1,
      resources: 1,
      assessments: 2,
      unhealthy: 1,
      attackPaths: 0,
      issues: 1,
    });
    const [info] = await store.snapshots.list();
    expect(info).toEqual(saved);
    expect(info?.issues).toEqual(s.issues);
    expect(info?.stats).toEqual(s.stats);
    expect(info).not.toHaveProperty('resources');
  });

  it('prunes all but the newest N', async () => {
    const store = await openTestStore(':memory:');
    for (let hour = 0; hour < 6; hour++) {
      await store.snapshots.save(snapshot(`2025-03-01T0${hour}:00:00.000Z`));
    }
    expect(await store.snapshots.prune(2)).toBe(4);
    expect((await store.snapshots.list()).map((s) => s.takenAt)).toEqual([
      '2025-03-01T05:00:00.000Z',
      '2025-03-01T04:00:00.000Z',
    ]);
    expect(await store.snapshots.prune(2)).toBe(0);
    await expect(store.snapshots.prune(0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps one snapshot a day for trends while pruning the rest', async () => {
    const store = await openTestStore(':memory:', () => new Date('2025-03-10T12:00:00.000Z'));
    for (const day of ['01', '05', '08', '09', '10']) {
      for (const hour of ['06', '12', '18']) await store.snapshots.save(snapshot(`2025-03-${day}T${hour}:00:00.000Z`));
    }
    expect(await store.snapshots.prune(2, 7)).toBe(10);
    expect((await store.snapshots.list()).map((s) => s.takenAt)).toEqual([
      '2025-03-10T18:00:00.000Z',
      '2025-03-10T12:00:00.000Z',
      '2025-03-09T18:00:00.000Z',
      '2025-03-08T18:00:00.000Z',
      '2025-03-05T18:00:00.000Z',
    ]);
  });
});
