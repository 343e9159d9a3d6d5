// The outbox worker: claims due messages, renders each from current state, and sends it to Teams through the
// real adapter, inside Teams' limits, retrying what can be retried and dead-lettering what cannot.
//
// Shape: one poll loop claims due rows (leased, so two workers or replicas never hold the same row) and hands
// them to lanes, one per conversation. A lane sends its conversation's messages one at a time, in claim
// order, after waiting for the conversation's limits and a tenant slot; lanes run side by side.
//
// Crash safety, honestly: delivery is at-least-once with a window of one HTTP round trip. A row is marked
// sent the moment the connector answers. If the process dies after Teams accepted a message and before that
// write commits (microseconds to milliseconds), or a send times out after Teams had in fact accepted it, the
// row is sent again once its lease expires: that conversation sees the message twice. Every other crash
// (before the send, or after the mark) neither loses nor duplicates. Rows are only sent while their lease
// has time left for one full send (timeout included), so a slow worker cannot race the next lease holder.
//
// Order: within one conversation, messages go in the order claimed, one at a time. A message that fails and
// is retried later steps out of line (the ones behind it go on); a 429 holds the whole conversation.

import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { OutboxMessage, OutboxPayload, Store } from '../../store/index.js';
import { parsePayload } from './payload.js';
import { DeliveryLimits, type DeliveryLimitsOptions } from './rate-limit.js';
import { handleBotRemoved } from './removed.js';
import { type BackoffOptions, backoffMs, classifySendError, DEFAULT_BACKOFF, type SendVerdict } from './retry.js';
import { sendThroughAdapter, UnusableReferenceError } from './send.js';
import { realTimers, type Timers } from './timers.js';
import type { Renderer } from './types.js';

export interface OutboxWorkerDeps {
  /** The bot's adapter (TeamsAdapter / CloudAdapter): sends use its auth and connector clients. */
  adapter: CloudAdapter;
  /** MicrosoftAppId ('' when auth is off). */
  appId: string;
  store: Store;
  logger: Logger;
  clock: () => Date;
  /** One renderer per payload kind: delivery's `basicRenderers` plus the finding card renderers. */
  renderers: Record<OutboxPayload['render'], Renderer>;
  /** Uses delivery.maxAttempts, delivery.leaseMs, roles.admins and alerts.defaultChannel. */
  config: Config;
  /** Identifies this worker's leases; default host:pid:random. */
  workerId?: string;
  /** Run the poll loop (default true). False = only drain() sends, for tests and the CLI. */
  poll?: boolean;
  tuning?: Partial<WorkerTuning>;
  /** Default: real time on `clock`. Virtual time makes pacing testable without waiting. */
  timers?: Timers;
}

export interface WorkerTuning {
  /** Poll interval when nothing kicks the worker (default 500 ms). */
  pollMs: number;
  /** Most messages claimed and not yet finished at once (default 100). */
  maxHeld: number;
  /** Per-request timeout (default min(15 s, leaseMs / 3)). */
  sendTimeoutMs: number;
  backoff: BackoffOptions;
  limits: DeliveryLimitsOptions;
  /** Jitter source (default Math.random). */
  random: () => number;
}

export interface WorkerStats {
  sent: number;
  /** Sends that failed and were scheduled again (each failure counts). */
  retried: number;
  dead: number;
  /** Conversations forgotten after 403 BotNotInConversationRoster. */
  removed: number;
  /** Rows handed back unsent because the wait would have outlasted their lease. */
  deferred: number;
  /** Rows whose renderer said there was nothing to send any more. */
  skipped: number;
  /** Sends whose row another worker had already marked sent (the at-least-once window). */
  alreadySent: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Sends everything due now (and whatever becomes due while it runs), then resolves. */
  drain(): Promise<void>;
  /** Something was enqueued: look now rather than at the next poll. */
  notify(): void;
  /** Finishes sends in flight, hands back claimed rows not yet sent, and stops polling. */
  stop(): Promise<void>;
  stats(): WorkerStats;
}

interface Lane {
  conversationId: string;
  queue: OutboxMessage[];
  task: Promise<void> | null;
}

