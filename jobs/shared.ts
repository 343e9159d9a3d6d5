// What several jobs need: the newest estate, the channels that hear a topic for a zone, the leaders' chats.

import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Zone } from '../posture/model.js';
import { rolesOf } from '../posture/roles.js';
import { type ConversationId, conversationId, type Store, type SubscriptionTopic } from '../store/index.js';

/** A zone filter stored with a subscription: `{ zones: [1, 3] }`, or `{}` for every zone. */
export function zoneFilterMatches(filter: Record<string, unknown>, zone: Zone): boolean {
  const zones = filter.zones;
  return !Array.isArray(zones) || zones.length === 0 || zones.includes(zone);
}

/**
 * The conversations that hear `topic` for `zone`: channels subscribed to it (zone filter matching) and the
 * configured default channel, when Vigil knows it (a proactive send needs its conversation reference).
 */
export async function zoneChannels(
  store: Store,
  config: Config,
  topic: SubscriptionTopic,
  zone: Zone,
  log: Logger,
): Promise<ConversationId[]> {
  const out = new Set<ConversationId>();
  for (const s of await store.subscriptions.listByTopic(topic)) {
    if (zoneFilterMatches(s.filter, zone)) out.add(s.conversationId);
  }
  const fallback = await knownDefaultChannel(store, config, log);
  if (fallback) out.add(fallback);
  return [...out];
}

/**
 * The configured default channel (`alerts.defaultChannel`), when Vigil knows it: a proactive send needs the
 * conversation reference, which Vigil only has once it has been added there. A configured but unknown
 * channel is logged (when a logger is given) and left out.
 */
export async function knownDefaultChannel(store: Store, config: Config, log?: Logger): Promise<ConversationId | null> {
  const fallback = config.alerts.defaultChannel.trim();
  if (fallback === '') return null;
  if (await store.conversations.get(conversationId(fallback))) return conversationId(fallback);
  log?.warn({ conversationId: fallback }, 'the default channel is unknown: add Vigil to it (or mention it there once)');
  return null;
}

export interface LeaderChat {
  conversationId: ConversationId;
  userId: string;
  /** Zones whose SLA breaches this person hears. */
  zones: Zone[];
  /** A leader by role (`roles.leaders`), not only a zone leader. */
  leader: boolean;
}

/**
 * Personal chats of the people configuration names as leaders (those who have talked to Vigil), with the
 * zones whose breaches they hear: the zones `governance.zoneLeaders` lists them for, and every zone without
 * such a list if they are leaders (`roles.leaders`).
 */
export async function leaderChats(store: Store, config: Config): Promise<LeaderChat[]> {
  const out: LeaderChat[] = [];
  const byZone = config.governance.zoneLeaders;
  for (const c of await store.conversations.list({ type: 'personal' })) {
    const person = { objectId: c.userAadObjectId, upn: c.userUpn };
    const leader = rolesOf(person, config.roles).includes('leader');
    const zones = ([1, 2, 3] as Zone[]).filter((z) => {
      const listed = byZone[z];
      return listed ? rolesOf(person, { soc: [], admins: [], leaders: listed }).includes('leader') : leader;
    });
    if (zones.length > 0) {
      const userId = c.userAadObjectId ?? c.userUpn ?? c.conversationId;
      out.push({ conversationId: c.conversationId, userId, zones, leader });
    }
  }
  return out;
}
