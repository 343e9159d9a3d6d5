// A finding card action is a verb, the zod schema of its data, and either a change (what it does to the
// finding, as a store patch plus audit details) or a read (what card it answers with). One file per verb.

import type { Logger } from 'pino';
import type { z } from 'zod/v4';
import type { AdaptiveCard } from '../../cards/render.js';
import type { Config } from '../../config/schema.js';
import type { FindingChange } from '../../posture/permissions.js';
import type { Role } from '../../posture/roles.js';
import type { FindingPatch, FindingRecord, JsonObject, Store } from '../../store/index.js';
import type { FindingViews } from '../findings/view.js';
import type { Directory } from '../people.js';
import type { FindingRef, FindingVerb } from './schemas.js';

export interface ActionDeps {
  store: Store;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** Resolves the clicker's UPN (owners are named by UPN). */
  directory: Directory;
  /** Wakes the outbox worker so the other copies update now rather than at its next tick. */
  notifyOutbox?: () => void;
}

/** The person who clicked, as the server knows them. */
export interface Clicker {
  /** Teams user id (29:…). */
  teamsId: string;
  objectId: string | null;
  upn: string | null;
  name: string | null;
  roles: Role[];
}

export interface ChangeContext {
  finding: FindingRecord;
  clicker: Clicker;
  now: Date;
  config: Config;
}

/** What a change does: the patch for `findings.transition` and what the audit entry records about it. */
export type ChangeOutcome = { patch: FindingPatch; details: JsonObject } | { refuse: string };

export interface ChangeHandler<S extends z.ZodType<FindingRef> = z.ZodType<FindingRef>> {
  kind: 'change';
  verb: FindingVerb;
  /** The permission it needs (posture/permissions.ts). */
  action: FindingChange;
  schema: S;
  change(input: z.output<S>, ctx: ChangeContext): ChangeOutcome;
}

export interface ReadContext {
  finding: FindingRecord;
  clicker: Clicker;
  now: Date;
  views: FindingViews;
}

/** A read answers with a card (or a refusal) and changes nothing. */
export type ReadOutcome = { card: AdaptiveCard } | { refuse: string };

export interface ReadHandler<S extends z.ZodType<FindingRef> = z.ZodType<FindingRef>> {
  kind: 'read';
  verb: FindingVerb;
  schema: S;
  read(input: z.output<S>, ctx: ReadContext): Promise<ReadOutcome>;
}

export type FindingActionHandler = ChangeHandler | ReadHandler;
