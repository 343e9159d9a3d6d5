// The demo estate's inventory: subscriptions, resource groups, AI resources
// and their bill of materials (deployments, storage, search, key vaults,
// registries, App Insights, private endpoints, identities, connections).
// Rows are built once; the security posture (findings.ts) and the request
// logs (logs.ts) read the typed nodes kept alongside them.

import {
  AI_ACCOUNT_TYPE,
  AI_DEPLOYMENT_TYPE,
  FOUNDRY_PROJECT_TYPE,
  ML_CONNECTION_TYPE,
  ML_WORKSPACE_TYPE,
  MULTICLOUD_AI_TYPES,
} from '../queries.js';
import {
  type AppSpec,
  BASE_APPS,
  BASE_SUBSCRIPTIONS,
  ENVIRONMENT_TAG,
  EXTRA_BUSINESS_UNITS,
  type ModelSpec,
  model,
  type Region,
  region,
  type SubscriptionSpec,
} from './catalog.js';
import { ownersOf, RESOURCE_OWNERS } from './people.js';
import { Rng } from './random.js';
import type { ArgRow, DemoPerson, DemoSubscription, DemoWorkspace } from './types.js';

/** Connections of AI Services / Foundry accounts and projects (BOM links outside ML workspaces). */
export const AI_ACCOUNT_CONNECTION_TYPE = 'microsoft.cognitiveservices/accounts/connections';
export const FOUNDRY_PROJECT_CONNECTION_TYPE = 'microsoft.cognitiveservices/accounts/projects/connections';

export type AiKind =
  | 'openai'
  | 'ai-services'
  | 'foundry-project'
  | 'ml-hub'
  | 'ml-project'
  | 'ml-workspace'
  | 'bedrock'
  | 'sagemaker'
  | 'vertex-ai';

export type Cloud = 'Azure' | 'AWS' | 'GCP';
type Posture = 'strict' | 'typical' | 'loose';
/** How ownership of an app can be discovered: owner tag on resources, only on the resource group, only through governance assignments, or not at all. */
export type OwnerMode = 'tag' | 'rg' | 'governance' | 'none';

export interface SubNode extends DemoSubscription {
  index: number;
  /** Base subscription this one is modelled on (itself for the scale-1 ones). */
  template: number;
  spec: SubscriptionSpec;
  row: ArgRow;
}

export interface WorkspaceNode extends DemoWorkspace {
  nonProd: boolean;
  europe: boolean;
}

export interface DeploymentNode {
  id: string;
  name: string;
  model: ModelSpec;
  raiPolicyName: string | null;
  rowIndex: number;
}

export interface AiNode {
  id: string;
  lid: string;
  name: string;
  kind: AiKind;
  /** Lower-case type, as Resource Graph reports it. */
  type: string;
  /** ARM-cased type and provider, as Defender's resourceDetails carry them. */
  armType: string;
  provider: string;
  cloud: Cloud;
  app: AppNode;
  parent: AiNode | null;
  rg: string;
  location: string;
  utcOffsetHours: number;
  rowIndex: number;
  publicNetwork: boolean;
  aclAllow: boolean;
  localAuth: boolean;
  privateEndpoint: boolean;
  cmk: boolean;
  workspace: WorkspaceNode | null;
  deployments: DeploymentNode[];
  guardrails: boolean;
  apiKeyConnections: boolean;
  modelFindings: boolean;
  /** AWS PrivateLink / SageMaker VPC / Vertex private endpoint. */
  nativePrivate: boolean;
  /** Owner tag on the resource itself. */
  ownerTag: DemoPerson | null;
  /** Requests per 5 minutes at a weekday peak (0 when the resource has no request logs). */
  peak: number;
  nativeId: string | null;
  connectorId: string | null;
  linked: Partial<Record<'storage' | 'search' | 'keyVault' | 'acr' | 'appInsights' | 'uai' | 'pe', string>>;
  createdMs: number;
}

export interface AppNode {
  key: string;
  spec: AppSpec;
  copy: number;
  sub: SubNode;
  rg: string;
  region: Region;
  posture: Posture;
  owner: DemoPerson | null;
  ownerMode: OwnerMode;
  nodes: AiNode[];
  /** Principal id of the app's user-assigned identity: the service principal that calls its models. */
  callerPrincipalId: string;
  createdMs: number;
}

export interface Connector {
  id: string;
  cloud: 'AWS' | 'GCP';
  sub: SubNode;
  /** AWS account id or GCP project id. */
  hierarchyId: string;
}

export interface Inventory {
  tenantId: string;
  subs: SubNode[];
  workspaces: WorkspaceNode[];
  apps: AppNode[];
  ai: AiNode[];
  connectors: Connector[];
  containers: ArgRow[];
  resources: ArgRow[];
}

const DAY = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const alnum = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function providerPath(subId: string, rg: string, provider: string, rest: string): string {
  return `/subscriptions/${subId}/resourceGroups/${rg}/providers/${provider}/${rest}`;
}

const POSTURE_OF: Record<AppSpec['env'], Posture> = {
  reg: 'strict',
  prod: 'typical',
  shared: 'typical',
  dev: 'loose',
  sbx: 'loose',
};

interface Knobs {
  publicNetwork: number;
  aclAllow: number;
  localAuth: number;
  privateEndpoint: number;
  cmk: number;
  diagnostics: number;
  noFilter: number;
}

const KNOBS: Record<Posture, Knobs> = {
  strict: { publicNetwork: 0.1, aclAllow: 0.2, localAuth: 0.15, privateEndpoint: 0.95, cmk: 0.85, diagnostics: 1, noFilter: 0.03 },
  typical: { publicNetwork: 0.6, aclAllow: 0.55, localAuth: 0.45, privateEndpoint: 0.5, cmk: 0.15, diagnostics: 0.88, noFilter: 0.12 },
  loose: { publicNetwork: 0.95, aclAllow: 0.85, localAuth: 0.85, privateEndpoint: 0.1, cmk: 0.02, diagnostics: 0.6, noFilter: 0.3 },
};

export interface InventoryOptions {
  seed: number;
  scale: number;
  epochMs: number;
}

