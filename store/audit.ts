// The audit log: who did what to which subject, when, from where. Append and read only.
import type { Kysely, Selectable } from 'kysely';
import { type Clock, fromJson, type Instant, type JsonObject, toIso, toJson } from './codec.js';
import type { AuditLogTable, Database } from './schema.js';

export interface AuditActor {
  /** Entra object id for people; `job:<name>` or `system` for Vigil itself. */
  id: string;
  name: string | null;
}

export interface AuditEntryInput {
  actor: AuditActor;
  /** A verb such as `finding.acknowledge`, `subscription.add`, `review.done`. */
  action: string;
  subject: { type: string; id: string };
  details?: JsonObject;
  /** Where the action came from, e.g. the card-action activity id or a job slot. */
  source?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  details: JsonObject;
  source: string | null;
}

export interface AuditQuery {
  since?: Instant;
  until?: Instant;
  actorId?: string;
  limit?: number;
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async append(entry: AuditEntryInput): Promise<AuditEntry> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        at: toIso(this.clock()),
        actor_id: entry.actor.id,
        actor_name: entry.actor.name,
        action: entry.action,
        subject_type: entry.subject.type,
        subject_id: entry.subject.id,
        details_json: toJson(entry.details ?? {}),
        source: entry.source ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  /** Everything that happened to one subject, in the order it happened. */
  async history(subjectId: string, subjectType?: string): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll().where('subject_id', '=', subjectId);
    if (subjectType !== undefined) query = query.where('subject_type', '=', subjectType);
    const rows = await query.orderBy('id').execute();
    return rows.map(toEntry);
  }

  /** Entries in [since, until), oldest first: the auditor's export. */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.since !== undefined) q = q.where('at', '>=', toIso(query.since, 'since'));
    if (query.until !== undefined) q = q.where('at', '<', toIso(query.until, 'until'));
    if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId);
    const rows = await q
      .orderBy('at')
      .orderBy('id')
      .limit(query.limit ?? 1_000)
      .execute();
    return rows.map(toEntry);
  }
}

const toEntry = (row: Selectable<AuditLogTable>): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: { id: row.actor_id, name: row.actor_name },
  action: row.action,
  subject: { type: row.subject_type, id: row.subject_id },
  details: fromJson<JsonObject>(row.details_json, 'audit details'),
  source: row.source,
});
