// The leader digest: its figures over a small hand-built estate and occurrence list, worked out by hand in the
// comments below; the edge cases (nothing to measure is null, never NaN; a zone with nothing in it; the
// period's bounds); and the digest card, checked by the real Adaptive Cards parser, read as text, in the
// leader's time zone, and on the 100× demo estate.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoDigestFixture, demoDigestFixture, digestInputOf } from '../bench/digest.js';
import { digestCard, percentText, periodText } from '../cards/digest.js';
import { cardBytes, MAX_CARD_BYTES } from '../cards/render.js';
import { cardToText } from '../cards/text.js';
import {
  computeDigest,
  type Digest,
  type DigestAnomalyInput,
  type DigestInput,
  type DigestOccurrence,
  digestScore,
} from '../posture/digest.js';
import { Estate } from '../posture/estate.js';
import type { Finding, Zone } from '../posture/model.js';
import type { AnomalyRecord } from '../store/anomalies.js';
import type { FindingRecord } from '../store/findings.js';
import { cardText, expectValidCard } from './support/cards.js';
import {
  attackPath,
  estateOf,
  finding,
  KEY_CONTENT_FILTER,
  KEY_DIAGNOSTICS,
  KEY_LOCAL_AUTH,
  KEY_NETWORK,
  resource,
  SUB_B,
} from './support/score-fixtures.js';

const HOUR = 3_600_000;
/** The period: Mon 16 Nov 10:42 UTC → Mon 23 Nov 10:42 UTC, and `now` is its end. */
const S = Date.parse('2026-11-16T10:42:00Z');
const E = S + 168 * HOUR;
/** `n` hours after the period start, as an ISO instant. */
const h = (n: number) => new Date(S + n * HOUR).toISOString();
const PERIOD = { start: new Date(S), end: new Date(E) };
const NOW = new Date(E);

// ---- the estates ------------------------------------------------------------------------------
//
// Zone 3: oai-claims, findings A (High), B (Medium), C (Low). Zone 2: oai-research, D (Medium), E (Low).
// Zone 1: nothing at all. Weights High 3 · Medium 2 · Low 1; score = round(100 × healthy weight / weight).
//
//                 at the period start (previous)        now (current)
// zone 3          A open · B Healthy · C open            A open (again, since h72) · B Healthy · C Healthy
//                 healthy 2 of 6 → 33                    healthy 3 of 6 → 50            delta +17
// zone 2          D Healthy · E Healthy → 100            D open (since h96) · E Healthy → 1 of 3 → 33   delta −67
// all             healthy 5 of 9 → 56                    healthy 4 of 9 → 44            delta −12
// open            zone 3: 2 → 1, zone 2: 0 → 1, all 2 → 2; critical (High is critical): zone 3 1 → 1, all 1 → 1
//
// Overdue now: A is critical in zone 3 → SLA min(72 h, 7 d) = 72 h from h72 → due h144 < now (h168): overdue.
// D is Medium in zone 2 → 60 days: not due. So overdue: zone 3 1 (1 critical), zone 2 0, all 1 (1 critical).

const claims = resource({ name: 'oai-claims', zone: 3 });
const research = resource({ name: 'oai-research', zone: 2, sub: SUB_B, rg: 'rg-research' });

const at = (f: Finding, since: string): Finding => ({ ...f, statusChangeDate: since, firstEvaluationDate: since });
const A = (status: Finding['status'], since: string) =>
  at(finding({ on: claims, key: KEY_LOCAL_AUTH, severity: 'High', status }), since);
const B = (status: Finding['status']) => finding({ on: claims, key: KEY_NETWORK, severity: 'Medium', status });
const C = (status: Finding['status']) => finding({ on: claims, key: KEY_DIAGNOSTICS, severity: 'Low', status });
const D = (status: Finding['status'], since = h(-500)) =>
  at(finding({ on: research, key: KEY_CONTENT_FILTER, severity: 'Medium', status }), since);
const Ef = (status: Finding['status']) => finding({ on: research, key: KEY_DIAGNOSTICS, severity: 'Low', status });

// Attack paths: p1 (High) reaches oai-claims, at both times; p2 (Critical) reaches oai-research and oai-claims,
// new this period. Top, most severe first: p2, p1. Zone 3: 2 (1 new); zone 2: 1 (1 new, p2); zone 1: none.
const p1 = attackPath('p1', [claims]);
const p2 = { ...attackPath('p2', [research, claims]), riskLevel: 'Critical' as const };

