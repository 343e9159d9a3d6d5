// The Bot Connector between Vigil and the Agents Playground, plus the one Teams client behaviour the
// Playground lacks: a card's `refresh` (Universal Actions user-specific views). Vigil posts every alert in
// its base view (state only, no buttons) and lists in `refresh.userIds` who gets their own view; Teams then
// asks the bot for that view (an `adaptiveCard/action` invoke, trigger `automatic`) and shows it to that
// person alone. The Playground only logs "User specific view is not supported", so nobody would ever see a
// button. This relay passes every connector call through unchanged and, when the Playground's user is
// listed (or nobody is, which Teams treats as everyone in a small chat), asks Vigil for that user's view
// exactly as Teams would and updates the message with it. The Playground has one viewer, so showing that
// view to "everyone" is showing it to them.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

const CARD = 'application/vnd.microsoft.card.adaptive';
/** `/v3/conversations/{conversation}/activities[/{activity}]`: sends, replies and updates. */
const ACTIVITY_ROUTE = /^\/v3\/conversations\/([^/?]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;

export interface RelayOptions {
  /** Vigil's messaging endpoint (`…/api/messages`): where the refresh invokes go. */
  botEndpoint: string;
  /** The Playground's user: whose view the relay asks for. */
  viewer: { id: string; name: string; aadObjectId: string };
  bot: { id: string; name: string };
  tenantId: string;
  /** The team whose channels the Playground has (the invoke carries it in channelData, as Teams does). */
  teamId: string;
  logger: Logger;
  port?: number;
}

export interface Relay {
  /** The service URL to give the Playground (`--service-url`): Vigil sends through here. */
  url: string;
  /** Where the Playground's own connector is (`http://localhost:<port>/_connector`), once it has started. */
  setTarget(connectorUrl: string): void;
  /** Resolves when no refresh is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Refresh {
  verb: string;
  data: unknown;
  userIds: string[] | null;
}

interface Activity {
  conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  attachments?: { contentType?: string; content?: unknown }[];
  [key: string]: unknown;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.logger.child({ module: 'playground-relay' });
  let target: string | null = null;
  /** Thread roots of the channel posts seen, by activity id: a refresh names the thread it happens in. */
  const roots = new Map<string, string>();
  /** One refresh at a time per message, in the order Vigil sent its versions. */
  const chains = new Map<string, Promise<void>>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, 'relay failed');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'RelayError', message: String(err) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (!target) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'the Playground is starting' } }));
      return;
    }
    const method = req.method ?? 'GET';
    const route = ACTIVITY_ROUTE.exec(req.url ?? '');
    let activity: Activity | null = null;
    let refresh: Refresh | null = null;
    let forward = body;
    if (route && (method === 'POST' || method === 'PUT') && body !== '') {
      activity = JSON.parse(body) as Activity;
      refresh = refreshOf(activity);
      // The Playground cannot use `refresh`; without it, it does not warn about it either.
      if (refresh) forward = JSON.stringify(withoutRefresh(activity));
    }
    const upstream = await fetch(`${target}${req.url ?? ''}`, {
      method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: method === 'GET' || method === 'HEAD' ? undefined : forward,
    });
    const answer = await upstream.text();
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(answer);

    if (!route || !activity || !refresh || !upstream.ok) return;
    if (refresh.userIds && !refresh.userIds.includes(options.viewer.id)) return;
    const conversation = decodeURIComponent(route[1]!);
    const inPath = route[2] ? decodeURIComponent(route[2]) : null;
    const activityId = method === 'PUT' ? inPath : idOf(answer);
    if (!activityId) return;
    if (method === 'POST') roots.set(activityId, inPath ? (roots.get(inPath) ?? inPath) : activityId);
    const sent = activity;
    const wanted = refresh;
    const previous = chains.get(activityId) ?? Promise.resolve();
    const next = previous
      .then(() => refreshFor(conversation, activityId, sent, wanted))
      .catch((err: unknown) =>
        // Teams, too, leaves the base view showing when a refresh fails.
        log.warn({ err, activityId, verb: wanted.verb }, 'card refresh failed: the base view stays'),
      );
    chains.set(activityId, next);
    void next.finally(() => {
      if (chains.get(activityId) === next) chains.delete(activityId);
    });
  }

  /** What Teams does when it shows a card with `refresh` to a listed user: ask the bot, show the answer. */
  async function refreshFor(conversation: string, activityId: string, sent: Activity, refresh: Refresh) {
    const inChannel = sent.conversation?.conversationType === 'channel';
    const channelId = conversation.split(';')[0]!;
    const thread =
      inChannel && !conversation.includes(';messageid=')
        ? `${conversation};messageid=${roots.get(activityId) ?? activityId}`
        : conversation;
    const invoke = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: relay.url,
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      from: options.viewer,
      recipient: options.bot,
      conversation: { ...sent.conversation, id: thread, tenantId: options.tenantId },
      channelData: {
        tenant: { id: options.tenantId },
        ...(inChannel ? { team: { id: options.teamId }, channel: { id: channelId } } : {}),
        source: { name: 'message' },
      },
      replyToId: activityId,
      value: { action: { type: 'Action.Execute', verb: refresh.verb, data: refresh.data }, trigger: 'automatic' },
    };
    const res = await fetch(options.botEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke),
    });
    if (!res.ok) throw new Error(`Vigil answered the refresh with HTTP ${res.status}`);
    const answer = (await res.json()) as { statusCode?: number; type?: string; value?: unknown };
    if (answer.type !== CARD || typeof answer.value !== 'object' || answer.value === null) {
      throw new Error(`Vigil answered the refresh without a card (${answer.type ?? 'no type'})`);
    }
    const personal = withoutRefresh({
      ...sent,
      id: activityId,
      attachments: [{ contentType: CARD, content: answer.value }],
    });
    const put = await fetch(
      `${target}/v3/conversations/${encodeURIComponent(conversation)}/activities/${encodeURIComponent(activityId)}`,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(personal) },
    );
    if (!put.ok) throw new Error(`the Playground refused the refreshed card (HTTP ${put.status})`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const relay: Relay = {
    url: `http://127.0.0.1:${port}`,
    setTarget(connectorUrl) {
      target = connectorUrl.replace(/\/+$/, '');
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return relay;
}

/** The id in a connector's answer to a send (`{ "id": "…" }`). */
function idOf(answer: string): string | null {
  try {
    const id = (JSON.parse(answer) as { id?: unknown }).id;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null; // not JSON: nothing to refresh
  }
}

/** The first Adaptive Card's `refresh`, when it asks for an `Action.Execute`. */
function refreshOf(activity: Activity): Refresh | null {
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== CARD || typeof attachment.content !== 'object' || attachment.content === null)
      continue;
    const refresh = (attachment.content as { refresh?: { action?: unknown; userIds?: unknown } }).refresh;
    const action = refresh?.action as { type?: unknown; verb?: unknown; data?: unknown } | undefined;
    if (action?.type !== 'Action.Execute' || typeof action.verb !== 'string') continue;
    const userIds = Array.isArray(refresh?.userIds)
      ? refresh.userIds.filter((id): id is string => typeof id === 'string')
      : null;
    return { verb: action.verb, data: action.data ?? {}, userIds: userIds && userIds.length > 0 ? userIds : null };
  }
  return null;
}

function withoutRefresh(activity: Activity): Activity {
  return {
    ...activity,
    attachments: activity.attachments?.map((a) => {
      if (a.contentType !== CARD || typeof a.content !== 'object' || a.content === null) return a;
      const { refresh: _refresh, ...card } = a.content as Record<string, unknown>;
      return { ...a, content: card };
    }),
  };
}
