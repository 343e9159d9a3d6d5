// The demo tenant at the wire: raw HTTPS requests, checked against the shapes
// the Azure SDKs send and expect (Resource Graph, Microsoft.Security, Log Analytics).
import { request } from 'node:https';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoEstate } from '../azure/demo/estate.js';
import { type DemoTenant, startDemoTenant } from '../azure/demo/server.js';
import type { DemoEstate, DemoEstateView } from '../azure/demo/types.js';
import { graphQueries, logsQueries } from '../azure/queries.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

let estate: DemoEstate;
let view: DemoEstateView;
let tenant: DemoTenant;
const TOKEN = { authorization: 'Bearer test-token' };

function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = TOKEN,
  /** null: trust only the system CAs. */
  ca: string | null = tenant.caPem,
): Promise<Answer> {
  return callAt(tenant, method, path, body, headers, ca);
}

function callAt(
  target: DemoTenant,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = TOKEN,
  ca: string | null = target.caPem,
): Promise<Answer> {
  const url = new URL(path, target.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: ca ?? undefined,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const GRAPH = '/providers/Microsoft.ResourceGraph/resources?api-version=2021-06-01-preview';
const graph = (query: string, extra: Record<string, unknown> = {}) => call('POST', GRAPH, { query, ...extra });
const errorCode = (a: Answer) => (a.body.error as { code?: string } | undefined)?.code;

beforeAll(async () => {
  estate = createDemoEstate({ seed: 11, scale: 1 });
  const now = new Date(estate.epoch.getTime() + 2 * 3_600_000);
  view = estate.at(now);
  tenant = await startDemoTenant({
    estate,
    clock: () => now,
    logger: pino({ level: 'silent' }),
    faults: { quota: { limit: 10_000, windowMs: 5_000 } },
  });
});
afterAll(() => tenant.close());
afterEach(() => tenant.faults.reset());

describe('authentication and TLS', () => {
  it('answers 401 with an ARM error when no bearer token is sent', async () => {
    const a = await graph(graphQueries.subscriptions().text, {});
    expect(a.status).toBe(200);
    const anonymous = await call('POST', GRAPH, { query: graphQueries.subscriptions().text }, {});
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous)).toBe('AuthenticationFailed');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(tenant.requests.unauthorized).toBeGreaterThan(0);
  });

  it('answers 401 on Log Analytics in its own error shape', async () => {
    const ws = view.workspaces[0]?.customerId ?? '';
    const a = await call('POST', `/v1/workspaces/${ws}/query`, { query: 'x' }, {});
    expect(a.status).toBe(401);
    expect(errorCode(a)).toBe('AuthorizationRequiredError');
  });

  it('serves a certificate only its own CA vouches for', async () => {
    await expect(call('POST', GRAPH, { query: 'x' }, TOKEN, null)).rejects.toThrow(/self[- ]signed|unable to verify/i);
  });
});