const previous = estateOf({
  takenAt: h(0),
  resources: [claims, research],
  findings: [A('Unhealthy', h(-48)), B('Healthy'), C('Unhealthy'), D('Healthy'), Ef('Healthy')],
  attackPaths: [p1],
});
const current = estateOf({
  takenAt: h(168),
  resources: [claims, research],
  findings: [A('Unhealthy', h(72)), B('Healthy'), C('Healthy'), D('Unhealthy', h(96)), Ef('Healthy')],
  attackPaths: [p1, p2],
});

// ---- the occurrences Vigil tracked --------------------------------------------------------------
//
// Period [h0, h168). began = unhealthySince, else firstSeenAt. MTTA = acknowledged − first seen; MTTR =
// resolved − began. SLA: measured when resolved in the period, or due in [h0, now) and not resolved before h0;
// met when resolved at or before due. Risk-accepted and false-positive ones are not measured.
//
// zone 3
//  o1  High crit, began h-48, seen h-47, ack h-46, resolved h10, due h24  → resolved (MTTR 58 h), SLA met; ack before the period
//  o2  Medium,    began h2,   seen h3,   ack h5,   resolved h50, due h722 → new; resolved (MTTR 48 h); MTTA 2 h; SLA met
//  o3  High crit, began h72,  seen h73,  ack h79,  open,         due h144 → new critical; MTTA 6 h; SLA missed (due, unresolved)
//  o4  High crit, began h1,   risk-accepted,                     due h73  → new critical; not measured for SLA
//  o5  Low,       began h-200, resolved h30,                     due h-10 → resolved (MTTR 230 h); SLA missed (late)
//  o12 Medium,    began h160, ack h170 (after the period)                 → new; the acknowledgement is next period's
//  o13 Medium,    began h168 (the period's end: next period's)            → nothing
//  new 4 (2 critical) · resolved 3 · SLA 2 of 4 = 50 % · MTTA (2 + 6) / 2 = 4 h · MTTR (58 + 48 + 230) / 3 = 112 h
//
// zone 2
//  o6  Medium, began h96, seen h96, ack h97, open, due h1536              → new; MTTA 1 h
//  o7  Medium, no unhealthySince, seen h20, resolved h26, due h1460       → new (from first seen); resolved (MTTR 6 h); SLA met
//  o8  false positive, began h-100, due h50                               → not measured
//  o9  snoozed, began h-500, due h150                                     → SLA missed (snoozing does not stop the clock)
//  o10 began h-300, resolved h-5 (before the period), due h40             → nothing: measured in an earlier period
//  o11 Low, began h10, seen h10, ack h13, resolved h40, due h2890         → new; resolved (MTTR 30 h); MTTA 3 h; SLA met
//  new 3 (0 critical) · resolved 2 · SLA 2 of 3 = 66.67 % · MTTA (1 + 3) / 2 = 2 h · MTTR (6 + 30) / 2 = 18 h
//
// all zones: new 7 (2 critical) · resolved 5 · SLA 4 of 7 = 57.14 % · MTTA (2 + 6 + 1 + 3) / 4 = 3 h ·
//            MTTR (58 + 48 + 230 + 6 + 30) / 5 = 372 / 5 = 74.4 h

function occ(zone: Zone, o: Partial<DigestOccurrence> & { began: string | null; seen?: string }): DigestOccurrence {
  const { began, seen, ...rest } = o;
  return {
    zone,
    severity: 'Medium',
    critical: false,
    state: 'open',
    firstSeenAt: seen ?? began ?? h(0),
    acknowledgedAt: null,
    resolvedAt: null,
    dueAt: null,
    unhealthySince: began,
    ...rest,
  };
}

