// Static facts the demo estate is built from: regions, models, Defender AI
// recommendations, and the scale-1 layout of subscriptions and workloads.

import type { PROMPT_OPERATIONS } from '../queries.js';

export type PromptOperation = (typeof PROMPT_OPERATIONS)[number];

export interface Region {
  name: string;
  short: string;
  /** Fixed UTC offset used for the business-hours rhythm (no DST: close enough for a demo). */
  utcOffsetHours: number;
}

export const REGIONS: Record<string, Region> = {
  westeurope: { name: 'westeurope', short: 'weu', utcOffsetHours: 1 },
  northeurope: { name: 'northeurope', short: 'neu', utcOffsetHours: 0 },
  swedencentral: { name: 'swedencentral', short: 'sdc', utcOffsetHours: 1 },
  germanywestcentral: { name: 'germanywestcentral', short: 'gwc', utcOffsetHours: 1 },
  francecentral: { name: 'francecentral', short: 'frc', utcOffsetHours: 1 },
  uksouth: { name: 'uksouth', short: 'uks', utcOffsetHours: 0 },
  eastus: { name: 'eastus', short: 'eus', utcOffsetHours: -5 },
  eastus2: { name: 'eastus2', short: 'eus2', utcOffsetHours: -5 },
  canadaeast: { name: 'canadaeast', short: 'cae', utcOffsetHours: -5 },
  westus3: { name: 'westus3', short: 'wus3', utcOffsetHours: -7 },
  japaneast: { name: 'japaneast', short: 'jpe', utcOffsetHours: 9 },
  australiaeast: { name: 'australiaeast', short: 'aue', utcOffsetHours: 11 },
};

export function region(name: string): Region {
  const r = REGIONS[name];
  if (!r) throw new Error(`unknown demo region ${name}`);
  return r;
}

export interface ModelSpec {
  name: string;
  version: string;
  format: string;
  operation: PromptOperation;
}

