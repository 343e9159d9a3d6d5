// What each of Vigil's named Resource Graph queries returns, computed from the
// demo estate. The demo tenant recognises a query by name and never interprets
// KQL, so each function here mirrors its query in azure/queries.ts: the same
// filters, the same projected columns in the same order, the same sort.
import {
  AI_ACCOUNT_KINDS,
  AI_ACCOUNT_TYPE,
  AI_DEPLOYMENT_TYPE,
  AI_PROVIDER_MARKERS,
  CONNECTION_TYPES,
  FOUNDRY_PROJECT_TYPE,
  type GraphQueryName,
  LINKED_RESOURCE_TYPES,
  ML_WORKSPACE_KINDS,
  ML_WORKSPACE_TYPE,
  MULTICLOUD_AI_TYPES,
} from '../../queries.js';
import type { ArgRow, DemoEstateView } from '../types.js';

export type GraphRow = Record<string, unknown>;

export interface GraphQueryInput {
  view: DemoEstateView;
  /** Lower-case subscription ids the caller asked about. */
  subscriptions: ReadonlySet<string>;
  /** Raw KQL literals of the query's `let` parameters. */
  params: Record<string, string>;
}

export class QueryParamError extends Error {}

const lower = (s: unknown): string => (typeof s === 'string' ? s.toLowerCase() : '');
const eqi = (a: unknown, b: string): boolean => lower(a) === b.toLowerCase();
const inI = (a: unknown, values: readonly string[]): boolean => values.some((v) => eqi(a, v));
/** KQL's tostring(): null and missing become "". */
const tostring = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

