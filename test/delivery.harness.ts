// A delivery rig for tests: real store (SQLite file), the real bot behind its real HTTP endpoint (so
// conversations are registered the way Teams registers them, and `status` is asked the way a person asks),
// the real TeamsAdapter for sending, and the connector stand-in on the other side.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardFactory } from 'botbuilder';
import { type Bot, createBot } from '../bot/app.js';
import { basicRenderers } from '../bot/delivery/payload.js';
import type { Renderer } from '../bot/delivery/types.js';
import { type OutboxWorker, type OutboxWorkerDeps, startOutboxWorker } from '../bot/delivery/worker.js';
import { staticDirectory } from '../bot/people.js';
import { type RunningServer, startServer } from '../bot/server.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import {
  type ConversationId,
  conversationId,
  type EnqueueInput,
  type OutboxMessage,
  type OutboxPayload,
  openStore,
  type Store,
} from '../store/index.js';
import { type Connector, type ConnectorOptions, startConnector } from './support/connector.js';
import { message, type Person, post, type ReplyActivity } from './support/teams.js';

export const ADMIN: Person & { upn: string } = {
  id: '29:1-admin',
  name: 'Ada Admin',
  aadObjectId: '0b5f2d47-0000-4000-8000-00000000ad01',
  upn: 'ada.admin@contoso.example',
};
export const READER: Person = {
  id: '29:1-reader',
  name: 'Rita Reader',
  aadObjectId: '0b5f2d47-0000-4000-8000-0000000000r1',
};

/** A card the test renderer produces for a finding: says which finding, so a test can tell cards apart. */
export const findingCard = (findingId: number) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: `Finding ${findingId}`, wrap: true }],
});

/** Stand-ins for ACTIONS' renderers: delivery only needs something that turns a payload into an activity. */
export const testRenderers: Record<OutboxPayload['render'], Renderer> = {
  ...basicRenderers,
  'finding-alert': async (p) =>
    p.render === 'finding-alert' ? { attachments: [CardFactory.adaptiveCard(findingCard(p.findingId))] } : null,
  'finding-summary': async (p) =>
    p.render === 'finding-summary' ? { text: `${p.findingIds.length} findings: ${p.query}` } : null,
  'prompt-anomaly': async () => null,
  review: async () => null,
};

export interface RigOptions {
  delivery?: Partial<Config['delivery']>;
  defaultChannel?: string;
  connector?: ConnectorOptions;
}

export interface Rig {
  /** The SQLite file, for a second connection (another replica). */
  file: string;
  store: Store;
  config: Config;
  bot: Bot;
  server: RunningServer;
  connector: Connector;
  /** Registers a channel the way Teams does: someone @mentions Vigil there (serviceUrl = the stand-in). */
  addChannel(name: string): Promise<ConversationId>;
  /** Registers a person's personal chat with Vigil. */
  addPersonalChat(person: Person): Promise<ConversationId>;
  /** Says something to the bot; returns its replies (they come back in the HTTP response). */
  say(text: string, from: Person, where?: 'personal' | 'channel'): Promise<ReplyActivity[]>;
  enqueue(input: Omit<EnqueueInput, 'conversationId'> & { conversationId: string }): Promise<OutboxMessage>;
  worker(overrides?: Partial<OutboxWorkerDeps>): OutboxWorker;
  close(): Promise<void>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const logger = createLogger('silent');
  const clock = () => new Date();
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-delivery-')), 'vigil.db');
  const loaded = loadConfig({ VIGIL_DB: file, VIGIL_ADMINS: `${ADMIN.aadObjectId}` });
  const config: Config = {
    ...loaded,
    alerts: { ...loaded.alerts, defaultChannel: options.defaultChannel ?? '' },
    // Tests may go below the schema's minimum lease to see expiry without waiting a minute.
    delivery: { ...loaded.delivery, ...options.delivery },
  };
  const store = await openStore({ file, logger, clock });
  const connector = await startConnector(options.connector);
  const bot = createBot({
    config,
    logger,
    clock,
    store,
    directory: staticDirectory([{ objectId: ADMIN.aadObjectId, upn: ADMIN.upn }]),
  });
  const server = await startServer({ bot, logger, readiness: async () => [] }, 0, '127.0.0.1');
  const workers: OutboxWorker[] = [];

  const say = async (text: string, from: Person, where: 'personal' | 'channel' = 'personal', id?: string) => {
    const activity = message({
      text,
      from,
      where,
      mention: where === 'channel',
      serviceUrl: connector.url,
      conversationId: id,
    });
    const { status, replies } = await post(server.url, activity);
    if (status !== 200) throw new Error(`the bot answered ${status} to "${text}"`);
    return replies;
  };

  return {
    file,
    store,
    config,
    bot,
    server,
    connector,
    async addChannel(name) {
      const id = `19:${name}@thread.tacv2`;
      await say('hello', READER, 'channel', `${id};messageid=1`);
      return conversationId(id);
    },
    async addPersonalChat(person) {
      const id = `a:personal-${person.id}`;
      await say('hello', person, 'personal', id);
      return conversationId(id);
    },
    say: (text, from, where) => say(text, from, where),
    async enqueue(input) {
      const { message: row } = await store.outbox.enqueue({
        ...input,
        conversationId: conversationId(input.conversationId),
      });
      return row;
    },
    worker(overrides = {}) {
      const w = startOutboxWorker({
        adapter: bot.adapter,
        appId: config.bot.appId,
        store,
        logger,
        clock,
        renderers: testRenderers,
        config,
        poll: false,
        ...overrides,
      });
      workers.push(w);
      return w;
    },
    async close() {
      for (const w of workers) await w.stop();
      await server.close();
      await connector.close();
      await store.close();
    },
  };
}

/** The text of a recorded call's first Adaptive Card TextBlock, or its text. */
export function contentOf(body: unknown): string {
  const b = body as { text?: string; attachments?: { content?: { body?: { text?: string }[] } }[] } | null;
  return b?.attachments?.[0]?.content?.body?.[0]?.text ?? b?.text ?? '';
}

/** Most sends inside any window of `windowMs` (windows start at each send). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}
