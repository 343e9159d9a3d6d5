// The outbox worker end to end: real store, real TeamsAdapter, the connector stand-in over real HTTP.

import { afterEach, describe, expect, it } from 'vitest';
import { VirtualTimers } from '../bot/delivery/timers.js';
import type { OutboxPayload } from '../store/index.js';
import { ADMIN, contentOf, findingCard, maxInWindow, READER, type Rig, startRig } from './delivery.harness.js';

const alert = (findingId: number): OutboxPayload => ({ render: 'finding-alert', findingId });
const alertKey = (findingId: number, conversation: string) => `finding:${findingId}:alert:${conversation}`;

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

describe('delivery: what arrives where', () => {
  it('sends a queued card once, to the right conversation, with the right content', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    const other = await rig.addChannel('elsewhere');
    const row = await rig.enqueue({
      dedupeKey: alertKey(42, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(42),
    });

    const worker = rig.worker();
    await worker.drain();
    await worker.drain();

    const sent = rig.connector.sent();
    expect(sent).toHaveLength(1);
    const [call] = sent;
    expect(call).toMatchObject({ method: 'POST', op: 'send', conversationId: channel, threadRootId: null });
    const body = call!.body as { type: string; attachments: { contentType: string; content: unknown }[] };
    expect(body.type).toBe('message');
    expect(body.attachments[0]).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: findingCard(42),
    });
    expect(rig.connector.sent(other)).toHaveLength(0);
    // No bearer token: auth is off, and the stand-in is plain http.
    expect(call!.headers.authorization).toBeUndefined();

    const stored = await rig.store.outbox.get(row.id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, sentActivityId: call!.responseId });
  });

  it('posts replies into the alert’s thread and updates the alert card in place', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    const original = await rig.enqueue({
      dedupeKey: alertKey(7, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(7),
    });
    const worker = rig.worker();
    await worker.drain();
    const root = (await rig.store.outbox.get(original.id))!.sentActivityId!;
    expect(root).toMatch(/^\d+$/);

    await rig.enqueue({
      dedupeKey: `finding:7:reminder-1:reply:${channel}`,
      conversationId: channel,
      kind: 'reply',
      activityId: root,
      payload: { render: 'text', text: 'Reminder: SLA due in 2 d' },
    });
    await rig.enqueue({
      dedupeKey: `finding:7:v2:update:${channel}`,
      conversationId: channel,
      kind: 'update',
      activityId: root,
      payload: alert(7),
    });
    await worker.drain();

    const [reply] = rig.connector.sent().slice(1);
    expect(reply).toMatchObject({
      method: 'POST',
      conversationId: `${channel};messageid=${root}`,
      baseConversationId: channel,
      threadRootId: root,
    });
    expect(contentOf(reply!.body)).toBe('Reminder: SLA due in 2 d');

    const [update] = rig.connector.updates();
    expect(update).toMatchObject({ method: 'PUT', conversationId: channel, activityId: root });
    expect((update!.body as { id: string }).id).toBe(root);
    expect(contentOf(update!.body)).toBe('Finding 7');
    // Nothing went out as a new top-level post besides the original.
    expect(rig.connector.sent().filter((c) => c.threadRootId === null)).toHaveLength(1);
  });
});

