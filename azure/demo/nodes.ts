// Typed nodes of the demo inventory: what findings, attack paths and request
// logs read about each subscription, app and AI resource besides its raw row.

import type { ModelSpec, Region } from './catalog.js';
import type { AppSpec, SubscriptionSpec } from './layout.js';
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
export type Posture = 'strict' | 'typical' | 'loose';
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
