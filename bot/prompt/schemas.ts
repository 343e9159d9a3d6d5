// The prompt-anomaly card's verbs and one zod schema each: card data is parsed here, at the edge, before
// any handler runs. Inputs from the sub-cards arrive merged into the data under their input ids.

import { z } from 'zod/v4';
import { EXPECTED_HOURS, PROMPT_INPUTS, PROMPT_VERBS } from '../../cards/prompt-anomaly.js';

export { PROMPT_VERBS };
export type PromptVerb = (typeof PROMPT_VERBS)[keyof typeof PROMPT_VERBS];

export const REASON_MIN = 5;
export const REASON_MAX = 500;

/** What every prompt-anomaly button carries: which anomaly, and the version the card showed. */
export const promptRefSchema = z.object({
  anomalyId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type PromptRef = z.infer<typeof promptRefSchema>;

const HOURS_ERROR = `Pick how long the traffic is expected: ${EXPECTED_HOURS.join(', ')} hours.`;

export const ackSchema = promptRefSchema;
export const viewSchema = promptRefSchema;

/** Input.ChoiceSet sends its value as text ("4"); a number is accepted too. */
export const expectedSchema = promptRefSchema.extend({
  [PROMPT_INPUTS.expectedHours]: z
    .union([z.string().trim(), z.number()], { error: HOURS_ERROR })
    .transform(Number)
    .pipe(z.union([z.literal(1), z.literal(4), z.literal(24)], { error: HOURS_ERROR })),
  [PROMPT_INPUTS.expectedReason]: z
    .string({ error: 'Mark expected needs a reason.' })
    .trim()
    .min(REASON_MIN, { error: `Mark expected needs a reason (at least ${REASON_MIN} characters).` })
    .max(REASON_MAX, { error: `Keep the reason under ${REASON_MAX} characters.` }),
});

export const escalateSchema = promptRefSchema.extend({
  [PROMPT_INPUTS.escalationNote]: z
    .string()
    .trim()
    .max(REASON_MAX, { error: `Keep the note under ${REASON_MAX} characters.` })
    .optional(),
});

/** The first problem, in words for the person who clicked. */
export function problemOf(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The button’s data is not valid.';
}
