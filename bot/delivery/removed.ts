// Teams answered 403 BotNotInConversationRoster: Vigil was removed from that conversation. Forget it (its
// subscriptions go with it) so nothing more is queued there, and tell the admins in their personal chats and
// in the default channel, so someone can add Vigil back or re-route the alerts.

import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import {
  type ConversationId,
  type ConversationRecord,
  conversationId,
  type OutboxPayload,
  type Store,
} from '../../store/index.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RemovedResult {
  /** False when another sender had already handled it (the conversation was gone). */
  removed: boolean;
  subscriptionsRemoved: number;
  /** Conversations a notice was queued for. */
  notified: string[];
}

export async function handleBotRemoved(
  deps: { store: Store; config: Config; logger: Logger },
  id: ConversationId,
): Promise<RemovedResult> {
  const { store, config, logger } = deps;
  const result = await store.transaction(async (tx) => {
    const record = await tx.conversations.get(id);
    const subscriptions = await tx.subscriptions.listForConversation(id);
    for (const s of subscriptions) await tx.subscriptions.remove(s.id);
    // Only one sender wins this (the other finds it gone); the foreign key would cascade the routes anyway.
    const removed = await tx.conversations.remove(id);
    if (!removed || record === null) return { removed: false, subscriptionsRemoved: 0, notified: [] };
    const targets = await noticeTargets(tx, config, id);
    const payload: OutboxPayload = { render: 'text', text: noticeText(record, subscriptions.length) };
    for (const target of targets) {
      await tx.outbox.enqueue({
        // One notice per removal: the record's creation time tells one installation from the next.
        dedupeKey: `notice:bot-removed:${id}:${record.createdAt}:${target}`,
        conversationId: conversationId(target),
        kind: 'send',
        payload,
      });
    }
    return { removed: true, subscriptionsRemoved: subscriptions.length, notified: targets };
  });
  if (result.removed) {
    logger.warn(
      { conversationId: id, subscriptionsRemoved: result.subscriptionsRemoved, notified: result.notified.length },
      'Vigil is no longer in this conversation: forgot it and its subscriptions, told the admins',
    );
    if (result.notified.length === 0) {
      logger.warn(
        { conversationId: id },
        'no admin has a personal chat with Vigil and no default channel is set: nobody could be told',
      );
    }
  }
  return result;
}

/** Admins' personal chats (by Entra object id or UPN) and the default channel, minus the lost conversation. */
async function noticeTargets(store: Store, config: Config, lost: ConversationId): Promise<string[]> {
  const targets = new Set<string>();
  for (const admin of config.roles.admins) {
    let chat: ConversationRecord | null = null;
    if (GUID.test(admin)) chat = await store.conversations.findPersonal(admin);
    else if (!admin.toLowerCase().startsWith('group:')) chat = await store.conversations.findPersonalByUpn(admin);
    // group:<id> admins cannot be resolved to people without a directory call; the default channel covers them.
    if (chat) targets.add(chat.conversationId);
  }
  const channel = config.alerts.defaultChannel.trim();
  if (channel !== '' && (await store.conversations.get(conversationId(channel))) !== null) targets.add(channel);
  targets.delete(lost);
  return [...targets];
}

function noticeText(record: ConversationRecord, subscriptions: number): string {
  const where =
    record.type === 'channel'
      ? `the channel ${record.channelId ?? record.conversationId}${record.teamId ? ` (team ${record.teamId})` : ''}`
      : record.type === 'groupChat'
        ? `the group chat ${record.conversationId}`
        : `a personal chat (${record.conversationId})`;
  const routes =
    subscriptions === 0
      ? 'It had no subscriptions.'
      : `Its ${subscriptions} subscription${subscriptions === 1 ? ' was' : 's were'} removed, so alerts no longer go there.`;
  return `Vigil was removed from ${where}: Teams refused a message with BotNotInConversationRoster. ${routes} Add Vigil back and run \`subscribe findings\` there to resume, or route the alerts elsewhere.`;
}