describe('delivery: failures', () => {
  it('waits out a 429 Retry-After, then sends, and counts the attempt', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    rig.connector.fail({ status: 429, retryAfter: 1, conversationId: channel });
    const row = await rig.enqueue({
      dedupeKey: alertKey(1, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(1),
    });

    // No jitter: only the Retry-After can hold the retry back a whole second.
    const worker = rig.worker({ poll: true, tuning: { random: () => 0 } });
    await rig.connector.waitFor(() => rig.connector.sent(channel).length === 1);

    const calls = rig.connector.calls.filter((c) => c.baseConversationId === channel && c.op === 'send');
    expect(calls.map((c) => c.status)).toEqual([429, 201]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    await worker.stop();
    expect(await rig.store.outbox.get(row.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(worker.stats()).toMatchObject({ sent: 1, retried: 1, dead: 0 });
  });

  it('retries 502, 504 and 412 with growing back-off, then delivers once', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    for (const status of [502, 504, 412]) rig.connector.fail({ status, conversationId: channel });
    const row = await rig.enqueue({
      dedupeKey: alertKey(2, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(2),
    });

    // random() just under 1: each wait is the top of its jitter range, 100 → 200 → 400 ms.
    const worker = rig.worker({ poll: true, tuning: { backoff: { baseMs: 100, maxMs: 10_000 }, random: () => 0.999 } });
    await rig.connector.waitFor(() => rig.connector.sent(channel).length === 1);
    await worker.stop();

    const calls = rig.connector.calls.filter((c) => c.baseConversationId === channel && c.op === 'send');
    expect(calls.map((c) => c.status)).toEqual([502, 504, 412, 201]);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(99);
    expect(gaps[1]).toBeGreaterThanOrEqual(199);
    expect(gaps[2]).toBeGreaterThanOrEqual(399);
    expect(await rig.store.outbox.get(row.id)).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('dead-letters after maxAttempts, and admins see it in `status`; others are refused', async () => {
    rig = await startRig({ delivery: { maxAttempts: 3 } });
    const channel = await rig.addChannel('alerts');
    await rig.addPersonalChat(ADMIN);
    rig.connector.fail({ status: 502, conversationId: channel, times: Number.POSITIVE_INFINITY });
    const row = await rig.enqueue({
      dedupeKey: alertKey(3, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(3),
    });

    const worker = rig.worker({ poll: true, tuning: { backoff: { baseMs: 20, maxMs: 50 } } });
    await rig.connector.waitFor(() => rig.connector.calls.filter((c) => c.baseConversationId === channel).length === 3);
    await worker.stop();
    expect(rig.connector.sent(channel)).toHaveLength(0);
    const dead = await rig.store.outbox.get(row.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead!.lastError).toMatch(/gave up after 3 attempts: 502 BadGateway/);

    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await rig.store.jobRuns.claimSlot('discovery', slot, 'replica-1');
    await rig.store.jobRuns.finishRun('discovery', slot, 'replica-1', { status: 'succeeded' });
    await rig.store.jobRuns.claimSlot('findings-poll', slot, 'replica-1');
    await rig.store.jobRuns.finishRun('findings-poll', slot, 'replica-1', {
      status: 'failed',
      error: 'Resource Graph 503',
    });

    const [answer] = await rig.say('status', ADMIN);
    expect(answer!.text).toContain('1 dead');
    expect(answer!.text).toMatch(/\*\*discovery\*\*: succeeded/);
    expect(answer!.text).toMatch(/\*\*findings-poll\*\*: \*\*failed\*\* .*: Resource Graph 503/);
    expect(answer!.text).toContain(alertKey(3, channel));
    expect(answer!.text).toContain(channel);
    expect(answer!.text).toContain('502 BadGateway');

    const [refusal] = await rig.say('status', READER);
    expect(refusal!.text).toMatch(/Only Vigil admins/);
    expect(refusal!.text).not.toContain(channel);
  });

  it('403 BotNotInConversationRoster: forgets the conversation and its subscriptions, tells the admins, sends there no more', async () => {
    const soc = '19:soc@thread.tacv2';
    rig = await startRig({ defaultChannel: soc });
    const lost = await rig.addChannel('lost');
    await rig.addChannel('soc');
    const adminChat = await rig.addPersonalChat(ADMIN);
    await rig.store.subscriptions.add({
      conversationId: lost,
      topic: 'findings',
      filter: { zone: 3 },
      createdBy: ADMIN.upn,
    });
    await rig.store.subscriptions.add({ conversationId: lost, topic: 'findings', filter: {}, createdBy: ADMIN.upn });
    rig.connector.fail({ status: 403, conversationId: lost, times: Number.POSITIVE_INFINITY });
    const first = await rig.enqueue({
      dedupeKey: alertKey(10, lost),
      conversationId: lost,
      kind: 'send',
      payload: alert(10),
    });
    const second = await rig.enqueue({
      dedupeKey: alertKey(11, lost),
      conversationId: lost,
      kind: 'send',
      payload: alert(11),
    });

    const worker = rig.worker();
    await worker.drain();

    expect(rig.connector.calls.filter((c) => c.baseConversationId === lost)).toHaveLength(1);
    expect(await rig.store.subscriptions.listForConversation(lost)).toEqual([]);
    expect(await rig.store.conversations.get(lost)).toBeNull();
    for (const id of [first.id, second.id]) expect((await rig.store.outbox.get(id))!.status).toBe('dead');
    expect((await rig.store.outbox.get(first.id))!.lastError).toContain('BotNotInConversationRoster');

    for (const where of [adminChat, soc]) {
      const notices = rig.connector.sent(where);
      expect(notices).toHaveLength(1);
      expect(contentOf(notices[0]!.body)).toMatch(/Vigil was removed from the channel .*2 subscriptions were removed/);
    }
    expect(worker.stats()).toMatchObject({ removed: 1, dead: 2 });

    // Later alerts for it go nowhere near Teams.
    await rig.enqueue({ dedupeKey: alertKey(12, lost), conversationId: lost, kind: 'send', payload: alert(12) });
    await worker.drain();
    expect(rig.connector.calls.filter((c) => c.baseConversationId === lost)).toHaveLength(1);
  });
});

describe('delivery: pacing and order', () => {
  it('never sends more than 7 in any second or 8 in any 2 s to one conversation (20 messages)', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('busy');
    for (let i = 1; i <= 20; i++) {
      await rig.enqueue({ dedupeKey: alertKey(i, channel), conversationId: channel, kind: 'send', payload: alert(i) });
    }
    await rig.worker().drain();

    const sent = rig.connector.sent(channel);
    expect(sent.map((c) => contentOf(c.body))).toEqual(Array.from({ length: 20 }, (_, i) => `Finding ${i + 1}`));
    const times = sent.map((c) => c.at);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(sent.every((c) => c.concurrentInConversation === 1)).toBe(true);
  }, 20_000);

  it('100 messages to one conversation on virtual time: at most 60 in any 30 s, done as soon as the limits allow', async () => {
    // Virtual time: real HTTP and store writes, but the 39 s of pacing take no wall time.
    let timers: VirtualTimers | null = null;
    rig = await startRig({ connector: { now: () => (timers ? timers.now().getTime() : Date.now()) } });
    const channel = await rig.addChannel('busy');
    for (let i = 1; i <= 100; i++) {
      await rig.enqueue({ dedupeKey: alertKey(i, channel), conversationId: channel, kind: 'send', payload: alert(i) });
    }
    timers = new VirtualTimers(new Date());
    const start = timers.now().getTime();
    const worker = rig.worker({ timers, clock: timers.now });
    await worker.drain();

    const sent = rig.connector.sent(channel);
    expect(sent).toHaveLength(100);
    const times = sent.map((c) => c.at - start);
    expect(maxInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    expect(maxInWindow(times, 2_000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
    // The 61st waits for the first to leave its 30 s window; the 100th goes at 39 s, the earliest possible
    // (plus the 10 ms safety margin per window).
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
    expect(times[99]).toBeGreaterThanOrEqual(39_000);
    expect(times[99]).toBeLessThan(39_500);
  });

  it('sends to different conversations side by side, and to one conversation one at a time, in order', async () => {
    rig = await startRig({ connector: { latencyMs: 300 } });
    const channels = [];
    for (const name of ['a', 'b', 'c', 'd']) channels.push(await rig.addChannel(name));
    for (const channel of channels) {
      for (let i = 1; i <= 3; i++) {
        await rig.enqueue({
          dedupeKey: alertKey(i, channel),
          conversationId: channel,
          kind: 'send',
          payload: alert(i),
        });
      }
    }
    await rig.worker().drain();

    const firsts = channels.map((c) => rig.connector.sent(c)[0]!.at);
    const seconds = channels.map((c) => rig.connector.sent(c)[1]!.at);
    expect(Math.max(...firsts)).toBeLessThan(Math.min(...seconds));
    for (const channel of channels) {
      const sent = rig.connector.sent(channel);
      expect(sent.map((c) => contentOf(c.body))).toEqual(['Finding 1', 'Finding 2', 'Finding 3']);
      expect(sent.every((c) => c.concurrentInConversation === 1)).toBe(true);
    }
  });
});

describe('delivery: crashes and replicas', () => {
  it('a worker that claimed and died: after the lease, another sends each message exactly once', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    for (let i = 1; i <= 3; i++) {
      await rig.enqueue({ dedupeKey: alertKey(i, channel), conversationId: channel, kind: 'send', payload: alert(i) });
    }
    const claimed = await rig.store.outbox.claimDue({
      workerId: 'crashed',
      leaseMs: rig.config.delivery.leaseMs,
      limit: 10,
    });
    expect(claimed).toHaveLength(3);

    // Within the lease, a healthy worker leaves them alone.
    await rig.worker().drain();
    expect(rig.connector.sent()).toHaveLength(0);

    // Past the lease (a worker whose clock reads a minute and a second later), they go out once each.
    const later = () => new Date(Date.now() + rig.config.delivery.leaseMs + 1000);
    await rig.worker({ clock: later }).drain();
    expect(rig.connector.sent().map((c) => contentOf(c.body))).toEqual(['Finding 1', 'Finding 2', 'Finding 3']);
    for (const row of claimed)
      expect(await rig.store.outbox.get(row.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a worker that died after Teams accepted but before recording it: the one known duplicate', async () => {
    rig = await startRig();
    const channel = await rig.addChannel('alerts');
    const row = await rig.enqueue({
      dedupeKey: alertKey(1, channel),
      conversationId: channel,
      kind: 'send',
      payload: alert(1),
    });
    // The process "dies" between the connector's answer and the write that marks the row sent.
    const outbox = rig.store.outbox;
    const dying = new Proxy(outbox, {
      get: (target, prop) =>
        prop === 'markSent'
          ? async () => {
              throw new Error('process killed');
            }
          : (Reflect.get(target, prop) as unknown as (...a: unknown[]) => unknown).bind(target),
    });
    await rig.worker({ store: { ...rig.store, outbox: dying } }).drain();
    expect(rig.connector.sent()).toHaveLength(1);
    expect((await outbox.get(row.id))!.status).toBe('sending');

    await rig.worker().drain();
    expect(rig.connector.sent()).toHaveLength(1);
    const later = () => new Date(Date.now() + rig.config.delivery.leaseMs + 1000);
    await rig.worker({ clock: later }).drain();
    // At-least-once: the message went twice, and only because the first send's outcome was never recorded.
    expect(rig.connector.sent().map((c) => contentOf(c.body))).toEqual(['Finding 1', 'Finding 1']);
    expect((await outbox.get(row.id))!.status).toBe('sent');
  });

  it('two workers on two connections to one store never send the same row', async () => {
    rig = await startRig();
    const channels = [];
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) channels.push(await rig.addChannel(name));
    let n = 0;
    for (let i = 1; i <= 10; i++) {
      for (const channel of channels) {
        n += 1;
        await rig.enqueue({
          dedupeKey: alertKey(n, channel),
          conversationId: channel,
          kind: 'send',
          payload: alert(n),
        });
      }
    }
    const { openStore } = await import('../store/index.js');
    const { createLogger } = await import('../config/logger.js');
    const second = await openStore({ file: rig.file, logger: createLogger('silent'), clock: () => new Date() });
    try {
      const one = rig.worker({ tuning: { maxHeld: 7 } });
      const two = rig.worker({ store: second, tuning: { maxHeld: 7 } });
      await Promise.all([one.drain(), two.drain()]);
      const contents = rig.connector.sent().map((c) => contentOf(c.body));
      expect(contents).toHaveLength(60);
      expect(new Set(contents).size).toBe(60);
      expect(one.stats().sent).toBeGreaterThan(0);
      expect(two.stats().sent).toBeGreaterThan(0);
      expect(one.stats().sent + two.stats().sent).toBe(60);
    } finally {
      await second.close();
    }
  });
});
