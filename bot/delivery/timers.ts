// Time for the outbox worker, injectable so its pacing can be tested and benchmarked without waiting.
// The worker does all its waiting through `sleep` and starts every concurrent task through `spawn`: real time
// ignores `spawn`; virtual time uses it to know when every task is asleep, and only then moves the clock.

export interface Timers {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts. Never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs a concurrent task (a conversation's lane, the poll loop). */
  spawn<T>(task: () => Promise<T>): Promise<T>;
}

export function realTimers(clock: () => Date): Timers {
  return {
    now: clock,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(done, Math.max(0, ms));
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
    spawn: (task) => task(),
  };
}

/**
 * Virtual time for benchmarks: the clock stands still while any spawned task is running (sending over real
 * HTTP, writing the store) and jumps to the next wake-up once every task is asleep. Real I/O therefore takes
 * no virtual time, and pacing waits take no real time; limits are still enforced against the virtual clock.
 * Only spawned tasks may sleep, and a spawned task must not wait on other tasks (it would count as awake
 * and hold the clock still): await the worker's drain() from outside, not inside spawn().
 */
export class VirtualTimers implements Timers {
  private current: number;
  private awake = 0;
  private readonly sleepers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  private checking = false;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now = (): Date => new Date(this.current);

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const sleeper = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        wake: () => {
          const i = this.sleepers.indexOf(sleeper);
          if (i < 0) return;
          this.sleepers.splice(i, 1);
          signal?.removeEventListener('abort', sleeper.wake);
          this.awake += 1;
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
      this.awake -= 1;
      this.schedule();
    });
  };

  spawn = async <T>(task: () => Promise<T>): Promise<T> => {
    this.awake += 1;
    try {
      return await task();
    } finally {
      this.awake -= 1;
      this.schedule();
    }
  };

  /** Moves the clock to the earliest wake-up once nothing is awake (checked after pending I/O callbacks). */
  private schedule(): void {
    if (this.checking) return;
    this.checking = true;
    setImmediate(() => {
      this.checking = false;
      if (this.awake > 0 || this.sleepers.length === 0) return;
      // Everyone due at the same instant wakes together, so lanes still run side by side in virtual time.
      const at = Math.min(...this.sleepers.map((s) => s.at));
      this.current = Math.max(this.current, at);
      const due = this.sleepers.filter((s) => s.at <= this.current).sort((a, b) => a.seq - b.seq);
      for (const s of due) s.wake();
    });
  }
}
