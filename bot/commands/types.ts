// A command is a matcher plus a handler (one file each, listed in index.ts).

import type { AdaptiveCard } from '../../cards/render.js';
import type { Config } from '../../config/schema.js';
import type { DiscoveryResult } from '../../jobs/discovery.js';
import type { CatalogEntry } from '../../jobs/index.js';
import type { SlotResult } from '../../jobs/runner.js';
import type { Estate } from '../../posture/estate.js';
import type { Vocabulary } from '../../posture/filters.js';
import type { Role } from '../../posture/roles.js';
import type { Store } from '../../store/index.js';

export interface Asker {
  /** Teams user id (29:…), what card refresh lists use. */
  id: string;
  objectId: string | null;
  upn: string | null;
  name: string;
  roles: Role[];
  /** The IANA time zone Teams reported for the person's client, when it did. */
  timeZone: string | null;
}

export interface Where {
  /** Teams conversation id; for a channel message, the channel's id without the `;messageid=` suffix. */
  conversationId: string;
  type: 'personal' | 'groupChat' | 'channel';
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
}

export interface CommandContext {
  /** The message with the mention stripped, trimmed, lower-cased, punctuation collapsed. */
  text: string;
  /** What followed the command's own words. */
  args: string;
  asker: Asker;
  /** The conversation the question was asked in. */
  where: Where;
  now: Date;
  config: Config;
  store: Store;
  /** The latest snapshot, indexed; null until the first discovery has finished. */
  estate: Estate | null;
  /** Words the estate knows (subscription names, resource groups, regions, owners) for parseFilters. */
  vocabulary: Vocabulary | null;
  /** 0-based page requested by a "More" button; 0 for a typed question. */
  page: number;
  /** "10:42 UTC": when the estate was taken, in the configured time zone. */
  asOf: string;
  /** Runs discovery now (admins' `refresh`); null where jobs are not wired. */
  refresh: (() => Promise<SlotResult<DiscoveryResult>>) | null;
  /** The job catalogue and a way to run one now (admins' `jobs` / `run <job>`); null where not wired. */
  jobs: JobsControl | null;
}

export interface JobsControl {
  catalog: readonly CatalogEntry[];
  run(name: string): Promise<SlotResult<unknown>>;
}

/** What a command sends back: a card, a text, or both. */
export interface Reply {
  text?: string;
  card?: AdaptiveCard;
}

export interface Command {
  name: string;
  /** One line for help. */
  description: string;
  /** An example that works. */
  example: string;
  /** Returns the remaining arguments when the text is for this command, or null. */
  match(text: string): string | null;
  handle(ctx: CommandContext): Promise<Reply>;
}

/** What follows the first of the phrases the text starts with (whole words), or null. */
function afterPhrase(text: string, phrases: readonly string[]): string | null {
  for (const p of phrases) {
    if (text === p) return '';
    if (text.startsWith(`${p} `)) return text.slice(p.length + 1).trim();
  }
  return null;
}

/** Match when the text starts with one of the phrases (whole words). */
export function startsWith(...phrases: string[]): (text: string) => string | null {
  return (text) => afterPhrase(text, phrases);
}

/** Words people put before a question ("show me", "what is", "list all") that do not change it. */
export const LEAD_FILLERS: ReadonlySet<string> = new Set(
  "what whats what's which is are show me list give get any anything the all please our us see".split(' '),
);

/**
 * Match when, after leading filler words, the text starts with one of the phrases (whole words).
 * Longer phrases should come first. `extraFillers` may skip more words ("findings" before "overdue").
 */
export function questionMatcher(phrases: readonly string[], extraFillers: readonly string[] = []) {
  const fillers = new Set([...LEAD_FILLERS, ...extraFillers]);
  return (text: string): string | null => {
    const words = text.split(' ');
    for (let skip = 0; skip <= words.length; skip++) {
      const rest = afterPhrase(words.slice(skip).join(' '), phrases);
      if (rest !== null) return rest;
      if (!fillers.has(words[skip] ?? '')) return null;
    }
    return null;
  };
}
