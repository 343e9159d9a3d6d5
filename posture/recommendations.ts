// The AI recommendations that apply to a scope: Defender's assessments grouped by recommendation
// (assessment key), with how many resources fail each and how to fix it. Pure.

import type { Estate, EstateFinding, EstateResource } from './estate.js';
import { isOpen, SEVERITY_RANK } from './estate.js';
import { type Filters, resourceMatches } from './filters.js';
import type { AssessmentKey, Severity } from './model.js';
import { SEVERITY_WEIGHT } from './score.js';
import { boundedDistance } from './text.js';

export interface RecommendationRow {
  key: AssessmentKey;
  displayName: string;
  severity: Severity;
  /** Resources with an open finding (Unhealthy, not exempt) for this recommendation. */
  failing: number;
  /** Resources it was assessed on and that count: Healthy or open (NotApplicable and exempt left out). */
  assessed: number;
  /** Resources where it is exempt or not applicable. */
  excluded: number;
  /** Failing resources whose finding is critical under Vigil's rule. */
  critical: number;
  /** How to fix it: Defender's remediation steps, else its description. */
  remediation: string | null;
  description: string | null;
  /** The Defender portal page of the most urgent failing resource (else of any assessed one). */
  portalUri: string | null;
  /** Names of the most urgent failing resources (at most `names` of them; `failing` counts them all). */
  failingNames: string[];
}

export interface RecommendationsView {
  /** Most to fix first: failing × severity, then failing, then severity, then name. */
  rows: RecommendationRow[];
  /** Open findings in scope, and the distinct resources they are on. */
  open: number;
  failingResources: number;
}

/** Sort weight: failing resources × severity weight (High 3 · Medium 2 · Low 1). */
export const recommendationWeight = (r: RecommendationRow): number => r.failing * SEVERITY_WEIGHT[r.severity];

function newRow(f: EstateFinding): RecommendationRow {
  return {
    key: f.finding.key,
    displayName: f.finding.displayName,
    severity: f.finding.severity,
    failing: 0,
    assessed: 0,
    excluded: 0,
    critical: 0,
    remediation: null,
    description: null,
    portalUri: null,
    failingNames: [],
  };
}

/** An estate's findings grouped by recommendation once: every finding, and the open ones most urgent first. */
interface ByKey {
  all: EstateFinding[];
  open: EstateFinding[];
}

const groupsCache = new WeakMap<Estate, Map<AssessmentKey, ByKey>>();

function groupsOf(estate: Estate): Map<AssessmentKey, ByKey> {
  const cached = groupsCache.get(estate);
  if (cached) return cached;
  const groups = new Map<AssessmentKey, ByKey>();
  for (const f of estate.findings) {
    let g = groups.get(f.finding.key);
    if (!g) {
      g = { all: [], open: [] };
      groups.set(f.finding.key, g);
    }
    g.all.push(f);
  }
  // estate.openFindings is in urgency order already; keep that order per recommendation.
  for (const f of estate.openFindings) groups.get(f.finding.key)?.open.push(f);
  groupsCache.set(estate, groups);
  return groups;
}

/**
 * Recommendations over the findings `select` keeps. Recommendations with nothing assessed (all exempt or
 * not applicable) are kept, with assessed 0, so a caller can say so. Findings are grouped by recommendation
 * once per estate; a question makes one pass over them.
 */
export function recommendationsOf(
  estate: Estate,
  select: (f: EstateFinding) => boolean,
  options: { names?: number } = {},
): RecommendationsView {
  const names = options.names ?? 3;
  const rows: RecommendationRow[] = [];
  let open = 0;
  const failingResources = new Set<EstateResource | string>();
  for (const group of groupsOf(estate).values()) {
    let row: RecommendationRow | null = null;
    /** A link for recommendations that are only exempt or not applicable in scope. */
    let excludedLink: string | null = null;
    for (const f of group.all) {
      if (!select(f)) continue;
      const finding = f.finding;
      row ??= newRow(f);
      row.remediation ??= finding.remediation;
      row.description ??= finding.description;
      if (finding.status === 'NotApplicable' || finding.cause === 'Exempt') {
        row.excluded++;
        excludedLink ??= finding.portalUri;
        continue;
      }
      row.assessed++;
      if (isOpen(finding)) {
        row.failing++;
        if (f.critical) row.critical++;
        failingResources.add(f.resource ?? finding.resourceId);
      } else row.portalUri ??= finding.portalUri;
    }
    if (!row) continue;
    open += row.failing;
    for (const f of group.open) {
      if (row.failingNames.length >= names) break;
      if (!select(f)) continue;
      // The most urgent failing resource's page is the one to open.
      if (row.failingNames.length === 0 && f.finding.portalUri) row.portalUri = f.finding.portalUri;
      row.failingNames.push(f.finding.resourceName);
    }
    row.remediation ??= row.description;
    row.portalUri ??= excludedLink;
    rows.push(row);
  }

  return {
    rows: rows.sort(
      (a, b) =>
        recommendationWeight(b) - recommendationWeight(a) ||
        b.failing - a.failing ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0),
    ),
    open,
    failingResources: failingResources.size,
  };
}

/** Findings on resources the filters select, of the severities they name (all when none). */
export function scopeSelector(filters: Filters): (f: EstateFinding) => boolean {
  const matched = new Map<EstateResource, boolean>();
  const orphansIn =
    filters.kinds.length +
      filters.clouds.length +
      filters.subscriptions.length +
      filters.resourceGroups.length +
      filters.regions.length +
      filters.owners.length +
      filters.exposure.length ===
    0;
  if (orphansIn && filters.zones.length === 0 && filters.severities.length === 0) return () => true;
  return (f) => {
    if (filters.severities.length > 0 && !filters.severities.includes(f.finding.severity)) return false;
    if (!f.resource) return orphansIn && (filters.zones.length === 0 || filters.zones.includes(f.zone));
    let ok = matched.get(f.resource);
    if (ok === undefined) {
      ok = resourceMatches(f.resource, filters);
      matched.set(f.resource, ok);
    }
    return ok;
  };
}

/** Findings on one resource. */
export const resourceSelector =
  (resource: EstateResource) =>
  (f: EstateFinding): boolean =>
    f.resource === resource;

/**
 * Resource names close to what someone typed, for "did you mean": names containing it first (shortest
 * first), then names within a small edit distance. At most `limit`.
 */
export function suggestResourceNames(estate: Estate, typed: string, limit = 3): string[] {
  const t = typed.trim().toLowerCase();
  if (!t) return [];
  const contains: string[] = [];
  const close: { name: string; d: number }[] = [];
  const seen = new Set<string>();
  const maxDistance = Math.max(2, Math.floor(t.length / 4));
  for (const r of estate.resources) {
    const name = r.resource.name;
    const lower = name.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (lower.includes(t) || (t.length >= 4 && t.includes(lower))) {
      contains.push(name);
      continue;
    }
    const d = boundedDistance(t, lower, maxDistance);
    if (d <= maxDistance) close.push({ name, d });
  }
  contains.sort((a, b) => a.length - b.length || a.localeCompare(b));
  close.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return [...contains, ...close.map((c) => c.name)].slice(0, limit);
}
