// Finding alerts, the pure part: what an occurrence is, whether it is critical, which routes hear it,
// when quiet hours let it go, and when a channel gets one summary instead of many cards.
// No I/O and no clock reads: `now` is passed in; time zones go through Intl, so DST is handled.

import { z } from 'zod/v4';
import type { Estate } from './estate.js';
import type { Finding, Severity, Zone } from './model.js';
import type { GovernancePolicy } from './policy.js';
import { type CriticalRule, DEFAULT_CRITICAL_RULE, dueAt, isCritical, slaHoursFor } from './sla.js';
import { HHMM, isTimeZone, localTime, parseClockTime, zonedInstant } from './wallclock.js';

export { isTimeZone, parseClockTime, zonedInstant } from './wallclock.js';

// ---------------------------------------------------------------------------------------------------------
// Occurrences

/** When the finding became unhealthy, as normalised ISO: the status change, else the first evaluation. */
export function unhealthySinceOf(f: Pick<Finding, 'statusChangeDate' | 'firstEvaluationDate'>): string | null {
  const raw = f.statusChangeDate ?? f.firstEvaluationDate;
  const at = raw ? new Date(raw) : null;
  return at === null || Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * One occurrence of an unhealthy assessment: its id (lower-case) and the status change that made it
 * unhealthy. Polling the same state again yields the same key; resolving and coming back yields a new one.
 * Without any date from Defender the occurrence is "the assessment, unhealthy since we first saw it".
 */
export function occurrenceKey(assessmentId: string, unhealthySince: string | Date | null): string {
  const at = unhealthySince === null ? null : new Date(unhealthySince);
  const stamp = at === null || Number.isNaN(at.getTime()) ? 'unknown' : at.toISOString();
  return `${assessmentId.trim().toLowerCase()}|${stamp}`;
}

/** What Vigil decides about a finding a poll returned, from the finding and the latest estate. */
export interface JudgedFinding {
  finding: Finding;
  zone: Zone;
  /** Lower-cased UPN/e-mail: governance-assignment owner first, else the resource's owner tag. */
  owner: string | null;
  critical: boolean;
  unhealthySince: string | null;
  slaHours: number;
  /** SLA due date: from when it became unhealthy, or from `now` when Defender gave no date. */
  dueAt: Date;
}

export interface JudgeSettings {
  defaultZone: Zone;
  policy: GovernancePolicy;
  critical?: CriticalRule;
}

/**
 * Places a polled finding with the estate's knowledge (zone, owner tag, attack paths). A resource the
 * snapshot does not know yet (created since the last discovery) gets the default zone and no owner tag.
 */
export function judgeFinding(f: Finding, estate: Estate | null, settings: JudgeSettings, now: Date): JudgedFinding {
  const resource = estate?.resource(f.resourceId);
  const zone = resource?.placement.zone ?? settings.defaultZone;
  const onPath = resource?.attackPaths.some((p) => p.assessmentKeys.includes(f.key)) ?? false;
  const critical = isCritical(f, onPath, settings.critical ?? DEFAULT_CRITICAL_RULE);
  const governanceOwner = f.governance?.owner?.trim().toLowerCase();
  const owner = governanceOwner || resource?.owner?.id || null;
  const unhealthySince = unhealthySinceOf(f);
  const slaHours = slaHoursFor(settings.policy, zone, f.severity, critical);
  return {
    finding: f,
    zone,
    owner,
    critical,
    unhealthySince,
    slaHours,
    dueAt: dueAt(unhealthySince === null ? now : new Date(unhealthySince), slaHours),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Route filters (stored as a subscription's filter JSON)

export interface QuietHours {
  /** "HH:MM", local to `timeZone`. */
  start: string;
  end: string;
  timeZone: string;
}

/** What a `findings` subscription asks for. */
export interface FindingsRouteFilter {
  /** Empty = every zone. */
  zones: Zone[];
  /** Empty = every severity. */
  severities: Severity[];
  /** Only critical findings (the default); false = every new finding that matches. */
  criticalOnly: boolean;
  /** Non-critical cards wait for the end of these hours. */
  quiet: QuietHours | null;
}

const storedFilterSchema = z
  .object({
    zone: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)])).optional(),
    severity: z.array(z.enum(['High', 'Medium', 'Low'])).optional(),
    criticalOnly: z.boolean().optional(),
    quiet: z
      .object({
        start: z.string().regex(HHMM),
        end: z.string().regex(HHMM),
        timeZone: z.string().refine(isTimeZone, { message: 'expected an IANA time zone' }),
      })
      .optional(),
  })
  .strict();

