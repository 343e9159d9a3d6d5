// The Teams surface: teams-ai Application on a TeamsAdapter (botbuilder CloudAdapter).

import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, CardFactory, type ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod/v4';
import { PAGE_VERB } from '../cards/parts.js';
import type { Config } from '../config/schema.js';
import type { DiscoveryResult } from '../jobs/discovery.js';
import { estatesOf } from '../jobs/estates.js';
import type { SlotResult } from '../jobs/runner.js';
import { rolesOf } from '../posture/roles.js';
import { formatAsOf, normalizeInput, suggest } from '../posture/text.js';
import { isTimeZone } from '../posture/wallclock.js';
import {
  type ConversationRefInput,
  type ConversationType,
  conversationId,
  type JsonObject,
  type Store,
} from '../store/index.js';
import { registerFindingActions } from './actions/index.js';
import { allCommands } from './commands/index.js';
import type { Asker, Command, JobsControl, Reply, Where } from './commands/types.js';
import { registerReviewActions } from './governance/reviews.js';
import { type Directory, teamsDirectory } from './people.js';
import { registerPromptActions } from './prompt/actions.js';

export interface BotDeps {
  config: Config;
  logger: Logger;
  clock: () => Date;
  store: Store;
  /** Resolves the asker's UPN; defaults to asking Teams. */
  directory?: Directory;
  /** Runs discovery now (the `refresh` command). */
  refresh?: () => Promise<SlotResult<DiscoveryResult>>;
  /** Wakes the outbox sender after something was enqueued. */
  notifyOutbox?: () => void;
  /** The job catalogue and a way to run one now (the `jobs` and `run <job>` commands). */
  jobs?: JobsControl;
}

export interface Bot {
  app: Application<TurnState>;
  adapter: TeamsAdapter;
  commands: readonly Command[];
}

export function createBot({ config, logger, clock, store, directory, refresh, notifyOutbox, jobs }: BotDeps): Bot {
  const log = logger.child({ module: 'bot' });
  const people = directory ?? teamsDirectory(log, clock);
  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  });
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId,
    // Answers are fast; a typing indicator would only add a send per message.
    startTypingTimer: false,
    removeRecipientMention: true,
    longRunningMessages: false,
  });
  const commands = allCommands();

  // Remember where every conversation is (service URLs change): proactive cards depend on it.
  app.turn('beforeTurn', async (context) => {
    const reference = TurnContext.getConversationReference(context.activity);
    try {
      const stored = toStoredReference(reference, context);
      // Owners get personal copies of alerts; their chat is found by UPN, which owner tags use.
      if (stored.type === 'personal') stored.userUpn = await people.upnOf(context);
      await store.conversations.upsertConversationRef(stored);
    } catch (err) {
      log.error({ err, ...turnIds(context) }, 'could not store the conversation reference');
    }
    return true;
  });

  const estates = estatesOf(store, config);

  /** Run a question: typed in a message, or re-run at another page by a "More" button. */
  const answer = async (context: TurnContext, text: string, page: number): Promise<Reply> => {
    const found = route(commands, text);
    if (!found) return { text: unknownReply(text, commands) };
    log.info({ command: found.command.name, page, ...turnIds(context) }, 'command');
    const now = clock();
    const current = await estates.get();
    return found.command.handle({
      text,
      args: found.args,
      asker: await askerOf(context, config, people),
      where: whereOf(context),
      now,
      config,
      store,
      estate: current?.estate ?? null,
      vocabulary: current?.vocabulary ?? null,
      page,
      refresh: refresh ?? null,
      jobs: jobs ?? null,
      asOf: current ? formatAsOf(current.estate.takenAt, config.timeZone, now) : '',
    });
  };

  app.activity(ActivityTypes.Message, async (context) => {
    await send(context, await answer(context, normalizeInput(context.activity.text ?? ''), 0));
  });

  // "More" / "Previous" on a long answer: the card is replaced for the person who clicked.
  app.adaptiveCards.actionExecute(PAGE_VERB, async (context, _state, data) => {
    const parsed = pageActionSchema.safeParse(data);
    if (!parsed.success) return 'That button is out of date. Ask the question again.';
    const reply = await answer(context, normalizeInput(parsed.data.query), parsed.data.page);
    return reply.card ?? reply.text ?? '';
  });

  registerFindingActions(app, { store, config, logger, clock, directory: people, notifyOutbox });
  registerPromptActions(app, { store, config, logger, clock, directory: people, notifyOutbox });
  registerReviewActions(app, { store, config, logger, clock, directory: people, notifyOutbox });

  app.error(async (context, error) => {
    const ids = turnIds(context);
    log.error({ err: error, ...ids }, 'turn failed');
    if (context.activity.type === ActivityTypes.Message) {
      await context
        .sendActivity(
          `Sorry, something went wrong on my side. The team can trace it with reference ${ids.activityId ?? 'n/a'}.`,
        )
        .catch((err: unknown) => log.error({ err, ...ids }, 'could not tell the user about the failure'));
    }
  });

  return { app, adapter, commands };
}

