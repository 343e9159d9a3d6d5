// The findings questions over the estate: which open findings a question selects, in which order,
// who owns them, and what a person owns. Pure; orderings and indexes are computed once per estate.

import { type Estate, type EstateFinding, type EstateResource, SEVERITY_RANK } from './estate.js';
import { type Filters, findingMatches, parseFilters, type Vocabulary } from './filters.js';
import type { AzureResourceId } from './model.js';
import { type CriticalRule, DEFAULT_CRITICAL_RULE, type SlaStatus } from './sla.js';

export const FINDINGS_PAGE_SIZE = 8;

const time = (d: Date | null, missing: number): number => d?.getTime() ?? missing;

/**
 * "Most urgent, then newest": critical first; then the earliest SLA due date (no due date last, since
 * there is no clock to beat); then the most recently detected; then severity; then the assessment id
 * so that pages never reshuffle between two clicks.
 */
export function compareFindings(a: EstateFinding, b: EstateFinding): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  const due = time(a.dueAt, Number.POSITIVE_INFINITY) - time(b.dueAt, Number.POSITIVE_INFINITY);
  if (due !== 0 && !Number.isNaN(due)) return due;
  const detected = time(b.detectedAt, Number.NEGATIVE_INFINITY) - time(a.detectedAt, Number.NEGATIVE_INFINITY);
  if (detected !== 0 && !Number.isNaN(detected)) return detected;
  const severity = SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity];
  if (severity !== 0) return severity;
  return a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0;
}

interface FindingIndex {
  ordered: readonly EstateFinding[];
  /** Open findings per owner id (governance owner, else owner tag). */
  byOwner: Map<string, EstateFinding[]>;
  /** Resources per owner-tag id. */
  resourcesByOwner: Map<string, EstateResource[]>;
}

// An Estate is immutable once built, so its derived indexes can live as long as it does.
const indexes = new WeakMap<Estate, FindingIndex>();

