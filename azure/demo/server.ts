// The demo tenant: a loopback HTTPS server that speaks Resource Graph,
// Microsoft.Security and Log Analytics in their real wire formats, so Vigil's
// production data sources run unchanged against a synthetic estate.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type DemoFaultSettings, DemoFaults, type RouteFamily } from './faults.js';
import { GRAPH_API_VERSIONS, GraphService } from './tenant/graph.js';
import { armError, HttpError, readJson, sendJson } from './tenant/http.js';
import { answerLogs, logsError, matchLogsRoute } from './tenant/logs.js';
import { SlidingQuota } from './tenant/quota.js';
import { answerSecurity, matchSecurityRoute } from './tenant/security.js';
import { generateDemoTls } from './tls.js';
import type { DemoEstate, DemoEstateView } from './types.js';

export interface DemoTenantOptions {
  estate: DemoEstate;
  /** The estate is served as it is at `clock()`. */
  clock: () => Date;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
  faults?: Partial<DemoFaultSettings>;
}

export type DemoRoute = 'resource-graph' | 'pricings' | 'secure-scores' | 'log-analytics' | 'unknown';

export interface DemoRequestCounters {
  /** Requests per route, whatever their answer (unauthenticated ones under `unauthorized`). */
  byRoute: Record<DemoRoute, number>;
  /** Answers per HTTP status. */
  byStatus: Record<string, number>;
  /** Resource Graph requests (pages) per named query. */
  byQuery: Record<string, number>;
  /** Resource Graph requests refused because the quota ran out. */
  quotaRefusals: number;
  /** Requests answered with an injected fault. */
  injectedFaults: number;
  unauthorized: number;
}

