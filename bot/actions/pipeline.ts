// The one path every finding card click takes. Parse the data with the verb's schema; check the tenant;
// load the finding; decide from the store row and configured roles (never the card) whether this person
// may; refuse a stale card version with the current card; apply the change, its audit entry and the
// updates of every other copy in one transaction; answer the clicker with their own view of the result.
// Invokes are answered from here directly (not by returning to teams-ai), so a card carrying `refresh`
// never makes teams-ai push the clicker's view, buttons and all, to everyone else.

import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AdaptiveCard } from '../../cards/render.js';
import { decide } from '../../posture/permissions.js';
import { rolesOf } from '../../posture/roles.js';
import { formatAsOf } from '../../posture/text.js';
import {
  alertKeyPrefix,
  conversationId,
  enqueueFindingCardUpdates,
  type FindingRecord,
  findingId,
  type Store,
} from '../../store/index.js';
import { wakeOutboxLater } from '../delivery/wake.js';
import { describeEntry } from '../findings/history-text.js';
import { type FindingViews, subjectOf, whoOf } from '../findings/view.js';
import { type FindingRef, findingRefSchema, problemOf } from './schemas.js';
import type { ActionDeps, ChangeHandler, Clicker, FindingActionHandler, ReadContext, ReadHandler } from './types.js';

export type InvokeAnswer = { card: AdaptiveCard } | { text: string };

export const OUT_OF_DATE =
  'That button is out of date or was not made by Vigil, so nothing was changed. Ask `history <finding>` or `findings` for the current state.';
const NOTHING_CHANGED = 'Nothing was changed.';

export async function runAction(
  handler: FindingActionHandler,
  context: TurnContext,
  data: unknown,
  deps: ActionDeps,
  views: FindingViews,
  log: Logger,
): Promise<InvokeAnswer> {
  const ref = findingRefSchema.safeParse(data);
  if (!ref.success) return { text: OUT_OF_DATE };
  const input = handler.schema.safeParse(data);
  if (!input.success) return { text: `${problemOf(input.error)} ${NOTHING_CHANGED}` };

  const { store } = deps;
  const finding = await store.findings.get(findingId(ref.data.findingId));
  if (!finding) return { text: `I have no finding #${ref.data.findingId}. ${NOTHING_CHANGED}` };

  const tenantProblem = await tenantRefusal(context, finding, deps);
  if (tenantProblem) {
    log.warn(
      { findingId: finding.id, verb: handler.verb, tenant: tenantOf(context) },
      'card action from another tenant refused',
    );
    return { text: `${tenantProblem} ${NOTHING_CHANGED}` };
  }

  const clicker = await clickerOf(context, deps);
  const now = deps.clock();
  if (handler.kind === 'read') return read(handler, input.data, { finding, clicker, now, views });
  return change(handler, input.data, {
    finding,
    clicker,
    now,
    context,
    deps,
    views,
    log,
    cardVersion: ref.data.version,
  });
}

async function read(handler: ReadHandler, input: FindingRef, ctx: ReadContext): Promise<InvokeAnswer> {
  // Each handler's schema parsed `input`; the union of handlers only knows it as the common FindingRef.
  const outcome = await handler.read(input, ctx);
  return 'card' in outcome ? { card: outcome.card } : { text: outcome.refuse };
}

interface ChangeRun {
  finding: FindingRecord;
  clicker: Clicker;
  now: Date;
  context: TurnContext;
  deps: ActionDeps;
  views: FindingViews;
  log: Logger;
  cardVersion: number;
}

async function change(handler: ChangeHandler, input: FindingRef, run: ChangeRun): Promise<InvokeAnswer> {
  const { finding, clicker, now, deps, views, log, cardVersion } = run;
  const actor = { objectId: clicker.objectId, upn: clicker.upn, roles: clicker.roles };
  const viewer = actor;

  const decision = decide(actor, subjectOf(finding), handler.action);
  if (!decision.allowed && decision.because === 'who') {
    log.info({ findingId: finding.id, verb: handler.verb, user: clicker.objectId }, 'card action refused');
    return { text: `${decision.reason} ${NOTHING_CHANGED}` };
  }
  // A click on an older card (a replay, or someone acted first): show what is true now, say what changed.
  if (cardVersion !== finding.version) {
    const notice = await staleNotice(deps.store, finding, cardVersion, now, deps.config.timeZone);
    return { card: await views.alertCard(finding, { now, viewer, notice }) };
  }
  if (!decision.allowed) return { text: `${decision.reason} ${NOTHING_CHANGED}` };

  const outcome = handler.change(input, { finding, clicker, now, config: deps.config });
  if ('refuse' in outcome) return { text: `${outcome.refuse} ${NOTHING_CHANGED}` };

  const result = await deps.store.transaction(async (tx) => {
    const applied = await tx.findings.transition(finding.id, cardVersion, outcome.patch);
    if (!applied.ok) return applied;
    await tx.audit.append({
      actor: { id: clicker.objectId ?? clicker.teamsId, name: clicker.name },
      action: handler.verb,
      subject: { type: 'finding', id: String(finding.id) },
      details: {
        ...outcome.details,
        upn: clicker.upn,
        teamsUserId: clicker.teamsId,
        fromState: finding.state,
        toState: applied.finding.state,
        fromVersion: finding.version,
        toVersion: applied.finding.version,
      },
      source: run.context.activity.replyToId ?? null,
    });
    // In the same transaction: a committed change always has its card updates queued.
    const updates = await enqueueFindingCardUpdates(tx, applied.finding);
    return { ...applied, updates };
  });

  if (!result.ok) {
    if (result.reason === 'not-found') return { text: `Finding #${finding.id} no longer exists. ${NOTHING_CHANGED}` };
    const notice = await staleNotice(deps.store, result.current, cardVersion, now, deps.config.timeZone);
    return { card: await views.alertCard(result.current, { now, viewer, notice }) };
  }
  log.info(
    {
      findingId: finding.id,
      verb: handler.verb,
      user: clicker.objectId,
      version: result.finding.version,
      updates: result.updates,
    },
    'finding changed from its card',
  );
  wakeOutboxLater(deps.notifyOutbox, log, { findingId: finding.id });
  return { card: await views.alertCard(result.finding, { now, viewer }) };
}

