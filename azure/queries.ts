// Every KQL query Vigil sends, in one place. Each is named: the first line is
// `// vigil:<name>` and parameters are `let` statements that follow it, so the
// demo tenant can recognise a query (it does not interpret KQL) and a test can
// parse every one with the official Kusto parser against declared schemas.

/** Resource Graph queries run against `resources`, `resourcecontainers` and `securityresources`. */
export type GraphQueryName =
  | 'subscriptions'
  | 'ai-inventory'
  | 'ai-deployments'
  | 'ai-linked-resources'
  | 'assessments'
  | 'governance-assignments'
  | 'attack-paths';

/** Log Analytics queries run against a workspace. */
export type LogsQueryName = 'prompt-volume' | 'prompt-callers';

export type QueryName = GraphQueryName | LogsQueryName;

/** A KQL literal for a `let` parameter. */
export type KqlParam =
  | { kind: 'datetime'; value: Date }
  | { kind: 'timespan'; minutes: number }
  | { kind: 'string'; value: string }
  | { kind: 'long'; value: number };

export interface NamedQuery<N extends QueryName = QueryName> {
  name: N;
  params: Record<string, KqlParam>;
  text: string;
}

/** ARM types of AI workloads. Lower-case, as Resource Graph compares them with =~. */
export const AI_ACCOUNT_TYPE = 'microsoft.cognitiveservices/accounts';
export const AI_ACCOUNT_KINDS = ['OpenAI', 'AIServices'] as const;
export const FOUNDRY_PROJECT_TYPE = 'microsoft.cognitiveservices/accounts/projects';
export const ML_WORKSPACE_TYPE = 'microsoft.machinelearningservices/workspaces';
export const ML_WORKSPACE_KINDS = ['Hub', 'Project', 'Default'] as const;
export const AI_DEPLOYMENT_TYPE = 'microsoft.cognitiveservices/accounts/deployments';
export const ML_CONNECTION_TYPE = 'microsoft.machinelearningservices/workspaces/connections';
/** Connections of hubs, AI Services accounts and Foundry projects to search, storage and other AI services. */
export const CONNECTION_TYPES = [
  ML_CONNECTION_TYPE,
  'microsoft.cognitiveservices/accounts/connections',
  'microsoft.cognitiveservices/accounts/projects/connections',
] as const;
/**
 * Multi-cloud AI resources discovered through Defender's AWS and GCP connectors.
 * The exact type names are not documented (REFERENCE.md marks them unverified);
 * they live here alone so that correcting them is a one-line change.
 */
export const MULTICLOUD_AI_TYPES = {
  bedrock: 'microsoft.awsconnector/bedrockagents',
  sagemaker: 'microsoft.awsconnector/sagemakerendpoints',
  vertex: 'microsoft.gcpconnector/vertexaiendpoints',
} as const;
/** Resource types that can appear in an AI bill of materials as linked resources. */
export const LINKED_RESOURCE_TYPES = [
  'microsoft.storage/storageaccounts',
  'microsoft.search/searchservices',
  'microsoft.keyvault/vaults',
  'microsoft.containerregistry/registries',
  'microsoft.insights/components',
  'microsoft.network/privateendpoints',
  'microsoft.managedidentity/userassignedidentities',
] as const;
/** Resource providers whose assessments and attack paths concern AI. */
export const AI_PROVIDER_MARKERS = [
  '/providers/microsoft.cognitiveservices/',
  '/providers/microsoft.machinelearningservices/',
  '/providers/microsoft.awsconnector/',
  '/providers/microsoft.gcpconnector/',
] as const;

/** Prompt operations of Azure OpenAI / AI Services in the RequestResponse log. */
export const PROMPT_OPERATIONS = [
  'ChatCompletions_Create',
  'Completions_Create',
  'Embeddings_Create',
  'Responses_Create',
  'ImageGenerations_Create',
] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