/** Build the inventory for a seed and scale. Subscriptions grow with √scale, workloads with scale. */
export function buildInventory(opts: InventoryOptions): Inventory {
  const { seed, epochMs } = opts;
  const copies = Math.max(1, Math.round(opts.scale));
  const root = Rng.for(seed, 'inventory');
  const tenantId = Rng.for(seed, 'tenant').guid();
  const containers: ArgRow[] = [];
  const resources: ArgRow[] = [];
  const push = (row: ArgRow): number => resources.push(row) - 1;

  // ---- subscriptions
  const subs: SubNode[] = [];
  const subRng = root.fork('subscriptions');
  const subCount = Math.max(BASE_SUBSCRIPTIONS.length, Math.round(BASE_SUBSCRIPTIONS.length * Math.sqrt(copies)));
  for (let i = 0; i < subCount; i++) {
    const template = i < BASE_SUBSCRIPTIONS.length ? i : (i - BASE_SUBSCRIPTIONS.length) % BASE_SUBSCRIPTIONS.length;
    const base = BASE_SUBSCRIPTIONS[template] as SubscriptionSpec;
    const extra = i >= BASE_SUBSCRIPTIONS.length;
    const r = subRng.fork(`sub:${i}`);
    const subscriptionId = r.guid();
    const unit = extra ? EXTRA_BUSINESS_UNITS[(i - BASE_SUBSCRIPTIONS.length) % EXTRA_BUSINESS_UNITS.length] : undefined;
    const displayName = extra ? `${base.displayName} ${pad(Math.floor(i / BASE_SUBSCRIPTIONS.length) + 1)} (${unit})` : base.displayName;
    // Larger estates get a few more subscriptions without Defender CSPM.
    const cspm = extra ? base.cspm && !r.chance(0.15) : base.cspm;
    const spec: SubscriptionSpec = { ...base, displayName, cspm, aiPlan: cspm ? base.aiPlan : 'free' };
    const tags: Record<string, string> = {
      'ai-zone': String(base.zone),
      costCenter: base.costCenter,
      'business-unit': base.businessUnit,
    };
    if (base.businessUnit === 'platform' || base.businessUnit === 'mcloud') tags.owner = 'ben.carter@contoso.com';
    const row: ArgRow = {
      id: `/subscriptions/${subscriptionId}`,
      name: displayName,
      type: 'microsoft.resources/subscriptions',
      tenantId,
      subscriptionId,
      tags,
      properties: {
        state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
        managementGroupAncestorsChain: [
          { name: `mg-ai-zone-${base.zone}`, displayName: `AI Zone ${base.zone}` },
          { name: 'mg-contoso', displayName: 'Contoso' },
          { name: tenantId, displayName: 'Tenant Root Group' },
        ],
      },
    };
    containers.push(row);
    subs.push({ subscriptionId, displayName, zone: base.zone, cspm, index: i, template, spec, row });
  }
  const subsByTemplate = new Map<number, SubNode[]>();
  for (const s of subs.slice(BASE_SUBSCRIPTIONS.length)) {
    const list = subsByTemplate.get(s.template) ?? [];
    list.push(s);
    subsByTemplate.set(s.template, list);
  }
  const platformSub = subs[8] ?? (subs[0] as SubNode);

  // ---- Log Analytics workspaces (in the platform subscription)
  const workspaces: WorkspaceNode[] = [];
  const wsRng = root.fork('workspaces');
  const wsPerKind = Math.max(1, Math.round(Math.sqrt(copies)));
  const wsKinds = [
    { base: 'log-secops-prod-weu', location: 'westeurope', nonProd: false, europe: true },
    { base: 'log-ai-prod-eus', location: 'eastus', nonProd: false, europe: false },
    { base: 'log-ai-nonprod-weu', location: 'westeurope', nonProd: true, europe: true },
  ];
  for (let k = 0; k < wsPerKind; k++) {
    for (const w of wsKinds) {
      const name = k === 0 ? w.base : `${w.base}-${pad(k + 1)}`;
      const resourceId = providerPath(
        platformSub.subscriptionId,
        'rg-platform-monitoring',
        'Microsoft.OperationalInsights',
        `workspaces/${name}`,
      );
      const customerId = wsRng.guid();
      workspaces.push({ customerId, resourceId, name, subscriptionId: platformSub.subscriptionId, nonProd: w.nonProd, europe: w.europe });
      push({
        id: resourceId,
        name,
        type: 'microsoft.operationalinsights/workspaces',
        tenantId,
        subscriptionId: platformSub.subscriptionId,
        resourceGroup: 'rg-platform-monitoring',
        location: w.location,
        tags: { environment: 'Production', costCenter: 'CC-0100', owner: 'ben.carter@contoso.com' },
        properties: {
          customerId,
          provisioningState: 'Succeeded',
          sku: { name: 'PerGB2018' },
          retentionInDays: w.nonProd ? 30 : 90,
          publicNetworkAccessForIngestion: 'Enabled',
          publicNetworkAccessForQuery: 'Enabled',
        },
      });
    }
  }
  const rgRows = new Map<string, ArgRow>();
  const ensureRg = (sub: SubNode, rg: string, location: string, tags: Record<string, string>) => {
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg}`;
    const key = id.toLowerCase();
    const existing = rgRows.get(key);
    if (existing) {
      if (tags.owner && existing.tags && !existing.tags.owner) existing.tags.owner = tags.owner;
      return;
    }
    const row: ArgRow = {
      id,
      name: rg,
      type: 'microsoft.resources/subscriptions/resourcegroups',
      tenantId,
      subscriptionId: sub.subscriptionId,
      resourceGroup: rg,
      location,
      tags: { ...tags },
      properties: { provisioningState: 'Succeeded' },
    };
    rgRows.set(key, row);
    containers.push(row);
  };
  ensureRg(platformSub, 'rg-platform-monitoring', 'westeurope', {
    environment: 'Production',
    costCenter: 'CC-0100',
    owner: 'ben.carter@contoso.com',
  });

  // ---- connectors (multi-cloud)
  const connectorSub = subs[4] ?? (subs[0] as SubNode);
  const connectorRng = root.fork('connectors');
  const connectors: Connector[] = [];
  const addConnector = (cloud: 'AWS' | 'GCP', name: string, rg: string, hierarchyId: string) => {
    const id = providerPath(connectorSub.subscriptionId, rg, 'Microsoft.Security', `securityConnectors/${name}`);
    ensureRg(connectorSub, rg, 'eastus', { environment: 'Production', costCenter: 'CC-0900', owner: 'ben.carter@contoso.com' });
    push({
      id,
      name,
      type: 'microsoft.security/securityconnectors',
      tenantId,
      subscriptionId: connectorSub.subscriptionId,
      resourceGroup: rg,
      location: 'eastus',
      tags: { environment: 'Production' },
      properties: {
        environmentName: cloud,
        hierarchyIdentifier: hierarchyId,
        offerings: cloud === 'AWS'
          ? [{ offeringType: 'CspmMonitorAws' }, { offeringType: 'DefenderCspmAws' }, { offeringType: 'DefenderForAiAws' }]
          : [{ offeringType: 'CspmMonitorGcp' }, { offeringType: 'DefenderCspmGcp' }],
      },
    });
    const c: Connector = { id, cloud, sub: connectorSub, hierarchyId };
    connectors.push(c);
    return c;
  };
  const awsConnector = addConnector('AWS', 'aws-contoso-ai-prod', 'rg-mdc-aws-connectors', String(connectorRng.int(100000000000, 999999999999)));
  const gcpConnector = addConnector('GCP', 'gcp-contoso-ml-prod', 'rg-mdc-gcp-connectors', 'contoso-ml-prod');

  // ---- apps and their AI resources
  const apps: AppNode[] = [];
  const ai: AiNode[] = [];
  const taken = new Set<string>();
  const appRng = root.fork('apps');
  for (let copy = 1; copy <= copies; copy++) {
    const modes = ownerModes(appRng.fork(`owner-modes:${copy}`));
    BASE_APPS.forEach((spec, appIndex) => {
      const r = appRng.fork(`app:${copy}:${appIndex}`);
      const pool = subsByTemplate.get(spec.sub);
      const sub = copy === 1 || !pool || pool.length === 0 ? (subs[spec.sub] as SubNode) : (pool[(copy - 2) % pool.length] as SubNode);
      const sfx = copy === 1 ? '' : `-${pad(copy, copies >= 100 ? 3 : 2)}`;
      const rg = `${spec.rg}${sfx}`;
      const reg = region(spec.region);
      const posture = POSTURE_OF[spec.env];
      const owners = ownersOf(spec.bu);
      const ownerMode = modes[appIndex] ?? 'tag';
      const owner = ownerMode === 'none' ? null : owners.length > 0 ? r.pick(owners) : r.pick(RESOURCE_OWNERS);
      const createdMs = epochMs - r.int(25, 420) * DAY - r.int(0, 86_399) * 1000;
      const app: AppNode = {
        key: `${spec.bu}:${spec.archetype}:${spec.region}:${appIndex}${sfx}`,
        spec,
        copy,
        sub,
        rg,
        region: reg,
        posture,
        owner,
        ownerMode,
        nodes: [],
        callerPrincipalId: r.guid(),
        createdMs,
      };
      apps.push(app);
      const baseTags: Record<string, string> = {
        environment: ENVIRONMENT_TAG[spec.env],
        costCenter: sub.spec.costCenter,
      };
      ensureRg(sub, rg, reg.name, { ...baseTags, ...(owner && ownerMode !== 'none' && ownerMode !== 'governance' ? { owner: owner.upn } : {}) });
      const ctx: BuildCtx = { tenantId, app, r, sfx, baseTags, push, resources, ai, workspaces, epochMs, awsConnector, gcpConnector, taken };
      buildApp(ctx);
    });
  }

  ensureVariety(ai, resources);
  return { tenantId, subs, workspaces, apps, ai, connectors, containers, resources };
}

const OWNER_MODES: readonly (readonly [OwnerMode, number])[] = [
  ['tag', 0.55],
  ['rg', 0.17],
  ['governance', 0.15],
  ['none', 0.13],
];

/** Owner discovery per app of one copy of the layout, with every mode present at least once. */
function ownerModes(r: Rng): OwnerMode[] {
  const modes = BASE_APPS.map(() => r.weighted(OWNER_MODES));
  const forced = new Set<number>();
  const alone = (i: number) => BASE_APPS.filter((a) => a.sub === BASE_APPS[i]?.sub && a.rg === BASE_APPS[i]?.rg).length === 1;
  const eligible = (i: number) => {
    const spec = BASE_APPS[i] as AppSpec;
    const azure = spec.archetype !== 'bedrock' && spec.archetype !== 'sagemaker' && spec.archetype !== 'vertex';
    return azure && spec.env !== 'reg' && BASE_SUBSCRIPTIONS[spec.sub]?.cspm === true && spec.archetype !== 'mlw';
  };
  for (const [mode] of OWNER_MODES) {
    // Governance-only and unowned workloads must sit alone in their resource group, or a neighbour's owner tag would land on it.
    const needsAlone = mode === 'governance' || mode === 'none';
    const existing = modes.findIndex((m, i) => m === mode && (!needsAlone || (alone(i) && eligible(i))));
    if (existing >= 0) {
      forced.add(existing);
      continue;
    }
    const candidates = modes
      .map((_, i) => i)
      .filter((i) => !forced.has(i) && eligible(i) && (!needsAlone || alone(i)) && modes.filter((m) => m === modes[i]).length > 1);
    if (candidates.length === 0) continue;
    const i = r.pick(candidates);
    modes[i] = mode;
    forced.add(i);
  }
  return modes;
}

interface BuildCtx {
  tenantId: string;
  app: AppNode;
  r: Rng;
  sfx: string;
  baseTags: Record<string, string>;
  push: (row: ArgRow) => number;
  resources: ArgRow[];
  ai: AiNode[];
  workspaces: WorkspaceNode[];
  epochMs: number;
  awsConnector: Connector;
  gcpConnector: Connector;
  /** Names taken per resource group and type, so two workloads in one group never collide. */
  taken: Set<string>;
}

/** `name`, or `name-2`, `name-3`… if the resource group already holds one of that type. */
function uniqueName(ctx: BuildCtx, type: string, name: string): string {
  let candidate = name;
  for (let k = 2; ctx.taken.has(`${ctx.app.sub.subscriptionId}/${ctx.app.rg}/${type}/${candidate}`.toLowerCase()); k++) candidate = `${name}-${k}`;
  ctx.taken.add(`${ctx.app.sub.subscriptionId}/${ctx.app.rg}/${type}/${candidate}`.toLowerCase());
  return candidate;
}

function resourceTags(ctx: BuildCtx, extra: Record<string, string> = {}): Record<string, string> {
  const { app } = ctx;
  const tags: Record<string, string> = { ...ctx.baseTags, app: `${app.spec.bu}-${app.spec.archetype}`, ...extra };
  if (app.ownerMode === 'tag' && app.owner) tags.owner = app.owner.upn;
  if (app.spec.env === 'reg' || app.spec.bu === 'hr' || app.spec.bu === 'legal') tags['data-classification'] = 'Confidential';
  return tags;
}

function pickWorkspace(ctx: BuildCtx): WorkspaceNode | null {
  const { app, r, workspaces } = ctx;
  const knobs = KNOBS[app.posture];
  if (!r.chance(knobs.diagnostics)) return null;
  const nonProd = app.spec.env === 'dev' || app.spec.env === 'sbx';
  const europe = app.region.utcOffsetHours >= -1 && app.region.utcOffsetHours <= 3;
  const fitting = workspaces.filter((w) => w.nonProd === nonProd && (nonProd || w.europe === europe));
  const list = fitting.length > 0 ? fitting : workspaces;
  return r.pick(list);
}

function newNode(ctx: BuildCtx, partial: Omit<AiNode, 'lid' | 'app' | 'utcOffsetHours' | 'createdMs' | 'deployments' | 'linked'> & Partial<Pick<AiNode, 'linked'>>): AiNode {
  const node: AiNode = {
    ...partial,
    lid: partial.id.toLowerCase(),
    app: ctx.app,
    utcOffsetHours: ctx.app.region.utcOffsetHours,
    createdMs: ctx.app.createdMs,
    deployments: [],
    linked: partial.linked ?? {},
  };
  ctx.app.nodes.push(node);
  ctx.ai.push(node);
  return node;
}

function buildApp(ctx: BuildCtx): void {
  switch (ctx.app.spec.archetype) {
    case 'openai':
      buildAccount(ctx, 'OpenAI', `oai-${ctx.app.spec.bu}-${ctx.app.spec.env}-${ctx.app.region.short}${ctx.sfx}`, ctx.app.spec.models ?? [], ctx.app.spec.peak ?? 1, true);
      return;
    case 'foundry':
      buildFoundry(ctx);
      return;
    case 'hub':
      buildHub(ctx);
      return;
    case 'mlw':
      buildMlWorkspace(ctx);
      return;
    case 'bedrock':
    case 'sagemaker':
    case 'vertex':
      buildMultiCloud(ctx);
      return;
  }
}

interface Shared {
  storage: { id: string; name: string; public: boolean };
  keyVault: { id: string; name: string; public: boolean };
  search: { id: string; name: string; public: boolean } | null;
  acr: { id: string; name: string; public: boolean } | null;
  appInsights: { id: string; name: string } | null;
  uai: { id: string; name: string; principalId: string; clientId: string };
}

/** The supporting resources of one app: storage, key vault, search, registry, App Insights, identity. */
function buildShared(ctx: BuildCtx, wants: { search: boolean; acr: boolean; appInsights: boolean }): Shared {
  const { app, r, push, tenantId } = ctx;
  const subId = app.sub.subscriptionId;
  const bu = alnum(app.spec.bu).slice(0, 8);
  const env = app.spec.env;
  const knobs = KNOBS[app.posture];
  const loc = app.region.name;
  const tags = () => (r.chance(0.6) ? resourceTags(ctx) : { ...ctx.baseTags });

  const stName = `st${bu}${env}${r.hex(6)}`.slice(0, 24);
  const stPublic = r.chance(knobs.publicNetwork * 0.8);
  const stId = providerPath(subId, app.rg, 'Microsoft.Storage', `storageAccounts/${stName}`);
  push({
    id: stId,
    name: stName,
    type: 'microsoft.storage/storageaccounts',
    kind: 'StorageV2',
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: tags(),
    sku: { name: app.posture === 'strict' ? 'Standard_ZRS' : 'Standard_LRS', tier: 'Standard' },
    properties: {
      provisioningState: 'Succeeded',
      publicNetworkAccess: stPublic ? 'Enabled' : 'Disabled',
      allowBlobPublicAccess: stPublic && r.chance(0.25),
      allowSharedKeyAccess: app.posture !== 'strict',
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      networkAcls: { defaultAction: stPublic ? 'Allow' : 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
      primaryEndpoints: { blob: `https://${stName}.blob.core.windows.net/`, dfs: `https://${stName}.dfs.core.windows.net/` },
      encryption: { keySource: app.posture === 'strict' ? 'Microsoft.Keyvault' : 'Microsoft.Storage' },
    },
  });

  const kvName = `kv-${bu}-${env}-${r.hex(4)}`.slice(0, 24);
  const kvPublic = r.chance(knobs.publicNetwork * 0.7);
  const kvId = providerPath(subId, app.rg, 'Microsoft.KeyVault', `vaults/${kvName}`);
  push({
    id: kvId,
    name: kvName,
    type: 'microsoft.keyvault/vaults',
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: tags(),
    properties: {
      provisioningState: 'Succeeded',
      tenantId,
      sku: { family: 'A', name: app.posture === 'strict' ? 'premium' : 'standard' },
      vaultUri: `https://${kvName}.vault.azure.net/`,
      publicNetworkAccess: kvPublic ? 'Enabled' : 'Disabled',
      enableRbacAuthorization: app.posture !== 'loose' || r.chance(0.5),
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: app.posture === 'strict',
      networkAcls: { defaultAction: kvPublic ? 'Allow' : 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] },
    },
  });

  let search: Shared['search'] = null;
  if (wants.search) {
    const name = uniqueName(ctx, 'search', `srch-${app.spec.bu}-${env}-${app.region.short}${ctx.sfx}`);
    const pub = r.chance(knobs.publicNetwork);
    const id = providerPath(subId, app.rg, 'Microsoft.Search', `searchServices/${name}`);
    push({
      id,
      name,
      type: 'microsoft.search/searchservices',
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags(),
      sku: { name: app.posture === 'loose' ? 'basic' : 'standard' },
      identity: { type: 'SystemAssigned', principalId: r.guid(), tenantId },
      properties: {
        provisioningState: 'succeeded',
        status: 'running',
        replicaCount: app.posture === 'loose' ? 1 : 2,
        partitionCount: 1,
        hostingMode: 'default',
        // Microsoft.Search reports these in lower case.
        publicNetworkAccess: pub ? 'enabled' : 'disabled',
        disableLocalAuth: app.posture === 'strict',
        semanticSearch: 'standard',
        networkRuleSet: { ipRules: [], bypass: 'AzureServices' },
      },
    });
    search = { id, name, public: pub };
  }

  let acr: Shared['acr'] = null;
  if (wants.acr) {
    const name = `cr${bu}${env}${r.hex(6)}`.slice(0, 50);
    const pub = r.chance(knobs.publicNetwork);
    const id = providerPath(subId, app.rg, 'Microsoft.ContainerRegistry', `registries/${name}`);
    push({
      id,
      name,
      type: 'microsoft.containerregistry/registries',
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags(),
      sku: { name: app.posture === 'strict' ? 'Premium' : 'Standard', tier: app.posture === 'strict' ? 'Premium' : 'Standard' },
      properties: {
        provisioningState: 'Succeeded',
        loginServer: `${name}.azurecr.io`,
        adminUserEnabled: app.posture === 'loose',
        publicNetworkAccess: pub ? 'Enabled' : 'Disabled',
        networkRuleBypassOptions: 'AzureServices',
      },
    });
    acr = { id, name, public: pub };
  }

  let appInsights: Shared['appInsights'] = null;
  if (wants.appInsights) {
    const name = uniqueName(ctx, 'appi', `appi-${app.spec.bu}-${env}-${app.region.short}${ctx.sfx}`);
    const id = providerPath(subId, app.rg, 'Microsoft.Insights', `components/${name}`);
    push({
      id,
      name,
      type: 'microsoft.insights/components',
      kind: 'web',
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags(),
      properties: {
        provisioningState: 'Succeeded',
        Application_Type: 'web',
        IngestionMode: 'LogAnalytics',
        // App Insights has separate ingestion/query switches; publicNetworkAccess mirrors ingestion for BOM readers.
        publicNetworkAccess: 'Enabled',
        publicNetworkAccessForIngestion: 'Enabled',
        publicNetworkAccessForQuery: 'Enabled',
      },
    });
    appInsights = { id, name };
  }

  const uaiName = uniqueName(ctx, 'uai', `id-${app.spec.bu}-${app.spec.archetype}-${env}-${app.region.short}${ctx.sfx}`);
  const uaiId = providerPath(subId, app.rg, 'Microsoft.ManagedIdentity', `userAssignedIdentities/${uaiName}`);
  const clientId = r.guid();
  push({
    id: uaiId,
    name: uaiName,
    type: 'microsoft.managedidentity/userassignedidentities',
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: { ...ctx.baseTags },
    properties: { principalId: app.callerPrincipalId, clientId, tenantId },
  });

  return {
    storage: { id: stId, name: stName, public: stPublic },
    keyVault: { id: kvId, name: kvName, public: kvPublic },
    search,
    acr,
    appInsights,
    uai: { id: uaiId, name: uaiName, principalId: app.callerPrincipalId, clientId },
  };
}