const occurrences: DigestOccurrence[] = [
  occ(3, {
    began: h(-48),
    seen: h(-47),
    acknowledgedAt: h(-46),
    resolvedAt: h(10),
    dueAt: h(24),
    state: 'resolved',
    severity: 'High',
    critical: true,
  }),
  occ(3, { began: h(2), seen: h(3), acknowledgedAt: h(5), resolvedAt: h(50), dueAt: h(722), state: 'resolved' }),
  occ(3, {
    began: h(72),
    seen: h(73),
    acknowledgedAt: h(79),
    dueAt: h(144),
    state: 'acknowledged',
    severity: 'High',
    critical: true,
  }),
  occ(3, { began: h(1), dueAt: h(73), state: 'risk-accepted', severity: 'High', critical: true }),
  occ(3, { began: h(-200), seen: h(-199), resolvedAt: h(30), dueAt: h(-10), state: 'resolved', severity: 'Low' }),
  occ(3, { began: h(160), seen: h(161), acknowledgedAt: h(170), dueAt: h(880), state: 'acknowledged' }),
  occ(3, { began: h(168), dueAt: h(888) }),
  occ(2, { began: h(96), acknowledgedAt: h(97), dueAt: h(1536), state: 'acknowledged' }),
  occ(2, { began: null, seen: h(20), resolvedAt: h(26), dueAt: h(1460), state: 'resolved' }),
  occ(2, { began: h(-100), seen: h(-99), dueAt: h(50), state: 'false-positive' }),
  occ(2, { began: h(-500), seen: h(-499), dueAt: h(150), state: 'snoozed' }),
  occ(2, { began: h(-300), seen: h(-299), resolvedAt: h(-5), dueAt: h(40), state: 'resolved' }),
  occ(2, {
    began: h(10),
    acknowledgedAt: h(13),
    resolvedAt: h(40),
    dueAt: h(2890),
    state: 'resolved',
    severity: 'Low',
  }),
];

// ---- prompt-volume anomalies ------------------------------------------------------------------------
//
// In the period when the window overlaps [h0, h168). Top: bursts before drops, by peak ÷ expected peak.
//  a1 zone 3 burst h30–h31, 900 vs 100 (×9), escalated      a2 zone 3 drop h100–h104 (expected 50), open
//  a3 zone 2 burst h60–h61, 300 vs 100 (×3), expected       a4 zone 2 burst h-30–h-20: before the period
//  a5 zone 2 burst h-1–h1, 200 vs 100 (×2), acknowledged    a6 zone 3 burst from h168: next period's
// all: 4 (3 bursts, 1 drop, 1 escalated, 1 expected), top a1, a3, a5; zone 3: a1, a2; zone 2: a3, a5.

function anomaly(name: string, zone: Zone, from: number, to: number, a: Partial<DigestAnomalyInput> = {}) {
  return {
    resourceName: name,
    zone,
    kind: 'spike' as const,
    windowStart: h(from),
    windowEnd: h(to),
    peak: 100,
    peakExpected: 100,
    state: 'open' as const,
    ...a,
  };
}

const anomalies: DigestAnomalyInput[] = [
  anomaly('oai-claims', 3, 30, 31, { peak: 900, state: 'escalated' }),
  anomaly('oai-claims', 3, 100, 104, { kind: 'drop', peak: 0, peakExpected: 50 }),
  anomaly('oai-research', 2, 60, 61, { peak: 300, state: 'expected' }),
  anomaly('oai-research', 2, -30, -20, { peak: 5000 }),
  anomaly('oai-research', 2, -1, 1, { peak: 200, state: 'acknowledged' }),
  anomaly('oai-claims', 3, 168, 169, { peak: 10_000 }),
];

// ---- the score trend the lead passes -------------------------------------------------------------
// h48 and h120 kept; h-50 is before the period (dropped); h168 is the current snapshot's instant, whose own
// score (computed from the estate) wins over the point given.
const scoreTrend = [
  { at: h(48), score: 50, byZone: { 1: null, 2: 90, 3: 40 } },
  { at: h(-50), score: 10, byZone: { 1: null, 2: 10, 3: 10 } },
  { at: h(120), score: 46, byZone: { 1: null, 2: 40, 3: 50 } },
  { at: h(168), score: 0, byZone: { 1: null, 2: 0, 3: 0 } },
];

const input: DigestInput = { now: NOW, period: PERIOD, current, previous, scoreTrend, occurrences, anomalies };
const digest = computeDigest(input);
const zone = (d: Digest, z: Zone) => d.zones.find((x) => x.zone === z)!;

