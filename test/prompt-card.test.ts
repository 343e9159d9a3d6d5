// The prompt-anomaly card and its actions. The card is rendered by the outbox renderer from a real anomaly
// the prompt-volume job found in the demo tenant (the burst going on at the epoch), checked with the real
// Adaptive Cards parser, and read as a person would. The actions go through the real bot endpoint as Teams
// sends them (adaptiveCard/action invokes): Acknowledge, Mark expected (with its suppression), Escalate to
// incident (the SOC post with @mentions), the refresh view, and the server's checks (who, which version,
// which tenant, what data).

import { gunzipSync } from 'node:zlib';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../bot/app.js';
import { staticDirectory } from '../bot/people.js';
import { registerPromptActions } from '../bot/prompt/actions.js';
import { logsQueryLink } from '../bot/prompt/links.js';
import { promptRenderer } from '../bot/prompt/render.js';
import { promptViews } from '../bot/prompt/view.js';
import { type RunningServer, startServer } from '../bot/server.js';
import { PROMPT_VERBS, promptAnomalyCard, sparkline } from '../cards/prompt-anomaly.js';
import type { AdaptiveCard } from '../cards/render.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { promptVolumeJob } from '../jobs/prompt-volume.js';
import { type AnomalyRecord, conversationId } from '../store/index.js';
import { cardText, expectValidCard } from './support/cards.js';
import { invoke, message, type Person, post, postInvoke, TENANT } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil } from './support/vigil.js';

const logger = createLogger('silent');
const SOC_ROOM = '19:soc@thread.tacv2';
const HOUR = 3_600_000;

let vigil: TestVigil;
let config: Config;
let server: RunningServer;
let url: string;
let now = TEST_NOW;
let people: { objectId: string; upn: string; displayName: string; persona: string }[];
let burst: AnomalyRecord;

const personOf = (kind: string, i = 0): Person & { upn: string } => {
  const p = people.filter((x) => x.persona === kind)[i];
  if (!p) throw new Error(`no demo ${kind} #${i}`);
  return { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId, upn: p.upn };
};
const byUpn = (upn: string): Person & { upn: string } => {
  const p = people.find((x) => x.upn === upn);
  if (!p) throw new Error(`no demo person ${upn}`);
  return { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId, upn: p.upn };
};

beforeAll(async () => {
  vigil = await startTestVigil();
  people = [...vigil.connected.demo!.estate.people];
  config = { ...vigil.config, alerts: { ...vigil.config.alerts, defaultChannel: SOC_ROOM } };
  const { store } = vigil;
  await store.conversations.upsertConversationRef({
    conversationId: conversationId(SOC_ROOM),
    type: 'channel',
    tenantId: TENANT,
    teamId: '19:team@thread.tacv2',
    channelId: SOC_ROOM,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    reference: { conversation: { id: SOC_ROOM } },
    userAadObjectId: null,
  });
  // Everyone has the app installed personally: that is where Teams ids (for refresh and mentions) come from.
  for (const p of people) {
    await store.conversations.upsertConversationRef({
      conversationId: conversationId(`a:personal-${p.objectId}`),
      type: 'personal',
      tenantId: TENANT,
      teamId: null,
      channelId: null,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      reference: { user: { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId } },
      userAadObjectId: p.objectId,
      userUpn: p.upn,
    });
  }
  // The job finds the burst going on at the epoch and queues its card for the SOC room.
  await promptVolumeJob({ sources: vigil.connected.sources, store, config, logger }).run(TEST_NOW);
  const alerted = (await store.anomalies.list(100)).filter((a) => a.alerts > 0);
  if (alerted.length !== 1) throw new Error(`expected one alerted burst, got ${alerted.length}`);
  burst = alerted[0] as AnomalyRecord;

  const directory = staticDirectory(people);
  const clock = () => now;
  const bot = createBot({ config, logger, clock, store, directory });
  registerPromptActions(bot.app, { store, config, logger, clock, directory });
  server = await startServer({ bot, logger, readiness: async () => [] }, 0, '127.0.0.1');
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  await vigil?.stop();
});

// ---- helpers ---------------------------------------------------------------------------

const render = (payload: { anomalyId: number; escalation?: boolean }) =>
  promptRenderer({ store: vigil.store, config })(
    { render: 'prompt-anomaly', ...payload },
    {
      conversationId: SOC_ROOM,
      now,
    },
  ) as Promise<Partial<Activity>>;

const cardOf = (activity: Partial<Activity>) => activity.attachments?.[0]?.content as AdaptiveCard;

