// The lifecycle of each finding occurrence: first seen (alert once), acted on from cards, resolved.
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { AssessmentKey, AzureResourceId, Brand, Severity, Zone } from '../posture/model.js';
import { type Clock, type Instant, toIso, toIsoOrNull } from './codec.js';
import { StoreError } from './errors.js';
import type { Database, FindingsTable } from './schema.js';

export type FindingId = Brand<number, 'FindingId'>;
export const findingId = (id: number): FindingId => id as FindingId;

export const FINDING_STATES = [
  'open',
  'acknowledged',
  'snoozed',
  'planned',
  'risk-accepted',
  'false-positive',
  'resolved',
] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What a poll observed about an unhealthy assessment. */
export interface OccurrenceInput {
  /**
   * Identifies this occurrence: the assessment id plus the statusChangeDate that made it unhealthy (built by
   * posture/). The same key twice is the same occurrence; a finding that resolves and returns gets a new one.
   */
  occurrenceKey: string;
  /** Full ARM id of the assessment. */
  assessmentId: string;
  key: AssessmentKey;
  resourceId: AzureResourceId;
  resourceName: string;
  displayName: string;
  severity: Severity;
  zone: Zone;
  owner: string | null;
  /** The statusChangeDate that made it unhealthy, when Defender gave one. */
  unhealthySince: Instant | null;
  /** SLA due date. */
  dueAt: Instant | null;
  /** Judged critical by config.alerts.critical (default false). Refreshed on every poll, like severity. */
  critical?: boolean;
}