describe('digest figures over a hand-built week', () => {
  it('scores the estate now and at the period start, per zone', () => {
    expect(digest.all.score).toEqual({ from: 56, to: 44, delta: -12 });
    expect(zone(digest, 3).score).toEqual({ from: 33, to: 50, delta: 17 });
    expect(zone(digest, 2).score).toEqual({ from: 100, to: 33, delta: -67 });
    expect(zone(digest, 1).score).toEqual({ from: null, to: null, delta: null });
    expect(digest.all.open).toEqual({ from: 2, to: 2, delta: 0 });
    expect(zone(digest, 3).open).toEqual({ from: 2, to: 1, delta: -1 });
    expect(zone(digest, 2).open).toEqual({ from: 0, to: 1, delta: 1 });
    expect(digest.all.openCritical).toEqual({ from: 1, to: 1, delta: 0 });
    expect(digestScore(current)).toEqual({ score: 44, byZone: { 1: null, 2: 33, 3: 50 } });
  });

  it('counts new, resolved and overdue findings', () => {
    expect([digest.all.newFindings, digest.all.newCritical, digest.all.resolved]).toEqual([7, 2, 5]);
    expect([zone(digest, 3).newFindings, zone(digest, 3).newCritical, zone(digest, 3).resolved]).toEqual([4, 2, 3]);
    expect([zone(digest, 2).newFindings, zone(digest, 2).newCritical, zone(digest, 2).resolved]).toEqual([3, 0, 2]);
    expect([digest.all.overdue, digest.all.overdueCritical]).toEqual([1, 1]);
    expect([zone(digest, 3).overdue, zone(digest, 2).overdue]).toEqual([1, 0]);
  });

  it('measures SLA compliance: resolved by the due date, of those resolved or due in the period', () => {
    expect(zone(digest, 3).sla).toEqual({ met: 2, measured: 4, percent: 50 });
    expect(zone(digest, 2).sla.met).toBe(2);
    expect(zone(digest, 2).sla.measured).toBe(3);
    expect(zone(digest, 2).sla.percent).toBeCloseTo(66.667, 2);
    expect(digest.all.sla.met).toBe(4);
    expect(digest.all.sla.measured).toBe(7);
    expect(digest.all.sla.percent).toBeCloseTo(57.143, 2);
  });

  it('averages time to acknowledge and to remediate over the events in the period', () => {
    expect(zone(digest, 3).mtta).toEqual({ meanMs: 4 * HOUR, count: 2 });
    expect(zone(digest, 3).mttr).toEqual({ meanMs: 112 * HOUR, count: 3 });
    expect(zone(digest, 2).mtta).toEqual({ meanMs: 2 * HOUR, count: 2 });
    expect(zone(digest, 2).mttr).toEqual({ meanMs: 18 * HOUR, count: 2 });
    expect(digest.all.mtta).toEqual({ meanMs: 3 * HOUR, count: 4 });
    expect(digest.all.mttr.count).toBe(5);
    expect(digest.all.mttr.meanMs).toBeCloseTo(74.4 * HOUR, 0);
  });

  it('ranks attack paths, most severe first, and marks the new ones', () => {
    expect(digest.all.attackPaths.total).toBe(2);
    expect(digest.all.attackPaths.new).toBe(1);
    expect(digest.all.attackPaths.top.map((p) => [p.id, p.riskLevel, p.isNew, p.zones])).toEqual([
      ['p2', 'Critical', true, [2, 3]],
      ['p1', 'High', false, [3]],
    ]);
    expect(digest.all.attackPaths.top[0]?.aiResources).toEqual(['oai-research', 'oai-claims']);
    expect(zone(digest, 3).attackPaths).toMatchObject({ total: 2, new: 1 });
    expect(zone(digest, 2).attackPaths.top.map((p) => p.id)).toEqual(['p2']);
    expect(zone(digest, 1).attackPaths).toEqual({ total: 0, new: 0, top: [] });
  });

  it('counts the prompt-volume anomalies overlapping the period and ranks bursts first', () => {
    const a = digest.all.anomalies;
    expect([a.total, a.spikes, a.drops, a.escalated, a.expected]).toEqual([4, 3, 1, 1, 1]);
    expect(a.top.map((x) => [x.resourceName, x.timesNormal])).toEqual([
      ['oai-claims', 9],
      ['oai-research', 3],
      ['oai-research', 2],
    ]);
    expect(zone(digest, 3).anomalies.top.map((x) => x.kind)).toEqual(['spike', 'drop']);
    expect(zone(digest, 2).anomalies.total).toBe(2);
  });

  it('draws the trend from the previous estate, the points in the period and the current estate', () => {
    expect(digest.trend.map((p) => [p.at, p.score, p.byZone[2], p.byZone[3]])).toEqual([
      [h(0), 56, 100, 33],
      [h(48), 50, 90, 40],
      [h(120), 46, 40, 50],
      [h(168), 44, 33, 50],
    ]);
    expect(digest.covers).toEqual([1, 2, 3]);
    expect(digest.baselineAt?.toISOString()).toBe(h(0));
  });

  it('leaves a zone with nothing in it at zero counts and null figures', () => {
    const z1 = zone(digest, 1);
    expect(z1.name).toBe('Baseline');
    expect([z1.newFindings, z1.resolved, z1.overdue, z1.anomalies.total]).toEqual([0, 0, 0, 0]);
    expect(z1.sla).toEqual({ met: 0, measured: 0, percent: null });
    expect(z1.mtta).toEqual({ meanMs: null, count: 0 });
    expect(z1.mttr).toEqual({ meanMs: null, count: 0 });
    expect(z1.open).toEqual({ from: 0, to: 0, delta: 0 });
  });

  it('takes store records as they are', () => {
    // A compile-time check as much as a test: FindingRecord and AnomalyRecord fit the digest's input types.
    const fromStore = (
      findings: FindingRecord[],
      episodes: AnomalyRecord[],
    ): Pick<DigestInput, 'occurrences' | 'anomalies'> => ({
      occurrences: findings,
      anomalies: episodes,
    });
    expect(fromStore([], [])).toEqual({ occurrences: [], anomalies: [] });
  });
});

