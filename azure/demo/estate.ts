// The demo tenant's estate: a seeded, deterministic, believable AI estate that
// evolves on a clock. `createDemoEstate` builds everything static once;
// `at(now)` is a pure function of (estate, now) and cheap to call often.

import {
  AI_ACCOUNT_TYPE,
  AI_DEPLOYMENT_TYPE,
  FOUNDRY_PROJECT_TYPE,
  ML_WORKSPACE_TYPE,
  MULTICLOUD_AI_TYPES,
} from '../queries.js';
import { buildAttackPaths } from './attackpaths.js';
import { plantDrift, RESEARCH_SUB } from './drift.js';
import {
  assessmentRow,
  baseState,
  buildSlots,
  governanceFor,
  governanceRow,
  type Slot,
  type SlotState,
} from './findings.js';
import { buildInventory, type Inventory } from './inventory.js';
import { buildPromptModel } from './logs.js';
import { DEMO_PEOPLE } from './people.js';
import { buildPricings, buildSecureScores, type ScoreInput } from './plans.js';
import { Rng } from './random.js';
import { REC } from './recommendations.js';
import { type ChangeEvent, Timeline } from './timeline.js';
import type { ArgRow, DemoEstate, DemoEstateOptions, DemoEstateView, SecureScoreWire } from './types.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_EPOCH = new Date(Date.UTC(2026, 10, 23, 9, 0));

interface StateParts {
  resources: readonly ArgRow[];
  securityResources: readonly ArgRow[];
  secureScores: ReadonlyMap<string, readonly SecureScoreWire[]>;
}

/** Build the demo estate. Same seed, scale and epoch give a deep-equal estate and deep-equal views. */
export function createDemoEstate(opts: DemoEstateOptions = {}): DemoEstate {
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`demo estate scale must be a positive number, got ${scale}`);
  const epoch = new Date(opts.epoch ?? DEFAULT_EPOCH);
  const epochMs = epoch.getTime();
  if (!Number.isFinite(epochMs)) throw new RangeError('demo estate epoch is not a valid date');

  const inv = buildInventory({ seed, scale, epochMs });
  const slots = buildSlots(inv, seed, epochMs);
  const paths = buildAttackPaths(inv, slots, seed);
  const baseResources: ArgRow[] = [...inv.resources, ...paths.entryResources];

  // Base security rows: assessments first (slot i at row i), then governance, then attack paths.
  const baseSecurity: ArgRow[] = slots.map((s) => assessmentRow(s, baseState(s), inv.tenantId));
  for (const s of slots) if (s.governance) baseSecurity.push(governanceRow(s, s.governance, inv.tenantId));
  baseSecurity.push(...paths.rows);

  const prompt = buildPromptModel(inv.ai, seed, epochMs);
  const timeline = new Timeline(
    slots,
    seed,
    epochMs,
    Math.max(1, Math.round(Math.sqrt(Math.max(1, Math.round(scale))))),
  );
  const pricings = buildPricings(inv, seed, epochMs);
  const workspaceResources = new Map<string, string[]>();
  for (const w of inv.workspaces) workspaceResources.set(w.customerId.toLowerCase(), []);
  for (const n of inv.ai) {
    if (n.workspace && n.peak > 0) workspaceResources.get(n.workspace.customerId.toLowerCase())?.push(n.lid);
  }
  for (const list of workspaceResources.values()) list.sort();

  const baseScores = buildSecureScores(
    inv,
    slots.map((s) => scoreInput(s, s.code)),
  );
  const researchSub = inv.subs[RESEARCH_SUB];
  const planted = researchSub
    ? plantDrift(inv.tenantId, researchSub.subscriptionId, researchSub.spec.costCenter, epochMs)
    : null;
  const cache = new Map<number, StateParts>();
  const partsFor = (count: number): StateParts => {
    const hit = cache.get(count);
    if (hit) {
      // Refresh its place in the LRU order.
      cache.delete(count);
      cache.set(count, hit);
      return hit;
    }
    const parts =
      count === 0
        ? { resources: baseResources, securityResources: baseSecurity, secureScores: baseScores }
        : evolve(inv, seed, epochMs, slots, baseResources, baseSecurity, timeline.events.slice(0, count));
    cache.set(count, parts);
    if (cache.size > 16) cache.delete(cache.keys().next().value as number);
    return parts;
  };

  const containers = inv.containers;
  const workspaces = inv.workspaces.map((w) => ({
    customerId: w.customerId,
    resourceId: w.resourceId,
    name: w.name,
    subscriptionId: w.subscriptionId,
  }));
  const tenantId = inv.tenantId;
  return {
    seed,
    scale,
    epoch,
    tenantId,
    people: DEMO_PEOPLE,
    subscriptions: inv.subs.map((s) => ({
      subscriptionId: s.subscriptionId,
      displayName: s.displayName,
      zone: s.zone,
      cspm: s.cspm,
    })),
    anomalies: prompt.anomalies,
    at(now: Date): DemoEstateView {
      const nowMs = now.getTime();
      if (!Number.isFinite(nowMs)) throw new RangeError('demo estate: at() needs a valid date');
      const parts = partsFor(nowMs <= epochMs ? 0 : timeline.countUntil(nowMs));
      return {
        now: new Date(nowMs),
        tenantId,
        resourceContainers: containers,
        resources: planted ? planted.resourcesAt(parts.resources, nowMs) : parts.resources,
        securityResources: parts.securityResources,
        pricings,
        secureScores: parts.secureScores,
        workspaces,
        workspaceResources,
        promptCount: (resourceId, binStartMs) => prompt.count(resourceId, binStartMs, nowMs),
        promptCallers: (resourceId, startMs, endMs) => prompt.callers(resourceId, startMs, endMs, nowMs),
      };
    },
  };
}

