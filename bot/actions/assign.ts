// Assign: hand the finding to a person (by UPN). The assignee may then act on it as its owner does.

import { assignSchema, FINDING_VERBS } from './schemas.js';
import type { ChangeHandler } from './types.js';

export const assignAction: ChangeHandler<typeof assignSchema> = {
  kind: 'change',
  verb: FINDING_VERBS.assign,
  action: 'assign',
  schema: assignSchema,
  change(input, { finding }) {
    if (finding.assignee === input.assignee) return { refuse: `It is already assigned to ${input.assignee}.` };
    return {
      patch: { assignee: input.assignee },
      details: { assignee: input.assignee, previousAssignee: finding.assignee },
    };
  },
};
