// The findings poll against the demo tenant through the real Azure sources and a real SQLite store, told
// as one day and a half of the demo estate: findings appear (some critical), the poll queues one alert per
// routed conversation per new occurrence, a burst becomes a summary, quiet hours hold non-critical cards,
// a fix resolves the occurrence and queues updates for its cards, and a finding that comes back is alerted
// again. Re-running a cycle (a restart, another replica) queues nothing twice; when Azure cannot be asked
// the run fails and the watermark stays.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenantAccess } from '../azure/demo/credential.js';
import type { ArgRow } from '../azure/demo/types.js';
import { SourcesUnavailableError } from '../azure/errors.js';
import { AI_PROVIDER_MARKERS } from '../azure/queries.js';
import { createAzureSources } from '../azure/sources.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { FINDINGS_WATERMARK, type FindingsPollResult, findingsPollJob } from '../jobs/findings-poll.js';
import { runSlot } from '../jobs/runner.js';
import { DEFAULT_ROUTE_FILTER, type FindingsRouteFilter, routeFilterJson } from '../posture/alerting.js';
import { Estate } from '../posture/estate.js';
import {
  type ConversationRefInput,
  conversationId,
  type FindingRecord,
  findingId,
  type OutboxMessage,
} from '../store/index.js';
import { startTestVigil, TEST_NOW, type TestVigil } from './support/vigil.js';

const logger = createLogger('silent');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const SOC_ROOM = '19:soc-alerts@thread.tacv2'; // critical findings (the default filter)
const ALL_ROOM = '19:ai-platform@thread.tacv2'; // `all`: every new finding
const NIGHT_ROOM = '19:apac-night@thread.tacv2'; // `all`, quiet 22:00–07:00 in Auckland
const ZONE3_ROOM = '19:regulated@thread.tacv2'; // critical findings in zone 3
const DEFAULT_ROOM = '19:default-alerts@thread.tacv2'; // config.alerts.defaultChannel
const AUCKLAND_QUIET = { start: '22:00', end: '07:00', timeZone: 'Pacific/Auckland' };
/** 07:00 in Auckland on 24 November (UTC+13): when the night room's non-critical cards of 23 November may go. */
const AUCKLAND_MORNING = '2026-11-23T18:00:00.000Z';

let vigil: TestVigil;
let config: Config;
let personalChat: Map<string, string>;

const channel = (id: string): ConversationRefInput => ({
  conversationId: conversationId(id),
  type: 'channel',
  tenantId: 'tenant',
  teamId: '19:team@thread.tacv2',
  channelId: id,
  serviceUrl: 'https://smba.example.invalid/emea/',
  reference: { conversation: { id } },
  userAadObjectId: null,
});

/** The tests poll far more often than Vigil would; Resource Graph's real quota would only make them wait. */
const roomyQuota = () => {
  vigil.connected.demo!.tenant.faults.quota = { limit: 1_000, windowMs: 5_000 };
};

beforeAll(async () => {
  vigil = await startTestVigil();
  roomyQuota();
  const { store } = vigil;
  config = { ...vigil.config, alerts: { ...vigil.config.alerts, defaultChannel: DEFAULT_ROOM } };
  for (const id of [SOC_ROOM, ALL_ROOM, NIGHT_ROOM, ZONE3_ROOM, DEFAULT_ROOM]) {
    await store.conversations.upsertConversationRef(channel(id));
  }
  const route = (id: string, filter: Partial<FindingsRouteFilter>) =>
    store.subscriptions.add({
      conversationId: conversationId(id),
      topic: 'findings',
      filter: routeFilterJson({ ...DEFAULT_ROUTE_FILTER, ...filter }),
      createdBy: 'dana.ortiz@contoso.com',
    });
  await route(SOC_ROOM, {});
  await route(ALL_ROOM, { criticalOnly: false });
  await route(NIGHT_ROOM, { criticalOnly: false, quiet: AUCKLAND_QUIET });
  await route(ZONE3_ROOM, { zones: [3] });
  // Everyone in the demo has the app installed personally, so owners get their copies.
  personalChat = new Map();
  for (const p of vigil.connected.demo!.estate.people) {
    const id = `a:personal-${p.objectId}`;
    personalChat.set(p.upn.toLowerCase(), id);
    await store.conversations.upsertConversationRef({
      ...channel(id),
      type: 'personal',
      teamId: null,
      channelId: null,
      userAadObjectId: p.objectId,
      userUpn: p.upn,
    });
  }
});