function kqlLiteral(p: KqlParam): string {
  switch (p.kind) {
    case 'datetime':
      return `datetime(${p.value.toISOString()})`;
    case 'timespan':
      return `${p.minutes}m`;
    case 'string':
      return `'${p.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'long':
      return String(Math.trunc(p.value));
  }
}

function named<N extends QueryName>(name: N, params: Record<string, KqlParam>, body: string): NamedQuery<N> {
  const lets = Object.entries(params).map(([k, v]) => `let ${k} = ${kqlLiteral(v)};`);
  return { name, params, text: [`// vigil:${name}`, ...lets, body.trim()].join('\n') };
}

const aiFilter = `(type =~ '${AI_ACCOUNT_TYPE}' and kind in~ (${list(AI_ACCOUNT_KINDS)}))
    or type =~ '${FOUNDRY_PROJECT_TYPE}'
    or (type =~ '${ML_WORKSPACE_TYPE}' and kind in~ (${list(ML_WORKSPACE_KINDS)}))
    or type in~ (${list(Object.values(MULTICLOUD_AI_TYPES))})`;

const aiMarkersFilter = (column: string) => `${column} has_any (${list(AI_PROVIDER_MARKERS)})`;

export const graphQueries = {
  subscriptions: () =>
    named(
      'subscriptions',
      {},
      `resourcecontainers
| where type =~ 'microsoft.resources/subscriptions'
| project subscriptionId, name, tags, tenantId
| order by subscriptionId asc`,
    ),

  aiInventory: () =>
    named(
      'ai-inventory',
      {},
      `resources
| where ${aiFilter}
| project id, name, type, kind, location, subscriptionId, resourceGroup, tags, identity, properties
| order by id asc`,
    ),

  aiDeployments: () =>
    named(
      'ai-deployments',
      {},
      `resources
| where type =~ '${AI_DEPLOYMENT_TYPE}'
| project id, name, subscriptionId, sku,
    modelName = tostring(properties.model.name),
    modelVersion = tostring(properties.model.version),
    modelFormat = tostring(properties.model.format),
    raiPolicyName = tostring(properties.raiPolicyName)
| order by id asc`,
    ),

  /** Linked resources referenced by AI workloads (storage, search, key vaults…), with their own exposure. */
  aiLinkedResources: () =>
    named(
      'ai-linked-resources',
      {},
      `resources
| where ${aiFilter}
| extend refs = pack_array(properties.storageAccount, properties.keyVault, properties.applicationInsights,
    properties.containerRegistry, properties.hubResourceId)
| mv-expand ref = refs
| project aiId = tolower(id), linkedId = tolower(tostring(ref))
| where isnotempty(linkedId)
| union (
    resources
    | where type in~ (${list(CONNECTION_TYPES)})
    | project aiId = tostring(split(tolower(id), '/connections/')[0]),
        linkedId = tolower(tostring(properties.metadata.ResourceId))
    | where isnotempty(linkedId))
| union (
    resources
    | where ${aiFilter}
    | mv-expand pe = properties.privateEndpointConnections
    | project aiId = tolower(id), linkedId = tolower(tostring(pe.properties.privateEndpoint.id))
    | where isnotempty(linkedId))
| join kind=inner (
    resources
    | where type in~ (${list(LINKED_RESOURCE_TYPES)}) or ${aiFilter}
    | project linkedId = tolower(id), name, type, publicNetworkAccess = tostring(properties.publicNetworkAccess)
  ) on linkedId
| project aiId, linkedId, name, type, publicNetworkAccess
| order by aiId asc, linkedId asc`,
    ),

  /** AI assessments whose status changed at or after `since` (a watermark; the epoch for a full load). */
  assessments: (since: Date = new Date(0)) =>
    named(
      'assessments',
      { since: { kind: 'datetime', value: since } },
      `securityresources
| where type == 'microsoft.security/assessments'
| extend resourceId = tolower(tostring(properties.resourceDetails.Id)),
    altResourceId = tolower(tostring(properties.resourceDetails.id))
| extend resourceId = iff(isempty(resourceId), altResourceId, resourceId)
| where ${aiMarkersFilter('resourceId')}
| extend statusChangeDate = todatetime(properties.status.statusChangeDate)
| where isnull(statusChangeDate) or statusChangeDate >= since
| project id, name, resourceId, properties
| order by id asc`,
    ),

  governanceAssignments: () =>
    named(
      'governance-assignments',
      {},
      `securityresources
| where type == 'microsoft.security/assessments/governanceassignments'
| extend assessmentId = tostring(split(tolower(id), '/governanceassignments/')[0])
| where ${aiMarkersFilter('assessmentId')}
| project id, name, assessmentId, properties
| order by id asc`,
    ),

  attackPaths: () =>
    named(
      'attack-paths',
      {},
      `securityresources
| where type == 'microsoft.security/attackpaths'
| where ${aiMarkersFilter('tostring(properties)')}
| project id, name, subscriptionId, properties
| order by id asc`,
    ),
} as const;

export const logsQueries = {
  /** Prompt operations per resource in fixed bins over [start, end). */
  promptVolume: (start: Date, end: Date, binMinutes = 5) =>
    named(
      'prompt-volume',
      {
        start: { kind: 'datetime', value: start },
        end: { kind: 'datetime', value: end },
        binSize: { kind: 'timespan', minutes: binMinutes },
      },
      `AzureDiagnostics
| where TimeGenerated >= start and TimeGenerated < end
| where ResourceProvider == 'MICROSOFT.COGNITIVESERVICES' and Category == 'RequestResponse'
| where OperationName in (${list(PROMPT_OPERATIONS)})
| summarize Requests = count() by ResourceId = tolower(_ResourceId), Bin = bin(TimeGenerated, binSize)
| order by ResourceId asc, Bin asc`,
    ),

  /** Who called one resource in a window: caller IP, Entra object id, operation and deployment. */
  promptCallers: (resource: string, start: Date, end: Date, top = 10) =>
    named(
      'prompt-callers',
      {
        resource: { kind: 'string', value: resource.toLowerCase() },
        start: { kind: 'datetime', value: start },
        end: { kind: 'datetime', value: end },
        topN: { kind: 'long', value: top },
      },
      `AzureDiagnostics
| where TimeGenerated >= start and TimeGenerated < end
| where ResourceProvider == 'MICROSOFT.COGNITIVESERVICES' and Category == 'RequestResponse'
| where tolower(_ResourceId) == resource
| where OperationName in (${list(PROMPT_OPERATIONS)})
| extend props = parse_json(properties_s)
| extend ObjectId = tostring(props.objectid), Deployment = tostring(props.modelDeploymentName)
| summarize Requests = count() by CallerIPAddress, ObjectId, OperationName, Deployment
| top topN by Requests desc`,
    ),
} as const;

/** Read the name back from a query's text (what the demo tenant does to recognise it). */
export function queryNameOf(text: string): QueryName | null {
  const m = /^\/\/ vigil:([a-z-]+)\s*$/m.exec(text.split('\n', 1)[0] ?? '');
  return (m?.[1] as QueryName | undefined) ?? null;
}

/** Read the `let` parameters back from a query's text, as raw KQL literals. */
export function queryParamsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^let (\w+) = (.+);$/gm)) {
    if (m[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}
