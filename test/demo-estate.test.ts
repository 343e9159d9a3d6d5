import { describe, expect, it } from 'vitest';
import { REGIONS } from '../azure/demo/catalog.js';
import { aiKindOfRow, createDemoEstate, summarizeEstate } from '../azure/demo/estate.js';
import { REAL_ASSESSMENT_KEYS, REC, RECOMMENDATION_BY_KEY } from '../azure/demo/recommendations.js';
import type { ArgRow, DemoEstateView } from '../azure/demo/types.js';
import { AI_ACCOUNT_TYPE, AI_DEPLOYMENT_TYPE, ML_CONNECTION_TYPE, ML_WORKSPACE_TYPE } from '../azure/queries.js';

const EPOCH = new Date(Date.UTC(2026, 10, 23, 9, 0));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BIN = 5 * MINUTE;
const at = (ms: number) => new Date(EPOCH.getTime() + ms);

const estate = createDemoEstate({ seed: 42, scale: 1, epoch: EPOCH });
const base = estate.at(EPOCH);

// ---- helpers ---------------------------------------------------------------

// Test-side reading of raw wire rows: the shapes are what the assertions check.
// biome-ignore lint/suspicious/noExplicitAny: raw Azure JSON in assertions
type Props = Record<string, any>;
const props = (r: ArgRow) => r.properties as Props;
const byType = (rows: readonly ArgRow[], type: string) => rows.filter((r) => r.type === type);
const assessments = (v: DemoEstateView) => byType(v.securityResources, 'microsoft.security/assessments');
const governance = (v: DemoEstateView) =>
  byType(v.securityResources, 'microsoft.security/assessments/governanceassignments');
const attackPaths = (v: DemoEstateView) => byType(v.securityResources, 'microsoft.security/attackpaths');
const aiRows = (v: DemoEstateView) => v.resources.filter((r) => aiKindOfRow(r) !== null);
const code = (r: ArgRow) => props(r).status.code as string;
const resourceIndex = (v: DemoEstateView) => new Map(v.resources.map((r) => [r.id.toLowerCase(), r]));
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
};
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Everything a server would serve from a view, as plain data. */
function dataOf(v: DemoEstateView) {
  return {
    now: v.now.toISOString(),
    tenantId: v.tenantId,
    resourceContainers: v.resourceContainers,
    resources: v.resources,
    securityResources: v.securityResources,
    pricings: [...v.pricings.entries()],
    secureScores: [...v.secureScores.entries()],
    workspaces: v.workspaces,
    workspaceResources: [...v.workspaceResources.entries()],
  };
}

function loggedIds(v: DemoEstateView): string[] {
  return [...v.workspaceResources.values()].flat();
}

/** Local UTC offset of a logged resource, from its region. */
function offsetOf(v: DemoEstateView, id: string): number {
  const row = resourceIndex(v).get(id);
  const region = row?.location ? REGIONS[row.location] : undefined;
  if (!region) throw new Error(`no region for ${id}`);
  return region.utcOffsetHours * HOUR;
}

function series(v: DemoEstateView, id: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += BIN) out.push(v.promptCount(id, t));
  return out;
}

// ---- determinism -----------------------------------------------------------

