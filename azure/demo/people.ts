// The demo tenant's people. Object ids are stable across seeds so demo
// configuration (roles) can name them; they own resources and findings.

import { stableGuid } from './random.js';
import type { DemoPerson } from './types.js';

export const DEMO_DOMAIN = 'contoso.com';

interface PersonSpec {
  alias: string;
  displayName: string;
  persona: DemoPerson['persona'];
  /** Business units this person owns resources in (see catalog.ts). */
  owns: readonly string[];
}

const SPECS: readonly PersonSpec[] = [
  { alias: 'dana.ortiz', displayName: 'Dana Ortiz', persona: 'soc', owns: [] },
  { alias: 'malik.chen', displayName: 'Malik Chen', persona: 'soc', owns: [] },
  { alias: 'priya.raman', displayName: 'Priya Raman', persona: 'owner', owns: ['claims'] },
  { alias: 'tomas.alvarez', displayName: 'Tomás Álvarez', persona: 'owner', owns: ['payments'] },
  { alias: 'grace.okafor', displayName: 'Grace Okafor', persona: 'owner', owns: ['care'] },
  { alias: 'yuki.tanaka', displayName: 'Yuki Tanaka', persona: 'owner', owns: ['datasci', 'mcloud'] },
  { alias: 'lars.nilsson', displayName: 'Lars Nilsson', persona: 'owner', owns: ['rsch'] },
  { alias: 'amara.mensah', displayName: 'Amara Mensah', persona: 'owner', owns: ['mktg'] },
  { alias: 'sofia.rossi', displayName: 'Sofia Rossi', persona: 'owner', owns: ['hr', 'legal'] },
  { alias: 'ben.carter', displayName: 'Ben Carter', persona: 'owner', owns: ['platform', 'mcloud', 'claims'] },
  { alias: 'helen.park', displayName: 'Helen Park', persona: 'leader', owns: [] },
  { alias: 'omar.haddad', displayName: 'Omar Haddad', persona: 'leader', owns: [] },
  { alias: 'ivy.brooks', displayName: 'Ivy Brooks', persona: 'admin', owns: [] },
];

export const DEMO_PEOPLE: readonly DemoPerson[] = SPECS.map((s) => ({
  objectId: stableGuid(`vigil-demo-person:${s.alias}`),
  upn: `${s.alias}@${DEMO_DOMAIN}`,
  displayName: s.displayName,
  persona: s.persona,
}));

/** People who own resources in a business unit, first the primary owner. */
export function ownersOf(businessUnit: string): DemoPerson[] {
  const out: DemoPerson[] = [];
  SPECS.forEach((s, i) => {
    const person = DEMO_PEOPLE[i];
    if (person && s.owns.includes(businessUnit)) out.push(person);
  });
  return out;
}

/** Every person who owns something (fallback owners for unusual cases). */
export const RESOURCE_OWNERS: readonly DemoPerson[] = DEMO_PEOPLE.filter((p) => p.persona === 'owner');