describe('digest edge cases', () => {
  it('has nulls, never NaN, when there is nothing to measure and no earlier snapshot', () => {
    const d = computeDigest({ now: NOW, period: PERIOD, current, previous: null, occurrences: [], anomalies: [] });
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
    expect(d.all.sla).toEqual({ met: 0, measured: 0, percent: null });
    expect(d.all.mtta).toEqual({ meanMs: null, count: 0 });
    expect(d.all.mttr).toEqual({ meanMs: null, count: 0 });
    expect(d.all.score).toEqual({ from: null, to: 44, delta: null });
    expect(d.all.open).toEqual({ from: null, to: 2, delta: null });
    expect(d.all.attackPaths.new).toBeNull();
    expect(d.all.attackPaths.top.every((p) => !p.isNew)).toBe(true);
    expect(d.baselineAt).toBeNull();
    expect(d.trend.map((p) => p.at)).toEqual([h(168)]);
    expect([d.all.newFindings, d.all.resolved, d.all.anomalies.total]).toEqual([0, 0, 0]);
    expect(d.all.overdue).toBe(1);
  });

  it('has no score at all for an empty estate', () => {
    const empty = estateOf({ takenAt: h(168), resources: [], findings: [] });
    const d = computeDigest({
      now: NOW,
      period: PERIOD,
      current: empty,
      previous: empty,
      occurrences: [],
      anomalies: [],
    });
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
    expect(d.all.score).toEqual({ from: null, to: null, delta: null });
    expect(d.all.open).toEqual({ from: 0, to: 0, delta: 0 });
    expect(d.all.attackPaths).toEqual({ total: 0, new: 0, top: [] });
  });

  it('counts an event at the period start and leaves one at its end to the next period', () => {
    const edge = [
      occ(3, { began: h(0), acknowledgedAt: h(0), resolvedAt: h(0), dueAt: h(0), state: 'resolved' }),
      occ(3, { began: h(168), seen: h(168), acknowledgedAt: h(168), resolvedAt: h(168), state: 'resolved' }),
    ];
    const d = computeDigest({ ...input, occurrences: edge, anomalies: [] });
    expect([d.all.newFindings, d.all.resolved, d.all.mtta.count, d.all.mttr.count]).toEqual([1, 1, 1, 1]);
    expect(d.all.sla).toEqual({ met: 1, measured: 1, percent: 100 });
  });

  it('does not judge an SLA that has not ended by now, even inside the period', () => {
    // A period still running: due at h100, now at h90.
    const due = [occ(2, { began: h(-10), dueAt: h(100) })];
    const d = computeDigest({ ...input, now: new Date(S + 90 * HOUR), occurrences: due, anomalies: [] });
    expect(d.all.sla.measured).toBe(0);
    const later = computeDigest({ ...input, now: new Date(S + 101 * HOUR), occurrences: due, anomalies: [] });
    expect(later.all.sla).toEqual({ met: 0, measured: 1, percent: 0 });
  });

  it('covers only the zones asked for: a daily zone 3 digest', () => {
    const d = computeDigest({ ...input, zones: [3] });
    expect(d.covers).toEqual([3]);
    expect(d.zones.map((z) => z.zone)).toEqual([3]);
    expect(d.all.score).toEqual(zone(digest, 3).score);
    expect([d.all.newFindings, d.all.resolved, d.all.overdue]).toEqual([4, 3, 1]);
    expect(d.all.sla).toEqual({ met: 2, measured: 4, percent: 50 });
    expect(d.all.attackPaths.total).toBe(2);
    expect(d.all.anomalies.top.map((a) => a.zone)).toEqual([3, 3]);
    // The trend keeps the whole estate's score, as the given points carry it.
    expect(d.trend[d.trend.length - 1]?.score).toBe(44);
  });
});

