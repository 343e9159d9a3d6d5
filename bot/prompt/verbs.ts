// What each prompt-anomaly button does: a store patch, what the audit entry records, and for "mark expected"
// the suppression, for "escalate" the SOC post. Permission and version checks happen before (actions.ts).

import type { z } from 'zod/v4';
import { PROMPT_INPUTS } from '../../cards/prompt-anomaly.js';
import type { PromptAction } from '../../posture/prompt-permissions.js';
import type { AnomalyPatch, AnomalyRecord, JsonObject } from '../../store/index.js';
import type { Clicker } from '../actions/types.js';
import { ackSchema, escalateSchema, expectedSchema, PROMPT_VERBS, type PromptRef, type PromptVerb } from './schemas.js';

const HOUR = 3_600_000;

export interface PromptChangeContext {
  anomaly: AnomalyRecord;
  clicker: Clicker;
  now: Date;
}

export interface PromptChangeOutcome {
  patch: AnomalyPatch;
  details: JsonObject;
  /** Mark expected: no alerts for the resource until then. */
  suppressUntil?: Date;
  reason?: string;
  /** Escalate: post to the SOC channel. */
  escalate?: boolean;
}

export interface PromptChangeHandler<S extends z.ZodType<PromptRef> = z.ZodType<PromptRef>> {
  verb: PromptVerb;
  action: PromptAction;
  schema: S;
  change(input: z.output<S>, ctx: PromptChangeContext): PromptChangeOutcome;
}

const whoClicked = (c: Clicker) => c.upn ?? c.objectId ?? c.teamsId;

export const promptAck: PromptChangeHandler<typeof ackSchema> = {
  verb: PROMPT_VERBS.ack,
  action: 'ack',
  schema: ackSchema,
  change(_input, { clicker, now }) {
    return { patch: { state: 'acknowledged', acknowledgedBy: whoClicked(clicker), acknowledgedAt: now }, details: {} };
  },
};

export const promptExpected: PromptChangeHandler<typeof expectedSchema> = {
  verb: PROMPT_VERBS.expected,
  action: 'expected',
  schema: expectedSchema,
  change(input, { clicker, now }) {
    const hours = input[PROMPT_INPUTS.expectedHours];
    const reason = input[PROMPT_INPUTS.expectedReason];
    const until = new Date(now.getTime() + hours * HOUR);
    return {
      patch: { state: 'expected', expectedBy: whoClicked(clicker), expectedUntil: until, expectedReason: reason },
      details: { hours, until: until.toISOString(), reason },
      suppressUntil: until,
      reason,
    };
  },
};

export const promptEscalate: PromptChangeHandler<typeof escalateSchema> = {
  verb: PROMPT_VERBS.escalate,
  action: 'escalate',
  schema: escalateSchema,
  change(input, { clicker, now }) {
    const note = input[PROMPT_INPUTS.escalationNote] ?? '';
    return {
      patch: { state: 'escalated', escalatedBy: whoClicked(clicker), escalatedAt: now },
      details: { note },
      escalate: true,
    };
  },
};

export const PROMPT_CHANGE_HANDLERS: readonly PromptChangeHandler[] = [promptAck, promptExpected, promptEscalate];
