// Zone reviews: what an attack-path or recommendation review puts in front of people, what changed since
// the previous review, and which reviews were missed. Pure.

import { aiAttackPaths } from './attack-paths.js';
import type { Estate } from './estate.js';
import type { Zone } from './model.js';
import { recommendationsOf } from './recommendations.js';

export type ReviewKind = 'attack-paths' | 'recommendations';

export const REVIEW_TITLES: Record<ReviewKind, string> = {
  'attack-paths': 'Attack path review',
  recommendations: 'Recommendation review',
};

/** One thing to review: an attack path, or a recommendation with the resources failing it. */
export interface ReviewItem {
  id: string;
  title: string;
  /** Risk level (attack paths) or severity (recommendations). */
  level: string;
  /** AI resources of the zone on the path, or failing the recommendation. */
  count: number;
  /** Failing resources whose finding is critical (recommendations). */
  critical: number;
  /** Follow-up question that shows the detail. */
  ask: string;
}

const LEVEL_RANK: Record<string, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };
const byLevel = (a: ReviewItem, b: ReviewItem) =>
  (LEVEL_RANK[a.level] ?? 4) - (LEVEL_RANK[b.level] ?? 4) || b.count - a.count || a.title.localeCompare(b.title, 'en');

/** What a review of `kind` covers in `zone`, most pressing first. */
export function reviewAgenda(estate: Estate, kind: ReviewKind, zone: Zone): ReviewItem[] {
  if (kind === 'attack-paths') {
    const items: ReviewItem[] = [];
    for (const v of aiAttackPaths(estate)) {
      const inZone = v.aiResources.filter((r) => r.placement.zone === zone);
      if (inZone.length === 0) continue;
      items.push({
        id: v.path.id,
        title: v.path.displayName,
        level: v.path.riskLevel ?? 'Unknown',
        count: inZone.length,
        critical: 0,
        ask: `attack paths ${inZone[0]?.resource.name ?? `zone ${zone}`}`,
      });
    }
    return items.sort(byLevel);
  }
  const view = recommendationsOf(estate, (f) => f.zone === zone);
  return view.rows
    .filter((r) => r.failing > 0)
    .map((r) => ({
      id: r.key,
      title: r.displayName,
      level: r.severity,
      count: r.failing,
      critical: r.critical,
      ask: `recommendations zone ${zone}`,
    }))
    .sort(byLevel);
}

export interface ReviewChanges {
  /** False for the first review of its kind and zone: everything is new, nothing to compare with. */
  compared: boolean;
  added: ReviewItem[];
  removed: ReviewItem[];
  /** Items whose count of resources changed: `from` → `item.count`. */
  changed: { item: ReviewItem; from: number }[];
}

/** What changed between the previous review's items and today's. */
export function reviewChanges(previous: readonly ReviewItem[] | null, current: readonly ReviewItem[]): ReviewChanges {
  if (previous === null) return { compared: false, added: [], removed: [], changed: [] };
  const before = new Map(previous.map((i) => [i.id, i]));
  const now = new Map(current.map((i) => [i.id, i]));
  const added = current.filter((i) => !before.has(i.id));
  const removed = previous.filter((i) => !now.has(i.id));
  const changed: ReviewChanges['changed'] = [];
  for (const item of current) {
    const was = before.get(item.id);
    if (was && was.count !== item.count) changed.push({ item, from: was.count });
  }
  return { compared: true, added, removed, changed };
}

export function describeChanges(c: ReviewChanges): string {
  if (!c.compared) return 'First review of its kind for this zone: nothing to compare with yet.';
  const parts: string[] = [];
  if (c.added.length > 0) parts.push(`${c.added.length} new`);
  if (c.removed.length > 0) parts.push(`${c.removed.length} gone`);
  if (c.changed.length > 0) parts.push(`${c.changed.length} changed`);
  return parts.length === 0 ? 'No change since the last review.' : `Since the last review: ${parts.join(', ')}.`;
}

export type ReviewStatus = 'reviewed' | 'reviewed-late' | 'open' | 'missed';

/** Reviewed on time, reviewed after it was due, still open, or missed (due and nobody marked it). */
export function reviewStatus(r: { dueBy: string; reviewedAt: string | null }, now: Date): ReviewStatus {
  if (r.reviewedAt !== null) return r.reviewedAt <= r.dueBy ? 'reviewed' : 'reviewed-late';
  return now.toISOString() > r.dueBy ? 'missed' : 'open';
}

/** Who may sign a review off: SOC analysts, leaders and admins (it is evidence, so not any reader). */
export function mayMarkReviewed(roles: readonly string[]): boolean {
  return roles.includes('soc') || roles.includes('leader') || roles.includes('admin');
}