const IP_RANGES = ['203.0.113.0/24', '198.51.100.16/28', '192.0.2.64/26', '20.54.110.0/24', '52.166.12.0/23'];

function buildAccount(
  ctx: BuildCtx,
  kind: 'OpenAI' | 'AIServices',
  name: string,
  models: readonly string[],
  peak: number,
  withShared: boolean,
  shared?: Shared,
): { node: AiNode; shared: Shared } {
  const { app, r, push, tenantId } = ctx;
  name = uniqueName(ctx, 'account', name);
  const subId = app.sub.subscriptionId;
  const knobs = KNOBS[app.posture];
  const sh = shared ?? buildShared(ctx, { search: withShared && r.chance(0.75), acr: false, appInsights: false });
  const id = providerPath(subId, app.rg, 'Microsoft.CognitiveServices', `accounts/${name}`);
  const publicNetwork = r.chance(knobs.publicNetwork);
  const aclAllow = publicNetwork && r.chance(knobs.aclAllow);
  const localAuth = r.chance(knobs.localAuth);
  const privateEndpoint = r.chance(knobs.privateEndpoint);
  const cmk = r.chance(knobs.cmk);
  const workspace = pickWorkspace(ctx);
  const copyPeak = peak * (app.copy === 1 ? 1 : r.range(0.4, 1.6));
  const node = newNode(ctx, {
    id,
    name,
    kind: kind === 'OpenAI' ? 'openai' : 'ai-services',
    type: AI_ACCOUNT_TYPE,
    armType: 'Microsoft.CognitiveServices/accounts',
    provider: 'Microsoft.CognitiveServices',
    cloud: 'Azure',
    parent: null,
    rg: app.rg,
    location: app.region.name,
    rowIndex: -1,
    publicNetwork,
    aclAllow,
    localAuth,
    privateEndpoint,
    cmk,
    workspace,
    guardrails: true,
    apiKeyConnections: false,
    modelFindings: false,
    nativePrivate: false,
    ownerTag: app.ownerMode === 'tag' ? app.owner : null,
    peak: workspace ? copyPeak : 0,
    nativeId: null,
    connectorId: null,
    linked: { storage: sh.storage.id, keyVault: sh.keyVault.id, uai: sh.uai.id, ...(sh.search ? { search: sh.search.id } : {}) },
  });

  let peId: string | null = null;
  const peConnections: unknown[] = [];
  if (privateEndpoint) {
    const peName = `pe-${name}`;
    peId = providerPath(subId, app.rg, 'Microsoft.Network', `privateEndpoints/${peName}`);
    node.linked.pe = peId;
    const octet = r.int(1, 250);
    push({
      id: peId,
      name: peName,
      type: 'microsoft.network/privateendpoints',
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { ...ctx.baseTags },
      properties: {
        provisioningState: 'Succeeded',
        subnet: {
          id: providerPath(subId, `rg-network-${app.spec.bu}`, 'Microsoft.Network', `virtualNetworks/vnet-${app.spec.bu}-${app.region.short}/subnets/snet-private-endpoints`),
        },
        privateLinkServiceConnections: [
          {
            name: peName,
            properties: {
              privateLinkServiceId: id,
              groupIds: ['account'],
              privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' },
            },
          },
        ],
        customDnsConfigs: [
          {
            fqdn: kind === 'OpenAI' ? `${name}.openai.azure.com` : `${name}.cognitiveservices.azure.com`,
            ipAddresses: [`10.${20 + (app.sub.index % 30)}.${r.int(0, 15)}.${octet}`],
          },
        ],
      },
    });
    peConnections.push({
      id: `${id}/privateEndpointConnections/${peName}.${r.guid()}`,
      name: `${peName}.${r.hex(8)}`,
      type: 'Microsoft.CognitiveServices/accounts/privateEndpointConnections',
      properties: {
        provisioningState: 'Succeeded',
        privateEndpoint: { id: peId },
        groupIds: ['account'],
        privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionsRequired: 'None' },
      },
    });
  }

  const identityRoll = r.next();
  let identity: Record<string, unknown> | null;
  if (cmk) {
    identity = {
      type: 'SystemAssigned, UserAssigned',
      principalId: r.guid(),
      tenantId,
      userAssignedIdentities: { [sh.uai.id]: { principalId: sh.uai.principalId, clientId: sh.uai.clientId } },
    };
  } else if (identityRoll < 0.82) {
    identity = { type: 'SystemAssigned', principalId: r.guid(), tenantId };
  } else {
    identity = null;
  }

  const ipRules = publicNetwork && !aclAllow ? r.sample(IP_RANGES, r.int(1, 3)).map((value) => ({ value })) : [];
  const host = kind === 'OpenAI' ? 'openai.azure.com' : 'cognitiveservices.azure.com';
  const projects = kind === 'AIServices' && app.spec.archetype === 'foundry' ? (app.spec.projects ?? []).map((p) => `${p}${ctx.sfx}`) : [];
  const props: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    customSubDomainName: name,
    endpoint: `https://${name}.${host}/`,
    endpoints:
      kind === 'OpenAI'
        ? { 'OpenAI Language Model Instance API': `https://${name}.openai.azure.com/` }
        : {
            'AI Foundry API': `https://${name}.services.ai.azure.com/`,
            'OpenAI Language Model Instance API': `https://${name}.openai.azure.com/`,
            'Azure AI Model Inference API': `https://${name}.services.ai.azure.com/`,
          },
    publicNetworkAccess: publicNetwork ? 'Enabled' : 'Disabled',
    disableLocalAuth: !localAuth,
    networkAcls: { defaultAction: aclAllow ? 'Allow' : 'Deny', ipRules, virtualNetworkRules: [] },
    privateEndpointConnections: peConnections,
    encryption: cmk
      ? {
          keySource: 'Microsoft.KeyVault',
          keyVaultProperties: {
            keyName: `cmk-${app.spec.bu}-ai`,
            keyVersion: r.hex(32),
            keyVaultUri: `https://${sh.keyVault.name}.vault.azure.net/`,
            identityClientId: sh.uai.clientId,
          },
        }
      : { keySource: 'Microsoft.CognitiveServices' },
    restrictOutboundNetworkAccess: app.posture === 'strict',
    dateCreated: new Date(app.createdMs).toISOString(),
    internalId: r.hex(32),
    isMigrated: false,
  };
  if (projects.length > 0) {
    props.allowProjectManagement = true;
    props.associatedProjects = projects;
    props.defaultProject = projects[0];
  }
  node.rowIndex = push({
    id,
    name,
    type: AI_ACCOUNT_TYPE,
    kind,
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: app.region.name,
    tags: resourceTags(ctx, app.spec.zoneOverride && app.copy === 1 ? { 'ai-zone': String(app.spec.zoneOverride) } : {}),
    identity,
    sku: { name: 'S0' },
    properties: props,
  });

  // Deployments
  const knobs2 = KNOBS[app.posture];
  for (const m of models) {
    const spec = model(m);
    const depName = r.chance(0.7) ? spec.name : `${app.spec.bu}-${spec.name.replace(/[^a-z0-9]+/gi, '').toLowerCase().slice(0, 12)}`;
    const raiPolicyName = r.chance(knobs2.noFilter) ? null : app.posture === 'strict' && r.chance(0.6) ? `${app.spec.bu}-strict-filter` : 'Microsoft.DefaultV2';
    addDeployment(ctx, node, depName, spec, raiPolicyName, copyPeak);
  }

  // Grounding connections (search, storage) of the account.
  const conns: [string, string, string][] = [[`${sh.storage.name}`, 'AzureBlob', sh.storage.id]];
  if (sh.search) conns.push([sh.search.name, 'CognitiveSearch', sh.search.id]);
  for (const [cname, category, target] of conns) {
    push({
      id: `${id}/connections/${cname}`,
      name: cname,
      type: AI_ACCOUNT_CONNECTION_TYPE,
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      properties: {
        category,
        authType: localAuth && r.chance(0.5) ? 'ApiKey' : 'AAD',
        target: category === 'AzureBlob' ? `https://${cname}.blob.core.windows.net/` : `https://${cname}.search.windows.net/`,
        isSharedToAll: true,
        metadata: { ResourceId: target, ApiType: 'Azure', Location: app.region.name },
      },
    });
  }
  return { node, shared: sh };
}

