// Conversation references: where Vigil can post proactively (channels, group chats, personal chats).
import type { Kysely, Selectable } from 'kysely';
import type { Brand } from '../posture/model.js';
import { type Clock, fromJson, type JsonObject, toIso, toJson } from './codec.js';
import { StoreError } from './errors.js';
import type { ConversationsTable, Database } from './schema.js';

/** A Teams conversation id (`19:…@thread.tacv2`, `a:…`, …). */
export type ConversationId = Brand<string, 'ConversationId'>;
export const conversationId = (id: string): ConversationId => id as ConversationId;

export const CONVERSATION_TYPES = ['personal', 'groupChat', 'channel'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

export interface ConversationRefInput {
  conversationId: ConversationId;
  type: ConversationType;
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
  serviceUrl: string;
  /** The Bot Framework ConversationReference, as JSON; bot/ owns its shape and validates it on the way out. */
  reference: JsonObject;
  /** For personal chats: whose chat it is, so owners can be reminded directly. */
  userAadObjectId: string | null;
  /**
   * For personal chats: the user's UPN (stored lower-cased), how owners are named in governance assignments and
   * owner tags. Omitted = keep what is stored (the UPN is not known on every activity); null clears it.
   */
  userUpn?: string | null;
}

export interface ConversationRecord extends ConversationRefInput {
  userUpn: string | null;
  createdAt: string;
  updatedAt: string;
}

export class ConversationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Called on every inbound activity, so it is a single statement. */
  async upsertConversationRef(input: ConversationRefInput): Promise<void> {
    if (!(CONVERSATION_TYPES as readonly string[]).includes(input.type)) {
      throw new StoreError('INVALID_INPUT', `unknown conversation type "${input.type}"`);
    }
    const now = toIso(this.clock());
    const changed = {
      type: input.type,
      tenant_id: input.tenantId,
      team_id: input.teamId,
      channel_id: input.channelId,
      service_url: input.serviceUrl,
      reference_json: toJson(input.reference),
      user_aad_object_id: input.userAadObjectId,
      ...(input.userUpn === undefined ? {} : { user_upn: input.userUpn?.trim().toLowerCase() || null }),
      updated_at: now,
    };
    await this.db
      .insertInto('conversations')
      .values({ conversation_id: input.conversationId, created_at: now, ...changed })
      .onConflict((oc) => oc.column('conversation_id').doUpdateSet(changed))
      .execute();
  }

  async get(id: ConversationId): Promise<ConversationRecord | null> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('conversation_id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async list(filter: { type?: ConversationType; teamId?: string } = {}): Promise<ConversationRecord[]> {
    let query = this.db.selectFrom('conversations').selectAll();
    if (filter.type !== undefined) query = query.where('type', '=', filter.type);
    if (filter.teamId !== undefined) query = query.where('team_id', '=', filter.teamId);
    const rows = await query.orderBy('conversation_id').execute();
    return rows.map(toRecord);
  }

  /** The personal chat with one user, if the app is installed for them. */
  async findPersonal(userAadObjectId: string): Promise<ConversationRecord | null> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('type', '=', 'personal')
      .where('user_aad_object_id', '=', userAadObjectId)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  /** The personal chat with the user whose UPN (or e-mail) is `upn`, case-insensitive; the newest if several. */
  async findPersonalByUpn(upn: string): Promise<ConversationRecord | null> {
    const wanted = upn.trim().toLowerCase();
    if (wanted === '') return null;
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('type', '=', 'personal')
      .where('user_upn', '=', wanted)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  /** Forgets a conversation (app uninstalled, or 403 BotNotInConversationRoster); its subscriptions go with it. */
  async remove(id: ConversationId): Promise<boolean> {
    const result = await this.db.deleteFrom('conversations').where('conversation_id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

const toRecord = (row: Selectable<ConversationsTable>): ConversationRecord => ({
  conversationId: conversationId(row.conversation_id),
  type: row.type as ConversationType,
  tenantId: row.tenant_id,
  teamId: row.team_id,
  channelId: row.channel_id,
  serviceUrl: row.service_url,
  reference: fromJson<JsonObject>(row.reference_json, 'conversation reference'),
  userAadObjectId: row.user_aad_object_id,
  userUpn: row.user_upn,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
