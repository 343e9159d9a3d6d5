// The inventory questions over the estate: which AI resources there are (filtered, counted, sorted),
// one resource's AI bill of materials, finding a resource by a name people half remember, and what a
// person owns. Pure; per-estate indexes are built once and cached by Estate instance.

import type { Estate, EstateResource } from './estate.js';
import { type Filters, isPublic, resourceMatches } from './filters.js';
import type { AiResourceKind, BomRole, Cloud, Zone } from './model.js';
import { ZONE_NAMES } from './policy.js';
import { countdown } from './sla.js';
import { boundedDistance } from './text.js';

export const KIND_LABELS: Record<AiResourceKind, string> = {
  openai: 'Azure OpenAI',
  'ai-services': 'AI Services',
  'ml-hub': 'ML hub',
  'ml-project': 'ML project',
  'ml-workspace': 'ML workspace',
  'foundry-project': 'Foundry project',
  bedrock: 'AWS Bedrock',
  sagemaker: 'SageMaker',
  'vertex-ai': 'Vertex AI',
};

const ROLE_LABELS: Record<BomRole, string> = {
  storage: 'Storage',
  search: 'AI Search',
  'key-vault': 'Key vault',
  'container-registry': 'Container registry',
  'app-insights': 'Application Insights',
  hub: 'Hub',
  'ai-services': 'AI Services',
  'private-endpoint': 'Private endpoint',
  identity: 'Managed identity',
};
/** The order a reader scans a BOM in: data first, then secrets, then plumbing. */
const ROLE_ORDER: readonly BomRole[] = [
  'storage',
  'search',
  'key-vault',
  'container-registry',
  'app-insights',
  'hub',
  'ai-services',
  'private-endpoint',
  'identity',
];

// ---- per-estate indexes ------------------------------------------------------------------------

interface Index {
  /** Resources in answer order: zone 3 first, then most open findings, then name. */
  sorted: EstateResource[];
  /** Subscription id → name without the prefix every subscription shares ("Contoso "). */
  shortNames: Map<string, string>;
  /** Normalised names for lookup, aligned with `sorted`. */
  keys: { dashed: string; compact: string }[];
}

const indexes = new WeakMap<Estate, Index>();

function indexOf(estate: Estate): Index {
  const cached = indexes.get(estate);
  if (cached) return cached;
  const sorted = [...estate.resources].sort(byAnswerOrder);
  const index: Index = {
    sorted,
    shortNames: shortSubscriptionNames(estate.subscriptions),
    keys: sorted.map((r) => ({ dashed: dashed(r.resource.name), compact: compact(r.resource.name) })),
  };
  indexes.set(estate, index);
  return index;
}

function byAnswerOrder(a: EstateResource, b: EstateResource): number {
  if (a.placement.zone !== b.placement.zone) return b.placement.zone - a.placement.zone;
  if (a.openFindings.length !== b.openFindings.length) return b.openFindings.length - a.openFindings.length;
  return a.resource.name.localeCompare(b.resource.name) || a.resource.id.localeCompare(b.resource.id);
}

/** Drop the first word when every subscription starts with it ("Contoso Claims AI - Production" → "Claims AI - Production"). */
export function shortSubscriptionNames(subs: readonly { id: string; name: string }[]): Map<string, string> {
  const firstWords = new Set(subs.map((s) => s.name.split(' ')[0]));
  const shared = subs.length > 1 && firstWords.size === 1 ? [...firstWords][0] : undefined;
  return new Map(
    subs.map((s) => {
      const rest = shared ? s.name.slice(shared.length).trim() : '';
      return [s.id, rest || s.name];
    }),
  );
}

export function subscriptionShortName(estate: Estate, r: EstateResource): string {
  return indexOf(estate).shortNames.get(r.resource.subscriptionId) ?? r.subscription?.name ?? r.resource.subscriptionId;
}

// ---- inventory ---------------------------------------------------------------------------------

export interface Count {
  label: string;
  count: number;
}

export interface InventoryRow {
  id: string;
  name: string;
  kind: string;
  cloud: Cloud;
  zone: Zone;
  subscription: string;
  resourceGroup: string;
  region: string;
  /** "public", "private endpoint", "local auth on". */
  badges: string[];
  owner: string | null;
  openFindings: number;
}

