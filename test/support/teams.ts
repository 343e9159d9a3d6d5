// Drives the bot the way Teams does: activities POSTed to /api/messages.
// Replies come back in the HTTP response (deliveryMode expectReplies), so no connector is needed.

import { randomUUID } from 'node:crypto';
import type { AdaptiveCard } from '../../cards/render.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface Person {
  id: string;
  name: string;
  aadObjectId: string;
}

export const someone: Person = {
  id: '29:1-someone',
  name: 'Sam Reader',
  aadObjectId: '0b5f2d47-0000-4000-8000-000000000001',
};

export type Where = 'personal' | 'groupChat' | 'channel';

export interface MessageOptions {
  text: string;
  from?: Person;
  where?: Where;
  /** Prefix the text with an @mention of the bot (as Teams does in channels). */
  mention?: boolean;
  conversationId?: string;
  serviceUrl?: string;
}

const BOT = { id: '28:vigil-bot', name: 'Vigil' };

export function message(o: MessageOptions): Record<string, unknown> {
  const where = o.where ?? 'personal';
  const from = o.from ?? someone;
  const mentionText = `<at>${BOT.name}</at>`;
  const text = o.mention ? `${mentionText} ${o.text}` : o.text;
  const conversationId =
    o.conversationId ??
    (where === 'channel'
      ? '19:general@thread.tacv2;messageid=1'
      : where === 'groupChat'
        ? '19:group@thread.v2'
        : `a:personal-${from.id}`);
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl ?? 'https://smba.trafficmanager.net/emea/',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: conversationId, conversationType: where, tenantId: TENANT, isGroup: where !== 'personal' },
    text,
    textFormat: 'plain',
    locale: 'en-GB',
    deliveryMode: 'expectReplies',
    entities: o.mention ? [{ type: 'mention', text: mentionText, mentioned: BOT }] : [],
    channelData: {
      tenant: { id: TENANT },
      ...(where === 'channel'
        ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } }
        : {}),
    },
  };
}

export interface ReplyActivity {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

/** POST an activity; returns the HTTP status and the bot's replies. */
export async function post(
  baseUrl: string,
  activity: Record<string, unknown>,
): Promise<{ status: number; replies: ReplyActivity[] }> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const body = res.status === 200 ? ((await res.json()) as { activities?: ReplyActivity[] }) : {};
  return { status: res.status, replies: body.activities ?? [] };
}

export function cardsOf(replies: ReplyActivity[]): AdaptiveCard[] {
  return replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content),
  );
}

export interface InvokeOptions {
  verb: string;
  data: Record<string, unknown>;
  from?: Person;
  where?: Where;
  /** The message that carries the card being clicked. */
  replyToId?: string;
  serviceUrl?: string;
  conversationId?: string;
}

/** An Adaptive Card Universal Action (Action.Execute) as Teams sends it. */
export function invoke(o: InvokeOptions): Record<string, unknown> {
  const base = message({
    text: '',
    from: o.from,
    where: o.where,
    serviceUrl: o.serviceUrl,
    conversationId: o.conversationId,
  });
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    deliveryMode: undefined,
    replyToId: o.replyToId ?? 'card-activity-1',
    value: { action: { type: 'Action.Execute', verb: o.verb, data: o.data }, trigger: 'manual' },
  };
}

/** POST an invoke; returns the HTTP status and the invoke response body ({ statusCode, type, value }). */
export async function postInvoke(
  baseUrl: string,
  activity: Record<string, unknown>,
): Promise<{ status: number; body: { statusCode?: number; type?: string; value?: unknown } }> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as { statusCode?: number; type?: string; value?: unknown }) : {},
  };
}

/** Ask a question and return the reply's first card (or throw with the text the bot sent instead). */
export async function ask(baseUrl: string, text: string, o: Omit<MessageOptions, 'text'> = {}): Promise<AdaptiveCard> {
  const { replies } = await post(baseUrl, message({ ...o, text }));
  const [card] = cardsOf(replies);
  if (!card) throw new Error(`no card for "${text}"; the bot said: ${replies.map((r) => r.text).join(' | ')}`);
  return card;
}