const pageActionSchema = z.object({ query: z.string().min(1).max(500), page: z.number().int().min(0).max(10_000) });

export function route(commands: readonly Command[], text: string): { command: Command; args: string } | null {
  for (const command of commands) {
    const args = command.match(text);
    if (args !== null) return { command, args };
  }
  return null;
}

function unknownReply(text: string, commands: readonly Command[]): string {
  if (!text) return 'Hi! Ask me `help` to see what I can do.';
  const close = suggest(
    text,
    commands.map((c) => c.name),
  );
  const hint = close.length > 0 ? `Did you mean ${close.map((c) => `\`${c}\``).join(' or ')}? ` : '';
  return `I didn't understand "${text}". ${hint}Ask me \`help\` to see what I can do.`;
}

async function send(context: TurnContext, reply: Reply): Promise<void> {
  if (reply.card) {
    await context.sendActivity({
      type: ActivityTypes.Message,
      text: reply.text,
      attachments: [CardFactory.adaptiveCard(reply.card)],
    });
  } else if (reply.text) {
    await context.sendActivity(reply.text);
  }
}

async function askerOf(context: TurnContext, config: Config, people: Directory): Promise<Asker> {
  const from = context.activity.from;
  const objectId = from.aadObjectId ?? null;
  const upn = await people.upnOf(context);
  return {
    id: from.id,
    objectId,
    upn,
    name: from.name ?? 'there',
    roles: rolesOf({ objectId, upn }, config.roles),
    timeZone: clientTimeZone(context),
  };
}

/** Teams sends the client's IANA time zone on messages (`localTimezone`, and in the clientInfo entity). */
function clientTimeZone(context: TurnContext): string | null {
  const a = context.activity;
  const fromEntity = a.entities?.find((e) => e.type === 'clientInfo')?.timezone;
  const tz = a.localTimezone ?? (typeof fromEntity === 'string' ? fromEntity : null);
  return tz && isTimeZone(tz) ? tz : null;
}

function whereOf(context: TurnContext): Where {
  const stored = toStoredReference(TurnContext.getConversationReference(context.activity), context);
  return {
    conversationId: stored.conversationId,
    type: stored.type,
    tenantId: stored.tenantId,
    teamId: stored.teamId,
    channelId: stored.channelId,
  };
}

export function turnIds(context: TurnContext): { activityId?: string; conversationId?: string } {
  return { activityId: context.activity.id, conversationId: context.activity.conversation?.id };
}

function toStoredReference(reference: Partial<ConversationReference>, context: TurnContext): ConversationRefInput {
  const conversation = context.activity.conversation;
  const channelData = (context.activity.channelData ?? {}) as {
    tenant?: { id?: string };
    team?: { id?: string };
    channel?: { id?: string };
  };
  // A channel message arrives in a thread (`19:…;messageid=…`); keep the channel itself, where new posts go.
  const baseId = conversation.id.split(';messageid=')[0] ?? conversation.id;
  const stored = JSON.parse(JSON.stringify(reference)) as JsonObject & { conversation?: { id?: string } };
  if (stored.conversation) stored.conversation.id = baseId;
  return {
    conversationId: conversationId(baseId),
    type: conversationTypeOf(conversation.conversationType),
    tenantId: conversation.tenantId ?? channelData.tenant?.id ?? null,
    teamId: channelData.team?.id ?? null,
    channelId: channelData.channel?.id ?? null,
    serviceUrl: context.activity.serviceUrl,
    userAadObjectId: conversation.conversationType === 'personal' ? (context.activity.from.aadObjectId ?? null) : null,
    reference: stored,
  };
}

function conversationTypeOf(type: string | undefined): ConversationType {
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}