function addDeployment(ctx: BuildCtx, node: AiNode, name: string, spec: ModelSpec, raiPolicyName: string | null, peak: number): DeploymentNode {
  const { app, r, push, tenantId } = ctx;
  const id = `${node.id}/deployments/${name}`;
  const skuName =
    app.spec.env === 'reg'
      ? 'DataZoneStandard'
      : peak > 200 && spec.operation === 'ChatCompletions_Create'
        ? 'ProvisionedManaged'
        : spec.format === 'OpenAI'
          ? r.weighted([
              ['GlobalStandard', 0.7],
              ['Standard', 0.3],
            ])
          : 'GlobalStandard';
  const capacity = skuName === 'ProvisionedManaged' ? 100 : Math.max(1, Math.round((peak * r.range(0.6, 1.5)) / 5) * 10);
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    model: { format: spec.format, name: spec.name, version: spec.version },
    versionUpgradeOption: spec.format === 'OpenAI' ? 'OnceNewDefaultVersionAvailable' : 'NoAutoUpgrade',
    currentCapacity: capacity,
  };
  if (raiPolicyName) properties.raiPolicyName = raiPolicyName;
  const rowIndex = push({
    id,
    name,
    type: AI_DEPLOYMENT_TYPE,
    tenantId,
    subscriptionId: app.sub.subscriptionId,
    resourceGroup: app.rg,
    location: node.location,
    sku: { name: skuName, capacity },
    properties,
  });
  const dep: DeploymentNode = { id, name, model: spec, raiPolicyName, rowIndex };
  node.deployments.push(dep);
  return dep;
}

