// Set an ETA: the date the fix will be in, with a justification. The date is a calendar day in the
// configured time zone, stored as midday there so it reads as the same day wherever it is shown.

import { isoDay } from '../../cards/finding-alert.js';
import { zonedInstant } from '../../posture/alerting.js';
import { etaSchema, FINDING_VERBS } from './schemas.js';
import type { ChangeHandler } from './types.js';

/** An ETA further out than this is not a plan. */
const MAX_ETA_DAYS = 366;
const DAY_MS = 86_400_000;

export const etaAction: ChangeHandler<typeof etaSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.eta,
  action: 'eta',
  schema: etaSchema,
  change(input, { now, config }) {
    const today = isoDay(now, config.timeZone);
    if (input.etaDate < today) return { refuse: `The ETA ${input.etaDate} is in the past; pick today or later.` };
    const eta = middayIn(input.etaDate, config.timeZone);
    if (eta.getTime() - now.getTime() > MAX_ETA_DAYS * DAY_MS) {
      return { refuse: 'Pick an ETA within a year; for longer, ask SOC to accept the risk instead.' };
    }
    return {
      patch: { state: 'planned', eta, justification: input.etaJustification, snoozedUntil: null },
      details: { eta: eta.toISOString(), date: input.etaDate, justification: input.etaJustification },
    };
  },
};

/** 12:00 on `day` (YYYY-MM-DD) in `timeZone`, as an instant. */
export function middayIn(day: string, timeZone: string): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return zonedInstant({ year, month, day: date, hour: 12, minute: 0 }, timeZone);
}
