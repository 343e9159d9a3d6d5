// Defender assessments of the demo's AI resources, as of the epoch. Each
// status follows from the resource's own configuration (keys enabled → the
// key-access recommendation is Unhealthy), so what the bot says can be checked
// against the inventory. Governance assignments and risk sit on a share of the
// unhealthy ones.

import type { AiNode, Inventory } from './inventory.js';
import { DEMO_PEOPLE } from './people.js';
import { Rng } from './random.js';
import { REC, RECOMMENDATIONS, type Recommendation } from './recommendations.js';
import type { ArgRow } from './types.js';

export type StatusCode = 'Healthy' | 'Unhealthy' | 'NotApplicable';
export type RiskLevel = 'Critical' | 'High' | 'Medium' | 'Low';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface GovernanceSpec {
  id: string;
  owner: string;
  dueMs: number;
  isGracePeriod: boolean;
  eta: { etaMs: number; justification: string } | null;
  ticket: { ticketNumber: number; ticketLink: string; ticketStatus: string } | null;
  disableManagerEmail: boolean;
}

export interface Slot {
  index: number;
  node: AiNode;
  rec: Recommendation;
  id: string;
  code: StatusCode;
  cause: string | null;
  description: string | null;
  firstEvaluationMs: number;
  statusChangeMs: number;
  riskFactors: string[];
  riskLevel: RiskLevel | null;
  attackPathIds: string[];
  governance: GovernanceSpec | null;
  /** The clock may flip this one (see timeline.ts). */
  eventable: boolean;
}

/** Which recommendations apply to a resource, and whether it passes each. */
function evaluate(node: AiNode): [Recommendation, boolean][] {
  const out: [Recommendation, boolean][] = [];
  const cspm = node.app.sub.cspm;
  for (const rec of RECOMMENDATIONS) {
    if (rec.requiresCspm && !cspm) continue;
    const unhealthy = unhealthyFor(node, rec);
    if (unhealthy !== null) out.push([rec, unhealthy]);
  }
  return out;
}

function unhealthyFor(node: AiNode, rec: Recommendation): boolean | null {
  const account = node.kind === 'openai' || node.kind === 'ai-services';
  switch (rec.key) {
    case REC.localAuth:
      return account ? node.localAuth : null;
    case REC.networkAccess:
      return account ? node.publicNetwork && node.aclAllow : null;
    case REC.privateLink:
      return account ? !node.privateEndpoint : null;
    case REC.cmk:
      return account ? !node.cmk : null;
    case REC.diagnostics:
      return account ? node.workspace === null : null;
    case REC.contentFilter:
      return account && node.deployments.length > 0 ? node.deployments.some((d) => d.raiPolicyName === null) : null;
    case REC.agentGuardrails:
      return node.kind === 'foundry-project' ? !node.guardrails : null;
    case REC.foundryNetwork:
      return node.kind === 'foundry-project' || node.kind === 'ml-project' ? node.publicNetwork && node.aclAllow : null;
    case REC.entraAuth:
      return node.kind === 'foundry-project' || node.kind === 'ml-hub' ? node.apiKeyConnections : null;
    case REC.mlModelFindings:
      return node.kind === 'ml-project' || node.kind === 'ml-workspace' ? node.modelFindings : null;
    case REC.mlPublicAccess:
      return node.kind === 'ml-hub' || node.kind === 'ml-workspace' ? node.publicNetwork : null;
    case REC.bedrockPrivateLink:
      return node.kind === 'bedrock' ? !node.nativePrivate : null;
    case REC.sagemakerNetwork:
      return node.kind === 'sagemaker' ? !node.nativePrivate : null;
    case REC.vertexPublic:
      return node.kind === 'vertex-ai' ? !node.nativePrivate : null;
    default:
      return null;
  }
}

/** Recommendations whose status the clock may change (the others follow slow-moving configuration). */
export const EVENTABLE_KEYS: ReadonlySet<string> = new Set([
  REC.localAuth,
  REC.networkAccess,
  REC.contentFilter,
  REC.agentGuardrails,
  REC.entraAuth,
  REC.mlModelFindings,
  REC.mlPublicAccess,
  REC.bedrockPrivateLink,
  REC.sagemakerNetwork,
  REC.vertexPublic,
]);

export function riskFactorsOf(node: AiNode, rec: Recommendation): string[] {
  const f: string[] = [];
  if (node.publicNetwork) f.push('Internet exposure');
  const tags = node.app.spec;
  if (tags.env === 'reg' || tags.bu === 'hr' || tags.bu === 'legal' || tags.bu === 'payments' || tags.bu === 'claims') {
    f.push('Sensitive data');
  }
  if (node.app.sub.zone === 1) f.push('Critical resource');
  if (rec.key === REC.localAuth || rec.key === REC.entraAuth) f.push('Lateral movement');
  if (rec.key === REC.mlModelFindings) f.push('Vulnerabilities');
  return f;
}

