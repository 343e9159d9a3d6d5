// Finding card actions through the real bot endpoint, as Teams sends them (adaptiveCard/action invokes), on
// the demo tenant with a real SQLite store. Findings are recorded from real findings of the latest snapshot,
// owned by the resource's owner, with their alert card sent to a channel.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../bot/app.js';
import { findingRenderers } from '../bot/findings/render.js';
import { staticDirectory } from '../bot/people.js';
import { type RunningServer, startServer } from '../bot/server.js';
import type { AdaptiveCard } from '../cards/render.js';
import { createLogger } from '../config/logger.js';
import { Estate, type EstateFinding } from '../posture/estate.js';
import { conversationId, enqueueFindingCardUpdates, type FindingRecord } from '../store/index.js';
import { cardText, expectValidCard } from './support/cards.js';
import { cardsOf, invoke, message, type Person, post, postInvoke, someone, TENANT } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil } from './support/vigil.js';

const logger = createLogger('silent');
const CHANNEL = conversationId('19:general@thread.tacv2');
const OTHER_TENANT = '0d3c4b5a-1111-4222-8333-444455556666';
const DAY = 86_400_000;

let vigil: TestVigil;
let server: RunningServer;
let url: string;
let estate: Estate;
let wakeUps = 0;
const now = TEST_NOW;

interface DemoPersonRef extends Person {
  upn: string;
}
let people: { objectId: string; upn: string; displayName: string; persona: string }[];
const person = (upn: string): DemoPersonRef => {
  const p = people.find((x) => x.upn === upn);
  if (!p) throw new Error(`no demo person ${upn}`);
  return { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId, upn: p.upn };
};
const persona = (kind: string, i = 0): DemoPersonRef => {
  const p = people.filter((x) => x.persona === kind)[i];
  if (!p) throw new Error(`no demo ${kind} #${i}`);
  return person(p.upn);
};

