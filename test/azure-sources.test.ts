// The production data sources (real SDK clients over real HTTPS) against the
// demo tenant: what a snapshot holds, and how it behaves when Azure pages,
// throttles, fails or answers partially.
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoTenantAccess } from '../azure/demo/credential.js';
import { createDemoEstate, summarizeEstate } from '../azure/demo/estate.js';
import { type DemoTenant, startDemoTenant } from '../azure/demo/server.js';
import type { DemoEstate, DemoEstateView } from '../azure/demo/types.js';
import { SourcesUnavailableError } from '../azure/errors.js';
import { type AzureSourcesOptions, createAzureSources } from '../azure/sources.js';

const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;

interface Fixture {
  estate: DemoEstate;
  view: DemoEstateView;
  tenant: DemoTenant;
  sources(overrides?: Partial<AzureSourcesOptions>): ReturnType<typeof createAzureSources>;
}

async function fixture(scale: number, quota = { limit: 10_000, windowMs: 5_000 }): Promise<Fixture> {
  const estate = createDemoEstate({ seed: 5, scale });
  const now = new Date(estate.epoch.getTime() + 3 * HOUR);
  const clock = () => now;
  const view = estate.at(now);
  const tenant = await startDemoTenant({ estate, clock, logger, faults: { quota } });
  return {
    estate,
    view,
    tenant,
    sources: (overrides = {}) =>
      createAzureSources({
        ...demoTenantAccess(tenant, estate),
        workspaces: view.workspaces.map((w) => w.customerId),
        logger,
        clock,
        // Short back-off so retry tests take milliseconds; 429s still wait for Retry-After.
        retryDelayMs: 5,
        maxRetryDelayMs: 20,
        ...overrides,
      }),
  };
}

const countBy = <T>(items: readonly T[], key: (t: T) => string) => {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
};

