// Child process of the benchmark: fans new findings out to channels through the real outbox worker, the real
// botbuilder adapter and the connector stand-in over real HTTP, with a share of sends answered 429/5xx.
//
//   node dist/bench/delivery.js <simulated|real> <channels> <perChannel> [failureRate] [seed]
//
// Teams' limits make the full run (5,000 messages) take two minutes or more of wall time, so "simulated" runs
// the same worker on virtual time (bot/delivery/timers.ts): every HTTP call and store write really happens,
// but waits for rate limits and back-off take no wall time, and all times reported are virtual. "real" runs
// on the wall clock. Prints one JSON object.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot } from '../bot/app.js';
import { basicRenderers } from '../bot/delivery/payload.js';
import { earliestSchedule, SendLog, TEAMS_CONVERSATION_RULES, TEAMS_TENANT_RULES } from '../bot/delivery/rate-limit.js';
import { realTimers, type Timers, VirtualTimers } from '../bot/delivery/timers.js';
import type { Renderer } from '../bot/delivery/types.js';
import { startOutboxWorker, type WorkerStats } from '../bot/delivery/worker.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { conversationId, type OutboxPayload, openStore } from '../store/index.js';
import { startConnector } from '../test/support/connector.js';

const [modeArg = 'simulated', channelsArg = '50', perChannelArg = '100', rateArg = '0.2', seedArg = '3'] =
  process.argv.slice(2);
const mode = modeArg === 'real' ? 'real' : 'simulated';
const channels = Number(channelsArg);
const perChannel = Number(perChannelArg);
const failureRate = Number(rateArg);
const seed = Number(seedArg);
const total = channels * perChannel;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const start = new Date('2026-11-23T10:42:00.000Z');
const timers: Timers = mode === 'real' ? realTimers(() => new Date()) : new VirtualTimers(start);
const nowMs = () => timers.now().getTime();
const logger = createLogger('silent');
const file = join(mkdtempSync(join(tmpdir(), 'vigil-bench-delivery-')), 'vigil.db');
const config = loadConfig({ VIGIL_DB: file });
const store = await openStore({ file, logger, clock: timers.now });
const connector = await startConnector({ now: nowMs });
// Half the failures are throttling (429, Retry-After 1 s), half server/gateway errors.
connector.failRandomly({
  rate: failureRate,
  seed,
  faults: [{ status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 }, { status: 502 }, { status: 504 }],
});
const bot = createBot({ config, logger, clock: timers.now, store });

// 50 channels Vigil was added to, as the bot stores them from an inbound activity.
const channelIds = Array.from({ length: channels }, (_, i) => conversationId(`19:bench-${i}@thread.tacv2`));
for (const id of channelIds) {
  await store.conversations.upsertConversationRef({
    conversationId: id,
    type: 'channel',
    tenantId: TENANT,
    teamId: '19:bench-team@thread.tacv2',
    channelId: id,
    serviceUrl: connector.url,
    userAadObjectId: null,
    reference: {
      activityId: '1',
      user: { id: '29:1-someone', name: 'Sam Reader', aadObjectId: '0b5f2d47-0000-4000-8000-000000000001' },
      bot: { id: '28:vigil-bot', name: 'Vigil' },
      conversation: { id, conversationType: 'channel', tenantId: TENANT, isGroup: true },
      channelId: 'msteams',
      locale: 'en-GB',
      serviceUrl: connector.url,
    },
  });
}

// New findings in poll order, each routed to one channel: a seeded shuffle gives every channel exactly
// `perChannel` of them, interleaved the way a fan-out across zones interleaves them.
const route = shuffle(
  Array.from({ length: total }, (_, i) => i % channels),
  42,
);
const enqueueStarted = performance.now();
await store.transaction(async (tx) => {
  for (let f = 0; f < total; f++) {
    const channel = channelIds[route[f]!]!;
    const payload: OutboxPayload = { render: 'finding-alert', findingId: f + 1 };
    await tx.outbox.enqueue({
      dedupeKey: `finding:${f + 1}:alert:${channel}`,
      conversationId: channel,
      kind: 'send',
      payload,
    });
  }
});
const enqueueMs = performance.now() - enqueueStarted;

