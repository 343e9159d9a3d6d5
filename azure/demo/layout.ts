// The scale-1 layout of the demo estate: subscriptions (with their zone and
// Defender plans) and the workloads in them. Larger scales repeat the workloads
// in more subscriptions modelled on these.

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
  {
    displayName: 'Contoso Claims AI - Production',
    zone: 2,
    cspm: true,
    aiPlan: 'extended',
    costCenter: 'CC-1042',
    businessUnit: 'claims',
  },
  {
    displayName: 'Contoso Payments - Regulated',
    zone: 3,
    cspm: true,
    aiPlan: 'extended',
    costCenter: 'CC-2210',
    businessUnit: 'payments',
  },
  {
    displayName: 'Contoso Customer Care - Production',
    zone: 2,
    cspm: true,
    aiPlan: 'standard',
    costCenter: 'CC-3105',
    businessUnit: 'care',
  },
  {
    displayName: 'Contoso Data Science - Shared',
    zone: 2,
    cspm: true,
    aiPlan: 'free',
    costCenter: 'CC-4400',
    businessUnit: 'datasci',
  },
  {
    displayName: 'Contoso Multicloud Connectors',
    zone: 2,
    cspm: true,
    aiPlan: 'free',
    costCenter: 'CC-0900',
    businessUnit: 'mcloud',
  },
  {
    displayName: 'Contoso HR & Legal - Production',
    zone: 3,
    cspm: true,
    aiPlan: 'standard',
    costCenter: 'CC-5120',
    businessUnit: 'hr',
  },
  {
    displayName: 'Contoso Marketing GenAI - Dev',
    zone: 1,
    cspm: false,
    aiPlan: 'free',
    costCenter: 'CC-6031',
    businessUnit: 'mktg',
  },
  {
    displayName: 'Contoso Research Sandbox',
    zone: 1,
    cspm: false,
    aiPlan: 'free',
    costCenter: 'CC-7007',
    businessUnit: 'rsch',
  },
  {
    displayName: 'Contoso Platform - Shared Services',
    zone: 1,
    cspm: true,
    aiPlan: 'standard',
    costCenter: 'CC-0100',
    businessUnit: 'platform',
  },
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
  // Claims (zone 2)
  {
    sub: 0,
    bu: 'claims',
    env: 'prod',
    region: 'westeurope',
    rg: 'rg-claims-ai-prod',
    archetype: 'openai',
    models: ['gpt-4o', 'text-embedding-3-large', 'gpt-4o-mini'],
    peak: 180,
  },
  {
    sub: 0,
    bu: 'claims',
    env: 'prod',
    region: 'swedencentral',
    rg: 'rg-claims-ai-prod',
    archetype: 'openai',
    models: ['gpt-4.1', 'o4-mini'],
    peak: 60,
  },
  {
    sub: 0,
    bu: 'claims',
    env: 'prod',
    region: 'westeurope',
    rg: 'rg-claims-ai-prod',
    archetype: 'foundry',
    models: ['gpt-4.1-mini', 'text-embedding-3-small', 'Mistral-Large-2411'],
    projects: ['claims-triage', 'claims-fraud-agent', 'claims-docintel'],
    peak: 90,
  },
  {
    sub: 0,
    bu: 'claims',
    env: 'prod',
    region: 'westeurope',
    rg: 'rg-claims-ml-prod',
    archetype: 'hub',
    models: ['gpt-4o-mini'],
    projects: ['claims-severity', 'claims-subrogation'],
    peak: 8,
  },
  // Payments (zone 3, regulated)
  {
    sub: 1,
    bu: 'payments',
    env: 'reg',
    region: 'westeurope',
    rg: 'rg-payments-ai-regulated',
    archetype: 'openai',
    models: ['gpt-4o', 'text-embedding-3-large'],
    peak: 45,
  },
  {
    sub: 1,
    bu: 'payments',
    env: 'reg',
    region: 'northeurope',
    rg: 'rg-payments-ai-regulated',
    archetype: 'foundry',
    models: ['gpt-4.1', 'Phi-4'],
    projects: ['payments-disputes', 'payments-kyc'],
    peak: 25,
  },
  {
    sub: 1,
    bu: 'payments',
    env: 'reg',
    region: 'westeurope',
    rg: 'rg-payments-ml-regulated',
    archetype: 'mlw',
    projects: ['fraud-scoring'],
  },
  {
    sub: 1,
    bu: 'payments',
    env: 'reg',
    region: 'germanywestcentral',
    rg: 'rg-payments-ai-regulated',
    archetype: 'openai',
    models: ['gpt-4o-mini'],
    peak: 3,
  },
  // Customer care (zone 2)
  {
    sub: 2,
    bu: 'care',
    env: 'prod',
    region: 'eastus',
    rg: 'rg-care-ai-prod',
    archetype: 'openai',
    models: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'],
    customerFacing: true,
    peak: 400,
  },
  {
    sub: 2,
    bu: 'care',
    env: 'prod',
    region: 'eastus2',
    rg: 'rg-care-ai-prod',
    archetype: 'openai',
    models: ['gpt-4.1-mini'],
    customerFacing: true,
    peak: 120,
  },
  {
    sub: 2,
    bu: 'care',
    env: 'prod',
    region: 'eastus',
    rg: 'rg-care-ai-prod',
    archetype: 'foundry',
    models: ['gpt-4o', 'text-embedding-3-large', 'Llama-3.3-70B-Instruct'],
    projects: ['care-copilot', 'care-summaries', 'care-voice-agent'],
    customerFacing: true,
    peak: 150,
  },
  {
    sub: 2,
    bu: 'care',
    env: 'prod',
    region: 'canadaeast',
    rg: 'rg-care-ai-prod',
    archetype: 'openai',
    models: ['gpt-4o-mini', 'gpt-35-turbo-instruct'],
    peak: 12,
  },
  // Data science (zone 2)
  {
    sub: 3,
    bu: 'datasci',
    env: 'shared',
    region: 'eastus2',
    rg: 'rg-datascience-ml-shared',
    archetype: 'hub',
    models: ['gpt-4.1', 'text-embedding-3-large'],
    projects: ['ds-forecasting', 'ds-churn', 'ds-genai-eval', 'ds-pricing'],
    peak: 20,
  },
  {
    sub: 3,
    bu: 'datasci',
    env: 'shared',
    region: 'eastus2',
    rg: 'rg-datascience-ml-shared',
    archetype: 'mlw',
    projects: ['demand-forecast'],
  },
  {
    sub: 3,
    bu: 'datasci',
    env: 'shared',
    region: 'eastus',
    rg: 'rg-datascience-ml-legacy',
    archetype: 'mlw',
    projects: ['churn-legacy'],
  },
  {
    sub: 3,
    bu: 'datasci',
    env: 'shared',
    region: 'swedencentral',
    rg: 'rg-datascience-ai-shared',
    archetype: 'foundry',
    models: ['gpt-5-mini', 'DeepSeek-R1'],
    projects: ['ds-agents-lab'],
    peak: 6,
  },
  // Multi-cloud (zone 2)
  {
    sub: 4,
    bu: 'mcloud',
    env: 'prod',
    region: 'eastus',
    rg: 'rg-mdc-aws-connectors',
    archetype: 'bedrock',
    items: [
      ['claims-intake-agent', 'us-east-1'],
      ['care-faq-agent', 'us-east-1'],
      ['hr-policy-agent', 'eu-west-1'],
    ],
  },
  {
    sub: 4,
    bu: 'mcloud',
    env: 'prod',
    region: 'eastus',
    rg: 'rg-mdc-aws-connectors',
    archetype: 'sagemaker',
    items: [
      ['churn-xgb-prod', 'eu-west-1'],
      ['fraud-gbm-prod', 'us-east-1'],
      ['llama-ft-summarizer', 'us-west-2'],
    ],
  },
  {
    sub: 4,
    bu: 'mcloud',
    env: 'prod',
    region: 'eastus',
    rg: 'rg-mdc-gcp-connectors',
    archetype: 'vertex',
    items: [
      ['gemini-care-router', 'us-central1'],
      ['contoso-rag-endpoint', 'europe-west4'],
      ['forecast-tabular', 'us-central1'],
    ],
  },
  // HR & legal (zone 3, confidential data)
  {
    sub: 5,
    bu: 'hr',
    env: 'prod',
    region: 'uksouth',
    rg: 'rg-hr-ai-prod',
    archetype: 'openai',
    models: ['gpt-4o-mini', 'text-embedding-3-small'],
    peak: 30,
  },
  {
    sub: 5,
    bu: 'legal',
    env: 'prod',
    region: 'uksouth',
    rg: 'rg-legal-ai-prod',
    archetype: 'foundry',
    models: ['gpt-4.1', 'o3'],
    projects: ['legal-contract-review', 'legal-ediscovery'],
    peak: 14,
  },
  {
    sub: 5,
    bu: 'legal',
    env: 'prod',
    region: 'francecentral',
    rg: 'rg-legal-ai-prod',
    archetype: 'openai',
    models: ['gpt-4o'],
    peak: 0.6,
  },
  // Marketing (zone 1, no CSPM)
  {
    sub: 6,
    bu: 'mktg',
    env: 'dev',
    region: 'eastus',
    rg: 'rg-marketing-genai-dev',
    archetype: 'openai',
    models: ['dall-e-3', 'gpt-4o'],
    peak: 10,
  },
  {
    sub: 6,
    bu: 'mktg',
    env: 'dev',
    region: 'francecentral',
    rg: 'rg-marketing-genai-dev',
    archetype: 'openai',
    models: ['gpt-4o-mini'],
    peak: 2,
    zoneOverride: 2,
  },
  {
    sub: 6,
    bu: 'mktg',
    env: 'dev',
    region: 'eastus',
    rg: 'rg-marketing-genai-dev',
    archetype: 'foundry',
    models: ['gpt-4.1-nano', 'dall-e-3'],
    projects: ['mktg-campaign-writer', 'mktg-image-studio'],
    peak: 5,
  },
  // Research (zone 1, no CSPM)
  {
    sub: 7,
    bu: 'rsch',
    env: 'sbx',
    region: 'westus3',
    rg: 'rg-research-ai-sandbox',
    archetype: 'openai',
    models: ['gpt-5', 'o3'],
    peak: 1.5,
  },
  {
    sub: 7,
    bu: 'rsch',
    env: 'sbx',
    region: 'westus3',
    rg: 'rg-research-ai-sandbox',
    archetype: 'foundry',
    models: ['gpt-5-mini', 'Phi-4', 'DeepSeek-R1'],
    projects: ['rsch-agents', 'rsch-multimodal', 'rsch-eval'],
    peak: 3,
  },
  {
    sub: 7,
    bu: 'rsch',
    env: 'sbx',
    region: 'eastus',
    rg: 'rg-research-ml-sandbox',
    archetype: 'hub',
    models: ['gpt-4o-mini'],
    projects: ['rsch-finetune', 'rsch-rlhf'],
    peak: 0.3,
  },
  {
    sub: 7,
    bu: 'rsch',
    env: 'sbx',
    region: 'japaneast',
    rg: 'rg-research-ml-sandbox',
    archetype: 'mlw',
    projects: ['jp-nlp'],
    zoneOverride: 2,
  },
  // Platform (zone 1)
  {
    sub: 8,
    bu: 'platform',
    env: 'prod',
    region: 'westeurope',
    rg: 'rg-platform-ai-gateway',
    archetype: 'openai',
    models: ['gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-large'],
    customerFacing: true,
    peak: 260,
  },
  {
    sub: 8,
    bu: 'platform',
    env: 'prod',
    region: 'swedencentral',
    rg: 'rg-platform-ai-prod',
    archetype: 'foundry',
    models: ['gpt-4.1', 'o4-mini'],
    projects: ['platform-agent-service'],
    peak: 35,
  },
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
