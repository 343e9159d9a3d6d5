// The durable outbox: every message to Teams is enqueued here first and sent by a worker holding a lease,
// so a crash or restart neither loses nor duplicates a card.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { type Clock, fromJson, type Instant, type JsonObject, toIso, toJson } from './codec.js';
import { type ConversationId, conversationId } from './conversations.js';
import { StoreError } from './errors.js';
import type { Database, OutboxTable } from './schema.js';

export const OUTBOX_KINDS = ['send', 'update', 'reply'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** pending → sending (leased) → sent; a failed send waits in `failed` for its retry time; `dead` gives up. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface EnqueueInput {
  /** Same key, same message: enqueueing it again returns the existing row (e.g. `finding:42:alert:19:abc…`). */
  dedupeKey: string;
  conversationId: ConversationId;
  kind: OutboxKind;
  /** What bot/ will send (card JSON, text…); the store does not look inside. */
  payload: JsonObject;
  /** The activity to update (kind `update`) or reply to (kind `reply`). */
  activityId?: string | null;
  /** Hold the message until then (quiet hours, digest time). Default: now. */
  notBefore?: Instant;
}

export interface OutboxMessage {
  id: number;
  dedupeKey: string;
  conversationId: ConversationId;
  kind: OutboxKind;
  payload: JsonObject;
  activityId: string | null;
  status: OutboxStatus;
  /** Claims so far, including the current one. */
  attempts: number;
  nextAttemptAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  /** The Teams activity id the send produced: what later updates target. */
  sentActivityId: string | null;
}

export interface ClaimOptions {
  /** Who is claiming (replica / worker id): only it may then mark the rows failed. */
  workerId: string;
  /** How long the claim holds; a worker that dies leaves rows claimable again after this. */
  leaseMs: number;
  limit: number;
  /** Default: the store clock. */
  now?: Date;
}

export type FailureOutcome = { retryAt: Instant } | { dead: true };

export class Outbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async enqueue(input: EnqueueInput): Promise<{ created: boolean; message: OutboxMessage }> {
    if (!(OUTBOX_KINDS as readonly string[]).includes(input.kind)) {
      throw new StoreError('INVALID_INPUT', `unknown outbox kind "${input.kind}"`);
    }
    if (input.kind !== 'send' && (input.activityId ?? null) === null) {
      throw new StoreError('INVALID_INPUT', `an outbox "${input.kind}" needs the activity id it targets`);
    }
    const now = toIso(this.clock());
    const inserted = await this.db
      .insertInto('outbox')
      .values({
        dedupe_key: input.dedupeKey,
        conversation_id: input.conversationId,
        kind: input.kind,
        payload_json: toJson(input.payload),
        activity_id: input.activityId ?? null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: input.notBefore === undefined ? now : toIso(input.notBefore, 'notBefore'),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { created: true, message: toMessage(inserted) };
    const existing = await this.getByDedupeKey(input.dedupeKey);
    if (existing === null) {
      // Only possible if the row was pruned between the two statements.
      throw new StoreError('CONFLICT', `outbox message "${input.dedupeKey}" vanished while enqueueing; retry`);
    }
    return { created: false, message: existing };
  }

  /**
   * Claims up to `limit` due messages for one worker: pending or failed ones whose time has come, and sending
   * ones whose lease expired (their worker died). One conditional UPDATE that re-checks claimability on the
   * row it changes, so two workers racing (threads, processes or replicas on PostgreSQL) never get the same row.
   */
  async claimDue(options: ClaimOptions): Promise<OutboxMessage[]> {
    if (!Number.isInteger(options.limit) || options.limit < 1) return [];
    if (!(options.leaseMs > 0))
      throw new StoreError('INVALID_INPUT', `leaseMs must be positive, got ${options.leaseMs}`);
    const nowDate = options.now ?? this.clock();
    const now = toIso(nowDate);
    const leaseUntil = toIso(new Date(nowDate.getTime() + options.leaseMs));
    const claimable = (eb: ExpressionBuilder<Database, 'outbox'>) =>
      eb.or([
        eb.and([eb('status', 'in', ['pending', 'failed']), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
      ]);
    const due = this.db
      .selectFrom('outbox')
      .select('id')
      .where(claimable)
      // Oldest message first, not earliest retry time: a retried message keeps its place in its
      // conversation instead of waiting behind the whole backlog.
      .orderBy('id')
      .limit(options.limit);
    const rows = await this.db
      .updateTable('outbox')
      .set((eb) => ({
        status: 'sending',
        lease_owner: options.workerId,
        lease_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      .where(claimable)
      .returningAll()
      .execute();
    return rows.map(toMessage).sort((a, b) => cmp(a.nextAttemptAt, b.nextAttemptAt) || a.id - b.id);
  }

  /**
   * Records a successful send. Not tied to the lease: a message that went out is sent, whoever sent it, and
   * recording it is what stops another send. Returns false if it was already marked sent.
   */
  async markSent(id: number, sentActivityId: string | null): Promise<boolean> {
    const now = toIso(this.clock());
    const result = await this.db
      .updateTable('outbox')
      .set({
        status: 'sent',
        sent_at: now,
        sent_activity_id: sentActivityId,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '!=', 'sent')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records a failed send: retry at `retryAt`, or give up (`dead`). Only the worker holding the lease may do
   * this, so a worker whose lease expired cannot undo another's claim. Returns whether it applied.
   */
  async markFailed(id: number, workerId: string, error: string, outcome: FailureOutcome): Promise<boolean> {
    const now = toIso(this.clock());
    const result = await this.db
      .updateTable('outbox')
      .set({
        status: 'dead' in outcome ? 'dead' : 'failed',
        ...('retryAt' in outcome ? { next_attempt_at: toIso(outcome.retryAt, 'retryAt') } : {}),
        last_error: error,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('lease_owner', '=', workerId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async get(id: number): Promise<OutboxMessage | null> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toMessage(row);
  }

  async getByDedupeKey(dedupeKey: string): Promise<OutboxMessage | null> {
    const row = await this.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
    return row === undefined ? null : toMessage(row);
  }

  /**
   * Messages whose dedupe key starts with `prefix`, oldest first (e.g. every alert card of one finding:
   * `finding:42:alert:`). A key range rather than LIKE, so `_` and `%` in conversation ids mean themselves
   * and the unique index on dedupe_key serves it.
   */
  async listByDedupePrefix(prefix: string, status?: OutboxStatus): Promise<OutboxMessage[]> {
    if (prefix === '') throw new StoreError('INVALID_INPUT', 'a dedupe key prefix must not be empty');
    let query = this.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '>=', prefix)
      .where('dedupe_key', '<', `${prefix}\u{10ffff}`);
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('id').execute();
    // The range is exact under binary collation; the check keeps it exact under any other.
    return rows.map(toMessage).filter((m) => m.dedupeKey.startsWith(prefix));
  }

  /** Messages in one status, oldest first (e.g. the dead letters for an operator). */
  async list(status: OutboxStatus, limit = 100): Promise<OutboxMessage[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', status)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toMessage);
  }

  /** How many messages are in each status, for health and metrics. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
      .groupBy('status')
      .execute();
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0 };
    for (const row of rows) {
      if ((OUTBOX_STATUSES as readonly string[]).includes(row.status)) out[row.status as OutboxStatus] = Number(row.n);
    }
    return out;
  }

  /**
   * Deletes sent messages sent before `before`. Their dedupe keys go with them, so keep them longer than any
   * job could try to enqueue the same message again.
   */
  async pruneSent(before: Instant): Promise<number> {
    const result = await this.db
      .deleteFrom('outbox')
      .where('status', '=', 'sent')
      .where('sent_at', '<', toIso(before, 'before'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const toMessage = (row: Selectable<OutboxTable>): OutboxMessage => ({
  id: row.id,
  dedupeKey: row.dedupe_key,
  conversationId: conversationId(row.conversation_id),
  kind: row.kind as OutboxKind,
  payload: fromJson<JsonObject>(row.payload_json, 'outbox payload'),
  activityId: row.activity_id,
  status: row.status as OutboxStatus,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  leaseOwner: row.lease_owner,
  leaseUntil: row.lease_until,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sentAt: row.sent_at,
  sentActivityId: row.sent_activity_id,
});