const renderers: Record<OutboxPayload['render'], Renderer> = {
  ...basicRenderers,
  'finding-alert': async (p) => (p.render === 'finding-alert' ? alertActivity(p.findingId) : null),
  'finding-summary': async () => null,
  'prompt-anomaly': async () => null,
  review: async () => null,
};

const wallStarted = performance.now();
const startedAt = nowMs();
const worker = startOutboxWorker({
  adapter: bot.adapter,
  appId: '',
  store,
  logger,
  clock: timers.now,
  renderers,
  config,
  timers,
  workerId: 'bench',
  // Seeded jitter, so a run's figures repeat.
  tuning: { random: seeded(seed + 1) },
});
worker.notify();
await timers.spawn(async () => {
  for (;;) {
    const counts = await store.outbox.counts();
    if (counts.sent + counts.dead >= total) return;
    await timers.sleep(200);
  }
});
const wallMs = performance.now() - wallStarted;
await worker.stop();
const counts = await store.outbox.counts();

// What the connector saw.
const activityCalls = connector.calls.filter((c) => c.op === 'send');
const delivered = activityCalls.filter((c) => c.status >= 200 && c.status < 300);
const findingsSeen = new Map<string, number>();
for (const c of delivered) {
  const key = `${c.conversationId}|${findingOf(c.body)}`;
  findingsSeen.set(key, (findingsSeen.get(key) ?? 0) + 1);
}
const duplicates = [...findingsSeen.values()].reduce((n, k) => n + (k - 1), 0);
const lastDelivered = Math.max(...delivered.map((c) => c.at));
const totalMs = lastDelivered - startedAt;

// The limits, checked on the connector's own timestamps.
const byChannel = new Map<string, { at: number; status: number }[]>();
for (const c of activityCalls) {
  const list = byChannel.get(c.baseConversationId ?? '') ?? [];
  list.push({ at: c.at, status: c.status });
  byChannel.set(c.baseConversationId ?? '', list);
}
const worstChannel = Object.fromEntries(
  TEAMS_CONVERSATION_RULES.map((r) => [
    `${r.limit}/${r.windowMs / 1000}s`,
    Math.max(
      ...[...byChannel.values()].map((calls) =>
        maxInWindow(
          calls.map((c) => c.at),
          r.windowMs,
        ),
      ),
    ),
  ]),
);
const tenantPeak = maxInWindow(
  activityCalls.map((c) => c.at),
  1000,
);

// The minimum the limits allow. Every request counts against them, failed ones included, and a 429's
// Retry-After (1 s here) holds its conversation whoever sends; back-off after a 5xx is our choice, not a limit,
// so it is not in the minimum. The lower bound is the larger of the busiest conversation alone and the tenant
// alone; the greedy schedule (each request as early as both allow) shows it is reached.
const nominal = Array.from({ length: channels }, () => Array<number>(perChannel).fill(201));
const actual = [...byChannel.values()].map((calls) => calls.map((c) => c.status));
const faultFree = minimum(nominal);
const thisRun = minimum(actual);
const result: DeliveryBenchResult = {
  mode,
  channels,
  perChannel,
  failureRate,
  seed,
  enqueued: total,
  enqueueMs,
  delivered: findingsSeen.size,
  duplicates,
  dead: counts.dead,
  requests: activityCalls.length,
  answered: countBy(activityCalls.map((c) => String(c.status))),
  totalMs,
  wallMs,
  faultFree,
  thisRun,
  worstChannel,
  tenantPeak,
  stats: worker.stats(),
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(JSON.stringify(result));
await connector.close();
await store.close();

/** A card about the size of a real alert card (~2 KB): title, facts, recommendation, actions. */
function alertActivity(findingId: number) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [
            { type: 'TextBlock', text: `Finding ${findingId}`, weight: 'Bolder', size: 'Large', wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Severity', value: 'High' },
                {
                  title: 'Resource',
                  value: `/subscriptions/0000/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/oai-${findingId}`,
                },
                { title: 'Zone', value: '3' },
                { title: 'Owner', value: 'dana.ortiz@contoso.example' },
                { title: 'SLA due', value: '2026-11-26 10:42 UTC (3 d left)' },
              ],
            },
            {
              type: 'TextBlock',
              wrap: true,
              text: 'Azure AI Services resources should restrict network access. Disable public network access or configure private endpoints and network rules so that only approved networks can reach the resource.',
            },
          ],
          actions: ['Acknowledge', 'Assign', 'Snooze', 'Set ETA', 'History'].map((title) => ({
            type: 'Action.Execute',
            title,
            verb: `finding.${title.toLowerCase().replace(/\s+/g, '-')}`,
            data: { findingId, version: 1 },
          })),
        },
      },
    ],
  };
}

