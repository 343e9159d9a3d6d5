// Channel routing: which conversations hear which topic, narrowed by a filter.
import type { Kysely, Selectable } from 'kysely';
import { type Clock, canonicalJson, fromJson, type JsonObject, toIso } from './codec.js';
import { type ConversationId, conversationId } from './conversations.js';
import { StoreError } from './errors.js';
import type { Database, SubscriptionsTable } from './schema.js';

export const SUBSCRIPTION_TOPICS = ['findings', 'prompt-volume', 'reviews', 'digest', 'escalations', 'drift'] as const;
export type SubscriptionTopic = (typeof SUBSCRIPTION_TOPICS)[number];

export interface SubscriptionInput {
  conversationId: ConversationId;
  topic: SubscriptionTopic;
  /** e.g. `{ zone: 3 }` or `{ severity: ["High"] }`; posture/ decides what a filter means. `{}` = everything. */
  filter: JsonObject;
  createdBy: string;
}

export interface SubscriptionRecord extends SubscriptionInput {
  id: number;
  createdAt: string;
}

export class SubscriptionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Idempotent: adding the same route twice returns the existing one with `created: false`. */
  async add(input: SubscriptionInput): Promise<{ created: boolean; subscription: SubscriptionRecord }> {
    if (!(SUBSCRIPTION_TOPICS as readonly string[]).includes(input.topic)) {
      throw new StoreError(
        'INVALID_INPUT',
        `unknown topic "${input.topic}"; expected ${SUBSCRIPTION_TOPICS.join(', ')}`,
      );
    }
    const known = await this.db
      .selectFrom('conversations')
      .select('conversation_id')
      .where('conversation_id', '=', input.conversationId)
      .executeTakeFirst();
    if (known === undefined) {
      throw new StoreError(
        'NOT_FOUND',
        `conversation ${input.conversationId} is unknown; Vigil must be added there first`,
      );
    }
    const filterJson = canonicalJson(input.filter);
    const inserted = await this.db
      .insertInto('subscriptions')
      .values({
        conversation_id: input.conversationId,
        topic: input.topic,
        filter_json: filterJson,
        created_by: input.createdBy,
        created_at: toIso(this.clock()),
      })
      .onConflict((oc) => oc.columns(['conversation_id', 'topic', 'filter_json']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { created: true, subscription: toRecord(inserted) };
    const existing = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('conversation_id', '=', input.conversationId)
      .where('topic', '=', input.topic)
      .where('filter_json', '=', filterJson)
      .executeTakeFirstOrThrow();
    return { created: false, subscription: toRecord(existing) };
  }

  async remove(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async listByTopic(topic: SubscriptionTopic): Promise<SubscriptionRecord[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('topic', '=', topic)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async listForConversation(id: ConversationId): Promise<SubscriptionRecord[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('conversation_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }
}

const toRecord = (row: Selectable<SubscriptionsTable>): SubscriptionRecord => ({
  id: row.id,
  conversationId: conversationId(row.conversation_id),
  topic: row.topic as SubscriptionTopic,
  filter: fromJson<JsonObject>(row.filter_json, 'subscription filter'),
  createdBy: row.created_by,
  createdAt: row.created_at,
});
