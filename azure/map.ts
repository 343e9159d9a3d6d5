// Resource Graph rows → the domain's resources (with their AI bill of
// materials), subscriptions, plans and scores. Pure: no I/O, no clock.
import {
  type AiDeployment,
  type AiResource,
  type AiResourceKind,
  type BomLink,
  type BomRole,
  type Cloud,
  type Identity,
  type NetworkExposure,
  type PlanState,
  resourceId,
  type SecureScore,
  type Subscription,
  subscriptionId,
} from '../posture/model.js';
import { arr, at, atAny, bool, lastSegment, num, obj, str } from './bag.js';
import { AI_ACCOUNT_TYPE, FOUNDRY_PROJECT_TYPE, ML_WORKSPACE_TYPE, MULTICLOUD_AI_TYPES } from './queries.js';
import type {
  DeploymentRow,
  InventoryRow,
  LinkedRow,
  PricingList,
  SecureScoreItemWire,
  SubscriptionRow,
} from './wire.js';

export function mapSubscription(row: SubscriptionRow): Subscription {
  return { id: subscriptionId(row.subscriptionId), name: row.name ?? row.subscriptionId, tags: row.tags };
}

/** Vigil's AI resource kind from the ARM type and kind; null for anything else. */
export function aiKindOf(type: string, kind: string | null | undefined): AiResourceKind | null {
  const t = type.toLowerCase();
  const k = (kind ?? '').toLowerCase();
  if (t === AI_ACCOUNT_TYPE) return k === 'openai' ? 'openai' : k === 'aiservices' ? 'ai-services' : null;
  if (t === FOUNDRY_PROJECT_TYPE) return 'foundry-project';
  if (t === ML_WORKSPACE_TYPE)
    return k === 'hub' ? 'ml-hub' : k === 'project' ? 'ml-project' : k === 'default' ? 'ml-workspace' : null;
  if (t === MULTICLOUD_AI_TYPES.bedrock) return 'bedrock';
  if (t === MULTICLOUD_AI_TYPES.sagemaker) return 'sagemaker';
  if (t === MULTICLOUD_AI_TYPES.vertex) return 'vertex-ai';
  return null;
}

/** The cloud a resource lives in: its connector type, or Defender's `resourceDetails.Source` (Azure/Aws/Gcp). */
export function cloudOf(type: string, source?: string | null): Cloud {
  const s = (source ?? '').toLowerCase();
  if (s === 'aws') return 'AWS';
  if (s === 'gcp') return 'GCP';
  const t = type.toLowerCase();
  if (t.startsWith('microsoft.awsconnector/')) return 'AWS';
  if (t.startsWith('microsoft.gcpconnector/')) return 'GCP';
  return 'Azure';
}

function exposureOf(type: string, props: unknown): NetworkExposure {
  const acls = at(props, 'networkAcls');
  const disableLocalAuth = bool(at(props, 'disableLocalAuth'));
  const isCognitive = type.toLowerCase().startsWith('microsoft.cognitiveservices/');
  return {
    publicNetworkAccess: str(at(props, 'publicNetworkAccess')),
    defaultAction: str(at(acls, 'defaultAction')),
    ipRuleCount: arr(at(acls, 'ipRules')).length,
    privateEndpointCount: arr(at(props, 'privateEndpointConnections')).length,
    // Keys work on Cognitive Services accounts unless disableLocalAuth is true; elsewhere only the property says.
    localAuthEnabled: disableLocalAuth !== null ? !disableLocalAuth : isCognitive ? true : null,
  };
}

function identitiesOf(identity: Record<string, unknown> | null | undefined): Identity[] {
  const type = (str(at(identity, 'type')) ?? '').toLowerCase();
  const out: Identity[] = [];
  if (type.includes('systemassigned')) {
    out.push({ kind: 'SystemAssigned', principalId: str(at(identity, 'principalId')), resourceId: null });
  }
  const assigned = obj(at(identity, 'userAssignedIdentities')) ?? {};
  for (const [id, value] of Object.entries(assigned)) {
    out.push({ kind: 'UserAssigned', principalId: str(at(value, 'principalId')), resourceId: resourceId(id) });
  }
  return out;
}

const ROLE_BY_TYPE: Record<string, BomRole> = {
  'microsoft.storage/storageaccounts': 'storage',
  'microsoft.search/searchservices': 'search',
  'microsoft.keyvault/vaults': 'key-vault',
  'microsoft.containerregistry/registries': 'container-registry',
  'microsoft.insights/components': 'app-insights',
  'microsoft.machinelearningservices/workspaces': 'hub',
  'microsoft.cognitiveservices/accounts': 'ai-services',
  'microsoft.network/privateendpoints': 'private-endpoint',
  'microsoft.managedidentity/userassignedidentities': 'identity',
};

export function bomRoleOf(type: string): BomRole | null {
  return ROLE_BY_TYPE[type.toLowerCase()] ?? null;
}

/** BOM lines the resource row itself reveals: its private endpoints and user-assigned identities. */
function ownLinks(row: InventoryRow): BomLink[] {
  const links: BomLink[] = [];
  for (const conn of arr(at(row.properties, 'privateEndpointConnections'))) {
    const id = str(atAny(at(conn, 'properties', 'privateEndpoint'), 'id', 'Id'));
    if (id) {
      links.push({
        id: resourceId(id),
        name: lastSegment(id),
        type: 'microsoft.network/privateendpoints',
        role: 'private-endpoint',
        publicNetworkAccess: null,
      });
    }
  }
  for (const id of Object.keys(obj(at(row.identity, 'userAssignedIdentities')) ?? {})) {
    links.push({
      id: resourceId(id),
      name: lastSegment(id),
      type: 'microsoft.managedidentity/userassignedidentities',
      role: 'identity',
      publicNetworkAccess: null,
    });
  }
  return links;
}

