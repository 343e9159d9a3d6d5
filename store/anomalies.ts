// Prompt-volume anomalies: the episodes the prompt-volume job found (alert once per episode, again only when
// it grows), what people did about them from their cards, the detector state per resource, and the
// "mark expected" suppressions.
import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { AzureResourceId, Brand, WorkspaceId, Zone } from '../posture/model.js';
import { atomically } from './atomic.js';
import { type Clock, fromJson, type Instant, type JsonValue, toIso, toIsoOrNull, toJson } from './codec.js';
import { StoreError } from './errors.js';
import type { Database, PromptAnomaliesTable, PromptSuppressionsTable } from './schema.js';

export type AnomalyId = Brand<number, 'AnomalyId'>;
export const anomalyId = (id: number): AnomalyId => id as AnomalyId;

export const ANOMALY_KINDS = ['spike', 'drop'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** open → acknowledged / escalated → expected (marked expected, the resource is suppressed for a while). */
export const ANOMALY_STATES = ['open', 'acknowledged', 'escalated', 'expected'] as const;
export type AnomalyState = (typeof ANOMALY_STATES)[number];

/** Who called the resource in the anomalous window (the job's one follow-up query per alert). */
export interface AnomalyCaller {
  callerIp: string;
  objectId: string | null;
  operation: string;
  deployment: string;
  requests: number;
}

/** What the job observed about an episode. */
export interface EpisodeInput {
  /** Unique per episode: resource id + the policy's episode key. */
  episodeKey: string;
  resourceId: AzureResourceId;
  resourceName: string;
  workspaceId: WorkspaceId;
  kind: AnomalyKind;
  zone: Zone;
  owner: string | null;
  windowStart: Instant;
  windowEnd: Instant;
  active: boolean;
  observed: number;
  expected: number;
  peak: number;
  peakExpected: number;
  maxScore: number;
  bins: number;
  /** End of the newest bin the job had scored when it wrote this. */
  observedThrough: Instant;
}

export interface AnomalyRecord {
  id: AnomalyId;
  episodeKey: string;
  resourceId: AzureResourceId;
  resourceName: string;
  workspaceId: WorkspaceId;
  kind: AnomalyKind;
  zone: Zone;
  owner: string | null;
  windowStart: string;
  windowEnd: string;
  active: boolean;
  observed: number;
  expected: number;
  peak: number;
  peakExpected: number;
  maxScore: number;
  bins: number;
  observedThrough: string;
  /** Null until the follow-up query answered. */
  callers: AnomalyCaller[] | null;
  /** Cards sent so far (1 for the first alert, more when the burst grew). */
  alerts: number;
  alertedPeak: number | null;
  lastAlertAt: string | null;
  state: AnomalyState;
  /** Bumped by people's actions only; pass it back to `transition`. */
  version: number;
  /** Bumped by every change a card shows (people's actions and the job's new figures). */
  revision: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  escalatedBy: string | null;
  escalatedAt: string | null;
  expectedBy: string | null;
  expectedUntil: string | null;
  expectedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AnomalyPatch {
  state?: AnomalyState;
  acknowledgedBy?: string | null;
  acknowledgedAt?: Instant | null;
  escalatedBy?: string | null;
  escalatedAt?: Instant | null;
  expectedBy?: string | null;
  expectedUntil?: Instant | null;
  expectedReason?: string | null;
}

export type AnomalyTransitionResult =
  | { ok: true; anomaly: AnomalyRecord }
  | { ok: false; reason: 'conflict'; current: AnomalyRecord }
  | { ok: false; reason: 'not-found' };

export interface DetectorRow {
  resourceId: AzureResourceId;
  workspaceId: WorkspaceId;
  binMs: number;
  /** End of the last bin fed to the detector. */
  scoredUntil: string;
  /** Opaque to the store: the detector's and the alert policy's own JSON. */
  state: unknown;
  watch: unknown;
}

export interface Suppression {
  id: number;
  resourceId: AzureResourceId;
  until: string;
  reason: string;
  anomalyId: AnomalyId | null;
  createdBy: string;
  createdAt: string;
}

export class PromptAnomalyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Records what the job saw of an episode. `isNew` is true exactly once per episode key (the unique key
   * decides, across restarts and replicas). For a known episode the observed figures are refreshed and the
   * revision bumped when they changed; its lifecycle state and version are left alone.
   */
  async upsertEpisode(input: EpisodeInput): Promise<{ isNew: boolean; anomaly: AnomalyRecord }> {
    checkKind(input.kind);
    const now = toIso(this.clock());
    const observed = {
      resource_name: input.resourceName,
      zone: input.zone,
      owner: input.owner,
      window_start: toIso(input.windowStart, 'windowStart'),
      window_end: toIso(input.windowEnd, 'windowEnd'),
      active: input.active ? 1 : 0,
      observed: Math.round(input.observed),
      expected: input.expected,
      peak: Math.round(input.peak),
      peak_expected: input.peakExpected,
      max_score: input.maxScore,
      bins: input.bins,
      observed_through: toIso(input.observedThrough, 'observedThrough'),
    };
    return atomically(this.db, async (tx) => {
      const inserted = await tx
        .insertInto('prompt_anomalies')
        .values({
          ...observed,
          episode_key: input.episodeKey,
          resource_id: input.resourceId,
          workspace_id: input.workspaceId,
          kind: input.kind,
          state: 'open',
          alerts: 0,
          version: 1,
          revision: 1,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('episode_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return { isNew: true, anomaly: toRecord(inserted) };
      const before = await tx
        .selectFrom('prompt_anomalies')
        .selectAll()
        .where('episode_key', '=', input.episodeKey)
        .executeTakeFirstOrThrow();
      const changed = (Object.keys(observed) as (keyof typeof observed)[]).some((k) => before[k] !== observed[k]);
      if (!changed) return { isNew: false, anomaly: toRecord(before) };
      const updated = await tx
        .updateTable('prompt_anomalies')
        .set((eb) => ({ ...observed, revision: eb('revision', '+', 1), updated_at: now }))
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { isNew: false, anomaly: toRecord(updated) };
    });
  }

  async get(id: AnomalyId): Promise<AnomalyRecord | null> {
    const row = await this.db.selectFrom('prompt_anomalies').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async getByEpisodeKey(episodeKey: string): Promise<AnomalyRecord | null> {
    const row = await this.db
      .selectFrom('prompt_anomalies')
      .selectAll()
      .where('episode_key', '=', episodeKey)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  /** Episodes of one resource, oldest first; optionally only those overlapping [from, to). */
  async listForResource(resourceId: AzureResourceId, range?: { from: Instant; to: Instant }): Promise<AnomalyRecord[]> {
    let query = this.db.selectFrom('prompt_anomalies').selectAll().where('resource_id', '=', resourceId);
    if (range) {
      query = query
        .where('window_end', '>', toIso(range.from, 'from'))
        .where('window_start', '<', toIso(range.to, 'to'));
    }
    const rows = await query.orderBy('window_start').orderBy('id').execute();
    return rows.map(toRecord);
  }

  /** Every episode, newest first (for `status`-like answers and tests). */
  async list(limit = 200): Promise<AnomalyRecord[]> {
    const rows = await this.db
      .selectFrom('prompt_anomalies')
      .selectAll()
      .orderBy('window_start', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** Episodes whose window overlaps [from, to). */
  async listOverlapping(from: Instant, to: Instant): Promise<AnomalyRecord[]> {
    const rows = await this.db
      .selectFrom('prompt_anomalies')
      .selectAll()
      .where('window_start', '<', toIso(to, 'to'))
      .where('window_end', '>=', toIso(from, 'from'))
      .orderBy('window_start')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Counts a card sent for the episode (new or grown) at `peak`. Bumps the revision: the card says "grew". */
  async recordAlert(id: AnomalyId, peak: number): Promise<AnomalyRecord> {
    const now = toIso(this.clock());
    const row = await this.db
      .updateTable('prompt_anomalies')
      .set((eb) => ({
        alerts: eb('alerts', '+', 1),
        alerted_peak: Math.round(peak),
        last_alert_at: now,
        revision: eb('revision', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new StoreError('NOT_FOUND', `no prompt anomaly #${id}`);
    return toRecord(row);
  }

  /** Stores who called the resource in the window (the follow-up query's answer). */
  async setCallers(id: AnomalyId, callers: readonly AnomalyCaller[]): Promise<void> {
    await this.db
      .updateTable('prompt_anomalies')
      .set((eb) => ({
        callers_json: toJson(callers),
        revision: eb('revision', '+', 1),
        updated_at: toIso(this.clock()),
      }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * Applies `patch` only if the row is still at `expectedVersion`, in one conditional UPDATE, bumping version
   * and revision. Two people acting on the same card version: one wins, the other gets `conflict`.
   */
  async transition(id: AnomalyId, expectedVersion: number, patch: AnomalyPatch): Promise<AnomalyTransitionResult> {
    const updated = await this.db
      .updateTable('prompt_anomalies')
      .set((eb) => ({
        ...toColumns(patch),
        version: eb('version', '+', 1),
        revision: eb('revision', '+', 1),
        updated_at: toIso(this.clock()),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (updated !== undefined) return { ok: true, anomaly: toRecord(updated) };
    const current = await this.get(id);
    return current === null ? { ok: false, reason: 'not-found' } : { ok: false, reason: 'conflict', current };
  }

  // ---- detector state

  async detector(resourceId: AzureResourceId): Promise<DetectorRow | null> {
    const row = await this.db
      .selectFrom('prompt_detectors')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .executeTakeFirst();
    return row === undefined ? null : toDetector(row);
  }

  /** Every resource with a detector state in one workspace. */
  async detectors(workspaceId: WorkspaceId): Promise<DetectorRow[]> {
    const rows = await this.db
      .selectFrom('prompt_detectors')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('resource_id')
      .execute();
    return rows.map(toDetector);
  }

  async saveDetector(row: DetectorRow): Promise<void> {
    const values = {
      resource_id: row.resourceId,
      workspace_id: row.workspaceId,
      bin_ms: row.binMs,
      scored_until: toIso(row.scoredUntil, 'scoredUntil'),
      state_json: toJson(row.state),
      watch_json: toJson(row.watch),
      updated_at: toIso(this.clock()),
    };
    await this.db
      .insertInto('prompt_detectors')
      .values(values)
      .onConflict((oc) =>
        oc.column('resource_id').doUpdateSet({
          workspace_id: values.workspace_id,
          bin_ms: values.bin_ms,
          scored_until: values.scored_until,
          state_json: values.state_json,
          watch_json: values.watch_json,
          updated_at: values.updated_at,
        }),
      )
      .execute();
  }

  // ---- suppressions

  async suppress(input: {
    resourceId: AzureResourceId;
    until: Instant;
    reason: string;
    anomalyId: AnomalyId | null;
    createdBy: string;
  }): Promise<Suppression> {
    const row = await this.db
      .insertInto('prompt_suppressions')
      .values({
        resource_id: input.resourceId,
        until: toIso(input.until, 'until'),
        reason: input.reason,
        anomaly_id: input.anomalyId,
        created_by: input.createdBy,
        created_at: toIso(this.clock()),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSuppression(row);
  }

  /** The suppression of a resource that lasts longest past `at`, if any is in force then. */
  async activeSuppression(resourceId: AzureResourceId, at: Instant): Promise<Suppression | null> {
    const row = await this.db
      .selectFrom('prompt_suppressions')
      .selectAll()
      .where('resource_id', '=', resourceId)
      .where('until', '>', toIso(at, 'at'))
      .orderBy('until', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row === undefined ? null : toSuppression(row);
  }

  /** Drops suppressions that ended before `before`; returns how many. */
  async pruneSuppressions(before: Instant): Promise<number> {
    const result = await this.db
      .deleteFrom('prompt_suppressions')
      .where('until', '<', toIso(before, 'before'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** How many episodes are in each kind and state (for status answers). */
  async counts(): Promise<{ kind: AnomalyKind; state: AnomalyState; n: number }[]> {
    const rows = await this.db
      .selectFrom('prompt_anomalies')
      .select(['kind', 'state', sql<number | string>`count(*)`.as('n')])
      .groupBy(['kind', 'state'])
      .execute();
    return rows.map((r) => ({ kind: checkKind(r.kind), state: checkState(r.state), n: Number(r.n) }));
  }
}

function toColumns(patch: AnomalyPatch): Updateable<PromptAnomaliesTable> {
  const out: Updateable<PromptAnomaliesTable> = {};
  if (patch.state !== undefined) out.state = checkState(patch.state);
  if (patch.acknowledgedBy !== undefined) out.acknowledged_by = patch.acknowledgedBy;
  if (patch.acknowledgedAt !== undefined) out.acknowledged_at = toIsoOrNull(patch.acknowledgedAt, 'acknowledgedAt');
  if (patch.escalatedBy !== undefined) out.escalated_by = patch.escalatedBy;
  if (patch.escalatedAt !== undefined) out.escalated_at = toIsoOrNull(patch.escalatedAt, 'escalatedAt');
  if (patch.expectedBy !== undefined) out.expected_by = patch.expectedBy;
  if (patch.expectedUntil !== undefined) out.expected_until = toIsoOrNull(patch.expectedUntil, 'expectedUntil');
  if (patch.expectedReason !== undefined) out.expected_reason = patch.expectedReason;
  return out;
}

function checkState(state: string): AnomalyState {
  if ((ANOMALY_STATES as readonly string[]).includes(state)) return state as AnomalyState;
  throw new StoreError(
    'INVALID_INPUT',
    `unknown anomaly state "${state}"; expected one of ${ANOMALY_STATES.join(', ')}`,
  );
}

function checkKind(kind: string): AnomalyKind {
  if ((ANOMALY_KINDS as readonly string[]).includes(kind)) return kind as AnomalyKind;
  throw new StoreError('INVALID_INPUT', `unknown anomaly kind "${kind}"; expected one of ${ANOMALY_KINDS.join(', ')}`);
}

function toZone(zone: number): Zone {
  if (zone === 1 || zone === 2 || zone === 3) return zone;
  throw new StoreError('INVALID_INPUT', `stored zone ${zone} is not 1, 2 or 3`);
}

function toRecord(row: Selectable<PromptAnomaliesTable>): AnomalyRecord {
  return {
    id: anomalyId(row.id),
    episodeKey: row.episode_key,
    resourceId: row.resource_id as AzureResourceId,
    resourceName: row.resource_name,
    workspaceId: row.workspace_id as WorkspaceId,
    kind: checkKind(row.kind),
    zone: toZone(row.zone),
    owner: row.owner,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    active: row.active === 1,
    observed: row.observed,
    expected: row.expected,
    peak: row.peak,
    peakExpected: row.peak_expected,
    maxScore: row.max_score,
    bins: row.bins,
    observedThrough: row.observed_through,
    callers: row.callers_json === null ? null : fromJson<AnomalyCaller[]>(row.callers_json, 'anomaly callers'),
    alerts: row.alerts,
    alertedPeak: row.alerted_peak,
    lastAlertAt: row.last_alert_at,
    state: checkState(row.state),
    version: row.version,
    revision: row.revision,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    escalatedBy: row.escalated_by,
    escalatedAt: row.escalated_at,
    expectedBy: row.expected_by,
    expectedUntil: row.expected_until,
    expectedReason: row.expected_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDetector(row: Selectable<Database['prompt_detectors']>): DetectorRow {
  return {
    resourceId: row.resource_id as AzureResourceId,
    workspaceId: row.workspace_id as WorkspaceId,
    binMs: row.bin_ms,
    scoredUntil: row.scored_until,
    state: fromJson<JsonValue>(row.state_json, 'detector state'),
    watch: fromJson<JsonValue>(row.watch_json, 'watch state'),
  };
}

const toSuppression = (row: Selectable<PromptSuppressionsTable>): Suppression => ({
  id: row.id,
  resourceId: row.resource_id as AzureResourceId,
  until: row.until,
  reason: row.reason,
  anomalyId: row.anomaly_id === null ? null : anomalyId(row.anomaly_id),
  createdBy: row.created_by,
  createdAt: row.created_at,
});