describe('the digest card', () => {
  const base = { cadence: 'weekly' as const, freshness: 'Data as of 23 Nov 10:42 UTC' };

  it('is a valid Adaptive Card that shows the figures, per zone', () => {
    const card = digestCard({ ...base, digest, timeZone: 'UTC' });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Weekly AI posture digest');
    // The headline: score, new, resolved, overdue, SLA 4 of 7 (57.1 %, rounded down), MTTA 3 h, MTTR 74.4 h.
    for (const s of ['44', '−12 in the period', '57.1%', '4 of 7', '3 h', '3 d 2 h', 'Overdue now'])
      expect(text).toContain(s);
    expect(text).toContain('Zone 3 · Regulated');
    expect(text).toContain('score 50 (+17)');
    expect(text).toContain('50% (2 of 4)');
    expect(text).toContain('4 h (2) · 4 d 16 h (3)');
    expect(text).toContain('66.6% (2 of 3)');
    expect(text).toContain('No AI resources, findings or prompt anomalies in this zone.');
    expect(text).toContain('Attack paths to AI: 2 (1 new)');
    expect(text).toContain('Prompt-volume anomalies: 4 (1 escalated, 1 marked expected, 1 drop to zero)');
    expect(text).toContain('burst ×9.0 normal (peak 900 vs ~100 expected)');
    expect(text).toContain('Data as of 23 Nov 10:42 UTC');
  });

  it('draws the score trend as a line with a text fallback, and offers follow-up questions', () => {
    const card = digestCard({ ...base, digest, timeZone: 'UTC' });
    const line = card.body.find((e) => (e as { type: string }).type === 'Chart.Line') as {
      data: { legend: string; values: { x: string; y: number }[] }[];
    };
    expect(line.data.map((s) => s.legend)).toEqual(['All zones', 'Zone 2', 'Zone 3']);
    expect(line.data[0]?.values).toEqual([
      { x: 'Mon 16 Nov', y: 56 },
      { x: 'Wed 18 Nov', y: 50 },
      { x: 'Sat 21 Nov', y: 46 },
      { x: 'Mon 23 Nov', y: 44 },
    ]);
    const text = cardToText(card);
    expect(text).toMatch(/All zones [▁▂▃▄▅▆▇█]{4} 56 → 44/);
    expect(text).toMatch(/Zone 2 {4}[▁▂▃▄▅▆▇█]{4} 100 → 33/);
    expect(text).toContain('[Posture] [Overdue] [Attack paths]');
    const verbs = (card.actions as { verb: string; data: { query: string } }[]).map((a) => [a.verb, a.data.query]);
    expect(verbs).toEqual([
      ['vigil.page', 'posture'],
      ['vigil.page', 'overdue'],
      ['vigil.page', 'attack paths'],
    ]);
  });

  it('falls back to bars per zone without a trend', () => {
    const d = computeDigest({ ...input, previous: null, scoreTrend: [] });
    const card = digestCard({ ...base, digest: d, timeZone: 'UTC' });
    expectValidCard(card);
    expect(card.body.some((e) => (e as { type: string }).type === 'Chart.Line')).toBe(false);
    expect(cardToText(card)).toContain('Zone 3 ▇▇▇▇▇▁▁▁▁▁ 50');
    expect(cardToText(card)).toContain('No snapshot from the start of the period');
  });

  it('says so plainly when there is nothing at all', () => {
    const empty = estateOf({ takenAt: h(168), resources: [], findings: [] });
    const d = computeDigest({
      now: NOW,
      period: PERIOD,
      current: empty,
      previous: null,
      occurrences: [],
      anomalies: [],
    });
    const card = digestCard({ ...base, digest: d, timeZone: 'UTC' });
    expectValidCard(card);
    expect(card.body.some((e) => (e as { type: string }).type.startsWith('Chart.'))).toBe(false);
    const text = cardToText(card);
    for (const s of ['nothing resolved or due', 'no acknowledgements', 'Attack paths to AI: none'])
      expect(text).toContain(s);
    expect(text).toContain('Prompt-volume anomalies: none');
    expect(text.match(/No AI resources, findings or prompt anomalies in this zone\./g)).toHaveLength(3);
    expect(text).not.toMatch(/NaN|undefined|null/);
  });

  it("shows the period in the leader's own time zone", () => {
    expect(periodText(digest, 'Europe/Paris')).toBe('Mon 16 Nov 11:42 – Mon 23 Nov 11:42 · Europe/Paris time');
    expect(periodText(digest, 'America/New_York')).toBe('Mon 16 Nov 05:42 – Mon 23 Nov 05:42 · America/New_York time');
    const card = digestCard({ ...base, digest, timeZone: 'Asia/Tokyo' });
    expect(cardText(card)).toContain('Mon 16 Nov 19:42 – Mon 23 Nov 19:42 · Asia/Tokyo time');
    // A week from local midnight to local midnight reads as whole days, the end being exclusive.
    const week = { period: { start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z') } };
    expect(periodText(week, 'Europe/Paris')).toBe('Mon 16 Nov – Sun 22 Nov 2026 · Europe/Paris time');
    const day = { period: { start: new Date('2026-11-22T05:00:00Z'), end: new Date('2026-11-23T05:00:00Z') } };
    expect(periodText(day, 'America/New_York')).toBe('Sun 22 Nov 2026 · America/New_York time');
  });

  it('titles a daily digest of one zone by its zone, without per-zone sections', () => {
    const d = computeDigest({ ...input, zones: [3] });
    const card = digestCard({ ...base, cadence: 'daily', digest: d, timeZone: 'UTC' });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Daily AI posture digest · zone 3 (Regulated)');
    expect(text).not.toContain('Zone 2 · Recommended');
    expect((card.actions as { data: { query: string } }[]).map((a) => a.data.query)).toContain('overdue zone 3');
  });

  it('rounds SLA compliance down, so nearly all never reads as all', () => {
    expect([percentText(99.96), percentText(57.142857), percentText(50), percentText(null)]).toEqual([
      '99.9%',
      '57.1%',
      '50%',
      '—',
    ]);
  });
});

describe('the digest on the 100× demo estate', () => {
  let f: DemoDigestFixture;
  beforeAll(async () => {
    f = await demoDigestFixture(100);
  }, 120_000);
  afterAll(() => {
    f = undefined as unknown as DemoDigestFixture;
  });

  it('adds up every occurrence once and renders a card under the Teams size limit', () => {
    const d = computeDigest(digestInputOf(f, new Estate(f.previous, f.settings), new Estate(f.current, f.settings)));
    const sum = (pick: (z: Digest['zones'][number]) => number) => d.zones.reduce((n, z) => n + pick(z), 0);
    expect(d.all.newFindings).toBe(sum((z) => z.newFindings));
    expect(d.all.resolved).toBe(sum((z) => z.resolved));
    expect(d.all.overdue).toBe(sum((z) => z.overdue));
    expect(d.all.sla.measured).toBe(sum((z) => z.sla.measured));
    expect(d.all.anomalies.total).toBe(sum((z) => z.anomalies.total));
    expect(d.all.attackPaths.top).toHaveLength(3);
    expect(JSON.stringify(d)).not.toMatch(/NaN|Infinity/);
    for (const timeZone of ['UTC', 'Pacific/Auckland']) {
      const card = digestCard({ digest: d, cadence: 'weekly', timeZone, freshness: 'Demo tenant · Data as of now' });
      expectValidCard(card);
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    }
  });
});