beforeAll(async () => {
  vigil = await startTestVigil();
  const demo = vigil.connected.demo;
  if (!demo) throw new Error('the test Vigil runs on the demo tenant');
  people = [...demo.estate.people];
  const snapshot = await vigil.store.snapshots.latest();
  if (!snapshot) throw new Error('no snapshot after the first discovery');
  const c = vigil.config;
  estate = new Estate(snapshot, { zones: c.zones, policy: c.zones.policy, critical: c.alerts.critical });

  // A bot on the test Vigil's store with a clock and an outbox wake-up this file controls.
  const directory = staticDirectory(people);
  const bot = createBot({
    config: c,
    logger,
    clock: () => now,
    store: vigil.store,
    directory,
    notifyOutbox: () => {
      wakeUps++;
    },
  });
  server = await startServer({ bot, logger, readiness: async () => [] }, 0, '127.0.0.1');
  url = server.url;

  // Where the alerts went, and the personal chats that make owners' and SOC's copies refresh to their view.
  await vigil.store.conversations.upsertConversationRef({
    conversationId: CHANNEL,
    type: 'channel',
    tenantId: TENANT,
    teamId: '19:team@thread.tacv2',
    channelId: CHANNEL,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    reference: { conversation: { id: CHANNEL } },
    userAadObjectId: null,
  });
  for (const p of people) {
    await vigil.store.conversations.upsertConversationRef({
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
});
afterAll(async () => {
  await server?.close();
  await vigil?.stop();
});

// ---- fixtures ---------------------------------------------------------------------

const ownerUpns = () => new Set(people.filter((p) => p.persona === 'owner').map((p) => p.upn));

/** An open finding of the snapshot, critical or not, owned by one of the demo's owners (the last such with `last`). */
function pick(critical: boolean, notOwnedBy?: string, last = false): EstateFinding {
  const list = last ? [...estate.openFindings].reverse() : estate.openFindings;
  const found = list.find(
    (f) =>
      f.critical === critical &&
      f.owner !== null &&
      ownerUpns().has(f.owner.id) &&
      f.owner.id !== notOwnedBy &&
      f.dueAt !== null,
  );
  if (!found) throw new Error(`the demo estate has no open ${critical ? 'critical' : 'non-critical'} owned finding`);
  return found;
}

let occurrence = 0;
/** Records a new occurrence of a snapshot finding, as detection would, with its alert card sent to the channel. */
async function alerted(ef: EstateFinding): Promise<FindingRecord> {
  const f = ef.finding;
  const { finding } = await vigil.store.findings.upsertOccurrence({
    occurrenceKey: `${f.id}|${f.statusChangeDate}|test-${++occurrence}`,
    assessmentId: f.id,
    key: f.key,
    resourceId: f.resourceId,
    resourceName: f.resourceName,
    displayName: f.displayName,
    severity: f.severity,
    zone: ef.zone,
    owner: ef.owner?.id ?? null,
    unhealthySince: ef.detectedAt,
    dueAt: ef.dueAt,
    critical: ef.critical,
  });
  const payload = { render: 'finding-alert', findingId: finding.id };
  const sent = await vigil.store.outbox.enqueue({
    dedupeKey: `finding:${finding.id}:alert:${CHANNEL}`,
    conversationId: CHANNEL,
    kind: 'send',
    payload,
  });
  await vigil.store.outbox.markSent(sent.message.id, cardActivity(finding));
  // The owner's personal copy is still queued: it renders the current state when it goes, so needs no update.
  await vigil.store.outbox.enqueue({
    dedupeKey: `finding:${finding.id}:alert:a:personal-${finding.owner}`,
    conversationId: conversationId(`a:personal-${finding.owner}`),
    kind: 'send',
    payload,
  });
  return finding;
}

const cardActivity = (f: { id: number }) => `alert-activity-${f.id}`;

type Answer = { card: AdaptiveCard; text?: undefined } | { text: string; card?: undefined };

async function click(
  verb: string,
  data: Record<string, unknown>,
  from: Person,
  tweak: (activity: Record<string, unknown>) => void = () => {},
): Promise<Answer> {
  const activity = invoke({
    verb,
    data,
    from,
    where: 'channel',
    replyToId: `alert-activity-${String(data.findingId)}`,
  });
  tweak(activity);
  return answerOf(await postInvoke(url, activity));
}

function answerOf(res: Awaited<ReturnType<typeof postInvoke>>): Answer {
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

const ref = (f: FindingRecord) => ({ findingId: f.id, version: f.version });
const current = async (f: FindingRecord) => (await vigil.store.findings.get(f.id))!;
const auditOf = (f: FindingRecord) => vigil.store.audit.history(String(f.id), 'finding');
const buttonTitles = (card: AdaptiveCard) => ((card.actions ?? []) as { title: string }[]).map((a) => a.title);
const bodyText = (card: AdaptiveCard) => cardText({ body: card.body });

async function updatesOf(f: FindingRecord, version: number) {
  return vigil.store.outbox.listByDedupePrefix(`finding:${f.id}:v${version}:update:`);
}

// ---- the actions ---------------------------------------------------------------------

describe('finding card actions', () => {
  it('the owner acknowledges: state, audit entry, their card says so, and every sent copy gets an update', async () => {
    const f = await alerted(pick(false));
    const owner = person(f.owner!);
    const woken = wakeUps;

    const answer = await click('finding.ack', ref(f), owner);

    expect(answer.card).toBeDefined();
    expect(bodyText(answer.card!)).toContain(`Acknowledged by ${owner.name} at 10:42 UTC — SLA `);
    const after = await current(f);
    expect(after).toMatchObject({ state: 'acknowledged', version: f.version + 1, acknowledgedBy: owner.upn });
    expect(after.acknowledgedAt).toBe(now.toISOString());

    const audit = await auditOf(f);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { id: owner.aadObjectId, name: owner.name },
      action: 'finding.ack',
      subject: { type: 'finding', id: String(f.id) },
      source: cardActivity(f),
      details: { upn: owner.upn, fromState: 'open', toState: 'acknowledged', fromVersion: 1, toVersion: 2 },
    });

    // The sent channel card is updated in place; the personal copy not sent yet will render the new state.
    const updates = await updatesOf(f, after.version);
    expect(updates.map((u) => [u.kind, u.conversationId, u.activityId, u.payload])).toEqual([
      ['update', CHANNEL, cardActivity(f), { render: 'finding-alert', findingId: f.id }],
    ]);
    await new Promise((r) => setImmediate(r));
    expect(wakeUps).toBeGreaterThan(woken);

    // The clicker's card is their own view: the buttons they may still use, and the refresh for everyone listed.
    expect(buttonTitles(answer.card!)).toEqual(['Assign', 'Snooze', 'Set ETA']);
    const refresh = answer.card!.refresh as { action: { verb: string; data: unknown }; userIds: string[] };
    expect(refresh.action).toMatchObject({ verb: 'finding.view', data: { findingId: f.id, version: after.version } });
    expect(refresh.userIds).toContain(owner.id);
    expect(refresh.userIds).toContain(persona('soc', 0).id);
  });

  it('a reader who is neither owner nor SOC is refused and nothing changes', async () => {
    const f = await alerted(pick(false));
    for (const who of [someone, persona('leader'), persona('admin')]) {
      const answer = await click('finding.ack', ref(f), who);
      expect(answer.text).toBe("Only the finding's owner or a SOC analyst can acknowledge it. Nothing was changed.");
    }
    expect(await current(f)).toMatchObject({ state: 'open', version: f.version });
    expect(await auditOf(f)).toEqual([]);
    expect(await updatesOf(f, f.version + 1)).toEqual([]);
  });

  it('snooze 3 d: the owner may on a non-critical finding; on a critical one only SOC may', async () => {
    const plain = await alerted(pick(false));
    const owner = person(plain.owner!);
    const ok = await click('finding.snooze', { ...ref(plain), snoozeDays: '3' }, owner);
    expect(bodyText(ok.card!)).toContain(`Snoozed until 26 Nov 10:42 UTC by ${owner.name}`);
    expect(await current(plain)).toMatchObject({
      state: 'snoozed',
      snoozedUntil: new Date(now.getTime() + 3 * DAY).toISOString(),
    });

    const critical = await alerted(pick(true));
    expect(critical.critical).toBe(true);
    const criticalOwner = person(critical.owner!);
    const refused = await click('finding.snooze', { ...ref(critical), snoozeDays: '3' }, criticalOwner);
    expect(refused.text).toBe('Only SOC analysts can snooze a critical finding. Nothing was changed.');
    expect(await current(critical)).toMatchObject({ state: 'open', version: critical.version });

    const soc = persona('soc');
    const bySoc = await click('finding.snooze', { ...ref(critical), snoozeDays: '7' }, soc);
    expect(bodyText(bySoc.card!)).toContain(`Snoozed until 30 Nov 10:42 UTC by ${soc.name}`);
    expect(await current(critical)).toMatchObject({ state: 'snoozed', version: critical.version + 1 });
    expect((await auditOf(critical)).map((e) => [e.action, e.actor.name, e.details.days])).toEqual([
      ['finding.snooze', soc.name, 7],
    ]);
  });

  it('set ETA with a date and a justification; a date in the past is refused', async () => {
    const f = await alerted(pick(false));
    const owner = person(f.owner!);
    const past = await click(
      'finding.eta',
      { ...ref(f), etaDate: '2026-11-01', etaJustification: 'network change window' },
      owner,
    );
    expect(past.text).toBe('The ETA 2026-11-01 is in the past; pick today or later. Nothing was changed.');
    const missing = await click('finding.eta', { ...ref(f), etaDate: '2026-11-30' }, owner);
    expect(missing.text).toBe('Set ETA needs a justification. Nothing was changed.');

    const answer = await click(
      'finding.eta',
      { ...ref(f), etaDate: '2026-11-30', etaJustification: 'network change window on the 29th' },
      owner,
    );
    expect(bodyText(answer.card!)).toContain(
      `Fix planned for 30 Nov 2026 by ${owner.name}: network change window on the 29th`,
    );
    expect(await current(f)).toMatchObject({
      state: 'planned',
      eta: '2026-11-30T12:00:00.000Z',
      justification: 'network change window on the 29th',
    });
    expect((await auditOf(f)).map((e) => e.details)).toMatchObject([
      { date: '2026-11-30', justification: 'network change window on the 29th' },
    ]);
  });

  it('accept risk needs a justification, and only SOC may', async () => {
    const f = await alerted(pick(false));
    const soc = persona('soc');
    const empty = await click('finding.accept-risk', { ...ref(f), decisionJustification: '  ' }, soc);
    expect(empty.text).toBe('Accepting the risk needs a justification (at least 5 characters). Nothing was changed.');
    const none = await click('finding.accept-risk', ref(f), soc);
    expect(none.text).toBe('Accepting the risk needs a justification. Nothing was changed.');
    const byOwner = await click(
      'finding.accept-risk',
      { ...ref(f), decisionJustification: 'sandbox, no data' },
      person(f.owner!),
    );
    expect(byOwner.text).toBe('Only SOC analysts can accept the risk of a finding. Nothing was changed.');
    expect(await auditOf(f)).toEqual([]);

    const ok = await click('finding.accept-risk', { ...ref(f), decisionJustification: 'sandbox, no data' }, soc);
    expect(bodyText(ok.card!)).toContain(
      `Risk accepted by ${soc.name} at 10:42 UTC: sandbox, no data — SLA clock stopped`,
    );
    expect(await current(f)).toMatchObject({ state: 'risk-accepted', justification: 'sandbox, no data' });
  });

  it('SOC marks a false positive', async () => {
    const f = await alerted(pick(true));
    const soc = persona('soc', 1);
    const answer = await click(
      'finding.false-positive',
      { ...ref(f), decisionJustification: 'private endpoint already in place' },
      soc,
    );
    expect(bodyText(answer.card!)).toContain(`Marked false positive by ${soc.name} at 10:42 UTC`);
    expect(await current(f)).toMatchObject({ state: 'false-positive', version: f.version + 1 });
    expect(buttonTitles(answer.card!)).toEqual(['Accept risk']);
  });

  it('assign to a UPN; the assignee may then act as the owner does', async () => {
    const f = await alerted(pick(false, 'ben.carter@contoso.com'));
    const bad = await click('finding.assign', { ...ref(f), assignee: 'ben carter' }, person(f.owner!));
    expect(bad.text).toBe('Assign needs the person’s UPN or e-mail, like name@contoso.com. Nothing was changed.');
    const before = await click('finding.ack', ref(f), person('ben.carter@contoso.com'));
    expect(before.text).toContain('Only the finding');

    const answer = await click('finding.assign', { ...ref(f), assignee: 'Ben.Carter@Contoso.com' }, person(f.owner!));
    expect(cardText(answer.card!)).toContain('ben.carter@contoso.com');
    const assigned = await current(f);
    expect(assigned).toMatchObject({ assignee: 'ben.carter@contoso.com', state: 'open' });

    const ben = person('ben.carter@contoso.com');
    const acked = await click('finding.ack', ref(assigned), ben);
    expect(bodyText(acked.card!)).toContain(`Acknowledged by ${ben.name}`);
    expect((await auditOf(f)).map((e) => [e.action, e.details.assignee ?? null])).toEqual([
      ['finding.assign', 'ben.carter@contoso.com'],
      ['finding.ack', null],
    ]);
  });

  it('two people acknowledging at once: exactly one change and one audit entry; the other sees the current state', async () => {
    const f = await alerted(pick(false));
    const owner = person(f.owner!);
    const soc = persona('soc');
    const answers = await Promise.all([click('finding.ack', ref(f), owner), click('finding.ack', ref(f), soc)]);

    const after = await current(f);
    expect(after.version).toBe(f.version + 1);
    const audit = await auditOf(f);
    expect(audit).toHaveLength(1);
    const winner = audit[0]!.actor.name;
    expect([owner.name, soc.name]).toContain(winner);
    const texts = answers.map((a) => bodyText(a.card!));
    expect(texts.filter((t) => t.startsWith('This card was out of date:'))).toHaveLength(1);
    for (const t of texts) expect(t).toContain(`Acknowledged by ${winner} at 10:42 UTC`);
    expect(texts.find((t) => t.startsWith('This card was out of date:'))).toContain(
      `This card was out of date: ${winner} acknowledged it at 10:42 UTC — here is the current state.`,
    );
    expect(await updatesOf(f, after.version)).toHaveLength(1);
  });

  it('the same invoke twice changes the finding once', async () => {
    const f = await alerted(pick(false));
    const activity = invoke({ verb: 'finding.ack', data: ref(f), from: person(f.owner!), where: 'channel' });
    const first = answerOf(await postInvoke(url, activity));
    const replay = answerOf(await postInvoke(url, activity));
    expect(bodyText(first.card!)).not.toContain('out of date');
    expect(bodyText(replay.card!)).toContain('This card was out of date');
    expect((await current(f)).version).toBe(f.version + 1);
    expect(await auditOf(f)).toHaveLength(1);
  });

  it('forged data is refused with a reason: unknown finding, tampered version, garbage, another tenant', async () => {
    const f = await alerted(pick(false));
    const owner = person(f.owner!);

    const unknown = await click('finding.ack', { findingId: 987_654, version: 1 }, owner);
    expect(unknown.text).toBe('I have no finding #987654. Nothing was changed.');

    const tampered = await click('finding.ack', { findingId: f.id, version: 99 }, owner);
    expect(bodyText(tampered.card!)).toContain(
      'This card was out of date: it is now open — here is the current state.',
    );

    const garbage = await click('finding.ack', { findingId: String(f.id), version: 'latest' }, owner);
    expect(garbage.text).toMatch(/^That button is out of date or was not made by Vigil, so nothing was changed/);

    // Someone in another organisation (their own chat there) sends the same button.
    const foreign = await click('finding.ack', ref(f), owner, (a) => {
      a.conversation = { id: 'a:foreign-chat', conversationType: 'personal', tenantId: OTHER_TENANT };
      a.channelData = { tenant: { id: OTHER_TENANT } };
    });
    expect(foreign.text).toBe(
      'This card belongs to another organisation’s Vigil, so I refused the action. Nothing was changed.',
    );
    const mismatched = await click('finding.ack', ref(f), owner, (a) => {
      a.channelData = { tenant: { id: OTHER_TENANT } };
    });
    expect(mismatched.text).toBe(
      'I could not confirm which organisation this action came from, so I refused it. Nothing was changed.',
    );

    expect(await current(f)).toMatchObject({ state: 'open', version: f.version });
    expect(await auditOf(f)).toEqual([]);
  });

  it('history lists who did what, newest first; readers without standing are refused', async () => {
    const f = await alerted(pick(false, undefined, true));
    // The poll's own entry, as detection writes it.
    await vigil.store.audit.append({
      actor: { id: 'job:findings-poll', name: 'Vigil' },
      action: 'finding.detected',
      subject: { type: 'finding', id: String(f.id) },
      details: { severity: f.severity, zone: f.zone, critical: false },
    });
    const owner = person(f.owner!);
    const soc = persona('soc');
    await click('finding.ack', ref(f), owner);
    await click('finding.snooze', { ...ref(await current(f)), snoozeDays: '1' }, owner);
    await click('finding.assign', { ...ref(await current(f)), assignee: soc.upn }, soc);

    const answer = await click('finding.history', ref(await current(f)), owner);
    const text = cardText(answer.card!);
    expect(text).toContain(`History of finding #${f.id}`);
    const lines = [
      `**${soc.name}** assigned it to ${soc.upn}`,
      `**${owner.name}** snoozed it for 1 day, until 24 Nov 10:42 UTC`,
      `**${owner.name}** acknowledged it`,
      `**Vigil** detected it (${f.severity}, zone ${f.zone})`,
    ];
    const at = lines.map((l) => text.indexOf(l));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(await auditOf(f)).toHaveLength(4); // reading the history is not an action

    const refused = await click('finding.history', ref(f), someone);
    expect(refused.text).toBe("Only SOC analysts, leaders, admins and the finding's owner can read its history.");

    // The same card by command: `history <number>` or words from its name and resource.
    const { replies } = await post(url, message({ text: `history ${f.id}`, from: persona('leader') }));
    expect(cardText(cardsOf(replies)[0])).toContain(`**${owner.name}** acknowledged it`);
    const byName = await post(url, message({ text: `history of ${f.displayName} on ${f.resourceName}`, from: soc }));
    expect(cardText(cardsOf(byName.replies)[0])).toContain(`History of finding #${f.id}`);
    // Another occurrence of the same finding: both are listed, newest first, to pick by number.
    const again = await alerted(pick(false, undefined, true));
    const both = await post(url, message({ text: `history ${f.resourceName}`, from: soc }));
    const listed = both.replies[0]?.text ?? '';
    expect(listed).toContain(`Ask for one by number, e.g. \`history ${again.id}\``);
    expect(listed.indexOf(`**#${again.id}**`)).toBeLessThan(listed.indexOf(`**#${f.id}**`));
    const strangers = await post(url, message({ text: `history ${f.id}`, from: someone }));
    expect(strangers.replies[0]?.text).toBe(
      "Only SOC analysts, leaders, admins and the finding's owner can read its history.",
    );
  });

  it('refresh gives each person their own view: the owner their buttons, SOC all of them, a leader none', async () => {
    const f = await alerted(pick(false));
    const view = (who: Person) => click('finding.view', ref(f), who);
    const ownerView = await view(person(f.owner!));
    expect(buttonTitles(ownerView.card!)).toEqual(['Acknowledge', 'Assign', 'Snooze', 'Set ETA']);
    const socView = await view(persona('soc'));
    expect(buttonTitles(socView.card!)).toEqual(['Acknowledge', 'Assign', 'Snooze', 'Set ETA', 'Accept risk / FP']);
    const leaderView = await view(persona('leader'));
    expect(buttonTitles(leaderView.card!)).toEqual([]);
    expect(cardText(leaderView.card!)).not.toContain('History');
    expect(cardText(ownerView.card!)).toContain('History');
    // Refreshing is reading: nothing changes, nothing is audited, even from an old card version.
    await click('finding.view', { findingId: f.id, version: 1 }, someone);
    expect(await current(f)).toMatchObject({ version: f.version, state: 'open' });
    expect(await auditOf(f)).toEqual([]);
  });

  it('nobody acts on a resolved finding; its history stays open to those who act on it', async () => {
    const f = await alerted(pick(true));
    const resolved = await vigil.store.findings.transition(f.id, f.version, { state: 'resolved', resolvedAt: now });
    if (!resolved.ok) throw new Error('could not resolve');
    const soc = persona('soc');
    const view = await click('finding.view', ref(resolved.finding), soc);
    expect(buttonTitles(view.card!)).toEqual([]);
    expect(bodyText(view.card!)).toContain('Resolved at 10:42 UTC — SLA clock stopped');
    expect(cardText(view.card!)).toContain('History');
    const ack = await click('finding.ack', ref(resolved.finding), soc);
    expect(ack.text).toBe(
      "You can't acknowledge this finding: it is resolved: Defender reports it healthy. Nothing was changed.",
    );
  });
});

describe('finding card renderers (what the outbox worker sends)', () => {
  it('the alert: base view with the details from the snapshot, no buttons, refresh for owner and SOC', async () => {
    const pathsOf = (x: EstateFinding) =>
      estate.attackPaths.filter(
        (p) =>
          x.finding.risk.attackPathIds.includes(p.id) ||
          (p.resourceIds.includes(x.finding.resourceId) && p.assessmentKeys.includes(x.finding.key)),
      );
    const ef = estate.openFindings.find(
      (x) => x.owner && ownerUpns().has(x.owner.id) && pathsOf(x).length > 0 && x.finding.risk.factors.length > 0,
    );
    if (!ef) throw new Error('the demo estate has no owned finding on an attack path');
    const f = await alerted(ef);
    const { renderFindingAlert } = findingRenderers({ store: vigil.store, config: vigil.config });
    const activity = await renderFindingAlert(
      { render: 'finding-alert', findingId: f.id },
      { conversationId: CHANNEL, now },
    );
    const card = activity?.attachments?.[0]?.content as AdaptiveCard;
    expect(activity?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expectValidCard(card);
    expect(card.actions ?? []).toEqual([]);
    const text = cardText(card);
    expect(text).toContain(f.displayName);
    expect(text).toContain(`${ef.finding.severity} severity`);
    expect(text).toContain(f.resourceName);
    expect(text).toContain(`zone ${f.zone}`);
    expect(text).toContain(f.owner!);
    expect(text).toContain('Open — SLA ');
    for (const factor of ef.finding.risk.factors.slice(0, 3)) expect(text).toContain(factor);
    expect(text).toContain('**Attack paths:** ');
    for (const p of pathsOf(ef).slice(0, 3)) expect(text).toContain(p.displayName);
    expect(text).toContain('**Critical because:** ');
    if (ef.finding.remediation) expect(text).toContain(ef.finding.remediation.trim().slice(0, 60));
    if (ef.finding.portalUri) expect(JSON.stringify(card)).toContain(JSON.stringify(ef.finding.portalUri).slice(1, -1));
    const refresh = card.refresh as { userIds: string[] };
    expect(refresh.userIds[0]).toBe(person(f.owner!).id);
    for (const soc of people.filter((p) => p.persona === 'soc'))
      expect(refresh.userIds).toContain(`29:${soc.objectId}`);

    expect(
      await renderFindingAlert({ render: 'finding-alert', findingId: 987_654 }, { conversationId: CHANNEL, now }),
    ).toBeNull();
  });

  it('the summary: the count, the most urgent first, and "Show all"', async () => {
    const a = await alerted(pick(false));
    const b = await alerted(pick(true));
    const { renderFindingSummary } = findingRenderers({ store: vigil.store, config: vigil.config });
    const activity = await renderFindingSummary(
      { render: 'finding-summary', findingIds: [a.id, b.id, 987_654], query: 'findings critical' },
      { conversationId: CHANNEL, now },
    );
    const card = activity?.attachments?.[0]?.content as AdaptiveCard;
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('2 new AI findings · 1 critical');
    expect(text.indexOf(`#${b.id} `)).toBeLessThan(text.indexOf(`#${a.id} `));
    expect(card.actions).toMatchObject([{ verb: 'vigil.page', data: { query: 'findings critical', page: 0 } }]);
  });
});

describe('updating every copy of a finding card', () => {
  it('queues one in-place update per sent alert card, once per version, and none for cards not sent yet', async () => {
    const f = await alerted(pick(false));
    // Another sent copy in a second channel, and another finding's card whose key shares the prefix digits.
    const other = conversationId('19:other_100%@thread.tacv2');
    const second = await vigil.store.outbox.enqueue({
      dedupeKey: `finding:${f.id}:alert:${other}`,
      conversationId: other,
      kind: 'send',
      payload: { render: 'finding-alert', findingId: f.id },
    });
    await vigil.store.outbox.markSent(second.message.id, 'second-card');
    const lookalike = await vigil.store.outbox.enqueue({
      dedupeKey: `finding:${f.id}0:alert:${CHANNEL}`,
      conversationId: CHANNEL,
      kind: 'send',
      payload: { render: 'finding-alert', findingId: f.id * 10 },
    });
    await vigil.store.outbox.markSent(lookalike.message.id, 'lookalike-card');

    const changed = await vigil.store.findings.transition(f.id, f.version, { state: 'resolved', resolvedAt: now });
    if (!changed.ok) throw new Error('could not change the finding');
    expect(await enqueueFindingCardUpdates(vigil.store, changed.finding)).toBe(2);
    expect(await enqueueFindingCardUpdates(vigil.store, changed.finding)).toBe(0); // same version: no second update
    const updates = await updatesOf(f, changed.finding.version);
    expect(updates.map((u) => `${u.conversationId} ${u.activityId}`).sort()).toEqual(
      [`${CHANNEL} ${cardActivity(f)}`, `${other} second-card`].sort(),
    );
    expect(updates.every((u) => u.kind === 'update' && u.status === 'pending')).toBe(true);
  });
});
