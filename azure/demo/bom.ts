// The supporting resources of a workload, its part of the AI bill of materials:
// storage, key vault, search, container registry, App Insights and the
// user-assigned identity the app calls its models with.

import { alnum, type BuildCtx, KNOBS, providerPath, resourceTags, uniqueName } from './build-context.js';

export interface Shared {
  storage: { id: string; name: string; public: boolean };
  keyVault: { id: string; name: string; public: boolean };
  search: { id: string; name: string; public: boolean } | null;
  acr: { id: string; name: string; public: boolean } | null;
  appInsights: { id: string; name: string } | null;
  uai: { id: string; name: string; principalId: string; clientId: string };
}

/** The supporting resources of one app: storage, key vault, search, registry, App Insights, identity. */
export function buildShared(ctx: BuildCtx, wants: { search: boolean; acr: boolean; appInsights: boolean }): Shared {
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
      networkAcls: {
        defaultAction: stPublic ? 'Allow' : 'Deny',
        bypass: 'AzureServices',
        ipRules: [],
        virtualNetworkRules: [],
      },
      primaryEndpoints: {
        blob: `https://${stName}.blob.core.windows.net/`,
        dfs: `https://${stName}.dfs.core.windows.net/`,
      },
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
      networkAcls: {
        defaultAction: kvPublic ? 'Allow' : 'Deny',
        bypass: 'AzureServices',
        ipRules: [],
        virtualNetworkRules: [],
      },
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
      sku: {
        name: app.posture === 'strict' ? 'Premium' : 'Standard',
        tier: app.posture === 'strict' ? 'Premium' : 'Standard',
      },
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

  const uaiName = uniqueName(
    ctx,
    'uai',
    `id-${app.spec.bu}-${app.spec.archetype}-${env}-${app.region.short}${ctx.sfx}`,
  );
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
