// "whoami": the identity Vigil sees, the roles it grants, what they allow, and what the person owns.

import { whoamiCard } from '../../cards/whoami.js';
import { ownedBy } from '../../posture/findings.js';
import { KIND_LABELS } from '../../posture/inventory.js';
import { ROLE_NAMES, type Role } from '../../posture/roles.js';
import { freshnessOf } from './shared.js';
import { type Command, startsWith } from './types.js';

/** What each role lets a person do in Vigil (the server checks every action against its own records). */
export const ROLE_ABILITIES: Record<Role, string> = {
  soc: 'triage any finding: see every resource and finding, acknowledge, assign, snooze and escalate',
  leader: 'see everything, receive the digests and escalations, follow SLA breaches by owner',
  admin: 'choose which channels get which alerts, and change Vigil’s settings',
};
const READER = 'ask about the estate: inventory, posture, findings, recommendations, attack paths';
const OWNER = 'act on the findings you own: acknowledge, set an ETA, ask for an exception';

/** Owned resources listed on the card; the rest are counted. */
const MAX_OWNED = 8;

export const whoamiCommand: Command = {
  name: 'whoami',
  description: 'your roles and the resources you own',
  example: 'whoami',
  match: startsWith('whoami', 'who am i', 'what are my roles', 'my roles', 'my role'),
  async handle(ctx) {
    const { asker, estate } = ctx;
    // The same rule as `my findings`, so the two answers always agree.
    const mine = estate ? ownedBy(estate, { upn: asker.upn, objectId: asker.objectId }) : null;
    const owned = mine && { resources: mine.resources, openFindings: mine.findings };
    const ownsSomething = !!owned && (owned.resources.length > 0 || owned.openFindings.length > 0);
    const abilities = asker.roles.map((r) => ({ name: ROLE_NAMES[r], allows: ROLE_ABILITIES[r] }));
    if (abilities.length === 0) abilities.push({ name: 'reader', allows: READER });
    if (ownsSomething) abilities.push({ name: 'owner', allows: OWNER });
    let overdue = 0;
    let dueSoon = 0;
    if (estate && owned) {
      for (const f of owned.openFindings) {
        const status = estate.slaStatus(f, ctx.now);
        if (status === 'overdue') overdue++;
        else if (status === 'due-soon') dueSoon++;
      }
    }
    return {
      card: whoamiCard({
        name: asker.name,
        objectId: asker.objectId,
        upn: asker.upn,
        roles: asker.roles.map((r) => ROLE_NAMES[r]),
        abilities,
        owned: (owned?.resources ?? []).slice(0, MAX_OWNED).map((r) => ({
          name: r.resource.name,
          kind: KIND_LABELS[r.resource.kind],
          zone: r.placement.zone,
          openFindings: r.openFindings.length,
        })),
        ownedTotal: owned?.resources.length ?? 0,
        findings: { open: owned?.openFindings.length ?? 0, overdue, dueSoon },
        freshness: estate ? freshnessOf(ctx) : null,
      }),
    };
  },
};
