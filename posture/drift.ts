// Drift between two discoveries: AI resources that appeared or went away, resources that moved zone, and
// the changes that widen exposure (public network access turned on, API keys re-enabled, network rules
// loosened, a new model deployment). Pure and O(n): one Map lookup per resource (the Estate's own index).

import type { Estate, EstateResource } from './estate.js';
import type { AiResourceKind, AzureResourceId, Cloud, SourceIssue, SubscriptionId, Zone } from './model.js';

export const DRIFT_KINDS = [
  'public-network-enabled',
  'local-auth-enabled',
  'network-rules-loosened',
  'deployment-added',
  'resource-added',
  'zone-changed',
  'resource-removed',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** Changes that widen what can reach an AI resource or what it runs: the ones a zone's channel must look at. */
export const RISKY_KINDS: ReadonlySet<DriftKind> = new Set([
  'public-network-enabled',
  'local-auth-enabled',
  'network-rules-loosened',
  'deployment-added',
]);

export type DriftRisk = 'high' | 'medium' | 'low' | 'info';
const RISK_RANK: Record<DriftRisk, number> = { high: 0, medium: 1, low: 2, info: 3 };
const KIND_RANK = Object.fromEntries(DRIFT_KINDS.map((k, i) => [k, i])) as Record<DriftKind, number>;

/** The resource a change is about, as the discovery that saw the change knew it. */
export interface DriftResource {
  id: AzureResourceId;
  name: string;
  kind: AiResourceKind;
  cloud: Cloud;
  /** Zone after the change (before it, for a removed resource). */
  zone: Zone;
  /** Lower-cased owner from the resource's owner tag, when it has one. */
  owner: string | null;
  subscriptionId: SubscriptionId;
  subscriptionName: string | null;
  resourceGroup: string;
  location: string;
}

export interface DeploymentRef {
  name: string;
  model: string;
  modelVersion: string | null;
  /** Content filter (RAI policy); null when the deployment has none. */
  contentFilter: string | null;
}

interface Base<K extends DriftKind> {
  kind: K;
  /** Stable identity of the change (see driftKey): same change, same key, whoever computes it. */
  key: string;
  risk: DriftRisk;
  /** One of RISKY_KINDS. */
  risky: boolean;
  resource: DriftResource;
}

export type DriftChange =
  | (Base<'resource-added'> & {
      publicNetworkAccess: string | null;
      localAuthEnabled: boolean | null;
      deployments: DeploymentRef[];
    })
  | Base<'resource-removed'>
  | (Base<'zone-changed'> & { fromZone: Zone; toZone: Zone })
  | (Base<'public-network-enabled'> & {
      from: string | null;
      to: string;
      /** The network rules the endpoint opened with: "Allow" (or none) is open to every network. */
      defaultAction: string | null;
      ipRuleCount: number;
    })
  | (Base<'local-auth-enabled'> & { from: false; to: true })
  | (Base<'network-rules-loosened'> & { from: string; to: string })
  | (Base<'deployment-added'> & { deployment: DeploymentRef });

export interface DriftCounts {
  added: number;
  removed: number;
  /** Resources that moved into the zone (or, over the whole estate, between zones). */
  moved: number;
  risky: number;
  total: number;
}

/**
 * What the comparison could not vouch for: when a discovery's AI inventory (or deployment) query came back
 * incomplete, a missing resource may only be missing from the answer, so removals (or additions) are held back.
 */
export interface DriftGaps {
  /** The newer discovery's inventory was incomplete: resources it lacks were not reported removed. */
  removalsHeldBack: number;
  /** The older discovery's inventory was incomplete: resources it lacked were not reported added. */
  additionsHeldBack: number;
  /** The older discovery's deployment list was incomplete: new deployments were not reported. */
  deploymentsUnchecked: boolean;
}

export interface Drift {
  /** takenAt of the two discoveries compared (ISO). */
  before: string;
  after: string;
  /** Every change, most risky first. */
  changes: DriftChange[];
  counts: DriftCounts;
  gaps: DriftGaps;
}

export interface ZoneDrift {
  zone: Zone;
  before: string;
  after: string;
  /** The zone's changes, most risky first. */
  changes: DriftChange[];
  counts: DriftCounts;
  /** "2 new AI resources, 1 risky change". */
  summary: string;
  gaps: DriftGaps;
}

/**
 * A change's identity, from what changed and never from when it was seen: resource id, kind, and the new
 * value (deployment name and model for a new deployment, the zones for a move). Two replicas, or a
 * discovery run again, produce the same key for the same change. A setting that flips back and forth
 * yields the same key each time it flips on, so a store that dedupes on it forever would hide a relapse:
 * scope the dedupe to a window, or forget a key once the setting is seen off again.
 */
export function driftKey(change: DriftKeyInput): string {
  const id = change.resource.id.toLowerCase();
  return ['drift', change.kind, id, ...detailOf(change)].join('|');
}

/** What a key is made of; every DriftChange is one. */
export interface DriftKeyInput {
  kind: DriftKind;
  resource: { id: string };
  to?: string | boolean;
  fromZone?: Zone;
  toZone?: Zone;
  deployment?: DeploymentRef;
}

function detailOf(change: DriftKeyInput): string[] {
  switch (change.kind) {
    case 'public-network-enabled':
    case 'local-auth-enabled':
    case 'network-rules-loosened':
      return [String(change.to ?? '').toLowerCase()];
    case 'deployment-added': {
      const d = change.deployment;
      return d ? [d.name.toLowerCase(), `${d.model.toLowerCase()}@${(d.modelVersion ?? '').toLowerCase()}`] : [];
    }
    case 'zone-changed':
      return [`${change.fromZone ?? ''}>${change.toZone ?? ''}`];
    case 'resource-added':
    case 'resource-removed':
      return [];
  }
}

// ---- detection ---------------------------------------------------------------------------------

const eqi = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
const isEnabled = (v: string | null) => eqi(v, 'Enabled');

function refOf(r: EstateResource): DriftResource {
  const x = r.resource;
  return {
    id: x.id,
    name: x.name,
    kind: x.kind,
    cloud: x.cloud,
    zone: r.placement.zone,
    owner: r.owner?.id ?? null,
    subscriptionId: x.subscriptionId,
    subscriptionName: r.subscription?.name ?? null,
    resourceGroup: x.resourceGroup,
    location: x.location,
  };
}

const deploymentRef = (d: {
  name: string;
  model: string;
  modelVersion: string | null;
  contentFilter: string | null;
}) => ({
  name: d.name,
  model: d.model,
  modelVersion: d.modelVersion,
  contentFilter: d.contentFilter,
});

/** Did this discovery fail to list everything the query named `operation` should have returned? */
function incomplete(issues: readonly SourceIssue[], operation: string): boolean {
  return issues.some((i) => i.source === 'resource-graph' && i.operation === operation);
}

/** Build a change with its key and "risky" flag filled in. */
function change<C extends Omit<DriftChange, 'key' | 'risky'>>(c: C): C & { key: string; risky: boolean } {
  return { ...c, key: driftKey(c), risky: RISKY_KINDS.has(c.kind) };
}

/** Compare two discoveries of the estate. Order of resources in either does not matter. */
export function detectDrift(before: Estate, after: Estate): Drift {
  const afterInventoryIncomplete = incomplete(after.snapshot.issues, 'ai-inventory');
  const beforeInventoryIncomplete = incomplete(before.snapshot.issues, 'ai-inventory');
  const deploymentsUnchecked = incomplete(before.snapshot.issues, 'ai-deployments');
  const changes: DriftChange[] = [];
  let additionsHeldBack = 0;
  let removalsHeldBack = 0;

  for (const now of after.resources) {
    const was = before.resource(now.resource.id);
    if (!was) {
      if (beforeInventoryIncomplete) additionsHeldBack++;
      else changes.push(added(now));
      continue;
    }
    compare(was, now, deploymentsUnchecked, changes);
  }
  for (const was of before.resources) {
    if (after.resource(was.resource.id)) continue;
    if (afterInventoryIncomplete) removalsHeldBack++;
    else changes.push(change({ kind: 'resource-removed', risk: 'info', resource: refOf(was) }));
  }

  changes.sort(byRisk);
  return {
    before: before.snapshot.takenAt,
    after: after.snapshot.takenAt,
    changes,
    counts: countsOf(changes),
    gaps: { removalsHeldBack, additionsHeldBack, deploymentsUnchecked },
  };
}

function added(now: EstateResource): DriftChange {
  const x = now.resource;
  const exposed = isEnabled(x.exposure.publicNetworkAccess) || x.exposure.localAuthEnabled === true;
  return change({
    kind: 'resource-added',
    risk: exposed ? 'medium' : 'low',
    resource: refOf(now),
    publicNetworkAccess: x.exposure.publicNetworkAccess,
    localAuthEnabled: x.exposure.localAuthEnabled,
    deployments: x.deployments.map(deploymentRef),
  });
}

function compare(was: EstateResource, now: EstateResource, deploymentsUnchecked: boolean, out: DriftChange[]): void {
  const a = was.resource.exposure;
  const b = now.resource.exposure;
  if (was.placement.zone !== now.placement.zone) {
    out.push(
      change({
        kind: 'zone-changed',
        risk: now.placement.zone < was.placement.zone ? 'low' : 'info',
        resource: refOf(now),
        fromZone: was.placement.zone,
        toZone: now.placement.zone,
      }),
    );
  }
  const opened = isEnabled(b.publicNetworkAccess) && !isEnabled(a.publicNetworkAccess);
  if (opened) {
    out.push(
      change({
        kind: 'public-network-enabled',
        // Opened behind an IP allow-list is less exposed than opened to every network.
        risk: eqi(b.defaultAction, 'Deny') ? 'medium' : 'high',
        resource: refOf(now),
        from: a.publicNetworkAccess,
        to: b.publicNetworkAccess as string,
        defaultAction: b.defaultAction,
        ipRuleCount: b.ipRuleCount,
      }),
    );
  }
  if (a.localAuthEnabled === false && b.localAuthEnabled === true) {
    out.push(change({ kind: 'local-auth-enabled', risk: 'high', resource: refOf(now), from: false, to: true }));
  }
  // Rules matter only while the public endpoint is open (with public access disabled an Allow does nothing),
  // and an endpoint opened in this same interval already says which rules it opened with.
  if (
    eqi(a.defaultAction, 'Deny') &&
    eqi(b.defaultAction, 'Allow') &&
    !eqi(b.publicNetworkAccess, 'Disabled') &&
    !opened
  ) {
    out.push(
      change({
        kind: 'network-rules-loosened',
        risk: 'high',
        resource: refOf(now),
        from: a.defaultAction as string,
        to: b.defaultAction as string,
      }),
    );
  }
  if (!deploymentsUnchecked && !sameNames(was.resource.deployments, now.resource.deployments)) {
    const known = new Set(was.resource.deployments.map((d) => d.name.toLowerCase()));
    for (const d of now.resource.deployments) {
      if (known.has(d.name.toLowerCase())) continue;
      out.push(
        change({
          kind: 'deployment-added',
          // A model serving without a content filter is the riskier kind of new deployment.
          risk: d.contentFilter === null && now.resource.cloud === 'Azure' ? 'high' : 'medium',
          resource: refOf(now),
          deployment: deploymentRef(d),
        }),
      );
    }
  }
}

/** The common case, checked without allocating: the same deployments in the same order. */
function sameNames(a: readonly { name: string }[], b: readonly { name: string }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.name !== b[i]?.name) return false;
  return true;
}

