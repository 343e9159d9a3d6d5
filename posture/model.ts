// The domain vocabulary shared by every layer. Pure types: no SDK, no I/O.

declare const brand: unique symbol;
/** A string that the type system will not confuse with another kind of string. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** ARM resource id, always lower-cased so it can be used as a map key. */
export type AzureResourceId = Brand<string, 'AzureResourceId'>;
/** The GUID that names a Defender recommendation (the assessment's `name`). */
export type AssessmentKey = Brand<string, 'AssessmentKey'>;
/** Subscription GUID, lower-cased. */
export type SubscriptionId = Brand<string, 'SubscriptionId'>;
/** Log Analytics workspace (customer) id. */
export type WorkspaceId = Brand<string, 'WorkspaceId'>;

export const resourceId = (id: string): AzureResourceId => id.toLowerCase() as AzureResourceId;
export const assessmentKey = (key: string): AssessmentKey => key.toLowerCase() as AssessmentKey;
export const subscriptionId = (id: string): SubscriptionId => id.toLowerCase() as SubscriptionId;
export const workspaceId = (id: string): WorkspaceId => id.toLowerCase() as WorkspaceId;

export type Zone = 1 | 2 | 3;
export const ZONES: readonly Zone[] = [1, 2, 3];

export type Cloud = 'Azure' | 'AWS' | 'GCP';

/** The AI resource kinds Vigil knows, across clouds. */
export const AI_RESOURCE_KINDS = [
  'openai',
  'ai-services',
  'ml-hub',
  'ml-project',
  'ml-workspace',
  'foundry-project',
  'bedrock',
  'sagemaker',
  'vertex-ai',
] as const;
export type AiResourceKind = (typeof AI_RESOURCE_KINDS)[number];

export type Severity = 'High' | 'Medium' | 'Low';
export type RiskLevel = 'Critical' | 'High' | 'Medium' | 'Low';

export interface Subscription {
  id: SubscriptionId;
  name: string;
  tags: Record<string, string>;
}

/** A deployed model on an AI resource (Azure OpenAI / AI Services deployment, Bedrock model, endpoint…). */
export interface AiDeployment {
  name: string;
  model: string;
  modelVersion: string | null;
  modelFormat: string | null;
  sku: string | null;
  capacity: number | null;
  /** Content filter (RAI policy) attached to the deployment, if any. */
  contentFilter: string | null;
}

export type BomRole =
  | 'storage'
  | 'search'
  | 'key-vault'
  | 'container-registry'
  | 'app-insights'
  | 'hub'
  | 'ai-services'
  | 'private-endpoint'
  | 'identity';

/** A resource the AI workload depends on: one line of its AI bill of materials. */
export interface BomLink {
  id: AzureResourceId;
  name: string;
  type: string;
  role: BomRole;
  /** Public network access of the linked resource, when known ("Enabled" / "Disabled"). */
  publicNetworkAccess: string | null;
}

export interface Identity {
  kind: 'SystemAssigned' | 'UserAssigned';
  principalId: string | null;
  resourceId: AzureResourceId | null;
}

export interface NetworkExposure {
  /** "Enabled", "Disabled" or "SecuredByPerimeter"; null when the source does not say. */
  publicNetworkAccess: string | null;
  /** Default action of the network ACLs ("Allow" / "Deny"), when present. */
  defaultAction: string | null;
  ipRuleCount: number;
  privateEndpointCount: number;
  /** True when API keys still work (disableLocalAuth is false or absent). */
  localAuthEnabled: boolean | null;
}

export interface AiResource {
  id: AzureResourceId;
  name: string;
  kind: AiResourceKind;
  /** ARM type as reported, e.g. microsoft.cognitiveservices/accounts. */
  armType: string;
  cloud: Cloud;
  location: string;
  subscriptionId: SubscriptionId;
  resourceGroup: string;
  tags: Record<string, string>;
  exposure: NetworkExposure;
  identities: Identity[];
  deployments: AiDeployment[];
  links: BomLink[];
  /** Multi-cloud connector the resource was discovered through (AWS / GCP). */
  connectorId: string | null;
  /** Native id in the other cloud (ARN, GCP resource name). */
  nativeId: string | null;
}

export interface GovernanceAssignment {
  id: string;
  owner: string | null;
  remediationDueDate: string | null;
  eta: { eta: string; justification: string | null } | null;
  isGracePeriod: boolean;
  ticket: { number: string | null; link: string | null; status: string | null } | null;
}

/** A Defender assessment of one resource: a finding when Unhealthy. */
export interface Finding {
  /** Full ARM id of the assessment (…/providers/Microsoft.Security/assessments/{key}). */
  id: string;
  key: AssessmentKey;
  displayName: string;
  resourceId: AzureResourceId;
  resourceName: string;
  status: 'Healthy' | 'Unhealthy' | 'NotApplicable';
  /** e.g. "Exempt" when the finding was exempted. */
  cause: string | null;
  description: string | null;
  severity: Severity;
  firstEvaluationDate: string | null;
  statusChangeDate: string | null;
  risk: { level: RiskLevel | null; factors: string[]; attackPathIds: string[] };
  categories: string[];
  remediation: string | null;
  portalUri: string | null;
  governance: GovernanceAssignment | null;
}

export interface AttackPath {
  id: string;
  displayName: string;
  description: string | null;
  riskLevel: RiskLevel | null;
  riskFactors: string[];
  entryPoint: string | null;
  target: string | null;
  steps: string[];
  /** Every resource the path touches (entry point, hops, target), lower-cased ARM ids. */
  resourceIds: AzureResourceId[];
  assessmentKeys: AssessmentKey[];
  remediation: string | null;
  potentialImpact: string | null;
  mitre: string[];
}

export interface PlanState {
  subscriptionId: SubscriptionId;
  /** Defender plan name: CloudPosture (Defender CSPM), AI (AI threat protection), … */
  plan: string;
  tier: 'Standard' | 'Free';
  subPlan: string | null;
  enabledSince: string | null;
  extensions: { name: string; enabled: boolean }[];
}

export interface SecureScore {
  subscriptionId: SubscriptionId;
  current: number;
  max: number;
  /** 0..1 */
  percentage: number;
}

/** Prompt operations per bin for one AI resource. counts[i] covers [start + i·binMs, start + (i+1)·binMs). */
export interface PromptVolumeSeries {
  resourceId: AzureResourceId;
  workspaceId: WorkspaceId;
  start: string;
  binMs: number;
  counts: number[];
}

export type SourceName = 'resource-graph' | 'security' | 'log-analytics';

/** Something a data source could not do completely. Reported to users and ops, never dropped. */
export interface SourceIssue {
  source: SourceName;
  /** The named query or REST operation. */
  operation: string;
  kind: 'throttled' | 'partial' | 'failed' | 'truncated';
  message: string;
  /** Scope the issue applies to (subscription or workspace id), when narrower than everything. */
  scope: string | null;
}

export interface SourceStats {
  /** Requests sent per source, including pages and retries. */
  requests: Record<SourceName, number>;
  pages: number;
  retries: number;
  throttledWaitsMs: number;
}

/** Everything Vigil knows about the estate at one moment. */
export interface Snapshot {
  takenAt: string;
  tenantId: string | null;
  subscriptions: Subscription[];
  resources: AiResource[];
  findings: Finding[];
  attackPaths: AttackPath[];
  plans: PlanState[];
  secureScores: SecureScore[];
  issues: SourceIssue[];
  stats: SourceStats;
}
