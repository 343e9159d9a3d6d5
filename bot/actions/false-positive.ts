// Mark as a false positive: SOC only, with a justification kept on the finding and in the audit log.

import { FINDING_VERBS, falsePositiveSchema } from './schemas.js';
import type { ChangeHandler } from './types.js';

export const falsePositiveAction: ChangeHandler<typeof falsePositiveSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.falsePositive,
  action: 'false-positive',
  schema: falsePositiveSchema,
  change(input) {
    return {
      patch: { state: 'false-positive', justification: input.decisionJustification, snoozedUntil: null },
      details: { justification: input.decisionJustification },
    };
  },
};