export function startOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { store, config, renderers, adapter, appId } = deps;
  const timers = deps.timers ?? realTimers(deps.clock);
  const workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = deps.logger.child({ module: 'delivery', workerId });
  const leaseMs = config.delivery.leaseMs;
  const maxAttempts = config.delivery.maxAttempts;
  const tuning: WorkerTuning = {
    pollMs: 500,
    maxHeld: 100,
    sendTimeoutMs: Math.min(15_000, Math.floor(leaseMs / 3)),
    backoff: DEFAULT_BACKOFF,
    limits: {},
    random: Math.random,
    ...deps.tuning,
  };
  // A send may start only while its lease still covers the request's timeout plus the write that marks it.
  const startBudgetMs = tuning.sendTimeoutMs + Math.min(2_000, Math.floor(leaseMs / 10));
  const limits = new DeliveryLimits(tuning.limits);
  const lanes = new Map<string, Lane>();
  const stats: WorkerStats = { sent: 0, retried: 0, dead: 0, removed: 0, deferred: 0, skipped: 0, alreadySent: 0 };
  const stopping = new AbortController();
  // Every sleeping lane listens for stop(): one listener per conversation in flight is expected, not a leak.
  setMaxListeners(tuning.maxHeld + 10, stopping.signal);
  let wake = new AbortController();
  let held = 0;
  /** When rows this worker handed back fall due, so the loop wakes for them rather than at its next poll. */
  const retryTimes: number[] = [];
  const expectRetry = (at: number) => {
    retryTimes.push(at);
    retryTimes.sort((a, b) => a - b);
  };

  const nowMs = () => timers.now().getTime();

  const notify = () => {
    wake.abort();
    wake = new AbortController();
  };

  /** Claims as many due rows as there is room for and gives them to their lanes. */
  async function claim(): Promise<number> {
    const room = tuning.maxHeld - held;
    if (room <= 0 || stopping.signal.aborted) return 0;
    const rows = await store.outbox.claimDue({ workerId, leaseMs, limit: room, now: timers.now() });
    for (const row of rows) {
      held += 1;
      let lane = lanes.get(row.conversationId);
      if (!lane) {
        lane = { conversationId: row.conversationId, queue: [], task: null };
        lanes.set(row.conversationId, lane);
      }
      lane.queue.push(row);
      if (!lane.task) lane.task = startLane(lane);
    }
    return rows.length;
  }

  function startLane(lane: Lane): Promise<void> {
    return timers.spawn(async () => {
      try {
        while (lane.queue.length > 0) {
          const message = lane.queue.shift()!;
          try {
            if (stopping.signal.aborted) await handBack(message, 'the worker stopped before sending it');
            else await deliver(message);
          } catch (err) {
            // The store failed us: the row stays leased and is retried when the lease expires.
            log.error({ err, ...idsOf(message) }, 'could not record the outcome of a send; the lease will expire');
          } finally {
            held -= 1;
            // Half the room is free again: let the poll loop claim more rather than wait for its next tick.
            if (held === Math.floor(tuning.maxHeld / 2)) notify();
          }
        }
      } finally {
        lane.task = null;
        lanes.delete(lane.conversationId);
        notify();
      }
    });
  }

  async function deliver(message: OutboxMessage): Promise<void> {
    const ids = idsOf(message);
    const parsed = parsePayload(message.payload);
    if (!parsed.ok) return fail(message, { kind: 'dead', status: null, reason: `unreadable payload: ${parsed.error}` });
    const conversation = await store.conversations.get(message.conversationId);
    if (conversation === null) {
      return fail(message, {
        kind: 'dead',
        status: null,
        reason: 'conversation unknown: Vigil was removed from it or never added there',
      });
    }
    const latestStart = Date.parse(message.leaseUntil ?? '') - startBudgetMs;

    // 1. The conversation's own limits (and any 429 hold).
    const readyAt = limits.conversationReadyAt(message.conversationId, nowMs());
    if (readyAt > latestStart) return defer(message, readyAt, 'the conversation is at its rate limit');
    await sleepUntil(readyAt);
    if (stopping.signal.aborted) return handBack(message, 'the worker stopped before sending it');

    // 2. Render from current state, as late as possible.
    const render = renderers[parsed.payload.render] as Renderer | undefined;
    if (!render)
      return fail(message, { kind: 'dead', status: null, reason: `no renderer for "${parsed.payload.render}"` });
    let activity: Awaited<ReturnType<Renderer>>;
    try {
      activity = await render(parsed.payload, {
        conversationId: message.conversationId,
        now: timers.now(),
      });
    } catch (err) {
      log.error({ err, ...ids }, 'rendering failed');
      return fail(message, {
        kind: 'retry',
        status: null,
        retryAfterMs: null,
        reason: `render failed: ${String(err)}`,
      });
    }
    if (activity === null) {
      stats.skipped += 1;
      await store.outbox.markSent(message.id, null);
      log.info(ids, 'nothing to send any more (renderer returned null); marked done');
      return;
    }

    // 3. A tenant slot.
    const slot = limits.reserveTenant(nowMs());
    if (slot > latestStart) return defer(message, slot, 'the tenant is at its rate limit');
    await sleepUntil(slot);

    // 4. Send, and record it the moment Teams answers. The conversation's windows count from the answer, the
    // latest moment Teams can have seen the request: however long it spent on the way, the next send cannot
    // land inside a window it should not (the tenant's approximate limit counts from the start, plus a margin).
    let activityId: string | null;
    try {
      const outcome = await sendThroughAdapter(
        adapter,
        appId,
        {
          kind: message.kind,
          conversationId: message.conversationId,
          activityId: message.activityId,
          serviceUrl: conversation.serviceUrl,
          reference: conversation.reference,
        },
        activity,
        tuning.sendTimeoutMs,
      );
      activityId = outcome.activityId;
    } catch (err) {
      limits.recordConversation(message.conversationId, nowMs());
      if (err instanceof UnusableReferenceError) {
        return fail(message, { kind: 'dead', status: null, reason: err.message });
      }
      return fail(message, classifySendError(err, nowMs()));
    }
    limits.recordConversation(message.conversationId, nowMs());
    const marked = await store.outbox.markSent(message.id, activityId);
    if (marked) {
      stats.sent += 1;
      log.debug({ ...ids, activityId }, 'sent');
    } else {
      stats.alreadySent += 1;
      log.warn({ ...ids, activityId }, 'sent a message another worker had already sent (lease expired mid-send)');
    }
  }

  async function fail(message: OutboxMessage, verdict: SendVerdict): Promise<void> {
    const ids = idsOf(message);
    const now = nowMs();
    if (verdict.kind === 'retry' && message.attempts < maxAttempts) {
      const delay = backoffMs(message.attempts, tuning.backoff, tuning.random, verdict.retryAfterMs);
      // A 429 is about the conversation: everything else for it waits too.
      if (verdict.status === 429) limits.hold(message.conversationId, now + (verdict.retryAfterMs ?? delay));
      const retryAt = now + delay;
      if (await store.outbox.markFailed(message.id, workerId, verdict.reason, { retryAt: new Date(retryAt) })) {
        stats.retried += 1;
        expectRetry(retryAt);
        log.warn(
          { ...ids, status: verdict.status, retryInMs: delay, error: verdict.reason },
          'send failed; will retry',
        );
      } else {
        log.warn({ ...ids }, 'send failed, but the lease was lost meanwhile; the new holder decides');
      }
      return;
    }
    const reason =
      verdict.kind === 'retry' ? `gave up after ${message.attempts} attempts: ${verdict.reason}` : verdict.reason;
    if (await store.outbox.markFailed(message.id, workerId, reason, { dead: true })) {
      stats.dead += 1;
      log.error({ ...ids, status: verdict.status, error: reason }, 'message dead-lettered');
    }
    if (verdict.kind === 'removed') {
      const result = await handleBotRemoved({ store, config, logger: log }, message.conversationId);
      if (result.removed) {
        stats.removed += 1;
        notify();
      }
    }
  }

  /** The wait would outlast the lease: hand the row back with its retry time rather than risk two senders. */
  async function defer(message: OutboxMessage, at: number, why: string): Promise<void> {
    if (await store.outbox.markFailed(message.id, workerId, `deferred: ${why}`, { retryAt: new Date(at) })) {
      stats.deferred += 1;
      expectRetry(at);
      log.info({ ...idsOf(message), retryAt: new Date(at).toISOString() }, `deferred: ${why}`);
    }
  }

  async function handBack(message: OutboxMessage, why: string): Promise<void> {
    await store.outbox.markFailed(message.id, workerId, `not sent: ${why}`, { retryAt: timers.now() });
  }

  async function sleepUntil(at: number): Promise<void> {
    const ms = at - nowMs();
    if (ms > 0) await timers.sleep(ms, stopping.signal);
  }

  async function drain(): Promise<void> {
    for (;;) {
      const claimed = await claim();
      const running = [...lanes.values()].map((l) => l.task).filter((t) => t !== null);
      if (claimed === 0 && running.length === 0) return;
      await Promise.all(running);
    }
  }

  const loop =
    deps.poll === false
      ? Promise.resolve()
      : timers.spawn(async () => {
          while (!stopping.signal.aborted) {
            try {
              await claim();
            } catch (err) {
              log.error({ err }, 'claiming due messages failed; trying again at the next poll');
            }
            // Sleep until the next poll, a retry falling due, a notify(), or lanes freeing room.
            const now = nowMs();
            while (retryTimes.length > 0 && retryTimes[0]! <= now) retryTimes.shift();
            const untilRetry = (retryTimes[0] ?? Number.POSITIVE_INFINITY) - now;
            const wait = Math.max(0, Math.min(tuning.pollMs, untilRetry));
            if (wait > 0) await timers.sleep(wait, wake.signal);
          }
        });

  let stopped: Promise<void> | null = null;
  return {
    workerId,
    drain,
    notify,
    stats: () => ({ ...stats }),
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        notify();
        await loop;
        await Promise.all([...lanes.values()].map((l) => l.task));
        log.info(stats, 'outbox worker stopped');
      })();
      return stopped;
    },
  };
}

function idsOf(m: OutboxMessage) {
  return {
    outboxId: m.id,
    conversationId: m.conversationId,
    kind: m.kind,
    attempt: m.attempts,
    dedupeKey: m.dedupeKey,
  };
}
