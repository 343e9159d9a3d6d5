// Resource Graph's per-user query quota as a sliding window: a query is let in
// when fewer than `limit` were let in during the last `windowMs`.
import { formatQuotaDuration } from '../../throttle.js';
import type { QuotaSettings } from '../faults.js';

export interface QuotaDecision {
  allowed: boolean;
  /** Headers Azure sends on every Resource Graph answer, 429s included. */
  headers: Record<string, string>;
  /** When refused: whole seconds until a query would be let in. */
  retryAfterSeconds: number;
}

export class SlidingQuota {
  private granted: number[] = [];

  constructor(
    private readonly settings: () => QuotaSettings,
    private readonly nowMs: () => number,
  ) {}

  tryTake(): QuotaDecision {
    const { limit, windowMs } = this.settings();
    const now = this.nowMs();
    this.granted = this.granted.filter((t) => t > now - windowMs);
    const allowed = this.granted.length < limit;
    if (allowed) this.granted.push(now);
    const remaining = Math.max(0, limit - this.granted.length);
    const oldest = this.granted[0];
    const newest = this.granted[this.granted.length - 1];
    // "Resets after": until the whole window is free again, i.e. the full quota is back.
    const resetsAfterMs = newest === undefined ? 0 : newest + windowMs - now;
    const nextSlotMs = oldest === undefined ? 0 : oldest + windowMs - now;
    return {
      allowed,
      headers: {
        'x-ms-user-quota-remaining': String(remaining),
        'x-ms-user-quota-resets-after': formatQuotaDuration(resetsAfterMs),
      },
      retryAfterSeconds: Math.max(1, Math.ceil(nextSlotMs / 1000)),
    };
  }
}