function buildFoundry(ctx: BuildCtx): void {
  const { app, r, push, tenantId } = ctx;
  const name = `ais-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: account, shared } = buildAccount(ctx, 'AIServices', name, app.spec.models ?? [], app.spec.peak ?? 1, true);
  const strict = app.posture === 'strict';
  for (const p of app.spec.projects ?? []) {
    const pname = `${p}${ctx.sfx}`;
    const id = `${account.id}/projects/${pname}`;
    const apiKeyConnections = r.chance(strict ? 0.1 : account.localAuth ? 0.6 : 0.2);
    const node = newNode(ctx, {
      id,
      name: pname,
      kind: 'foundry-project',
      type: FOUNDRY_PROJECT_TYPE,
      armType: 'Microsoft.CognitiveServices/accounts/projects',
      provider: 'Microsoft.CognitiveServices',
      cloud: 'Azure',
      parent: account,
      rg: app.rg,
      location: app.region.name,
      rowIndex: -1,
      publicNetwork: account.publicNetwork,
      aclAllow: account.aclAllow,
      localAuth: account.localAuth,
      privateEndpoint: account.privateEndpoint,
      cmk: account.cmk,
      workspace: null,
      guardrails: r.chance(strict ? 0.9 : app.posture === 'typical' ? 0.6 : 0.3),
      apiKeyConnections,
      modelFindings: false,
      nativePrivate: false,
      ownerTag: app.ownerMode === 'tag' ? app.owner : null,
      peak: 0,
      nativeId: null,
      connectorId: null,
      linked: { storage: shared.storage.id, keyVault: shared.keyVault.id, ...(shared.search ? { search: shared.search.id } : {}) },
    });
    node.rowIndex = push({
      id,
      name: pname,
      type: FOUNDRY_PROJECT_TYPE,
      kind: 'AIServices',
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: resourceTags(ctx, { project: p }),
      identity: { type: 'SystemAssigned', principalId: r.guid(), tenantId },
      properties: {
        provisioningState: 'Succeeded',
        displayName: p.replace(/-/g, ' '),
        description: `${p} project on ${account.name}`,
        isDefault: p === app.spec.projects?.[0],
        endpoints: { 'AI Foundry API': `https://${account.name}.services.ai.azure.com/api/projects/${pname}` },
      },
    });
    // Project connections: how agents reach grounding data.
    const targets: [string, string, string][] = [];
    if (shared.search) targets.push([`${shared.search.name}-conn`, 'CognitiveSearch', shared.search.id]);
    targets.push([`${shared.storage.name}-conn`, 'AzureStorageAccount', shared.storage.id]);
    for (const [cname, category, target] of targets) {
      push({
        id: `${id}/connections/${cname}`,
        name: cname,
        type: FOUNDRY_PROJECT_CONNECTION_TYPE,
        tenantId,
        subscriptionId: app.sub.subscriptionId,
        resourceGroup: app.rg,
        properties: {
          category,
          authType: apiKeyConnections ? 'ApiKey' : 'AAD',
          target,
          isSharedToAll: false,
          metadata: { ResourceId: target, ApiType: 'Azure', Location: app.region.name },
        },
      });
    }
  }
}

