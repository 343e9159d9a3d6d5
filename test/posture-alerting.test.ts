// The pure rules behind finding alerts: what one occurrence is, what is critical, which routes hear a
// finding, when quiet hours let a card go (across DST changes), and when a channel gets a summary.

import { describe, expect, it } from 'vitest';
import {
  type AlertCandidate,
  type ChannelRoute,
  DEFAULT_ROUTE_FILTER,
  type FindingsRouteFilter,
  isQuiet,
  judgeFinding,
  nextAllowedInstant,
  occurrenceKey,
  parseRouteFilter,
  parseSubscribeArgs,
  planDeliveries,
  pollEveryMinutes,
  pollMinutesForZone,
  routeFilterJson,
  routeMatches,
  summaryQuery,
  unhealthySinceOf,
  zonedInstant,
} from '../posture/alerting.js';
import { DEFAULT_POLICY } from '../posture/policy.js';
import { attackPath, estateOf, finding, KEY_NETWORK, resource } from './support/score-fixtures.js';

const NOW = new Date('2026-11-23T10:42:00Z');
const SETTINGS = { defaultZone: 2 as const, policy: DEFAULT_POLICY };
const HOUR = 3_600_000;

describe('occurrence key', () => {
  const id =
    '/subscriptions/AAA/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai/providers/Microsoft.Security/assessments/F738EFB8';

  it('is the lower-cased assessment id and the status change that made it unhealthy, as normalised ISO', () => {
    expect(occurrenceKey(id, '2026-11-23T10:30:35Z')).toBe(`${id.toLowerCase()}|2026-11-23T10:30:35.000Z`);
    // The same state polled twice, however Defender formats the date, is the same occurrence…
    expect(occurrenceKey(id.toLowerCase(), '2026-11-23T11:30:35.000+01:00')).toBe(
      occurrenceKey(id, '2026-11-23T10:30:35Z'),
    );
    // …and a finding that resolved and came back is a new one.
    expect(occurrenceKey(id, '2026-11-24T08:00:00Z')).not.toBe(occurrenceKey(id, '2026-11-23T10:30:35Z'));
    expect(occurrenceKey(id, null)).toBe(`${id.toLowerCase()}|unknown`);
  });

  it('takes the status change date, else the first evaluation', () => {
    expect(
      unhealthySinceOf({ statusChangeDate: '2026-11-23T10:30:35Z', firstEvaluationDate: '2026-01-01T00:00:00Z' }),
    ).toBe('2026-11-23T10:30:35.000Z');
    expect(unhealthySinceOf({ statusChangeDate: null, firstEvaluationDate: '2026-01-01T00:00:00Z' })).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(unhealthySinceOf({ statusChangeDate: 'not a date', firstEvaluationDate: null })).toBeNull();
  });
});

describe('judging a polled finding', () => {
  const prod = resource({ name: 'oai-prod', zone: 3, owner: 'Priya.Raman@contoso.com' });
  const lab = resource({ name: 'oai-lab', zone: 1 });
  const onPath = { ...attackPath('p1', [prod]), assessmentKeys: [KEY_NETWORK] };
  const estate = estateOf({ resources: [prod, lab], findings: [], attackPaths: [onPath] });

  it('calls High severity, a Critical/High risk level or an attack path critical (the default rule)', () => {
    const high = judgeFinding(finding({ on: lab, severity: 'High' }), estate, SETTINGS, NOW);
    const medium = judgeFinding(finding({ on: lab, severity: 'Medium' }), estate, SETTINGS, NOW);
    const risky = finding({ on: lab, severity: 'Low' });
    risky.risk = { level: 'High', factors: ['Internet exposure'], attackPathIds: [] };
    const referenced = finding({ on: lab, severity: 'Low' });
    referenced.risk = { level: 'Medium', factors: [], attackPathIds: ['ap-1'] };
    const pathInEstate = judgeFinding(finding({ on: prod, key: KEY_NETWORK, severity: 'Low' }), estate, SETTINGS, NOW);
    expect([high.critical, medium.critical]).toEqual([true, false]);
    expect(judgeFinding(risky, estate, SETTINGS, NOW).critical).toBe(true);
    expect(judgeFinding(referenced, estate, SETTINGS, NOW).critical).toBe(true);
    expect(pathInEstate.critical).toBe(true);
  });

  it('follows a configured rule instead', () => {
    const settings = {
      ...SETTINGS,
      critical: { severities: ['High', 'Medium'] as const, riskLevels: [], onAttackPath: false },
    };
    const risky = finding({ on: lab, severity: 'Low' });
    risky.risk = { level: 'Critical', factors: [], attackPathIds: ['ap-1'] };
    expect(judgeFinding(finding({ on: lab, severity: 'Medium' }), estate, settings, NOW).critical).toBe(true);
    expect(judgeFinding(risky, estate, settings, NOW).critical).toBe(false);
  });

  it('takes zone and owner tag from the estate, a governance owner first, and starts the SLA at the status change', () => {
    const f = finding({ on: prod, severity: 'High', ageDays: 1 });
    const judged = judgeFinding(f, estate, SETTINGS, NOW);
    expect(judged).toMatchObject({ zone: 3, owner: 'priya.raman@contoso.com', critical: true, slaHours: 72 });
    expect(judged.dueAt.getTime()).toBe(new Date(f.statusChangeDate as string).getTime() + 72 * HOUR);
    const assigned = {
      ...f,
      governance: {
        id: 'g1',
        owner: 'Tomas.Alvarez@contoso.com ',
        remediationDueDate: null,
        eta: null,
        isGracePeriod: false,
        ticket: null,
      },
    };
    expect(judgeFinding(assigned, estate, SETTINGS, NOW).owner).toBe('tomas.alvarez@contoso.com');
  });

  it('places a resource the snapshot does not know yet in the default zone, without owner', () => {
    const unknown = resource({ name: 'oai-new', zone: 3, owner: 'someone@contoso.com' });
    const judged = judgeFinding(finding({ on: unknown, severity: 'Medium' }), estate, SETTINGS, NOW);
    expect(judged).toMatchObject({
      zone: 2,
      owner: null,
      critical: false,
      slaHours: DEFAULT_POLICY[2].slaHours.Medium,
    });
    expect(judgeFinding(finding({ on: unknown }), null, SETTINGS, NOW).zone).toBe(2);
  });
});

