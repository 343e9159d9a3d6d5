// `unsubscribe [findings]` stops this channel's routes; `unsubscribe 12` stops one (admins may name any
// route from a personal chat, after `subscriptions` listed them all).

import { describeRouteFilter, parseRouteFilter } from '../../posture/alerting.js';
import { describePromptRouteFilter, parsePromptRouteFilter } from '../../posture/prompt-alerting.js';
import { conversationId, SUBSCRIPTION_TOPICS, type SubscriptionRecord } from '../../store/index.js';
import { actorOf, allRoutes, inChannel, mayRoute } from './subscribe.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

export const unsubscribeCommand: Command = {
  name: 'unsubscribe',
  description: 'stop alerts in this channel (admins, SOC)',
  example: 'unsubscribe findings',
  match: startsWith('unsubscribe'),
  async handle(ctx) {
    const refused = mayRoute(ctx);
    if (refused) return refused;
    const args = ctx.args.replace(/^#/, '').trim();
    const id = /^(?:route )?#?(\d+)$/.exec(args)?.[1];
    if (id !== undefined) return removeOne(ctx, Number(id));
    const outside = inChannel(ctx);
    if (outside) return outside;
    const named = args.replace(/^prompt volume$/, 'prompt-volume').replace(/^(review|escalation)$/, '$1s');
    const topic = (SUBSCRIPTION_TOPICS as readonly string[]).includes(named) ? named : null;
    if (args !== '' && args !== 'all' && topic === null) {
      return {
        text: 'Say `unsubscribe findings`, `prompt-volume`, `reviews`, `escalations` or `drift` (or `unsubscribe` for every route here, or `unsubscribe <route number>`).',
      };
    }
    const routes = await ctx.store.subscriptions.listForConversation(conversationId(ctx.where.conversationId));
    const doomed = topic ? routes.filter((r) => r.topic === topic) : routes;
    if (doomed.length === 0) return { text: 'This channel has no alert routes; nothing to stop.' };
    await remove(ctx, doomed);
    return {
      text: `Stopped ${doomed.length === 1 ? 'the route' : `${doomed.length} routes`} here: ${doomed.map(label).join('; ')}.`,
    };
  },
};

async function removeOne(ctx: CommandContext, id: number): Promise<Reply> {
  const adminAnywhere = ctx.asker.roles.includes('admin') && ctx.where.type === 'personal';
  const candidates = adminAnywhere
    ? await allRoutes(ctx.store)
    : ctx.where.type === 'channel'
      ? await ctx.store.subscriptions.listForConversation(conversationId(ctx.where.conversationId))
      : null;
  if (candidates === null) return inChannel(ctx) as Reply;
  const route = candidates.find((r) => r.id === id);
  if (!route) {
    return {
      text: `There is no route #${id} ${adminAnywhere ? '' : 'in this channel '}(\`subscriptions\` lists them).`,
    };
  }
  await remove(ctx, [route]);
  return { text: `Stopped route #${id}: ${label(route)}.` };
}

async function remove(ctx: CommandContext, routes: readonly SubscriptionRecord[]): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    for (const r of routes) {
      if (!(await tx.subscriptions.remove(r.id))) continue;
      await tx.audit.append({
        actor: actorOf(ctx),
        action: 'subscription.remove',
        subject: { type: 'subscription', id: String(r.id) },
        details: { conversationId: r.conversationId, topic: r.topic, filter: r.filter },
        source: `conversation:${ctx.where.conversationId}`,
      });
    }
  });
}

function label(r: SubscriptionRecord): string {
  if (r.topic === 'prompt-volume') {
    const prompt = parsePromptRouteFilter(r.filter);
    return `#${r.id} ${prompt.ok ? describePromptRouteFilter(prompt.filter) : 'prompt-volume (unreadable filter)'}`;
  }
  if (r.topic !== 'findings') return `#${r.id} ${r.topic}`;
  const parsed = parseRouteFilter(r.filter);
  return `#${r.id} ${parsed.ok ? describeRouteFilter(parsed.filter) : 'findings (unreadable filter)'}`;
}
