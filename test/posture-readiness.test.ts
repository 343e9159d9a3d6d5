// The walkthrough's Validation checklist over a small hand-built estate: each item's pass rule, the fix
// it suggests, "unknown" when a source could not answer, channel routes, and the card at scale.

import { describe, expect, it } from 'vitest';
import { readinessCard } from '../cards/readiness.js';
import { cardBytes, MAX_CARD_BYTES } from '../cards/render.js';
import { Estate } from '../posture/estate.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import { subscriptionId } from '../posture/model.js';
import { DEFAULT_POLICY } from '../posture/policy.js';
import {
  type AlertRoute,
  CHECKS,
  type ReadinessReport,
  readinessOf,
  routeCovers,
  type SubscriptionReadiness,
} from '../posture/readiness.js';
import { cardText, expectValidCard } from './support/cards.js';
import {
  attackPath,
  estateOf,
  finding,
  plan,
  resource,
  SUB_A,
  SUB_B,
  SUB_C,
  snapshot,
  ZONES,
} from './support/score-fixtures.js';

const SUB_D = subscriptionId('dddddddd-0000-4000-8000-000000000004');
const SUB_E = subscriptionId('eeeeeeee-0000-4000-8000-000000000005');

const a1 = resource({ name: 'oai-claims-a1', sub: SUB_A, zone: 1 });
const a2 = resource({ name: 'oai-claims-a2', sub: SUB_A, zone: 1 });
const b1 = resource({ name: 'oai-sbx-b1', sub: SUB_B, zone: 3 });
const c1 = resource({ name: 'bedrock-c1', sub: SUB_C, zone: 2, kind: 'bedrock', cloud: 'AWS' });
const c2 = resource({ name: 'vertex-c2', sub: SUB_C, zone: 2, kind: 'vertex-ai', cloud: 'GCP' });
const e1 = resource({ name: 'oai-e1', sub: SUB_E, zone: 2 });

const estate = estateOf({
  subscriptions: [
    { id: SUB_A, name: 'Claims Production' },
    { id: SUB_B, name: 'Research Sandbox' },
    { id: SUB_C, name: 'Multicloud Connectors' },
    { id: SUB_D, name: 'Empty Landing Zone', tags: { 'ai-zone': '3' } },
    { id: SUB_E, name: 'Unreadable Plans' },
  ],
  resources: [a1, a2, b1, c1, c2, e1],
  findings: [
    finding({ on: a1, status: 'Healthy' }),
    finding({ on: a2 }),
    finding({ on: b1 }),
    finding({ on: c1, status: 'Healthy' }),
    finding({ on: e1 }),
  ],
  attackPaths: [attackPath('p1', [a1]), attackPath('p2', [a1, a2])],
  plans: [
    plan(SUB_A, 'CloudPosture', 'Standard'),
    plan(SUB_A, 'AI', 'Standard'),
    plan(SUB_B, 'CloudPosture', 'Free'),
    plan(SUB_B, 'AI', 'Free'),
    plan(SUB_C, 'CloudPosture', 'Standard'),
    plan(SUB_C, 'AI', 'Free'),
    plan(SUB_D, 'CloudPosture', 'Standard'),
    plan(SUB_D, 'AI', 'Standard'),
  ],
  issues: [
    {
      source: 'security',
      operation: 'pricings',
      kind: 'failed',
      message: 'Microsoft.Security pricings failed for subscription eeee: 403',
      scope: SUB_E,
    },
  ],
});

const everything: AlertRoute[] = [{ filter: {} }];
const report = (routes: AlertRoute[] = everything, args = ''): ReadinessReport =>
  readinessOf(
    estate,
    { zones: ZONES, policy: DEFAULT_POLICY, findingsRoutes: routes },
    parseFilters(args, vocabularyOf(estate)),
  );
