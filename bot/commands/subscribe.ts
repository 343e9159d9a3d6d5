// `subscribe findings [zone N…] [severity high|medium|low…] [all] [quiet 22:00-07:00]`: route new finding
// alerts to this channel (admins and SOC analysts). Critical findings only unless `all`; quiet hours hold
// non-critical cards back until they end.

import {
  describeRouteFilter,
  type FindingsRouteFilter,
  parseRouteFilter,
  parseSubscribeArgs,
  type QuietHours,
  routeFilterJson,
} from '../../posture/alerting.js';
import {
  describePromptRouteFilter,
  type PromptRouteFilter,
  parsePromptSubscribeArgs,
  promptRouteFilterJson,
} from '../../posture/prompt-alerting.js';
import {
  conversationId,
  type JsonObject,
  type Store,
  SUBSCRIPTION_TOPICS,
  type SubscriptionRecord,
  type SubscriptionTopic,
} from '../../store/index.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

const USAGE =
  '`subscribe findings [zone 1|2|3…] [severity high|medium|low…] [all]` routes new critical findings (or `all` new findings) here; `subscribe findings quiet 22:00-07:00` holds non-critical cards back at night.';

/** Admins and SOC analysts route alerts; everyone else is told who can. */
export function mayRoute(ctx: CommandContext): Reply | null {
  if (ctx.asker.roles.includes('admin') || ctx.asker.roles.includes('soc')) return null;
  return { text: 'Only Vigil admins and SOC analysts can choose which channels get alerts. Ask one of them.' };
}

/** Routing is per channel: elsewhere, say where to run it. */
export function inChannel(ctx: CommandContext): Reply | null {
  if (ctx.where.type === 'channel') return null;
  return {
    text: 'Run this in the channel that should receive alerts (mention me there: `@Vigil subscribe findings`).',
  };
}

export const actorOf = (ctx: CommandContext) => ({ id: ctx.asker.objectId ?? ctx.asker.id, name: ctx.asker.name });
export const createdByOf = (ctx: CommandContext) => ctx.asker.upn ?? ctx.asker.objectId ?? ctx.asker.id;

/** Every route of every conversation, by topic then age (for admins). */
export async function allRoutes(store: Store): Promise<SubscriptionRecord[]> {
  const out: SubscriptionRecord[] = [];
  for (const topic of SUBSCRIPTION_TOPICS) out.push(...(await store.subscriptions.listByTopic(topic)));
  return out;
}

/** This channel's findings routes with their filters read; unreadable ones are left out (the poll reports them). */
export async function findingsRoutesOf(
  store: Store,
  channel: string,
): Promise<{ record: SubscriptionRecord; filter: FindingsRouteFilter }[]> {
  const out: { record: SubscriptionRecord; filter: FindingsRouteFilter }[] = [];
  for (const record of await store.subscriptions.listForConversation(conversationId(channel))) {
    if (record.topic !== 'findings') continue;
    const parsed = parseRouteFilter(record.filter);
    if (parsed.ok) out.push({ record, filter: parsed.filter });
  }
  return out;
}

export const subscribeCommand: Command = {
  name: 'subscribe',
  description: 'send new critical findings to this channel (admins, SOC)',
  example: 'subscribe findings zone 3',
  match: startsWith('subscribe'),
  async handle(ctx) {
    const refused = mayRoute(ctx) ?? inChannel(ctx);
    if (refused) return refused;
    const [topic, ...rest] = ctx.args.split(' ').filter(Boolean);
    if (topic === undefined) return { text: USAGE };
    // `subscribe prompt-volume …` (also "prompt volume"): unusual prompt volume alerts.
    if (topic === 'prompt-volume' || (topic === 'prompt' && rest[0] === 'volume')) {
      const request = parsePromptSubscribeArgs((topic === 'prompt' ? rest.slice(1) : rest).join(' '));
      if (request.kind === 'error') return { text: request.message };
      return addPromptRoute(ctx, request.filter);
    }
    const governance = GOVERNANCE_TOPICS[topic];
    if (governance) return addZoneRoute(ctx, governance, rest.join(' '));
    if (topic !== 'findings' && topic !== 'finding' && topic !== 'alerts') {
      return {
        text: `I can route \`findings\`, \`prompt-volume\`, \`reviews\`, \`escalations\` and \`drift\` — not "${topic}". ${USAGE} ${PROMPT_USAGE} ${ZONE_USAGE}`,
      };
    }
    const request = parseSubscribeArgs(rest.join(' '), ctx.config.timeZone);
    if (request.kind === 'error') return { text: request.message };
    return request.kind === 'quiet' ? setQuietHours(ctx, request.quiet) : addRoute(ctx, request.filter, request.quiet);
  },
};

async function addRoute(
  ctx: CommandContext,
  base: Omit<FindingsRouteFilter, 'quiet'>,
  quietSaid: QuietHours | null | undefined,
): Promise<Reply> {
  const channel = ctx.where.conversationId;
  const existing = await findingsRoutesOf(ctx.store, channel);
  // Quiet hours belong to the channel: a new route keeps the ones its other routes already have.
  const quiet = quietSaid === undefined ? (existing.find((r) => r.filter.quiet)?.filter.quiet ?? null) : quietSaid;
  const filter: FindingsRouteFilter = { ...base, quiet };
  const { created, subscription } = await addAudited(ctx, 'findings', routeFilterJson(filter));
  const what = describeRouteFilter(filter);
  if (!created) return { text: `This channel already gets ${what} (route #${subscription.id}).` };
  return {
    text: `Done: this channel now gets ${what} (route #${subscription.id}). \`subscriptions\` lists the routes here; \`unsubscribe findings\` stops them.`,
  };
}