export interface DemoTenant {
  /** https://127.0.0.1:PORT — the Resource Manager endpoint; Log Analytics is `${url}/v1`. */
  url: string;
  /** The CA to trust (pass to the SDK clients' `tlsOptions.ca`). */
  caPem: string;
  faults: DemoFaults;
  requests: DemoRequestCounters;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freshCounters(): DemoRequestCounters {
  return {
    byRoute: { 'resource-graph': 0, pricings: 0, 'secure-scores': 0, 'log-analytics': 0, unknown: 0 },
    byStatus: {},
    byQuery: {},
    quotaRefusals: 0,
    injectedFaults: 0,
    unauthorized: 0,
  };
}

type Routed =
  | { route: 'resource-graph' }
  | { route: 'pricings' | 'secure-scores'; subscriptionId: string }
  | { route: 'log-analytics'; workspace: string }
  | { route: 'unknown' };

function routeOf(pathname: string): Routed {
  if (/^\/providers\/microsoft\.resourcegraph\/resources\/?$/i.test(pathname)) return { route: 'resource-graph' };
  const sec = matchSecurityRoute(pathname);
  if (sec) return { route: sec.route, subscriptionId: sec.subscriptionId };
  const workspace = matchLogsRoute(pathname);
  if (workspace) return { route: 'log-analytics', workspace };
  return { route: 'unknown' };
}

const familyOf = (route: DemoRoute): RouteFamily | null =>
  route === 'resource-graph'
    ? 'resource-graph'
    : route === 'log-analytics'
      ? 'log-analytics'
      : route === 'unknown'
        ? null
        : 'security';

export async function startDemoTenant(opts: DemoTenantOptions): Promise<DemoTenant> {
  const { estate, clock, logger } = opts;
  const tls = await generateDemoTls();
  const faults = new DemoFaults(opts.faults);
  const requests = freshCounters();
  const quota = new SlidingQuota(
    () => faults.quota,
    () => performance.now(),
  );

  // The estate view is derived per instant; keep the last few so paging and bursts reuse them.
  const views = new Map<number, DemoEstateView>();
  const viewAt = (ms: number): DemoEstateView => {
    let v = views.get(ms);
    if (!v) {
      v = estate.at(new Date(ms));
      views.set(ms, v);
      if (views.size > 4) views.delete(views.keys().next().value as number);
    }
    return v;
  };
  const graph = new GraphService(viewAt, () => clock().getTime(), faults);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://demo.invalid');
    const routed = routeOf(url.pathname);
    const family = familyOf(routed.route);
    const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.byStatus[String(status)] = (requests.byStatus[String(status)] ?? 0) + 1;
      sendJson(res, status, body, { 'x-ms-request-id': crypto.randomUUID(), ...headers });
    };

    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      requests.unauthorized += 1;
      const body =
        family === 'log-analytics'
          ? { error: { message: 'Valid authentication was not provided', code: 'AuthorizationRequiredError' } }
          : {
              error: {
                code: 'AuthenticationFailed',
                message: "Authentication failed. The 'Authorization' header is missing.",
              },
            };
      respond(401, body, {
        'www-authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
      });
      return;
    }
    requests.byRoute[routed.route] += 1;

    try {
      if (family) {
        const latency = faults.latencyMs[family];
        if (latency > 0) await sleep(latency);
        const fault = faults.take(family);
        if (fault) {
          requests.injectedFaults += 1;
          const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
          const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
          const message =
            fault.status === 429
              ? 'Too many requests. Please retry.'
              : 'The service is temporarily unavailable (injected fault).';
          const code =
            fault.status === 429 ? 'RateLimiting' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
          const err =
            family === 'log-analytics' ? logsError(fault.status, code, message) : armError(fault.status, code, message);
          respond(fault.status, err.body, headers);
          return;
        }
      }

      switch (routed.route) {
        case 'resource-graph': {
          if (req.method !== 'POST') throw armError(405, 'MethodNotAllowed', 'Resource Graph queries are POSTed.');
          const apiVersion = url.searchParams.get('api-version');
          if (!apiVersion || !GRAPH_API_VERSIONS.includes(apiVersion)) {
            throw armError(
              400,
              'InvalidApiVersionParameter',
              `The api-version '${apiVersion ?? ''}' is invalid. The supported versions are '${GRAPH_API_VERSIONS.join(',')}'.`,
            );
          }
          const decision = quota.tryTake();
          if (!decision.allowed) {
            requests.quotaRefusals += 1;
            const err = armError(
              429,
              'RateLimiting',
              'Please provide below info when asking for support: the user quota was exceeded.',
            );
            respond(429, err.body, { ...decision.headers, 'retry-after': String(decision.retryAfterSeconds) });
            return;
          }
          try {
            const answer = graph.answer(await readJson(req));
            requests.byQuery[answer.queryName] = (requests.byQuery[answer.queryName] ?? 0) + 1;
            respond(200, answer.body, decision.headers);
          } catch (err) {
            if (err instanceof HttpError) respond(err.status, err.body, { ...decision.headers, ...err.headers });
            else throw err;
          }
          return;
        }
        case 'pricings':
        case 'secure-scores': {
          const body = answerSecurity(
            viewAt(clock().getTime()),
            routed,
            url.searchParams.get('api-version'),
            req.method ?? 'GET',
          );
          respond(200, body);
          return;
        }
        case 'log-analytics': {
          if (req.method !== 'POST') throw logsError(405, 'MethodNotAllowed', 'Queries are POSTed.');
          const body = await readJson(req);
          respond(
            200,
            answerLogs(
              viewAt(clock().getTime()),
              routed.workspace,
              body,
              faults.partialWorkspaces.has(routed.workspace),
            ),
          );
          return;
        }
        case 'unknown':
          throw armError(404, 'NotFound', `The demo tenant does not serve ${req.method} ${url.pathname}.`);
      }
    } catch (err) {
      if (err instanceof HttpError) {
        respond(err.status, err.body, err.headers);
        return;
      }
      logger?.error({ err, path: url.pathname }, 'demo tenant failed to answer');
      respond(500, { error: { code: 'InternalServerError', message: 'The demo tenant failed to answer.' } });
    }
  }

  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger?.error({ err }, 'demo tenant request crashed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `https://${urlHost}:${port}`;
  logger?.info({ url }, 'demo tenant listening');

  return {
    url,
    caPem: tls.caPem,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
