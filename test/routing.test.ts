// Alert routing through the real bot endpoint: `subscribe`, `unsubscribe` and `subscriptions` as Teams
// sends them (channel messages that mention Vigil), who may use them, and a subscription made in chat
// actually routing the next poll's alerts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../config/logger.js';
import { findingsPollJob } from '../jobs/findings-poll.js';
import { parseRouteFilter } from '../posture/alerting.js';
import { conversationId, findingId, type SubscriptionRecord } from '../store/index.js';
import { message, type Person, post } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil, teamsUser } from './support/vigil.js';

const GENERAL = '19:general@thread.tacv2';
const OTHER = '19:ml-platform@thread.tacv2';

let vigil: TestVigil;
type DemoUser = ReturnType<typeof teamsUser>;
let soc: DemoUser;
let owner: DemoUser;
let admin: DemoUser;

beforeAll(async () => {
  vigil = await startTestVigil();
  soc = teamsUser(vigil, 'soc');
  owner = teamsUser(vigil, 'owner');
  admin = teamsUser(vigil, 'admin');
});

afterAll(async () => {
  await vigil?.stop();
});

/** Say something to Vigil; in a channel, with the @mention Teams requires. Returns the reply text. */
async function say(text: string, from: Person, where: 'channel' | 'personal' = 'channel', channel = GENERAL) {
  const activity = message({
    text,
    from,
    where,
    mention: where === 'channel',
    conversationId: where === 'channel' ? `${channel};messageid=1700000000000` : undefined,
  });
  const { status, replies } = await post(vigil.url, activity);
  expect(status).toBe(200);
  return replies.map((r) => r.text ?? '').join('\n');
}

const routesOf = (channel: string): Promise<SubscriptionRecord[]> =>
  vigil.store.subscriptions.listForConversation(conversationId(channel));

const filtersOf = async (channel: string) =>
  (await routesOf(channel)).map((r) => {
    const parsed = parseRouteFilter(r.filter);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.filter;
  });

describe('subscribe', () => {
  it('routes findings to the channel it is said in, for a SOC analyst, and audits it', async () => {
    const reply = await say('subscribe findings zone 3 severity high', soc);
    expect(reply).toContain('this channel now gets critical findings · zone 3 · High');
    const [route] = await routesOf(GENERAL);
    expect(route).toMatchObject({ topic: 'findings', filter: { zone: [3], severity: ['High'] } });
    expect(await vigil.store.audit.history(String(route!.id), 'subscription')).toMatchObject([
      { action: 'subscription.add', actor: { id: soc.aadObjectId, name: soc.name } },
    ]);
    // Saying it again changes nothing.
    expect(await say('Subscribe findings severity high zone 3', soc)).toContain('already gets');
    expect(await routesOf(GENERAL)).toHaveLength(1);
  });

  it('takes `all` for non-critical findings too, and quiet hours for the whole channel', async () => {
    expect(await say('subscribe findings all', admin)).toContain('all new findings');
    const reply = await say('subscribe findings quiet 22:00-07:00', admin);
    expect(reply).toContain('Quiet hours set: 22:00–07:00 UTC');
    const filters = await filtersOf(GENERAL);
    expect(filters).toHaveLength(2);
    for (const f of filters) expect(f.quiet).toEqual({ start: '22:00', end: '07:00', timeZone: 'UTC' });
    expect(filters.map((f) => f.criticalOnly).sort()).toEqual([false, true]);
    // A route added later keeps the channel's quiet hours.
    await say('subscribe findings zone 1', soc);
    expect((await filtersOf(GENERAL)).every((f) => f.quiet?.start === '22:00')).toBe(true);
  });

  it('says what it did not understand instead of guessing', async () => {
    expect(await say('subscribe findings zone 3 purple', soc)).toContain('I did not understand: purple');
    expect(await say('subscribe prompts', soc)).toContain(
      'I can route `findings`, `prompt-volume`, `reviews`, `escalations` and `drift` — not "prompts"',
    );
    expect(await say('subscribe findings quiet 22:00', soc)).toContain('Quiet hours are a start and an end time');
    expect(await routesOf(GENERAL)).toHaveLength(3);
  });

  it('refuses people who are neither admin nor SOC, and explains where to run it', async () => {
    const before = await routesOf(GENERAL);
    expect(await say('subscribe findings', owner)).toContain('Only Vigil admins and SOC analysts');
    expect(await say('unsubscribe findings', owner)).toContain('Only Vigil admins and SOC analysts');
    expect(await routesOf(GENERAL)).toEqual(before);
    expect(await say('subscribe findings', soc, 'personal')).toContain(
      'Run this in the channel that should receive alerts',
    );
  });
});

