// Child process of the benchmark: fans new findings out to channels through the real outbox worker, the real
// botbuilder adapter and the connector stand-in over real HTTP, with a share of sends answered 429/5xx.
//
//   node dist/bench/delivery.js <simulated|real> <channels> <perChannel> [failureRate]
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
import type { OutboxPayload, Renderer } from '../bot/delivery/types.js';
import { startOutboxWorker } from '../bot/delivery/worker.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { conversationId, openStore } from '../store/index.js';
import { startConnector } from '../test/support/connector.js';

const [modeArg = 'simulated', channelsArg = '50', perChannelArg = '100', rateArg = '0.2'] = process.argv.slice(2);
const mode = modeArg === 'real' ? 'real' : 'simulated';
const channels = Number(channelsArg);
const perChannel = Number(perChannelArg);
const failureRate = Number(rateArg);
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
  seed: 7,
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
  tuning: { random: seeded(3) },
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
const byChannel = new Map<string, number[]>();
for (const c of activityCalls) {
  const list = byChannel.get(c.baseConversationId ?? '') ?? [];
  list.push(c.at);
  byChannel.set(c.baseConversationId ?? '', list);
}
const worstChannel = Object.fromEntries(
  TEAMS_CONVERSATION_RULES.map((r) => [
    `${r.limit}/${r.windowMs / 1000}s`,
    Math.max(...[...byChannel.values()].map((t) => maxInWindow(t, r.windowMs))),
  ]),
);
const tenantPeak = maxInWindow(
  activityCalls.map((c) => c.at),
  1000,
);

// The minimum the limits allow: every request counts against them, failed ones included.
const requestsPerChannel = [...byChannel.values()].map((t) => t.length);
const minimum = (perConversation: number[], requests: number) => {
  const conversationBound = Math.max(
    ...perConversation.map((n) => last(earliestSchedule(n, TEAMS_CONVERSATION_RULES))),
  );
  const tenantBound = last(earliestSchedule(requests, TEAMS_TENANT_RULES));
  return {
    conversationBound,
    tenantBound,
    bound: Math.max(conversationBound, tenantBound),
    achievable: greedyMakespan(perConversation),
  };
};
const faultFree = minimum(Array(channels).fill(perChannel), total);
const forThisRun = minimum(requestsPerChannel, activityCalls.length);

process.stdout.write(
  JSON.stringify({
    mode,
    channels,
    perChannel,
    failureRate,
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
    forThisRun,
    worstChannel,
    tenantPeak,
    stats: worker.stats(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
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

/** Sends to many conversations at once as early as both limits allow, fullest conversation first. */
function greedyMakespan(perConversation: number[]): number {
  const tenant = new SendLog(TEAMS_TENANT_RULES);
  const logs = perConversation.map(() => new SendLog(TEAMS_CONVERSATION_RULES));
  const left = [...perConversation];
  let end = 0;
  let remaining = left.reduce((a, b) => a + b, 0);
  while (remaining > 0) {
    let best = -1;
    let bestAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < logs.length; i++) {
      if (left[i]! === 0) continue;
      const at = logs[i]!.earliest(0);
      if (at < bestAt || (at === bestAt && left[i]! > left[best]!)) {
        best = i;
        bestAt = at;
      }
    }
    const at = tenant.earliest(bestAt);
    tenant.record(at);
    logs[best]!.record(at);
    left[best]! -= 1;
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
