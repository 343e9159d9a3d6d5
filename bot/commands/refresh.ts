import { formatAsOf } from '../../posture/text.js';
import { type Command, startsWith } from './types.js';

export const refreshCommand: Command = {
  name: 'refresh',
  description: 'reload the AI estate from Defender for Cloud now (admins)',
  example: 'refresh',
  match: startsWith('refresh', 'reload', 'rediscover', 'discover now'),
  async handle(ctx) {
    if (!ctx.asker.roles.includes('admin')) {
      return {
        text: 'Only Vigil admins can refresh the estate on demand. It refreshes by itself on each zone’s discovery schedule.',
      };
    }
    if (!ctx.refresh) return { text: 'Refreshing is not available here.' };
    const outcome = await ctx.refresh();
    if (!outcome.ran) return { text: 'A refresh already ran this minute; the data is as fresh as it gets.' };
    const r = outcome.result;
    const issues =
      r.issues.length === 0
        ? ''
        : ` ${r.issues.length} source issue(s): ${r.issues.map((i) => `${i.operation}: ${i.message}`).join('; ')}.`;
    return {
      text: `Refreshed: ${r.resources} AI resources and ${r.findings} assessments as of ${formatAsOf(new Date(r.takenAt), ctx.config.timeZone, ctx.now)}.${issues}`,
    };
  },
};
