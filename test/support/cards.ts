// Checks a card the way a client would: the real Adaptive Cards parser, Teams' size limit and chart fallbacks.

import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { type AdaptiveCard, cardBytes, MAX_CARD_BYTES } from '../../cards/render.js';

// The package's ESM entry does not resolve under Node; its UMD bundle parses without a DOM.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: { event: number; message: string }[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { event: number; message: string } };
  ValidationEvent: Record<number, string>;
};

/** Problems the parser reports; Teams-only chart elements are allowed when they carry a fallback. */
export function cardProblems(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  parsed.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    if (/Unknown element type "Chart\./.test(e.message)) continue;
    problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents)
    problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  walk(card, (node) => {
    const type = node.type;
    if (typeof type === 'string' && type.startsWith('Chart.') && node.fallback === undefined)
      problems.push(`${type} has no fallback`);
    if (type === 'Action.Execute' && typeof node.verb !== 'string')
      problems.push('Action.Execute without a verb never reaches the bot');
  });
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes, over ${MAX_CARD_BYTES}`);
  return problems;
}

export function expectValidCard(card: AdaptiveCard): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(cardProblems(card)).toEqual([]);
}

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** All the text a person would read on the card, joined, for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  walk(card, (n) => {
    for (const key of ['text', 'title', 'value'] as const) if (typeof n[key] === 'string') parts.push(n[key] as string);
  });
  return parts.join('\n');
}