describe('route filters', () => {
  it('default to critical findings in every zone and severity', () => {
    expect(parseRouteFilter({})).toEqual({ ok: true, filter: DEFAULT_ROUTE_FILTER });
    expect(routeMatches(DEFAULT_ROUTE_FILTER, { zone: 1, severity: 'Low', critical: true })).toBe(true);
    expect(routeMatches(DEFAULT_ROUTE_FILTER, { zone: 3, severity: 'High', critical: false })).toBe(false);
  });

  it('narrow by zone and severity, and `all` lets non-critical findings through', () => {
    const parsed = parseRouteFilter({ zone: [3, 2], severity: ['High'], criticalOnly: false });
    if (!parsed.ok) throw new Error(parsed.error);
    const f = parsed.filter;
    expect(routeMatches(f, { zone: 3, severity: 'High', critical: false })).toBe(true);
    expect(routeMatches(f, { zone: 1, severity: 'High', critical: true })).toBe(false);
    expect(routeMatches(f, { zone: 2, severity: 'Medium', critical: true })).toBe(false);
  });

  it('store the same route as the same JSON, defaults left out', () => {
    const a: FindingsRouteFilter = { zones: [3, 1], severities: ['Low', 'High'], criticalOnly: true, quiet: null };
    const b: FindingsRouteFilter = { zones: [1, 3, 3], severities: ['High', 'Low'], criticalOnly: true, quiet: null };
    expect(routeFilterJson(a)).toEqual({ zone: [1, 3], severity: ['High', 'Low'] });
    expect(routeFilterJson(b)).toEqual(routeFilterJson(a));
    expect(routeFilterJson(DEFAULT_ROUTE_FILTER)).toEqual({});
    const back = parseRouteFilter(routeFilterJson({ ...a, criticalOnly: false }));
    expect(back).toEqual({
      ok: true,
      filter: { zones: [1, 3], severities: ['High', 'Low'], criticalOnly: false, quiet: null },
    });
  });

  it('report an unreadable stored filter instead of guessing', () => {
    const bad = parseRouteFilter({ zone: [4] });
    expect(bad.ok).toBe(false);
    expect(parseRouteFilter({ quiet: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }).ok).toBe(false);
    expect(parseRouteFilter({ colour: 'red' }).ok).toBe(false);
  });

  it('give a summary the question that shows its findings', () => {
    const f: FindingsRouteFilter = { zones: [3], severities: ['High'], criticalOnly: true, quiet: null };
    expect(summaryQuery([f])).toBe('findings critical zone 3 high');
    expect(summaryQuery([DEFAULT_ROUTE_FILTER, { ...f, zones: [] }])).toBe('findings critical');
    expect(summaryQuery([{ ...DEFAULT_ROUTE_FILTER, criticalOnly: false }, f])).toBe('findings');
  });
});

