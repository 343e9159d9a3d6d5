// The one path every prompt-anomaly card click takes, as for findings (bot/actions/pipeline.ts): parse the
// data with the verb's schema; check the tenant; load the anomaly; decide from the store row and configured
// roles (never the card) whether this person may; refuse a stale card version with the current card; apply
// the change, its audit entry, the suppression or the SOC post, and the updates of every other copy in one
// transaction; answer the clicker with their own view. Invokes are answered here directly.

import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { PROMPT_VERBS } from '../../cards/prompt-anomaly.js';
import { knownDefaultChannel } from '../../jobs/shared.js';
import { DEFAULT_PROMPT_ROUTE, parsePromptRouteFilter, promptRouteMatches } from '../../posture/prompt-alerting.js';
import { decidePrompt } from '../../posture/prompt-permissions.js';
import { formatAsOf } from '../../posture/text.js';
import {
  type AnomalyRecord,
  anomalyId,
  conversationId,
  enqueuePromptCardUpdates,
  promptCardConversations,
  promptEscalationKey,
  type Store,
} from '../../store/index.js';
import { answerInvoke, clickerOf, type InvokeAnswer, tenantOf } from '../actions/pipeline.js';
import type { ActionDeps, Clicker } from '../actions/types.js';
import { wakeOutboxLater } from '../delivery/wake.js';
import { whoOf } from '../findings/view.js';
import { problemOf, promptRefSchema, viewSchema } from './schemas.js';
import { PROMPT_CHANGE_HANDLERS, type PromptChangeHandler } from './verbs.js';
import { type PromptViews, promptViews } from './view.js';

export const OUT_OF_DATE = 'That button is out of date or was not made by Vigil, so nothing was changed.';
const NOTHING_CHANGED = 'Nothing was changed.';

const VERB_WORDS: Record<string, string> = {
  [PROMPT_VERBS.ack]: 'acknowledged it',
  [PROMPT_VERBS.expected]: 'marked it expected',
  [PROMPT_VERBS.escalate]: 'escalated it',
};

export type PromptActionDeps = ActionDeps & { views?: PromptViews };

/** Registers the prompt-anomaly card's verbs (Acknowledge, Mark expected, Escalate, and the refresh view). */
export function registerPromptActions(app: Application<TurnState>, deps: PromptActionDeps): void {
  const log = deps.logger.child({ module: 'prompt-actions' });
  const views = deps.views ?? promptViews(deps);
  const verbs: [string, (context: TurnContext, data: unknown) => Promise<InvokeAnswer>][] = [
    ...PROMPT_CHANGE_HANDLERS.map(
      (h) =>
        [h.verb, (context: TurnContext, data: unknown) => runPromptChange(h, context, data, deps, views, log)] as [
          string,
          (context: TurnContext, data: unknown) => Promise<InvokeAnswer>,
        ],
    ),
    [PROMPT_VERBS.view, (context, data) => runPromptView(context, data, deps, views, log)],
  ];
  for (const [verb, run] of verbs) {
    app.adaptiveCards.actionExecute(verb, async (context: TurnContext, _state, data: unknown) => {
      const ids = { activityId: context.activity.id, verb, cardActivityId: context.activity.replyToId };
      try {
        await answerInvoke(context, await run(context, data));
      } catch (err) {
        log.error({ err, ...ids }, 'prompt card action failed');
        await answerInvoke(context, {
          text: `Sorry, something went wrong on my side. The team can trace it with reference ${ids.activityId ?? 'n/a'}.`,
        });
      }
      return '';
    });
  }
}

interface Loaded {
  anomaly: AnomalyRecord;
  clicker: Clicker;
  now: Date;
}

/** The common checks: the data names an anomaly, it exists, and the click comes from its organisation. */
async function load(
  context: TurnContext,
  data: unknown,
  deps: PromptActionDeps,
  log: Logger,
  verb: string,
): Promise<Loaded | InvokeAnswer> {
  const ref = promptRefSchema.safeParse(data);
  if (!ref.success) return { text: OUT_OF_DATE };
  const anomaly = await deps.store.anomalies.get(anomalyId(ref.data.anomalyId));
  if (!anomaly) return { text: `I have no prompt-volume alert #${ref.data.anomalyId}. ${NOTHING_CHANGED}` };
  const refused = await tenantRefusal(context, anomaly, deps);
  if (refused) {
    log.warn({ anomalyId: anomaly.id, verb, tenant: tenantOf(context) }, 'card action from another tenant refused');
    return { text: `${refused} ${NOTHING_CHANGED}` };
  }
  return { anomaly, clicker: await clickerOf(context, deps), now: deps.clock() };
}