function scoreInput(s: Slot, code: Slot['code']): ScoreInput {
  return { subscriptionId: s.node.app.sub.subscriptionId, key: s.rec.key, severity: s.rec.severity, code };
}

/** Apply the changes so far to the base state: assessment rows, the resources they describe, and scores. */
function evolve(
  inv: Inventory,
  seed: number,
  epochMs: number,
  slots: readonly Slot[],
  baseResources: readonly ArgRow[],
  baseSecurity: readonly ArgRow[],
  events: readonly ChangeEvent[],
): StateParts {
  const states = new Map<number, SlotState>();
  for (const e of events) {
    const slot = slots[e.slot] as Slot;
    states.set(e.slot, {
      code: e.code,
      cause: null,
      description: e.code === 'Unhealthy' ? (slot.rec.description.split('.')[0] ?? null) : null,
      statusChangeMs: e.atMs,
      riskLevel: e.riskLevel,
      riskFactors: e.riskFactors,
    });
  }
  const security = baseSecurity.slice();
  const resources = baseResources.slice();
  const added: ArgRow[] = [];
  // Governance rules assign new findings as they appear (a finding that already had an assignment keeps it).
  const governed = new Set<number>();
  for (const e of events) {
    const slot = slots[e.slot] as Slot;
    if (e.code !== 'Unhealthy' || slot.governance || governed.has(e.slot)) continue;
    const g = governanceFor(
      { ...slot, statusChangeMs: e.atMs },
      Rng.for(seed, `governance:${e.slot}:${e.atMs}`),
      epochMs,
    );
    if (!g) continue;
    governed.add(e.slot);
    security.push(governanceRow(slot, g, inv.tenantId));
  }
  const firstChange = new Map<number, number>();
  for (const e of events) if (!firstChange.has(e.slot)) firstChange.set(e.slot, e.atMs);
  for (const [i, state] of states) {
    const slot = slots[i] as Slot;
    security[i] = assessmentRow(slot, state, inv.tenantId);
    patchResource(slot, state, resources, added, firstChange.get(i) ?? state.statusChangeMs);
  }
  const scores = buildSecureScores(
    inv,
    slots.map((s) => scoreInput(s, states.get(s.index)?.code ?? s.code)),
  );
  return {
    resources: added.length > 0 ? [...resources, ...added] : resources,
    securityResources: security,
    secureScores: scores,
  };
}