export function riskLevelOf(rec: Recommendation, factors: readonly string[], onAttackPath: boolean): RiskLevel {
  if (onAttackPath) return rec.severity === 'Low' ? 'High' : 'Critical';
  const weight = factors.length + (rec.severity === 'High' ? 2 : rec.severity === 'Medium' ? 1 : 0);
  if (weight >= 5) return 'Critical';
  if (weight >= 3) return 'High';
  if (weight >= 2) return 'Medium';
  return 'Low';
}

const DUE_DAYS: Record<Recommendation['severity'], number> = { High: 7, Medium: 30, Low: 90 };
const ETA_REASONS = [
  'Waiting for the quarterly change window (CHG0031245)',
  'Callers are being migrated to Entra ID first',
  'Vendor integration still uses API keys; replacement ships next sprint',
  'Private endpoint needs a new subnet from the network team',
];
const TICKET_STATUSES = ['New', 'Active', 'In Progress', 'On Hold'];

export function buildSlots(inv: Inventory, seed: number, epochMs: number): Slot[] {
  const slots: Slot[] = [];
  const root = Rng.for(seed, 'assessments');
  for (const node of inv.ai) {
    const r = root.fork(node.lid);
    for (const [rec, unhealthy] of evaluate(node)) {
      const firstEvaluationMs =
        Math.max(node.createdMs + r.int(1, 8) * HOUR, epochMs - 380 * DAY) + r.int(0, 3599) * 1000;
      let code: StatusCode = unhealthy ? 'Unhealthy' : 'Healthy';
      let cause: string | null = null;
      let description: string | null = null;
      let statusChangeMs = firstEvaluationMs;
      const span = epochMs - HOUR - firstEvaluationMs;
      if (unhealthy) {
        // A third have been failing since first evaluated; the rest regressed later, most of them recently,
        // so the SLA lists show a believable mix of overdue, due-soon and on-track findings.
        if (r.chance(0.66) && span > 0) statusChangeMs = epochMs - HOUR - Math.floor(span * r.next() ** 2.5);
        if (rec.key === REC.cmk && node.app.posture !== 'strict' && r.chance(0.3)) {
          code = 'NotApplicable';
          cause = 'Exempt';
          description = 'Exempted: risk accepted, no customer data at rest in this workload';
        } else if (rec.key === REC.cmk && node.app.posture === 'loose' && r.chance(0.25)) {
          code = 'NotApplicable';
          cause = 'OffByPolicy';
          description = 'The recommendation is disabled by policy for this subscription';
        }
      } else if (r.chance(0.3) && span > 0) {
        // Fixed at some point: a resolved finding.
        statusChangeMs = firstEvaluationMs + Math.floor(span * r.next());
      }
      if (code === 'Unhealthy') description = rec.description.split('.')[0] ?? null;
      const factors = code === 'Unhealthy' && node.app.sub.cspm ? riskFactorsOf(node, rec) : [];
      const slot: Slot = {
        index: slots.length,
        node,
        rec,
        id: `${node.id}/providers/Microsoft.Security/assessments/${rec.key}`,
        code,
        cause,
        description,
        firstEvaluationMs,
        statusChangeMs,
        riskFactors: factors,
        riskLevel: code === 'Unhealthy' && node.app.sub.cspm ? riskLevelOf(rec, factors, false) : null,
        attackPathIds: [],
        governance: null,
        eventable: EVENTABLE_KEYS.has(rec.key) && code !== 'NotApplicable',
      };
      if (code === 'Unhealthy') slot.governance = governanceFor(slot, r, epochMs);
      slots.push(slot);
    }
  }
  return slots;
}

