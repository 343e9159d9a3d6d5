// `history <finding>`: who did what to a finding, when — its audit entries, newest first. The finding by
// number (`history 42`, as its card shows it) or by words from its recommendation and resource names
// (`history key access on oai-claims-prod`).

import { plural } from '../../cards/parts.js';
import { decide } from '../../posture/permissions.js';
import { type FindingRecord, findingId } from '../../store/index.js';
import { findingViews, subjectOf } from '../findings/view.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

/** Words that join a finding's name to its resource's and say nothing themselves. */
const FILLERS = new Set(['of', 'on', 'for', 'the', 'a', 'finding', 'findings', 'in', 'at']);
const LISTED = 10;

export const historyCommand: Command = {
  name: 'history',
  description: "a finding's audit trail: who acknowledged, assigned, snoozed, planned or accepted it, and when",
  example: 'history 42',
  match: startsWith('history of', 'history for', 'history', 'audit of', 'audit for', 'audit'),
  async handle(ctx) {
    if (!ctx.args) {
      return {
        text: 'Which finding? Give its number from the card (`history 42`) or words from its name and resource (`history key access on oai-claims-prod`).',
      };
    }
    const number = /^#?(\d{1,15})$/.exec(ctx.args);
    if (number) {
      const finding = await ctx.store.findings.get(findingId(Number(number[1])));
      return finding ? show(ctx, finding) : { text: `I have no finding #${number[1]}.` };
    }
    const words = ctx.args
      .split(' ')
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
      .filter((w) => w !== '' && !FILLERS.has(w));
    const found = await ctx.store.findings.search(words, LISTED + 1);
    if (found.length === 0) {
      return {
        text: `No finding I have alerted on matches “${ctx.args}”. Try its number from the card: \`history 42\`.`,
      };
    }
    if (found.length === 1 && found[0]) return show(ctx, found[0]);
    const lines = found.slice(0, LISTED).map((f) => `- **#${f.id}** ${f.displayName} · ${f.resourceName} · ${f.state}`);
    const more = found.length > LISTED ? `\n\nThere are more; add words to narrow it down.` : '';
    return {
      text: `${plural(Math.min(found.length, LISTED), 'finding')} match “${ctx.args}”. Ask for one by number, e.g. \`history ${found[0]?.id}\`:\n\n${lines.join('\n')}${more}`,
    };
  },
};

async function show(ctx: CommandContext, finding: FindingRecord): Promise<Reply> {
  const decision = decide(ctx.asker, subjectOf(finding), 'history');
  if (!decision.allowed) return { text: decision.reason };
  return { card: await findingViews({ store: ctx.store, config: ctx.config }).historyCard(finding, ctx.now) };
}
