// Who is who in the Microsoft 365 Agents Playground: six of the demo tenant's people (azure/demo/people.ts)
// and a team whose channel gets the alerts. The Playground puts these ids on every activity, and they are
// the ids the demo's roles and resource owners use, so Vigil decides permissions for a Playground user
// exactly as it would for that person in Teams. `.m365agentsplayground.yml` is rendered from this file
// (`npm run playground -- --write-config`); test/e2e/playground.test.ts fails when the two drift apart.

import { createDemoEstate, DEFAULT_SEED } from '../../azure/demo/estate.js';
import { DEMO_PEOPLE } from '../../azure/demo/people.js';
import type { DemoPerson } from '../../azure/demo/types.js';

export interface PlaygroundPerson extends DemoPerson {
  /** The UPN's local part: what `--as` takes. */
  alias: string;
  /** The Teams user id (`29:…`) the Playground sends as `from.id`. */
  teamsId: string;
  /** What this person is in the story, for the launcher's banner and the README. */
  part: string;
}

/** The Playground's file format takes the current user plus exactly five others. */
const CAST: readonly { alias: string; part: string }[] = [
  { alias: 'dana.ortiz', part: 'SOC analyst: triages any finding, routes alerts to channels' },
  { alias: 'priya.raman', part: 'owner of the claims AI resources' },
  { alias: 'tomas.alvarez', part: 'owner of the payments AI resources (zone 3, regulated)' },
  { alias: 'ben.carter', part: 'owner of the platform and multi-cloud AI resources (and some of claims)' },
  { alias: 'helen.park', part: 'leader: reads posture and history, acts on no finding' },
  { alias: 'ivy.brooks', part: 'admin: routing and settings, acts on no finding' },
];

export const PLAYGROUND_CAST: readonly PlaygroundPerson[] = CAST.map(({ alias, part }) => {
  const person = DEMO_PEOPLE.find((p) => p.upn.split('@')[0] === alias);
  if (!person) throw new Error(`the Playground cast names ${alias}, who is not one of the demo tenant's people`);
  return { ...person, alias, teamsId: `29:${person.objectId}`, part };
});

export const PLAYGROUND_BOT = { id: '28:vigil', name: 'Vigil' } as const;

/** One team; its General channel's conversation id is the team id (as in Teams). */
export const PLAYGROUND_TEAM = {
  id: '19:vigil-ai-security@thread.tacv2',
  name: 'AI Security',
  aadGroupId: 'a15ec0de-5ec0-4a1e-9c1a-000000000031',
} as const;

/** The team's one extra channel (the Playground allows one): every critical alert goes here. */
export const ALERTS_CHANNEL = { id: '19:vigil-ai-alerts@thread.tacv2', name: 'ai-alerts' } as const;

export const GROUP_CHAT = { id: '19:vigil-ai-posture@thread.v2', name: 'AI posture huddle' } as const;

/** The person `--as` names: an alias (`priya.raman`), a UPN or an Entra object id, any case. */
export function findCastMember(who: string): PlaygroundPerson | null {
  const wanted = who.trim().toLowerCase();
  return (
    PLAYGROUND_CAST.find((p) => p.alias === wanted || p.upn.toLowerCase() === wanted || p.objectId === wanted) ?? null
  );
}

export interface PlaygroundConfigOptions {
  /** Who the Playground's user is; default the first of the cast (the SOC analyst). */
  me?: PlaygroundPerson;
  /** The demo tenant's id, so activities carry the tenant the estate belongs to. */
  tenantId: string;
}

/** `.m365agentsplayground.yml` (schema 0.1.1) for the cast, with `me` as the current user. */
export function renderPlaygroundConfig({ me = PLAYGROUND_CAST[0]!, tenantId }: PlaygroundConfigOptions): string {
  // JSON strings are YAML double-quoted scalars: no quoting rules of our own.
  const q = (s: string) => JSON.stringify(s);
  const fields = (p: PlaygroundPerson): string[] => {
    const [given = p.displayName, ...rest] = p.displayName.split(' ');
    return [
      `id: ${q(p.teamsId)}`,
      `name: ${q(p.displayName)}`,
      `userPrincipleName: ${q(p.upn)}`, // sic: the Playground's spelling
      `aadObjectId: ${q(p.objectId)}`,
      `givenName: ${q(given)}`,
      `surname: ${q(rest.join(' ') || given)}`,
      `email: ${q(p.upn)}`,
    ];
  };
  const others = PLAYGROUND_CAST.filter((p) => p.objectId !== me.objectId);
  return [
    '# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
    '# Microsoft 365 Agents Playground: people, chats and a team for trying Vigil on its demo tenant.',
    '# Generated from cli/playground/people.ts by `npm run playground -- --write-config`: edit that file,',
    '# not this one (a test checks they agree). `npm run playground -- --as <alias>` picks another user.',
    '#',
    ...PLAYGROUND_CAST.map((p) => `#   ${p.alias.padEnd(14)} ${p.displayName} — ${p.part}`),
    'version: "0.1.1"',
    `tenantId: ${q(tenantId)} # the demo tenant's`,
    'bot:',
    `  id: ${q(PLAYGROUND_BOT.id)}`,
    `  name: ${q(PLAYGROUND_BOT.name)}`,
    `currentUser: # ${me.part}`,
    ...fields(me).map((f) => `  ${f}`),
    'users:',
    ...others.flatMap((p) => [`  # ${p.part}`, ...fields(p).map((f, i) => `${i === 0 ? '  - ' : '    '}${f}`)]),
    'personalChat:',
    `  id: ${q(`a:vigil-personal-${me.alias}`)}`,
    'groupChat:',
    `  id: ${q(GROUP_CHAT.id)}`,
    `  name: ${q(GROUP_CHAT.name)}`,
    'team:',
    `  id: ${q(PLAYGROUND_TEAM.id)} # also the General channel's id`,
    `  name: ${q(PLAYGROUND_TEAM.name)}`,
    `  aadGroupId: ${q(PLAYGROUND_TEAM.aadGroupId)}`,
    '  channels:',
    '    # every critical finding alert is posted here (the launcher makes it VIGIL_DEFAULT_CHANNEL)',
    `    - id: ${q(ALERTS_CHANNEL.id)}`,
    `      name: ${q(ALERTS_CHANNEL.name)}`,
    '',
  ].join('\n');
}

/** The demo tenant's id at the default seed: what the committed file carries. */
export function defaultDemoTenantId(): string {
  return createDemoEstate({ seed: DEFAULT_SEED }).tenantId;
}
