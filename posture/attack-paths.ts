// Attack paths that reach AI resources: which ones a question selects, and in which order. Pure.

import type { Estate, EstateResource } from './estate.js';
import { type Filters, resourceMatches } from './filters.js';
import type { AttackPath, AzureResourceId, RiskLevel, Severity } from './model.js';

export const ATTACK_PATHS_PAGE_SIZE = 5;

export const RISK_ORDER: Record<RiskLevel, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };
const riskRank = (p: AttackPath): number => (p.riskLevel ? RISK_ORDER[p.riskLevel] : 4);

/** Highest risk first (unknown risk last), then by name, then id so pages are stable. */
export function compareAttackPaths(a: AttackPath, b: AttackPath): number {
  const risk = riskRank(a) - riskRank(b);
  if (risk !== 0) return risk;
  const name = a.displayName.localeCompare(b.displayName, 'en');
  if (name !== 0) return name;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface AttackPathView {
  path: AttackPath;
  /** The AI resources in the estate that the path touches, in the path's order. */
  aiResources: EstateResource[];
}

// An Estate is immutable once built: its paths are ordered and resolved once.
const views = new WeakMap<Estate, readonly AttackPathView[]>();

/** Every attack path that reaches at least one AI resource, highest risk first. */
export function aiAttackPaths(estate: Estate): readonly AttackPathView[] {
  const hit = views.get(estate);
  if (hit) return hit;
  const list: AttackPathView[] = [];
  for (const path of estate.attackPaths) {
    const aiResources: EstateResource[] = [];
    for (const id of new Set(path.resourceIds)) {
      const r = estate.resource(id);
      if (r) aiResources.push(r);
    }
    if (aiResources.length > 0) list.push({ path, aiResources });
  }
  list.sort((a, b) => compareAttackPaths(a.path, b.path));
  views.set(estate, list);
  return list;
}

const SEVERITY_TO_RISK: Record<Severity, RiskLevel> = { High: 'High', Medium: 'Medium', Low: 'Low' };

/**
 * The paths a question selects. Scope filters (zone, subscription, kind, cloud, owner, exposure…)
 * apply to the AI resources on the path: a path matches when one of them does. Severity words and
 * "critical" select risk levels ("attack paths critical", "attack paths high"); named resources
 * keep the paths that touch one of them.
 */
export function selectAttackPaths(
  estate: Estate,
  filters: Filters,
  resourceIds: ReadonlySet<AzureResourceId> | null = null,
): AttackPathView[] {
  const risks = new Set<RiskLevel>(filters.severities.map((s) => SEVERITY_TO_RISK[s]));
  if (filters.criticalOnly) risks.add('Critical');
  const scoped = { ...filters, severities: [], criticalOnly: false };
  return aiAttackPaths(estate).filter(
    (v) =>
      (risks.size === 0 || (v.path.riskLevel !== null && risks.has(v.path.riskLevel))) &&
      v.aiResources.some((r) => resourceMatches(r, scoped) && (resourceIds === null || resourceIds.has(r.resource.id))),
  );
}

export type RiskTotals = Record<RiskLevel, number> & { total: number; unknown: number };

export function riskTotals(list: readonly AttackPathView[]): RiskTotals {
  const t: RiskTotals = { total: list.length, Critical: 0, High: 0, Medium: 0, Low: 0, unknown: 0 };
  for (const v of list) {
    if (v.path.riskLevel) t[v.path.riskLevel]++;
    else t.unknown++;
  }
  return t;
}