export const MODELS: Record<string, ModelSpec> = {
  'gpt-4o': { name: 'gpt-4o', version: '2024-11-20', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4o-mini': { name: 'gpt-4o-mini', version: '2024-07-18', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4.1': { name: 'gpt-4.1', version: '2025-04-14', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4.1-mini': { name: 'gpt-4.1-mini', version: '2025-04-14', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4.1-nano': { name: 'gpt-4.1-nano', version: '2025-04-14', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-5': { name: 'gpt-5', version: '2025-08-07', format: 'OpenAI', operation: 'Responses_Create' },
  'gpt-5-mini': { name: 'gpt-5-mini', version: '2025-08-07', format: 'OpenAI', operation: 'Responses_Create' },
  'o4-mini': { name: 'o4-mini', version: '2025-04-16', format: 'OpenAI', operation: 'Responses_Create' },
  o3: { name: 'o3', version: '2025-04-16', format: 'OpenAI', operation: 'Responses_Create' },
  'gpt-35-turbo-instruct': {
    name: 'gpt-35-turbo-instruct',
    version: '0914',
    format: 'OpenAI',
    operation: 'Completions_Create',
  },
  'text-embedding-3-large': {
    name: 'text-embedding-3-large',
    version: '1',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'text-embedding-3-small': {
    name: 'text-embedding-3-small',
    version: '1',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'text-embedding-ada-002': {
    name: 'text-embedding-ada-002',
    version: '2',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'dall-e-3': { name: 'dall-e-3', version: '3.0', format: 'OpenAI', operation: 'ImageGenerations_Create' },
  'Phi-4': { name: 'Phi-4', version: '7', format: 'Microsoft', operation: 'ChatCompletions_Create' },
  'Mistral-Large-2411': {
    name: 'Mistral-Large-2411',
    version: '2',
    format: 'Mistral AI',
    operation: 'ChatCompletions_Create',
  },
  'Llama-3.3-70B-Instruct': {
    name: 'Llama-3.3-70B-Instruct',
    version: '9',
    format: 'Meta',
    operation: 'ChatCompletions_Create',
  },
  'DeepSeek-R1': { name: 'DeepSeek-R1', version: '1', format: 'DeepSeek', operation: 'ChatCompletions_Create' },
};

export function model(name: string): ModelSpec {
  const m = MODELS[name];
  if (!m) throw new Error(`unknown demo model ${name}`);
  return m;
}

export type Severity = 'High' | 'Medium' | 'Low';

/** What an assessment is about: decides which resources it applies to. */
export type RecTarget = 'ai-account' | 'ai-account-deployments' | 'foundry-project' | 'ml' | 'ml-models' | 'bedrock' | 'sagemaker' | 'vertex';

export interface Recommendation {
  key: string;
  displayName: string;
  severity: Severity;
  categories: string[];
  threats: string[];
  description: string;
  remediationDescription: string;
  userImpact: 'Low' | 'Moderate' | 'High';
  implementationEffort: 'Low' | 'Moderate' | 'High';
  target: RecTarget;
  source: 'Azure' | 'Aws' | 'Gcp';
  /** True when the key is invented for the demo (Defender has such a recommendation but its key is not public). */
  demoKey: boolean;
  /** AI-SPM recommendations need Defender CSPM on the subscription; foundational ones do not. */
  requiresCspm: boolean;
}

export const REC = {
  localAuth: '13b10b36-aa99-4db6-b00c-dcf87c4761e6',
  networkAccess: 'f738efb8-005f-680d-3d43-b3db762d6243',
  privateLink: '54f53ddf-6ebd-461e-a247-394c542bc5d1',
  cmk: '18bf29b3-a844-e170-2826-4e95d0ba4dc9',
  diagnostics: 'dea5192e-1bb3-101b-b70c-4646546f5e1e',
  bedrockPrivateLink: 'dd55620f-09f2-4d4b-9d6b-adcee7479a64',
  // Demo keys (made up): Defender has recommendations like these but their keys are not public.
  contentFilter: '7c1f3a52-9e4b-4d0a-8b21-5f6e2d9a0c13',
  agentGuardrails: 'b4e8d2c1-6a3f-4f79-9c05-2e1d7a8b6f40',
  foundryNetwork: '3a9d6e27-1c84-4b5f-a0e2-8f4c1b7d9e65',
  entraAuth: 'e2c7b9f4-5d13-4a86-9b0e-6f2a8c4d1e37',
  mlModelFindings: '9f5a1e83-2b6c-47d0-8e94-1c3b5a7f2d08',
  mlPublicAccess: '61d4c8a2-7e3b-4f15-a9c6-0b8e2d5f7a94',
  sagemakerNetwork: 'c8b2e5d7-3f41-4a69-8d0c-7e9a1b4f6c25',
  vertexPublic: '4d7f0a9e-8c25-4b3e-b61a-2f9c5e8d0a73',
} as const;

export const RECOMMENDATIONS: readonly Recommendation[] = [
  {
    key: REC.localAuth,
    displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
    severity: 'Medium',
    categories: ['IdentityAndAccess'],
    threats: ['AccountBreach', 'DataExfiltration'],
    description:
      'Key access (local authentication) should be disabled for security. Keys can be leaked or shared; Microsoft Entra ID authentication provides auditable, revocable access.',
    remediationDescription: 'Set disableLocalAuth to true on the account and move callers to Microsoft Entra ID tokens.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.networkAccess,
    displayName: 'Azure AI Services resources should restrict network access',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration', 'MaliciousInsider'],
    description:
      'Restricting network access ensures that only allowed networks can reach the service, by configuring network rules or private endpoints.',
    remediationDescription: 'Set the network ACL default action to Deny and allow only the required IP ranges or virtual networks.',
    userImpact: 'Moderate',
    implementationEffort: 'Low',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.privateLink,
    displayName: 'Azure AI Services resources should use Azure Private Link',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description:
      'Azure Private Link lets virtual networks reach Azure AI Services without crossing the public internet, reducing the risk of data leakage.',
    remediationDescription: 'Create a private endpoint for the account and disable public network access.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.cmk,
    displayName:
      '(Enable if required) Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)',
    severity: 'Low',
    categories: ['Data'],
    threats: ['DataExfiltration'],
    description:
      'Customer-managed keys give full control over the key lifecycle for data at rest. Needed only where compliance requires it.',
    remediationDescription: 'Configure encryption with a key in Azure Key Vault (keySource Microsoft.KeyVault).',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.diagnostics,
    displayName: 'Diagnostic logs in Azure AI services resources should be enabled',
    severity: 'Low',
    categories: ['Data'],
    threats: ['DataExfiltration'],
    description:
      'Diagnostic logs recreate activity trails for investigations when a security incident occurs or the service is compromised.',
    remediationDescription: 'Add a diagnostic setting that sends RequestResponse and Audit logs to a Log Analytics workspace.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'ai-account',
    source: 'Azure',
    demoKey: false,
    requiresCspm: false,
  },
  {
    key: REC.bedrockPrivateLink,
    displayName: 'AWS Bedrock should use AWS PrivateLink',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description:
      'AWS PrivateLink keeps traffic between your VPC and Amazon Bedrock on the AWS network instead of the public internet.',
    remediationDescription: 'Create an interface VPC endpoint for bedrock-runtime and bedrock-agent-runtime and route callers through it.',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'bedrock',
    source: 'Aws',
    demoKey: false,
    requiresCspm: true,
  },
  {
    key: REC.contentFilter,
    displayName: 'Azure OpenAI model deployments should have content filtering enabled',
    severity: 'High',
    categories: ['AI'],
    threats: ['DataExfiltration', 'ThreatResistance'],
    description:
      'A model deployment without a content filter (RAI policy) does not screen prompts and completions for harmful content or jailbreak attempts.',
    remediationDescription: 'Attach a content filter policy (for example Microsoft.DefaultV2) to every deployment.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'ai-account-deployments',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.agentGuardrails,
    displayName: 'Azure AI Foundry agents should have guardrails configured',
    severity: 'Medium',
    categories: ['AI'],
    threats: ['ThreatResistance', 'DataExfiltration'],
    description:
      'Agents without guardrails (prompt shields, tool-call restrictions) can be steered by indirect prompt injection to misuse their tools.',
    remediationDescription: 'Enable prompt shields and a guardrail policy on every agent in the project.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.foundryNetwork,
    displayName: 'Network access to Azure AI Foundry projects should be limited',
    severity: 'Medium',
    categories: ['Networking', 'AI'],
    threats: ['DataExfiltration'],
    description: 'Foundry projects reachable from any network expose agents, connections and data to the internet.',
    remediationDescription: 'Disable public network access on the hub or account and use private endpoints or network isolation.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.entraAuth,
    displayName: 'Azure AI Foundry project connections should use Microsoft Entra ID authentication',
    severity: 'Medium',
    categories: ['IdentityAndAccess', 'AI'],
    threats: ['AccountBreach'],
    description: 'Connections authenticated with stored API keys can be misused if the project is compromised.',
    remediationDescription: 'Switch connections to Microsoft Entra ID (AAD) authentication with the project identity.',
    userImpact: 'Low',
    implementationEffort: 'Low',
    target: 'foundry-project',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.mlModelFindings,
    displayName: 'Azure Machine Learning models should have security findings resolved',
    severity: 'High',
    categories: ['AI'],
    threats: ['MaliciousInsider', 'ThreatResistance'],
    description:
      'Model scanning found unsafe serialisation or embedded code in registered models that could run arbitrary code when loaded.',
    remediationDescription: 'Review the flagged models, rebuild them from trusted sources and use safe formats (safetensors, ONNX).',
    userImpact: 'Low',
    implementationEffort: 'Moderate',
    target: 'ml-models',
    source: 'Azure',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.mlPublicAccess,
    displayName: 'Azure Machine Learning workspaces should disable public network access',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description: 'Disabling public network access keeps workspaces reachable only from approved private networks.',
    remediationDescription: 'Set publicNetworkAccess to Disabled and configure private endpoints or a managed network.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'ml',
    source: 'Azure',
    demoKey: true,
    requiresCspm: false,
  },
  {
    key: REC.sagemakerNetwork,
    displayName: 'Amazon SageMaker endpoints should run inside a VPC',
    severity: 'Medium',
    categories: ['Networking'],
    threats: ['DataExfiltration'],
    description: 'Endpoints outside a VPC send inference traffic and model artifacts over the public internet.',
    remediationDescription: 'Redeploy the endpoint with a VpcConfig and network isolation enabled.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'sagemaker',
    source: 'Aws',
    demoKey: true,
    requiresCspm: true,
  },
  {
    key: REC.vertexPublic,
    displayName: 'GCP Vertex AI endpoints should not be publicly accessible',
    severity: 'High',
    categories: ['Networking', 'AI'],
    threats: ['DataExfiltration'],
    description: 'A public Vertex AI endpoint can be called from anywhere by any identity holding a token for the project.',
    remediationDescription: 'Use a private endpoint (Private Service Connect) and restrict IAM on the endpoint.',
    userImpact: 'Moderate',
    implementationEffort: 'Moderate',
    target: 'vertex',
    source: 'Gcp',
    demoKey: true,
    requiresCspm: true,
  },
];

export const RECOMMENDATION_BY_KEY: ReadonlyMap<string, Recommendation> = new Map(
  RECOMMENDATIONS.map((r) => [r.key, r]),
);

/** The assessment keys published by Microsoft (REFERENCE.md), as opposed to the demo keys. */
export const REAL_ASSESSMENT_KEYS: readonly string[] = RECOMMENDATIONS.filter((r) => !r.demoKey).map((r) => r.key);

// ---- Scale-1 layout -------------------------------------------------------

export type EnvCode = 'prod' | 'reg' | 'shared' | 'dev' | 'sbx';

export const ENVIRONMENT_TAG: Record<EnvCode, string> = {
  prod: 'Production',
  reg: 'Production',
  shared: 'Production',
  dev: 'Development',
  sbx: 'Sandbox',
};

export interface SubscriptionSpec {
  displayName: string;
  zone: 1 | 2 | 3;
  /** CloudPosture tier. */
  cspm: boolean;
  /** AI threat protection: Standard with extensions, Standard, or Free. */
  aiPlan: 'extended' | 'standard' | 'free';
  costCenter: string;
  businessUnit: string;
}

export const BASE_SUBSCRIPTIONS: readonly SubscriptionSpec[] = [
  { displayName: 'Contoso Claims AI - Production', zone: 1, cspm: true, aiPlan: 'extended', costCenter: 'CC-1042', businessUnit: 'claims' },
  { displayName: 'Contoso Payments - Regulated', zone: 1, cspm: true, aiPlan: 'extended', costCenter: 'CC-2210', businessUnit: 'payments' },
  { displayName: 'Contoso Customer Care - Production', zone: 2, cspm: true, aiPlan: 'standard', costCenter: 'CC-3105', businessUnit: 'care' },
  { displayName: 'Contoso Data Science - Shared', zone: 2, cspm: true, aiPlan: 'free', costCenter: 'CC-4400', businessUnit: 'datasci' },
  { displayName: 'Contoso Multicloud Connectors', zone: 2, cspm: true, aiPlan: 'free', costCenter: 'CC-0900', businessUnit: 'mcloud' },
  { displayName: 'Contoso HR & Legal - Production', zone: 1, cspm: true, aiPlan: 'standard', costCenter: 'CC-5120', businessUnit: 'hr' },
  { displayName: 'Contoso Marketing GenAI - Dev', zone: 3, cspm: false, aiPlan: 'free', costCenter: 'CC-6031', businessUnit: 'mktg' },
  { displayName: 'Contoso Research Sandbox', zone: 3, cspm: false, aiPlan: 'free', costCenter: 'CC-7007', businessUnit: 'rsch' },
  { displayName: 'Contoso Platform - Shared Services', zone: 1, cspm: true, aiPlan: 'standard', costCenter: 'CC-0100', businessUnit: 'platform' },
];

export type Archetype = 'openai' | 'foundry' | 'hub' | 'mlw' | 'bedrock' | 'sagemaker' | 'vertex';

export interface AppSpec {
  /** Index into BASE_SUBSCRIPTIONS. */
  sub: number;
  bu: string;
  env: EnvCode;
  region: string;
  rg: string;
  archetype: Archetype;
  /** Deployed models (Azure OpenAI / AI Services). */
  models?: readonly string[];
  /** Child projects (Foundry projects, ML hub projects) or, for mlw, the workspace purpose. */
  projects?: readonly string[];
  /** Multi-cloud items: [name, native region]. */
  items?: readonly (readonly [string, string])[];
  /** Customer-facing traffic: flatter daily curve, busier weekends. */
  customerFacing?: boolean;
  /** Typical requests per 5 minutes at a weekday peak. */
  peak?: number;
  /** The resource carries its own ai-zone tag, overriding the subscription's. */
  zoneOverride?: 1 | 2 | 3;
}

export const BASE_APPS: readonly AppSpec[] = [
  // Claims (zone 1)
  { sub: 0, bu: 'claims', env: 'prod', region: 'westeurope', rg: 'rg-claims-ai-prod', archetype: 'openai', models: ['gpt-4o', 'text-embedding-3-large', 'gpt-4o-mini'], peak: 180 },
  { sub: 0, bu: 'claims', env: 'prod', region: 'swedencentral', rg: 'rg-claims-ai-prod', archetype: 'openai', models: ['gpt-4.1', 'o4-mini'], peak: 60 },
  { sub: 0, bu: 'claims', env: 'prod', region: 'westeurope', rg: 'rg-claims-ai-prod', archetype: 'foundry', models: ['gpt-4.1-mini', 'text-embedding-3-small', 'Mistral-Large-2411'], projects: ['claims-triage', 'claims-fraud-agent', 'claims-docintel'], peak: 90 },
  { sub: 0, bu: 'claims', env: 'prod', region: 'westeurope', rg: 'rg-claims-ml-prod', archetype: 'hub', models: ['gpt-4o-mini'], projects: ['claims-severity', 'claims-subrogation'], peak: 8 },
  // Payments (zone 1, regulated)
  { sub: 1, bu: 'payments', env: 'reg', region: 'westeurope', rg: 'rg-payments-ai-regulated', archetype: 'openai', models: ['gpt-4o', 'text-embedding-3-large'], peak: 45 },
  { sub: 1, bu: 'payments', env: 'reg', region: 'northeurope', rg: 'rg-payments-ai-regulated', archetype: 'foundry', models: ['gpt-4.1', 'Phi-4'], projects: ['payments-disputes', 'payments-kyc'], peak: 25 },
  { sub: 1, bu: 'payments', env: 'reg', region: 'westeurope', rg: 'rg-payments-ml-regulated', archetype: 'mlw', projects: ['fraud-scoring'] },
  { sub: 1, bu: 'payments', env: 'reg', region: 'germanywestcentral', rg: 'rg-payments-ai-regulated', archetype: 'openai', models: ['gpt-4o-mini'], peak: 3 },
  // Customer care (zone 2)
  { sub: 2, bu: 'care', env: 'prod', region: 'eastus', rg: 'rg-care-ai-prod', archetype: 'openai', models: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'], customerFacing: true, peak: 400 },
  { sub: 2, bu: 'care', env: 'prod', region: 'eastus2', rg: 'rg-care-ai-prod', archetype: 'openai', models: ['gpt-4.1-mini'], customerFacing: true, peak: 120 },
  { sub: 2, bu: 'care', env: 'prod', region: 'eastus', rg: 'rg-care-ai-prod', archetype: 'foundry', models: ['gpt-4o', 'text-embedding-3-large', 'Llama-3.3-70B-Instruct'], projects: ['care-copilot', 'care-summaries', 'care-voice-agent'], customerFacing: true, peak: 150 },
  { sub: 2, bu: 'care', env: 'prod', region: 'canadaeast', rg: 'rg-care-ai-prod', archetype: 'openai', models: ['gpt-4o-mini', 'gpt-35-turbo-instruct'], peak: 12 },
  // Data science (zone 2)
  { sub: 3, bu: 'datasci', env: 'shared', region: 'eastus2', rg: 'rg-datascience-ml-shared', archetype: 'hub', models: ['gpt-4.1', 'text-embedding-3-large'], projects: ['ds-forecasting', 'ds-churn', 'ds-genai-eval', 'ds-pricing'], peak: 20 },
  { sub: 3, bu: 'datasci', env: 'shared', region: 'eastus2', rg: 'rg-datascience-ml-shared', archetype: 'mlw', projects: ['demand-forecast'] },
  { sub: 3, bu: 'datasci', env: 'shared', region: 'eastus', rg: 'rg-datascience-ml-legacy', archetype: 'mlw', projects: ['churn-legacy'] },
  { sub: 3, bu: 'datasci', env: 'shared', region: 'swedencentral', rg: 'rg-datascience-ai-shared', archetype: 'foundry', models: ['gpt-5-mini', 'DeepSeek-R1'], projects: ['ds-agents-lab'], peak: 6 },
  // Multi-cloud (zone 2)
  { sub: 4, bu: 'mcloud', env: 'prod', region: 'eastus', rg: 'rg-mdc-aws-connectors', archetype: 'bedrock', items: [['claims-intake-agent', 'us-east-1'], ['care-faq-agent', 'us-east-1'], ['hr-policy-agent', 'eu-west-1']] },
  { sub: 4, bu: 'mcloud', env: 'prod', region: 'eastus', rg: 'rg-mdc-aws-connectors', archetype: 'sagemaker', items: [['churn-xgb-prod', 'eu-west-1'], ['fraud-gbm-prod', 'us-east-1'], ['llama-ft-summarizer', 'us-west-2']] },
  { sub: 4, bu: 'mcloud', env: 'prod', region: 'eastus', rg: 'rg-mdc-gcp-connectors', archetype: 'vertex', items: [['gemini-care-router', 'us-central1'], ['contoso-rag-endpoint', 'europe-west4'], ['forecast-tabular', 'us-central1']] },
  // HR & legal (zone 1)
  { sub: 5, bu: 'hr', env: 'prod', region: 'uksouth', rg: 'rg-hr-ai-prod', archetype: 'openai', models: ['gpt-4o-mini', 'text-embedding-3-small'], peak: 30 },
  { sub: 5, bu: 'legal', env: 'prod', region: 'uksouth', rg: 'rg-legal-ai-prod', archetype: 'foundry', models: ['gpt-4.1', 'o3'], projects: ['legal-contract-review', 'legal-ediscovery'], peak: 14 },
  { sub: 5, bu: 'legal', env: 'prod', region: 'francecentral', rg: 'rg-legal-ai-prod', archetype: 'openai', models: ['gpt-4o'], peak: 0.6 },
  // Marketing (zone 3, no CSPM)
  { sub: 6, bu: 'mktg', env: 'dev', region: 'eastus', rg: 'rg-marketing-genai-dev', archetype: 'openai', models: ['dall-e-3', 'gpt-4o'], peak: 10 },
  { sub: 6, bu: 'mktg', env: 'dev', region: 'francecentral', rg: 'rg-marketing-genai-dev', archetype: 'openai', models: ['gpt-4o-mini'], peak: 2, zoneOverride: 1 },
  { sub: 6, bu: 'mktg', env: 'dev', region: 'eastus', rg: 'rg-marketing-genai-dev', archetype: 'foundry', models: ['gpt-4.1-nano', 'dall-e-3'], projects: ['mktg-campaign-writer', 'mktg-image-studio'], peak: 5 },
  // Research (zone 3, no CSPM)
  { sub: 7, bu: 'rsch', env: 'sbx', region: 'westus3', rg: 'rg-research-ai-sandbox', archetype: 'openai', models: ['gpt-5', 'o3'], peak: 1.5 },
  { sub: 7, bu: 'rsch', env: 'sbx', region: 'westus3', rg: 'rg-research-ai-sandbox', archetype: 'foundry', models: ['gpt-5-mini', 'Phi-4', 'DeepSeek-R1'], projects: ['rsch-agents', 'rsch-multimodal', 'rsch-eval'], peak: 3 },
  { sub: 7, bu: 'rsch', env: 'sbx', region: 'eastus', rg: 'rg-research-ml-sandbox', archetype: 'hub', models: ['gpt-4o-mini'], projects: ['rsch-finetune', 'rsch-rlhf'], peak: 0.3 },
  { sub: 7, bu: 'rsch', env: 'sbx', region: 'japaneast', rg: 'rg-research-ml-sandbox', archetype: 'mlw', projects: ['jp-nlp'], zoneOverride: 2 },
  // Platform (zone 1)
  { sub: 8, bu: 'platform', env: 'prod', region: 'westeurope', rg: 'rg-platform-ai-gateway', archetype: 'openai', models: ['gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-large'], customerFacing: true, peak: 260 },
  { sub: 8, bu: 'platform', env: 'prod', region: 'swedencentral', rg: 'rg-platform-ai-prod', archetype: 'foundry', models: ['gpt-4.1', 'o4-mini'], projects: ['platform-agent-service'], peak: 35 },
];

/** Business-unit labels for subscriptions added at larger scales. */
export const EXTRA_BUSINESS_UNITS: readonly string[] = [
  'Underwriting',
  'Actuarial',
  'Treasury',
  'Supply Chain',
  'Retail Banking',
  'Wealth',
  'Procurement',
  'Field Services',
  'Telematics',
  'Digital Channels',
  'Risk Analytics',
  'Compliance',
];