/** The governance cadence's topics: each routed per zone. */
const GOVERNANCE_TOPICS: Record<string, { topic: 'reviews' | 'escalations' | 'drift'; what: string }> = {
  reviews: { topic: 'reviews', what: 'zone review cards' },
  review: { topic: 'reviews', what: 'zone review cards' },
  escalations: { topic: 'escalations', what: 'SLA breach escalations' },
  escalation: { topic: 'escalations', what: 'SLA breach escalations' },
  drift: { topic: 'drift', what: 'drift cards (new, removed and risky changes to AI resources)' },
};

const ZONE_USAGE =
  '`subscribe reviews|escalations|drift [zone 1|2|3…]` routes zone reviews, SLA breach escalations or drift cards here.';

async function addZoneRoute(
  ctx: CommandContext,
  g: { topic: 'reviews' | 'escalations' | 'drift'; what: string },
  args: string,
): Promise<Reply> {
  const zones: number[] = [];
  const unknown: string[] = [];
  for (const t of args.split(/[\s,]+/).filter(Boolean)) {
    const z = /^(?:zone|z)?([123])$/.exec(t)?.[1];
    if (z) zones.push(Number(z));
    else if (t !== 'zone' && t !== 'zones') unknown.push(t);
  }
  if (unknown.length > 0) return { text: `I did not understand: ${unknown.join(', ')}. ${ZONE_USAGE}` };
  const sorted = [...new Set(zones)].sort();
  const { created, subscription } = await addAudited(ctx, g.topic, sorted.length > 0 ? { zones: sorted } : {});
  const scope = sorted.length > 0 ? `zone ${sorted.join(', ')}` : 'every zone';
  if (!created) return { text: `This channel already gets ${g.what} for ${scope} (route #${subscription.id}).` };
  return {
    text: `Done: this channel now gets ${g.what} for ${scope} (route #${subscription.id}). \`unsubscribe ${g.topic}\` stops it.`,
  };
}

/** Adds a route for this channel and, when it is new, the audit entry, in one transaction. */
function addAudited(ctx: CommandContext, topic: SubscriptionTopic, filter: JsonObject) {
  const channel = ctx.where.conversationId;
  return ctx.store.transaction(async (tx) => {
    const added = await tx.subscriptions.add({
      conversationId: conversationId(channel),
      topic,
      filter,
      createdBy: createdByOf(ctx),
    });
    if (added.created) {
      await tx.audit.append({
        actor: actorOf(ctx),
        action: 'subscription.add',
        subject: { type: 'subscription', id: String(added.subscription.id) },
        details: { conversationId: channel, topic, filter: added.subscription.filter },
        source: `conversation:${channel}`,
      });
    }
    return added;
  });
}

const PROMPT_USAGE =
  '`subscribe prompt-volume [zone 1|2|3…] [no drops]` routes unusual prompt volume (bursts, and drops to zero on busy resources unless `no drops`) here.';

async function addPromptRoute(ctx: CommandContext, filter: PromptRouteFilter): Promise<Reply> {
  const { created, subscription } = await addAudited(ctx, 'prompt-volume', promptRouteFilterJson(filter));
  const what = describePromptRouteFilter(filter);
  if (!created) return { text: `This channel already gets ${what} (route #${subscription.id}).` };
  return {
    text: `Done: this channel now gets ${what} (route #${subscription.id}). \`subscriptions\` lists the routes here; \`unsubscribe ${subscription.id}\` stops it.`,
  };
}

async function setQuietHours(ctx: CommandContext, quiet: QuietHours | null): Promise<Reply> {
  const channel = ctx.where.conversationId;
  const routes = await findingsRoutesOf(ctx.store, channel);
  if (routes.length === 0) {
    return {
      text: 'This channel has no findings route yet, and quiet hours only hold back non-critical cards. Subscribe first, e.g. `subscribe findings all quiet 22:00-07:00`.',
    };
  }
  await ctx.store.transaction(async (tx) => {
    for (const { record, filter } of routes) {
      // Routes are rows keyed by their filter, so a changed filter is a replaced row.
      await tx.subscriptions.remove(record.id);
      const { subscription } = await tx.subscriptions.add({
        conversationId: conversationId(channel),
        topic: 'findings',
        filter: routeFilterJson({ ...filter, quiet }),
        createdBy: record.createdBy,
      });
      await tx.audit.append({
        actor: actorOf(ctx),
        action: 'subscription.update',
        subject: { type: 'subscription', id: String(subscription.id) },
        details: { conversationId: channel, replaces: record.id, quiet: quiet ? { ...quiet } : null },
        source: `conversation:${channel}`,
      });
    }
  });
  if (!quiet) return { text: 'Quiet hours are off: every card here goes as soon as it is found.' };
  return {
    text: `Quiet hours set: ${quiet.start}–${quiet.end} ${quiet.timeZone}. Non-critical cards found then wait until ${quiet.end}; critical ones still come at once.`,
  };
}
