// The governance cadence end to end, on the demo tenant with a fake clock: 90 simulated days of zone
// reviews, "Mark reviewed" from the card and the review history, SLA reminders once per threshold with the
// escalation at breach, digest subscriptions, and the admins' `jobs` / `run <job>`.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_VERB } from '../cards/review.js';
import { createLogger } from '../config/logger.js';
import { slotsBetween } from '../jobs/cron.js';
import { catchUp } from '../jobs/scheduler.js';
import { dueReminders, type SlaSubject } from '../posture/sla-reminders.js';
import { conversationId } from '../store/index.js';
import { expectValidCard } from './support/cards.js';
import { invoke, message, post, postInvoke } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil, teamsUser } from './support/vigil.js';

const logger = createLogger('silent');
const CHANNEL = '19:general@thread.tacv2';
const DAY = 86_400_000;

describe('zone reviews over 90 simulated days', () => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil({ VIGIL_TIME_ZONE: 'Europe/Paris' });
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('posts exactly one review card per scheduled review and zone, and lets a SOC analyst sign one off', async () => {
    const soc = teamsUser(vigil, 'soc');
    const { replies } = await post(
      vigil.url,
      message({ text: 'subscribe reviews', from: soc, where: 'channel', mention: true }),
    );
    expect(replies[0]?.text).toContain('zone review cards for every zone');

    const reviews = vigil.catalog.filter((e) => e.job.name.includes('-review-zone-'));
    expect(reviews).toHaveLength(6);
    const end = new Date(TEST_NOW.getTime() + 90 * DAY);
    // Tick the fake clock to every slot any review has (plus some idle hours), as the live scheduler would.
    const ticks = new Set<number>();
    for (const r of reviews) for (const s of slotsBetween(r, TEST_NOW, end)) ticks.add(s.getTime() + 60_000);
    for (let t = TEST_NOW.getTime(); t < end.getTime(); t += 37 * 3_600_000) ticks.add(t);
    const deps = { store: vigil.store, logger, owner: 'sim' };
    for (const t of [...ticks].sort((a, b) => a - b)) await catchUp(reviews, new Date(t), deps);

    const posted = await vigil.store.outbox.listByDedupePrefix('review:');
    const cardsPerJob = new Map<string, number>();
    for (const row of posted) {
      const review = await vigil.store.reviews.get(Number(row.dedupeKey.split(':')[1]));
      const job = `${review?.kind}-zone-${review?.zone}`;
      cardsPerJob.set(job, (cardsPerJob.get(job) ?? 0) + 1);
    }
    // Hand-counted from Mon 23 Nov 2026 10:42 UTC to 21 Feb 2027 (Paris, 09:00): zone 3 daily → 90 (24 Nov
    // … 21 Feb); zone 2 weekly on Mondays → 12 (30 Nov … 15 Feb); zone 1 monthly on the 1st → 3 (Dec, Jan, Feb).
    expect(Object.fromEntries(cardsPerJob)).toEqual({
      'attack-paths-zone-3': 90,
      'recommendations-zone-3': 90,
      'attack-paths-zone-2': 12,
      'recommendations-zone-2': 12,
      'attack-paths-zone-1': 3,
      'recommendations-zone-1': 3,
    });
    expect(posted.every((r) => r.conversationId === CHANNEL)).toBe(true);

    // The newest zone 3 review: its card, "Mark reviewed" by a SOC analyst, and a stale click refused.
    const [latest] = await vigil.store.reviews.list({ zone: 3, kind: 'attack-paths', limit: 1 });
    if (!latest) throw new Error('no review');
    vigil.setNow(new Date(new Date(latest.slot).getTime() + 3_600_000));
    const reader = { id: '29:reader', name: 'Rae Reader', aadObjectId: '00000000-0000-4000-8000-0000000000aa' };
    const refused = await postInvoke(
      vigil.url,
      invoke({ verb: REVIEW_VERB, data: { reviewId: latest.id, version: 1 }, from: reader, where: 'channel' }),
    );
    expect(refused.body.value).toContain('Only SOC analysts, leaders and Vigil admins');
    const done = await postInvoke(
      vigil.url,
      invoke({ verb: REVIEW_VERB, data: { reviewId: latest.id, version: 1 }, from: soc, where: 'channel' }),
    );
    const card = done.body.value as Parameters<typeof expectValidCard>[0];
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain(`Reviewed by ${soc.name}`);
    expect(JSON.stringify(card)).not.toContain(REVIEW_VERB);
    const again = await postInvoke(
      vigil.url,
      invoke({ verb: REVIEW_VERB, data: { reviewId: latest.id, version: 1 }, from: soc, where: 'channel' }),
    );
    expect(JSON.stringify(again.body.value)).toContain('out of date');
    expect((await vigil.store.reviews.get(latest.id))?.version).toBe(2);
    const audit = await vigil.store.audit.history(String(latest.id), 'review');
    expect(audit.map((e) => e.action)).toEqual(['review.posted', 'review.done']);

    // The history: who and when, and the reviews nobody signed off are missed.
    const history = await post(vigil.url, message({ text: 'reviews zone 3', from: soc }));
    const text = history.replies[0]?.text ?? '';
    expect(text).toMatch(/Reviews \(zone 3\): 180 posted, 178 missed/);
    expect(text).toContain(`✔ reviewed by ${soc.name}`);
  });
});