/** "This card was out of date: Dana Ortiz acknowledged it at 10:42 UTC — here is the current state." */
async function staleNotice(
  store: Store,
  current: FindingRecord,
  cardVersion: number,
  now: Date,
  timeZone: string,
): Promise<string> {
  const entries = await store.audit.history(String(current.id), 'finding');
  const since = entries.filter((e) => typeof e.details.toVersion === 'number' && e.details.toVersion > cardVersion);
  const said = since
    .slice(-3)
    .map((e) => `${whoOf(e)} ${describeEntry(e, timeZone, now)} at ${formatAsOf(new Date(e.at), timeZone, now)}`);
  const earlier = since.length - said.length;
  const what =
    said.length > 0
      ? `${earlier > 0 ? `${earlier} earlier change${earlier === 1 ? '' : 's'}, then ` : ''}${said.join('; ')}`
      : `it is now ${current.state}`;
  return `This card was out of date: ${what} — here is the current state. Nothing was changed.`;
}

export async function clickerOf(
  context: TurnContext,
  deps: Pick<ActionDeps, 'config' | 'directory'>,
): Promise<Clicker> {
  const from = context.activity.from;
  const objectId = from.aadObjectId ?? null;
  const upn = await deps.directory.upnOf(context);
  return {
    teamsId: from.id,
    objectId,
    upn,
    name: from.name ?? null,
    roles: rolesOf({ objectId, upn }, deps.config.roles),
  };
}

/** The tenant the activity says it comes from (Teams sets both places; either will do, they must agree). */
export function tenantOf(context: TurnContext): string | null {
  const fromConversation = context.activity.conversation?.tenantId ?? null;
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : null;
  if (fromConversation && fromChannelData && fromConversation.toLowerCase() !== fromChannelData.toLowerCase()) {
    return null;
  }
  return (fromConversation ?? fromChannelData)?.toLowerCase() ?? null;
}

/**
 * Why this activity's tenant may not act on this finding, or null when it may. The configured bot tenant
 * when there is one; else the tenants the finding's alert cards went to (or, when those records are gone,
 * the tenants subscribed to findings alerts).
 */
export async function tenantRefusal(
  context: TurnContext,
  finding: FindingRecord,
  deps: Pick<ActionDeps, 'store' | 'config'>,
): Promise<string | null> {
  const tenant = tenantOf(context);
  if (!tenant) return 'I could not confirm which organisation this action came from, so I refused it.';
  const configured = deps.config.bot.tenantId.toLowerCase();
  if (configured !== '') {
    return tenant === configured ? null : 'This card belongs to another organisation’s Vigil, so I refused the action.';
  }
  const allowed = await alertTenants(deps.store, finding, deps.config.alerts.defaultChannel);
  if (allowed.size === 0)
    return 'I can’t tell which organisation this finding was alerted to, so I refused the action.';
  return allowed.has(tenant) ? null : 'This card belongs to another organisation’s Vigil, so I refused the action.';
}

async function alertTenants(store: Store, finding: FindingRecord, defaultChannel: string): Promise<Set<string>> {
  const conversationsOf = async (ids: Iterable<string>) => {
    const tenants = new Set<string>();
    for (const id of new Set(ids)) {
      const conversation = await store.conversations.get(conversationId(id));
      if (conversation?.tenantId) tenants.add(conversation.tenantId.toLowerCase());
    }
    return tenants;
  };
  const alerts = await store.outbox.listByDedupePrefix(alertKeyPrefix(finding.id));
  const fromAlerts = await conversationsOf(alerts.map((m) => m.conversationId));
  if (fromAlerts.size > 0) return fromAlerts;
  const subscribed = (await store.subscriptions.listByTopic('findings')).map((s) => s.conversationId);
  return conversationsOf(defaultChannel ? [...subscribed, defaultChannel] : subscribed);
}

/** Answers the invoke now, in the shape Teams expects for Action.Execute. */
export async function answerInvoke(context: TurnContext, answer: InvokeAnswer): Promise<void> {
  const body =
    'card' in answer
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}
