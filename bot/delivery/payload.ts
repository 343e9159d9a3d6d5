// Outbox payloads cross a trust boundary (rows written by any replica, any version): parse before rendering.
// Plus the two renderers delivery owns itself; the composition root adds the finding renderers.

import { CardFactory } from 'botbuilder';
import { z } from 'zod/v4';
import type { JsonObject, OutboxPayload } from '../../store/index.js';
import type { Renderer } from './types.js';

const jsonObject = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;

const payloadSchema: z.ZodType<OutboxPayload> = z.discriminatedUnion('render', [
  z.object({ render: z.literal('finding-alert'), findingId: z.number().int().positive() }),
  z.object({
    render: z.literal('finding-summary'),
    findingIds: z.array(z.number().int().positive()),
    query: z.string(),
  }),
  z.object({
    render: z.literal('prompt-anomaly'),
    anomalyId: z.number().int().positive(),
    escalation: z.boolean().optional(),
  }),
  z.object({ render: z.literal('review'), reviewId: z.number().int().positive() }),
  z.object({ render: z.literal('text'), text: z.string().min(1) }),
  z.object({ render: z.literal('card'), card: jsonObject }),
]);

export function parsePayload(payload: unknown): { ok: true; payload: OutboxPayload } | { ok: false; error: string } {
  const parsed = payloadSchema.safeParse(payload);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, error: z.prettifyError(parsed.error) };
}

/** A plain text message. */
export const renderText: Renderer = async (payload) =>
  payload.render === 'text' ? { type: 'message', text: payload.text } : null;

/** A ready Adaptive Card (admin notices and the like). */
export const renderCard: Renderer = async (payload) =>
  payload.render === 'card' ? { type: 'message', attachments: [CardFactory.adaptiveCard(payload.card)] } : null;

/** The renderers delivery provides; spread them into the worker's `renderers` next to the finding ones. */
export const basicRenderers = { text: renderText, card: renderCard } as const;
