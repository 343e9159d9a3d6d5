// The demo estate's inventory: subscriptions, resource groups, Log Analytics
// workspaces, multi-cloud connectors, and the workloads (apps) whose AI
// resources and bill of materials the builders beside this file create. Rows
// are built once; findings, attack paths and request logs read the typed nodes.

import { buildAccount, buildFoundry } from './accounts.js';
import { type BuildCtx, DAY, POSTURE_OF, pad, providerPath } from './build-context.js';
import { region } from './catalog.js';
import {
  type AppSpec,
  BASE_APPS,
  BASE_SUBSCRIPTIONS,
  ENVIRONMENT_TAG,
  EXTRA_BUSINESS_UNITS,
  type SubscriptionSpec,
} from './layout.js';
import { buildHub, buildMlWorkspace } from './ml.js';
import { buildMultiCloud } from './multicloud.js';
import type { AiNode, AppNode, Connector, Inventory, OwnerMode, SubNode, WorkspaceNode } from './nodes.js';
import { ownersOf, RESOURCE_OWNERS } from './people.js';
import { Rng } from './random.js';
import type { ArgRow } from './types.js';

export type {
  AiKind,
  AiNode,
  AppNode,
  Cloud,
  Connector,
  DeploymentNode,
  Inventory,
  OwnerMode,
  SubNode,
  WorkspaceNode,
} from './nodes.js';
export { AI_ACCOUNT_CONNECTION_TYPE, FOUNDRY_PROJECT_CONNECTION_TYPE } from './nodes.js';

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
    const unit = extra
      ? EXTRA_BUSINESS_UNITS[(i - BASE_SUBSCRIPTIONS.length) % EXTRA_BUSINESS_UNITS.length]
      : undefined;
    const displayName = extra
      ? `${base.displayName} ${pad(Math.floor(i / BASE_SUBSCRIPTIONS.length) + 1)} (${unit})`
      : base.displayName;
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
        subscriptionPolicies: {
          locationPlacementId: 'Public_2014-09-01',
          quotaId: 'EnterpriseAgreement_2014-09-01',
          spendingLimit: 'Off',
        },
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
      workspaces.push({
        customerId,
        resourceId,
        name,
        subscriptionId: platformSub.subscriptionId,
        nonProd: w.nonProd,
        europe: w.europe,
      });
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
    ensureRg(connectorSub, rg, 'eastus', {
      environment: 'Production',
      costCenter: 'CC-0900',
      owner: 'ben.carter@contoso.com',
    });
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
        offerings:
          cloud === 'AWS'
            ? [
                { offeringType: 'CspmMonitorAws' },
                { offeringType: 'DefenderCspmAws' },
                { offeringType: 'DefenderForAiAws' },
              ]
            : [{ offeringType: 'CspmMonitorGcp' }, { offeringType: 'DefenderCspmGcp' }],
      },
    });
    const c: Connector = { id, cloud, sub: connectorSub, hierarchyId };
    connectors.push(c);
    return c;
  };
  const awsConnector = addConnector(
    'AWS',
    'aws-contoso-ai-prod',
    'rg-mdc-aws-connectors',
    String(connectorRng.int(100000000000, 999999999999)),
  );
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
      const sub =
        copy === 1 || !pool || pool.length === 0
          ? (subs[spec.sub] as SubNode)
          : (pool[(copy - 2) % pool.length] as SubNode);
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
      ensureRg(sub, rg, reg.name, {
        ...baseTags,
        ...(owner && ownerMode !== 'none' && ownerMode !== 'governance' ? { owner: owner.upn } : {}),
      });
      const ctx: BuildCtx = {
        tenantId,
        app,
        r,
        sfx,
        baseTags,
        push,
        resources,
        ai,
        workspaces,
        epochMs,
        awsConnector,
        gcpConnector,
        taken,
      };
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
  const alone = (i: number) =>
    BASE_APPS.filter((a) => a.sub === BASE_APPS[i]?.sub && a.rg === BASE_APPS[i]?.rg).length === 1;
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
      .filter(
        (i) =>
          !forced.has(i) && eligible(i) && (!needsAlone || alone(i)) && modes.filter((m) => m === modes[i]).length > 1,
      );
    if (candidates.length === 0) continue;
    const i = r.pick(candidates);
    modes[i] = mode;
    forced.add(i);
  }
  return modes;
}

function buildApp(ctx: BuildCtx): void {
  switch (ctx.app.spec.archetype) {
    case 'openai':
      buildAccount(
        ctx,
        'OpenAI',
        `oai-${ctx.app.spec.bu}-${ctx.app.spec.env}-${ctx.app.region.short}${ctx.sfx}`,
        ctx.app.spec.models ?? [],
        ctx.app.spec.peak ?? 1,
        true,
      );
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
