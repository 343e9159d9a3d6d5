// The finding card's verbs and one zod schema each: card data is parsed here, at the edge, before any
// handler runs. Inputs from the card's sub-cards arrive merged into the data under their input ids.

import { z } from 'zod/v4';
import { ALERT_INPUTS, ALERT_VERBS } from '../../cards/finding-alert.js';

/** The verbs, as the card spells them. */
export const FINDING_VERBS = {
  ack: ALERT_VERBS.ack,
  assign: ALERT_VERBS.assign,
  snooze: ALERT_VERBS.snooze,
  eta: ALERT_VERBS.eta,
  acceptRisk: ALERT_VERBS['accept-risk'],
  falsePositive: ALERT_VERBS['false-positive'],
  history: ALERT_VERBS.history,
  view: ALERT_VERBS.view,
} as const;
export type FindingVerb = (typeof FINDING_VERBS)[keyof typeof FINDING_VERBS];

/** Input ids on the card; the schemas read the same names. */
export const INPUT_IDS = ALERT_INPUTS;

export const SNOOZE_DAYS = [1, 3, 7] as const;
export type SnoozeDays = (typeof SNOOZE_DAYS)[number];

export const JUSTIFICATION_MIN = 5;
export const JUSTIFICATION_MAX = 500;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** What every finding button carries: which finding, and the version the card showed. */
export const findingRefSchema = z.object({
  findingId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type FindingRef = z.infer<typeof findingRefSchema>;

const justification = (what: string) =>
  z
    .string({ error: `${what} needs a justification.` })
    .trim()
    .min(JUSTIFICATION_MIN, { error: `${what} needs a justification (at least ${JUSTIFICATION_MIN} characters).` })
    .max(JUSTIFICATION_MAX, { error: `Keep the justification under ${JUSTIFICATION_MAX} characters.` });

export const ackSchema = findingRefSchema;

export const assignSchema = findingRefSchema.extend({
  [INPUT_IDS.assignee]: z
    .string({ error: 'Assign needs the person’s UPN or e-mail, like name@contoso.com.' })
    .trim()
    .toLowerCase()
    .regex(UPN, { error: 'Assign needs the person’s UPN or e-mail, like name@contoso.com.' })
    .max(254, { error: 'That UPN is too long.' }),
});

/** Input.ChoiceSet sends its value as text ("3"); a number is accepted too. */
export const snoozeSchema = findingRefSchema.extend({
  [INPUT_IDS.snoozeDays]: z
    .union([z.string().trim(), z.number()], { error: 'Pick how long to snooze: 1, 3 or 7 days.' })
    .transform(Number)
    .pipe(z.union([z.literal(1), z.literal(3), z.literal(7)], { error: 'Pick how long to snooze: 1, 3 or 7 days.' })),
});

/** Input.Date sends YYYY-MM-DD. */
export const etaSchema = findingRefSchema.extend({
  [INPUT_IDS.eta]: z.iso.date({ error: 'Set ETA needs a date.' }),
  [INPUT_IDS.etaJustification]: justification('Set ETA'),
});

export const acceptRiskSchema = findingRefSchema.extend({
  [INPUT_IDS.decisionJustification]: justification('Accepting the risk'),
});

export const falsePositiveSchema = findingRefSchema.extend({
  [INPUT_IDS.decisionJustification]: justification('Marking it a false positive'),
});

export const historySchema = findingRefSchema;
export const viewSchema = findingRefSchema;

export const VERB_SCHEMAS = {
  [FINDING_VERBS.ack]: ackSchema,
  [FINDING_VERBS.assign]: assignSchema,
  [FINDING_VERBS.snooze]: snoozeSchema,
  [FINDING_VERBS.eta]: etaSchema,
  [FINDING_VERBS.acceptRisk]: acceptRiskSchema,
  [FINDING_VERBS.falsePositive]: falsePositiveSchema,
  [FINDING_VERBS.history]: historySchema,
  [FINDING_VERBS.view]: viewSchema,
} as const;

/** The first problem, in words for the person who clicked. */
export function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue?.message ?? 'The button’s data is not valid.';
}
