// The AI recommendations that apply to a scope: Defender's assessments grouped by recommendation
// (assessment key), with how many resources fail each and how to fix it. Pure.

import type { Estate, EstateFinding, EstateResource } from './estate.js';
import { isOpen, SEVERITY_RANK } from './estate.js';
import { type Filters, resourceMatches } from './filters.js';
import type { AssessmentKey, Severity } from './model.js';
import { SEVERITY_WEIGHT } from './score.js';
import { editDistance } from './text.js';

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
  /** Names of the failing resources, most urgent first. */
  failingResources: string[];
}

/** Sort weight: failing resources × severity weight (High 3 · Medium 2 · Low 1). */
export const recommendationWeight = (r: RecommendationRow): number => r.failing * SEVERITY_WEIGHT[r.severity];

interface Group {
  row: RecommendationRow;
  urgent: EstateFinding | null;
  failingFindings: EstateFinding[];
}

/**
 * Recommendations over the findings `select` keeps, most to fix first (failing × severity, then failing,
 * then severity, then name). Recommendations with nothing assessed (all exempt or not applicable) are kept,
 * with assessed 0, so a caller can say so.
 */
export function recommendationsOf(estate: Estate, select: (f: EstateFinding) => boolean): RecommendationRow[] {
  const groups = new Map<AssessmentKey, Group>();
  for (const f of estate.findings) {
    if (!select(f)) continue;
    const finding = f.finding;
    let g = groups.get(finding.key);
    if (!g) {
      g = {
        row: {
          key: finding.key,
          displayName: finding.displayName,
          severity: finding.severity,
          failing: 0,
          assessed: 0,
          excluded: 0,
          critical: 0,
          remediation: null,
          description: null,
          portalUri: null,
          failingResources: [],
        },
        urgent: null,
        failingFindings: [],
      };
      groups.set(finding.key, g);
    }
    const row = g.row;
    row.remediation ??= finding.remediation;
    row.description ??= finding.description;
    if (finding.status === 'NotApplicable' || finding.cause === 'Exempt') {
      row.excluded++;
      row.portalUri ??= finding.portalUri;
      continue;
    }
    row.assessed++;
    if (isOpen(finding)) {
      row.failing++;
      if (f.critical) row.critical++;
      g.failingFindings.push(f);
    } else row.portalUri ??= finding.portalUri;
  }
  const rows: RecommendationRow[] = [];
  for (const g of groups.values()) {
    g.failingFindings.sort(failingOrder);
    const first = g.failingFindings[0];
    if (first?.finding.portalUri) g.row.portalUri = first.finding.portalUri;
    g.row.failingResources = g.failingFindings.map((f) => f.finding.resourceName);
    g.row.remediation ??= g.row.description;
    rows.push(g.row);
  }
  return rows.sort(
    (a, b) =>
      recommendationWeight(b) - recommendationWeight(a) ||
      b.failing - a.failing ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.displayName.localeCompare(b.displayName),
  );
}

/** Critical first, then the earliest due date, then by resource name: the order people fix things in. */
function failingOrder(a: EstateFinding, b: EstateFinding): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  const da = a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const db = b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return da - db || a.finding.resourceName.localeCompare(b.finding.resourceName);
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
    // Cheap bound first: lengths that differ by more than the allowed distance cannot be close.
    if (Math.abs(lower.length - t.length) > maxDistance) continue;
    const d = editDistance(t, lower);
    if (d <= maxDistance) close.push({ name, d });
  }
  contains.sort((a, b) => a.length - b.length || a.localeCompare(b));
  close.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return [...contains, ...close.map((c) => c.name)].slice(0, limit);
}
