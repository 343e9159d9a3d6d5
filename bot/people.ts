// Who is asking: Teams gives the Entra object id on every activity but not the UPN, which
// owner tags and governance assignments use. The directory fills it in.

import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export interface Directory {
  /** The UPN (or e-mail) of the person behind this activity, or null when it cannot be known. */
  upnOf(context: TurnContext): Promise<string | null>;
}

/** Fixed people (the demo tenant's), by Entra object id. */
export function staticDirectory(people: readonly { objectId: string; upn: string }[]): Directory {
  const byId = new Map(people.map((p) => [p.objectId.toLowerCase(), p.upn.toLowerCase()]));
  return {
    async upnOf(context) {
      const id = context.activity.from.aadObjectId?.toLowerCase();
      return (id && byId.get(id)) ?? null;
    },
  };
}

const HOUR = 3_600_000;

/** Asks Teams for the member's profile (TeamsInfo.getMember), cached for an hour per person. */
export function teamsDirectory(logger: Logger, clock: () => Date): Directory {
  const cache = new Map<string, { upn: string | null; at: number }>();
  return {
    async upnOf(context) {
      const id = context.activity.from.aadObjectId ?? context.activity.from.id;
      const hit = cache.get(id);
      if (hit && clock().getTime() - hit.at < HOUR) return hit.upn;
      let upn: string | null = null;
      try {
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        upn = (member.userPrincipalName ?? member.email ?? null)?.toLowerCase() ?? null;
      } catch (err) {
        logger.warn(
          { err, userId: context.activity.from.id },
          'could not look up the member in Teams; matching by object id only',
        );
      }
      cache.set(id, { upn, at: clock().getTime() });
      return upn;
    },
  };
}