describe('subscriptions', () => {
  it('lists the routes of this channel to anyone in it', async () => {
    const reply = await say('subscriptions', owner);
    const ids = (await routesOf(GENERAL)).map((r) => `#${r.id}`);
    for (const id of ids) expect(reply).toContain(id);
    expect(reply).toContain('critical findings · zone 3 · High · quiet 22:00–07:00 UTC');
    expect(reply).toContain(`added by ${soc.upn}`);
  });

  it('lists every route for an admin in a personal chat, and lets them stop one anywhere', async () => {
    await say('subscribe findings', soc, 'channel', OTHER);
    const [other] = await routesOf(OTHER);
    const everything = await say('subscriptions', admin, 'personal');
    expect(everything).toContain(`#${other!.id} critical findings`);
    expect(everything).toContain(`→ ${OTHER}`);
    expect(everything).toContain(`→ ${GENERAL}`);
    expect(await say('subscriptions', soc, 'personal')).toContain('in a channel');

    expect(await say(`unsubscribe ${other!.id}`, admin, 'personal')).toContain(`Stopped route #${other!.id}`);
    expect(await routesOf(OTHER)).toEqual([]);
    expect(await say('subscriptions', soc, 'channel', OTHER)).toContain('This channel gets no alerts');
  });
});

describe('unsubscribe', () => {
  it('stops one route by number, only in its own channel', async () => {
    const [first] = await routesOf(GENERAL);
    expect(await say(`unsubscribe ${first!.id}`, soc, 'channel', OTHER)).toContain(
      `There is no route #${first!.id} in this channel`,
    );
    expect(await say(`unsubscribe #${first!.id}`, soc)).toContain(`Stopped route #${first!.id}`);
    expect((await routesOf(GENERAL)).map((r) => r.id)).not.toContain(first!.id);
  });

  it('stops every findings route of the channel', async () => {
    const before = (await routesOf(GENERAL)).length;
    expect(before).toBeGreaterThan(0);
    const reply = await say('unsubscribe findings', soc);
    expect(reply).toContain(`Stopped ${before === 1 ? 'the route' : `${before} routes`} here`);
    expect(await routesOf(GENERAL)).toEqual([]);
    expect(await say('unsubscribe', soc)).toContain('nothing to stop');
    const removed = await vigil.store.audit.list({ actorId: soc.aadObjectId });
    expect(removed.filter((e) => e.action === 'subscription.remove').length).toBe(before + 1);
  });
});

describe('prompt-volume routes', () => {
  it('are listed and stopped by topic, leaving findings routes alone', async () => {
    const channel = '19:ai-ops@thread.tacv2';
    await say('subscribe findings', soc, 'channel', channel);
    await say('subscribe prompt-volume', soc, 'channel', channel);
    expect((await routesOf(channel)).map((r) => r.topic).sort()).toEqual(['findings', 'prompt-volume']);
    expect(await say('subscriptions', soc, 'channel', channel)).toContain('prompt-volume bursts');
    expect(await say('unsubscribe prompt volume', soc, 'channel', channel)).toContain('Stopped the route here');
    expect((await routesOf(channel)).map((r) => r.topic)).toEqual(['findings']);
  });
});

describe('a subscription made in chat', () => {
  it('routes the next poll’s critical findings to that channel, and only those', async () => {
    expect(await say('subscribe findings', soc)).toContain('critical findings');
    const job = findingsPollJob({
      store: vigil.store,
      sources: vigil.connected.sources,
      config: { ...vigil.config, alerts: { ...vigil.config.alerts, maxCardsPerCycle: 50 } },
      logger: createLogger('silent'),
    });
    const result = await job.run(TEST_NOW);
    expect(result.newCritical).toBeGreaterThan(0);
    const alerts = (await vigil.store.outbox.listByDedupePrefix('finding:')).filter(
      (m) => m.conversationId === GENERAL,
    );
    const alerted = await Promise.all(
      alerts.map((a) => vigil.store.findings.get(findingId(Number(a.payload.findingId)))),
    );
    expect(alerted).toHaveLength(result.newCritical);
    for (const f of alerted) expect(f).toMatchObject({ critical: true, state: 'open' });
    for (const a of alerts) expect(a.dedupeKey).toBe(`finding:${a.payload.findingId}:alert:${GENERAL}`);
  });
});