/** Most risky first; then by kind, most sensitive zone, name, and key so ties never depend on input order. */
export function byRisk(a: DriftChange, b: DriftChange): number {
  return (
    RISK_RANK[a.risk] - RISK_RANK[b.risk] ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    b.resource.zone - a.resource.zone ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.key, b.key)
  );
}

// Code-unit order, not locale order: the same everywhere the key is computed.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function countsOf(changes: readonly DriftChange[]): DriftCounts {
  const c: DriftCounts = { added: 0, removed: 0, moved: 0, risky: 0, total: changes.length };
  for (const x of changes) {
    if (x.kind === 'resource-added') c.added++;
    else if (x.kind === 'resource-removed') c.removed++;
    else if (x.kind === 'zone-changed') c.moved++;
    if (x.risky) c.risky++;
  }
  return c;
}

// ---- by zone -------------------------------------------------------------------------------------

/**
 * The drift of each zone that has any, most sensitive zone first. A change belongs to the resource's zone
 * after it (a removed resource's zone before); a resource that moved zone is reported in its new zone.
 */
export function driftByZone(drift: Drift): ZoneDrift[] {
  const byZone = new Map<Zone, DriftChange[]>();
  for (const c of drift.changes) {
    const list = byZone.get(c.resource.zone);
    if (list) list.push(c);
    else byZone.set(c.resource.zone, [c]);
  }
  return ([3, 2, 1] as const)
    .filter((z) => byZone.has(z))
    .map((zone) => {
      const changes = byZone.get(zone) ?? [];
      const counts = countsOf(changes);
      return {
        zone,
        before: drift.before,
        after: drift.after,
        changes,
        counts,
        summary: driftSummary(counts),
        gaps: drift.gaps,
      };
    });
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "2 new AI resources, 1 risky change, 1 removed, 1 moved in"; "no changes" when there are none. */
export function driftSummary(counts: DriftCounts): string {
  const parts: string[] = [];
  if (counts.added > 0) parts.push(n(counts.added, 'new AI resource'));
  if (counts.risky > 0) parts.push(n(counts.risky, 'risky change'));
  if (counts.removed > 0) parts.push(`${counts.removed} removed`);
  if (counts.moved > 0) parts.push(`${counts.moved} moved in`);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

// ---- words -------------------------------------------------------------------------------------

const deploymentText = (d: DeploymentRef) =>
  `${d.name} (${d.model}${d.modelVersion ? ` ${d.modelVersion}` : ''})${d.contentFilter === null ? ' without a content filter' : ''}`;

/** What changed, in a few words: "Public network access turned on (was Disabled)". */
export function describeChange(c: DriftChange): string {
  switch (c.kind) {
    case 'public-network-enabled': {
      const rules = eqi(c.defaultAction, 'Deny')
        ? c.ipRuleCount > 0
          ? `limited to ${n(c.ipRuleCount, 'IP rule')}`
          : 'limited to trusted networks'
        : 'open to all networks';
      return `Public network access turned on (was ${c.from ?? 'not set'}), ${rules}`;
    }
    case 'local-auth-enabled':
      return 'Local auth (API keys) re-enabled';
    case 'network-rules-loosened':
      return `Network rules loosened: default action ${c.from} → ${c.to}`;
    case 'deployment-added':
      return `New model deployment ${deploymentText(c.deployment)}`;
    case 'resource-added': {
      const notes: string[] = [];
      if (isEnabled(c.publicNetworkAccess)) notes.push('public network access on');
      if (c.localAuthEnabled === true) notes.push('API keys enabled');
      if (c.deployments.length > 0) notes.push(n(c.deployments.length, 'deployment'));
      return `New AI resource${notes.length > 0 ? `: ${notes.join(', ')}` : ''}`;
    }
    case 'zone-changed':
      return `Moved from zone ${c.fromZone} to zone ${c.toZone}`;
    case 'resource-removed':
      return 'No longer discovered (deleted, or out of Vigil’s reach)';
  }
}