function find(node: unknown, type: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const hit = find(n, type);
      if (hit) return hit;
    }
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === type) return o;
    for (const v of Object.values(o)) {
      const hit = find(v, type);
      if (hit) return hit;
    }
  }
  return undefined;
}

const buttonTitles = (card: AdaptiveCard) => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);

type Answer = { card: AdaptiveCard; text?: undefined } | { text: string; card?: undefined };

async function click(
  verb: string,
  data: Record<string, unknown>,
  from: Person,
  tweak: (activity: Record<string, unknown>) => void = () => {},
): Promise<Answer> {
  const activity = invoke({ verb, data, from, where: 'channel', replyToId: `card-${String(data.anomalyId)}` });
  tweak(activity);
  const res = await postInvoke(url, activity);
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  if (res.body.type === 'application/vnd.microsoft.card.adaptive') {
    const card = res.body.value as AdaptiveCard;
    expectValidCard(card);
    return { card };
  }
  expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
  return { text: String(res.body.value) };
}

const ref = (a: AnomalyRecord) => ({ anomalyId: a.id, version: a.version });
const current = async (a: AnomalyRecord) => (await vigil.store.anomalies.get(a.id)) as AnomalyRecord;

let seeded = 0;
/** Another episode on a real resource (so the chart has history), owned by `owner`, its card sent to the SOC room. */
async function anomalyOwnedBy(owner: string, kind: 'spike' | 'drop' = 'spike'): Promise<AnomalyRecord> {
  seeded++;
  const { anomaly } = await vigil.store.anomalies.upsertEpisode({
    episodeKey: `${burst.resourceId}|test:${seeded}`,
    resourceId: burst.resourceId,
    resourceName: burst.resourceName,
    workspaceId: burst.workspaceId,
    kind,
    zone: 3,
    owner,
    windowStart: new Date(TEST_NOW.getTime() - 2 * HOUR),
    windowEnd: new Date(TEST_NOW.getTime() - HOUR),
    active: false,
    observed: kind === 'drop' ? 0 : 2400,
    expected: 240,
    peak: 300,
    peakExpected: 22,
    maxScore: 0.99,
    bins: 12,
    observedThrough: burst.observedThrough,
  });
  const sent = await vigil.store.outbox.enqueue({
    dedupeKey: `prompt-anomaly:${anomaly.id}:alert:1:${SOC_ROOM}`,
    conversationId: conversationId(SOC_ROOM),
    kind: 'send',
    payload: { render: 'prompt-anomaly', anomalyId: anomaly.id },
  });
  await vigil.store.outbox.markSent(sent.message.id, `card-${anomaly.id}`);
  return vigil.store.anomalies.recordAlert(anomaly.id, 300);
}

// ---- the card ----------------------------------------------------------------------------