export const DEFAULT_ROUTE_FILTER: FindingsRouteFilter = { zones: [], severities: [], criticalOnly: true, quiet: null };

/** Reads a stored filter. Stored JSON is data from an older or newer Vigil: an unreadable one is reported, not guessed. */
export function parseRouteFilter(
  json: unknown,
): { ok: true; filter: FindingsRouteFilter } | { ok: false; error: string } {
  const parsed = storedFilterSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${i.message}`).join('; '),
    };
  }
  const d = parsed.data;
  return {
    ok: true,
    filter: normalizeFilter({
      zones: d.zone ?? [],
      severities: d.severity ?? [],
      criticalOnly: d.criticalOnly ?? true,
      quiet: d.quiet ?? null,
    }),
  };
}

export type StoredRouteFilter = {
  [key: string]: number[] | string[] | boolean | { start: string; end: string; timeZone: string };
};

/** The filter as stored: defaults left out and lists sorted, so the same route is the same JSON (one row). */
export function routeFilterJson(filter: FindingsRouteFilter): StoredRouteFilter {
  const f = normalizeFilter(filter);
  const out: StoredRouteFilter = {};
  if (f.zones.length > 0) out.zone = f.zones;
  if (f.severities.length > 0) out.severity = f.severities;
  if (!f.criticalOnly) out.criticalOnly = false;
  if (f.quiet) out.quiet = { start: f.quiet.start, end: f.quiet.end, timeZone: f.quiet.timeZone };
  return out;
}

const SEVERITY_ORDER: readonly Severity[] = ['High', 'Medium', 'Low'];

function normalizeFilter(f: FindingsRouteFilter): FindingsRouteFilter {
  return {
    zones: [...new Set(f.zones)].sort(),
    severities: SEVERITY_ORDER.filter((s) => f.severities.includes(s)),
    criticalOnly: f.criticalOnly,
    quiet: f.quiet,
  };
}

export interface AlertFacts {
  zone: Zone;
  severity: Severity;
  critical: boolean;
}

export function routeMatches(filter: FindingsRouteFilter, a: AlertFacts): boolean {
  if (filter.criticalOnly && !a.critical) return false;
  if (filter.zones.length > 0 && !filter.zones.includes(a.zone)) return false;
  if (filter.severities.length > 0 && !filter.severities.includes(a.severity)) return false;
  return true;
}

/** "critical findings · zone 3 · High" — for `subscriptions` and confirmations. */
export function describeRouteFilter(f: FindingsRouteFilter): string {
  const parts = [f.criticalOnly ? 'critical findings' : 'all new findings'];
  if (f.zones.length > 0) parts.push(`zone ${f.zones.join(', ')}`);
  if (f.severities.length > 0) parts.push(f.severities.join(', '));
  if (f.quiet) parts.push(`quiet ${f.quiet.start}–${f.quiet.end} ${f.quiet.timeZone}`);
  return parts.join(' · ');
}

/** The question a summary's "show all" asks, in words the `findings` command understands. */
export function summaryQuery(filters: readonly FindingsRouteFilter[]): string {
  const [only] = filters;
  if (filters.length !== 1 || !only) {
    return filters.length > 0 && filters.every((f) => f.criticalOnly) ? 'findings critical' : 'findings';
  }
  const words = ['findings'];
  if (only.criticalOnly) words.push('critical');
  for (const z of only.zones) words.push(`zone ${z}`);
  for (const s of only.severities) words.push(s.toLowerCase());
  return words.join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Quiet hours (wall-clock times in a time zone; posture/wallclock.ts does the DST arithmetic)

/** Whether `now` falls in the quiet hours (start inclusive, end exclusive; "22:00–07:00" spans midnight). */
export function isQuiet(now: Date, quiet: QuietHours): boolean {
  const start = parseClockTime(quiet.start);
  const end = parseClockTime(quiet.end);
  if (start === null || end === null || start === end) return false;
  const l = localTime(now, quiet.timeZone);
  const m = l.hour * 60 + l.minute;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** When a non-critical card may go: `now`, or the end of the quiet hours it falls in. */
export function nextAllowedInstant(now: Date, quiet: QuietHours | null): Date {
  if (!quiet || !isQuiet(now, quiet)) return now;
  const end = parseClockTime(quiet.end) as number;
  const l = localTime(now, quiet.timeZone);
  // Past midnight the end is today; before midnight (in an overnight window) it is tomorrow.
  const endsToday = l.hour * 60 + l.minute < end;
  const day = new Date(Date.UTC(l.year, l.month - 1, l.day + (endsToday ? 0 : 1)));
  return zonedInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: Math.floor(end / 60),
      minute: end % 60,
    },
    quiet.timeZone,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Who hears a new occurrence, and in what form

export interface AlertCandidate extends AlertFacts {
  findingId: number;
}

/** A conversation that hears findings: a subscribed channel (one entry per subscription) or the default one. */
export interface ChannelRoute {
  conversationId: string;
  filter: FindingsRouteFilter;
}

export type PlannedDelivery =
  | { kind: 'card'; conversationId: string; findingId: number; notBefore: Date; personal: boolean }
  | { kind: 'summary'; conversationId: string; findingIds: number[]; query: string; notBefore: Date };

export interface PlanInput {
  /** New occurrences of this cycle, most urgent first (that order is kept, e.g. for a summary's top items). */
  candidates: readonly AlertCandidate[];
  routes: readonly ChannelRoute[];
  /** Owner's personal chat per finding id, for critical findings (personal copies are never grouped). */
  personal: ReadonlyMap<number, string>;
  maxCardsPerCycle: number;
  now: Date;
}

/**
 * One card per conversation per new occurrence (several matching routes in one channel still make one card);
 * a channel with more than `maxCardsPerCycle` gets one summary instead. A critical card goes now; a
 * non-critical one waits for the earliest moment any of its matching routes allows. A summary goes now if
 * it holds a critical finding, else when its first item may.
 */
export function planDeliveries(input: PlanInput): PlannedDelivery[] {
  const perChannel = new Map<
    string,
    { items: { c: AlertCandidate; notBefore: Date }[]; filters: FindingsRouteFilter[] }
  >();
  for (const route of input.routes) {
    let entry = perChannel.get(route.conversationId);
    if (!entry) {
      entry = { items: [], filters: [] };
      perChannel.set(route.conversationId, entry);
    }
    entry.filters.push(route.filter);
  }
  for (const [conversationId, entry] of perChannel) {
    const filters = entry.filters;
    for (const c of input.candidates) {
      const matching = filters.filter((f) => routeMatches(f, c));
      if (matching.length === 0) continue;
      const notBefore = c.critical
        ? input.now
        : new Date(Math.min(...matching.map((f) => nextAllowedInstant(input.now, f.quiet).getTime())));
      entry.items.push({ c, notBefore });
    }
    if (entry.items.length === 0) perChannel.delete(conversationId);
  }

  const out: PlannedDelivery[] = [];
  for (const [conversationId, { items, filters }] of perChannel) {
    if (items.length > input.maxCardsPerCycle) {
      const anyCritical = items.some((i) => i.c.critical);
      const earliest = Math.min(...items.map((i) => i.notBefore.getTime()));
      out.push({
        kind: 'summary',
        conversationId,
        findingIds: items.map((i) => i.c.findingId),
        query: summaryQuery(filters),
        notBefore: anyCritical ? input.now : new Date(earliest),
      });
      continue;
    }
    for (const { c, notBefore } of items) {
      out.push({ kind: 'card', conversationId, findingId: c.findingId, notBefore, personal: false });
    }
  }
  const channelCards = new Set(out.flatMap((d) => (d.kind === 'card' ? [`${d.conversationId}|${d.findingId}`] : [])));
  for (const c of input.candidates) {
    const conversationId = input.personal.get(c.findingId);
    if (!conversationId || !c.critical || channelCards.has(`${conversationId}|${c.findingId}`)) continue;
    out.push({ kind: 'card', conversationId, findingId: c.findingId, notBefore: input.now, personal: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Poll cadence

export interface PollSettings {
  pollMinutes: number;
  pollMinutesByZone: Partial<Record<Zone, number>>;
}

export function pollMinutesForZone(s: PollSettings, zone: Zone): number {
  return s.pollMinutesByZone[zone] ?? s.pollMinutes;
}

/**
 * How often the poll runs: the shortest interval any zone asks for. One paged query covers every zone, so
 * polling a slower zone as often costs nothing more, and every zone is alerted within its own interval.
 */
export function pollEveryMinutes(s: PollSettings): number {
  return Math.min(pollMinutesForZone(s, 1), pollMinutesForZone(s, 2), pollMinutesForZone(s, 3));
}

// ---------------------------------------------------------------------------------------------------------
// `subscribe findings …` arguments

export type SubscribeRequest =
  /** Route matching findings here with this filter. `quiet` undefined = not said (keep the channel's). */
  | { kind: 'route'; filter: Omit<FindingsRouteFilter, 'quiet'>; quiet: QuietHours | null | undefined }
  /** Only quiet hours were given: apply them to the channel's routes (null = switch them off). */
  | { kind: 'quiet'; quiet: QuietHours | null }
  | { kind: 'error'; message: string };

const SEVERITY_WORDS: Record<string, Severity> = { high: 'High', medium: 'Medium', low: 'Low' };

/**
 * Reads what follows `subscribe findings`: `[zone N…] [severity high|medium|low…] [all|critical]
 * [quiet HH:MM-HH:MM|off]`. Quiet hours are read in `timeZone` (the configured one). Anything not
 * understood is an error that names it, never silently dropped.
 */
export function parseSubscribeArgs(args: string, timeZone: string): SubscribeRequest {
  const tokens = args
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const zones: Zone[] = [];
  const severities: Severity[] = [];
  let criticalOnly: boolean | undefined;
  let quiet: QuietHours | null | undefined;
  const unknown: string[] = [];
  let mode: 'zone' | 'severity' | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    const zoneInline = /^(?:zone|z)([123])$/.exec(t);
    if (zoneInline) {
      zones.push(Number(zoneInline[1]) as Zone);
      mode = 'zone';
      continue;
    }
    if (t === 'zone' || t === 'zones') {
      mode = 'zone';
      continue;
    }
    if (t === 'severity' || t === 'severities') {
      mode = 'severity';
      continue;
    }
    if (mode === 'zone' && /^[123]$/.test(t)) {
      zones.push(Number(t) as Zone);
      continue;
    }
    const severity = SEVERITY_WORDS[t];
    if (severity) {
      severities.push(severity);
      mode = 'severity';
      continue;
    }
    mode = null;
    if (t === 'all' || t === 'everything') criticalOnly = false;
    else if (t === 'critical') criticalOnly = true;
    else if (t === 'quiet' || t === 'quiet-hours') {
      const spec = readQuietSpec(tokens, i + 1);
      if (spec.kind === 'error') return spec;
      quiet = spec.value === null ? null : { ...spec.value, timeZone };
      i = spec.next - 1;
    } else unknown.push(t);
  }
  if (unknown.length > 0) {
    return {
      kind: 'error',
      message: `I did not understand: ${unknown.join(', ')}. Say \`subscribe findings [zone 1|2|3…] [severity high|medium|low…] [all] [quiet 22:00-07:00]\`.`,
    };
  }
  const filtered = zones.length + severities.length > 0 || criticalOnly !== undefined;
  if (!filtered && quiet !== undefined) return { kind: 'quiet', quiet };
  return {
    kind: 'route',
    filter: {
      zones: [...new Set(zones)].sort(),
      severities: SEVERITY_ORDER.filter((s) => severities.includes(s)),
      criticalOnly: criticalOnly ?? true,
    },
    quiet,
  };
}

function readQuietSpec(
  tokens: readonly string[],
  at: number,
): { kind: 'ok'; value: { start: string; end: string } | null; next: number } | { kind: 'error'; message: string } {
  const first = tokens[at];
  if (first === 'off' || first === 'none') return { kind: 'ok', value: null, next: at + 1 };
  let start: string | undefined;
  let end: string | undefined;
  let next = at + 1;
  const joined = /^(\d{1,2}(?::\d{2})?)-(\d{1,2}(?::\d{2})?)$/.exec(first ?? '');
  if (joined) {
    start = joined[1];
    end = joined[2];
  } else if (tokens[at + 1] === 'to' || tokens[at + 1] === '-') {
    start = first;
    end = tokens[at + 2];
    next = at + 3;
  }
  const s = start === undefined ? null : clockText(start);
  const e = end === undefined ? null : clockText(end);
  if (s === null || e === null || s === e) {
    return {
      kind: 'error',
      message: 'Quiet hours are a start and an end time, e.g. `quiet 22:00-07:00` (or `quiet off`).',
    };
  }
  return { kind: 'ok', value: { start: s, end: e }, next };
}

/** "7" / "7:00" / "07:00" → "07:00"; null when not a time of day. */
function clockText(text: string): string | null {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}
