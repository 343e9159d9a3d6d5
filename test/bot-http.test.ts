// The bot through its real HTTP endpoint, on the demo tenant, as Teams drives it.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, type Vigil } from '../bot/main.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { conversationId } from '../store/index.js';
import { cardText, expectValidCard } from './support/cards.js';
import { cardsOf, message, post, someone } from './support/teams.js';

const logger = createLogger('silent');
const freshDb = () => join(mkdtempSync(join(tmpdir(), 'vigil-bot-')), 'vigil.db');

describe('Vigil over /api/messages (demo tenant, auth off)', () => {
  let vigil: Vigil;
  let now = new Date('2026-11-23T10:42:00Z');
  const clock = () => now;

  beforeAll(async () => {
    vigil = await startVigil({
      config: loadConfig({ VIGIL_DB: freshDb() }),
      logger,
      clock,
      port: 0,
      schedule: false,
      deliver: false,
    });
    await vigil.firstDiscovery;
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('is alive and ready once the store is open and the sources answer', async () => {
    expect(vigil.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${vigil.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${vigil.url}/readyz`);
    const body = (await ready.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ['store', true],
      ['sources', true],
    ]);
  });

  it('answers help with a valid card that says what Vigil does and how fresh its data is', async () => {
    const { status, replies } = await post(vigil.url, message({ text: 'help' }));
    expect(status).toBe(200);
    const [card] = cardsOf(replies);
    expect(card).toBeDefined();
    expectValidCard(card!);
    const text = cardText(card);
    expect(text).toContain('Hi Sam Reader');
    expect(text).toMatch(/Watching \d+ AI resources in \d+ subscriptions · \d+ open findings/);
    expect(text).toContain('as of 10:42 UTC');
    expect(text).toContain('Demo tenant');
    for (const planned of ['inventory', 'posture', 'findings', 'attack paths', 'readiness', 'my findings']) {
      expect(text).toContain(`**${planned}**`);
    }
  });

  it('reports the time each turn took (Server-Timing) for operators and benchmarks', async () => {
    const res = await fetch(`${vigil.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message({ text: 'help' })),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/^turn;dur=\d+(\.\d)?$/);
  });

  it('strips the @mention in a channel and forgives case and punctuation', async () => {
    const { replies } = await post(vigil.url, message({ text: 'HELP!', where: 'channel', mention: true }));
    const [card] = cardsOf(replies);
    expect(cardText(card)).toContain('Vigil — AI security posture in Teams');
  });

  it('tells a known SOC analyst their role', async () => {
    const soc = vigil.connected.demo!.estate.people.find((p) => p.persona === 'soc')!;
    const { replies } = await post(
      vigil.url,
      message({ text: 'help', from: { id: '29:soc', name: soc.displayName, aadObjectId: soc.objectId } }),
    );
    expect(cardText(cardsOf(replies)[0])).toContain('You are signed in as SOC analyst');
  });

  it('suggests the closest command for a typo and never stays silent', async () => {
    const { replies } = await post(vigil.url, message({ text: 'hlep' }));
    expect(replies[0]?.text).toContain('Did you mean `help`?');
    const empty = await post(vigil.url, message({ text: '   ' }));
    expect(empty.replies[0]?.text).toContain('Ask me `help`');
  });

  it('remembers every conversation and follows service URL changes', async () => {
    const conversation = 'a:personal-remember-me';
    await post(
      vigil.url,
      message({ text: 'help', conversationId: conversation, serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
    );
    await post(
      vigil.url,
      message({ text: 'help', conversationId: conversation, serviceUrl: 'https://smba.trafficmanager.net/amer/' }),
    );
    const stored = await vigil.store.conversations.get(conversationId(conversation));
    expect(stored?.serviceUrl).toBe('https://smba.trafficmanager.net/amer/');
    expect(stored?.type).toBe('personal');
    expect(stored?.userAadObjectId).toBe(someone.aadObjectId);
    const channel = await post(vigil.url, message({ text: 'help', where: 'channel', mention: true }));
    expect(channel.status).toBe(200);
    const channels = await vigil.store.conversations.list({ type: 'channel' });
    expect(channels[0]?.teamId).toBe('19:team@thread.tacv2');
  });

  it('reports not ready when the Azure sources stop answering', async () => {
    await vigil.connected.close();
    now = new Date(now.getTime() + 60_000); // past the readiness cache
    const ready = await fetch(`${vigil.url}/readyz`);
    const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    expect(ready.status).toBe(503);
    expect(body.checks.find((c) => c.name === 'sources')?.ok).toBe(false);
  });
});

describe('Vigil with Bot Framework authentication on', () => {
  it('refuses activities without a valid token and binds where told', async () => {
    const config = loadConfig({
      VIGIL_DB: freshDb(),
      MicrosoftAppId: '3f0c6b2e-1d2a-4c5b-9e8f-0a1b2c3d4e5f',
      MicrosoftAppPassword: 'not-a-real-secret',
      VIGIL_HOST: '127.0.0.1',
    });
    const vigil = await startVigil({ config, logger, port: 0, discoverOnStart: false });
    try {
      const { status, replies } = await post(vigil.url, message({ text: 'help' }));
      expect(status).toBe(401);
      expect(replies).toEqual([]);
    } finally {
      await vigil.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, closes the store, and can be called twice', async () => {
    const vigil = await startVigil({
      config: loadConfig({ VIGIL_DB: freshDb() }),
      logger,
      port: 0,
      discoverOnStart: false,
    });
    const url = vigil.url;
    await Promise.all([vigil.stop(), vigil.stop()]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(await vigil.store.ping()).toBe(false);
  });
});
