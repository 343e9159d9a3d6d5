import { describe, expect, it } from 'vitest';
import { resourceId, workspaceId } from '../posture/model.js';
import { manualClock, OPENAI, openTestStore } from './store.helpers.js';

const HOUR = 3_600_000;
const WS = workspaceId('0b8e5f0c-1111-2222-3333-444455556666');

describe('watermarks', () => {
  it('remembers named cursors and when they moved', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    expect(await store.watermarks.get('findings-poll')).toBeNull();
    await store.watermarks.set('findings-poll', '2025-03-01T08:55:00.000Z');
    time.advance(5 * 60_000);
    await store.watermarks.set('findings-poll', '2025-03-01T09:00:00.000Z');
    expect(await store.watermarks.getEntry('findings-poll')).toEqual({
      name: 'findings-poll',
      value: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T09:05:00.000Z',
    });
  });
});

describe('prompt volume bins', () => {
  it('upserts bins (the incomplete newest bin is rewritten) and reads a range back as a series', async () => {
    const store = await openTestStore(':memory:');
    await store.promptVolume.upsertBins({
      resourceId: OPENAI,
      workspaceId: WS,
      start: '2025-03-01T00:00:00Z',
      binMs: HOUR,
      counts: [120, 130, 40],
    });
    await store.promptVolume.upsertBins({
      resourceId: OPENAI,
      workspaceId: WS,
      start: '2025-03-01T02:00:00Z',
      binMs: HOUR,
      counts: [145, 150],
    });
    // Another resource's bins never leak into this one's series.
    await store.promptVolume.upsertBins({
      resourceId: resourceId('/subscriptions/x/providers/other'),
      workspaceId: WS,
      start: '2025-03-01T00:00:00Z',
      binMs: HOUR,
      counts: [9, 9, 9, 9],
    });

    expect(await store.promptVolume.series(OPENAI, '2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z')).toEqual({
      resourceId: OPENAI,
      workspaceId: WS,
      start: '2025-03-01T00:00:00.000Z',
      binMs: HOUR,
      counts: [120, 130, 145, 150],
    });
    expect(await store.promptVolume.series(OPENAI, '2025-03-01T01:00:00Z', '2025-03-01T03:00:00Z')).toMatchObject({
      start: '2025-03-01T01:00:00.000Z',
      counts: [130, 145],
    });
    expect(await store.promptVolume.series(OPENAI, '2025-03-05T00:00:00Z', '2025-03-06T00:00:00Z')).toBeNull();
  });

  it('fills gaps with zero, keeps one bin size per resource, and prunes old bins', async () => {
    const store = await openTestStore(':memory:');
    const base = { resourceId: OPENAI, workspaceId: WS, binMs: HOUR };
    await store.promptVolume.upsertBins({ ...base, start: '2025-03-01T00:00:00Z', counts: [5] });
    await store.promptVolume.upsertBins({ ...base, start: '2025-03-01T03:00:00Z', counts: [7] });
    expect((await store.promptVolume.series(OPENAI, '2025-03-01', '2025-03-02'))?.counts).toEqual([5, 0, 0, 7]);

    // Switching to 15-minute bins drops the hourly ones rather than mixing sizes.
    await store.promptVolume.upsertBins({ ...base, binMs: HOUR / 4, start: '2025-03-01T04:00:00Z', counts: [1, 2] });
    expect(await store.promptVolume.series(OPENAI, '2025-03-01', '2025-03-02')).toMatchObject({
      start: '2025-03-01T04:00:00.000Z',
      binMs: HOUR / 4,
      counts: [1, 2],
    });

    expect(await store.promptVolume.prune('2025-03-01T04:15:00Z')).toBe(1);
    expect((await store.promptVolume.series(OPENAI, '2025-03-01', '2025-03-02'))?.counts).toEqual([2]);

    await expect(
      store.promptVolume.upsertBins({ ...base, start: '2025-03-01T00:00:00Z', counts: [1, -1] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('stores a month of 5-minute bins in one call', async () => {
    const store = await openTestStore(':memory:');
    const counts = Array.from({ length: 30 * 288 }, (_, i) => 100 + (i % 288));
    const written = await store.promptVolume.upsertBins({
      resourceId: OPENAI,
      workspaceId: WS,
      start: '2025-02-01T00:00:00Z',
      binMs: 300_000,
      counts,
    });
    expect(written).toBe(counts.length);
    expect((await store.promptVolume.series(OPENAI, '2025-02-01', '2025-03-03'))?.counts).toEqual(counts);
  });
});
