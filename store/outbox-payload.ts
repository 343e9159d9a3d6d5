import type { JsonObject } from './codec.js';

/**
 * What an outbox row carries: a reference to what to send, rendered at send time
 * from current state so a card never shows stale state.
 */
export type OutboxPayload =
  | { render: 'finding-alert'; findingId: number } // the finding card (base view: state, no per-user buttons)
  | { render: 'finding-summary'; findingIds: number[]; query: string } // noise control: top items + "show all"
  | { render: 'prompt-anomaly'; anomalyId: number; escalation?: boolean } // prompt-volume anomaly card; escalation: the SOC post with mentions
  | { render: 'review'; reviewId: number } // a zone review card with its "Mark reviewed" state
  | { render: 'text'; text: string }
  | { render: 'card'; card: JsonObject }; // a ready card (e.g. admin notices)
