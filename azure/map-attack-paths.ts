// Defender attack paths (Resource Graph rows) → the domain's AttackPath.
// Two shapes are in the wild (REFERENCE.md): the documented one (entities and
// connections in `graphComponent`, entry point and target by internal id) and
// the one reported from live tenants (`entryPoint`, `target`, `attackPathSteps`,
// `riskLevel`, `mITRETacticsAndTechniques`). Both are read; neither is required.
import {
  type AssessmentKey,
  type AttackPath,
  type AzureResourceId,
  assessmentKey,
  resourceId,
} from '../posture/model.js';
import { arr, at, atAny, isArmId, obj, str, strings } from './bag.js';
import { normaliseRiskLevel } from './map-findings.js';
import type { AttackPathRow } from './wire.js';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const entityKey = (e: unknown) => str(atAny(e, 'entityInternalID', 'entityInternalId', 'internalId', 'id'));
const entityResource = (e: unknown) =>
  str(atAny(at(e, 'entityIdentifiers'), 'azureResourceId', 'AzureResourceId', 'azureResourceID')) ??
  str(atAny(e, 'azureResourceId', 'resourceId'));
const entityLabel = (e: unknown) =>
  str(atAny(e, 'entityName', 'name', 'displayName')) ?? entityResource(e) ?? entityKey(e);

/** A label for a live-shape endpoint, which may be a plain string or an object. */
function endpointLabel(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  return str(atAny(v, 'name', 'entityName', 'displayName', 'azureResourceId', 'resourceId', 'id'));
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  return str(atAny(v, 'description', 'title', 'name', 'displayName', 'text'));
}

/** Every ARM id of a resource anywhere in the attack path (Defender's own ids left out). */
function collectResourceIds(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 12) return;
  if (typeof v === 'string') {
    if (isArmId(v) && !/\/providers\/microsoft\.security\//i.test(v)) out.add(v.toLowerCase());
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectResourceIds(x, out, depth + 1);
    return;
  }
  const o = obj(v);
  if (o) for (const x of Object.values(o)) collectResourceIds(x, out, depth + 1);
}

/**
 * Assessment keys referenced by the path. `properties.assessments` is not
 * documented in detail (plain keys, full assessment ids, or objects listing
 * keys per entity are all plausible), so every GUID found in it counts, taking
 * the segment after `/assessments/` when a full id is given.
 */
function assessmentKeysOf(v: unknown): AssessmentKey[] {
  const keys = new Set<string>();
  const visit = (x: unknown, depth: number): void => {
    if (depth > 6) return;
    if (typeof x === 'string') {
      const afterSegment = /\/assessments\/([^/]+)/i.exec(x)?.[1];
      const guid = GUID.exec(afterSegment ?? x)?.[0];
      if (guid) keys.add(guid.toLowerCase());
    } else if (Array.isArray(x)) {
      for (const y of x) visit(y, depth + 1);
    } else {
      const o = obj(x);
      if (o) for (const y of Object.values(o)) visit(y, depth + 1);
    }
  };
  visit(v, 0);
  return [...keys].sort().map(assessmentKey);
}

function mitreOf(v: unknown): string[] {
  const out: string[] = [];
  for (const item of arr(v)) {
    if (typeof item === 'string') {
      if (item.trim()) out.push(item);
      continue;
    }
    const tactic = str(atAny(item, 'tactic', 'name'));
    const techniques = arr(atAny(item, 'techniques', 'Techniques'))
      .map(textOf)
      .filter((t): t is string => t !== null);
    if (tactic) out.push(techniques.length > 0 ? `${tactic}: ${techniques.join(', ')}` : tactic);
  }
  return out;
}

export function mapAttackPath(row: AttackPathRow): AttackPath {
  const p = row.properties ?? {};
  const graph = at(p, 'graphComponent');
  const entities = arr(at(graph, 'entities'));
  const entityById = new Map<string, unknown>();
  for (const e of entities) {
    const k = entityKey(e);
    if (k) entityById.set(k, e);
  }
  const entityLabelById = (id: string | null) => {
    if (!id) return null;
    const e = entityById.get(id);
    return e === undefined ? id : entityLabel(e);
  };

  const liveSteps = arr(at(p, 'attackPathSteps'))
    .map(textOf)
    .filter((s): s is string => s !== null);
  const documentedSteps = arr(at(graph, 'connections'))
    .map((c) => {
      const from = entityLabelById(str(atAny(c, 'sourceEntityInternalID', 'sourceEntityInternalId', 'source')));
      const to = entityLabelById(str(atAny(c, 'targetEntityInternalID', 'targetEntityInternalId', 'target')));
      const title = str(atAny(c, 'title', 'name'));
      if (!from && !to) return title;
      return `${from ?? '?'} → ${to ?? '?'}${title ? ` (${title})` : ''}`;
    })
    .filter((s): s is string => s !== null);

  const ids = new Set<string>();
  for (const e of entities) {
    const rid = entityResource(e);
    if (rid) ids.add(rid.toLowerCase());
  }
  collectResourceIds(p, ids);

  const remediation = at(p, 'manualRemediationSteps');
  return {
    id: str(atAny(p, 'AttackPathID', 'attackPathId', 'attackPathID')) ?? row.name,
    displayName: str(atAny(p, 'displayName', 'attackPathDisplayName')) ?? row.name,
    description: str(at(p, 'description')) ?? str(at(p, 'attackStory')),
    riskLevel: normaliseRiskLevel(atAny(p, 'riskLevel', 'RiskLevel') ?? at(p, 'risk', 'level')),
    riskFactors: strings(atAny(p, 'riskFactors', 'RiskFactors')),
    entryPoint:
      endpointLabel(at(p, 'entryPoint')) ??
      entityLabelById(str(atAny(p, 'entryPointEntityInternalID', 'entryPointEntityInternalId'))),
    target:
      endpointLabel(at(p, 'target')) ??
      entityLabelById(str(atAny(p, 'targetEntityInternalID', 'targetEntityInternalId'))),
    steps: liveSteps.length > 0 ? liveSteps : documentedSteps,
    resourceIds: [...ids].sort().map((id): AzureResourceId => resourceId(id)),
    assessmentKeys: assessmentKeysOf(at(p, 'assessments')),
    remediation: Array.isArray(remediation) ? strings(remediation).join('\n') || null : str(remediation),
    potentialImpact: str(at(p, 'potentialImpact')),
    mitre: mitreOf(atAny(p, 'mITRETacticsAndTechniques', 'mitreTacticsAndTechniques', 'MITRETacticsAndTechniques')),
  };
}