export interface FindingRecord {
  id: FindingId;
  occurrenceKey: string;
  assessmentId: string;
  key: AssessmentKey;
  resourceId: AzureResourceId;
  resourceName: string;
  displayName: string;
  severity: Severity;
  zone: Zone;
  owner: string | null;
  /** Judged critical when last seen by a poll (config.alerts.critical). */
  critical: boolean;
  state: FindingState;
  unhealthySince: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  dueAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  assignee: string | null;
  snoozedUntil: string | null;
  eta: string | null;
  justification: string | null;
  resolvedAt: string | null;
  /** Bumped by every transition; pass it back to `transition` to detect a concurrent change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields people and jobs change. Omitted fields stay as they are; null clears. */
export interface FindingPatch {
  state?: FindingState;
  owner?: string | null;
  assignee?: string | null;
  acknowledgedBy?: string | null;
  acknowledgedAt?: Instant | null;
  snoozedUntil?: Instant | null;
  eta?: Instant | null;
  justification?: string | null;
  resolvedAt?: Instant | null;
  dueAt?: Instant | null;
}

export type TransitionResult =
  | { ok: true; finding: FindingRecord }
  /** Someone changed it first: `current` is what they left, for re-rendering the card. */
  | { ok: false; reason: 'conflict'; current: FindingRecord }
  | { ok: false; reason: 'not-found' };

export interface FindingFilter {
  states?: readonly FindingState[];
  owner?: string;
  assignee?: string;
  resourceId?: AzureResourceId;
  zone?: Zone;
}

export class FindingRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records an occurrence seen by a poll. `isNew` is true exactly once per occurrence key, across restarts and
   * replicas (the unique key decides): that is the signal to alert. For a known occurrence the observed
   * fields (names, severity, zone, owner, due date, last seen) are refreshed; its lifecycle state and
   * version are left alone, so a poll never invalidates a card someone is about to click.
   */
  async upsertOccurrence(input: OccurrenceInput): Promise<{ isNew: boolean; finding: FindingRecord }> {
    const now = toIso(this.clock());
    const observed = {
      resource_name: input.resourceName,
      display_name: input.displayName,
      severity: input.severity,
      zone: input.zone,
      owner: input.owner,
      due_at: toIsoOrNull(input.dueAt, 'dueAt'),
      last_seen_at: now,
      ...(input.critical === undefined ? {} : { critical: input.critical ? 1 : 0 }),
    };
    const inserted = await this.db
      .insertInto('findings')
      .values({
        ...observed,
        occurrence_key: input.occurrenceKey,
        assessment_id: input.assessmentId,
        assessment_key: input.key,
        resource_id: input.resourceId,
        state: 'open',
        unhealthy_since: toIsoOrNull(input.unhealthySince, 'unhealthySince'),
        first_seen_at: now,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('occurrence_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { isNew: true, finding: toRecord(inserted) };

    const updated = await this.db
      .updateTable('findings')
      .set(observed)
      .where('occurrence_key', '=', input.occurrenceKey)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { isNew: false, finding: toRecord(updated) };
  }

  async get(id: FindingId): Promise<FindingRecord | null> {
    const row = await this.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async getByOccurrenceKey(occurrenceKey: string): Promise<FindingRecord | null> {
    const row = await this.db
      .selectFrom('findings')
      .selectAll()
      .where('occurrence_key', '=', occurrenceKey)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  /**
   * Occurrences whose recommendation name or resource name contain every one of `words` (case-insensitive),
   * newest first: how people name a finding in `history <finding>`.
   */
  async search(words: readonly string[], limit = 20): Promise<FindingRecord[]> {
    const terms = words.map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
    if (terms.length === 0) return [];
    let query = this.db.selectFrom('findings').selectAll();
    for (const term of terms) {
      // LIKE with an escape character, so % and _ typed by a person match themselves on both engines.
      const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(sql<boolean>`lower(display_name || ' ' || resource_name) like ${pattern} escape '\\'`);
    }
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  /** Every occurrence of one assessment, newest first (the first is the current one). */
  async historyOfAssessment(assessmentId: string): Promise<FindingRecord[]> {
    const rows = await this.db
      .selectFrom('findings')
      .selectAll()
      .where('assessment_id', '=', assessmentId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /** Occurrences still open, or resolved since `since`: what a digest of the period from `since` looks at. */
  async listActiveSince(since: Instant): Promise<FindingRecord[]> {
    const at = toIso(since, 'since');
    const rows = await this.db
      .selectFrom('findings')
      .selectAll()
      .where((eb) => eb.or([eb('state', '!=', 'resolved'), eb('resolved_at', '>=', at)]))
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Occurrences not yet resolved (any other state), oldest first, optionally narrowed. */
  async listOpen(filter: FindingFilter = {}): Promise<FindingRecord[]> {
    let query = this.db.selectFrom('findings').selectAll().where('state', '!=', 'resolved');
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      query = query.where('state', 'in', filter.states);
    }
    if (filter.owner !== undefined) query = query.where('owner', '=', filter.owner);
    if (filter.assignee !== undefined) query = query.where('assignee', '=', filter.assignee);
    if (filter.resourceId !== undefined) query = query.where('resource_id', '=', filter.resourceId);
    if (filter.zone !== undefined) query = query.where('zone', '=', filter.zone);
    const rows = await query.orderBy('id').execute();
    return rows.map(toRecord);
  }

  /**
   * Applies `patch` only if the row is still at `expectedVersion`, in one conditional UPDATE, and bumps the
   * version. Two people acting on the same card version: one wins, the other gets `conflict` and the row.
   */
  async transition(id: FindingId, expectedVersion: number, patch: FindingPatch): Promise<TransitionResult> {
    const updated = await this.db
      .updateTable('findings')
      .set((eb) => ({
        ...toColumns(patch),
        version: eb('version', '+', 1),
        updated_at: toIso(this.clock()),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated !== undefined) return { ok: true, finding: toRecord(updated) };
    const current = await this.get(id);
    return current === null ? { ok: false, reason: 'not-found' } : { ok: false, reason: 'conflict', current };
  }
}

function toColumns(patch: FindingPatch): Updateable<FindingsTable> {
  const out: Updateable<FindingsTable> = {};
  if (patch.state !== undefined) out.state = checkState(patch.state);
  if (patch.owner !== undefined) out.owner = patch.owner;
  if (patch.assignee !== undefined) out.assignee = patch.assignee;
  if (patch.acknowledgedBy !== undefined) out.acknowledged_by = patch.acknowledgedBy;
  if (patch.acknowledgedAt !== undefined) out.acknowledged_at = toIsoOrNull(patch.acknowledgedAt, 'acknowledgedAt');
  if (patch.snoozedUntil !== undefined) out.snoozed_until = toIsoOrNull(patch.snoozedUntil, 'snoozedUntil');
  if (patch.eta !== undefined) out.eta = toIsoOrNull(patch.eta, 'eta');
  if (patch.justification !== undefined) out.justification = patch.justification;
  if (patch.resolvedAt !== undefined) out.resolved_at = toIsoOrNull(patch.resolvedAt, 'resolvedAt');
  if (patch.dueAt !== undefined) out.due_at = toIsoOrNull(patch.dueAt, 'dueAt');
  return out;
}

function checkState(state: string): FindingState {
  if ((FINDING_STATES as readonly string[]).includes(state)) return state as FindingState;
  throw new StoreError(
    'INVALID_INPUT',
    `unknown finding state "${state}"; expected one of ${FINDING_STATES.join(', ')}`,
  );
}

function toZone(zone: number): Zone {
  if (zone === 1 || zone === 2 || zone === 3) return zone;
  throw new StoreError('INVALID_INPUT', `stored zone ${zone} is not 1, 2 or 3`);
}

function toRecord(row: Selectable<FindingsTable>): FindingRecord {
  return {
    id: findingId(row.id),
    occurrenceKey: row.occurrence_key,
    assessmentId: row.assessment_id,
    key: row.assessment_key as AssessmentKey,
    resourceId: row.resource_id as AzureResourceId,
    resourceName: row.resource_name,
    displayName: row.display_name,
    severity: row.severity as Severity,
    zone: toZone(row.zone),
    owner: row.owner,
    critical: row.critical === 1,
    state: checkState(row.state),
    unhealthySince: row.unhealthy_since,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    dueAt: row.due_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    assignee: row.assignee,
    snoozedUntil: row.snoozed_until,
    eta: row.eta,
    justification: row.justification,
    resolvedAt: row.resolved_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