describe('SLA reminders', () => {
  it('fire once per threshold whatever the sweep frequency, then daily while breached and unacknowledged', () => {
    const start = new Date('2026-03-27T12:00:00Z');
    const subject: SlaSubject = {
      key: 'f|1',
      start,
      due: new Date(start.getTime() + 72 * 3_600_000),
      acknowledged: false,
    };
    const sent = new Set<string>();
    const fired: string[] = [];
    // Every 10 minutes for 6 days, across the Paris DST change (thresholds are elapsed time, not wall time).
    for (let t = start.getTime(); t < start.getTime() + 6 * DAY; t += 600_000) {
      for (const r of dueReminders([subject], sent, new Date(t))) {
        sent.add(`${r.subject.key} ${r.threshold}`);
        fired.push(`${r.threshold}@${(t - start.getTime()) / 60_000}min`);
      }
    }
    // 90 % of 72 h is 64 h 48 min: the first 10-minute sweep after it is at 64 h 50 min.
    expect(fired).toEqual([
      '50@2160min',
      '75@3240min',
      '90@3890min',
      'breach@4320min',
      'breach+1d@5760min',
      'breach+2d@7200min',
    ]);
    // Acknowledged: the breach is said once, then no daily nagging.
    const acked = { ...subject, key: 'f|2', acknowledged: true };
    const s2 = new Set<string>();
    const late = dueReminders([acked], s2, new Date(start.getTime() + 100 * 3_600_000));
    expect(late.map((r) => r.threshold)).toEqual(['breach']);
  });

  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil();
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('tells owners in person, escalates breaches to leaders, and sends nothing twice', async () => {
    const leader = teamsUser(vigil, 'leader');
    await post(vigil.url, message({ text: 'hello', from: leader }));
    // Every owner of the demo talks to Vigil once, so it can reach them in person.
    const owners = vigil.connected.demo!.estate.people.filter((p) => p.persona === 'owner');
    for (let i = 0; i < owners.length; i++)
      await post(vigil.url, message({ text: 'whoami', from: teamsUser(vigil, 'owner', i) }));

    // A finding fixed long ago: its reminders are forgotten by the sweep (the ledger keeps what is current).
    vigil.setNow(new Date(TEST_NOW.getTime() - 40 * DAY));
    await vigil.store.slaReminders.record('fixed-long-ago|2025-01-01T00:00:00.000Z', 'breach');
    vigil.setNow(TEST_NOW);

    const first = await vigil.runJob('sla-sweep');
    if (!first.ran) throw new Error('sweep did not run');
    const r = first.result as Record<string, number>;
    expect(r.pruned).toBe(1);
    expect([...(await vigil.store.slaReminders.sent())].some((k) => k.startsWith('fixed-long-ago'))).toBe(false);
    expect(r.reminders).toBeGreaterThan(0);
    expect(r.breaches).toBeGreaterThan(0);
    expect(r.ownerCards).toBeGreaterThan(0);
    expect(r.escalations).toBe(1);

    const leaderChat = await vigil.store.conversations.findPersonal(leader.aadObjectId);
    const escalation = (await vigil.store.outbox.listByDedupePrefix('sla:')).find(
      (m) => m.dedupeKey.includes(':escalation:') && m.conversationId === leaderChat?.conversationId,
    );
    const card = escalation?.payload.card as Parameters<typeof expectValidCard>[0];
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('SLA breached');

    // An hour later nothing has crossed a new threshold that was not already said.
    vigil.setNow(new Date(TEST_NOW.getTime() + 60_000));
    const second = await vigil.runJob('sla-sweep');
    expect(second.ran && (second.result as Record<string, number>).reminders).toBe(0);
    vigil.setNow(TEST_NOW);
  });
});

