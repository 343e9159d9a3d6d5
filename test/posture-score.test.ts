// The posture score, its breakdowns, the worst offenders and the trend, over a small estate whose
// figures are worked out by hand below; and the posture card at 100× scale.

import { describe, expect, it } from 'vitest';
import { postureCard, scoreBar, signed, trendText } from '../cards/posture.js';
import { cardBytes, MAX_CARD_BYTES } from '../cards/render.js';
import { Estate } from '../posture/estate.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import { type AiResource, type Finding, resourceId, type SecureScore, subscriptionId } from '../posture/model.js';
import { DEFAULT_POLICY } from '../posture/policy.js';
import { type Baseline, emptyTally, pickBaseline, postureOf, scoreOf, trendOf, WEEK_MS } from '../posture/score.js';
import { cardText, expectValidCard } from './support/cards.js';
import {
  estateOf,
  finding,
  KEY_CONTENT_FILTER,
  KEY_DIAGNOSTICS,
  KEY_LOCAL_AUTH,
  KEY_NETWORK,
  resource,
  type SnapshotSpec,
  SUB_A,
  SUB_B,
  SUB_C,
  snapshot,
  ZONES,
} from './support/score-fixtures.js';

// ---- the estate -------------------------------------------------------------------------------
//
// zone 1  a1 (Claims)  High Healthy · Medium open · Low NotApplicable · Medium exempt   → w 5, healthy 3
//         a2 (Claims)  Medium Healthy · Low open                                        → w 3, healthy 2
// zone 3  b1 (Sandbox) High open · High open · Low Healthy                              → w 7, healthy 1
//         b2 (Sandbox) ai-services, NotApplicable only                                  → nothing counted
// zone 2  c1 (Connectors, AWS bedrock) Medium open                                      → w 2, healthy 0
//         an assessment of a resource missing from the inventory: Low open (default zone 2) → w 1
//
// Overall: 6 / 18 → 33. Zone 1: 5/8 → 63 (62.5 rounds up). Zone 2: 0/3 → 0. Zone 3: 1/7 → 14.

const a1 = resource({ name: 'oai-claims-a1', sub: SUB_A, zone: 1, owner: 'dana.ortiz@contoso.com' });
const a2 = resource({ name: 'oai-claims-a2', sub: SUB_A, zone: 1 });
const b1 = resource({ name: 'oai-sbx-b1', sub: SUB_B, zone: 3, rg: 'rg-sbx' });
const b2 = resource({ name: 'ais-sbx-b2', sub: SUB_B, zone: 3, rg: 'rg-sbx', kind: 'ai-services' });
const c1 = resource({ name: 'claims-agent-c1', sub: SUB_C, zone: 2, kind: 'bedrock', cloud: 'AWS', rg: 'rg-aws' });
const ghost: AiResource = { ...resource({ name: 'gone', sub: SUB_A }), id: resourceId('/subscriptions/x/gone') };

function findings(overrides: { c1?: Partial<Finding>; b1Network?: Partial<Finding> } = {}): Finding[] {
  return [
    finding({ on: a1, key: KEY_CONTENT_FILTER, severity: 'High', status: 'Healthy' }),
    finding({ on: a1, key: KEY_LOCAL_AUTH, severity: 'Medium' }),
    finding({ on: a1, key: KEY_DIAGNOSTICS, severity: 'Low', status: 'NotApplicable' }),
    finding({ on: a1, key: KEY_NETWORK, severity: 'Medium', cause: 'Exempt' }),
    finding({ on: a2, key: KEY_LOCAL_AUTH, severity: 'Medium', status: 'Healthy' }),
    finding({ on: a2, key: KEY_DIAGNOSTICS, severity: 'Low' }),
    finding({ on: b1, key: KEY_CONTENT_FILTER, severity: 'High' }),
    { ...finding({ on: b1, key: KEY_NETWORK, severity: 'High' }), ...overrides.b1Network },
    finding({ on: b1, key: KEY_DIAGNOSTICS, severity: 'Low', status: 'Healthy' }),
    finding({ on: b2, key: KEY_LOCAL_AUTH, severity: 'Medium', status: 'NotApplicable' }),
    { ...finding({ on: c1, key: KEY_LOCAL_AUTH, severity: 'Medium' }), ...overrides.c1 },
    finding({ on: ghost, key: KEY_DIAGNOSTICS, severity: 'Low' }),
  ];
}

