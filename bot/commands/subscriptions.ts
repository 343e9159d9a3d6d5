// `subscriptions`: the alert routes of this channel; for an admin in a personal chat, every route.

import { describeRouteFilter, parseRouteFilter } from '../../posture/alerting.js';
import { describePromptRouteFilter, parsePromptRouteFilter } from '../../posture/prompt-alerting.js';
import { conversationId, type SubscriptionRecord } from '../../store/index.js';
import { allRoutes } from './subscribe.js';
import { type Command, type CommandContext, startsWith } from './types.js';

/** Routes listed in one answer; the rest are counted (a Teams message should stay short). */
const MAX_LISTED = 40;

export const subscriptionsCommand: Command = {
  name: 'subscriptions',
  description: 'the alert routes of this channel (admins: every route, in a personal chat)',
  example: 'subscriptions',
  match: startsWith('subscriptions', 'list subscriptions', 'alert routes'),
  async handle(ctx) {
    const fallback = ctx.config.alerts.defaultChannel.trim();
    if (ctx.where.type === 'channel') {
      const here = ctx.where.conversationId;
      const routes = await ctx.store.subscriptions.listForConversation(conversationId(here));
      const lines = routes.map((r) => `- ${describe(r)}`);
      if (fallback === here) lines.push('- every critical finding (this is the configured default alert channel)');
      if (lines.length === 0) {
        return { text: 'This channel gets no alerts. An admin or SOC analyst can say `subscribe findings` here.' };
      }
      return { text: `Alerts routed to this channel:\n\n${lines.join('\n')}\n\n\`unsubscribe <number>\` stops one.` };
    }
    if (!ctx.asker.roles.includes('admin')) {
      return { text: 'Ask me `subscriptions` in a channel to see what it receives (admins see every route here).' };
    }
    return everyRoute(ctx, fallback);
  },
};

async function everyRoute(ctx: CommandContext, fallback: string) {
  const routes = await allRoutes(ctx.store);
  const lines = routes.slice(0, MAX_LISTED).map((r) => `- ${describe(r)} → ${r.conversationId}`);
  if (routes.length > MAX_LISTED) lines.push(`- … and ${routes.length - MAX_LISTED} more`);
  if (fallback !== '') lines.push(`- every critical finding → ${fallback} (default alert channel, from configuration)`);
  if (lines.length === 0) return { text: 'No channel gets alerts yet. Say `subscribe findings` in a channel.' };
  return { text: `Every alert route:\n\n${lines.join('\n')}\n\n\`unsubscribe <number>\` stops one.` };
}

function describe(r: SubscriptionRecord): string {
  const since = r.createdAt.slice(0, 10);
  if (r.topic === 'prompt-volume') {
    const prompt = parsePromptRouteFilter(r.filter);
    const what = prompt.ok
      ? describePromptRouteFilter(prompt.filter)
      : `prompt-volume, unreadable filter (${prompt.error})`;
    return `#${r.id} ${what} (added by ${r.createdBy} on ${since})`;
  }
  if (r.topic !== 'findings') return `#${r.id} ${r.topic} (added by ${r.createdBy} on ${since})`;
  const parsed = parseRouteFilter(r.filter);
  const what = parsed.ok ? describeRouteFilter(parsed.filter) : `findings, unreadable filter (${parsed.error})`;
  return `#${r.id} ${what} (added by ${r.createdBy} on ${since})`;
}
