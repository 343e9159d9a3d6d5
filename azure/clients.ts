// The SDK clients Vigil talks to Azure with, built the same way in demo and
// production: only endpoints, token audiences, the credential and (in the
// demo) one extra trusted CA differ. Every client counts its attempts into a
// StatsRecorder through a per-retry policy; the core pipeline's own retry
// policy does the retrying (and honours Retry-After).

import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { SecurityCenter } from '@azure/arm-security';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy, PipelineRequest, PipelineResponse, TlsSettings } from '@azure/core-rest-pipeline';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import type { SourceName, SourceStats } from '../posture/model.js';
import { type QuotaGate, quotaGatePolicy } from './throttle.js';

/**
 * `@azure/arm-security` 5.0.0 lists pricings with api-version 2022-03-01, which
 * predates plan extensions (AIPromptEvidence…) and enablement times. Vigil asks
 * for this newer version of the same operation and reads the raw body.
 */
export const PRICINGS_API_VERSION = '2024-01-01';

export interface ClientSettings {
  credential: TokenCredential;
  endpoints: { resourceManager: string; logAnalytics: string };
  /** Token scopes; default to `${endpoint origin}/.default` for ARM and Log Analytics' public audience. */
  audiences: { resourceManager: string; logAnalytics: string };
  /** Shared by every client so they share connections (agents are cached per TLS settings object). */
  tlsOptions: TlsSettings | undefined;
  maxRetries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/** Counts what the clients send: every attempt, retries, and time spent waiting on throttling. */
export class StatsRecorder {
  readonly stats: SourceStats = {
    requests: { 'resource-graph': 0, security: 0, 'log-analytics': 0 },
    pages: 0,
    retries: 0,
    throttledWaitsMs: 0,
  };
  /** Attempts per request object: the retry policy sends the same request object again. */
  private readonly attempts = new WeakMap<PipelineRequest, number>();

  constructor(private readonly maxRetries: number) {}

  addThrottledWait(ms: number): void {
    this.stats.throttledWaitsMs += Math.round(ms);
  }

  policy(source: SourceName): PipelinePolicy {
    return {
      name: `vigilStats-${source}`,
      sendRequest: async (request, next) => {
        const attempt = this.attempts.get(request) ?? 0;
        this.attempts.set(request, attempt + 1);
        this.stats.requests[source] += 1;
        if (attempt > 0) this.stats.retries += 1;
        const response = await next(request);
        const wait = retryAfterMs(response);
        if (wait !== null && attempt < this.maxRetries) this.addThrottledWait(wait);
        return response;
      },
    };
  }
}

/** The wait the core retry policy will honour for a throttled answer, if any. */
function retryAfterMs(response: PipelineResponse): number | null {
  if (response.status !== 429 && response.status !== 503) return null;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(response.headers.get(name) ?? Number.NaN);
    if (Number.isFinite(ms)) return ms;
  }
  // Azure sends seconds; an HTTP-date Retry-After is honoured by the pipeline but not counted here.
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : null;
}

function commonOptions(
  settings: ClientSettings,
  recorder: StatsRecorder,
  source: SourceName,
  extra: PipelinePolicy[] = [],
) {
  return {
    ...(settings.tlsOptions ? { tlsOptions: settings.tlsOptions } : {}),
    retryOptions: {
      maxRetries: settings.maxRetries,
      retryDelayInMs: settings.retryDelayMs,
      maxRetryDelayInMs: settings.maxRetryDelayMs,
    },
    additionalPolicies: [
      ...extra.map((policy) => ({ policy, position: 'perRetry' as const })),
      { policy: recorder.policy(source), position: 'perRetry' as const },
    ],
  };
}

export function createGraphClient(
  settings: ClientSettings,
  recorder: StatsRecorder,
  gate: QuotaGate,
): ResourceGraphClient {
  return new ResourceGraphClient(settings.credential, {
    endpoint: settings.endpoints.resourceManager,
    credentialScopes: [settings.audiences.resourceManager],
    ...commonOptions(settings, recorder, 'resource-graph', [
      quotaGatePolicy(gate, (ms) => recorder.addThrottledWait(ms)),
    ]),
  });
}

const pricingsApiVersionPolicy: PipelinePolicy = {
  name: 'vigilPricingsApiVersion',
  sendRequest(request, next) {
    const url = new URL(request.url);
    if (/\/providers\/microsoft\.security\/pricings\/?$/i.test(url.pathname)) {
      url.searchParams.set('api-version', PRICINGS_API_VERSION);
      request.url = url.toString();
    }
    return next(request);
  },
};

export function createSecurityClient(
  settings: ClientSettings,
  recorder: StatsRecorder,
  subscription: string,
): SecurityCenter {
  const options = commonOptions(settings, recorder, 'security');
  return new SecurityCenter(settings.credential, subscription, {
    endpoint: settings.endpoints.resourceManager,
    credentialScopes: [settings.audiences.resourceManager],
    ...options,
    additionalPolicies: [{ policy: pricingsApiVersionPolicy, position: 'perCall' }, ...options.additionalPolicies],
  });
}

export function createLogsClient(settings: ClientSettings, recorder: StatsRecorder): LogsQueryClient {
  return new LogsQueryClient(settings.credential, {
    // Used as given: pass the versioned base, e.g. https://api.loganalytics.io/v1.
    endpoint: settings.endpoints.logAnalytics,
    // monitor-query-logs 1.0.0 ignores its `audience` option; the scopes are what reach the credential.
    credentials: { scopes: [settings.audiences.logAnalytics] },
    ...commonOptions(settings, recorder, 'log-analytics'),
  });
}
