// One outbound call to Teams through the real botbuilder adapter: continueConversationAsync with the stored
// conversation reference, then the connector client the adapter made for that turn (so production auth,
// service URL and token audience come from botbuilder itself).
//
// Why the connector client rather than ctx.sendActivity: in a proactive turn, sendActivity stamps a random
// replyToId on the message (the continuation event's id) and posts it to the reply route; Teams tolerates that,
// but sendToConversation is the call a new post or a thread post (`<channel>;messageid=<root>`) really is,
// and it takes a per-request timeout, which the lease needs.

import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod/v4';
import type { OutboxKind } from '../../store/index.js';

export interface SendTarget {
  kind: OutboxKind;
  /** The stored (base) conversation id. */
  conversationId: string;
  /** The activity updated (`update`) or whose thread is posted into (`reply`). */
  activityId: string | null;
  serviceUrl: string;
  /** The stored Bot Framework ConversationReference (JSON). */
  reference: unknown;
}

/** What a sent activity got back: its Teams id (null for an update that returned none). */
export type SendOutcome = { activityId: string | null };

interface ConnectorConversations {
  sendToConversation(id: string, activity: Partial<Activity>, options?: { timeout?: number }): Promise<{ id?: string }>;
  updateActivity(
    id: string,
    activityId: string,
    activity: Partial<Activity>,
    options?: { timeout?: number },
  ): Promise<{ id?: string }>;
}

const referenceSchema = z.looseObject({
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  bot: z.looseObject({ id: z.string() }).optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  locale: z.string().optional(),
});

export class UnusableReferenceError extends Error {}

export async function sendThroughAdapter(
  adapter: CloudAdapter,
  appId: string,
  target: SendTarget,
  rendered: Partial<Activity>,
  timeoutMs: number,
): Promise<SendOutcome> {
  const parsed = referenceSchema.safeParse(target.reference);
  if (!parsed.success) {
    throw new UnusableReferenceError(`stored conversation reference is unusable: ${z.prettifyError(parsed.error)}`);
  }
  // No activityId: a proactive post replies to nothing. The service URL is the latest one Teams gave us.
  const reference: Partial<ConversationReference> = {
    channelId: parsed.data.channelId,
    serviceUrl: target.serviceUrl,
    conversation: { ...parsed.data.conversation, id: target.conversationId } as ConversationReference['conversation'],
    bot: parsed.data.bot as unknown as ConversationReference['bot'],
    user: parsed.data.user as unknown as ConversationReference['user'],
    locale: parsed.data.locale,
  };
  const postTo =
    target.kind === 'reply' ? `${target.conversationId};messageid=${target.activityId}` : target.conversationId;
  const activity: Partial<Activity> = {
    type: 'message',
    ...rendered,
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: { ...reference.conversation, id: postTo } as Activity['conversation'],
    from: reference.bot,
    recipient: reference.user,
  };
  delete activity.replyToId;

  // Errors are caught inside the turn and rethrown after it: otherwise the adapter hands them to the bot's
  // onTurnError (which logs "turn failed" and swallows them) and the outbox would never see a 429 or a 403.
  let outcome: SendOutcome | null = null;
  let failure: { error: unknown } | null = null;
  await adapter.continueConversationAsync(appId, reference, async (ctx) => {
    try {
      const connector = connectorOf(ctx.turnState.get(adapter.ConnectorClientKey));
      if (target.kind === 'update') {
        if (target.activityId === null) throw new UnusableReferenceError('an update needs the activity id it targets');
        const res = await connector.updateActivity(
          target.conversationId,
          target.activityId,
          { ...activity, id: target.activityId },
          { timeout: timeoutMs },
        );
        outcome = { activityId: res.id ?? target.activityId };
      } else {
        const res = await connector.sendToConversation(postTo, activity, { timeout: timeoutMs });
        outcome = { activityId: res.id ?? null };
      }
    } catch (error) {
      failure = { error };
    }
  });
  if (failure !== null) throw (failure as { error: unknown }).error;
  if (outcome === null) throw new Error('the adapter finished the turn without running the send');
  return outcome;
}

function connectorOf(client: unknown): ConnectorConversations {
  const conversations = (client as { conversations?: Partial<ConnectorConversations> } | undefined)?.conversations;
  if (typeof conversations?.sendToConversation !== 'function' || typeof conversations.updateActivity !== 'function') {
    throw new Error('the adapter gave the turn no connector client');
  }
  withoutSdkRetries(client);
  return conversations as ConnectorConversations;
}

/**
 * The connector client retries 429/5xx/network errors itself (core-rest-pipeline's defaultRetryPolicy: 3 more
 * tries, honouring Retry-After), hidden from us. The outbox is the one retry layer: durable, counted, visible
 * in `status`, paced by our limits, and not blocking a sender for seconds. So the policy is taken out of this
 * client's pipeline (botbuilder 4.23 keeps it at `client.pipeline`; the client is made fresh for each turn).
 * If a later botbuilder moves it, sends still work, with the SDK's retries inside ours.
 */
function withoutSdkRetries(client: unknown): void {
  const pipeline = (client as { client?: { pipeline?: { removePolicy?: unknown } } }).client?.pipeline;
  if (pipeline && typeof pipeline.removePolicy === 'function') {
    (pipeline as { removePolicy(options: { phase: 'Retry' }): unknown }).removePolicy({ phase: 'Retry' });
  }
}