function mlWorkspaceNode(
  ctx: BuildCtx,
  kind: 'Hub' | 'Project' | 'Default',
  name: string,
  shared: Shared,
  hub: AiNode | null,
  connections: readonly (readonly [string, string, string])[],
): AiNode {
  const { app, r, push, tenantId } = ctx;
  const knobs = KNOBS[app.posture];
  const id = providerPath(app.sub.subscriptionId, app.rg, 'Microsoft.MachineLearningServices', `workspaces/${name}`);
  const publicNetwork = hub ? hub.publicNetwork : r.chance(knobs.publicNetwork);
  const node = newNode(ctx, {
    id,
    name,
    kind: kind === 'Hub' ? 'ml-hub' : kind === 'Project' ? 'ml-project' : 'ml-workspace',
    type: ML_WORKSPACE_TYPE,
    armType: 'Microsoft.MachineLearningServices/workspaces',
    provider: 'Microsoft.MachineLearningServices',
    cloud: 'Azure',
    parent: hub,
    rg: app.rg,
    location: app.region.name,
    rowIndex: -1,
    publicNetwork,
    aclAllow: publicNetwork,
    localAuth: false,
    privateEndpoint: !publicNetwork && r.chance(0.8),
    cmk: app.posture === 'strict',
    workspace: null,
    guardrails: true,
    apiKeyConnections: connections.length > 0 && r.chance(app.posture === 'strict' ? 0.1 : 0.4),
    modelFindings: kind !== 'Hub' && r.chance(app.posture === 'strict' ? 0.15 : 0.35),
    nativePrivate: false,
    ownerTag: app.ownerMode === 'tag' ? app.owner : null,
    peak: 0,
    nativeId: null,
    connectorId: null,
    linked: {
      storage: shared.storage.id,
      keyVault: shared.keyVault.id,
      ...(shared.appInsights ? { appInsights: shared.appInsights.id } : {}),
      ...(shared.acr ? { acr: shared.acr.id } : {}),
    },
  });
  const props: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    friendlyName: name,
    workspaceId: r.guid(),
    storageAccount: shared.storage.id,
    keyVault: shared.keyVault.id,
    publicNetworkAccess: publicNetwork ? 'Enabled' : 'Disabled',
    discoveryUrl: `https://${app.region.name}.api.azureml.ms/discovery`,
    mlFlowTrackingUri: `azureml://${app.region.name}.api.azureml.ms/mlflow/v1.0${id}`,
    managedNetwork: { isolationMode: publicNetwork ? 'Disabled' : 'AllowOnlyApprovedOutbound' },
    hbiWorkspace: app.posture === 'strict',
    v1LegacyMode: false,
    creationTime: new Date(app.createdMs).toISOString(),
  };
  if (shared.appInsights) props.applicationInsights = shared.appInsights.id;
  if (shared.acr) props.containerRegistry = shared.acr.id;
  if (hub) props.hubResourceId = hub.id;
  if (kind === 'Hub') props.workspaceHubConfig = { defaultWorkspaceResourceGroup: app.rg };
  if (node.privateEndpoint) {
    const peName = `pe-${name}`;
    const peId = providerPath(app.sub.subscriptionId, app.rg, 'Microsoft.Network', `privateEndpoints/${peName}`);
    node.linked.pe = peId;
    push({
      id: peId,
      name: peName,
      type: 'microsoft.network/privateendpoints',
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { ...ctx.baseTags },
      properties: {
        provisioningState: 'Succeeded',
        privateLinkServiceConnections: [
          { name: peName, properties: { privateLinkServiceId: id, groupIds: ['amlworkspace'], privateLinkServiceConnectionState: { status: 'Approved' } } },
        ],
      },
    });
    props.privateEndpointConnections = [
      { id: `${id}/privateEndpointConnections/${peName}`, properties: { privateEndpoint: { id: peId }, privateLinkServiceConnectionState: { status: 'Approved' } } },
    ];
  }
  node.rowIndex = push({
    id,
    name,
    type: ML_WORKSPACE_TYPE,
    kind,
    tenantId,
    subscriptionId: app.sub.subscriptionId,
    resourceGroup: app.rg,
    location: app.region.name,
    tags: resourceTags(ctx, app.spec.zoneOverride && app.copy === 1 ? { 'ai-zone': String(app.spec.zoneOverride) } : {}),
    identity: { type: 'SystemAssigned', principalId: r.guid(), tenantId },
    sku: { name: 'Basic', tier: 'Basic' },
    properties: props,
  });
  for (const [cname, category, target] of connections) {
    push({
      id: `${id}/connections/${cname}`,
      name: cname,
      type: ML_CONNECTION_TYPE,
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      properties: {
        category,
        authType: node.apiKeyConnections ? 'ApiKey' : 'AAD',
        target: category === 'CognitiveSearch' ? `https://${cname}.search.windows.net/` : `https://${cname}.cognitiveservices.azure.com/`,
        isSharedToAll: kind === 'Hub',
        metadata: { ResourceId: target, ApiType: 'Azure', ApiVersion: '2024-10-21' },
      },
    });
  }
  return node;
}