const secureScores: SecureScore[] = [{ subscriptionId: SUB_A, current: 36.6, max: 66, percentage: 0.5545 }];
const spec = (f = findings(), takenAt?: string): SnapshotSpec => ({
  resources: [a1, a2, b1, b2, c1],
  findings: f,
  secureScores,
  takenAt,
});

const estate = estateOf(spec());
const vocab = vocabularyOf(estate);
const posture = (args = '') => postureOf(estate, parseFilters(args, vocab));

describe('postureOf', () => {
  it('scores the severity-weighted share of passing assessments, leaving out not applicable and exempt', () => {
    const r = posture();
    expect(r.overall.score).toBe(33);
    expect(r.overall.assessed).toBe(9);
    expect(r.overall.healthy).toBe(3);
    expect(r.overall.openBySeverity).toEqual({ High: 2, Medium: 2, Low: 2 });
    expect(r.overall.open).toBe(6);
    expect(r.overall.critical).toBe(2);
    expect(r.overall.resources).toBe(5);
  });

  it('breaks the figures down by zone, in zone order', () => {
    const zones = posture().zones.map((z) => [z.zone, z.name, z.score, z.openBySeverity, z.resources]);
    expect(zones).toEqual([
      [1, 'Baseline', 63, { High: 0, Medium: 1, Low: 1 }, 2],
      [2, 'Recommended', 0, { High: 0, Medium: 1, Low: 1 }, 1],
      [3, 'Regulated', 14, { High: 2, Medium: 0, Low: 0 }, 2],
    ]);
  });

  it('lists subscriptions with the most to fix first, with Defender’s secure score alongside', () => {
    const subs = posture().subscriptions;
    expect(subs.map((s) => [s.name, s.score, s.open, s.openWeight])).toEqual([
      ['Research Sandbox', 14, 2, 6],
      ['Claims Production', 63, 2, 3],
      ['Multicloud Connectors', 0, 1, 2],
    ]);
    expect(subs[1]?.secureScore?.percentage).toBe(0.5545);
    expect(subs[0]?.secureScore).toBeNull();
  });

  it('names the worst offenders by weighted open findings, ties broken by critical count then name', () => {
    expect(posture().worst.map((o) => [o.resource.resource.name, o.openWeight, o.critical])).toEqual([
      ['oai-sbx-b1', 6, 2],
      ['claims-agent-c1', 2, 0],
      ['oai-claims-a1', 2, 0],
      ['oai-claims-a2', 1, 0],
    ]);
    expect(postureOf(estate, parseFilters('', vocab), { worst: 2 }).worst).toHaveLength(2);
  });

  it('counts only the zone asked for', () => {
    const z3 = posture('zone 3');
    expect(z3.overall.score).toBe(14);
    expect(z3.overall.resources).toBe(2);
    expect(z3.zones.map((z) => z.zone)).toEqual([3]);
    expect(z3.subscriptions.map((s) => s.name)).toEqual(['Research Sandbox']);
    // The orphan assessment sits in the default zone and is counted there.
    expect(posture('zone 2').overall.openBySeverity).toEqual({ High: 0, Medium: 1, Low: 1 });
  });

  it('leaves findings without an inventoried resource out of resource-level scopes', () => {
    const aws = posture('aws');
    expect(aws.overall.open).toBe(1);
    expect(aws.overall.score).toBe(0);
    expect(posture('owner dana').overall.score).toBe(60);
  });

  it('narrows the assessments to the severities asked for', () => {
    const high = posture('high');
    expect(high.severities).toEqual(['High']);
    expect(high.overall.score).toBe(33); // 3 of 9
    expect(high.overall.openBySeverity).toEqual({ High: 2, Medium: 0, Low: 0 });
  });

  it('has no score (not 0) when nothing in scope is assessed', () => {
    const none = posture('ai services');
    expect(none.overall.resources).toBe(1);
    expect(none.overall.score).toBeNull();
    expect(scoreOf(emptyTally())).toBeNull();
  });
});

