// The governance cadence's state: scheduled reviews and their sign-off, SLA reminders sent, digest subscriptions.
import type { Kysely, Selectable } from 'kysely';
import { type Clock, fromJson, type Instant, type JsonObject, toIso, toJson } from './codec.js';
import { type ConversationId, conversationId } from './conversations.js';
import type { Database, ReviewsTable } from './schema.js';

export interface ReviewInput {
  kind: string;
  zone: number;
  /** The scheduled slot the review is for. */
  slot: Instant;
  /** When the review counts as missed if nobody marked it reviewed (the next slot). */
  dueBy: Instant;
  /** What was put up for review (posture/ decides the shape). */
  items: JsonObject;
  /** What changed since the previous review. */
  changes: JsonObject;
}

export interface ReviewRecord {
  id: number;
  kind: string;
  zone: number;
  slot: string;
  dueBy: string;
  items: JsonObject;
  changes: JsonObject;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  note: string | null;
  version: number;
  createdAt: string;
}

export type ReviewMarkResult =
  | { ok: true; review: ReviewRecord }
  | { ok: false; reason: 'conflict'; current: ReviewRecord }
  | { ok: false; reason: 'not-found' };

export class ReviewRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Idempotent per (kind, zone, slot): a second run of the same slot returns the first row. */
  async create(input: ReviewInput): Promise<{ created: boolean; review: ReviewRecord }> {
    const slot = toIso(input.slot, 'slot');
    const inserted = await this.db
      .insertInto('reviews')
      .values({
        kind: input.kind,
        zone: input.zone,
        slot,
        due_by: toIso(input.dueBy, 'dueBy'),
        items_json: toJson(input.items),
        changes_json: toJson(input.changes),
        version: 1,
        created_at: toIso(this.clock()),
      })
      .onConflict((oc) => oc.columns(['kind', 'zone', 'slot']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { created: true, review: toReview(inserted) };
    const existing = await this.db
      .selectFrom('reviews')
      .selectAll()
      .where('kind', '=', input.kind)
      .where('zone', '=', input.zone)
      .where('slot', '=', slot)
      .executeTakeFirstOrThrow();
    return { created: false, review: toReview(existing) };
  }

  async get(id: number): Promise<ReviewRecord | null> {
    const row = await this.db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toReview(row) : null;
  }

  /** The newest review of (kind, zone) scheduled before `slot`. */
  async previous(kind: string, zone: number, slot: Instant): Promise<ReviewRecord | null> {
    const row = await this.db
      .selectFrom('reviews')
      .selectAll()
      .where('kind', '=', kind)
      .where('zone', '=', zone)
      .where('slot', '<', toIso(slot, 'slot'))
      .orderBy('slot', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toReview(row) : null;
  }

  /** Newest first. */
  async list(filter: { kind?: string; zone?: number; limit?: number } = {}): Promise<ReviewRecord[]> {
    let q = this.db.selectFrom('reviews').selectAll();
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.zone !== undefined) q = q.where('zone', '=', filter.zone);
    const rows = await q
      .orderBy('slot', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 50)
      .execute();
    return rows.map(toReview);
  }

  /** Records who marked it reviewed. `version` must be the one the card showed. */
  async markReviewed(
    id: number,
    version: number,
    by: { id: string; name: string },
    note: string | null,
  ): Promise<ReviewMarkResult> {
    const updated = await this.db
      .updateTable('reviews')
      .set((eb) => ({
        reviewed_by: by.id,
        reviewed_by_name: by.name,
        reviewed_at: toIso(this.clock()),
        note,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    if (updated) return { ok: true, review: toReview(updated) };
    const current = await this.get(id);
    return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'not-found' };
  }
}

const toReview = (r: Selectable<ReviewsTable>): ReviewRecord => ({
  id: r.id,
  kind: r.kind,
  zone: r.zone,
  slot: r.slot,
  dueBy: r.due_by,
  items: fromJson<JsonObject>(r.items_json, 'review items'),
  changes: fromJson<JsonObject>(r.changes_json, 'review changes'),
  reviewedBy: r.reviewed_by,
  reviewedByName: r.reviewed_by_name,
  reviewedAt: r.reviewed_at,
  note: r.note,
  version: r.version,
  createdAt: r.created_at,
});

/** SLA reminders sent: (occurrence key, threshold) once. */
export class SlaReminderLedger {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Every threshold already sent, as `${occurrenceKey} ${threshold}`. */
  async sent(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('sla_reminders').select(['occurrence_key', 'threshold']).execute();
    return new Set(rows.map((r) => `${r.occurrence_key} ${r.threshold}`));
  }

  /** True when this call recorded it (first time). */
  async record(occurrenceKey: string, threshold: string): Promise<boolean> {
    const r = await this.db
      .insertInto('sla_reminders')
      .values({ occurrence_key: occurrenceKey, threshold, sent_at: toIso(this.clock()) })
      .onConflict((oc) => oc.columns(['occurrence_key', 'threshold']).doNothing())
      .returning('threshold')
      .executeTakeFirst();
    return r !== undefined;
  }

  /**
   * Forgets the occurrences not in `open` whose last reminder is older than `before`, so the ledger (loaded
   * whole by every sweep) holds what is current rather than every occurrence ever reminded. An occurrence seen
   * again after that long is reminded again. Returns the rows removed.
   */
  async prune(before: Date, open: ReadonlySet<string>): Promise<number> {
    const stale = await this.db
      .selectFrom('sla_reminders')
      .select('occurrence_key')
      .groupBy('occurrence_key')
      .having((eb) => eb.fn.max('sent_at'), '<', toIso(before))
      .execute();
    const keys = stale.map((r) => r.occurrence_key).filter((k) => !open.has(k));
    let removed = 0;
    // (In slices: SQLite limits the parameters of one statement.)
    for (let i = 0; i < keys.length; i += 500) {
      const r = await this.db
        .deleteFrom('sla_reminders')
        .where('occurrence_key', 'in', keys.slice(i, i + 500))
        .executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    return removed;
  }
}

export type DigestCadence = 'weekly' | 'daily' | 'off';

export interface DigestSubscription {
  conversationId: ConversationId;
  userId: string;
  cadence: DigestCadence;
  timeZone: string;
  updatedBy: string;
  updatedAt: string;
}

export class DigestSubscriptionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async set(input: Omit<DigestSubscription, 'updatedAt'>): Promise<DigestSubscription> {
    const row = {
      conversation_id: input.conversationId,
      user_id: input.userId,
      cadence: input.cadence,
      time_zone: input.timeZone,
      updated_by: input.updatedBy,
      updated_at: toIso(this.clock()),
    };
    await this.db
      .insertInto('digest_subscriptions')
      .values(row)
      .onConflict((oc) =>
        oc.column('conversation_id').doUpdateSet({
          user_id: row.user_id,
          cadence: row.cadence,
          time_zone: row.time_zone,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    return { ...input, updatedAt: row.updated_at };
  }

  async get(id: ConversationId): Promise<DigestSubscription | null> {
    const r = await this.db
      .selectFrom('digest_subscriptions')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirst();
    return r ? toDigest(r) : null;
  }

  async list(): Promise<DigestSubscription[]> {
    const rows = await this.db.selectFrom('digest_subscriptions').selectAll().orderBy('conversation_id').execute();
    return rows.map(toDigest);
  }
}

const toDigest = (r: Selectable<Database['digest_subscriptions']>): DigestSubscription => ({
  conversationId: conversationId(r.conversation_id),
  userId: r.user_id,
  cadence: r.cadence as DigestCadence,
  timeZone: r.time_zone,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});