describe('snapshot of the demo estate', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture(1);
  });
  afterAll(() => f.tenant.close());
  afterEach(() => f.tenant.faults.reset());

  it('holds every AI resource, finding, attack path, plan and score of the estate', async () => {
    const snap = await f.sources().loadSnapshot();
    const expected = summarizeEstate(f.view);
    expect(snap.issues).toEqual([]);
    expect(snap.subscriptions).toHaveLength(expected.subscriptions);
    expect(countBy(snap.resources, (r) => r.kind)).toEqual(expected.aiByKind);
    expect(countBy(snap.resources, (r) => r.cloud)).toEqual(expected.aiByCloud);
    expect(snap.findings).toHaveLength(expected.assessments);
    expect(countBy(snap.findings, (x) => x.status)).toEqual(expected.findingsByStatus);
    expect(snap.findings.filter((x) => x.governance !== null)).toHaveLength(expected.governanceAssignments);
    expect(snap.attackPaths).toHaveLength(expected.attackPaths);
    const pricings = [...f.view.pricings.values()].flat();
    expect(snap.plans).toHaveLength(pricings.length);
    const withoutCspm = snap.plans.filter((p) => p.plan === 'CloudPosture' && p.tier !== 'Standard');
    expect(withoutCspm).toHaveLength(expected.subscriptionsWithoutCspm);
    expect(snap.secureScores).toHaveLength(expected.subscriptions);
    expect(snap.stats.requests['resource-graph']).toBe(7);
    expect(snap.stats.requests.security).toBe(2 * expected.subscriptions);
    expect(snap.stats.retries).toBe(0);
  });

  it('attaches deployments and linked resources to their AI resource (the AI-BOM)', async () => {
    const snap = await f.sources().loadSnapshot();
    // An estate account that names a storage account and has deployments.
    const byId = new Map(f.view.resources.map((r) => [r.id.toLowerCase(), r]));
    const withStorage = f.view.resources.find((r) => {
      const storage = r.properties.storageAccount;
      return typeof storage === 'string' && byId.has(storage.toLowerCase());
    });
    expect(withStorage).toBeDefined();
    const resource = snap.resources.find((r) => r.id === withStorage?.id.toLowerCase());
    const storageId = String(withStorage?.properties.storageAccount).toLowerCase();
    expect(resource?.links).toContainEqual(
      expect.objectContaining({ id: storageId, role: 'storage', name: byId.get(storageId)?.name }),
    );

    const account = snap.resources.find((r) => r.kind === 'openai' && r.deployments.length > 0);
    const estateDeployments = f.view.resources.filter(
      (r) =>
        r.type === 'microsoft.cognitiveservices/accounts/deployments' &&
        r.id.toLowerCase().startsWith(`${account?.id}/deployments/`),
    );
    expect(account?.deployments.map((d) => d.name).sort()).toEqual(
      estateDeployments.map((d) => d.id.split('/').pop()).sort(),
    );
    for (const d of account?.deployments ?? []) expect(d.model).not.toBe('unknown');
  });

  it('reads plan extensions that the SDK’s own api-version would not return', async () => {
    const snap = await f.sources().loadSnapshot();
    const wire = [...f.view.pricings.values()].flat().filter((p) => (p.properties.extensions ?? []).length > 0);
    expect(wire.length).toBeGreaterThan(0);
    expect(snap.plans.some((p) => p.extensions.length > 0)).toBe(true);
  });

  it('retries a 429 after its Retry-After and counts it', async () => {
    f.tenant.faults.failNext('resource-graph', 2, { status: 429, retryAfterSeconds: 0 });
    f.tenant.faults.failNext('security', 1, { status: 429, retryAfterSeconds: 1 });
    const snap = await f.sources().loadSnapshot();
    expect(snap.issues).toEqual([]);
    expect(snap.stats.retries).toBe(3);
    expect(snap.stats.throttledWaitsMs).toBeGreaterThanOrEqual(1000);
    expect(snap.findings).toHaveLength(summarizeEstate(f.view).assessments);
    expect(snap.secureScores).toHaveLength(f.estate.subscriptions.length);
  });

  it('keeps loading when one service fails persistently, naming what is missing', async () => {
    f.tenant.faults.failNext('security', 10_000, { status: 500 });
    const snap = await f.sources({ maxRetries: 2 }).loadSnapshot();
    expect(snap.resources.length).toBeGreaterThan(0);
    expect(snap.findings.length).toBeGreaterThan(0);
    expect(snap.plans).toEqual([]);
    const subs = f.estate.subscriptions.map((s) => s.subscriptionId).sort();
    const pricingIssues = snap.issues.filter((i) => i.source === 'security' && i.operation === 'pricings');
    expect(pricingIssues.map((i) => i.scope).sort()).toEqual(subs);
    expect(pricingIssues[0]).toMatchObject({ kind: 'failed', message: expect.stringContaining('500') });
    expect(snap.issues.filter((i) => i.operation === 'secureScores')).toHaveLength(subs.length);
    expect(snap.stats.retries).toBe(2 * 2 * subs.length);
  });

  it('reports a failed Resource Graph query as an issue naming the query', async () => {
    f.tenant.faults.failNext('resource-graph', 10_000, { status: 503 });
    const snap = await f.sources({ maxRetries: 1 }).loadSnapshot();
    expect(new Set(snap.issues.filter((i) => i.source === 'resource-graph').map((i) => i.operation))).toEqual(
      new Set([
        'subscriptions',
        'ai-inventory',
        'ai-deployments',
        'ai-linked-resources',
        'assessments',
        'governance-assignments',
        'attack-paths',
      ]),
    );
    expect(snap.plans.length).toBeGreaterThan(0);
    // The configured subscriptions stay known even though their names could not be read.
    expect(snap.subscriptions).toHaveLength(f.estate.subscriptions.length);
  });

  it('throws a coded error only when nothing at all could be loaded', async () => {
    f.tenant.faults.failNext('resource-graph', 10_000, { status: 500 });
    f.tenant.faults.failNext('security', 10_000, { status: 500 });
    const err = await f
      .sources({ maxRetries: 0 })
      .loadSnapshot()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourcesUnavailableError);
    expect((err as SourcesUnavailableError).code).toBe('SOURCES_UNAVAILABLE');
    expect((err as SourcesUnavailableError).issues.length).toBeGreaterThan(0);
  });

  it('reports a truncated Resource Graph result', async () => {
    f.tenant.faults.truncatedQueries.add('ai-inventory');
    const snap = await f.sources().loadSnapshot();
    expect(snap.issues).toContainEqual(expect.objectContaining({ operation: 'ai-inventory', kind: 'truncated' }));
  });

  it('scopes to a management group through the subscriptions query', async () => {
    const zone1 = f.estate.subscriptions.filter((s) => s.zone === 1).map((s) => s.subscriptionId);
    const snap = await f.sources({ subscriptions: null, managementGroup: 'mg-ai-zone-1' }).loadSnapshot();
    expect(snap.issues).toEqual([]);
    expect(snap.subscriptions.map((s) => s.id).sort()).toEqual([...zone1].sort());
    expect(snap.resources.length).toBeGreaterThan(0);
    for (const r of snap.resources) expect(zone1).toContain(r.subscriptionId);
    expect(new Set(snap.plans.map((p) => p.subscriptionId))).toEqual(new Set(zone1));
  });

  it('polls assessments past a watermark', async () => {
    const sources = f.sources();
    const all = await sources.loadAssessments(new Date(0));
    const none = await sources.loadAssessments(new Date(f.view.now.getTime() + HOUR));
    expect(all.findings).toHaveLength(summarizeEstate(f.view).assessments);
    expect(none.findings).toEqual([]);
    expect(none.issues).toEqual([]);
  });

  it('answers ping while the tenant is up', async () => {
    expect(await f.sources().ping()).toMatchObject({ ok: true });
    f.tenant.faults.failNext('resource-graph', 1, { status: 500 });
    expect(await f.sources().ping()).toMatchObject({ ok: false, detail: expect.stringContaining('500') });
  });
});

