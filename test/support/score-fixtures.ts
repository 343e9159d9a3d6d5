// Fixture builders for the posture, readiness and recommendations tests: a small hand-built estate
// whose figures can be worked out on paper.

import { Estate } from '../../posture/estate.js';
import {
  type AiResource,
  type AiResourceKind,
  type AttackPath,
  assessmentKey,
  type Cloud,
  type Finding,
  type PlanState,
  resourceId,
  type SecureScore,
  type Severity,
  type Snapshot,
  type SubscriptionId,
  subscriptionId,
  type Zone,
} from '../../posture/model.js';
import { DEFAULT_POLICY } from '../../posture/policy.js';
import type { ZoneRules } from '../../posture/zones.js';

export const ZONES: ZoneRules = { default: 2, tagName: 'ai-zone', byResourceGroup: {}, bySubscription: {} };
export const SETTINGS = { zones: ZONES, policy: DEFAULT_POLICY };

export const SUB_A = subscriptionId('aaaaaaaa-0000-4000-8000-000000000001');
export const SUB_B = subscriptionId('bbbbbbbb-0000-4000-8000-000000000002');
export const SUB_C = subscriptionId('cccccccc-0000-4000-8000-000000000003');

export const KEY_LOCAL_AUTH = assessmentKey('13b10b36-aa99-4db6-b00c-dcf87c4761e6');
export const KEY_NETWORK = assessmentKey('f738efb8-005f-680d-3d43-b3db762d6243');
export const KEY_CONTENT_FILTER = assessmentKey('7c1f3a52-9e4b-4d0a-8b21-5f6e2d9a0c13');
export const KEY_DIAGNOSTICS = assessmentKey('dea5192e-1bb3-101b-b70c-4646546f5e1e');

export interface ResourceSpec {
  name: string;
  sub?: SubscriptionId;
  zone?: Zone;
  kind?: AiResourceKind;
  cloud?: Cloud;
  rg?: string;
  owner?: string;
}

export function resource(s: ResourceSpec): AiResource {
  const sub = s.sub ?? SUB_A;
  const rg = s.rg ?? 'rg-ai';
  const tags: Record<string, string> = {};
  if (s.zone) tags['ai-zone'] = String(s.zone);
  if (s.owner) tags.owner = s.owner;
  return {
    id: resourceId(
      `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.CognitiveServices/accounts/${s.name}`,
    ),
    name: s.name,
    kind: s.kind ?? 'openai',
    armType: 'microsoft.cognitiveservices/accounts',
    cloud: s.cloud ?? 'Azure',
    location: 'westeurope',
    subscriptionId: sub,
    resourceGroup: rg,
    tags,
    exposure: {
      publicNetworkAccess: 'Enabled',
      defaultAction: 'Allow',
      ipRuleCount: 0,
      privateEndpointCount: 0,
      localAuthEnabled: true,
    },
    identities: [],
    deployments: [],
    links: [],
    connectorId: null,
    nativeId: null,
  };
}

export interface FindingSpec {
  on: AiResource;
  key?: string;
  severity?: Severity;
  status?: Finding['status'];
  cause?: string | null;
  displayName?: string;
  remediation?: string | null;
  description?: string | null;
  /** Days before 2026-11-23 the finding became unhealthy. */
  ageDays?: number;
}

const NOW = Date.parse('2026-11-23T10:42:00Z');

export function finding(s: FindingSpec): Finding {
  const key = assessmentKey(s.key ?? KEY_LOCAL_AUTH);
  const at = new Date(NOW - (s.ageDays ?? 3) * 86_400_000).toISOString();
  return {
    id: `${s.on.id}/providers/Microsoft.Security/assessments/${key}`,
    key,
    displayName: s.displayName ?? `Recommendation ${key.slice(0, 8)}`,
    resourceId: s.on.id,
    resourceName: s.on.name,
    status: s.status ?? 'Unhealthy',
    cause: s.cause ?? null,
    description: s.description === undefined ? `Why ${key.slice(0, 8)} matters` : s.description,
    severity: s.severity ?? 'Medium',
    firstEvaluationDate: at,
    statusChangeDate: at,
    risk: { level: null, factors: [], attackPathIds: [] },
    categories: [],
    remediation: s.remediation === undefined ? `Fix ${key.slice(0, 8)}` : s.remediation,
    portalUri: `https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsWithRulesBlade/assessmentKey/${key}/assessedResourceId/${encodeURIComponent(s.on.id)}`,
    governance: null,
  };
}

export function plan(sub: SubscriptionId, name: string, tier: 'Standard' | 'Free'): PlanState {
  return { subscriptionId: sub, plan: name, tier, subPlan: null, enabledSince: null, extensions: [] };
}

export function attackPath(id: string, through: AiResource[]): AttackPath {
  return {
    id,
    displayName: `Path ${id}`,
    description: null,
    riskLevel: 'High',
    riskFactors: [],
    entryPoint: 'vm-exposed',
    target: through[through.length - 1]?.name ?? null,
    steps: [],
    resourceIds: through.map((r) => r.id),
    assessmentKeys: [],
    remediation: null,
    potentialImpact: null,
    mitre: [],
  };
}

export interface SnapshotSpec {
  takenAt?: string;
  resources: AiResource[];
  findings: Finding[];
  attackPaths?: AttackPath[];
  plans?: PlanState[];
  secureScores?: SecureScore[];
  subscriptions?: { id: SubscriptionId; name: string; tags?: Record<string, string> }[];
  issues?: Snapshot['issues'];
}

export function snapshot(s: SnapshotSpec): Snapshot {
  return {
    takenAt: s.takenAt ?? '2026-11-23T10:42:00.000Z',
    tenantId: null,
    subscriptions: (
      s.subscriptions ?? [
        { id: SUB_A, name: 'Claims Production' },
        { id: SUB_B, name: 'Research Sandbox' },
        { id: SUB_C, name: 'Multicloud Connectors' },
      ]
    ).map((x) => ({ id: x.id, name: x.name, tags: x.tags ?? {} })),
    resources: s.resources,
    findings: s.findings,
    attackPaths: s.attackPaths ?? [],
    plans: s.plans ?? [],
    secureScores: s.secureScores ?? [],
    issues: s.issues ?? [],
    stats: {
      requests: { 'resource-graph': 0, security: 0, 'log-analytics': 0 },
      pages: 0,
      retries: 0,
      throttledWaitsMs: 0,
    },
  };
}

export const estateOf = (s: SnapshotSpec) => new Estate(snapshot(s), SETTINGS);
