// Azure OpenAI and AI Services accounts, their model deployments, private
// endpoints and connections, and Foundry projects under AI Services accounts.

import { AI_ACCOUNT_TYPE, AI_DEPLOYMENT_TYPE, FOUNDRY_PROJECT_TYPE } from '../queries.js';
import { buildShared, type Shared } from './bom.js';
import {
  type BuildCtx,
  KNOBS,
  newNode,
  pickWorkspace,
  providerPath,
  resourceTags,
  uniqueName,
} from './build-context.js';
import { type ModelSpec, model } from './catalog.js';
import {
  AI_ACCOUNT_CONNECTION_TYPE,
  type AiNode,
  type DeploymentNode,
  FOUNDRY_PROJECT_CONNECTION_TYPE,
} from './nodes.js';

const IP_RANGES = ['203.0.113.0/24', '198.51.100.16/28', '192.0.2.64/26', '20.54.110.0/24', '52.166.12.0/23'];

export function buildAccount(
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
    linked: {
      storage: sh.storage.id,
      keyVault: sh.keyVault.id,
      uai: sh.uai.id,
      ...(sh.search ? { search: sh.search.id } : {}),
    },
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
          id: providerPath(
            subId,
            `rg-network-${app.spec.bu}`,
            'Microsoft.Network',
            `virtualNetworks/vnet-${app.spec.bu}-${app.region.short}/subnets/snet-private-endpoints`,
          ),
        },
        privateLinkServiceConnections: [
          {
            name: peName,
            properties: {
              privateLinkServiceId: id,
              groupIds: ['account'],
              privateLinkServiceConnectionState: {
                status: 'Approved',
                description: 'Auto-Approved',
                actionsRequired: 'None',
              },
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
        privateLinkServiceConnectionState: {
          status: 'Approved',
          description: 'Auto-Approved',
          actionsRequired: 'None',
        },
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
  const projects =
    kind === 'AIServices' && app.spec.archetype === 'foundry'
      ? (app.spec.projects ?? []).map((p) => `${p}${ctx.sfx}`)
      : [];
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
    tags: resourceTags(
      ctx,
      app.spec.zoneOverride && app.copy === 1 ? { 'ai-zone': String(app.spec.zoneOverride) } : {},
    ),
    identity,
    sku: { name: 'S0' },
    properties: props,
  });

  // Deployments
  const knobs2 = KNOBS[app.posture];
  for (const m of models) {
    const spec = model(m);
    const depName = r.chance(0.7)
      ? spec.name
      : `${app.spec.bu}-${spec.name
          .replace(/[^a-z0-9]+/gi, '')
          .toLowerCase()
          .slice(0, 12)}`;
    const raiPolicyName = r.chance(knobs2.noFilter)
      ? null
      : app.posture === 'strict' && r.chance(0.6)
        ? `${app.spec.bu}-strict-filter`
        : 'Microsoft.DefaultV2';
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
        target:
          category === 'AzureBlob' ? `https://${cname}.blob.core.windows.net/` : `https://${cname}.search.windows.net/`,
        isSharedToAll: true,
        metadata: { ResourceId: target, ApiType: 'Azure', Location: app.region.name },
      },
    });
  }
  return { node, shared: sh };
}

export function addDeployment(
  ctx: BuildCtx,
  node: AiNode,
  name: string,
  spec: ModelSpec,
  raiPolicyName: string | null,
  peak: number,
): DeploymentNode {
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
  const capacity =
    skuName === 'ProvisionedManaged' ? 100 : Math.max(1, Math.round((peak * r.range(0.6, 1.5)) / 5) * 10);
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

export function buildFoundry(ctx: BuildCtx): void {
  const { app, r, push, tenantId } = ctx;
  const name = `ais-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: account, shared } = buildAccount(
    ctx,
    'AIServices',
    name,
    app.spec.models ?? [],
    app.spec.peak ?? 1,
    true,
  );
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
      linked: {
        storage: shared.storage.id,
        keyVault: shared.keyVault.id,
        ...(shared.search ? { search: shared.search.id } : {}),
      },
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