describe('pickBaseline', () => {
  const now = new Date('2026-11-23T10:42:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

  it('takes the newest snapshot at least a week older than the current one', () => {
    const b = pickBaseline(
      [
        { id: 5, takenAt: ago(0) },
        { id: 4, takenAt: ago(3) },
        { id: 3, takenAt: ago(8) },
        { id: 2, takenAt: ago(10) },
      ],
      now,
    );
    expect(b).toEqual({ id: 3, takenAt: new Date(ago(8)), kind: 'week' });
    expect(pickBaseline([{ id: 1, takenAt: ago(7) }], now)?.kind).toBe('week');
  });

  it('falls back to the oldest older snapshot, and to nothing without history', () => {
    expect(
      pickBaseline(
        [
          { id: 3, takenAt: ago(0) },
          { id: 2, takenAt: ago(1) },
          { id: 1, takenAt: ago(3) },
        ],
        now,
      ),
    ).toEqual({ id: 1, takenAt: new Date(ago(3)), kind: 'since' });
    expect(pickBaseline([{ id: 3, takenAt: ago(0) }], now)).toBeNull();
    expect(pickBaseline([{ id: 9, takenAt: ago(-1) }], now)).toBeNull();
    expect(pickBaseline([], now, WEEK_MS)).toBeNull();
  });
});

describe('trendOf', () => {
  const baseline: Baseline = { id: 1, takenAt: new Date('2026-11-15T10:00:00Z'), kind: 'week' };
  // A week ago c1 and b1's network finding were healthy: 11 of 18 → 61, and zone 3 was 4 of 7 → 57.
  const before = estateOf(spec(findings({ c1: { status: 'Healthy' }, b1Network: { status: 'Healthy' } })));
  const previous = postureOf(before, parseFilters('', vocabularyOf(before)));

  it('says how the score and open findings moved, and which way', () => {
    const t = trendOf(posture(), previous, baseline);
    expect(t.score).toEqual({ from: 61, to: 33, delta: -28 });
    expect(t.open).toEqual({ from: 4, to: 6, delta: 2 });
    expect(t.openBySeverity.High).toEqual({ from: 1, to: 2, delta: 1 });
    expect(t.direction).toBe('worse');
    expect(t.arrow).toBe('▼');
    expect(t.zones.get(3)).toEqual({ from: 57, to: 14, delta: -43 });
    expect(t.zones.get(1)?.delta).toBe(0);
  });

  it('points up when things got better and sideways when nothing moved', () => {
    const up = trendOf(previous, posture(), baseline);
    expect([up.direction, up.arrow, up.score.delta]).toEqual(['better', '▲', 28]);
    const same = trendOf(posture(), posture(), baseline);
    expect([same.direction, same.arrow, same.score.delta]).toEqual(['same', '▶', 0]);
  });

  it('reads as a sentence on the card', () => {
    const t = trendOf(posture(), previous, baseline);
    expect(trendText(t, 'UTC')).toBe('▼ −28 since last week (15 Nov): score 61 → 33 · open findings 4 → 6 (+2)');
    expect(trendText({ ...t, baseline: { ...baseline, kind: 'since' } }, 'UTC')).toMatch(/^▼ −28 since 15 Nov:/);
    expect(trendText(trendOf(posture(), posture(), baseline), 'UTC')).toBe(
      '▶ score unchanged since last week (15 Nov): open findings 6 (±0)',
    );
    expect(trendText(null, 'UTC')).toMatch(/^No history yet/);
  });
});

describe('score text', () => {
  it('draws a ten-cell bar and signs deltas', () => {
    expect(scoreBar(62)).toBe('▇▇▇▇▇▇▁▁▁▁');
    expect(scoreBar(0)).toBe('▁'.repeat(10));
    expect(scoreBar(100)).toBe('▇'.repeat(10));
    expect(scoreBar(null)).toBe('·'.repeat(10));
    expect([signed(4), signed(-3), signed(0), signed(null)]).toEqual(['+4', '−3', '±0', '']);
  });
});

describe('the posture card at 100× scale', () => {
  // 200 subscriptions × 33 resources ≈ 6,600 AI resources with three assessments each.
  const subs = Array.from({ length: 200 }, (_, i) => ({
    id: subscriptionId(`${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`),
    name: `Contoso Subscription ${String(i).padStart(3, '0')} - Production`,
    tags: { 'ai-zone': String((i % 3) + 1) },
  }));
  const resources = subs.flatMap((s, i) =>
    Array.from({ length: 33 }, (_, j) => resource({ name: `oai-${i}-${j}`, sub: s.id })),
  );
  const big = new Estate(
    snapshot({
      subscriptions: subs,
      resources,
      findings: resources.flatMap((r, i) => [
        finding({ on: r, key: KEY_LOCAL_AUTH, severity: 'Medium', status: i % 2 ? 'Healthy' : 'Unhealthy' }),
        finding({ on: r, key: KEY_CONTENT_FILTER, severity: 'High', status: i % 5 ? 'Healthy' : 'Unhealthy' }),
        finding({ on: r, key: KEY_DIAGNOSTICS, severity: 'Low', status: i % 3 ? 'Unhealthy' : 'Healthy' }),
      ]),
    }),
    { zones: ZONES, policy: DEFAULT_POLICY },
  );
  const report = postureOf(big, parseFilters('', vocabularyOf(big)));

  it('adds every resource up once', () => {
    expect(report.overall.resources).toBe(6600);
    expect(report.overall.assessed).toBe(6600 * 3);
    expect(report.subscriptions).toHaveLength(200);
    expect(report.worst).toHaveLength(5);
  });

  it('pages the subscription table and stays under the Teams size limit, chart fallback included', () => {
    const base = {
      report,
      trend: null,
      labels: [],
      ignored: [],
      notes: [],
      scopeArgs: '',
      freshness: 'Data as of 10:42 UTC',
      timeZone: 'UTC',
    };
    for (const page of [0, 19]) {
      const card = postureCard({ ...base, page: { query: 'posture', page, pageSize: 10 } });
      expectValidCard(card);
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      expect(cardText(card)).toContain(`Showing ${page * 10 + 1}–${page * 10 + 10} of 200`);
    }
    const first = postureCard({ ...base, page: { query: 'posture', page: 0, pageSize: 10 } });
    const chart = first.body.find((e) => (e as { type: string }).type === 'Chart.VerticalBar') as {
      fallback: { type: string; text: string };
    };
    expect(chart.fallback.type).toBe('TextBlock');
    expect(chart.fallback.text).toMatch(/^Zone 1 [▇▁]{10} \d+/);
  });
});

describe('the posture card on an empty scope', () => {
  it('says nothing matches and draws no chart', () => {
    const report = posture('zone 3 aws');
    expect(report.overall.resources).toBe(0);
    const card = postureCard({
      report,
      trend: null,
      labels: ['zone 3', 'AWS'],
      ignored: ['frobnicate'],
      notes: [],
      scopeArgs: 'zone 3 aws frobnicate',
      page: { query: 'posture zone 3 aws frobnicate', page: 0, pageSize: 10 },
      freshness: 'Data as of 10:42 UTC',
      timeZone: 'UTC',
    });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('No AI resource matches zone 3 · AWS.');
    expect(text).toContain('I ignored: frobnicate');
    expect(card.body.some((e) => (e as { type: string }).type.startsWith('Chart.'))).toBe(false);
    expect(card.actions).toContainEqual(
      expect.objectContaining({ title: 'Findings', data: { query: 'findings zone 3 aws frobnicate', page: 0 } }),
    );
  });
});