describe('subscribe arguments', () => {
  it('read zones, severities, all and quiet hours', () => {
    expect(parseSubscribeArgs('zone 3 severity high medium', 'UTC')).toEqual({
      kind: 'route',
      filter: { zones: [3], severities: ['High', 'Medium'], criticalOnly: true },
      quiet: undefined,
    });
    expect(parseSubscribeArgs('zone 1 2 all', 'UTC')).toMatchObject({
      kind: 'route',
      filter: { zones: [1, 2], severities: [], criticalOnly: false },
    });
    expect(parseSubscribeArgs('', 'UTC')).toMatchObject({ kind: 'route', filter: { criticalOnly: true } });
    expect(parseSubscribeArgs('all quiet 22:00-07:00', 'Europe/Paris')).toMatchObject({
      kind: 'route',
      quiet: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
    });
    expect(parseSubscribeArgs('quiet 22 to 7', 'UTC')).toEqual({
      kind: 'quiet',
      quiet: { start: '22:00', end: '07:00', timeZone: 'UTC' },
    });
    expect(parseSubscribeArgs('quiet off', 'UTC')).toEqual({ kind: 'quiet', quiet: null });
  });

  it('name what they did not understand', () => {
    const r = parseSubscribeArgs('zone 3 purple', 'UTC');
    expect(r).toMatchObject({ kind: 'error', message: expect.stringContaining('purple') });
    expect(parseSubscribeArgs('zone 4', 'UTC')).toMatchObject({ kind: 'error' });
    expect(parseSubscribeArgs('quiet 25:00-07:00', 'UTC')).toMatchObject({ kind: 'error' });
    expect(parseSubscribeArgs('quiet 22:00-22:00', 'UTC')).toMatchObject({ kind: 'error' });
  });
});

