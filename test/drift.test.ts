// Drift between two discoveries: hand-built before/after estates for each kind of change, stable keys,
// zone grouping, incomplete discoveries, the drift card, and the demo tenant producing drift over time.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTenantAccess } from '../azure/demo/credential.js';
import { demoDriftEvents } from '../azure/demo/drift.js';
import { createDemoEstate } from '../azure/demo/estate.js';
import { type DemoTenant, startDemoTenant } from '../azure/demo/server.js';
import type { DemoEstate } from '../azure/demo/types.js';
import { type AzureSources, createAzureSources } from '../azure/sources.js';
import { DRIFT_MAX_ROWS, driftCard } from '../cards/drift.js';
import { cardToText } from '../cards/text.js';
import {
  type Drift,
  type DriftChange,
  type DriftKind,
  describeChange,
  detectDrift,
  driftByZone,
  driftKey,
  driftSummary,
} from '../posture/drift.js';
import { Estate } from '../posture/estate.js';
import type { AiDeployment, AiResource, NetworkExposure, Snapshot, SourceIssue, Zone } from '../posture/model.js';
import { cardText, expectValidCard } from './support/cards.js';
import { estateOf, resource, SETTINGS, SUB_B, snapshot } from './support/score-fixtures.js';

const BEFORE = '2026-11-22T09:00:00.000Z';
const AFTER = '2026-11-23T09:00:00.000Z';
const NOW = new Date('2026-11-23T09:05:00Z');

// ---- fixture builders ------------------------------------------------------------------------------

/** A resource locked down: no public endpoint, no API keys, network rules deny. */
function locked(name: string, spec: Parameters<typeof resource>[0] = { name }): AiResource {
  return withExposure(resource({ ...spec, name }), {
    publicNetworkAccess: 'Disabled',
    defaultAction: 'Deny',
    localAuthEnabled: false,
  });
}

function withExposure(r: AiResource, exposure: Partial<NetworkExposure>): AiResource {
  return { ...r, exposure: { ...r.exposure, ...exposure } };
}

function deployment(
  name: string,
  model = 'gpt-4o',
  contentFilter: string | null = 'Microsoft.DefaultV2',
): AiDeployment {
  return {
    name,
    model,
    modelVersion: '2024-11-20',
    modelFormat: 'OpenAI',
    sku: 'GlobalStandard',
    capacity: 10,
    contentFilter,
  };
}

function withDeployments(r: AiResource, ...deployments: AiDeployment[]): AiResource {
  return { ...r, deployments };
}

function withZone(r: AiResource, zone: Zone): AiResource {
  return { ...r, tags: { ...r.tags, 'ai-zone': String(zone) } };
}

const at = (takenAt: string, resources: AiResource[], issues: SourceIssue[] = []) =>
  estateOf({ takenAt, resources, findings: [], issues });