function findingOf(body: unknown): string {
  const b = body as { attachments?: { content?: { body?: { text?: string }[] } }[] } | null;
  return b?.attachments?.[0]?.content?.body?.[0]?.text ?? '?';
}

/** What the child prints (one JSON object). Times in ms; virtual ones when mode is "simulated". */
export interface DeliveryBenchResult {
  mode: 'simulated' | 'real';
  channels: number;
  perChannel: number;
  failureRate: number;
  seed: number;
  enqueued: number;
  enqueueMs: number;
  /** Distinct (conversation, finding) pairs that reached the connector. */
  delivered: number;
  /** Successful sends beyond the first for the same (conversation, finding). */
  duplicates: number;
  dead: number;
  requests: number;
  answered: Record<string, number>;
  /** First send opportunity to the last delivered message, on the worker's clock. */
  totalMs: number;
  /** Wall time the run took. */
  wallMs: number;
  faultFree: Minimum;
  thisRun: Minimum;
  /** Most requests one channel got in any window of each rule, by the connector's timestamps. */
  worstChannel: Record<string, number>;
  /** Most requests the tenant made in any 1 s. */
  tenantPeak: number;
  stats: WorkerStats;
  maxRssMb: number;
}

export interface Minimum {
  requests: number;
  /** The busiest conversation alone (its own windows and Retry-After holds). */
  conversationBound: number;
  /** The tenant alone (50 a second). */
  tenantBound: number;
  /** The larger of the two: no sender can finish sooner. */
  lowerBound: number;
  /** Each request as early as both allow, conversations with most left first. */
  greedy: number;
}

/** `outcomes[c]` = the statuses conversation c's requests got, in order. Times are ms from the first send. */
function minimum(outcomes: number[][]): Minimum {
  const requests = outcomes.reduce((n, o) => n + o.length, 0);
  const conversationBound = Math.max(0, ...outcomes.map((o) => schedule([o])));
  const tenantBound = last(earliestSchedule(requests, TEAMS_TENANT_RULES));
  return {
    requests,
    conversationBound,
    tenantBound,
    lowerBound: Math.max(conversationBound, tenantBound),
    greedy: schedule(outcomes, true),
  };
}

/** When the last request can start if each goes as early as the limits (and any 429 hold) allow. */
function schedule(outcomes: number[][], withTenant = false): number {
  const tenant = new SendLog(TEAMS_TENANT_RULES);
  const logs = outcomes.map(() => new SendLog(TEAMS_CONVERSATION_RULES));
  const next = outcomes.map(() => 0);
  const holdUntil = outcomes.map(() => 0);
  let remaining = outcomes.reduce((n, o) => n + o.length, 0);
  let end = 0;
  while (remaining > 0) {
    let best = -1;
    let bestAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < outcomes.length; i++) {
      const left = outcomes[i]!.length - next[i]!;
      if (left === 0) continue;
      const at = Math.max(holdUntil[i]!, logs[i]!.earliest(0));
      const bestLeft = best < 0 ? -1 : outcomes[best]!.length - next[best]!;
      if (at < bestAt || (at === bestAt && left > bestLeft)) {
        best = i;
        bestAt = at;
      }
    }
    const at = withTenant ? tenant.earliest(bestAt) : bestAt;
    if (withTenant) tenant.record(at);
    logs[best]!.record(at);
    if (outcomes[best]![next[best]!] === 429) holdUntil[best] = at + 1000;
    next[best]! += 1;
    remaining -= 1;
    end = Math.max(end, at);
  }
  return end;
}

function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

function last(xs: number[]): number {
  return xs.length === 0 ? 0 : xs[xs.length - 1]!;
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const random = seeded(seed);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
