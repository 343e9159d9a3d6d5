// History: the finding's audit entries, newest first, for the people allowed to read them.

import { decide } from '../../posture/permissions.js';
import { subjectOf } from '../findings/view.js';
import { FINDING_VERBS, historySchema } from './schemas.js';
import type { ReadHandler } from './types.js';

export const historyAction: ReadHandler<typeof historySchema> = {
  kind: 'read',
  verb: FINDING_VERBS.history,
  schema: historySchema,
  async read(_input, { finding, clicker, now, views }) {
    const decision = decide(clicker, subjectOf(finding), 'history');
    if (!decision.allowed) return { refuse: decision.reason };
    return { card: await views.historyCard(finding, now) };
  },
};
