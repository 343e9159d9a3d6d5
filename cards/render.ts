// Shared by every card: bind a template with adaptivecards-templating and
// enforce what Teams accepts (Adaptive Card 1.5, ~28 KB per message).

import { Template } from 'adaptivecards-templating';

export const CARD_VERSION = '1.5';
/** Teams refuses bot messages over ~28 KB; keep a margin for the activity envelope. */
export const MAX_CARD_BYTES = 26 * 1024;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export class CardTooLargeError extends Error {
  readonly code = 'CARD_TOO_LARGE';
  constructor(
    readonly card: string,
    readonly bytes: number,
  ) {
    super(`card ${card} is ${bytes} bytes, over the ${MAX_CARD_BYTES} byte limit`);
    this.name = 'CardTooLargeError';
  }
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// Parsing a template is the slow part of templating; each card's template is a module constant, so parse it once.
const parsed = new WeakMap<object, Template>();

/** Expand a card template with data; throws CardTooLargeError rather than letting Teams reject it. */
export function renderCard(name: string, template: object, data: object): AdaptiveCard {
  let t = parsed.get(template);
  if (!t) {
    t = new Template(template);
    parsed.set(template, t);
  }
  const card = t.expand({ $root: data }) as AdaptiveCard;
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}