function copyRow(row: ArgRow): ArgRow {
  return { ...row, properties: { ...row.properties } };
}

/** Keep a resource's configuration consistent with the status the clock gave its assessment. */
function patchResource(
  slot: Slot,
  state: SlotState,
  resources: ArgRow[],
  added: ArgRow[],
  firstChangeMs: number,
): void {
  const node = slot.node;
  const base = resources[node.rowIndex];
  if (!base) return;
  const bad = state.code === 'Unhealthy';
  switch (slot.rec.key) {
    case REC.localAuth: {
      const row = copyRow(base);
      row.properties.disableLocalAuth = !bad;
      resources[node.rowIndex] = row;
      return;
    }
    case REC.networkAccess: {
      const row = copyRow(base);
      row.properties.publicNetworkAccess = 'Enabled';
      row.properties.networkAcls = bad
        ? { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] }
        : { defaultAction: 'Deny', ipRules: [{ value: '203.0.113.0/24' }], virtualNetworkRules: [] };
      resources[node.rowIndex] = row;
      return;
    }
    case REC.mlPublicAccess: {
      const row = copyRow(base);
      row.properties.publicNetworkAccess = bad ? 'Enabled' : 'Disabled';
      resources[node.rowIndex] = row;
      return;
    }
    case REC.contentFilter: {
      if (slot.code === 'Unhealthy') {
        // Was failing at the epoch: fixed by attaching the default filter to the unfiltered deployments.
        if (bad) return;
        for (const d of node.deployments) {
          const row = resources[d.rowIndex];
          if (!row || d.raiPolicyName !== null) continue;
          const fixed = copyRow(row);
          fixed.properties.raiPolicyName = 'Microsoft.DefaultV2';
          resources[d.rowIndex] = fixed;
        }
        return;
      }
      // Was passing: someone deployed a model without a filter (and maybe fixed it since).
      const template = node.deployments[0];
      if (!template) return;
      const taken = new Set(node.deployments.map((d) => d.name));
      let name = `${template.model.name}-canary`;
      for (let k = 2; taken.has(name); k++) name = `${template.model.name}-canary-${k}`;
      const properties: Record<string, unknown> = {
        provisioningState: 'Succeeded',
        model: { format: template.model.format, name: template.model.name, version: template.model.version },
        versionUpgradeOption: 'OnceNewDefaultVersionAvailable',
        currentCapacity: 10,
        createdAt: new Date(firstChangeMs).toISOString(),
      };
      if (!bad) properties.raiPolicyName = 'Microsoft.DefaultV2';
      added.push({
        id: `${node.id}/deployments/${name}`,
        name,
        type: AI_DEPLOYMENT_TYPE,
        tenantId: base.tenantId,
        subscriptionId: base.subscriptionId,
        resourceGroup: base.resourceGroup,
        location: base.location,
        sku: { name: 'GlobalStandard', capacity: 10 },
        properties,
      });
      return;
    }
    default:
      return;
  }
}

// ---- summary --------------------------------------------------------------

export type AiKindName =
  | 'openai'
  | 'ai-services'
  | 'foundry-project'
  | 'ml-hub'
  | 'ml-project'
  | 'ml-workspace'
  | 'bedrock'
  | 'sagemaker'
  | 'vertex-ai';

