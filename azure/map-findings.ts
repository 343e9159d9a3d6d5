// Defender assessments and governance assignments (Resource Graph rows) →
// the domain's findings, with each finding's governance assignment joined by
// assessment id. Pure.
import {
  assessmentKey,
  type Finding,
  type GovernanceAssignment,
  type RiskLevel,
  resourceId,
  type Severity,
} from '../posture/model.js';
import { at, atAny, bool, lastSegment, str, strings } from './bag.js';
import type { AssessmentRow, GovernanceRow } from './wire.js';

const SEVERITIES: readonly Severity[] = ['High', 'Medium', 'Low'];
const RISK_LEVELS: readonly RiskLevel[] = ['Critical', 'High', 'Medium', 'Low'];
const STATUSES = ['Healthy', 'Unhealthy', 'NotApplicable'] as const;

function oneOf<T extends string>(values: readonly T[], v: unknown): T | null {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return values.find((x) => x.toLowerCase() === s) ?? null;
}

export const normaliseRiskLevel = (v: unknown): RiskLevel | null => oneOf(RISK_LEVELS, v);

/** The assessment a governance assignment belongs to: its id up to `/governanceAssignments/`, lower-cased. */
export function assessmentIdOfAssignment(assignmentId: string): string {
  const id = assignmentId.toLowerCase();
  const cut = id.indexOf('/governanceassignments/');
  return cut >= 0 ? id.slice(0, cut) : id;
}

export function mapGovernance(row: GovernanceRow): GovernanceAssignment {
  const p = row.properties ?? {};
  const etaDate = str(at(p, 'remediationEta', 'eta'));
  const data = at(p, 'additionalData');
  const ticketNumber = at(data, 'ticketNumber');
  const ticket = {
    number: typeof ticketNumber === 'number' ? String(ticketNumber) : str(ticketNumber),
    link: str(at(data, 'ticketLink')),
    status: str(at(data, 'ticketStatus')),
  };
  return {
    id: row.id,
    owner: str(at(p, 'owner')),
    remediationDueDate: str(at(p, 'remediationDueDate')),
    eta: etaDate ? { eta: etaDate, justification: str(at(p, 'remediationEta', 'justification')) } : null,
    isGracePeriod: bool(at(p, 'isGracePeriod')) ?? false,
    ticket: ticket.number || ticket.link || ticket.status ? ticket : null,
  };
}

/** Assessment rows whose status Vigil cannot read are returned apart, so the caller can report them. */
export interface FindingsResult {
  findings: Finding[];
  unreadable: AssessmentRow[];
}

export function mapFindings(assessments: AssessmentRow[], governance: GovernanceRow[]): FindingsResult {
  const byAssessment = new Map<string, GovernanceAssignment>();
  for (const row of governance) {
    // Several assignments on one assessment: keep the one with the latest due date.
    const g = mapGovernance(row);
    const key = assessmentIdOfAssignment(row.id);
    const prev = byAssessment.get(key);
    if (!prev || (g.remediationDueDate ?? '') > (prev.remediationDueDate ?? '')) byAssessment.set(key, g);
  }

  const findings: Finding[] = [];
  const unreadable: AssessmentRow[] = [];
  for (const row of assessments) {
    const p = row.properties;
    const status = oneOf(STATUSES, at(p, 'status', 'code'));
    const details = at(p, 'resourceDetails');
    const rid = str(row.resourceId) ?? str(atAny(details, 'Id', 'id', 'ResourceId', 'AzureResourceId'));
    if (!status || !rid) {
      unreadable.push(row);
      continue;
    }
    const metadata = at(p, 'metadata');
    findings.push({
      id: row.id,
      key: assessmentKey(row.name),
      displayName: str(at(p, 'displayName')) ?? str(at(metadata, 'displayName')) ?? row.name,
      resourceId: resourceId(rid),
      resourceName: str(atAny(details, 'ResourceName', 'resourceName')) ?? lastSegment(rid),
      status,
      cause: str(at(p, 'status', 'cause')),
      description: str(at(p, 'status', 'description')) ?? str(at(metadata, 'description')),
      // Defender always rates an assessment; a missing rating is read as Medium rather than hidden.
      severity: oneOf(SEVERITIES, at(metadata, 'severity')) ?? 'Medium',
      firstEvaluationDate: str(at(p, 'status', 'firstEvaluationDate')),
      statusChangeDate: str(at(p, 'status', 'statusChangeDate')),
      risk: {
        level: normaliseRiskLevel(at(p, 'risk', 'level')),
        factors: strings(at(p, 'risk', 'riskFactors')),
        attackPathIds: strings(at(p, 'risk', 'attackPathsReferences')),
      },
      categories: strings(at(metadata, 'categories')),
      remediation: str(at(metadata, 'remediationDescription')) ?? str(at(p, 'remediationDescription')),
      portalUri: str(at(p, 'links', 'azurePortalUri')),
      governance: byAssessment.get(row.id.toLowerCase()) ?? null,
    });
  }
  return { findings, unreadable };
}