describe('zone leaders', () => {
  it('escalate a zone’s breaches only to the people listed for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-zone-leaders-'));
    const file = join(dir, 'vigil.json');
    // Sofia Rossi owns payments and HR (zone 3 in the demo); she leads zone 3's breaches only.
    writeFileSync(file, JSON.stringify({ governance: { zoneLeaders: { 3: ['sofia.rossi@contoso.com'] } } }));
    const vigil = await startTestVigil({ VIGIL_CONFIG: file });
    try {
      const sofia = vigil.connected.demo!.estate.people.find((p) => p.upn === 'sofia.rossi@contoso.com')!;
      const leader = teamsUser(vigil, 'leader');
      await post(
        vigil.url,
        message({
          text: 'hello',
          from: { id: `29:${sofia.objectId}`, name: sofia.displayName, aadObjectId: sofia.objectId },
        }),
      );
      await post(vigil.url, message({ text: 'hello', from: leader }));
      const run = await vigil.runJob('sla-sweep');
      expect(run.ran && (run.result as Record<string, number>).escalations).toBe(2);
      const cardFor = async (objectId: string) => {
        const chat = await vigil.store.conversations.findPersonal(objectId);
        const row = (await vigil.store.outbox.listByDedupePrefix('sla:')).find(
          (m) => m.dedupeKey.includes(':escalation:') && m.conversationId === chat?.conversationId,
        );
        return JSON.stringify(row?.payload.card ?? {});
      };
      const toSofia = await cardFor(sofia.objectId);
      const toLeader = await cardFor(leader.aadObjectId);
      expect(toSofia).toContain('zone 3');
      expect(toSofia).not.toMatch(/zone [12] ·/);
      // The leader by role keeps zones 1 and 2 (zone 3 has its own list).
      expect(toLeader).not.toContain('zone 3 ·');
      expect(toLeader).toMatch(/zone [12] ·/);
    } finally {
      await vigil.stop();
    }
  });
});

