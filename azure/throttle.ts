// Pacing on Resource Graph's quota headers. Azure answers every query with
// `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss); a
// client that waits for the reset when the quota runs out never sees a 429.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const QUOTA_REMAINING_HEADER = 'x-ms-user-quota-remaining';
export const QUOTA_RESETS_AFTER_HEADER = 'x-ms-user-quota-resets-after';

/** Milliseconds → "hh:mm:ss", rounded up to whole seconds so a client never waits too little. */
export function formatQuotaDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** "hh:mm:ss" (optionally with fractional seconds or a leading day count "d.hh:mm:ss") → milliseconds; null when unreadable. */
export function parseQuotaDuration(text: string | undefined | null): number | null {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h)) * 3600 + Number(min) * 60 + Number(s)) * 1000;
}

export interface Timers {
  /** Monotonic milliseconds (elapsed time, not the wall clock). */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Shares one user quota between concurrent queries. While the remaining count is
 * unknown (at start, or after a reset) a single request probes; its answer tells
 * how many may follow. When the count reaches zero, requests wait out the reset.
 */
export class QuotaGate {
  private remaining: number | null = null;
  private resetAt = 0;
  private inFlight = 0;
  private wake: (() => void)[] = [];

  constructor(private readonly timers: Timers) {}

  /** Waits for a slot; resolves with the milliseconds spent waiting for a quota reset. */
  async acquire(signal?: AbortSignal): Promise<number> {
    let waitedMs = 0;
    for (;;) {
      signal?.throwIfAborted();
      if (this.remaining !== null && this.remaining <= 0) {
        const wait = this.resetAt - this.timers.now();
        if (wait > 0) {
          await this.timers.sleep(wait, signal);
          waitedMs += wait;
          continue;
        }
        this.remaining = null;
      }
      if (this.remaining === null) {
        if (this.inFlight > 0) {
          await new Promise<void>((resolve) => this.wake.push(resolve));
          continue;
        }
      } else {
        this.remaining -= 1;
      }
      this.inFlight += 1;
      return waitedMs;
    }
  }

  /** Records the quota headers of an answer (or their absence) and lets waiting requests re-check. */
  settle(remaining: number | null, resetsAfterMs: number | null): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (remaining !== null) {
      // Answers can arrive out of order: trust the smaller count until a reset.
      this.remaining = this.remaining === null ? remaining : Math.min(this.remaining, remaining);
      if (resetsAfterMs !== null) this.resetAt = Math.max(this.resetAt, this.timers.now() + resetsAfterMs);
    }
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }
}

/**
 * A per-retry pipeline policy that puts every Resource Graph attempt (retries
 * included) through the gate. `onWait` reports time spent waiting on the quota.
 */
export function quotaGatePolicy(gate: QuotaGate, onWait: (ms: number) => void): PipelinePolicy {
  return {
    name: 'vigilQuotaGate',
    async sendRequest(request, next) {
      const waited = await gate.acquire(request.abortSignal as AbortSignal | undefined);
      if (waited > 0) onWait(waited);
      let response: Awaited<ReturnType<typeof next>> | undefined;
      try {
        response = await next(request);
        return response;
      } finally {
        const remainingText = response?.headers.get(QUOTA_REMAINING_HEADER);
        const remaining = remainingText === undefined ? null : Number.parseInt(remainingText, 10);
        gate.settle(
          remaining === null || Number.isNaN(remaining) ? null : remaining,
          parseQuotaDuration(response?.headers.get(QUOTA_RESETS_AFTER_HEADER)),
        );
      }
    },
  };
}
