// What a failed send means (from the real ConnectorClient's errors) and how long to wait before the next try.

import { describe, expect, it } from 'vitest';
import { backoffMs, classifySendError, retryAfterMs } from '../bot/delivery/retry.js';
import { VirtualTimers } from '../bot/delivery/timers.js';

/** The shape botbuilder's ConnectorClient throws (a core-rest-pipeline RestError). */
const restError = (statusCode: number, code: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${code} message`), {
    name: 'RestError',
    statusCode,
    code,
    details: { error: { code, message: 'x' } },
    response: { headers: { get: (n: string) => headers[n.toLowerCase()] } },
  });

const NOW = Date.parse('2026-11-23T10:42:00Z');

describe('classifying send errors', () => {
  it('retries throttling, precondition and gateway errors, with any Retry-After', () => {
    expect(classifySendError(restError(429, 'Throttled', { 'retry-after': '3' }), NOW)).toMatchObject({
      kind: 'retry',
      status: 429,
      retryAfterMs: 3000,
    });
    for (const status of [412, 500, 502, 503, 504]) {
      expect(classifySendError(restError(status, 'X'), NOW)).toMatchObject({
        kind: 'retry',
        status,
        retryAfterMs: null,
      });
    }
  });

  it('retries network failures and our own timeout', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { name: 'RestError', code: 'ECONNREFUSED' });
    expect(classifySendError(refused, NOW)).toMatchObject({ kind: 'retry', status: null });
    const timeout = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    expect(classifySendError(timeout, NOW)).toMatchObject({ kind: 'retry', status: null });
  });

  it('403 BotNotInConversationRoster means Vigil was removed; other 4xx are dead', () => {
    expect(classifySendError(restError(403, 'BotNotInConversationRoster'), NOW)).toMatchObject({ kind: 'removed' });
    expect(classifySendError(restError(403, 'Forbidden'), NOW)).toMatchObject({ kind: 'dead', status: 403 });
    expect(classifySendError(restError(400, 'BadArgument'), NOW)).toMatchObject({ kind: 'dead', status: 400 });
    expect(classifySendError(restError(404, 'ConversationNotFound'), NOW)).toMatchObject({ kind: 'dead' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('1', NOW)).toBe(1000);
    expect(retryAfterMs('0.5', NOW)).toBe(500);
    expect(retryAfterMs(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs(undefined, NOW)).toBeNull();
  });
});

describe('back-off', () => {
  const options = { baseMs: 1000, maxMs: 8000 };

  it('full jitter: anywhere from 0 to base·2^(n-1), capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, options, () => 0.999, null))).toEqual([999, 1998, 3996, 7992, 7992]);
    expect(backoffMs(3, options, () => 0, null)).toBe(0);
  });

  it('never retries before Retry-After', () => {
    for (const r of [0, 0.5, 0.999]) expect(backoffMs(1, options, () => r, 1000)).toBeGreaterThanOrEqual(1000);
    expect(backoffMs(1, options, () => 0.999, 1000)).toBeLessThan(1250);
  });
});

describe('virtual time', () => {
  it('stands still while a task works and jumps to the next wake-up when all sleep', async () => {
    const timers = new VirtualTimers(new Date(NOW));
    const seen: string[] = [];
    const task = (name: string, waits: number[]) =>
      timers.spawn(async () => {
        for (const ms of waits) {
          await timers.sleep(ms);
          seen.push(`${name}@${timers.now().getTime() - NOW}`);
        }
      });
    await Promise.all([task('a', [1000, 1000]), task('b', [1500]), task('c', [0, 3000])]);
    expect(seen).toEqual(['c@0', 'a@1000', 'b@1500', 'a@2000', 'c@3000']);
  });

  it('an abort wakes a sleeper without moving the clock', async () => {
    const timers = new VirtualTimers(new Date(NOW));
    const stop = new AbortController();
    const sleeping = timers.spawn(async () => {
      await timers.sleep(60_000, stop.signal);
      return timers.now().getTime() - NOW;
    });
    const waker = timers.spawn(async () => {
      await timers.sleep(10);
      stop.abort();
    });
    await waker;
    expect(await sleeping).toBe(10);
  });
});