export function mapDeployment(row: DeploymentRow): { parentId: string; deployment: AiDeployment } {
  const id = row.id.toLowerCase();
  const cut = id.lastIndexOf('/deployments/');
  return {
    parentId: cut >= 0 ? id.slice(0, cut) : id,
    deployment: {
      name: lastSegment(row.id),
      model: str(row.modelName) ?? 'unknown',
      modelVersion: str(row.modelVersion),
      modelFormat: str(row.modelFormat),
      sku: str(at(row.sku, 'name')),
      capacity: num(at(row.sku, 'capacity')),
      contentFilter: str(row.raiPolicyName),
    },
  };
}

export function mapLinked(row: LinkedRow): { aiId: string; link: BomLink } | null {
  const type = (row.type ?? '').toLowerCase();
  const role = bomRoleOf(type);
  if (!role) return null;
  return {
    aiId: row.aiId.toLowerCase(),
    link: {
      id: resourceId(row.linkedId),
      name: str(row.name) ?? lastSegment(row.linkedId),
      type,
      role,
      publicNetworkAccess: str(row.publicNetworkAccess),
    },
  };
}

/** Connector and native id of a resource seen through a multi-cloud connector (ARN, GCP resource name). */
function multiCloudIds(cloud: Cloud, props: unknown): { connectorId: string | null; nativeId: string | null } {
  if (cloud === 'Azure') return { connectorId: null, nativeId: null };
  return {
    connectorId: str(atAny(props, 'connectorId', 'ConnectorId', 'publicCloudConnectorsResourceId')),
    nativeId: str(
      atAny(props, 'arn', 'nativeResourceId', 'NativeResourceId', 'resourceName', 'publicCloudResourceName'),
    ),
  };
}

export interface InventoryInput {
  inventory: InventoryRow[];
  deployments: DeploymentRow[];
  linked: LinkedRow[];
}

export interface InventoryResult {
  resources: AiResource[];
  /** Rows that are not an AI resource Vigil knows (kept out, reported by the caller). */
  unrecognised: InventoryRow[];
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** AI resources with their deployments and linked resources attached (the AI-BOM). */
export function mapInventory({ inventory, deployments, linked }: InventoryInput): InventoryResult {
  const deploymentsByParent = new Map<string, AiDeployment[]>();
  for (const row of deployments) {
    const { parentId, deployment } = mapDeployment(row);
    pushTo(deploymentsByParent, parentId, deployment);
  }
  const linksByAi = new Map<string, BomLink[]>();
  for (const row of linked) {
    const mapped = mapLinked(row);
    if (mapped) pushTo(linksByAi, mapped.aiId, mapped.link);
  }

  const resources: AiResource[] = [];
  const unrecognised: InventoryRow[] = [];
  for (const row of inventory) {
    const kind = aiKindOf(row.type, row.kind);
    if (!kind) {
      unrecognised.push(row);
      continue;
    }
    const id = resourceId(row.id);
    const links = new Map<string, BomLink>();
    for (const link of [...(linksByAi.get(id) ?? []), ...ownLinks(row)]) {
      if (link.id !== id && !links.has(link.id)) links.set(link.id, link);
    }
    const props = row.properties ?? {};
    const cloud = cloudOf(row.type);
    resources.push({
      id,
      name: row.name,
      kind,
      armType: row.type.toLowerCase(),
      cloud,
      location: row.location ?? '',
      subscriptionId: subscriptionId(row.subscriptionId),
      resourceGroup: row.resourceGroup ?? '',
      tags: row.tags,
      exposure: exposureOf(row.type, props),
      identities: identitiesOf(row.identity),
      deployments: (deploymentsByParent.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      links: [...links.values()].sort((a, b) => a.id.localeCompare(b.id)),
      ...multiCloudIds(cloud, props),
    });
  }
  return { resources, unrecognised };
}

export function mapPricings(sub: string, list: PricingList): PlanState[] {
  return list.value.map((p) => ({
    subscriptionId: subscriptionId(sub),
    plan: p.name,
    tier: p.properties.pricingTier.toLowerCase() === 'standard' ? 'Standard' : 'Free',
    subPlan: str(p.properties.subPlan),
    enabledSince: str(p.properties.enablementTime),
    extensions: (p.properties.extensions ?? []).map((e) => ({
      name: e.name,
      enabled: e.isEnabled === true || (typeof e.isEnabled === 'string' && e.isEnabled.toLowerCase() === 'true'),
    })),
  }));
}

/** The subscription's score: Defender's default initiative (`ascScore`) when listed, else the first. */
export function mapSecureScore(sub: string, items: SecureScoreItemWire[]): SecureScore | null {
  const item = items.find((i) => i.name === 'ascScore') ?? items[0];
  const current = num(item?.current);
  const max = num(item?.max);
  if (!item || current === null || max === null) return null;
  const percentage = num(item.percentage) ?? (max > 0 ? current / max : 0);
  return { subscriptionId: subscriptionId(sub), current, max, percentage };
}
