// Estate snapshots: the newest is what the bot answers from; a few older ones feed drift and trends.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Snapshot, SourceIssue, SourceStats } from '../posture/model.js';
import { type Clock, fromJson, toIso, toJson } from './codec.js';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

export interface SnapshotSummary {
  subscriptions: number;
  resources: number;
  /** Assessments in the snapshot, whatever their status. */
  assessments: number;
  /** Assessments that are Unhealthy (the findings). */
  unhealthy: number;
  attackPaths: number;
  issues: number;
}

/** A snapshot without its payload: cheap to list. */
export interface SnapshotInfo {
  id: number;
  takenAt: string;
  createdAt: string;
  summary: SnapshotSummary;
  issues: SourceIssue[];
  stats: SourceStats;
}

export const summarize = (s: Snapshot): SnapshotSummary => ({
  subscriptions: s.subscriptions.length,
  resources: s.resources.length,
  assessments: s.findings.length,
  unhealthy: s.findings.filter((f) => f.status === 'Unhealthy').length,
  attackPaths: s.attackPaths.length,
  issues: s.issues.length,
});

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Snapshots are stored gzip-compressed: the JSON of a large estate is tens of megabytes and compresses about
 * twentyfold, and several are kept. zlib runs on libuv's thread pool, off the event loop that answers Teams.
 */
function packPayload(snapshot: Snapshot): Promise<Buffer> {
  return gzipAsync(toJson(snapshot));
}

/** A stored payload: compressed, or JSON text (rows written before compression). */
async function unpackPayload(stored: Buffer | string): Promise<Snapshot> {
  if (typeof stored === 'string') return fromJson<Snapshot>(stored, 'snapshot');
  let text: string;
  try {
    text = (await gunzipAsync(stored)).toString('utf8');
  } catch (err) {
    throw new StoreError('INVALID_INPUT', 'stored snapshot is not valid gzip', { cause: err });
  }
  return fromJson<Snapshot>(text, 'snapshot');
}

export class SnapshotRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async save(snapshot: Snapshot): Promise<SnapshotInfo> {
    const row = await this.db
      .insertInto('snapshots')
      .values({
        taken_at: toIso(snapshot.takenAt, 'snapshot.takenAt'),
        created_at: toIso(this.clock()),
        summary_json: toJson(summarize(snapshot)),
        issues_json: toJson(snapshot.issues),
        stats_json: toJson(snapshot.stats),
        payload_json: await packPayload(snapshot),
      })
      .returning(['id', 'taken_at', 'created_at', 'summary_json', 'issues_json', 'stats_json'])
      .executeTakeFirstOrThrow();
    return toInfo(row);
  }

  /** The newest snapshot by the time it was taken (not the time it was saved), or null before the first poll. */
  async latest(): Promise<Snapshot | null> {
    const row = await this.db
      .selectFrom('snapshots')
      .select('payload_json')
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? null : unpackPayload(row.payload_json);
  }

  async get(id: number): Promise<Snapshot | null> {
    const row = await this.db.selectFrom('snapshots').select('payload_json').where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : unpackPayload(row.payload_json);
  }

  /** Newest first, without payloads. */
  async list(limit = 50): Promise<SnapshotInfo[]> {
    const rows = await this.db
      .selectFrom('snapshots')
      .select(['id', 'taken_at', 'created_at', 'summary_json', 'issues_json', 'stats_json'])
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toInfo);
  }

  /**
   * Keeps the newest `keep` snapshots, plus the newest of each UTC day for the last `dailyForDays` days
   * (so "since last week" trends have a baseline), and deletes the rest; returns how many went.
   */
  async prune(keep: number, dailyForDays = 0): Promise<number> {
    if (!Number.isInteger(keep) || keep < 1) {
      throw new StoreError('INVALID_INPUT', `snapshots to keep must be a positive integer, got ${keep}`);
    }
    const newest = this.db
      .selectFrom('snapshots')
      .select('id')
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(keep);
    const daily: number[] = [];
    if (dailyForDays > 0) {
      const since = new Date(this.clock().getTime() - dailyForDays * 86_400_000).toISOString();
      const recent = await this.db
        .selectFrom('snapshots')
        .select(['id', 'taken_at'])
        .where('taken_at', '>=', since)
        .orderBy('taken_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const seenDays = new Set<string>();
      for (const row of recent) {
        const day = row.taken_at.slice(0, 10);
        if (seenDays.has(day)) continue;
        seenDays.add(day);
        daily.push(row.id);
      }
    }
    let query = this.db.deleteFrom('snapshots').where('id', 'not in', newest);
    if (daily.length > 0) query = query.where('id', 'not in', daily);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

interface InfoRow {
  id: number;
  taken_at: string;
  created_at: string;
  summary_json: string;
  issues_json: string;
  stats_json: string;
}

const toInfo = (row: InfoRow): SnapshotInfo => ({
  id: row.id,
  takenAt: row.taken_at,
  createdAt: row.created_at,
  summary: fromJson<SnapshotSummary>(row.summary_json, 'snapshot summary'),
  issues: fromJson<SourceIssue[]>(row.issues_json, 'snapshot issues'),
  stats: fromJson<SourceStats>(row.stats_json, 'snapshot stats'),
});