afterAll(async () => {
  await vigil?.stop();
});

// ---------------------------------------------------------------------------------------------------------
// Helpers

function jobWith(alerts: Partial<Config['alerts']> = {}) {
  return findingsPollJob({
    store: vigil.store,
    sources: vigil.connected.sources,
    config: { ...config, alerts: { ...config.alerts, ...alerts } },
    logger,
  });
}

async function poll(at: Date, job = jobWith()): Promise<FindingsPollResult> {
  vigil.setNow(at);
  const outcome = await runSlot(job, at, { store: vigil.store, logger, owner: 'test-replica' });
  if (!outcome.ran) throw new Error('slot already claimed');
  return outcome.result;
}

const outboxCount = async () =>
  Number(
    (
      await vigil.store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const alertsOf = (findingId: number): Promise<OutboxMessage[]> =>
  vigil.store.outbox.listByDedupePrefix(`finding:${findingId}:alert:`);

const assessments = (at: Date): ArgRow[] =>
  vigil.connected.demo!.estate.at(at).securityResources.filter((r) => {
    if (r.type !== 'microsoft.security/assessments') return false;
    const details = (r.properties.resourceDetails ?? {}) as { Id?: string; id?: string };
    const resource = (details.Id ?? details.id ?? '').toLowerCase();
    return AI_PROVIDER_MARKERS.some((m) => resource.includes(m));
  });

const statusOf = (r: ArgRow) => r.properties.status as { code: string; cause?: string; statusChangeDate?: string };

/** Assessments the demo made unhealthy in (after, upTo]: what a poll at `upTo` must find new. */
function turnedUnhealthy(after: Date, upTo: Date): Set<string> {
  return new Set(
    assessments(upTo)
      .filter((r) => {
        const s = statusOf(r);
        const at = s.statusChangeDate ? Date.parse(s.statusChangeDate) : Number.NaN;
        return s.code === 'Unhealthy' && s.cause !== 'Exempt' && at > after.getTime() && at <= upTo.getTime();
      })
      .map((r) => r.id.toLowerCase()),
  );
}

/** Occurrences first seen by the poll at `at` (the store stamps first_seen_at with its clock). */
async function firstSeenAt(at: Date): Promise<FindingRecord[]> {
  const rows = await vigil.store.db
    .selectFrom('findings')
    .select('id')
    .where('first_seen_at', '=', at.toISOString())
    .orderBy('id')
    .execute();
  const out: FindingRecord[] = [];
  for (const r of rows) {
    const f = await vigil.store.findings.get(findingId(r.id));
    if (f) out.push(f);
  }
  return out;
}

/** Where a new occurrence must be alerted, given the routes set up above. */
function expectedRooms(f: FindingRecord): string[] {
  const rooms = [ALL_ROOM, NIGHT_ROOM];
  if (f.critical) rooms.push(SOC_ROOM, DEFAULT_ROOM);
  if (f.critical && f.zone === 3) rooms.push(ZONE3_ROOM);
  const chat = f.critical && f.owner ? personalChat.get(f.owner) : undefined;
  if (chat) rooms.push(chat);
  return rooms.sort();
}

/** The estate's own view of an assessment (a fresh discovery), to check the poll's critical and zone against. */
async function estateNow(): Promise<Estate> {
  await vigil.discover();
  const snapshot = await vigil.store.snapshots.latest();
  if (!snapshot) throw new Error('no snapshot');
  return new Estate(snapshot, { zones: config.zones, policy: config.zones.policy, critical: config.alerts.critical });
}

async function expectOneAlertPerRoutedConversation(fresh: FindingRecord[], at: Date): Promise<void> {
  const estate = await estateNow();
  for (const f of fresh) {
    const seen = estate.findings.find((e) => e.finding.id.toLowerCase() === f.assessmentId.toLowerCase());
    expect(seen, f.assessmentId).toBeDefined();
    expect({ critical: f.critical, zone: f.zone }).toEqual({ critical: seen?.critical, zone: seen?.zone });
    const cards = await alertsOf(f.id);
    expect(cards.map((c) => c.conversationId).sort(), `alerts of ${f.displayName}`).toEqual(expectedRooms(f));
    for (const card of cards) {
      expect(card).toMatchObject({ kind: 'send', payload: { render: 'finding-alert', findingId: f.id } });
      const held = card.conversationId === NIGHT_ROOM && !f.critical;
      expect(card.nextAttemptAt).toBe(held ? AUCKLAND_MORNING : at.toISOString());
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('findings poll', () => {
  const T1 = TEST_NOW; // 10:42, 42 minutes after the demo's epoch
  const T2 = new Date(T1.getTime() + 2 * HOUR);
  const T3 = new Date(T2.getTime() + 2 * HOUR);

  it('first looks back one day, and alerts every routed conversation once per new critical occurrence', async () => {
    // Grouping is left to its own test: here every channel gets cards.
    const result = await poll(T1, jobWith({ maxCardsPerCycle: 50 }));
    expect(result.since).toBe(new Date(T1.getTime() - 24 * HOUR).toISOString());
    const fresh = await firstSeenAt(T1);
    expect(new Set(fresh.map((f) => f.assessmentId.toLowerCase()))).toEqual(
      turnedUnhealthy(new Date(T1.getTime() - 24 * HOUR), T1),
    );
    expect(fresh.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ newOccurrences: fresh.length, issues: 0 });
    await expectOneAlertPerRoutedConversation(fresh, T1);
    // The watermark is the newest status change seen.
    const newest = Math.max(...fresh.map((f) => Date.parse(f.unhealthySince ?? '')));
    expect(await vigil.store.watermarks.get(FINDINGS_WATERMARK)).toBe(new Date(newest).toISOString());
    expect(await vigil.store.audit.history(String(fresh[0]!.id), 'finding')).toMatchObject([
      { action: 'finding.detected', actor: { id: 'job:findings-poll' } },
    ]);
  });

  it('finds what changed since, critical or not, and routes each to the channels that asked', async () => {
    const result = await poll(T2, jobWith({ maxCardsPerCycle: 50 }));
    const fresh = await firstSeenAt(T2);
    expect(new Set(fresh.map((f) => f.assessmentId.toLowerCase()))).toEqual(turnedUnhealthy(T1, T2));
    // The demo opens both kinds in these two hours: critical ones go everywhere, the others only to `all`.
    expect(fresh.some((f) => f.critical)).toBe(true);
    expect(fresh.some((f) => !f.critical)).toBe(true);
    expect(result.newCritical).toBe(fresh.filter((f) => f.critical).length);
    await expectOneAlertPerRoutedConversation(fresh, T2);
    // Each occurrence carries its SLA: due = unhealthy since + the zone's hours for it.
    for (const f of fresh) {
      const sla = config.zones.policy[f.zone].slaHours;
      const hours = f.critical ? Math.min(sla.critical, sla[f.severity]) : sla[f.severity];
      expect(Date.parse(f.dueAt ?? '')).toBe(Date.parse(f.unhealthySince ?? '') + hours * HOUR);
    }
  });

  it('queues nothing twice when a cycle runs again (a restart, a second replica)', async () => {
    const before = await outboxCount();
    const findings = (await vigil.store.findings.listOpen()).length;
    // The same slot is claimed once…
    expect(await runSlot(jobWith(), T2, { store: vigil.store, logger, owner: 'replica-b' })).toEqual({
      ran: false,
      reason: 'already-claimed',
    });
    // …and a replica that polls the same changes anyway (its own slot, an older watermark) adds nothing.
    const again = await jobWith().run(T2);
    await vigil.store.watermarks.set(FINDINGS_WATERMARK, new Date(T1.getTime() - HOUR).toISOString());
    const overlapping = await jobWith().run(new Date(T2.getTime() + MINUTE));
    expect(again).toMatchObject({ newOccurrences: 0, cards: 0, summaries: 0 });
    expect(overlapping).toMatchObject({ newOccurrences: 0, cards: 0, summaries: 0 });
    expect(overlapping.polled).toBeGreaterThan(again.polled);
    expect(await outboxCount()).toBe(before);
    expect((await vigil.store.findings.listOpen()).length).toBe(findings);
  });

  it('sends one summary instead of a burst of cards, per channel; personal copies stay cards', async () => {
    const result = await poll(T3, jobWith({ maxCardsPerCycle: 1 }));
    const fresh = await firstSeenAt(T3);
    expect(new Set(fresh.map((f) => f.assessmentId.toLowerCase()))).toEqual(turnedUnhealthy(T2, T3));
    const perRoom = new Map<string, number[]>();
    for (const f of fresh) {
      for (const room of expectedRooms(f)) perRoom.set(room, [...(perRoom.get(room) ?? []), f.id]);
    }
    const summaries = await vigil.store.outbox.listByDedupePrefix(`summary:${T3.toISOString()}:`);
    expect(summaries.length).toBeGreaterThan(0);
    expect(result.summaries).toBe(summaries.length);
    for (const [room, ids] of perRoom) {
      const personal = room.startsWith('a:');
      const cards = (await Promise.all(ids.map(alertsOf))).flat().filter((c) => c.conversationId === room);
      const summary = summaries.find((s) => s.conversationId === room);
      if (ids.length > 1 && !personal) {
        expect(cards, room).toEqual([]);
        expect(summary?.payload).toMatchObject({ render: 'finding-summary', findingIds: expect.any(Array) });
        expect(new Set((summary?.payload as { findingIds: number[] }).findingIds)).toEqual(new Set(ids));
        expect(typeof summary?.payload.query).toBe('string');
      } else {
        expect(summary, room).toBeUndefined();
        expect(cards.map((c) => c.payload.findingId).sort()).toEqual([...ids].sort());
      }
    }
    // The summary of every new finding (the `all` room) lists the critical ones first.
    const all = summaries.find((s) => s.conversationId === ALL_ROOM);
    const listed = ((all?.payload as { findingIds: number[] } | undefined)?.findingIds ?? []).map(
      (id) => fresh.find((f) => f.id === id)?.critical,
    );
    expect(listed).toEqual([...listed].sort((a, b) => Number(b) - Number(a)));
  });

  let story: { finding: FindingRecord; fixedAt: string; backAt: string };

  it('resolves an occurrence Defender reports Healthy, stops its SLA clock and queues updates for its sent cards', async () => {
    story = await findingThatResolvesAndReturns(T3);
    const occurrence = story.finding;
    // Its cards were delivered (the outbox worker records the Teams activity id it got back).
    const cards = await alertsOf(occurrence.id);
    for (const [i, card] of cards.entries()) await vigil.store.outbox.markSent(card.id, `activity-${i}`);

    await poll(new Date(Date.parse(story.fixedAt) + 5 * MINUTE));
    const resolved = await vigil.store.findings.get(occurrence.id);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedAt: story.fixedAt, version: occurrence.version + 1 });
    const updates = await vigil.store.outbox.listByDedupePrefix(
      `finding:${occurrence.id}:v${resolved!.version}:update:`,
    );
    expect(updates.map((u) => [u.conversationId, u.activityId]).sort()).toEqual(
      cards.map((c, i) => [c.conversationId, `activity-${i}`]).sort(),
    );
    for (const u of updates) {
      expect(u).toMatchObject({ kind: 'update', payload: { render: 'finding-alert', findingId: occurrence.id } });
    }
    expect((await vigil.store.audit.history(String(occurrence.id), 'finding')).map((e) => e.action)).toEqual([
      'finding.detected',
      'finding.resolved',
    ]);
  });

  it('alerts again when a resolved finding comes back: a new occurrence', async () => {
    const { finding, backAt } = story;
    await poll(new Date(Date.parse(backAt) + 5 * MINUTE), jobWith({ maxCardsPerCycle: 50 }));
    const [current, previous] = await vigil.store.findings.historyOfAssessment(finding.assessmentId);
    expect(previous).toMatchObject({ id: finding.id, state: 'resolved', resolvedAt: story.fixedAt });
    expect(current).toMatchObject({ state: 'open', unhealthySince: backAt });
    expect(current!.occurrenceKey).not.toBe(previous!.occurrenceKey);
    expect((await alertsOf(current!.id)).map((c) => c.conversationId).sort()).toEqual(expectedRooms(current!));
  });

  /**
   * An open occurrence with alert cards that the demo fixes after `after` and that comes back later, with
   * the statusChangeDates of both changes.
   */
  async function findingThatResolvesAndReturns(after: Date) {
    const candidates = new Map<string, FindingRecord>();
    for (const f of await vigil.store.findings.listOpen()) {
      if ((await alertsOf(f.id)).length > 0) candidates.set(f.assessmentId.toLowerCase(), f);
    }
    const fixed = new Map<string, string>();
    for (let t = after.getTime(); t < after.getTime() + 4 * 24 * HOUR; t += 5 * MINUTE) {
      for (const row of assessments(new Date(t))) {
        const id = row.id.toLowerCase();
        const finding = candidates.get(id);
        const { code, statusChangeDate } = statusOf(row);
        if (!finding || !statusChangeDate) continue;
        const at = new Date(statusChangeDate).toISOString();
        const fixedAt = fixed.get(id);
        if (code === 'Healthy' && fixedAt === undefined) fixed.set(id, at);
        else if (code === 'Unhealthy' && fixedAt !== undefined) return { finding, fixedAt, backAt: at };
      }
    }
    throw new Error('the demo fixes and reopens none of the alerted findings within four days');
  }
});

describe('when Azure cannot answer', () => {
  function fragileSources() {
    const { tenant, estate } = vigil.connected.demo!;
    return createAzureSources({
      ...demoTenantAccess(tenant, estate),
      workspaces: [],
      logger,
      clock: () => new Date(),
      maxRetries: 0,
    });
  }

  it('fails the run and leaves the watermark where it was', async () => {
    const { tenant } = vigil.connected.demo!;
    const watermark = await vigil.store.watermarks.get(FINDINGS_WATERMARK);
    const outbox = await outboxCount();
    const job = findingsPollJob({ store: vigil.store, sources: fragileSources(), config, logger });
    const at = new Date('2026-11-26T09:00:00Z');
    vigil.setNow(at);
    tenant.faults.failNext('resource-graph', 10_000, { status: 500 });
    try {
      const err = await runSlot(job, at, { store: vigil.store, logger, owner: 'test-replica' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SourcesUnavailableError);
    } finally {
      tenant.faults.reset();
      roomyQuota();
    }
    expect(await vigil.store.watermarks.get(FINDINGS_WATERMARK)).toBe(watermark);
    expect(await vigil.store.jobRuns.lastRun('findings-poll')).toMatchObject({ status: 'failed' });
    expect(await outboxCount()).toBe(outbox);
  });

  it('keeps the watermark after an incomplete answer, and the next full poll alerts nothing twice', async () => {
    const { tenant } = vigil.connected.demo!;
    const watermark = await vigil.store.watermarks.get(FINDINGS_WATERMARK);
    const at = new Date('2026-11-26T09:30:00Z');
    tenant.faults.truncatedQueries.add('assessments');
    let partial: FindingsPollResult;
    try {
      partial = await poll(at);
    } finally {
      tenant.faults.reset();
      roomyQuota();
    }
    expect(partial.issues).toBeGreaterThan(0);
    expect(await vigil.store.watermarks.get(FINDINGS_WATERMARK)).toBe(watermark);
    // What it did read was alerted; the next complete poll re-reads the window and adds nothing for it.
    const outbox = await outboxCount();
    const full = await poll(new Date(at.getTime() + 2 * MINUTE));
    expect(full).toMatchObject({ issues: 0, newOccurrences: 0, cards: 0, summaries: 0 });
    expect(await outboxCount()).toBe(outbox);
    expect(Date.parse((await vigil.store.watermarks.get(FINDINGS_WATERMARK)) ?? '')).toBeGreaterThan(
      Date.parse(watermark ?? ''),
    );
  });
});

describe('a finding that becomes critical while it is open', () => {
  it('is alerted then to the channels that take only critical findings, and to no channel twice', async () => {
    // Defender first reports the new findings without their risk (Low, no risk level, no attack path)…
    const real = vigil.connected.sources;
    const unassessed = {
      async loadAssessments(since: Date) {
        const polled = await real.loadAssessments(since);
        return {
          ...polled,
          findings: polled.findings.map((f) => ({
            ...f,
            severity: 'Low' as const,
            risk: { level: null, factors: [], attackPathIds: [] },
          })),
        };
      },
    };
    const at = new Date('2026-11-26T12:00:00Z');
    vigil.setNow(at);
    const watermark = await vigil.store.watermarks.get(FINDINGS_WATERMARK);
    const roomy = { ...config, alerts: { ...config.alerts, maxCardsPerCycle: 50 } };
    await findingsPollJob({ store: vigil.store, sources: unassessed, config: roomy, logger }).run(at);
    const minor = (await firstSeenAt(at)).filter((f) => !f.critical);
    expect(minor.length).toBeGreaterThan(0);
    for (const f of minor) expect((await alertsOf(f.id)).map((c) => c.conversationId).sort()).toEqual(expectedRooms(f));

    // …then with it: the same occurrences, now critical.
    await vigil.store.watermarks.set(FINDINGS_WATERMARK, watermark!);
    const result = await jobWith({ maxCardsPerCycle: 50 }).run(at);
    expect(result.newOccurrences).toBe(0);
    const escalated: FindingRecord[] = [];
    for (const f of minor) {
      const now = await vigil.store.findings.get(f.id);
      if (now?.critical) escalated.push(now);
    }
    expect(escalated.length).toBeGreaterThan(0);
    for (const f of escalated) {
      expect((await alertsOf(f.id)).map((c) => c.conversationId).sort()).toEqual(expectedRooms(f));
    }
  });
});

describe('a finding exempted in Defender', () => {
  it('becomes risk-accepted with Defender’s reason, and its cards are updated', async () => {
    let open: FindingRecord | undefined;
    let cards: OutboxMessage[] = [];
    for (const f of await vigil.store.findings.listOpen({ states: ['open'] })) {
      cards = (await alertsOf(f.id)).filter((c) => c.status !== 'sent');
      if (cards.length > 0) {
        open = f;
        break;
      }
    }
    if (!open) throw new Error('no open finding with cards');
    for (const [i, card] of cards.entries()) await vigil.store.outbox.markSent(card.id, `exempt-activity-${i}`);
    // The demo never exempts after its epoch; Defender reports an exemption as NotApplicable, cause Exempt.
    const at = new Date('2026-11-26T13:00:00Z');
    vigil.setNow(at);
    const everything = await vigil.connected.sources.loadAssessments(new Date(0));
    const current = everything.findings.find((f) => f.id === open.assessmentId);
    if (!current) throw new Error('finding not in the estate');
    const exempted = {
      ...current,
      status: 'NotApplicable' as const,
      cause: 'Exempt',
      description: 'Exempted: compensating control in place',
      statusChangeDate: at.toISOString(),
    };
    const sources = { loadAssessments: async () => ({ findings: [exempted], issues: [] }) };
    await findingsPollJob({ store: vigil.store, sources, config, logger }).run(at);

    const after = await vigil.store.findings.get(open.id);
    expect(after).toMatchObject({ state: 'risk-accepted', justification: 'Exempted: compensating control in place' });
    const updates = await vigil.store.outbox.listByDedupePrefix(`finding:${open.id}:v${after!.version}:update:`);
    expect(updates).toHaveLength(cards.length);
    expect((await vigil.store.audit.history(String(open.id), 'finding')).at(-1)).toMatchObject({
      action: 'finding.exempted',
    });
  });
});
