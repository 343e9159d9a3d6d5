// Set an ETA: the date the fix will be in, with a justification. The date is a calendar day in the
// configured time zone, stored as midday there so it reads as the same day wherever it is shown.

import { isoDay } from '../../cards/finding-alert.js';
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
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, 12);
  return new Date(guess - offsetMs(new Date(guess), timeZone));
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`. */
function offsetMs(at: Date, timeZone: string): number {
  const p = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
    .formatToParts(at)
    .reduce<Record<string, number>>((acc, part) => Object.assign(acc, { [part.type]: Number(part.value) }), {});
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