async function runPromptView(
  context: TurnContext,
  data: unknown,
  deps: PromptActionDeps,
  views: PromptViews,
  log: Logger,
): Promise<InvokeAnswer> {
  if (!viewSchema.safeParse(data).success) return { text: OUT_OF_DATE };
  const loaded = await load(context, data, deps, log, PROMPT_VERBS.view);
  if (!('anomaly' in loaded)) return loaded;
  const { anomaly, clicker, now } = loaded;
  return { card: await views.card(anomaly, { now, viewer: actorOf(clicker) }) };
}

async function runPromptChange(
  handler: PromptChangeHandler,
  context: TurnContext,
  data: unknown,
  deps: PromptActionDeps,
  views: PromptViews,
  log: Logger,
): Promise<InvokeAnswer> {
  const ref = promptRefSchema.safeParse(data);
  if (!ref.success) return { text: OUT_OF_DATE };
  const input = handler.schema.safeParse(data);
  if (!input.success) return { text: `${problemOf(input.error)} ${NOTHING_CHANGED}` };
  const loaded = await load(context, data, deps, log, handler.verb);
  if (!('anomaly' in loaded)) return loaded;
  const { anomaly, clicker, now } = loaded;
  const viewer = actorOf(clicker);

  const decision = decidePrompt(viewer, { owner: anomaly.owner, state: anomaly.state }, handler.action);
  if (!decision.allowed && decision.because === 'who') {
    log.info({ anomalyId: anomaly.id, verb: handler.verb, user: clicker.objectId }, 'prompt card action refused');
    return { text: `${decision.reason} ${NOTHING_CHANGED}` };
  }
  // A click on an older card (a replay, or someone acted first): show what is true now, say what changed.
  if (ref.data.version !== anomaly.version) {
    const notice = await staleNotice(deps.store, anomaly, ref.data.version, now, deps.config.timeZone);
    return { card: await views.card(anomaly, { now, viewer, notice }) };
  }
  if (!decision.allowed) return { text: `${decision.reason} ${NOTHING_CHANGED}` };

  const outcome = handler.change(input.data, { anomaly, clicker, now });
  const actor = { id: clicker.objectId ?? clicker.teamsId, name: clicker.name };
  const result = await deps.store.transaction(async (tx) => {
    const applied = await tx.anomalies.transition(anomaly.id, ref.data.version, outcome.patch);
    if (!applied.ok) return applied;
    let suppression: number | null = null;
    if (outcome.suppressUntil) {
      const s = await tx.anomalies.suppress({
        resourceId: anomaly.resourceId,
        until: outcome.suppressUntil,
        reason: outcome.reason ?? '',
        anomalyId: anomaly.id,
        createdBy: clicker.upn ?? clicker.objectId ?? clicker.teamsId,
      });
      suppression = s.id;
    }
    const posted: string[] = [];
    if (outcome.escalate) {
      for (const channel of await escalationChannels(tx, deps, applied.anomaly)) {
        const { created } = await tx.outbox.enqueue({
          dedupeKey: promptEscalationKey(anomaly.id, channel),
          conversationId: conversationId(channel),
          kind: 'send',
          payload: { render: 'prompt-anomaly', anomalyId: anomaly.id, escalation: true },
        });
        if (created) posted.push(channel);
      }
    }
    await tx.audit.append({
      actor,
      action: handler.verb,
      subject: { type: 'prompt-anomaly', id: String(anomaly.id) },
      details: {
        ...outcome.details,
        resourceId: anomaly.resourceId,
        upn: clicker.upn,
        teamsUserId: clicker.teamsId,
        fromState: anomaly.state,
        toState: applied.anomaly.state,
        fromVersion: anomaly.version,
        toVersion: applied.anomaly.version,
        ...(suppression !== null ? { suppression } : {}),
        ...(outcome.escalate ? { postedTo: posted } : {}),
      },
      source: context.activity.replyToId ?? null,
    });
    const updates = await enqueuePromptCardUpdates(tx, applied.anomaly);
    return { ...applied, updates, posted };
  });

  if (!result.ok) {
    if (result.reason === 'not-found') return { text: `Alert #${anomaly.id} no longer exists. ${NOTHING_CHANGED}` };
    const notice = await staleNotice(deps.store, result.current, ref.data.version, now, deps.config.timeZone);
    return { card: await views.card(result.current, { now, viewer, notice }) };
  }
  log.info(
    {
      anomalyId: anomaly.id,
      verb: handler.verb,
      user: clicker.objectId,
      updates: result.updates,
      posted: result.posted,
    },
    'prompt anomaly changed from its card',
  );
  wakeOutboxLater(deps.notifyOutbox, log, { anomalyId: anomaly.id });
  const notice =
    outcome.escalate && result.posted.length === 0
      ? 'Escalated, but no SOC channel is set up (VIGIL_DEFAULT_CHANNEL or `subscribe prompt-volume`): tell the SOC directly.'
      : null;
  return { card: await views.card(result.anomaly, { now, viewer, notice }) };
}

