// Teams' send limits, enforced before sending so the worker does not spend a 429 to find them.
// Sliding-window logs rather than refilling buckets: a bucket of 7 refilling at 7/s lets 14 through in one
// second, and Teams counts sends in any window, so only a log of send times keeps "never more than N in any
// W" exact. Pure: every method takes the time; nothing reads a clock or sleeps.

export interface WindowRule {
  /** At most this many sends… */
  limit: number;
  /** …in any window of this many milliseconds. */
  windowMs: number;
}

/** Per bot per conversation (REFERENCE.md): 7 / 1 s, 8 / 2 s, 60 / 30 s, 1,800 / hour. */
export const TEAMS_CONVERSATION_RULES: readonly WindowRule[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Per app per tenant: about 50 requests a second. */
export const TEAMS_TENANT_RULES: readonly WindowRule[] = [{ limit: 50, windowMs: 1_000 }];

/**
 * The send times of one key (a conversation, or the tenant), recorded in non-decreasing order.
 * `marginMs` widens every window a little: the connector sees a request some milliseconds after we start it,
 * and those delays vary, so two sends exactly one window apart here could land inside one window there.
 */
export class SendLog {
  private readonly times: number[] = [];
  private head = 0;
  private readonly longest: number;

  constructor(
    private readonly rules: readonly WindowRule[],
    private readonly marginMs = 0,
  ) {
    for (const r of rules) {
      if (!(Number.isInteger(r.limit) && r.limit >= 1 && r.windowMs > 0)) {
        throw new RangeError(`a rate rule needs a positive limit and window, got ${JSON.stringify(r)}`);
      }
    }
    this.longest = Math.max(0, ...rules.map((r) => r.windowMs)) + marginMs;
  }

  /** The earliest time at or after `at` when one more send keeps every rule. */
  earliest(at: number): number {
    const size = this.times.length - this.head;
    let t = at;
    if (size > 0) t = Math.max(t, this.times[this.times.length - 1]!);
    for (const rule of this.rules) {
      // The rule's window must not hold `limit` sends already: wait until the limit-th latest has left it.
      if (size >= rule.limit)
        t = Math.max(t, this.times[this.times.length - rule.limit]! + rule.windowMs + this.marginMs);
    }
    return t;
  }

  /** Records a send at `at` (never earlier than the last one recorded). */
  record(at: number): void {
    const last = this.times[this.times.length - 1];
    this.times.push(last !== undefined && at < last ? last : at);
    this.prune(at);
  }

  /** The latest send recorded, or null. */
  last(): number | null {
    return this.times.length > this.head ? this.times[this.times.length - 1]! : null;
  }

  /** True when nothing recorded still counts at `now` (the log can be dropped). */
  idle(now: number): boolean {
    const last = this.last();
    return last === null || now - last >= this.longest;
  }

  private prune(now: number): void {
    // Keep what the longest window still sees; compact now and then so the array does not grow forever.
    while (this.head < this.times.length && now - this.times[this.head]! >= this.longest) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}

export interface DeliveryLimitsOptions {
  conversation?: readonly WindowRule[];
  tenant?: readonly WindowRule[];
  /** See SendLog. Default 10 ms. */
  marginMs?: number;
}

/**
 * The limits one worker enforces: a log per conversation, one for the tenant, and any hold a 429 asked for.
 * Conversation keys are the base conversation (a channel's threads count against the channel), which is
 * stricter than Teams' per-thread limit and so never exceeds it.
 */
export class DeliveryLimits {
  private readonly conversations = new Map<string, SendLog>();
  private readonly holds = new Map<string, number>();
  private readonly tenant: SendLog;
  private readonly conversationRules: readonly WindowRule[];
  private readonly marginMs: number;
  private recorded = 0;

  constructor(options: DeliveryLimitsOptions = {}) {
    this.conversationRules = options.conversation ?? TEAMS_CONVERSATION_RULES;
    this.marginMs = options.marginMs ?? 10;
    this.tenant = new SendLog(options.tenant ?? TEAMS_TENANT_RULES, this.marginMs);
  }

  /** When the next send to `conversationId` may start, counting its own limits and any 429 hold. */
  conversationReadyAt(conversationId: string, now: number): number {
    const hold = this.holds.get(conversationId) ?? 0;
    const log = this.conversations.get(conversationId);
    return Math.max(now, hold, log ? log.earliest(now) : now);
  }

  /**
   * Takes the tenant's next free slot at or after `at` and returns its time. Slots are handed out in order,
   * so callers racing for the tenant's budget queue fairly instead of all waking at once.
   */
  reserveTenant(at: number): number {
    const slot = this.tenant.earliest(at);
    this.tenant.record(slot);
    return slot;
  }

  /** Records a send to `conversationId` starting at `at`. */
  recordConversation(conversationId: string, at: number): void {
    let log = this.conversations.get(conversationId);
    if (!log) {
      log = new SendLog(this.conversationRules, this.marginMs);
      this.conversations.set(conversationId, log);
    }
    log.record(at);
    if (++this.recorded % 1000 === 0) this.forgetIdle(at);
  }

  /** Teams said "not before `until`" for this conversation (429 Retry-After). */
  hold(conversationId: string, until: number): void {
    this.holds.set(conversationId, Math.max(until, this.holds.get(conversationId) ?? 0));
  }

  private forgetIdle(now: number): void {
    for (const [id, log] of this.conversations) if (log.idle(now)) this.conversations.delete(id);
    for (const [id, until] of this.holds) if (until <= now) this.holds.delete(id);
  }
}

/**
 * The earliest start times for `count` sends to one key under `rules`, sending as soon as each is allowed.
 * Greedy is optimal here: starting any send later can only delay the ones after it.
 */
export function earliestSchedule(count: number, rules: readonly WindowRule[], start = 0): number[] {
  const log = new SendLog(rules);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = log.earliest(start);
    log.record(t);
    out.push(t);
  }
  return out;
}