describe('digests and jobs in chat', () => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil();
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('subscribes a leader to a daily digest in their own time zone, and unsubscribes', async () => {
    const leader = teamsUser(vigil, 'leader');
    const status = await post(vigil.url, message({ text: 'digest', from: leader }));
    expect(status.replies[0]?.text).toContain('weekly digest');
    expect(status.replies[0]?.text).toContain('(as a leader, by default)');
    const daily = await post(vigil.url, message({ text: 'digest subscribe daily in America/New_York', from: leader }));
    expect(daily.replies[0]?.text).toContain('daily digest every day at 08:00 (zone 3) America/New_York');
    const chat = await vigil.store.conversations.findPersonal(leader.aadObjectId);
    expect(await vigil.store.digests.get(conversationId(chat!.conversationId))).toMatchObject({
      cadence: 'daily',
      timeZone: 'America/New_York',
    });
    // The digest job sends it at 08:00 New York time: at 05:42 there (10:42 UTC) the due one is yesterday's.
    const run = await vigil.runJob('digest');
    expect(run.ran && run.result).toMatchObject({ sent: 1 });
    const [row] = await vigil.store.outbox.listByDedupePrefix(`digest:${chat!.conversationId}:`);
    expect(row?.dedupeKey).toBe(`digest:${chat!.conversationId}:2026-11-22T13:00:00.000Z`);
    const card = row?.payload.card as Parameters<typeof expectValidCard>[0];
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Daily AI posture digest');
    expect(JSON.stringify(card)).toContain('zone 3');
    vigil.setNow(new Date(TEST_NOW.getTime() + 15 * 60_000));
    const again = await vigil.runJob('digest');
    expect(again.ran && again.result).toMatchObject({ sent: 0 });
    vigil.setNow(TEST_NOW);

    const off = await post(vigil.url, message({ text: 'digest unsubscribe', from: leader }));
    expect(off.replies[0]?.text).toContain('no more digests');
    const inChannel = await post(
      vigil.url,
      message({ text: 'digest subscribe weekly', from: leader, where: 'channel', mention: true }),
    );
    expect(inChannel.replies[0]?.text).toContain('personal chat');
  });

  it('posts a drift card to the zone channel when a new AI resource appears, once', async () => {
    const soc = teamsUser(vigil, 'soc');
    await post(vigil.url, message({ text: 'subscribe drift zone 1', from: soc, where: 'channel', mention: true }));
    const baseline = await vigil.runJob('drift-zone-1');
    expect(baseline.ran && baseline.result).toMatchObject({ skipped: 'baseline set' });
    // The demo's planted sandbox account appears 90 minutes after the demo starts.
    vigil.setNow(new Date(TEST_NOW.getTime() + 2 * 3_600_000));
    await vigil.discover();
    const run = await vigil.runJob('drift-zone-1');
    expect(run.ran && run.result).toMatchObject({ cards: 1 });
    const [row] = await vigil.store.outbox.listByDedupePrefix('drift:zone-1:');
    const card = row?.payload.card as Parameters<typeof expectValidCard>[0];
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('oai-rsch-poc-eus2');
    vigil.setNow(new Date(TEST_NOW.getTime() + 2 * 3_600_000 + 60_000));
    const again = await vigil.runJob('drift-zone-1');
    expect(again.ran && again.result).toMatchObject({ cards: 0, skipped: 'no new discovery' });
    vigil.setNow(TEST_NOW);
  });

  it('shows the weekly reviews that were never posted while Vigil was down', async () => {
    const review = vigil.catalog.filter((e) => e.job.name === 'attack-path-review-zone-2');
    const deps = { store: vigil.store, logger, owner: 'sim' };
    await catchUp(review, new Date('2026-11-23T08:00:00Z'), deps); // first start: nothing missed yet
    await catchUp(review, new Date('2026-11-30T09:05:00Z'), deps); // Monday 30 Nov: posted
    await catchUp(review, new Date('2026-12-22T12:00:00Z'), deps); // down 7–21 Dec: only 21 Dec is caught up
    vigil.setNow(new Date('2026-12-22T12:00:00Z'));
    const { replies } = await post(
      vigil.url,
      message({ text: 'reviews zone 2 attack paths', from: teamsUser(vigil, 'soc') }),
    );
    vigil.setNow(TEST_NOW);
    const text = replies[0]?.text ?? '';
    expect(text).toContain('Reviews (zone 2, attack path reviews): 2 posted, 3 missed.');
    expect(text).toContain(
      'Mon 7 Dec, 09:00 UTC · zone 2 (Recommended) · Attack path review — ✘ not posted (Vigil was down)',
    );
    expect(text).toContain(
      'Mon 14 Dec, 09:00 UTC · zone 2 (Recommended) · Attack path review — ✘ not posted (Vigil was down)',
    );
    expect(text).toContain('Mon 21 Dec, 09:00 UTC · zone 2 (Recommended) · Attack path review — … open');
  });

  it('lists jobs and runs one for admins only', async () => {
    const admin = teamsUser(vigil, 'admin');
    const soc = teamsUser(vigil, 'soc');
    const refused = await post(vigil.url, message({ text: 'jobs', from: soc }));
    expect(refused.replies[0]?.text).toContain('Only Vigil admins');
    const list = await post(vigil.url, message({ text: 'jobs', from: admin }));
    const text = list.replies[0]?.text ?? '';
    for (const name of ['discovery', 'sla-sweep', 'attack-path-review-zone-3', 'recommendation-review-zone-1']) {
      expect(text).toContain(`**${name}**`);
    }
    expect(text).toMatch(/\*\*discovery\*\* `\*\/5 \* \* \* \*` \(UTC\) — next .*; last .*succeeded/);
    const run = await post(vigil.url, message({ text: 'run attack path review zone 3', from: admin }));
    expect(run.replies[0]?.text).toMatch(/^Ran \*\*attack-path-review-zone-3\*\*: .*items \d+/);
    const unknown = await post(vigil.url, message({ text: 'run review', from: admin }));
    expect(unknown.replies[0]?.text).toContain('Which job?');
  });
});
