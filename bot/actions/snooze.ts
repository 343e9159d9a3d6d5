// Snooze for 1, 3 or 7 days. Only SOC may snooze a critical finding (posture/permissions.ts decides).

import { FINDING_VERBS, snoozeSchema } from './schemas.js';
import type { ChangeHandler } from './types.js';

const DAY_MS = 86_400_000;

export const snoozeAction: ChangeHandler<typeof snoozeSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.snooze,
  action: 'snooze',
  schema: snoozeSchema,
  change(input, { now }) {
    const until = new Date(now.getTime() + input.snoozeDays * DAY_MS);
    return {
      patch: { state: 'snoozed', snoozedUntil: until },
      details: { days: input.snoozeDays, snoozedUntil: until.toISOString() },
    };
  },
};