export interface InventoryView {
  total: number;
  byKind: Count[];
  byCloud: Count[];
  /** Zone 3 first, zones with no resource left out. */
  byZone: (Count & { zone: Zone })[];
  /** Every matching resource in answer order (the caller pages). */
  resources: readonly EstateResource[];
}

/**
 * AI resources matching the filters, counted by kind, cloud and zone, in answer order.
 * Severity and "critical" filters keep resources with such an open finding.
 */
export function inventory(estate: Estate, filters: Filters): InventoryView {
  const matches = indexOf(estate).sorted.filter((r) => resourceMatches(r, filters) && hasFindingsAsked(r, filters));
  const kinds = new Map<string, number>();
  const clouds = new Map<string, number>();
  const zones = new Map<Zone, number>();
  for (const r of matches) {
    bump(kinds, KIND_LABELS[r.resource.kind]);
    bump(clouds, r.resource.cloud);
    bump(zones, r.placement.zone);
  }
  return {
    total: matches.length,
    byKind: countsOf(kinds),
    byCloud: countsOf(clouds),
    byZone: ([3, 2, 1] as const)
      .filter((z) => zones.has(z))
      .map((zone) => ({ zone, label: `Zone ${zone}`, count: zones.get(zone) ?? 0 })),
    resources: matches,
  };
}