function path(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** KQL `has_any` over the AI provider markers; they are delimited by '/', so a case-insensitive substring test matches. */
const mentionsAi = (text: string): boolean => AI_PROVIDER_MARKERS.some((m) => text.toLowerCase().includes(m));

export function isAiResource(r: ArgRow): boolean {
  return (
    (eqi(r.type, AI_ACCOUNT_TYPE) && inI(r.kind, AI_ACCOUNT_KINDS)) ||
    eqi(r.type, FOUNDRY_PROJECT_TYPE) ||
    (eqi(r.type, ML_WORKSPACE_TYPE) && inI(r.kind, ML_WORKSPACE_KINDS)) ||
    inI(r.type, Object.values(MULTICLOUD_AI_TYPES))
  );
}

const byKeys =
  (...keys: string[]) =>
  (a: GraphRow, b: GraphRow): number => {
    for (const k of keys) {
      const x = tostring(a[k]);
      const y = tostring(b[k]);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };

function parseDatetimeParam(params: Record<string, string>, name: string): number {
  const raw = params[name];
  const m = raw === undefined ? null : /^datetime\((.+)\)$/.exec(raw);
  const ms = m?.[1] ? Date.parse(m[1]) : Number.NaN;
  if (Number.isNaN(ms))
    throw new QueryParamError(`parameter '${name}' must be a datetime literal, got ${raw ?? 'nothing'}`);
  return ms;
}

function inScope(rows: readonly ArgRow[], subs: ReadonlySet<string>): ArgRow[] {
  return rows.filter((r) => subs.has(r.subscriptionId.toLowerCase()));
}

function subscriptions({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  return inScope(view.resourceContainers, subs)
    .filter((r) => eqi(r.type, 'microsoft.resources/subscriptions'))
    .map((r) => ({ subscriptionId: r.subscriptionId, name: r.name, tags: r.tags ?? {}, tenantId: r.tenantId }))
    .sort(byKeys('subscriptionId'));
}

function aiInventory({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  return inScope(view.resources, subs)
    .filter(isAiResource)
    .map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      kind: r.kind ?? '',
      location: r.location ?? '',
      subscriptionId: r.subscriptionId,
      resourceGroup: r.resourceGroup ?? '',
      tags: r.tags ?? {},
      identity: r.identity ?? null,
      properties: r.properties,
    }))
    .sort(byKeys('id'));
}

function aiDeployments({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  return inScope(view.resources, subs)
    .filter((r) => eqi(r.type, AI_DEPLOYMENT_TYPE))
    .map((r) => ({
      id: r.id,
      name: r.name,
      subscriptionId: r.subscriptionId,
      sku: r.sku ?? null,
      modelName: tostring(path(r.properties, 'model', 'name')),
      modelVersion: tostring(path(r.properties, 'model', 'version')),
      modelFormat: tostring(path(r.properties, 'model', 'format')),
      raiPolicyName: tostring(path(r.properties, 'raiPolicyName')),
    }))
    .sort(byKeys('id'));
}

const LINK_PROPERTIES = ['storageAccount', 'keyVault', 'applicationInsights', 'containerRegistry', 'hubResourceId'];

function aiLinkedResources({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  const rows = inScope(view.resources, subs);
  const refs: { aiId: string; linkedId: string }[] = [];
  for (const r of rows) {
    if (isAiResource(r)) {
      for (const p of LINK_PROPERTIES) {
        const linkedId = tostring(path(r.properties, p)).toLowerCase();
        if (linkedId) refs.push({ aiId: r.id.toLowerCase(), linkedId });
      }
      const pecs = path(r.properties, 'privateEndpointConnections');
      for (const pec of Array.isArray(pecs) ? pecs : []) {
        const linkedId = tostring(path(pec, 'properties', 'privateEndpoint', 'id')).toLowerCase();
        if (linkedId) refs.push({ aiId: r.id.toLowerCase(), linkedId });
      }
    } else if (inI(r.type, CONNECTION_TYPES)) {
      const linkedId = tostring(path(r.properties, 'metadata', 'ResourceId')).toLowerCase();
      const aiId = r.id.toLowerCase().split('/connections/')[0] ?? '';
      if (linkedId) refs.push({ aiId, linkedId });
    }
  }
  const joinable = new Map<string, ArgRow>();
  for (const r of rows) {
    if (inI(r.type, LINKED_RESOURCE_TYPES) || isAiResource(r)) joinable.set(r.id.toLowerCase(), r);
  }
  const out: GraphRow[] = [];
  for (const { aiId, linkedId } of refs) {
    const target = joinable.get(linkedId);
    if (!target) continue;
    out.push({
      aiId,
      linkedId,
      name: target.name,
      type: target.type,
      publicNetworkAccess: tostring(path(target.properties, 'publicNetworkAccess')),
    });
  }
  return out.sort(byKeys('aiId', 'linkedId'));
}

function assessments({ view, subscriptions: subs, params }: GraphQueryInput): GraphRow[] {
  const since = parseDatetimeParam(params, 'since');
  const out: GraphRow[] = [];
  for (const r of inScope(view.securityResources, subs)) {
    if (r.type !== 'microsoft.security/assessments') continue;
    const details = path(r.properties, 'resourceDetails');
    const resourceId = (tostring(path(details, 'Id')) || tostring(path(details, 'id'))).toLowerCase();
    if (!mentionsAi(resourceId)) continue;
    const changed = path(r.properties, 'status', 'statusChangeDate');
    const changedMs = typeof changed === 'string' ? Date.parse(changed) : Number.NaN;
    if (!Number.isNaN(changedMs) && changedMs < since) continue;
    out.push({ id: r.id, name: r.name, resourceId, properties: r.properties });
  }
  return out.sort(byKeys('id'));
}

function governanceAssignments({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  return inScope(view.securityResources, subs)
    .filter((r) => r.type === 'microsoft.security/assessments/governanceassignments')
    .map((r) => ({
      id: r.id,
      name: r.name,
      // As the query does: lower-case, then split on the segment name.
      assessmentId: r.id.toLowerCase().split('/governanceassignments/')[0] ?? '',
      properties: r.properties,
    }))
    .filter((r) => mentionsAi(r.assessmentId))
    .sort(byKeys('id'));
}

function attackPaths({ view, subscriptions: subs }: GraphQueryInput): GraphRow[] {
  return inScope(view.securityResources, subs)
    .filter((r) => r.type === 'microsoft.security/attackpaths' && mentionsAi(JSON.stringify(r.properties)))
    .map((r) => ({ id: r.id, name: r.name, subscriptionId: r.subscriptionId, properties: r.properties }))
    .sort(byKeys('id'));
}

export const GRAPH_QUERY_RESULTS: Record<GraphQueryName, (input: GraphQueryInput) => GraphRow[]> = {
  subscriptions,
  'ai-inventory': aiInventory,
  'ai-deployments': aiDeployments,
  'ai-linked-resources': aiLinkedResources,
  assessments,
  'governance-assignments': governanceAssignments,
  'attack-paths': attackPaths,
};

export const isGraphQueryName = (name: string | null): name is GraphQueryName =>
  name !== null && Object.hasOwn(GRAPH_QUERY_RESULTS, name);

/** The subscriptions under a management group: the tenant root group (named after the tenant id) holds them all. */
export function subscriptionsUnderManagementGroup(view: DemoEstateView, group: string): string[] | null {
  const g = group.toLowerCase();
  const subs = view.resourceContainers.filter((r) => eqi(r.type, 'microsoft.resources/subscriptions'));
  if (g === view.tenantId.toLowerCase()) return subs.map((r) => r.subscriptionId.toLowerCase());
  const groupKnown = view.resourceContainers.some(
    (r) => eqi(r.type, 'microsoft.management/managementgroups') && lower(r.name) === g,
  );
  const members = subs.filter((r) => {
    const chain = path(r.properties, 'managementGroupAncestorsChain');
    return Array.isArray(chain) && chain.some((link) => lower(path(link, 'name')) === g);
  });
  return groupKnown || members.length > 0 ? members.map((r) => r.subscriptionId.toLowerCase()) : null;
}