/** A governance assignment for an unhealthy finding, when the owner is known through tags or governance rules. */
export function governanceFor(slot: Slot, r: Rng, epochMs: number): GovernanceSpec | null {
  const app = slot.node.app;
  if (!app.owner || app.ownerMode === 'none') return null;
  const share = app.ownerMode === 'governance' ? 1 : app.sub.cspm ? 0.6 : 0.3;
  if (!r.chance(share)) return null;
  // Assigned when a governance rule first matched: at the finding, or when the rule was created (within the last weeks).
  const assignedMs = Math.max(slot.statusChangeMs, epochMs - r.int(0, 50) * DAY - r.int(0, 86_399) * 1000);
  const dueMs = assignedMs + DUE_DAYS[slot.rec.severity] * DAY * (app.spec.env === 'reg' ? 0.5 : 1);
  const hasEta = r.chance(0.25);
  const hasTicket = r.chance(0.35);
  const ticketNumber = r.int(10_000, 99_999);
  return {
    id: r.guid(),
    owner: app.ownerMode === 'governance' && r.chance(0.3) ? (DEMO_PEOPLE[9]?.upn ?? app.owner.upn) : app.owner.upn,
    dueMs: Math.floor(dueMs / 1000) * 1000,
    isGracePeriod: r.chance(0.5),
    eta: hasEta ? { etaMs: Math.max(dueMs, epochMs) + r.int(5, 40) * DAY, justification: r.pick(ETA_REASONS) } : null,
    ticket: hasTicket
      ? {
          ticketNumber,
          ticketLink: `https://contoso.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=INC00${ticketNumber}`,
          ticketStatus: r.pick(TICKET_STATUSES),
        }
      : null,
    disableManagerEmail: r.chance(0.3),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

function resourceDetails(node: AiNode): Record<string, unknown> {
  if (node.cloud === 'Azure') {
    return {
      Source: 'Azure',
      Id: node.id,
      ResourceName: node.name,
      ResourceType: node.armType,
      ResourceProvider: node.provider,
    };
  }
  const aws = node.cloud === 'AWS';
  return {
    Source: aws ? 'Aws' : 'Gcp',
    Id: node.id,
    ResourceName: node.name,
    ResourceType: node.armType.split('/')[1],
    ResourceProvider: aws ? 'aws' : 'gcp',
    NativeResourceId: node.nativeId,
    ConnectorId: node.connectorId,
    Region: node.location.replace(/^(aws|gcp)-/, ''),
  };
}

export interface SlotState {
  code: StatusCode;
  cause: string | null;
  description: string | null;
  statusChangeMs: number;
  riskLevel: RiskLevel | null;
  riskFactors: string[];
}

export function baseState(slot: Slot): SlotState {
  return {
    code: slot.code,
    cause: slot.cause,
    description: slot.description,
    statusChangeMs: slot.statusChangeMs,
    riskLevel: slot.riskLevel,
    riskFactors: slot.riskFactors,
  };
}

/** The Resource Graph row of an assessment in a given state. */
export function assessmentRow(slot: Slot, state: SlotState, tenantId: string): ArgRow {
  const { node, rec } = slot;
  const status: Record<string, unknown> = {
    code: state.code,
    firstEvaluationDate: iso(slot.firstEvaluationMs),
    statusChangeDate: iso(state.statusChangeMs),
  };
  if (state.cause) status.cause = state.cause;
  if (state.description) status.description = state.description;
  const properties: Record<string, unknown> = {
    displayName: rec.displayName,
    status,
    resourceDetails: resourceDetails(node),
    metadata: {
      displayName: rec.displayName,
      severity: rec.severity,
      assessmentType: 'BuiltIn',
      categories: rec.categories,
      threats: rec.threats,
      userImpact: rec.userImpact,
      implementationEffort: rec.implementationEffort,
      remediationDescription: rec.remediationDescription,
      description: rec.description,
    },
    links: {
      azurePortalUri: `https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsWithRulesBlade/assessmentKey/${rec.key}/showSecurityCenterCommandBar~/false/assessedResourceId/${encodeURIComponent(node.id)}`,
    },
  };
  if (state.code === 'Unhealthy' && state.riskLevel) {
    properties.risk = {
      level: state.riskLevel,
      riskFactors: state.riskFactors,
      attackPathsReferences: slot.attackPathIds,
    };
  }
  if (rec.key === REC.contentFilter && state.code === 'Unhealthy') {
    const missing = node.deployments.filter((d) => d.raiPolicyName === null).map((d) => d.name);
    properties.additionalData = { deploymentsWithoutContentFilter: missing.join(',') || 'new deployment' };
  }
  return {
    id: slot.id,
    name: rec.key,
    type: 'microsoft.security/assessments',
    tenantId,
    subscriptionId: node.app.sub.subscriptionId,
    resourceGroup: node.rg,
    properties,
  };
}

export function governanceRow(slot: Slot, g: GovernanceSpec, tenantId: string): ArgRow {
  const properties: Record<string, unknown> = {
    owner: g.owner,
    remediationDueDate: iso(g.dueMs),
    isGracePeriod: g.isGracePeriod,
    governanceEmailNotification: {
      disableManagerEmailNotification: g.disableManagerEmail,
      disableOwnerEmailNotification: false,
    },
    assignedResourceId: slot.node.id,
  };
  if (g.eta) properties.remediationEta = { eta: iso(g.eta.etaMs), justification: g.eta.justification };
  if (g.ticket) properties.additionalData = { ...g.ticket };
  return {
    id: `${slot.id}/governanceAssignments/${g.id}`,
    name: g.id,
    type: 'microsoft.security/assessments/governanceassignments',
    tenantId,
    subscriptionId: slot.node.app.sub.subscriptionId,
    resourceGroup: slot.node.rg,
    properties,
  };
}
