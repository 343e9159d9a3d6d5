// The card's refresh: whoever's copy refreshes gets their own view — the buttons they may use now, on
// the finding as it is now. Changes nothing, writes no audit entry; an old version in the data is fine.

import { FINDING_VERBS, viewSchema } from './schemas.js';
import type { ReadHandler } from './types.js';

export const viewAction: ReadHandler<typeof viewSchema> = {
  kind: 'read',
  verb: FINDING_VERBS.view,
  schema: viewSchema,
  async read(_input, { finding, clicker, now, views }) {
    return { card: await views.alertCard(finding, { now, viewer: clicker }) };
  },
};
