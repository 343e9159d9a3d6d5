// Accept the risk: SOC only, with a justification kept on the finding and in the audit log.

import { acceptRiskSchema, FINDING_VERBS } from './schemas.js';
import type { ChangeHandler } from './types.js';

export const acceptRiskAction: ChangeHandler<typeof acceptRiskSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.acceptRisk,
  action: 'accept-risk',
  schema: acceptRiskSchema,
  change(input) {
    return {
      patch: { state: 'risk-accepted', justification: input.decisionJustification, snoozedUntil: null },
      details: { justification: input.decisionJustification },
    };
  },
};