const actorOf = (c: Clicker) => ({ objectId: c.objectId, upn: c.upn, roles: c.roles });

/**
 * Where an escalation is posted: the configured default alert channel (the SOC's), or else the channels
 * subscribed to prompt-volume alerts that would hear this one. Only conversations Vigil knows can be posted to.
 */
async function escalationChannels(store: Store, deps: PromptActionDeps, a: AnomalyRecord): Promise<string[]> {
  const fallback = await knownDefaultChannel(store, deps.config);
  if (fallback) return [fallback];
  const out = new Set<string>();
  for (const s of await store.subscriptions.listByTopic('prompt-volume')) {
    const parsed = parsePromptRouteFilter(s.filter);
    const filter = parsed.ok ? parsed.filter : DEFAULT_PROMPT_ROUTE;
    if (promptRouteMatches(filter, { zone: a.zone, kind: a.kind })) out.add(s.conversationId);
  }
  return [...out];
}

/**
 * Why this activity's tenant may not act on this anomaly, or null when it may: the configured bot tenant
 * when there is one; else the tenants its cards went to (or, before any went, the routed channels').
 */
async function tenantRefusal(context: TurnContext, a: AnomalyRecord, deps: PromptActionDeps): Promise<string | null> {
  const tenant = tenantOf(context);
  if (!tenant) return 'I could not confirm which organisation this action came from, so I refused it.';
  const configured = deps.config.bot.tenantId.toLowerCase();
  const other = 'This card belongs to another organisation’s Vigil, so I refused the action.';
  if (configured !== '') return tenant === configured ? null : other;
  let conversations: string[] = await promptCardConversations(deps.store, a.id);
  if (conversations.length === 0) {
    conversations = (await deps.store.subscriptions.listByTopic('prompt-volume')).map((s) => s.conversationId);
    if (deps.config.alerts.defaultChannel) conversations.push(deps.config.alerts.defaultChannel);
  }
  const tenants = new Set<string>();
  for (const id of new Set(conversations)) {
    const c = await deps.store.conversations.get(conversationId(id));
    if (c?.tenantId) tenants.add(c.tenantId.toLowerCase());
  }
  if (tenants.size === 0) return 'I can’t tell which organisation this alert was sent to, so I refused the action.';
  return tenants.has(tenant) ? null : other;
}

/** "This card was out of date: Dana Ortiz acknowledged it at 10:42 UTC — here is the current state." */
async function staleNotice(
  store: Store,
  current: AnomalyRecord,
  cardVersion: number,
  now: Date,
  timeZone: string,
): Promise<string> {
  const entries = await store.audit.history(String(current.id), 'prompt-anomaly');
  const since = entries.filter((e) => typeof e.details.toVersion === 'number' && e.details.toVersion > cardVersion);
  const said = since
    .slice(-3)
    .map((e) => `${whoOf(e)} ${VERB_WORDS[e.action] ?? e.action} at ${formatAsOf(new Date(e.at), timeZone, now)}`);
  const what = said.length > 0 ? said.join('; ') : `it is now ${current.state}`;
  return `This card was out of date: ${what} — here is the current state. Nothing was changed.`;
}