function indexOf(estate: Estate): FindingIndex {
  const hit = indexes.get(estate);
  if (hit) return hit;
  const ordered = [...estate.openFindings].sort(compareFindings);
  const byOwner = new Map<string, EstateFinding[]>();
  for (const f of ordered) if (f.owner) pushTo(byOwner, f.owner.id, f);
  const resourcesByOwner = new Map<string, EstateResource[]>();
  for (const r of estate.resources) if (r.owner) pushTo(resourcesByOwner, r.owner.id, r);
  const index = { ordered, byOwner, resourcesByOwner };
  indexes.set(estate, index);
  return index;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Open findings in question order (see compareFindings). */
export function orderedOpenFindings(estate: Estate): readonly EstateFinding[] {
  return indexOf(estate).ordered;
}

/** What a findings question asked for, beyond the shared filters. */
export interface FindingQuery {
  filters: Filters;
  /** Resources named in the question ("findings oai-claims-prod-weu"); null when none were. */
  resourceIds: ReadonlySet<AzureResourceId> | null;
  sla: SlaStatus | null;
  /** "no owner" / "unowned": only findings nobody owns. */
  unowned: boolean;
  /** Filters.labels plus the words understood here, for the answer's header. */
  labels: string[];
}

const SLA_PHRASES: [RegExp, SlaStatus, string][] = [
  [/(?<= )(?:overdue|late|breached|past due|sla breach(?:es)?)(?= )/g, 'overdue', 'overdue'],
  [/(?<= )(?:due soon|due this week|upcoming|expiring)(?= )/g, 'due-soon', 'due soon'],
];
const UNOWNED = /(?<= )(?:no owner|without (?:an )?owner|unowned|unassigned|ownerless)(?= )/g;
/** Words around a findings question that carry no filter of their own. */
const FILLER = /(?<= )(?:findings?|issues?|open|all|sla)(?= )/g;

/** Parse what follows a findings question: the shared filters, plus resource names, SLA words and "no owner". */
export function parseFindingQuery(args: string, estate: Estate, vocab: Vocabulary): FindingQuery {
  let rest = ` ${args.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  const labels: string[] = [];
  const cut = (re: RegExp): boolean => {
    const before = rest;
    rest = rest.replace(re, ' ');
    return rest !== before;
  };
  let sla: SlaStatus | null = null;
  for (const [re, status, label] of SLA_PHRASES) {
    if (cut(re)) {
      sla = status;
      labels.push(label);
    }
  }
  const unowned = cut(UNOWNED);
  if (unowned) labels.push('no owner');
  cut(FILLER);

  let resourceIds: Set<AzureResourceId> | null = null;
  const words: string[] = [];
  for (const word of rest.trim().split(/\s+/).filter(Boolean)) {
    const named = vocab.resourceGroups.has(word) || vocab.regions.has(word) ? [] : estate.resourcesNamed(word);
    if (named.length === 0) {
      words.push(word);
      continue;
    }
    resourceIds ??= new Set();
    for (const r of named) resourceIds.add(r.resource.id);
    labels.push(named[0]?.resource.name ?? word);
  }
  const filters = parseFilters(words.join(' '), vocab);
  return { filters, resourceIds, sla, unowned, labels: [...filters.labels, ...labels] };
}

/** True when the filters constrain nothing, so a plain "findings" skips matching 8,000 rows at 100× scale. */
function unfiltered(f: Filters): boolean {
  return (
    f.kinds.length +
      f.clouds.length +
      f.zones.length +
      f.subscriptions.length +
      f.resourceGroups.length +
      f.regions.length +
      f.owners.length +
      f.exposure.length +
      f.severities.length ===
      0 && !f.criticalOnly
  );
}

/** Whether an open finding answers the question at `now`. */
export function matchesQuery(estate: Estate, q: FindingQuery, now: Date, f: EstateFinding): boolean {
  return (
    (unfiltered(q.filters) || findingMatches(f, q.filters)) &&
    (q.resourceIds === null || q.resourceIds.has(f.finding.resourceId)) &&
    (!q.unowned || f.owner === null) &&
    (q.sla === null || estate.slaStatus(f, now) === q.sla)
  );
}

/** The open findings a question selects, in question order. `now` sets the SLA clock. */
export function selectFindings(estate: Estate, q: FindingQuery, now: Date): EstateFinding[] {
  return orderedOpenFindings(estate).filter((f) => matchesQuery(estate, q, now, f));
}

export interface SeverityTotals {
  total: number;
  High: number;
  Medium: number;
  Low: number;
  critical: number;
}

export function severityTotals(list: readonly EstateFinding[]): SeverityTotals {
  const t: SeverityTotals = { total: list.length, High: 0, Medium: 0, Low: 0, critical: 0 };
  for (const f of list) {
    t[f.finding.severity]++;
    if (f.critical) t.critical++;
  }
  return t;
}

export interface OwnerGroup {
  /** Owner id (lower-cased UPN / e-mail / object id), or null for findings nobody owns. */
  owner: string | null;
  /** In question order. */
  findings: EstateFinding[];
  critical: number;
  /** Earliest SLA due date in the group, null when no finding has one. */
  earliestDue: Date | null;
}

/**
 * Findings by owner, worst group first. The "no owner" group always comes first: nobody is on the
 * hook for those, so nobody will fix them until the reader assigns them; every other group has
 * someone who gets reminded. Then: most critical findings, most findings, earliest due date, name.
 */
export function groupByOwner(list: readonly EstateFinding[]): OwnerGroup[] {
  const groups = new Map<string | null, OwnerGroup>();
  for (const f of list) {
    const key = f.owner?.id ?? null;
    let g = groups.get(key);
    if (!g) {
      g = { owner: key, findings: [], critical: 0, earliestDue: null };
      groups.set(key, g);
    }
    g.findings.push(f);
    if (f.critical) g.critical++;
    if (f.dueAt && (!g.earliestDue || f.dueAt < g.earliestDue)) g.earliestDue = f.dueAt;
  }
  for (const g of groups.values()) g.findings.sort(compareFindings);
  return [...groups.values()].sort(compareGroups);
}

function compareGroups(a: OwnerGroup, b: OwnerGroup): number {
  if ((a.owner === null) !== (b.owner === null)) return a.owner === null ? -1 : 1;
  if (a.critical !== b.critical) return b.critical - a.critical;
  if (a.findings.length !== b.findings.length) return b.findings.length - a.findings.length;
  const due = time(a.earliestDue, Number.POSITIVE_INFINITY) - time(b.earliestDue, Number.POSITIVE_INFINITY);
  if (due !== 0 && !Number.isNaN(due)) return due;
  return (a.owner ?? '') < (b.owner ?? '') ? -1 : 1;
}

/** One line of a grouped list: the finding and the group it belongs to. */
export interface GroupedRow {
  finding: EstateFinding;
  group: OwnerGroup;
  /** First row of its group overall (a page that starts mid-group says "continued"). */
  firstOfGroup: boolean;
}

/** Groups laid out as one list, so that a grouped answer pages like any other. */
export function flattenGroups(groups: readonly OwnerGroup[]): GroupedRow[] {
  return groups.flatMap((group) => group.findings.map((finding, i) => ({ finding, group, firstOfGroup: i === 0 })));
}

/** Who is asking, as far as Vigil knows. */
export interface Me {
  upn: string | null;
  objectId: string | null;
}

export interface Owned {
  /** Open findings assigned to the person, or on resources tagged with them as owner, in question order. */
  findings: EstateFinding[];
  /** AI resources whose owner tag names the person. */
  resources: EstateResource[];
}

/**
 * What a person owns: findings whose owner (governance assignment, else owner tag) is their UPN or
 * e-mail — or their Entra object id when an owner value is a GUID — plus every open finding on a
 * resource tagged with them, even when its assignment went to someone else.
 */
export function ownedBy(estate: Estate, me: Me): Owned {
  const index = indexOf(estate);
  const ids = new Set<string>();
  if (me.upn) ids.add(me.upn.toLowerCase());
  if (me.objectId && GUID.test(me.objectId)) ids.add(me.objectId.toLowerCase());
  if (ids.size === 0) return { findings: [], resources: [] };

  const found = new Set<EstateFinding>();
  const resources: EstateResource[] = [];
  for (const id of ids) {
    for (const f of index.byOwner.get(id) ?? []) found.add(f);
    for (const r of index.resourcesByOwner.get(id) ?? []) {
      resources.push(r);
      for (const f of r.openFindings) found.add(f);
    }
  }
  return { findings: [...found].sort(compareFindings), resources };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an owner value names this person. */
export function isMine(owner: string | null | undefined, me: Me): boolean {
  if (!owner) return false;
  const o = owner.toLowerCase();
  return o === me.upn?.toLowerCase() || (GUID.test(o) && o === me.objectId?.toLowerCase());
}

/** Why a finding counts as critical, in the words of the rule that made it so. */
export function criticalReasons(f: EstateFinding, rule: CriticalRule = DEFAULT_CRITICAL_RULE): string[] {
  if (!f.critical) return [];
  const reasons: string[] = [];
  const { severity, risk, key } = f.finding;
  if (rule.severities.includes(severity)) reasons.push(`${severity} severity`);
  if (risk.level && rule.riskLevels.includes(risk.level)) reasons.push(`${risk.level} risk level`);
  const onPath =
    risk.attackPathIds.length > 0 || (f.resource?.attackPaths ?? []).some((p) => p.assessmentKeys.includes(key));
  if (rule.onAttackPath && onPath) reasons.push('on an attack path');
  return reasons;
}