const row = (r: ReadinessReport, name: string): SubscriptionReadiness => {
  const found = r.subscriptions.find((s) => s.subscription.name === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const statuses = (s: SubscriptionReadiness) => s.checks.map((c) => `${c.id}:${c.status}`);

describe('readinessOf', () => {
  it('passes a subscription that has done every step, and says what it saw', () => {
    const a = row(report(), 'Claims Production');
    expect(a.passed).toBe(5);
    expect(a.zone).toBe(1);
    expect(a.checks.map((c) => c.fix)).toEqual([null, null, null, null, null]);
    expect(a.checks.find((c) => c.id === 'attack-paths')?.detail).toBe('2 attack paths reach its AI resources');
    expect(a.checks.find((c) => c.id === 'recommendations')?.detail).toBe('2 AI assessments, 1 unhealthy');
  });

  it('flags a subscription without Defender CSPM, with the portal steps to fix it', () => {
    const b = row(report(), 'Research Sandbox');
    expect(statuses(b)).toEqual([
      'cspm:fail',
      'inventory:pass',
      'attack-paths:fail',
      'recommendations:pass',
      'alerting:fail',
    ]);
    const cspm = b.checks[0];
    expect(cspm?.fix).toContain(
      'Defender for Cloud → Environment settings → Research Sandbox → Defender plans → Defender CSPM → On',
    );
    expect(cspm?.fix).toContain('AI security posture management → On');
    expect(b.checks[2]?.fix).toContain('Attack path analysis');
    expect(b.checks[4]?.fix).toContain('Defender plans → AI services → On');
  });

  it('counts AWS and GCP workloads for a connector subscription, and takes "no attack path" as a pass', () => {
    const c = row(report(), 'Multicloud Connectors');
    expect(c.checks[1]).toMatchObject({
      status: 'pass',
      detail: '2 AI resources, 1 AWS, 1 GCP (through multi-cloud connectors)',
    });
    expect(c.checks[2]).toMatchObject({
      status: 'pass',
      detail: 'attack path analysis is on; none found reaching AI resources',
    });
    expect(c.checks[4]?.status).toBe('fail');
  });

  it('fails inventory and recommendations where no AI workload is found', () => {
    const d = row(report(), 'Empty Landing Zone');
    expect(d.zone).toBe(3);
    expect(statuses(d)).toEqual([
      'cspm:pass',
      'inventory:fail',
      'attack-paths:pass',
      'recommendations:fail',
      'alerting:pass',
    ]);
    expect(d.checks[1]?.fix).toContain('Inventory → filter Resource type: AI/ML services');
    expect(d.checks[3]?.detail).toBe('no AI resources to assess');
  });

  it('says "unknown" rather than "off" when Vigil could not read the plans', () => {
    const e = row(report(), 'Unreadable Plans');
    expect(e.checks[0]).toMatchObject({ status: 'unknown' });
    expect(e.checks[0]?.detail).toContain('403');
    expect(e.checks[2]?.status).toBe('unknown');
    expect(e.checks[4]?.status).toBe('unknown');
  });

  it('needs a Teams channel on findings alerts that covers the subscription', () => {
    const none = row(report([]), 'Claims Production');
    expect(none.passed).toBe(4);
    expect(none.checks[4]?.detail).toContain('no Teams channel is subscribed to findings alerts');
    expect(none.checks[4]?.fix).toMatch(/^Route findings alerts to a Teams channel/);
    expect(row(report([{ filter: { zone: 3 } }]), 'Claims Production').checks[4]?.status).toBe('fail');
    expect(row(report([{ filter: { zone: 1 } }]), 'Claims Production').checks[4]?.status).toBe('pass');
  });

  it('puts the subscriptions with most to do first and counts those fully ready', () => {
    const r = report();
    expect(r.subscriptions.map((s) => s.passed)).toEqual([...r.subscriptions.map((s) => s.passed)].sort());
    expect(r.ready).toBe(1);
  });

  it('narrows to a subscription or a zone', () => {
    expect(report(everything, 'zone 3').subscriptions.map((s) => s.subscription.name)).toEqual([
      'Research Sandbox',
      'Empty Landing Zone',
    ]);
    expect(report(everything, 'subscription claims').subscriptions.map((s) => s.subscription.name)).toEqual([
      'Claims Production',
    ]);
  });

  it("adds the governance table's connector and Sentinel expectations for the zones shown", () => {
    const notes = report().zoneNotes;
    expect(notes.map((n) => n.zone)).toEqual([1, 2, 3]);
    expect(notes[1]?.text).toContain('multi-cloud connectors if applicable (2 AWS/GCP AI resources seen');
    expect(notes[2]?.text).toContain('Sentinel integration required');
    expect(notes[0]?.text).toContain('Sentinel integration optional');
  });
});

describe('routeCovers', () => {
  const zones = new Set([2 as const]);
  it('reads zone and subscription filters; other keys do not narrow where alerts come from', () => {
    expect(routeCovers({ filter: {} }, SUB_A, zones)).toBe(true);
    expect(routeCovers({ filter: { zone: 2 } }, SUB_A, zones)).toBe(true);
    expect(routeCovers({ filter: { zones: [1, 3] } }, SUB_A, zones)).toBe(false);
    expect(routeCovers({ filter: { subscriptionId: SUB_A.toUpperCase() } }, SUB_A, zones)).toBe(true);
    expect(routeCovers({ filter: { subscriptions: [SUB_B] } }, SUB_A, zones)).toBe(false);
    expect(routeCovers({ filter: { severity: ['High'] } }, SUB_A, zones)).toBe(true);
  });
});

describe('the readiness card', () => {
  it('shows ✅/❌ per item, X of 5, and the fix for each failed item', () => {
    const card = readinessCard({
      report: report(),
      labels: [],
      ignored: [],
      page: { query: 'readiness', page: 0, pageSize: 5 },
      freshness: 'Data as of 10:42 UTC',
    });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('1 of 5 subscriptions pass all 5 checks');
    expect(text).toContain('❌ ✅ ❌ ✅ ❌');
    expect(text).toContain('2 of 5');
    expect(text).toContain('❌ **1 Defender CSPM on**: Defender CSPM is off');
    expect(text).toContain('Zone 3 · Regulated');
  });

  it('says so when no subscription matches', () => {
    const card = readinessCard({
      report: report(everything, 'zone 3 subscription claims'),
      labels: ['zone 3', 'Claims Production'],
      ignored: [],
      page: { query: 'readiness zone 3 subscription claims', page: 0, pageSize: 5 },
      freshness: 'Data as of 10:42 UTC',
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('No subscription matches zone 3 · Claims Production.');
  });

  it('pages 300 failing subscriptions and stays under the Teams size limit', () => {
    const subs = Array.from({ length: 300 }, (_, i) => ({
      id: subscriptionId(`${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`),
      name: `Contoso Business Unit ${i} - Production workloads with a long name`,
    }));
    const big = new Estate(snapshot({ subscriptions: subs, resources: [], findings: [] }), {
      zones: ZONES,
      policy: DEFAULT_POLICY,
    });
    const r = readinessOf(big, { zones: ZONES, policy: DEFAULT_POLICY, findingsRoutes: [] });
    expect(r.subscriptions).toHaveLength(300);
    expect(r.subscriptions.every((s) => s.passed === 0)).toBe(true);
    for (const page of [0, 59]) {
      const card = readinessCard({
        report: r,
        labels: [],
        ignored: [],
        page: { query: 'readiness', page, pageSize: 5 },
        freshness: 'Data as of 10:42 UTC',
      });
      expectValidCard(card);
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      expect(cardText(card)).toContain(`Showing ${page * 5 + 1}–${page * 5 + 5} of 300`);
    }
    expect(CHECKS).toHaveLength(5);
  });
});