function hasFindingsAsked(r: EstateResource, f: Filters): boolean {
  if (f.severities.length === 0 && !f.criticalOnly) return true;
  return r.openFindings.some(
    (x) => (f.severities.length === 0 || f.severities.includes(x.finding.severity)) && (!f.criticalOnly || x.critical),
  );
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function countsOf(map: Map<string, number>): Count[] {
  return [...map]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** What a reader should notice about reachability: public access, private endpoints, API keys. */
export function exposureBadges(r: EstateResource): string[] {
  const badges: string[] = [];
  if (isPublic(r)) badges.push('public');
  const pe = r.resource.exposure.privateEndpointCount;
  if (pe > 0) badges.push(pe === 1 ? 'private endpoint' : `${pe} private endpoints`);
  if (r.resource.exposure.localAuthEnabled === true) badges.push('local auth on');
  return badges;
}

export function inventoryRow(estate: Estate, r: EstateResource): InventoryRow {
  return {
    id: r.resource.id,
    name: r.resource.name,
    kind: KIND_LABELS[r.resource.kind],
    cloud: r.resource.cloud,
    zone: r.placement.zone,
    subscription: subscriptionShortName(estate, r),
    resourceGroup: r.resource.resourceGroup,
    region: r.resource.location,
    badges: exposureBadges(r),
    owner: r.owner?.id ?? null,
    openFindings: r.openFindings.length,
  };
}

// ---- finding a resource by name ----------------------------------------------------------------

export type Lookup =
  | {
      kind: 'found';
      resource: EstateResource /** Set when the name was a near miss: what was asked. */;
      closestTo: string | null;
    }
  | { kind: 'ambiguous'; matches: EstateResource[] }
  | { kind: 'none'; suggestions: string[] };

const dashed = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Near misses allowed for a direct answer: one slip in short names, two in long ones. */
const typoBudget = (length: number) => (length >= 8 ? 2 : 1);

/**
 * A resource by full ARM id, exact name (case-insensitive), unique prefix or substring, or a close typo.
 * Several candidates → ambiguous (answer order); nothing → suggestions, closest first.
 */
export function findResource(estate: Estate, query: string, suggestionLimit = 5): Lookup {
  const q = query.trim().toLowerCase();
  if (q === '') return { kind: 'none', suggestions: [] };
  if (q.startsWith('/subscriptions/') || q.includes('/providers/')) {
    const byId = estate.resource(q.replace(/\/+$/, ''));
    if (byId) return { kind: 'found', resource: byId, closestTo: null };
  }
  const exact = estate.resourcesNamed(q);
  if (exact.length === 1 && exact[0]) return { kind: 'found', resource: exact[0], closestTo: null };
  if (exact.length > 1) return { kind: 'ambiguous', matches: [...exact].sort(byAnswerOrder) };

  const index = indexOf(estate);
  const qd = dashed(q);
  const qc = compact(q);
  if (qc === '') return { kind: 'none', suggestions: [] };

  // Same name once spaces, dashes and underscores are forgiven.
  const same = pick(index, (k) => k.dashed === qd || k.compact === qc);
  if (same.length > 0) return oneOrMany(same, null);
  const prefix = pick(index, (k) => k.dashed.startsWith(qd) || k.compact.startsWith(qc));
  if (prefix.length > 0) return oneOrMany(prefix, null);
  const inside = pick(index, (k) => k.dashed.includes(qd) || (qc.length >= 4 && k.compact.includes(qc)));
  if (inside.length > 0) return oneOrMany(inside, null);

  // Typos: score every name within reach (length difference bounds the distance, so most are skipped cheaply).
  const reach = Math.max(3, Math.floor(qc.length / 3));
  const scored: { r: EstateResource; d: number }[] = [];
  const scratch = new Int32Array((qc.length + 1) * 2);
  index.keys.forEach((k, i) => {
    if (Math.abs(k.compact.length - qc.length) > reach) return;
    const d = boundedDistance(qc, k.compact, reach, scratch);
    const r = index.sorted[i];
    if (r && d <= reach) scored.push({ r, d });
  });
  scored.sort((a, b) => a.d - b.d || a.r.resource.name.localeCompare(b.r.resource.name));
  const [best, second] = scored;
  if (best && best.d <= typoBudget(qc.length) && (!second || second.d > best.d)) {
    return { kind: 'found', resource: best.r, closestTo: query.trim() };
  }
  const suggestions = distinct(scored.map((s) => s.r.resource.name));
  // Names sharing a word with the query ("claims-bot" → claims-*), when spelling alone finds too little.
  if (suggestions.length < suggestionLimit) {
    const words = qd.split('-').filter((w) => w.length >= 3);
    for (const [i, k] of index.keys.entries()) {
      if (suggestions.length >= suggestionLimit) break;
      const name = index.sorted[i]?.resource.name;
      if (name && words.some((w) => k.dashed.split('-').includes(w)) && !suggestions.includes(name))
        suggestions.push(name);
    }
  }
  return { kind: 'none', suggestions: suggestions.slice(0, suggestionLimit) };
}

function pick(index: Index, test: (k: Index['keys'][number]) => boolean): EstateResource[] {
  const out: EstateResource[] = [];
  index.keys.forEach((k, i) => {
    const r = index.sorted[i];
    if (r && test(k)) out.push(r);
  });
  return out;
}

function oneOrMany(matches: EstateResource[], closestTo: string | null): Lookup {
  if (matches.length === 1 && matches[0]) return { kind: 'found', resource: matches[0], closestTo };
  return { kind: 'ambiguous', matches };
}

function distinct(xs: string[]): string[] {
  return [...new Set(xs)];
}

// ---- the AI bill of materials ------------------------------------------------------------------

export interface BomFact {
  label: string;
  value: string;
  /** True when the value weakens the resource's posture (public access on, keys on…). */
  risky: boolean;
}

export interface BomView {
  id: string;
  name: string;
  kind: string;
  cloud: Cloud;
  region: string;
  subscription: string;
  subscriptionId: string;
  resourceGroup: string;
  zone: Zone;
  zoneName: string;
  /** The rule that placed the resource in its zone. */
  zoneBecause: string;
  owner: { id: string; source: string } | null;
  /** People governance assignments name on this resource's open findings (other than the tag owner). */
  findingOwners: string[];
  exposure: BomFact[];
  identities: string[];
  deployments: {
    name: string;
    model: string;
    version: string | null;
    sku: string | null;
    capacity: number | null;
    /** null when the deployment has no content filter. */
    contentFilter: string | null;
  }[];
  links: { role: BomRole; roleLabel: string; name: string; publicNetworkAccess: string | null }[];
  openFindings: {
    title: string;
    severity: string;
    critical: boolean;
    /** "2 d 4 h left", "overdue by 3 h", or "no SLA date". */
    countdown: string;
    sla: 'overdue' | 'due-soon' | 'on-track' | 'unknown';
    owner: string | null;
    portalUri: string | null;
  }[];
  attackPaths: { name: string; risk: string; entryPoint: string | null; target: string | null }[];
  /** Azure portal page of the resource (Azure resources only). */
  portalUrl: string | null;
  /** ARN or GCP resource name of a resource seen through a connector. */
  nativeId: string | null;
}

const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? 'unknown' : v ? yes : no);

export function bomView(estate: Estate, r: EstateResource, now: Date): BomView {
  const res = r.resource;
  const e = res.exposure;
  const ownerIds = new Set<string>();
  for (const f of r.openFindings) if (f.owner && f.owner.id !== r.owner?.id) ownerIds.add(f.owner.id);
  const links = [...res.links]
    .filter((l) => l.role !== 'identity' || !res.identities.some((i) => i.resourceId === l.id))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name));
  return {
    id: res.id,
    name: res.name,
    kind: KIND_LABELS[res.kind],
    cloud: res.cloud,
    region: res.location,
    subscription: r.subscription?.name ?? res.subscriptionId,
    subscriptionId: res.subscriptionId,
    resourceGroup: res.resourceGroup,
    zone: r.placement.zone,
    zoneName: ZONE_NAMES[r.placement.zone],
    zoneBecause: r.placement.because,
    owner: r.owner ? { id: r.owner.id, source: r.owner.source === 'resource-tag' ? 'owner tag' : 'governance' } : null,
    findingOwners: [...ownerIds].sort(),
    exposure: [
      {
        label: 'Public network access',
        value: e.publicNetworkAccess ?? 'not reported',
        risky: isPublic(r),
      },
      {
        label: 'Default action',
        value: e.defaultAction ?? 'not set',
        risky: e.defaultAction?.toLowerCase() === 'allow',
      },
      { label: 'IP rules', value: String(e.ipRuleCount), risky: false },
      {
        label: 'Private endpoints',
        value: String(e.privateEndpointCount),
        risky: false,
      },
      {
        label: 'Local auth (API keys)',
        value: yesNo(e.localAuthEnabled, 'on', 'off'),
        risky: e.localAuthEnabled === true,
      },
    ],
    identities: res.identities.map((i) =>
      i.kind === 'SystemAssigned'
        ? `System-assigned${i.principalId ? ` (principal ${i.principalId})` : ''}`
        : `User-assigned ${i.resourceId ? lastSegment(i.resourceId) : (i.principalId ?? '')}`.trim(),
    ),
    deployments: res.deployments.map((d) => ({
      name: d.name,
      model: d.model,
      version: d.modelVersion,
      sku: d.sku,
      capacity: d.capacity,
      contentFilter: d.contentFilter,
    })),
    links: links.map((l) => ({
      role: l.role,
      roleLabel: ROLE_LABELS[l.role],
      name: l.name,
      // Sources disagree on case ("enabled" / "Enabled").
      publicNetworkAccess: l.publicNetworkAccess && capitalise(l.publicNetworkAccess),
    })),
    openFindings: r.openFindings.map((f) => ({
      title: f.finding.displayName,
      severity: f.finding.severity,
      critical: f.critical,
      countdown: f.dueAt ? countdown(now, f.dueAt) : 'no SLA date',
      sla: estate.slaStatus(f, now) ?? 'unknown',
      owner: f.owner?.id ?? null,
      portalUri: f.finding.portalUri,
    })),
    attackPaths: r.attackPaths.map((p) => ({
      name: p.displayName,
      risk: p.riskLevel ?? 'unknown',
      entryPoint: p.entryPoint,
      target: p.target,
    })),
    portalUrl: res.cloud === 'Azure' && res.id.startsWith('/subscriptions/') ? portalUrlOf(res.id) : null,
    nativeId: res.nativeId,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const lastSegment = (id: string) => id.split('/').filter(Boolean).pop() ?? id;

export function portalUrlOf(armId: string): string {
  return `https://portal.azure.com/#resource${armId}/overview`;
}