function buildHub(ctx: BuildCtx): void {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: true, acr: true, appInsights: true });
  // The hub's own AI Services account, connected to the hub.
  const aisName = `ais-${app.spec.bu}-hub-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: ais } = buildAccount(ctx, 'AIServices', aisName, app.spec.models ?? [], app.spec.peak ?? 1, false, shared);
  const conns: [string, string, string][] = [[ais.name, 'AIServices', ais.id]];
  if (shared.search) conns.push([shared.search.name, 'CognitiveSearch', shared.search.id]);
  const hubName = `hub-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const hub = mlWorkspaceNode(ctx, 'Hub', hubName, shared, null, conns);
  for (const p of app.spec.projects ?? []) {
    const projectConns = ctx.r.chance(0.5) && shared.search ? [[`${p}-search`, 'CognitiveSearch', shared.search.id] as const] : [];
    mlWorkspaceNode(ctx, 'Project', `mlp-${p}${ctx.sfx}`, shared, hub, projectConns);
  }
}

function buildMlWorkspace(ctx: BuildCtx): void {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: false, acr: true, appInsights: true });
  const purpose = app.spec.projects?.[0] ?? 'models';
  mlWorkspaceNode(ctx, 'Default', `mlw-${purpose}-${app.spec.env}${ctx.sfx}`, shared, null, []);
}