describe('determinism', () => {
  it('builds the same estate and the same views from the same seed, scale and epoch', () => {
    const again = createDemoEstate({ seed: 42, scale: 1, epoch: EPOCH });
    expect(again.tenantId).toBe(estate.tenantId);
    expect(again.people).toEqual(estate.people);
    expect(again.subscriptions).toEqual(estate.subscriptions);
    expect(again.anomalies).toEqual(estate.anomalies);
    for (const t of [EPOCH, at(95 * MINUTE), at(26 * HOUR)]) {
      const a = estate.at(t);
      const b = again.at(t);
      expect(dataOf(b)).toEqual(dataOf(a));
      for (const id of loggedIds(a).slice(0, 5)) {
        expect(series(b, id, t.getTime() - DAY, t.getTime())).toEqual(series(a, id, t.getTime() - DAY, t.getTime()));
        expect(b.promptCallers(id, t.getTime() - DAY, t.getTime())).toEqual(
          a.promptCallers(id, t.getTime() - DAY, t.getTime()),
        );
      }
    }
  });

  it('gives the same view for the same instant whatever was asked before', () => {
    const t = at(7 * HOUR + 13 * MINUTE);
    const fresh = createDemoEstate({ seed: 42, epoch: EPOCH }).at(t);
    const used = createDemoEstate({ seed: 42, epoch: EPOCH });
    used.at(at(30 * HOUR));
    used.at(at(-2 * HOUR));
    used.at(at(2 * HOUR));
    expect(dataOf(used.at(t))).toEqual(dataOf(fresh));
    expect(dataOf(used.at(t))).toEqual(dataOf(used.at(new Date(t.getTime()))));
  });

  it('builds a different estate from a different seed', () => {
    const other = createDemoEstate({ seed: 7, epoch: EPOCH });
    const v = other.at(EPOCH);
    expect(other.tenantId).not.toBe(estate.tenantId);
    expect(other.subscriptions.map((s) => s.subscriptionId)).not.toEqual(
      estate.subscriptions.map((s) => s.subscriptionId),
    );
    const statuses = (x: DemoEstateView) =>
      assessments(x).map(
        (r) => `${r.id.split('/providers/Microsoft.Security')[0]?.split('/').pop()}:${r.name}:${code(r)}`,
      );
    expect(statuses(v)).not.toEqual(statuses(base));
  });

  it('uses the documented defaults', () => {
    const d = createDemoEstate();
    expect(d.seed).toBe(42);
    expect(d.scale).toBe(1);
    expect(d.epoch.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(() => createDemoEstate({ scale: 0 })).toThrow(/scale/);
  });
});

// ---- the scale-1 estate ------------------------------------------------------

describe('scale-1 estate', () => {
  const ix = resourceIndex(base);
  const summary = summarizeEstate(base);

  it('has every row id once', () => {
    const ids = [...base.resourceContainers, ...base.resources, ...base.securityResources].map((r) =>
      r.id.toLowerCase(),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const later = estate.at(at(2 * DAY));
    const laterIds = [...later.resourceContainers, ...later.resources, ...later.securityResources].map((r) =>
      r.id.toLowerCase(),
    );
    expect(new Set(laterIds).size).toBe(laterIds.length);
  });

  it('spreads several subscriptions over the three zones, with regulated resource groups and zone overrides', () => {
    const subs = byType(base.resourceContainers, 'microsoft.resources/subscriptions');
    expect(subs.length).toBeGreaterThanOrEqual(6);
    expect(new Set(subs.map((s) => s.tags?.['ai-zone']))).toEqual(new Set(['1', '2', '3']));
    for (const s of subs) {
      expect(s.id).toBe(`/subscriptions/${s.subscriptionId}`);
      expect(s.name).toMatch(/^Contoso /);
    }
    expect(estate.subscriptions.map((s) => String(s.zone))).toEqual(subs.map((s) => s.tags?.['ai-zone']));
    const rgs = byType(base.resourceContainers, 'microsoft.resources/subscriptions/resourcegroups');
    expect(rgs.some((g) => g.name === 'rg-payments-ai-regulated')).toBe(true);
    const zoneOf = new Map(subs.map((s) => [s.subscriptionId, s.tags?.['ai-zone']]));
    const overrides = aiRows(base).filter(
      (r) => r.tags?.['ai-zone'] && r.tags['ai-zone'] !== zoneOf.get(r.subscriptionId),
    );
    expect(overrides.length).toBeGreaterThanOrEqual(1);
  });

  it('holds at least 60 AI resources of every kind across Azure, AWS and GCP', () => {
    expect(summary.aiResources).toBeGreaterThanOrEqual(60);
    expect(Object.keys(summary.aiByKind).sort()).toEqual(
      [
        'ai-services',
        'bedrock',
        'foundry-project',
        'ml-hub',
        'ml-project',
        'ml-workspace',
        'openai',
        'sagemaker',
        'vertex-ai',
      ].sort(),
    );
    expect(Object.keys(summary.aiByCloud).sort()).toEqual(['AWS', 'Azure', 'GCP']);
    for (const r of aiRows(base)) {
      expect(r.id).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\//);
      expect(r.tags?.environment).toBeTruthy();
      expect(r.tags?.costCenter).toMatch(/^CC-/);
    }
  });

  it('describes multi-cloud resources with their native id and connector', () => {
    const multi = aiRows(base).filter((r) => ['bedrock', 'sagemaker', 'vertex-ai'].includes(aiKindOfRow(r) ?? ''));
    expect(multi.length).toBeGreaterThanOrEqual(6);
    for (const r of multi) {
      const p = props(r);
      expect(r.location).toMatch(/^(aws|gcp)-[a-z0-9-]+$/);
      expect(p.arn ?? p.resourceName).toMatch(/^(arn:aws:(bedrock|sagemaker):|projects\/)/);
      expect(p.connectorId).toContain(`/subscriptions/${r.subscriptionId}/`);
      expect(ix.has(String(p.connectorId).toLowerCase())).toBe(true);
    }
  });

  it('gives AI accounts realistic network, auth and identity settings', () => {
    const accounts = byType(base.resources, AI_ACCOUNT_TYPE);
    for (const r of accounts) {
      const p = props(r);
      expect(['Enabled', 'Disabled']).toContain(p.publicNetworkAccess);
      expect(typeof p.disableLocalAuth).toBe('boolean');
      expect(['Allow', 'Deny']).toContain(p.networkAcls.defaultAction);
      expect(Array.isArray(p.networkAcls.ipRules)).toBe(true);
      expect(p.customSubDomainName).toBe(r.name);
      expect(p.endpoint).toMatch(new RegExp(`^https://${r.name}\\.(openai|cognitiveservices)\\.azure\\.com/$`));
      for (const c of p.privateEndpointConnections)
        expect(ix.has(c.properties.privateEndpoint.id.toLowerCase())).toBe(true);
    }
    const variety = (f: (p: Props) => unknown) => new Set(accounts.map((r) => f(props(r)))).size;
    expect(variety((p) => p.publicNetworkAccess)).toBe(2);
    expect(variety((p) => p.disableLocalAuth)).toBe(2);
    expect(variety((p) => p.privateEndpointConnections.length > 0)).toBe(2);
    const withIdentity = accounts.filter((r) => r.identity && typeof r.identity.principalId === 'string');
    expect(withIdentity.length / accounts.length).toBeGreaterThan(0.6);
  });

  it('knows owners by tag, by resource group only, by governance only, or not at all', () => {
    const upns = new Set(estate.people.map((p) => p.upn));
    const rgOwner = new Map(
      byType(base.resourceContainers, 'microsoft.resources/subscriptions/resourcegroups').map((g) => [
        g.id.toLowerCase(),
        g.tags?.owner,
      ]),
    );
    const rgOf = (r: ArgRow) => `/subscriptions/${r.subscriptionId}/resourcegroups/${r.resourceGroup}`.toLowerCase();
    const governed = new Set(governance(base).map((g) => String(props(g).assignedResourceId).toLowerCase()));
    const ai = aiRows(base);
    const tagged = ai.filter((r) => r.tags?.owner);
    for (const r of tagged) expect(upns.has(r.tags?.owner ?? '')).toBe(true);
    expect(tagged.length).toBeGreaterThan(ai.length / 3);
    expect(ai.some((r) => !r.tags?.owner && rgOwner.get(rgOf(r)))).toBe(true);
    expect(ai.some((r) => !r.tags?.owner && !rgOwner.get(rgOf(r)) && governed.has(r.id.toLowerCase()))).toBe(true);
    expect(ai.some((r) => !r.tags?.owner && !rgOwner.get(rgOf(r)) && !governed.has(r.id.toLowerCase()))).toBe(true);
  });

  it('gives every AI resource a bill of materials that resolves to rows', () => {
    const children = (parentId: string, type: string) =>
      base.resources.filter((r) => r.type === type && r.id.toLowerCase().startsWith(`${parentId.toLowerCase()}/`));
    for (const r of aiRows(base)) {
      const kind = aiKindOfRow(r);
      const p = props(r);
      if (kind === 'openai' || kind === 'ai-services') {
        expect(children(r.id, AI_DEPLOYMENT_TYPE).length).toBeGreaterThan(0);
        const conns = children(r.id, 'microsoft.cognitiveservices/accounts/connections');
        expect(conns.length).toBeGreaterThan(0);
        for (const c of conns) expect(ix.has(props(c).metadata.ResourceId.toLowerCase())).toBe(true);
      } else if (kind === 'foundry-project') {
        expect(ix.has(r.id.split('/projects/')[0]?.toLowerCase() ?? '')).toBe(true);
      } else if (kind === 'ml-hub' || kind === 'ml-project' || kind === 'ml-workspace') {
        for (const ref of ['storageAccount', 'keyVault', 'applicationInsights', 'containerRegistry', 'hubResourceId']) {
          if (p[ref] !== undefined) expect(ix.has(String(p[ref]).toLowerCase())).toBe(true);
        }
        expect(p.storageAccount).toBeTruthy();
        if (kind === 'ml-project') expect(p.hubResourceId).toBeTruthy();
      }
    }
    for (const d of byType(base.resources, AI_DEPLOYMENT_TYPE)) {
      const p = props(d);
      expect(d.id).toBe(`${d.id.split('/deployments/')[0]}/deployments/${d.name}`);
      expect(ix.has(d.id.split('/deployments/')[0]?.toLowerCase() ?? '')).toBe(true);
      expect(d.sku?.name).toBeTruthy();
      expect(d.sku?.capacity).toBeGreaterThan(0);
      expect(p.model.name && p.model.version && p.model.format).toBeTruthy();
    }
    const modelNames = new Set(byType(base.resources, AI_DEPLOYMENT_TYPE).map((d) => props(d).model.name));
    for (const m of ['gpt-4o', 'gpt-4.1', 'o4-mini', 'text-embedding-3-large']) expect(modelNames.has(m)).toBe(true);
    expect(summary.deploymentsWithoutContentFilter).toBeGreaterThan(0);
    const mlConnections = byType(base.resources, ML_CONNECTION_TYPE);
    expect(mlConnections.length).toBeGreaterThan(0);
    for (const c of mlConnections) {
      expect(ix.has(c.id.split('/connections/')[0]?.toLowerCase() ?? '')).toBe(true);
      const target = ix.get(props(c).metadata.ResourceId.toLowerCase());
      expect(['microsoft.search/searchservices', AI_ACCOUNT_TYPE]).toContain(target?.type);
    }
    for (const type of [
      'microsoft.storage/storageaccounts',
      'microsoft.search/searchservices',
      'microsoft.keyvault/vaults',
      'microsoft.containerregistry/registries',
      'microsoft.insights/components',
    ]) {
      const rows = byType(base.resources, type);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows)
        expect(String(props(r).publicNetworkAccess)).toMatch(/^(Enabled|Disabled|enabled|disabled)$/);
    }
    expect(byType(base.resources, 'microsoft.managedidentity/userassignedidentities').length).toBeGreaterThan(0);
    expect(byType(base.resources, 'microsoft.network/privateendpoints').length).toBeGreaterThan(0);
  });

  it('carries CSPM on most subscriptions but not all, and AI threat protection with its extensions on some', () => {
    expect(base.pricings.size).toBe(estate.subscriptions.length);
    const tiers = [...base.pricings.values()].map((list) => {
      const plan = (name: string) => list.find((p) => p.name === name);
      for (const p of list)
        expect(p.id).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Security\/pricings\/\w+$/);
      expect(plan('VirtualMachines')).toBeDefined();
      expect(plan('StorageAccounts')).toBeDefined();
      return { cspm: plan('CloudPosture')?.properties.pricingTier, ai: plan('AI') };
    });
    expect(tiers.filter((t) => t.cspm === 'Standard').length).toBeGreaterThan(tiers.length / 2);
    expect(tiers.some((t) => t.cspm === 'Free')).toBe(true);
    const aiWithExtensions = tiers.filter(
      (t) =>
        t.ai?.properties.pricingTier === 'Standard' &&
        ['AIPromptEvidence', 'AIModelScanner'].every((n) =>
          t.ai?.properties.extensions?.some((e) => e.name === n && e.isEnabled === 'True'),
        ),
    );
    expect(aiWithExtensions.length).toBeGreaterThan(0);
    for (const s of estate.subscriptions) {
      expect(base.pricings.get(s.subscriptionId)?.find((p) => p.name === 'CloudPosture')?.properties.pricingTier).toBe(
        s.cspm ? 'Standard' : 'Free',
      );
    }
  });

  it('reports secure scores consistent with the findings', () => {
    for (const [sub, scores] of base.secureScores) {
      const s = scores[0];
      expect(s?.name).toBe('ascScore');
      expect(s?.id).toBe(`/subscriptions/${sub}/providers/Microsoft.Security/secureScores/ascScore`);
      const { max, current, percentage } = s?.properties.score ?? { max: -1, current: -1, percentage: -1 };
      expect(current).toBeGreaterThanOrEqual(0);
      expect(current).toBeLessThanOrEqual(max);
      expect(percentage).toBeCloseTo(max > 0 ? current / max : 0, 3);
    }
    // A subscription with nothing unhealthy would score 100%; the sandbox with loose settings scores low.
    const pct = (name: string) => {
      const sub = estate.subscriptions.find((s) => s.displayName === name)?.subscriptionId ?? '';
      return base.secureScores.get(sub)?.[0]?.properties.score.percentage ?? -1;
    };
    expect(pct('Contoso Payments - Regulated')).toBeGreaterThan(pct('Contoso Research Sandbox'));
  });

  it('assesses AI resources with the real recommendation keys and plausible statuses', () => {
    const rows = assessments(base);
    const keys = new Set(rows.map((r) => r.name));
    for (const key of REAL_ASSESSMENT_KEYS) expect(keys.has(key)).toBe(true);
    for (const key of keys) expect(RECOMMENDATION_BY_KEY.has(key)).toBe(true);
    const codes = new Set(rows.map(code));
    expect(codes).toEqual(new Set(['Healthy', 'Unhealthy', 'NotApplicable']));
    expect(rows.some((r) => props(r).status.cause === 'Exempt')).toBe(true);
    expect(rows.some((r) => code(r) === 'Unhealthy' && props(r).metadata.severity === 'High')).toBe(true);
    expect(rows.some((r) => ['Critical', 'High'].includes(props(r).risk?.level))).toBe(true);
    for (const r of rows) {
      const p = props(r);
      const d = p.resourceDetails;
      expect(r.id).toBe(`${d.Id}/providers/Microsoft.Security/assessments/${r.name}`);
      expect(ix.has(String(d.Id).toLowerCase())).toBe(true);
      expect(['Azure', 'Aws', 'Gcp']).toContain(d.Source);
      if (d.Source !== 'Azure') expect(ix.has(String(d.ConnectorId).toLowerCase())).toBe(true);
      expect(p.displayName).toBe(RECOMMENDATION_BY_KEY.get(r.name)?.displayName);
      expect(['High', 'Medium', 'Low']).toContain(p.metadata.severity);
      expect(p.metadata.assessmentType).toBe('BuiltIn');
      expect(Date.parse(p.status.firstEvaluationDate)).toBeLessThanOrEqual(Date.parse(p.status.statusChangeDate));
      expect(Date.parse(p.status.statusChangeDate)).toBeLessThanOrEqual(EPOCH.getTime());
      expect(p.links.azurePortalUri).toMatch(/^https:\/\/portal\.azure\.com\//);
    }
    // Foundational recommendations run without CSPM; AI-SPM ones (demo keys) only with it.
    const noCspm = new Set(estate.subscriptions.filter((s) => !s.cspm).map((s) => s.subscriptionId));
    const demoOnNoCspm = rows.filter(
      (r) => noCspm.has(r.subscriptionId) && RECOMMENDATION_BY_KEY.get(r.name)?.requiresCspm,
    );
    expect(demoOnNoCspm).toEqual([]);
    expect(rows.some((r) => noCspm.has(r.subscriptionId))).toBe(true);
  });

  it('assigns owners and due dates to a good share of unhealthy findings', () => {
    const byId = new Map(assessments(base).map((r) => [r.id.toLowerCase(), r]));
    const upns = new Set(estate.people.map((p) => p.upn));
    const rows = governance(base);
    const unhealthy = assessments(base).filter((r) => code(r) === 'Unhealthy').length;
    expect(rows.length).toBeGreaterThan(unhealthy / 4);
    for (const g of rows) {
      const [assessmentId, guid] = g.id.split('/governanceAssignments/');
      expect(guid).toBe(g.name);
      const a = byId.get(assessmentId?.toLowerCase() ?? '');
      expect(a && code(a)).toBe('Unhealthy');
      const p = props(g);
      expect(upns.has(p.owner)).toBe(true);
      expect(Number.isNaN(Date.parse(p.remediationDueDate))).toBe(false);
      expect(typeof p.isGracePeriod).toBe('boolean');
      expect(p.governanceEmailNotification).toHaveProperty('disableOwnerEmailNotification');
      expect(String(p.assignedResourceId).toLowerCase()).toBe(
        String(props(a as ArgRow).resourceDetails.Id).toLowerCase(),
      );
    }
    expect(rows.some((g) => props(g).additionalData?.ticketNumber)).toBe(true);
    expect(rows.some((g) => props(g).remediationEta?.justification)).toBe(true);
    const due = rows.map((g) => Date.parse(props(g).remediationDueDate));
    expect(due.some((d) => d < EPOCH.getTime())).toBe(true);
    expect(due.some((d) => d > EPOCH.getTime())).toBe(true);
  });

  it('has attack paths in both shapes that end at AI resources or their data', () => {
    const paths = attackPaths(base);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    const aiIds = new Set(aiRows(base).map((r) => r.id.toLowerCase()));
    const pathNames = new Set(paths.map((p) => p.name));
    const titles = new Set<string>();
    for (const path of paths) {
      const p = props(path);
      expect(path.id).toBe(
        `/subscriptions/${path.subscriptionId}/providers/Microsoft.Security/attackPaths/${path.name}`,
      );
      expect(p.AttackPathID).toBe(path.name);
      for (const f of [
        'displayName',
        'description',
        'attackPathType',
        'manualRemediationSteps',
        'refreshInterval',
        'potentialImpact',
        'riskCategories',
      ]) {
        expect(p[f]).toBeTruthy();
      }
      for (const f of [
        'riskLevel',
        'riskFactors',
        'entryPoint',
        'target',
        'attackPathSteps',
        'mITRETacticsAndTechniques',
        'attackStory',
      ]) {
        expect(p[f]).toBeTruthy();
      }
      const entities = p.graphComponent.entities as Props[];
      expect(entities[0]?.entityInternalID).toBe(p.entryPointEntityInternalID);
      expect(entities[entities.length - 1]?.entityInternalID).toBe(p.targetEntityInternalID);
      expect(p.graphComponent.connections.length).toBe(entities.length - 1);
      const ids = entities
        .map((e) => e.entityIdentifiers.azureResourceId)
        .filter(Boolean)
        .map((id: string) => id.toLowerCase());
      for (const id of ids) expect(ix.has(id)).toBe(true);
      expect(ids.some((id: string) => aiIds.has(id))).toBe(true);
      titles.add(p.displayName);
    }
    expect(titles.size).toBeGreaterThanOrEqual(3);
    const references = assessments(base).flatMap((r) => (props(r).risk?.attackPathsReferences ?? []) as string[]);
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(pathNames.has(ref)).toBe(true);
  });

  it('sends request logs of most AI accounts to two or three workspaces', () => {
    expect(base.workspaces.length).toBeGreaterThanOrEqual(2);
    expect(base.workspaces.length).toBeLessThanOrEqual(3);
    for (const w of base.workspaces) {
      expect(w.customerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ix.get(w.resourceId.toLowerCase())?.type).toBe('microsoft.operationalinsights/workspaces');
      expect(base.workspaceResources.has(w.customerId.toLowerCase())).toBe(true);
    }
    const logged = new Set(loggedIds(base));
    for (const id of logged) {
      expect(id).toBe(id.toLowerCase());
      expect(ix.get(id)?.type).toBe(AI_ACCOUNT_TYPE);
    }
    // Diagnostic-logs finding is Unhealthy exactly on the accounts with no workspace.
    const diag = assessments(base).filter((r) => r.name === REC.diagnostics);
    expect(diag.length).toBe(byType(base.resources, AI_ACCOUNT_TYPE).length);
    for (const r of diag)
      expect(code(r)).toBe(logged.has(String(props(r).resourceDetails.Id).toLowerCase()) ? 'Healthy' : 'Unhealthy');
    expect(diag.some((r) => code(r) === 'Unhealthy')).toBe(true);
  });

  it('has a dozen demo people with stable ids', () => {
    expect(estate.people.length).toBeGreaterThanOrEqual(10);
    expect(new Set(estate.people.map((p) => p.objectId)).size).toBe(estate.people.length);
    for (const p of estate.people) expect(p.upn).toMatch(/^[a-z.]+@contoso\.com$/);
    expect(new Set(estate.people.map((p) => p.persona))).toEqual(new Set(['soc', 'owner', 'leader', 'admin']));
    expect(estate.people.find((p) => p.displayName === 'Dana Ortiz')?.persona).toBe('soc');
    expect(createDemoEstate({ seed: 9, epoch: EPOCH }).people).toEqual(estate.people);
  });
});

// ---- scale -------------------------------------------------------------------

describe('scale', () => {
  it('makes the estate about ten times larger at scale 10, with subscriptions growing more slowly', () => {
    const big = createDemoEstate({ seed: 42, scale: 10, epoch: EPOCH });
    const v = big.at(at(HOUR));
    const s1 = summarizeEstate(base);
    const s10 = summarizeEstate(v);
    expect(s10.aiResources / s1.aiResources).toBeGreaterThanOrEqual(8);
    expect(s10.aiResources / s1.aiResources).toBeLessThanOrEqual(12);
    expect(s10.attackPaths / s1.attackPaths).toBeGreaterThan(5);
    expect(s10.assessments / s1.assessments).toBeGreaterThan(8);
    expect(s10.subscriptions).toBeGreaterThan(s1.subscriptions);
    expect(s10.subscriptions).toBeLessThan(s1.subscriptions * 5);
    expect(big.anomalies.length).toBeGreaterThan(estate.anomalies.length * 5);
    const ids = [...v.resourceContainers, ...v.resources, ...v.securityResources].map((r) => r.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// ---- evolution -----------------------------------------------------------------

describe('evolution on the clock', () => {
  const statusOf = (v: DemoEstateView) => new Map(assessments(v).map((r) => [r.id, r]));
  const samples = Array.from({ length: 24 * 12 + 1 }, (_, i) => estate.at(at(i * BIN)));

  it('serves the base state up to the epoch', () => {
    expect(dataOf(estate.at(at(-3 * HOUR))).securityResources).toEqual(base.securityResources);
    expect(estate.at(at(-3 * HOUR)).resources).toEqual(base.resources);
  });

  it('changes something every 10 to 30 minutes', () => {
    const fingerprint = (v: DemoEstateView) =>
      assessments(v)
        .map((r) => `${code(r)}@${props(r).status.statusChangeDate}`)
        .join('|');
    let last = fingerprint(samples[0] as DemoEstateView);
    let lastChange = 0;
    let changes = 0;
    let longestQuiet = 0;
    samples.forEach((v, i) => {
      const f = fingerprint(v);
      if (f !== last) {
        changes++;
        longestQuiet = Math.max(longestQuiet, (i - lastChange) * 5);
        lastChange = i;
        last = f;
      }
    });
    expect(changes).toBeGreaterThanOrEqual(40);
    expect(longestQuiet).toBeLessThanOrEqual(35);
  });

  it('raises new findings (some High) and resolves open ones, with fresh status dates', () => {
    const t = at(6 * HOUR);
    const before = statusOf(base);
    const after = statusOf(estate.at(t));
    const opened = [...after.values()].filter(
      (r) => code(r) === 'Unhealthy' && code(before.get(r.id) as ArgRow) !== 'Unhealthy',
    );
    const resolved = [...after.values()].filter(
      (r) => code(r) === 'Healthy' && code(before.get(r.id) as ArgRow) === 'Unhealthy',
    );
    expect(opened.length).toBeGreaterThanOrEqual(3);
    expect(resolved.length).toBeGreaterThanOrEqual(2);
    expect(
      opened.some((r) => props(r).metadata.severity === 'High' || ['Critical', 'High'].includes(props(r).risk?.level)),
    ).toBe(true);
    for (const r of [...opened, ...resolved]) {
      const changed = Date.parse(props(r).status.statusChangeDate);
      expect(changed).toBeGreaterThan(EPOCH.getTime());
      expect(changed).toBeLessThanOrEqual(t.getTime());
      expect(props(r).status.firstEvaluationDate).toBe(props(before.get(r.id) as ArgRow).status.firstEvaluationDate);
    }
    // Governance rules assign some of the new ones straight away.
    const newlyGoverned = governance(estate.at(t)).filter((g) => {
      const a = after.get(g.id.split('/governanceAssignments/')[0] ?? '');
      return a !== undefined && Date.parse(props(a).status.statusChangeDate) > EPOCH.getTime();
    });
    expect(newlyGoverned.length).toBeGreaterThan(0);
    // The score moves with them.
    const moved = [...estate.at(t).secureScores].some(
      ([sub, s]) => s[0]?.properties.score.current !== base.secureScores.get(sub)?.[0]?.properties.score.current,
    );
    expect(moved).toBe(true);
  });

  it('brings a resolved finding back later as a new occurrence', () => {
    const history = new Map<string, string[]>();
    for (const v of samples) {
      for (const r of assessments(v)) {
        const h = history.get(r.id) ?? [];
        const c = code(r);
        if (h[h.length - 1] !== c) h.push(c);
        history.set(r.id, h);
      }
    }
    const recurred = [...history.entries()].filter(([, h]) => h.join('>').includes('Healthy>Unhealthy'));
    expect(recurred.length).toBeGreaterThan(0);
    expect([...history.values()].some((h) => h.join('>').includes('Unhealthy>Healthy>Unhealthy'))).toBe(true);
  });

  it('keeps resource configuration consistent with the assessments at every instant', () => {
    for (const v of [base, samples[72] as DemoEstateView, samples[288] as DemoEstateView]) {
      const ix = resourceIndex(v);
      const deploymentsOf = (accountId: string) =>
        v.resources.filter(
          (r) =>
            r.type === AI_DEPLOYMENT_TYPE && r.id.toLowerCase().startsWith(`${accountId.toLowerCase()}/deployments/`),
        );
      for (const a of assessments(v)) {
        const res = ix.get(String(props(a).resourceDetails.Id).toLowerCase()) as ArgRow;
        const p = props(res);
        const bad = code(a) === 'Unhealthy';
        if (a.name === REC.localAuth) expect(p.disableLocalAuth).toBe(!bad);
        if (a.name === REC.networkAccess)
          expect(p.publicNetworkAccess === 'Enabled' && p.networkAcls.defaultAction === 'Allow').toBe(bad);
        if (a.name === REC.contentFilter) expect(deploymentsOf(res.id).some((d) => !props(d).raiPolicyName)).toBe(bad);
        if (a.name === REC.mlPublicAccess) expect(p.publicNetworkAccess === 'Enabled').toBe(bad);
      }
    }
  });
});

// ---- prompt volume ---------------------------------------------------------------

describe('prompt volume', () => {
  const now = at(DAY);
  const v = estate.at(now);
  const historyStart = EPOCH.getTime() - 8 * DAY;
  const logged = loggedIds(v);
  const totals = new Map(
    logged.map((id) => [id, series(v, id, EPOCH.getTime() - DAY, EPOCH.getTime()).reduce((a, b) => a + b, 0)]),
  );
  const busiest = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
  const anomalous = new Set(estate.anomalies.map((a) => a.resourceId));

  /** Local hour and weekday of a bin for a resource. */
  const localOf = (id: string, t: number) => {
    const local = t + offsetOf(v, id);
    return { hour: Math.floor((local % DAY) / HOUR), dow: (Math.floor(local / DAY) + 4) % 7 };
  };

  it('follows business hours in the resource’s own time zone', () => {
    const day: number[] = [];
    const night: number[] = [];
    for (let t = historyStart; t < EPOCH.getTime(); t += BIN) {
      const { hour, dow } = localOf(busiest, t);
      if (dow === 0 || dow === 6) continue;
      if (hour >= 9 && hour < 17) day.push(v.promptCount(busiest, t));
      if (hour >= 0 && hour < 5) night.push(v.promptCount(busiest, t));
    }
    expect(median(day)).toBeGreaterThan(3 * median(night));
    expect(median(night)).toBeGreaterThan(0);
  });

  it('is quieter at weekends', () => {
    const ids = logged.filter((id) => (totals.get(id) ?? 0) > 2000 && !anomalous.has(id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const weekday: number[] = [];
      const weekend: number[] = [];
      for (let t = historyStart; t < EPOCH.getTime(); t += BIN) {
        const { hour, dow } = localOf(id, t);
        if (hour < 9 || hour >= 17) continue;
        (dow === 0 || dow === 6 ? weekend : weekday).push(v.promptCount(id, t));
      }
      expect(mean(weekday)).toBeGreaterThan(1.3 * mean(weekend));
    }
  });

  it('has low-volume resources where an empty bin is normal, and busy ones in the hundreds', () => {
    const peaks = logged.map((id) => Math.max(...series(v, id, EPOCH.getTime() - 2 * DAY, EPOCH.getTime())));
    expect(Math.max(...peaks)).toBeGreaterThan(200);
    const quiet = logged.filter((id) => {
      const s = series(v, id, historyStart, EPOCH.getTime());
      return s.filter((n) => n === 0).length > s.length / 2;
    });
    expect(quiet.length).toBeGreaterThan(0);
  });

  it('plants anomalies that stand out from the same hours on other days', () => {
    const history = estate.anomalies.filter((a) => Date.parse(a.end) <= EPOCH.getTime());
    expect(new Set(history.map((a) => a.kind))).toEqual(new Set(['spike', 'ramp', 'level-shift', 'outage']));
    for (const a of history) {
      const start = Date.parse(a.start);
      const end = Date.parse(a.end);
      const inWindow = mean(series(v, a.resourceId, start, end));
      const others: number[] = [];
      const overlaps = (s: number, e: number) =>
        estate.anomalies.some(
          (b) =>
            b.resourceId === a.resourceId &&
            Date.parse(b.start) < e &&
            (b.kind === 'level-shift' ? true : Date.parse(b.end) > s),
        );
      for (let d = -8; d <= 8; d++) {
        if (d === 0) continue;
        const s = start + d * DAY;
        const e = end + d * DAY;
        if (s < historyStart || e > EPOCH.getTime() || overlaps(s, e)) continue;
        others.push(mean(series(v, a.resourceId, s, e)));
      }
      expect(others.length, `${a.kind} on ${a.resourceId}`).toBeGreaterThan(0);
      if (a.kind === 'outage') {
        expect(inWindow).toBe(0);
        expect(median(others)).toBeGreaterThan(5);
      } else {
        expect(inWindow, `${a.kind} at ${a.start}`).toBeGreaterThan(2 * median(others) + 1);
      }
    }
  });

  it('keeps bursting after the epoch so a running demo sees fresh anomalies', () => {
    const fresh = estate.anomalies.filter(
      (a) => Date.parse(a.start) >= EPOCH.getTime() && Date.parse(a.end) <= now.getTime(),
    );
    expect(fresh.length).toBeGreaterThanOrEqual(4);
    for (const a of fresh) {
      const start = Date.parse(a.start);
      const during = mean(series(v, a.resourceId, start, Date.parse(a.end)));
      const before = mean(series(v, a.resourceId, start - 2 * HOUR, start - 30 * MINUTE));
      expect(during).toBeGreaterThan(2 * before + 5);
    }
    // Not yet visible to an earlier view.
    const next = fresh[fresh.length - 1];
    if (next)
      expect(estate.at(new Date(Date.parse(next.start))).promptCount(next.resourceId, Date.parse(next.start))).toBe(0);
  });

  it('names callers, with one unusual caller dominating an anomaly', () => {
    const spike = estate.anomalies.find((a) => a.kind === 'spike' && Date.parse(a.end) <= EPOCH.getTime());
    expect(spike).toBeDefined();
    if (!spike) return;
    const start = Date.parse(spike.start);
    const end = Date.parse(spike.end);
    const callers = v.promptCallers(spike.resourceId, start, end);
    const total = series(v, spike.resourceId, start, end).reduce((a, b) => a + b, 0);
    expect(callers.reduce((s, c) => s + c.requests, 0)).toBe(total);
    expect((callers[0]?.requests ?? 0) / total).toBeGreaterThan(0.5);
    const usual = v.promptCallers(spike.resourceId, start - DAY, end - DAY);
    expect(usual.some((c) => c.callerIp === callers[0]?.callerIp && c.objectId === callers[0]?.objectId)).toBe(false);
    const deployments = new Set(
      v.resources
        .filter((r) => r.type === AI_DEPLOYMENT_TYPE && r.id.toLowerCase().startsWith(`${spike.resourceId}/`))
        .map((r) => r.name),
    );
    const people = new Set(estate.people.map((p) => p.objectId));
    const normal = v.promptCallers(busiest, EPOCH.getTime() - DAY, EPOCH.getTime());
    expect(normal.length).toBeGreaterThanOrEqual(2);
    for (const c of [...callers, ...usual]) {
      expect(deployments.has(c.deployment)).toBe(true);
      expect([
        'ChatCompletions_Create',
        'Completions_Create',
        'Embeddings_Create',
        'Responses_Create',
        'ImageGenerations_Create',
      ]).toContain(c.operation);
      expect(c.callerIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    expect(normal.every((c, i) => i === 0 || (normal[i - 1]?.requests ?? 0) >= c.requests)).toBe(true);
    expect(
      [...logged].some((id) =>
        v.promptCallers(id, EPOCH.getTime() - DAY, EPOCH.getTime()).some((c) => c.objectId && people.has(c.objectId)),
      ),
    ).toBe(true);
  });

  it('logs nothing outside the history, after now, or for resources without diagnostics', () => {
    expect(v.promptCount(busiest, historyStart - BIN)).toBe(0);
    expect(v.promptCount(busiest, now.getTime())).toBe(0);
    expect(v.promptCount(busiest, now.getTime() + HOUR)).toBe(0);
    const unlogged = byType(v.resources, AI_ACCOUNT_TYPE).find((r) => !logged.includes(r.id.toLowerCase()));
    expect(unlogged).toBeDefined();
    expect(series(v, unlogged?.id ?? '', EPOCH.getTime() - DAY, EPOCH.getTime()).every((n) => n === 0)).toBe(true);
    // The bin in progress is partial, and fills in as time passes.
    const bin = EPOCH.getTime() + 14 * HOUR;
    const partial = estate.at(new Date(bin + 2 * MINUTE)).promptCount(busiest, bin);
    const full = estate.at(new Date(bin + 10 * MINUTE)).promptCount(busiest, bin);
    expect(partial).toBeLessThan(full);
    expect(v.promptCount(busiest.toUpperCase(), bin)).toBe(full);
  });

  it('sums logged resources to the volume a workspace query would see', () => {
    for (const w of v.workspaces) {
      for (const id of v.workspaceResources.get(w.customerId.toLowerCase()) ?? []) {
        expect(series(v, id, historyStart, EPOCH.getTime()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    }
    expect(ML_WORKSPACE_TYPE).toBe('microsoft.machinelearningservices/workspaces');
  });
});