describe('Resource Graph', () => {
  it('pages with $top and $skipToken: every row once, totals consistent', async () => {
    const query = graphQueries.assessments().text;
    const first = await graph(query, { options: { $top: 50, resultFormat: 'objectArray' } });
    expect(first.status).toBe(200);
    const total = first.body.totalRecords as number;
    expect(total).toBe(view.securityResources.filter((r) => r.type === 'microsoft.security/assessments').length);
    const ids: string[] = [];
    let page = first;
    let pages = 0;
    for (;;) {
      pages += 1;
      const data = page.body.data as { id: string; resourceId: string }[];
      expect(page.body.count).toBe(data.length);
      expect(page.body.resultTruncated).toBe('false');
      ids.push(...data.map((r) => r.id));
      const token = page.body.$skipToken as string | undefined;
      if (!token) break;
      page = await graph(query, { options: { $top: 50, $skipToken: token } });
      expect(page.status).toBe(200);
    }
    expect(pages).toBe(Math.ceil(total / 50));
    expect(new Set(ids).size).toBe(total);
    expect(ids).toEqual([...ids].sort());
  });

  it('projects exactly the columns of the named query, resource ids lower-cased', async () => {
    const a = await graph(graphQueries.assessments().text);
    const row = (a.body.data as Record<string, unknown>[])[0] ?? {};
    expect(Object.keys(row)).toEqual(['id', 'name', 'resourceId', 'properties']);
    expect(row.resourceId).toBe(String(row.resourceId).toLowerCase());
    const inv = await graph(graphQueries.aiInventory().text);
    expect(Object.keys((inv.body.data as object[])[0] ?? {})).toEqual([
      'id',
      'name',
      'type',
      'kind',
      'location',
      'subscriptionId',
      'resourceGroup',
      'tags',
      'identity',
      'properties',
    ]);
    const linked = await graph(graphQueries.aiLinkedResources().text);
    expect(Object.keys((linked.body.data as object[])[0] ?? {})).toEqual([
      'aiId',
      'linkedId',
      'name',
      'type',
      'publicNetworkAccess',
    ]);
  });

  it('keeps to the subscriptions asked about', async () => {
    const sub = estate.subscriptions[0]?.subscriptionId ?? '';
    const a = await graph(graphQueries.subscriptions().text, { subscriptions: [sub.toUpperCase()] });
    expect(a.body.data).toEqual([expect.objectContaining({ subscriptionId: sub })]);
    const inv = await graph(graphQueries.aiInventory().text, { subscriptions: [sub] });
    for (const r of inv.body.data as { subscriptionId: string }[]) expect(r.subscriptionId).toBe(sub);
  });

  it('honours the assessments watermark', async () => {
    const all = await graph(graphQueries.assessments().text);
    const future = await graph(graphQueries.assessments(new Date(view.now.getTime() + 86_400_000)).text);
    expect(all.body.totalRecords as number).toBeGreaterThan(0);
    expect(future.body.totalRecords).toBe(0);
  });

  it('refuses a bad or foreign $skipToken with 400', async () => {
    const bad = await graph(graphQueries.assessments().text, { options: { $skipToken: 'not-a-token' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('InvalidSkipToken');
    const page = await graph(graphQueries.assessments().text, { options: { $top: 5 } });
    const foreign = await graph(graphQueries.aiInventory().text, { options: { $skipToken: page.body.$skipToken } });
    expect(foreign.status).toBe(400);
  });

  it('names an unknown query in a 400 ARM error', async () => {
    const a = await graph('resources | take 5');
    expect(a.status).toBe(400);
    expect(errorCode(a)).toBe('BadRequest');
    expect(JSON.stringify(a.body)).toContain('resources | take 5');
  });

  it('sends quota headers and refuses with 429 + Retry-After when the quota is spent', async () => {
    // A tenant of its own: the quota window remembers the other tests' queries.
    const strict = await startDemoTenant({
      estate,
      clock: () => view.now,
      faults: { quota: { limit: 2, windowMs: 60_000 } },
    });
    try {
      const q = { query: graphQueries.subscriptions().text };
      const post = () => callAt(strict, 'POST', GRAPH, q);
      const a1 = await post();
      const a2 = await post();
      const a3 = await post();
      expect(a1.headers['x-ms-user-quota-remaining']).toBe('1');
      expect(a2.headers['x-ms-user-quota-remaining']).toBe('0');
      expect(a2.headers['x-ms-user-quota-resets-after']).toBe('00:01:00');
      expect(a3.status).toBe(429);
      expect(a3.headers['x-ms-user-quota-remaining']).toBe('0');
      expect(Number(a3.headers['retry-after'])).toBeGreaterThan(0);
      expect(errorCode(a3)).toBe('RateLimiting');
      expect(strict.requests.quotaRefusals).toBe(1);
    } finally {
      await strict.close();
    }
  });

  it('marks a truncated result when told to', async () => {
    tenant.faults.truncatedQueries.add('assessments');
    const a = await graph(graphQueries.assessments().text, { options: { $top: 10 } });
    expect(a.body.resultTruncated).toBe('true');
    expect(a.body.$skipToken).toBeUndefined();
  });
});

describe('Microsoft.Security', () => {
  const sub = () => estate.subscriptions[0]?.subscriptionId ?? '';

  it('serves pricings in the shape of the api-version asked for', async () => {
    const old = await call(
      'GET',
      `/subscriptions/${sub()}/providers/Microsoft.Security/pricings?api-version=2022-03-01`,
    );
    const recent = await call(
      'GET',
      `/subscriptions/${sub()}/providers/Microsoft.Security/pricings?api-version=2024-01-01`,
    );
    expect(old.status).toBe(200);
    const expected = view.pricings.get(sub()) ?? [];
    expect(recent.body.value).toEqual(expected);
    for (const p of old.body.value as { properties: Record<string, unknown> }[]) {
      expect(p.properties.extensions).toBeUndefined();
      expect(p.properties.pricingTier).toMatch(/^(Standard|Free)$/);
    }
  });

  it('serves secure scores and 404s an unknown subscription', async () => {
    const scores = await call(
      'GET',
      `/subscriptions/${sub()}/providers/Microsoft.Security/secureScores?api-version=2020-01-01`,
    );
    expect(scores.body.value).toEqual(view.secureScores.get(sub()));
    const missing = await call(
      'GET',
      '/subscriptions/00000000-0000-0000-0000-00000000dead/providers/Microsoft.Security/pricings?api-version=2022-03-01',
    );
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('SubscriptionNotFound');
  });

  it('refuses an api-version it does not serve', async () => {
    const a = await call('GET', `/subscriptions/${sub()}/providers/Microsoft.Security/pricings?api-version=1999-01-01`);
    expect(a.status).toBe(400);
  });
});

describe('Log Analytics', () => {
  const ws = () =>
    view.workspaces.find((w) => (view.workspaceResources.get(w.customerId.toLowerCase()) ?? []).length > 0);
  const window = () => ({ start: new Date(view.now.getTime() - 6 * 3_600_000), end: view.now });

  it('answers prompt-volume with one row per non-empty 5-minute bin', async () => {
    const w = ws();
    const { start, end } = window();
    const a = await call('POST', `/v1/workspaces/${w?.customerId}/query`, {
      query: logsQueries.promptVolume(start, end).text,
      timespan: `${start.toISOString()}/${end.toISOString()}`,
    });
    expect(a.status).toBe(200);
    const [table] = a.body.tables as {
      name: string;
      columns: { name: string; type: string }[];
      rows: [string, string, number][];
    }[];
    expect(table?.name).toBe('PrimaryResult');
    expect(table?.columns).toEqual([
      { name: 'ResourceId', type: 'string' },
      { name: 'Bin', type: 'datetime' },
      { name: 'Requests', type: 'long' },
    ]);
    expect(table?.rows.length).toBeGreaterThan(0);
    for (const [rid, bin, requests] of table?.rows ?? []) {
      const t = Date.parse(bin);
      expect(t % 300_000).toBe(0);
      expect(t).toBeGreaterThanOrEqual(start.getTime());
      expect(t).toBeLessThan(end.getTime());
      expect(requests).toBe(view.promptCount(rid, t));
      expect(requests).toBeGreaterThan(0);
    }
  });

  it('adds an error to a partial result', async () => {
    const w = ws();
    const { start, end } = window();
    const body = { query: logsQueries.promptVolume(start, end).text };
    const full = await call('POST', `/v1/workspaces/${w?.customerId}/query`, body);
    tenant.faults.partialWorkspaces.add(w?.customerId.toLowerCase() ?? '');
    const partial = await call('POST', `/v1/workspaces/${w?.customerId}/query`, body);
    expect(partial.status).toBe(200);
    expect((partial.body.error as { code: string }).code).toBe('PartialError');
    const rows = (t: Answer) => ((t.body.tables as { rows: unknown[] }[])[0]?.rows ?? []).length;
    expect(rows(partial)).toBeLessThan(rows(full));
    expect(rows(partial)).toBeGreaterThan(0);
  });

  it('404s an unknown workspace in Log Analytics error shape', async () => {
    const a = await call('POST', '/v1/workspaces/00000000-0000-0000-0000-000000000000/query', { query: 'x' });
    expect(a.status).toBe(404);
    expect(errorCode(a)).toBe('WorkspaceNotFoundError');
  });
});

describe('fault knobs', () => {
  it('answers the next N requests of a route family with the injected fault, then recovers', async () => {
    tenant.faults.failNext('resource-graph', 2, { status: 503, retryAfterSeconds: 3 });
    const q = graphQueries.subscriptions().text;
    const a1 = await graph(q);
    const a2 = await graph(q);
    const a3 = await graph(q);
    expect([a1.status, a2.status, a3.status]).toEqual([503, 503, 200]);
    expect(a1.headers['retry-after']).toBe('3');
    expect(tenant.faults.pending('resource-graph')).toBe(0);
    // Other families are unaffected.
    tenant.faults.failNext('security', 1, { status: 500 });
    const sub = estate.subscriptions[0]?.subscriptionId ?? '';
    const s1 = await call(
      'GET',
      `/subscriptions/${sub}/providers/Microsoft.Security/secureScores?api-version=2020-01-01`,
    );
    expect(s1.status).toBe(500);
    expect((await graph(q)).status).toBe(200);
  });

  it('adds latency to a route family', async () => {
    tenant.faults.latencyMs['log-analytics'] = 150;
    const started = performance.now();
    await call('POST', '/v1/workspaces/00000000-0000-0000-0000-000000000000/query', { query: 'x' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});
