// Azure Machine Learning hubs, hub projects and classic workspaces, with
// their linked storage, key vault, registry, App Insights and connections.

import { ML_CONNECTION_TYPE, ML_WORKSPACE_TYPE } from '../queries.js';
import { buildAccount } from './accounts.js';
import { buildShared, type Shared } from './bom.js';
import { type BuildCtx, KNOBS, newNode, providerPath, resourceTags } from './build-context.js';
import type { AiNode } from './nodes.js';

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
          {
            name: peName,
            properties: {
              privateLinkServiceId: id,
              groupIds: ['amlworkspace'],
              privateLinkServiceConnectionState: { status: 'Approved' },
            },
          },
        ],
      },
    });
    props.privateEndpointConnections = [
      {
        id: `${id}/privateEndpointConnections/${peName}`,
        properties: { privateEndpoint: { id: peId }, privateLinkServiceConnectionState: { status: 'Approved' } },
      },
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
    tags: resourceTags(
      ctx,
      app.spec.zoneOverride && app.copy === 1 ? { 'ai-zone': String(app.spec.zoneOverride) } : {},
    ),
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
        target:
          category === 'CognitiveSearch'
            ? `https://${cname}.search.windows.net/`
            : `https://${cname}.cognitiveservices.azure.com/`,
        isSharedToAll: kind === 'Hub',
        metadata: { ResourceId: target, ApiType: 'Azure', ApiVersion: '2024-10-21' },
      },
    });
  }
  return node;
}

export function buildHub(ctx: BuildCtx): void {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: true, acr: true, appInsights: true });
  // The hub's own AI Services account, connected to the hub.
  const aisName = `ais-${app.spec.bu}-hub-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: ais } = buildAccount(
    ctx,
    'AIServices',
    aisName,
    app.spec.models ?? [],
    app.spec.peak ?? 1,
    false,
    shared,
  );
  const conns: [string, string, string][] = [[ais.name, 'AIServices', ais.id]];
  if (shared.search) conns.push([shared.search.name, 'CognitiveSearch', shared.search.id]);
  const hubName = `hub-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const hub = mlWorkspaceNode(ctx, 'Hub', hubName, shared, null, conns);
  for (const p of app.spec.projects ?? []) {
    const projectConns =
      ctx.r.chance(0.5) && shared.search ? [[`${p}-search`, 'CognitiveSearch', shared.search.id] as const] : [];
    mlWorkspaceNode(ctx, 'Project', `mlp-${p}${ctx.sfx}`, shared, hub, projectConns);
  }
}

export function buildMlWorkspace(ctx: BuildCtx): void {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: false, acr: true, appInsights: true });
  const purpose = app.spec.projects?.[0] ?? 'models';
  mlWorkspaceNode(ctx, 'Default', `mlw-${purpose}-${app.spec.env}${ctx.sfx}`, shared, null, []);
}