describe('quiet hours', () => {
  const night = (timeZone: string) => ({ start: '22:00', end: '07:00', timeZone });

  it('hold a card from the start until the end, across midnight', () => {
    const q = night('UTC');
    expect(isQuiet(new Date('2026-11-23T21:59:00Z'), q)).toBe(false);
    expect(isQuiet(new Date('2026-11-23T22:00:00Z'), q)).toBe(true);
    expect(isQuiet(new Date('2026-11-24T06:59:00Z'), q)).toBe(true);
    expect(isQuiet(new Date('2026-11-24T07:00:00Z'), q)).toBe(false);
    expect(nextAllowedInstant(new Date('2026-11-23T23:10:00Z'), q).toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(nextAllowedInstant(new Date('2026-11-24T03:10:00Z'), q).toISOString()).toBe('2026-11-24T07:00:00.000Z');
    const awake = new Date('2026-11-24T12:00:00Z');
    expect(nextAllowedInstant(awake, q)).toBe(awake);
    expect(nextAllowedInstant(awake, null)).toBe(awake);
  });

  it('work in the channel’s time zone, including a window within one day', () => {
    // 10:42 UTC is 23:42 in Auckland (UTC+13 in November): quiet until 07:00 there, 18:00 UTC.
    expect(nextAllowedInstant(NOW, night('Pacific/Auckland')).toISOString()).toBe('2026-11-23T18:00:00.000Z');
    const lunch = { start: '12:00', end: '13:30', timeZone: 'Europe/Paris' };
    expect(nextAllowedInstant(new Date('2026-11-23T11:15:00Z'), lunch).toISOString()).toBe('2026-11-23T12:30:00.000Z');
    expect(isQuiet(new Date('2026-11-23T12:30:00Z'), lunch)).toBe(false);
  });

  it('end at the right instant on the nights clocks change', () => {
    // Europe/Paris: clocks go forward on 29 March 2026 (02:00 → 03:00) and back on 25 October 2026.
    const paris = night('Europe/Paris');
    expect(nextAllowedInstant(new Date('2026-03-28T22:30:00Z'), paris).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(nextAllowedInstant(new Date('2026-10-24T21:30:00Z'), paris).toISOString()).toBe('2026-10-25T06:00:00.000Z');
    // A window ending at a time that does not exist that night ends when the clocks jump past it.
    const gap = { start: '01:00', end: '02:30', timeZone: 'Europe/Paris' };
    expect(nextAllowedInstant(new Date('2026-03-29T00:15:00Z'), gap).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // A time that happens twice is the first of the two.
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Paris').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // New York changes on other dates (8 March / 1 November 2026).
    const ny = night('America/New_York');
    expect(nextAllowedInstant(new Date('2026-03-08T05:00:00Z'), ny).toISOString()).toBe('2026-03-08T11:00:00.000Z');
    expect(nextAllowedInstant(new Date('2026-11-01T05:00:00Z'), ny).toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });
});

describe('planning deliveries', () => {
  const critical = (id: number, zone: 1 | 2 | 3 = 3): AlertCandidate => ({
    findingId: id,
    zone,
    severity: 'High',
    critical: true,
  });
  const minor = (id: number, zone: 1 | 2 | 3 = 3): AlertCandidate => ({
    findingId: id,
    zone,
    severity: 'Low',
    critical: false,
  });
  const all: FindingsRouteFilter = { ...DEFAULT_ROUTE_FILTER, criticalOnly: false };
  const quiet: FindingsRouteFilter = { ...all, quiet: { start: '22:00', end: '07:00', timeZone: 'UTC' } };
  const plan = (candidates: AlertCandidate[], routes: ChannelRoute[], max = 5, personal = new Map<number, string>()) =>
    planDeliveries({ candidates, routes, personal, maxCardsPerCycle: max, now: NOW });

  it('sends one card per conversation per finding, however many of its routes match', () => {
    const out = plan(
      [critical(1), minor(2)],
      [
        { conversationId: 'soc', filter: DEFAULT_ROUTE_FILTER },
        { conversationId: 'soc', filter: all },
        { conversationId: 'zone1', filter: { ...DEFAULT_ROUTE_FILTER, zones: [1] } },
      ],
    );
    expect(out.map((d) => (d.kind === 'card' ? `${d.conversationId}:${d.findingId}` : d.kind))).toEqual([
      'soc:1',
      'soc:2',
    ]);
  });

  it('turns more than the limit for one channel into one summary, most urgent first; personal copies stay cards', () => {
    const out = plan(
      [critical(1), critical(2), minor(3)],
      [
        { conversationId: 'soc', filter: all },
        { conversationId: 'quiet-room', filter: DEFAULT_ROUTE_FILTER },
      ],
      2,
      new Map([
        [1, 'a:owner'],
        [3, 'a:owner'],
      ]),
    );
    expect(out).toEqual([
      { kind: 'summary', conversationId: 'soc', findingIds: [1, 2, 3], query: 'findings', notBefore: NOW },
      { kind: 'card', conversationId: 'quiet-room', findingId: 1, notBefore: NOW, personal: false },
      { kind: 'card', conversationId: 'quiet-room', findingId: 2, notBefore: NOW, personal: false },
      // Only critical findings go to the owner's personal chat.
      { kind: 'card', conversationId: 'a:owner', findingId: 1, notBefore: NOW, personal: true },
    ]);
  });

  it('defers non-critical cards in quiet hours; critical ones go now', () => {
    const night = new Date('2026-11-23T23:00:00Z');
    const out = planDeliveries({
      candidates: [critical(1), minor(2)],
      routes: [{ conversationId: 'soc', filter: quiet }],
      personal: new Map(),
      maxCardsPerCycle: 5,
      now: night,
    });
    expect(out.map((d) => [d.kind === 'card' ? d.findingId : 0, d.notBefore.toISOString()])).toEqual([
      [1, night.toISOString()],
      [2, '2026-11-24T07:00:00.000Z'],
    ]);
    // A route of the same channel without quiet hours lets it go now.
    const loud = planDeliveries({
      candidates: [minor(2)],
      routes: [
        { conversationId: 'soc', filter: quiet },
        { conversationId: 'soc', filter: all },
      ],
      personal: new Map(),
      maxCardsPerCycle: 5,
      now: night,
    });
    expect(loud[0]?.notBefore).toEqual(night);
    // A summary of only non-critical findings waits too.
    const grouped = planDeliveries({
      candidates: [minor(2), minor(3)],
      routes: [{ conversationId: 'soc', filter: quiet }],
      personal: new Map(),
      maxCardsPerCycle: 1,
      now: night,
    });
    expect(grouped).toMatchObject([{ kind: 'summary', notBefore: new Date('2026-11-24T07:00:00.000Z') }]);
  });
});

describe('poll cadence', () => {
  it('polls as often as the most demanding zone asks', () => {
    const s = { pollMinutes: 2, pollMinutesByZone: { 1: 10, 3: 1 } };
    expect([pollMinutesForZone(s, 1), pollMinutesForZone(s, 2), pollMinutesForZone(s, 3)]).toEqual([10, 2, 1]);
    expect(pollEveryMinutes(s)).toBe(1);
    expect(pollEveryMinutes({ pollMinutes: 5, pollMinutesByZone: {} })).toBe(5);
  });
});
