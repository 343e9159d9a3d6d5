// Teams' send limits as the worker enforces them: pure code, explicit times, no sleeping.

import { describe, expect, it } from 'vitest';
import {
  DeliveryLimits,
  earliestSchedule,
  SendLog,
  TEAMS_CONVERSATION_RULES,
  TEAMS_TENANT_RULES,
} from '../bot/delivery/rate-limit.js';
import { maxInWindow } from './delivery.harness.js';

/** Sends as fast as the limits allow, one after another, to one conversation. */
function pace(limits: DeliveryLimits, conversation: string, count: number, start = 0): number[] {
  const times: number[] = [];
  let now = start;
  for (let i = 0; i < count; i++) {
    now = limits.conversationReadyAt(conversation, now);
    now = limits.reserveTenant(now);
    limits.recordConversation(conversation, now);
    times.push(now);
  }
  return times;
}

describe('rate limits', () => {
  it('lets a burst of 7 go at once, then holds the 8th for a second and the 9th for two', () => {
    const times = pace(new DeliveryLimits({ marginMs: 0 }), 'c', 9);
    expect(times).toEqual([0, 0, 0, 0, 0, 0, 0, 1000, 2000]);
  });

  it('20 sends to one conversation: never more than 7 in any 1 s or 8 in any 2 s, as soon as allowed', () => {
    const times = pace(new DeliveryLimits({ marginMs: 0 }), 'c', 20);
    expect(maxInWindow(times, 1000)).toBe(7);
    expect(maxInWindow(times, 2000)).toBe(8);
    // 8 every 2 s, the 8th of each group a second after the other 7.
    expect(times.at(-1)).toBe(4000);
  });

  it('100 sends to one conversation: at most 60 in 30 s; the 61st waits for the first to leave the window', () => {
    const times = earliestSchedule(100, TEAMS_CONVERSATION_RULES);
    expect(maxInWindow(times, 30_000)).toBe(60);
    expect(times[59]).toBe(14_000);
    expect(times[60]).toBe(30_000);
    expect(times[99]).toBe(39_000);
    for (const [limit, window] of [
      [7, 1000],
      [8, 2000],
    ] as const) {
      expect(maxInWindow(times, window)).toBeLessThanOrEqual(limit);
    }
  });

  it('1,800 an hour: the 1,801st send waits for the hour to pass', () => {
    const times = earliestSchedule(1801, TEAMS_CONVERSATION_RULES);
    expect(maxInWindow(times, 3_600_000)).toBe(1800);
    expect(times[1800]).toBe(3_600_000);
  });

  it('keeps a margin on every window, for the network delays between us and Teams', () => {
    const times = pace(new DeliveryLimits({ marginMs: 25 }), 'c', 9);
    expect(times.slice(6)).toEqual([0, 1025, 2025]);
  });

  it('conversations do not slow each other down, but share the tenant’s 50 a second', () => {
    const limits = new DeliveryLimits({ marginMs: 0 });
    const slots = Array.from({ length: 60 }, (_, i) => {
      const conversation = `c${i % 30}`;
      const at = limits.reserveTenant(limits.conversationReadyAt(conversation, 0));
      limits.recordConversation(conversation, at);
      return at;
    });
    expect(slots.filter((t) => t === 0)).toHaveLength(50);
    expect(slots.filter((t) => t === 1000)).toHaveLength(10);
    expect(maxInWindow(slots, 1000)).toBe(50);
  });

  it('a 429 holds the conversation until Retry-After, and only that conversation', () => {
    const limits = new DeliveryLimits({ marginMs: 0 });
    limits.hold('throttled', 5_000);
    expect(limits.conversationReadyAt('throttled', 1_000)).toBe(5_000);
    expect(limits.conversationReadyAt('other', 1_000)).toBe(1_000);
    limits.hold('throttled', 2_000);
    expect(limits.conversationReadyAt('throttled', 1_000)).toBe(5_000);
  });

  it('forgets what no window can see any more', () => {
    const log = new SendLog(TEAMS_TENANT_RULES);
    for (let i = 0; i < 50; i++) log.record(0);
    expect(log.earliest(0)).toBe(1000);
    expect(log.idle(999)).toBe(false);
    expect(log.idle(1000)).toBe(true);
    log.record(5000);
    expect(log.earliest(5000)).toBe(5000);
  });

  it('refuses a rule that could never be met', () => {
    expect(() => new SendLog([{ limit: 0, windowMs: 1000 }])).toThrow(RangeError);
  });
});
