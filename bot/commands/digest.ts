// `digest subscribe weekly|daily [in <time zone>]`, `digest unsubscribe`, `digest`: the leader digest, in a
// personal chat, sent in the person's own time zone. Leaders named in configuration get the weekly one
// unless they unsubscribe.

import { rolesOf } from '../../posture/roles.js';
import { isTimeZone } from '../../posture/wallclock.js';
import { conversationId, type DigestCadence } from '../../store/index.js';
import { type Command, type CommandContext, type Reply, startsWith } from './types.js';

const USAGE =
  'Say `digest subscribe weekly` (or `daily`), optionally `in Europe/Paris`; `digest unsubscribe` stops it; `digest` shows what you get.';

export const digestCommand: Command = {
  name: 'digest',
  description: 'get the posture digest weekly or daily in this chat, in your time zone',
  example: 'digest subscribe weekly',
  match: startsWith('digest', 'digests'),
  async handle(ctx) {
    if (ctx.where.type !== 'personal') {
      return { text: 'Digests come to a personal chat: message me directly and say `digest subscribe weekly`.' };
    }
    const [verb, ...rest] = ctx.args.split(' ').filter(Boolean);
    const current = await effective(ctx);
    if (verb === undefined || verb === 'status') return { text: `${describe(current, ctx)} ${USAGE}` };
    if (verb === 'unsubscribe' || verb === 'stop' || verb === 'off') return save(ctx, 'off', current.timeZone);
    if (verb !== 'subscribe' && verb !== 'weekly' && verb !== 'daily') return { text: USAGE };
    const words = verb === 'subscribe' ? rest : [verb, ...rest];
    const cadence = words[0] === 'daily' ? 'daily' : words[0] === 'weekly' || words[0] === undefined ? 'weekly' : null;
    if (cadence === null) return { text: `"${words[0]}" is not a digest cadence. ${USAGE}` };
    let timeZone = ctx.asker.timeZone ?? current.timeZone;
    if (words[1] !== undefined) {
      // Time zones are case-sensitive IANA names; the text was lower-cased, so match them case-insensitively.
      const typed = words.slice(words[1] === 'in' ? 2 : 1).join('_');
      const found = matchTimeZone(typed);
      if (!found) return { text: `I do not know the time zone "${typed}". Use an IANA name such as Europe/Paris.` };
      timeZone = found;
    }
    return save(ctx, cadence, timeZone);
  },
};

interface Effective {
  cadence: DigestCadence;
  timeZone: string;
  /** From configuration (a leader with no choice recorded). */
  byDefault: boolean;
}

async function effective(ctx: CommandContext): Promise<Effective> {
  const sub = await ctx.store.digests.get(conversationId(ctx.where.conversationId));
  if (sub) return { cadence: sub.cadence, timeZone: sub.timeZone, byDefault: false };
  const leader = rolesOf({ objectId: ctx.asker.objectId, upn: ctx.asker.upn }, ctx.config.roles).includes('leader');
  return { cadence: leader ? 'weekly' : 'off', timeZone: ctx.asker.timeZone ?? ctx.config.timeZone, byDefault: leader };
}

function describe(e: Effective, ctx: CommandContext): string {
  if (e.cadence === 'off') return 'You get no digest.';
  const g = ctx.config.governance;
  const when =
    e.cadence === 'weekly'
      ? `every ${g.digestWeekday[0]?.toUpperCase()}${g.digestWeekday.slice(1)} at ${g.digestAt}`
      : `every day at ${g.digestAt} (zone ${g.dailyDigestZones.join(', ')})`;
  return `You get the ${e.cadence} digest ${when} ${e.timeZone}${e.byDefault ? ' (as a leader, by default)' : ''}.`;
}

async function save(ctx: CommandContext, cadence: DigestCadence, timeZone: string): Promise<Reply> {
  const userId = ctx.asker.objectId ?? ctx.asker.upn ?? ctx.asker.id;
  await ctx.store.transaction(async (tx) => {
    await tx.digests.set({
      conversationId: conversationId(ctx.where.conversationId),
      userId,
      cadence,
      timeZone,
      updatedBy: userId,
    });
    await tx.audit.append({
      actor: { id: userId, name: ctx.asker.name },
      action: cadence === 'off' ? 'digest.unsubscribe' : 'digest.subscribe',
      subject: { type: 'digest', id: ctx.where.conversationId },
      details: { cadence, timeZone },
      source: `conversation:${ctx.where.conversationId}`,
    });
  });
  if (cadence === 'off') return { text: 'Done: no more digests here. `digest subscribe weekly` brings them back.' };
  return { text: `Done. ${describe({ cadence, timeZone, byDefault: false }, ctx)}` };
}

const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

function matchTimeZone(typed: string): string | null {
  const t = typed.toLowerCase();
  const known = [...ZONES, 'UTC'].find((z) => z.toLowerCase() === t);
  if (known) return known;
  return isTimeZone(typed) ? typed : null;
}