describe('the card the SOC room gets', () => {
  it('parses with the Adaptive Cards library and says what an analyst needs to decide', async () => {
    const activity = await render({ anomalyId: burst.id });
    const card = cardOf(activity);
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain(burst.resourceName);
    expect(text).toContain('zone 2');
    expect(text).toContain(burst.owner ?? 'nobody known');
    expect(text).toMatch(/10:25 UTC – 10:35 UTC \(10 min, still going\)/);
    expect(text).toMatch(/\d+ prompts vs ~\d+ expected \(×\d+(\.\d)? above normal\)/);
    expect(text).toContain('Top callers in the window');
    // The caller of the burst is named with what it called.
    const top = burst.callers?.[0];
    expect(top).toBeDefined();
    expect(text).toContain(top!.callerIp);
    expect(text).toContain(top!.deployment);
    expect(activity.summary).toMatch(/^Unusual prompt volume on ais-datasci-shared-sdc: ×\d/);
    // The base view: state only, no buttons; the owner and SOC refresh to their own view.
    expect(card.actions ?? []).toEqual([]);
    const refresh = card.refresh as { action: { verb: string; data: unknown }; userIds: string[] };
    expect(refresh.action.verb).toBe(PROMPT_VERBS.view);
    expect(refresh.action.data).toEqual({ anomalyId: burst.id, version: 1 });
    for (const soc of people.filter((p) => p.persona === 'soc'))
      expect(refresh.userIds).toContain(`29:${soc.objectId}`);
  });

  it('charts the last 24 h with the expected band, and falls back to a text sparkline', async () => {
    const card = cardOf(await render({ anomalyId: burst.id }));
    const chart = find(card.body, 'Chart.Line');
    expect(chart).toBeDefined();
    const series = chart!.data as { legend: string; values: { x: string; y: number }[] }[];
    expect(series.map((s) => s.legend)).toEqual(['Observed', 'Expected', 'Upper bound']);
    // 24 h in 15-minute buckets, ending where the job last looked (10:35).
    expect(series[1]?.values).toHaveLength(96);
    expect(series[1]?.values.at(-1)?.x).toBe('10:20');
    // The burst stands out above the band at the end.
    const last = series[0]!.values.at(-1)!.y;
    expect(last).toBeGreaterThan(series[2]!.values.at(-1)!.y);
    const fallback = chart!.fallback as object;
    const fallbackText = cardText(fallback);
    expect(fallbackText).toMatch(/[▁▂▃▄▅▆▇█]{20,}/);
    expect(fallbackText).toContain('observed');
  });

  it('links to the query in Log Analytics, built as the portal builds it', async () => {
    const card = cardOf(await render({ anomalyId: burst.id }));
    const link = find(card.body, 'Action.OpenUrl') as { url: string; title: string };
    expect(link.title).toBe('Open the query in Log Analytics');
    const m =
      /^https:\/\/portal\.azure\.com\/#blade\/Microsoft_Azure_Monitoring_Logs\/LogsBlade\/resourceId\/([^/]+)\/source\/LogsBlade\.AnalyticsShareLinkToQuery\/q\/([^/]+)\/timespan\/([^/]+)$/.exec(
        link.url,
      );
    expect(m).not.toBeNull();
    expect(decodeURIComponent(m![1]!)).toBe(burst.resourceId);
    const query = gunzipSync(Buffer.from(decodeURIComponent(decodeURIComponent(m![2]!)), 'base64')).toString('utf8');
    expect(query.split('\n')[0]).toBe('// vigil:prompt-callers');
    expect(query).toContain(`let resource = '${burst.resourceId}';`);
    expect(query).toContain('let start = datetime(2026-11-23T10:25:00.000Z);');
    expect(decodeURIComponent(m![3]!)).toBe('2026-11-23T09:25:00.000Z/2026-11-23T11:35:00.000Z');
    // With a tenant, the portal opens in it.
    expect(
      logsQueryLink({
        portal: 'https://portal.azure.us',
        tenantId: TENANT,
        scope: '/subscriptions/x',
        query: 'print 1',
        start: TEST_NOW,
        end: TEST_NOW,
      }),
    ).toMatch(new RegExp(`^https://portal\\.azure\\.us/#@${TENANT}/blade/`));
  });

  it('shows a drop as lower priority, with what was expected and no callers', async () => {
    const drop = await anomalyOwnedBy('ben.carter@contoso.com', 'drop');
    const card = cardOf(await render({ anomalyId: drop.id }));
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('PROMPT TRAFFIC STOPPED · lower priority');
    expect(text).toContain('0 prompts vs ~240 expected — stopped (normally ~240)');
    expect(text).not.toContain('Top callers');
  });

  it('stays valid without a chart or callers (nothing stored, the follow-up query failed)', () => {
    const card = promptAnomalyCard({
      anomalyId: 7,
      version: 1,
      kind: 'spike',
      resourceName: 'oai-new',
      resourceDetail: null,
      zone: 3,
      owner: null,
      windowStart: new Date(TEST_NOW.getTime() - HOUR),
      windowEnd: TEST_NOW,
      active: true,
      observed: 900,
      expected: 12,
      bins: 12,
      peak: 120,
      peakExpected: 1,
      maxScore: 1,
      alerts: 2,
      chart: [],
      bucketMinutes: 15,
      callers: null,
      logsUrl: null,
      status: { state: 'open', by: null, at: null, until: null, reason: null },
      escalation: null,
      refreshUserIds: [],
      buttons: ['ack', 'expected', 'escalate'],
      notice: null,
      now: TEST_NOW,
      timeZone: 'UTC',
    });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Growing burst of prompts on oai-new');
    expect(text).toContain('×75 above normal');
    expect(text).toContain('not available (the follow-up query did not answer)');
    expect(buttonTitles(card)).toEqual(['Acknowledge', 'Mark expected', 'Escalate to incident']);
  });

  it('draws sparklines from the lowest to the highest block', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, null, 10])).toBe('▁·█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});

// ---- the actions -------------------------------------------------------------------------

describe('card actions through the bot endpoint', () => {
  it('each person sees the buttons they may use: SOC and the owner act, a leader reads', async () => {
    const owned = await anomalyOwnedBy('yuki.tanaka@contoso.com');
    const soc = await click(PROMPT_VERBS.view, ref(owned), personOf('soc'));
    expect(buttonTitles(soc.card!)).toEqual(['Acknowledge', 'Mark expected', 'Escalate to incident']);
    const owner = await click(PROMPT_VERBS.view, ref(owned), byUpn('yuki.tanaka@contoso.com'));
    expect(buttonTitles(owner.card!)).toEqual(['Acknowledge', 'Mark expected', 'Escalate to incident']);
    const leader = await click(PROMPT_VERBS.view, ref(owned), personOf('leader'));
    expect(buttonTitles(leader.card!)).toEqual([]);
    const otherOwner = await click(PROMPT_VERBS.view, ref(owned), byUpn('amara.mensah@contoso.com'));
    expect(buttonTitles(otherOwner.card!)).toEqual([]);
  });

  it('Acknowledge: recorded, audited, every posted copy updated; a replayed click changes nothing', async () => {
    const a = await anomalyOwnedBy('yuki.tanaka@contoso.com');
    const dana = personOf('soc');
    const answer = await click(PROMPT_VERBS.ack, ref(a), dana);
    expect(cardText(answer.card!)).toMatch(new RegExp(`Acknowledged by ${dana.name} at \\d\\d:\\d\\d UTC`));
    // The clicker's own view: nothing more to acknowledge.
    expect(buttonTitles(answer.card!)).toEqual(['Mark expected', 'Escalate to incident']);
    const after = await current(a);
    expect(after.state).toBe('acknowledged');
    expect(after.version).toBe(2);
    expect(after.acknowledgedBy).toBe(dana.upn);
    const audit = await vigil.store.audit.history(String(a.id), 'prompt-anomaly');
    expect(audit.at(-1)).toMatchObject({
      action: PROMPT_VERBS.ack,
      actor: { id: dana.aadObjectId, name: dana.name },
      details: { fromState: 'open', toState: 'acknowledged', fromVersion: 1, toVersion: 2 },
    });
    const updates = await vigil.store.outbox.listByDedupePrefix(`prompt-anomaly:${a.id}:r`);
    expect(updates.map((u) => [u.kind, u.activityId, u.conversationId])).toEqual([
      ['update', `card-${a.id}`, SOC_ROOM],
    ]);

    // The same click again (Teams retries, or a second copy of the old card): the current card, a notice.
    const replay = await click(PROMPT_VERBS.ack, ref(a), personOf('soc', 1));
    expect(cardText(replay.card!)).toContain(`This card was out of date: ${dana.name} acknowledged it at`);
    expect((await current(a)).version).toBe(2);
  });

  it('refuses people who may not act, data that is not Vigil’s, and other organisations', async () => {
    const a = await anomalyOwnedBy('yuki.tanaka@contoso.com');
    const leader = await click(PROMPT_VERBS.ack, ref(a), personOf('leader'));
    expect(leader.text).toBe(
      "Only SOC analysts and the resource's owner can acknowledge this alert. Nothing was changed.",
    );
    const garbage = await click(PROMPT_VERBS.ack, { anomalyId: 'x' }, personOf('soc'));
    expect(garbage.text).toMatch(/out of date or was not made by Vigil/);
    const missing = await click(PROMPT_VERBS.ack, { anomalyId: 999_999, version: 1 }, personOf('soc'));
    expect(missing.text).toMatch(/I have no prompt-volume alert #999999/);
    const foreign = await click(PROMPT_VERBS.ack, ref(a), personOf('soc'), (activity) => {
      const other = '0d3c4b5a-1111-4222-8333-444455556666';
      (activity.conversation as { tenantId: string }).tenantId = other;
      (activity.channelData as { tenant: { id: string } }).tenant.id = other;
    });
    expect(foreign.text).toMatch(/another organisation/);
    expect((await current(a)).state).toBe('open');
  });

  it('Mark expected: the owner suppresses the resource for the hours chosen, with a reason, audited', async () => {
    const a = await anomalyOwnedBy('yuki.tanaka@contoso.com');
    const yuki = byUpn('yuki.tanaka@contoso.com');
    const noReason = await click(PROMPT_VERBS.expected, { ...ref(a), expectedHours: '4' }, yuki);
    expect(noReason.text).toBe('Mark expected needs a reason. Nothing was changed.');
    const badHours = await click(
      PROMPT_VERBS.expected,
      { ...ref(a), expectedHours: '3', expectedReason: 'load test' },
      yuki,
    );
    expect(badHours.text).toBe('Pick how long the traffic is expected: 1, 4, 24 hours. Nothing was changed.');

    const answer = await click(
      PROMPT_VERBS.expected,
      { ...ref(a), expectedHours: '4', expectedReason: 'Load test of the new search index' },
      yuki,
    );
    expect(cardText(answer.card!)).toContain(
      `Marked expected by ${yuki.name} until 14:42 UTC: Load test of the new search index`,
    );
    const after = await current(a);
    expect(after.state).toBe('expected');
    expect(after.expectedUntil).toBe('2026-11-23T14:42:00.000Z');
    const suppression = await vigil.store.anomalies.activeSuppression(
      a.resourceId,
      new Date(TEST_NOW.getTime() + 3 * HOUR),
    );
    expect(suppression).toMatchObject({
      reason: 'Load test of the new search index',
      createdBy: yuki.upn,
      anomalyId: a.id,
    });
    expect(
      await vigil.store.anomalies.activeSuppression(a.resourceId, new Date(TEST_NOW.getTime() + 4 * HOUR)),
    ).toBeNull();
    const audit = (await vigil.store.audit.history(String(a.id), 'prompt-anomaly')).at(-1);
    expect(audit?.details).toMatchObject({
      hours: 4,
      reason: 'Load test of the new search index',
      toState: 'expected',
    });
  });

  it('Escalate: posts to the SOC channel through the outbox, mentioning the SOC people', async () => {
    const a = await anomalyOwnedBy('yuki.tanaka@contoso.com');
    const malik = personOf('soc', 1);
    const answer = await click(
      PROMPT_VERBS.escalate,
      { ...ref(a), escalationNote: 'Unknown IP, looks like key abuse' },
      malik,
    );
    expect(cardText(answer.card!)).toContain(`Escalated to an incident by ${malik.name}`);
    expect((await current(a)).state).toBe('escalated');
    const posts = await vigil.store.outbox.listByDedupePrefix(`prompt-anomaly:${a.id}:alert:escalation:`);
    expect(posts.map((p) => [p.conversationId, p.kind, p.payload])).toEqual([
      [SOC_ROOM, 'send', { render: 'prompt-anomaly', anomalyId: a.id, escalation: true }],
    ]);
    // What the SOC room receives: an @mention of each SOC analyst, and the card with who escalated and why.
    const activity = await render({ anomalyId: a.id, escalation: true });
    const socs = people.filter((p) => p.persona === 'soc');
    expect(activity.entities).toEqual(
      socs.map((p) => ({
        type: 'mention',
        text: `<at>${p.displayName}</at>`,
        mentioned: { id: `29:${p.objectId}`, name: p.displayName },
      })),
    );
    for (const p of socs) expect(activity.text).toContain(`<at>${p.displayName}</at>`);
    const card = cardOf(activity);
    expectValidCard(card);
    expect(cardText(card)).toContain(`escalated to an incident by ${malik.name}`);
    expect(cardText(card)).toContain('Unknown IP, looks like key abuse');
    // Escalating twice is refused by state, not by a second post.
    const again = await click(PROMPT_VERBS.escalate, ref(await current(a)), personOf('soc'));
    expect(again.text).toMatch(/already escalated/);
    expect(await vigil.store.outbox.listByDedupePrefix(`prompt-anomaly:${a.id}:alert:escalation:`)).toHaveLength(1);
  });

  it('`subscribe prompt-volume` in a channel routes these alerts there (SOC and admins only)', async () => {
    const say = async (text: string, from: Person) => {
      const { replies } = await post(url, message({ text, from, where: 'channel', mention: true }));
      return replies.map((r) => r.text ?? '').join('\n');
    };
    const reply = await say('subscribe prompt-volume zone 3 no drops', personOf('soc'));
    expect(reply).toMatch(/^Done: this channel now gets prompt-volume bursts · zone 3 \(route #\d+\)/);
    const routes = await vigil.store.subscriptions.listByTopic('prompt-volume');
    expect(routes.map((r) => [r.conversationId, r.filter])).toEqual([
      ['19:general@thread.tacv2', { zone: [3], drops: false }],
    ]);
    expect(await say('subscribe prompt volume zone 3 no drops', personOf('soc'))).toMatch(/already gets/);
    expect(await say('subscribe prompt-volume loudly', personOf('soc'))).toMatch(/I did not understand: loudly/);
    expect(await say('subscribe prompt-volume', byUpn('yuki.tanaka@contoso.com'))).toMatch(/Only Vigil admins and SOC/);
    expect(await vigil.store.subscriptions.listByTopic('prompt-volume')).toHaveLength(1);
  });

  it('the refresh view and the renderer agree on the state after an action', async () => {
    now = new Date(TEST_NOW.getTime() + 10 * 60_000);
    const views = promptViews({ store: vigil.store, config });
    const a = await current(burst);
    const base = await views.card(a, { now, viewer: null });
    expectValidCard(base);
    expect(cardText(base)).toContain('Open — still going');
  });
});