/** The AI kind of a Resource Graph row, or null when the row is not an AI resource. */
export function aiKindOfRow(row: Pick<ArgRow, 'type' | 'kind'>): AiKindName | null {
  const type = row.type.toLowerCase();
  const kind = (row.kind ?? '').toLowerCase();
  if (type === AI_ACCOUNT_TYPE) return kind === 'openai' ? 'openai' : kind === 'aiservices' ? 'ai-services' : null;
  if (type === FOUNDRY_PROJECT_TYPE) return 'foundry-project';
  if (type === ML_WORKSPACE_TYPE) return kind === 'hub' ? 'ml-hub' : kind === 'project' ? 'ml-project' : 'ml-workspace';
  if (type === MULTICLOUD_AI_TYPES.bedrock) return 'bedrock';
  if (type === MULTICLOUD_AI_TYPES.sagemaker) return 'sagemaker';
  if (type === MULTICLOUD_AI_TYPES.vertex) return 'vertex-ai';
  return null;
}

export interface EstateSummary {
  subscriptions: number;
  subscriptionsByZone: Record<string, number>;
  subscriptionsWithoutCspm: number;
  aiResources: number;
  aiByKind: Record<string, number>;
  aiByCloud: Record<string, number>;
  deployments: number;
  deploymentsWithoutContentFilter: number;
  assessments: number;
  findingsByStatus: Record<string, number>;
  unhealthyBySeverity: Record<string, number>;
  governanceAssignments: number;
  attackPaths: number;
  workspaces: number;
  loggedResources: number;
}

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/** Counts that describe a view: handy for tests, the CLI and benchmarks. */
export function summarizeEstate(view: DemoEstateView): EstateSummary {
  const subscriptionsByZone: Record<string, number> = {};
  let subscriptions = 0;
  for (const c of view.resourceContainers) {
    if (c.type !== 'microsoft.resources/subscriptions') continue;
    subscriptions++;
    inc(subscriptionsByZone, c.tags?.['ai-zone'] ?? 'none');
  }
  let subscriptionsWithoutCspm = 0;
  for (const list of view.pricings.values()) {
    if (!list.some((p) => p.name === 'CloudPosture' && p.properties.pricingTier === 'Standard'))
      subscriptionsWithoutCspm++;
  }
  const aiByKind: Record<string, number> = {};
  const aiByCloud: Record<string, number> = {};
  let aiResources = 0;
  let deployments = 0;
  let deploymentsWithoutContentFilter = 0;
  for (const r of view.resources) {
    const kind = aiKindOfRow(r);
    if (kind) {
      aiResources++;
      inc(aiByKind, kind);
      inc(aiByCloud, kind === 'bedrock' || kind === 'sagemaker' ? 'AWS' : kind === 'vertex-ai' ? 'GCP' : 'Azure');
    } else if (r.type === AI_DEPLOYMENT_TYPE) {
      deployments++;
      if (!r.properties.raiPolicyName) deploymentsWithoutContentFilter++;
    }
  }
  const findingsByStatus: Record<string, number> = {};
  const unhealthyBySeverity: Record<string, number> = {};
  let assessments = 0;
  let governanceAssignments = 0;
  let attackPaths = 0;
  for (const r of view.securityResources) {
    if (r.type === 'microsoft.security/assessments') {
      assessments++;
      const status = r.properties.status as { code: string } | undefined;
      const code = status?.code ?? 'Unknown';
      inc(findingsByStatus, code);
      if (code === 'Unhealthy') {
        const meta = r.properties.metadata as { severity?: string } | undefined;
        inc(unhealthyBySeverity, meta?.severity ?? 'Unknown');
      }
    } else if (r.type === 'microsoft.security/assessments/governanceassignments') governanceAssignments++;
    else if (r.type === 'microsoft.security/attackpaths') attackPaths++;
  }
  let loggedResources = 0;
  for (const list of view.workspaceResources.values()) loggedResources += list.length;
  return {
    subscriptions,
    subscriptionsByZone,
    subscriptionsWithoutCspm,
    aiResources,
    aiByKind,
    aiByCloud,
    deployments,
    deploymentsWithoutContentFilter,
    assessments,
    findingsByStatus,
    unhealthyBySeverity,
    governanceAssignments,
    attackPaths,
    workspaces: view.workspaces.length,
    loggedResources,
  };
}