const kinds = (d: { changes: DriftChange[] }) => d.changes.map((c) => c.kind);
const only = <K extends DriftKind>(d: Drift, kind: K) => d.changes.filter((c) => c.kind === kind);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One of every kind of change, each on its own resource. */
function everyKind() {
  const before = [
    locked('oai-opened', { name: 'oai-opened', zone: 3, owner: 'priya@contoso.com' }),
    locked('oai-keys', { name: 'oai-keys', zone: 1 }),
    withExposure(locked('oai-acl', { name: 'oai-acl', zone: 2 }), { publicNetworkAccess: 'Enabled', ipRuleCount: 2 }),
    withDeployments(locked('oai-deploy', { name: 'oai-deploy', zone: 2 }), deployment('gpt-4o')),
    locked('oai-gone', { name: 'oai-gone', zone: 2 }),
    locked('oai-mover', { name: 'oai-mover', zone: 2 }),
    locked('oai-same', { name: 'oai-same', zone: 3 }),
  ];
  const [opened, keys, acl, deploy, , mover, same] = before as AiResource[] as [
    AiResource,
    AiResource,
    AiResource,
    AiResource,
    AiResource,
    AiResource,
    AiResource,
  ];
  const after = [
    withExposure(opened, { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' }),
    withExposure(keys, { localAuthEnabled: true }),
    withExposure(acl, { defaultAction: 'Allow' }),
    withDeployments(deploy, deployment('gpt-4o'), deployment('o3-canary', 'o3', null)),
    withZone(mover, 1),
    { ...same },
    withExposure(resource({ name: 'oai-new', zone: 1, sub: SUB_B }), { publicNetworkAccess: 'Enabled' }),
  ];
  return { before, after };
}

// ---- detection --------------------------------------------------------------------------------------

describe('detectDrift', () => {
  it('finds each kind of change exactly once, on the right resource', () => {
    const { before, after } = everyKind();
    const d = detectDrift(at(BEFORE, before), at(AFTER, after));
    const byKind = Object.fromEntries(d.changes.map((c) => [c.kind, c.resource.name]));
    expect(d.changes).toHaveLength(7);
    expect(byKind).toEqual({
      'public-network-enabled': 'oai-opened',
      'local-auth-enabled': 'oai-keys',
      'network-rules-loosened': 'oai-acl',
      'deployment-added': 'oai-deploy',
      'resource-added': 'oai-new',
      'resource-removed': 'oai-gone',
      'zone-changed': 'oai-mover',
    });
    expect(d.counts).toEqual({ added: 1, removed: 1, moved: 1, risky: 4, total: 7 });
    expect(d.before).toBe(BEFORE);
    expect(d.after).toBe(AFTER);

    const [opened] = only(d, 'public-network-enabled');
    expect(opened).toMatchObject({
      from: 'Disabled',
      to: 'Enabled',
      defaultAction: 'Allow',
      risk: 'high',
      risky: true,
    });
    expect(opened?.resource).toMatchObject({ zone: 3, owner: 'priya@contoso.com', resourceGroup: 'rg-ai' });
    expect(opened?.resource.subscriptionName).toBe('Claims Production');
    const [added] = only(d, 'deployment-added');
    expect(added?.kind === 'deployment-added' && added.deployment).toEqual({
      name: 'o3-canary',
      model: 'o3',
      modelVersion: '2024-11-20',
      contentFilter: null,
    });
    expect(only(d, 'resource-removed')[0]?.resource.zone).toBe(2);
    expect(only(d, 'resource-added')[0]?.resource).toMatchObject({ zone: 1, subscriptionName: 'Research Sandbox' });
  });

  it('reports nothing for unchanged resources, changes for the better, or settings it does not watch', () => {
    const { before } = everyKind();
    expect(
      detectDrift(
        at(BEFORE, before),
        at(
          AFTER,
          before.map((r) => structuredClone(r)),
        ),
      ).changes,
    ).toEqual([]);

    const open = withDeployments(
      withExposure(resource({ name: 'oai-open' }), { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' }),
      deployment('gpt-4o'),
      deployment('old'),
    );
    const better = withDeployments(
      {
        ...withExposure(open, {
          publicNetworkAccess: 'Disabled',
          defaultAction: 'Deny',
          localAuthEnabled: false,
          ipRuleCount: 4,
          privateEndpointCount: 1,
        }),
        tags: { team: 'claims' },
        location: 'swedencentral',
      },
      deployment('gpt-4o', 'gpt-4o', null),
    );
    expect(detectDrift(at(BEFORE, [open]), at(AFTER, [better])).changes).toEqual([]);
  });

  it('counts public access as turned on from Disabled, unset or a perimeter, and says which rules it opened with', () => {
    const from = (value: string | null) =>
      withExposure(locked('oai-x'), { publicNetworkAccess: value, defaultAction: 'Deny', ipRuleCount: 2 });
    for (const was of ['Disabled', null, 'SecuredByPerimeter']) {
      const d = detectDrift(
        at(BEFORE, [from(was)]),
        at(AFTER, [withExposure(from(was), { publicNetworkAccess: 'Enabled' })]),
      );
      expect(kinds(d)).toEqual(['public-network-enabled']);
      expect(d.changes[0]?.risk).toBe('medium');
      expect(describeChange(d.changes[0] as DriftChange)).toBe(
        `Public network access turned on (was ${was ?? 'not set'}), limited to 2 IP rules`,
      );
    }
    // Opened to every network: one change that says so, not a second one for the rules.
    const wide = detectDrift(
      at(BEFORE, [locked('oai-x')]),
      at(AFTER, [withExposure(locked('oai-x'), { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' })]),
    );
    expect(kinds(wide)).toEqual(['public-network-enabled']);
    expect(wide.changes[0]?.risk).toBe('high');
    expect(describeChange(wide.changes[0] as DriftChange)).toMatch(/open to all networks$/);
  });

  it('reports local auth only when it comes back on, and rules loosened only while the endpoint is public', () => {
    const keysUnknown = withExposure(locked('oai-k'), { localAuthEnabled: null });
    expect(
      detectDrift(at(BEFORE, [keysUnknown]), at(AFTER, [withExposure(keysUnknown, { localAuthEnabled: true })]))
        .changes,
    ).toEqual([]);
    const privateOnly = locked('oai-p');
    expect(
      detectDrift(at(BEFORE, [privateOnly]), at(AFTER, [withExposure(privateOnly, { defaultAction: 'Allow' })]))
        .changes,
    ).toEqual([]);
  });

  it('rates a new deployment without a content filter higher than one with a filter', () => {
    const base = withDeployments(locked('oai-d'), deployment('gpt-4o'));
    const d = detectDrift(
      at(BEFORE, [base]),
      at(AFTER, [withDeployments(base, deployment('gpt-4o'), deployment('filtered'), deployment('bare', 'o3', null))]),
    );
    expect(d.changes.map((c) => [c.kind, c.kind === 'deployment-added' ? c.deployment.name : '', c.risk])).toEqual([
      ['deployment-added', 'bare', 'high'],
      ['deployment-added', 'filtered', 'medium'],
    ]);
    expect(describeChange(d.changes[0] as DriftChange)).toBe(
      'New model deployment bare (o3 2024-11-20) without a content filter',
    );
  });

  it('sees a zone move as a move, not as one resource removed and another added', () => {
    const r = locked('oai-m', { name: 'oai-m', zone: 3 });
    const d = detectDrift(at(BEFORE, [r]), at(AFTER, [withExposure(withZone(r, 1), { localAuthEnabled: true })]));
    expect(kinds(d).sort()).toEqual(['local-auth-enabled', 'zone-changed']);
    const [move] = only(d, 'zone-changed');
    expect(move).toMatchObject({ fromZone: 3, toZone: 1, risk: 'low' });
    expect(d.changes.every((c) => c.resource.zone === 1)).toBe(true);
    expect(driftByZone(d).map((z) => z.zone)).toEqual([1]);
  });

  it('lists the most risky first', () => {
    const { before, after } = everyKind();
    const d = detectDrift(at(BEFORE, before), at(AFTER, after));
    const rank = { high: 0, medium: 1, low: 2, info: 3 };
    const ranks = d.changes.map((c) => rank[c.risk]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(d.changes.slice(0, 4).every((c) => c.risky)).toBe(true);
    expect(d.changes.at(-1)?.kind).toBe('resource-removed');
  });

  it('holds back removals and additions a partial discovery cannot vouch for, and says how many', () => {
    const a = locked('oai-a');
    const b = locked('oai-b');
    const failed: SourceIssue = {
      source: 'resource-graph',
      operation: 'ai-inventory',
      kind: 'failed',
      message: 'boom',
      scope: 'subscriptions 1–1000',
    };
    const afterPartial = detectDrift(at(BEFORE, [a, b]), at(AFTER, [a], [failed]));
    expect(afterPartial.changes).toEqual([]);
    expect(afterPartial.gaps).toEqual({ removalsHeldBack: 1, additionsHeldBack: 0, deploymentsUnchecked: false });

    const beforePartial = detectDrift(at(BEFORE, [a], [failed]), at(AFTER, [a, b]));
    expect(beforePartial.changes).toEqual([]);
    expect(beforePartial.gaps.additionsHeldBack).toBe(1);

    const noDeployments = { ...failed, operation: 'ai-deployments' };
    const d = detectDrift(
      at(BEFORE, [withDeployments(a)], [noDeployments]),
      at(AFTER, [withDeployments(a, deployment('gpt-4o'))]),
    );
    expect(d.changes).toEqual([]);
    expect(d.gaps.deploymentsUnchecked).toBe(true);
  });

  it('diffs a large estate in linear time', () => {
    const n = 20_000;
    const before: AiResource[] = [];
    for (let i = 0; i < n; i++) before.push(withDeployments(locked(`oai-${i}`), deployment('gpt-4o')));
    const after = before.map((r, i) => (i % 1000 === 0 ? withExposure(r, { localAuthEnabled: true }) : r));
    const b = at(BEFORE, before);
    const a = at(AFTER, after);
    const started = performance.now();
    const d = detectDrift(b, a);
    const ms = performance.now() - started;
    expect(d.counts.risky).toBe(n / 1000);
    // Generous for a shared CI core; a quadratic diff would take minutes.
    expect(ms).toBeLessThan(1500);
  });
});

// ---- keys --------------------------------------------------------------------------------------------

describe('driftKey', () => {
  it('is the same for the same change however and whenever it is computed', () => {
    const { before, after } = everyKind();
    const keysOf = (d: Drift) => d.changes.map((c) => c.key).sort();
    const first = detectDrift(at(BEFORE, before), at(AFTER, after));
    const again = detectDrift(at(BEFORE, before), at(AFTER, after));
    const reordered = detectDrift(at(BEFORE, shuffled(before, 7)), at(AFTER, shuffled(after, 11)));
    // Another replica, or a discovery run again a few minutes later: different snapshot times, same changes.
    const replica = detectDrift(
      new Estate(
        snapshot({ takenAt: '2026-11-22T09:03:00Z', resources: structuredClone(before), findings: [] }),
        SETTINGS,
      ),
      new Estate(
        snapshot({ takenAt: '2026-11-23T09:07:00Z', resources: structuredClone(after), findings: [] }),
        SETTINGS,
      ),
    );
    expect(keysOf(again)).toEqual(keysOf(first));
    expect(keysOf(reordered)).toEqual(keysOf(first));
    expect(keysOf(replica)).toEqual(keysOf(first));
    expect(reordered.changes.map((c) => c.key)).toEqual(first.changes.map((c) => c.key));
    expect(new Set(keysOf(first)).size).toBe(first.changes.length);
    for (const c of first.changes) expect(driftKey(c)).toBe(c.key);
  });

  it('names the resource, the kind and the new value', () => {
    const { before, after } = everyKind();
    const d = detectDrift(at(BEFORE, before), at(AFTER, after));
    const keyOf = (kind: DriftKind) => only(d, kind)[0]?.key ?? '';
    const id = (name: string) => after.find((r) => r.name === name)?.id ?? before.find((r) => r.name === name)?.id;
    expect(keyOf('public-network-enabled')).toBe(`drift|public-network-enabled|${id('oai-opened')}|enabled`);
    expect(keyOf('local-auth-enabled')).toBe(`drift|local-auth-enabled|${id('oai-keys')}|true`);
    expect(keyOf('deployment-added')).toBe(`drift|deployment-added|${id('oai-deploy')}|o3-canary|o3@2024-11-20`);
    expect(keyOf('zone-changed')).toBe(`drift|zone-changed|${id('oai-mover')}|2>1`);
    expect(keyOf('resource-removed')).toBe(`drift|resource-removed|${id('oai-gone')}`);
  });

  it('tells two new deployments on one resource apart', () => {
    const base = locked('oai-d');
    const d = detectDrift(at(BEFORE, [base]), at(AFTER, [withDeployments(base, deployment('a'), deployment('b'))]));
    expect(new Set(d.changes.map((c) => c.key)).size).toBe(2);
  });
});

// ---- by zone -------------------------------------------------------------------------------------------

describe('driftByZone', () => {
  it('groups each change under its zone, most sensitive zone first, with a summary line', () => {
    const { before, after } = everyKind();
    const zones = driftByZone(detectDrift(at(BEFORE, before), at(AFTER, after)));
    expect(zones.map((z) => [z.zone, z.changes.map((c) => c.resource.name), z.summary])).toEqual([
      [3, ['oai-opened'], '1 risky change'],
      [2, ['oai-acl', 'oai-deploy', 'oai-gone'], '2 risky changes, 1 removed'],
      [1, ['oai-keys', 'oai-new', 'oai-mover'], '1 new AI resource, 1 risky change, 1 moved in'],
    ]);
    expect(zones.every((z) => z.before === BEFORE && z.after === AFTER)).toBe(true);
  });

  it('says a zone had no changes in words', () => {
    expect(driftSummary({ added: 0, removed: 0, moved: 0, risky: 0, total: 0 })).toBe('no changes');
    expect(driftSummary({ added: 2, removed: 0, moved: 0, risky: 1, total: 3 })).toBe(
      '2 new AI resources, 1 risky change',
    );
    expect(driftByZone(detectDrift(at(BEFORE, []), at(AFTER, [])))).toEqual([]);
  });
});

// ---- the card ----------------------------------------------------------------------------------------------

describe('driftCard', () => {
  const zoneOf = (zone: Zone) => {
    const { before, after } = everyKind();
    const z = driftByZone(detectDrift(at(BEFORE, before), at(AFTER, after))).find((x) => x.zone === zone);
    if (!z) throw new Error(`no drift in zone ${zone}`);
    return z;
  };

  it('validates, lists risky changes first in the attention colour, and offers follow-ups', () => {
    const card = driftCard({ drift: zoneOf(1), now: NOW, timeZone: 'UTC', demo: false });
    expectValidCard(card);
    const text = cardToText(card);
    expect(text).toContain('1 new AI resource, 1 risky change, 1 moved in');
    expect(text).toContain('ZONE 1 · BASELINE · AI ESTATE DRIFT');
    expect(text).toContain('Since the discovery of 22 Nov 09:00 UTC');
    expect(text.indexOf('Risky changes (1)')).toBeLessThan(text.indexOf('Other changes (2)'));
    expect(text.indexOf('Local auth (API keys) re-enabled')).toBeLessThan(text.indexOf('New AI resource'));
    expect(text).toContain('Moved from zone 2 to zone 1');
    expect(text).toContain('Data as of 09:00 UTC');
    expect(text).toMatch(/\[Show oai-keys\] \[Show oai-new\] \[Show oai-mover\] \[Inventory zone 1\]$/);
    const json = JSON.stringify(card);
    expect(json).toContain('"color":"attention","weight":"Bolder"');
    expect(card.actions).toContainEqual({
      type: 'Action.Execute',
      title: 'Inventory zone 1',
      verb: 'vigil.page',
      data: { query: 'inventory zone 1', page: 0 },
    });
    const keysRow = everyKind().before.find((r) => r.name === 'oai-keys');
    expect(json).toContain(`"query":"show ${keysRow?.id}"`);
  });

  it('does not offer to show a resource that is gone', () => {
    const card = driftCard({ drift: zoneOf(2), now: NOW, timeZone: 'UTC', demo: true });
    expectValidCard(card);
    const gone = everyKind().before.find((r) => r.name === 'oai-gone');
    expect(JSON.stringify(card)).not.toContain(`show ${gone?.id}`);
    expect(cardToText(card)).toContain('No longer discovered');
    expect(cardToText(card)).toContain('Demo tenant · Data as of');
  });

  it('stays small with hundreds of changes: the riskiest rows, then "and N more" with the zone inventory', () => {
    const before: AiResource[] = [];
    const after: AiResource[] = [];
    for (let i = 0; i < 300; i++) {
      const name = `oai-${'very-long-resource-name-'.repeat(3)}${i}`;
      const r = withDeployments(
        locked(name, { name, zone: 3, owner: `owner-${i}@contoso.com`, rg: `rg-${'x'.repeat(60)}` }),
      );
      before.push(r);
      after.push(withExposure(withDeployments(r, deployment(`dep-${i}`, 'gpt-4o', null)), { localAuthEnabled: true }));
    }
    for (let i = 0; i < 200; i++) after.push(resource({ name: `oai-new-${i}`, zone: 3 }));
    const [zone] = driftByZone(detectDrift(at(BEFORE, before), at(AFTER, after)));
    expect(zone?.changes).toHaveLength(800);
    const card = driftCard({ drift: zone as NonNullable<typeof zone>, now: NOW, timeZone: 'UTC', demo: false });
    expectValidCard(card);
    const text = cardToText(card);
    expect(text).toContain(`and ${800 - DRIFT_MAX_ROWS} more changes (${600 - DRIFT_MAX_ROWS} of them risky)`);
    expect(text).toContain('“inventory zone 3”');
    expect(text).toContain('Risky changes (600)');
    expect(text).not.toContain('Other changes');
    expect(text).toContain('[Inventory zone 3]');
  });

  it('says so when a discovery was incomplete, and when nothing changed', () => {
    const z = zoneOf(3);
    const card = driftCard({
      drift: { ...z, gaps: { removalsHeldBack: 3, additionsHeldBack: 0, deploymentsUnchecked: true } },
      now: NOW,
      timeZone: 'Europe/Paris',
      demo: false,
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('3 resources it did not list are not reported as removed');
    expect(cardText(card)).toContain('new deployments are not reported this time');
    expect(cardText(card)).toContain('Since the discovery of 22 Nov 10:00 CET');

    const empty = driftCard({
      drift: {
        ...z,
        changes: [],
        counts: { added: 0, removed: 0, moved: 0, risky: 0, total: 0 },
        summary: 'no changes',
      },
      now: NOW,
      timeZone: 'UTC',
      demo: false,
    });
    expectValidCard(empty);
    expect(cardToText(empty)).toContain('Nothing in zone 3 changed since the discovery of 22 Nov 09:00 UTC.');
  });
});

// ---- the demo tenant ------------------------------------------------------------------------------------------

describe('the demo tenant drifts', () => {
  const HOUR = 3_600_000;
  const logger = pino({ level: 'silent' });
  let estate: DemoEstate;
  let tenant: DemoTenant;
  let sources: AzureSources;
  let now: Date;

  beforeAll(async () => {
    estate = createDemoEstate({ seed: 42, scale: 1 });
    now = estate.epoch;
    const clock = () => now;
    // A generous quota: these tests are about what changes, not about pacing.
    tenant = await startDemoTenant({ estate, clock, logger, faults: { quota: { limit: 10_000, windowMs: 5_000 } } });
    sources = createAzureSources({
      ...demoTenantAccess(tenant, estate),
      workspaces: [],
      logger,
      clock,
    });
  });
  afterAll(() => tenant.close());

  const discover = async (at: Date): Promise<Estate> => {
    now = at;
    const snap: Snapshot = await sources.loadSnapshot();
    expect(snap.issues).toEqual([]);
    return new Estate(snap, SETTINGS);
  };

  it('plants a sandbox resource that appears and is later torn down, at fixed instants', async () => {
    const [added, removed] = demoDriftEvents(estate);
    expect(added?.at.getTime()).toBe(estate.epoch.getTime() + 1.5 * HOUR);
    expect(removed?.at.getTime()).toBe(estate.epoch.getTime() + 6 * HOUR);
    const minute = 60_000;
    const e0 = await discover(new Date((added as { at: Date }).at.getTime() - minute));
    const e1 = await discover((added as { at: Date }).at);
    const e2 = await discover((removed as { at: Date }).at);

    const appeared = detectDrift(e0, e1).changes.filter((c) => c.kind === 'resource-added');
    expect(appeared.map((c) => [c.resource.id, c.resource.zone, c.risk])).toEqual([
      [added?.resourceId.toLowerCase(), 1, 'medium'],
    ]);
    expect(describeChange(appeared[0] as DriftChange)).toBe(
      'New AI resource: public network access on, API keys enabled, 1 deployment',
    );
    const gone = detectDrift(e1, e2).changes.filter((c) => c.kind === 'resource-removed');
    expect(gone.map((c) => c.resource.id)).toEqual([removed?.resourceId.toLowerCase()]);
  });

  it('turns on public access, re-enables keys and deploys models over a day, and every zone card renders', async () => {
    const start = await discover(estate.epoch);
    const dayLater = await discover(new Date(estate.epoch.getTime() + 24 * HOUR));
    const d = detectDrift(start, dayLater);
    const seen = new Set(d.changes.map((c) => c.kind));
    for (const kind of ['public-network-enabled', 'local-auth-enabled', 'deployment-added'] as const)
      expect(seen, kind).toContain(kind);
    const zones = driftByZone(d);
    expect(zones.length).toBeGreaterThan(0);
    for (const z of zones) {
      const card = driftCard({ drift: z, now, timeZone: 'UTC', demo: true });
      expectValidCard(card);
      if (process.env.SHOW_DRIFT) console.log(cardToText(card));
    }
  });
});