const FOUNDATION_MODELS = [
  'anthropic.claude-3-5-sonnet-20240620-v1:0',
  'anthropic.claude-3-haiku-20240307-v1:0',
  'amazon.nova-pro-v1:0',
  'meta.llama3-1-70b-instruct-v1:0',
];

function buildMultiCloud(ctx: BuildCtx): void {
  const { app, r, push, tenantId } = ctx;
  const archetype = app.spec.archetype;
  const aws = archetype !== 'vertex';
  const connector = aws ? ctx.awsConnector : ctx.gcpConnector;
  const rows = app.spec.items ?? [];
  for (const [base, nativeRegion] of rows) {
    const name = `${base}${ctx.sfx}`;
    const kind: AiKind = archetype === 'bedrock' ? 'bedrock' : archetype === 'sagemaker' ? 'sagemaker' : 'vertex-ai';
    const type = archetype === 'bedrock' ? MULTICLOUD_AI_TYPES.bedrock : archetype === 'sagemaker' ? MULTICLOUD_AI_TYPES.sagemaker : MULTICLOUD_AI_TYPES.vertex;
    const armType =
      archetype === 'bedrock'
        ? 'Microsoft.AwsConnector/bedrockAgents'
        : archetype === 'sagemaker'
          ? 'Microsoft.AwsConnector/sageMakerEndpoints'
          : 'Microsoft.GcpConnector/vertexAiEndpoints';
    const provider = aws ? 'Microsoft.AwsConnector' : 'Microsoft.GcpConnector';
    const id = providerPath(app.sub.subscriptionId, app.rg, provider, `${armType.split('/')[1]}/${name}`);
    const location = `${aws ? 'aws' : 'gcp'}-${nativeRegion}`;
    let nativeId: string;
    let props: Record<string, unknown>;
    const nativePrivate = r.chance(0.45);
    if (archetype === 'bedrock') {
      const agentId = r.hex(10).toUpperCase();
      nativeId = `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:agent/${agentId}`;
      props = {
        arn: nativeId,
        agentId,
        agentName: name,
        agentStatus: 'PREPARED',
        foundationModel: r.pick(FOUNDATION_MODELS),
        guardrailConfiguration: r.chance(0.6) ? { guardrailIdentifier: r.hex(12), guardrailVersion: '1' } : null,
        knowledgeBases: [{ knowledgeBaseArn: `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:knowledge-base/${r.hex(10).toUpperCase()}` }],
        vpcEndpointConfigured: nativePrivate,
      };
    } else if (archetype === 'sagemaker') {
      nativeId = `arn:aws:sagemaker:${nativeRegion}:${connector.hierarchyId}:endpoint/${name}`;
      props = {
        arn: nativeId,
        endpointName: name,
        endpointStatus: 'InService',
        productionVariants: [{ variantName: 'AllTraffic', modelName: `${base}-model`, instanceType: r.pick(['ml.m5.xlarge', 'ml.g5.2xlarge', 'ml.c5.2xlarge']) }],
        vpcConfig: nativePrivate ? { subnets: [`subnet-${r.hex(8)}`], securityGroupIds: [`sg-${r.hex(8)}`] } : null,
      };
    } else {
      const endpointNumber = String(r.int(1_000_000_000, 9_999_999_999));
      nativeId = `projects/${connector.hierarchyId}/locations/${nativeRegion}/endpoints/${endpointNumber}`;
      props = {
        resourceName: nativeId,
        displayName: name,
        deployedModels: [{ model: r.pick(['gemini-2.0-flash', 'gemini-1.5-pro', 'text-embedding-005', 'custom-tabular-v3']), displayName: `${base}-model` }],
        privateServiceConnectConfig: nativePrivate ? { enablePrivateServiceConnect: true } : null,
      };
    }
    props.connectorId = connector.id;
    props.provisioningState = 'Succeeded';
    const node = newNode(ctx, {
      id,
      name,
      kind,
      type,
      armType,
      provider,
      cloud: aws ? 'AWS' : 'GCP',
      parent: null,
      rg: app.rg,
      location,
      rowIndex: -1,
      publicNetwork: !nativePrivate,
      aclAllow: !nativePrivate,
      localAuth: false,
      privateEndpoint: nativePrivate,
      cmk: false,
      workspace: null,
      guardrails: archetype !== 'bedrock' || props.guardrailConfiguration !== null,
      apiKeyConnections: false,
      modelFindings: false,
      nativePrivate,
      ownerTag: app.ownerMode === 'tag' ? app.owner : null,
      peak: 0,
      nativeId,
      connectorId: connector.id,
    });
    node.rowIndex = push({
      id,
      name,
      type,
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location,
      tags: resourceTags(ctx, { [aws ? 'aws-account' : 'gcp-project']: connector.hierarchyId }),
      properties: props,
    });
  }
}

/** Make sure the features the demo story relies on exist whatever the seed. */
function ensureVariety(ai: AiNode[], resources: ArgRow[]): void {
  const accounts = ai.filter((n) => n.kind === 'openai' || n.kind === 'ai-services');
  const cspmAccounts = accounts.filter((n) => n.app.sub.cspm && n.deployments.length > 0);
  if (!cspmAccounts.some((n) => n.deployments.some((d) => d.raiPolicyName === null))) {
    const n = cspmAccounts.find((a) => a.app.posture !== 'strict') ?? cspmAccounts[0];
    const d = n?.deployments[n.deployments.length - 1];
    if (d) {
      d.raiPolicyName = null;
      const row = resources[d.rowIndex];
      if (row) delete row.properties.raiPolicyName;
    }
  }
  if (!accounts.some((n) => n.workspace === null)) {
    const n = accounts.find((a) => a.app.posture === 'loose') ?? accounts[0];
    if (n) {
      n.workspace = null;
      n.peak = 0;
    }
  }
}