describe('prompt volume from Log Analytics', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture(1);
  });
  afterAll(() => f.tenant.close());
  afterEach(() => f.tenant.faults.reset());

  const busyWorkspace = () =>
    f.view.workspaces.find((w) => (f.view.workspaceResources.get(w.customerId.toLowerCase()) ?? []).length > 0)
      ?.customerId ?? '';

  it('returns one dense series per logging resource, zeros for quiet bins', async () => {
    const ws = busyWorkspace();
    const end = f.view.now;
    const start = new Date(end.getTime() - 6 * HOUR);
    const { series, issues } = await f.sources().loadPromptVolume(ws, start, end);
    expect(issues).toEqual([]);
    expect(series.length).toBeGreaterThan(0);
    for (const s of series) {
      expect(s.counts).toHaveLength(72);
      expect(s.binMs).toBe(300_000);
      s.counts.forEach((c, i) => {
        expect(c).toBe(f.view.promptCount(s.resourceId, start.getTime() + i * 300_000));
      });
    }
    const logged = f.view.workspaceResources.get(ws.toLowerCase()) ?? [];
    for (const s of series) expect(logged).toContain(s.resourceId);
  });

  it('reports a partial result as an issue and still returns the series', async () => {
    const ws = busyWorkspace();
    f.tenant.faults.partialWorkspaces.add(ws.toLowerCase());
    const end = f.view.now;
    const { series, issues } = await f.sources().loadPromptVolume(ws, new Date(end.getTime() - 6 * HOUR), end);
    expect(series.length).toBeGreaterThan(0);
    expect(issues).toEqual([
      expect.objectContaining({ source: 'log-analytics', operation: 'prompt-volume', kind: 'partial', scope: ws }),
    ]);
  });

  it('reports an unknown workspace as an issue', async () => {
    const ws = '00000000-0000-0000-0000-00000000beef';
    const { series, issues } = await f
      .sources()
      .loadPromptVolume(ws, new Date(f.view.now.getTime() - HOUR), f.view.now);
    expect(series).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        source: 'log-analytics',
        kind: 'failed',
        scope: ws,
        message: expect.stringContaining('404'),
      }),
    ]);
  });

  it('lists the callers of a resource, busiest first', async () => {
    const ws = busyWorkspace();
    const resource = f.view.workspaceResources.get(ws.toLowerCase())?.[0] ?? '';
    const end = f.view.now;
    const start = new Date(end.getTime() - 24 * HOUR);
    const { callers, issues } = await f.sources().loadPromptCallers(ws, resource, start, end);
    expect(issues).toEqual([]);
    const expected = f.view.promptCallers(resource, start.getTime(), end.getTime()).slice(0, 10);
    expect(callers).toEqual(expected.map((c) => ({ ...c, objectId: c.objectId })));
  });
});

describe('at scale', () => {
  it('pages past 1,000 rows: every assessment arrives exactly once', async () => {
    const f = await fixture(8);
    try {
      const snap = await f.sources().loadSnapshot();
      const expected = summarizeEstate(f.view).assessments;
      expect(expected).toBeGreaterThan(1000);
      expect(snap.issues).toEqual([]);
      expect(snap.findings).toHaveLength(expected);
      expect(new Set(snap.findings.map((x) => x.id)).size).toBe(expected);
      expect(f.tenant.requests.byQuery.assessments).toBe(Math.ceil(expected / 1000));
      expect(snap.stats.pages).toBeGreaterThan(7);
    } finally {
      await f.tenant.close();
    }
  });

  it('paces on the quota headers instead of drawing 429s', async () => {
    const f = await fixture(1, { limit: 3, windowMs: 1_000 });
    try {
      const snap = await f.sources().loadSnapshot();
      expect(snap.issues).toEqual([]);
      expect(f.tenant.requests.quotaRefusals).toBe(0);
      expect(f.tenant.requests.byRoute['resource-graph']).toBe(7);
      expect(snap.stats.throttledWaitsMs).toBeGreaterThan(0);
    } finally {
      await f.tenant.close();
    }
  });
});
