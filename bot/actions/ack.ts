// Acknowledge: "I have seen it and it is being looked at". Owner, assignee or SOC; wakes a snoozed finding.

import { ackSchema, FINDING_VERBS } from './schemas.js';
import type { ChangeHandler } from './types.js';

export const ackAction: ChangeHandler<typeof ackSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.ack,
  action: 'ack',
  schema: ackSchema,
  change(_input, { clicker, now }) {
    return {
      patch: {
        state: 'acknowledged',
        acknowledgedBy: clicker.upn ?? clicker.objectId ?? clicker.teamsId,
        acknowledgedAt: now,
        snoozedUntil: null,
      },
      details: {},
    };
  },
};
