// The only code that talks to Azure, identical in demo and production: it
// loads snapshots of the estate (Resource Graph + Microsoft.Security), polls
// assessments past a watermark, and reads prompt volume from Log Analytics.
// Failures are never dropped: whatever could not be loaded is a SourceIssue in
// the result (and a log line); only "nothing at all" throws.
import type { TokenCredential } from '@azure/core-auth';
import type { Logger } from 'pino';
import {
  type Finding,
  type PromptVolumeSeries,
  type Snapshot,
  type SourceIssue,
  type Subscription,
  subscriptionId,
  type WorkspaceId,
  workspaceId,
} from '../posture/model.js';
import { type ClientSettings, createGraphClient, createLogsClient, StatsRecorder } from './clients.js';
import { describeError, SourcesUnavailableError } from './errors.js';
import { queryPromptCallers, queryPromptVolume } from './log-analytics.js';
import { mapInventory, mapSubscription } from './map.js';
import { mapAttackPath } from './map-attack-paths.js';
import { mapFindings } from './map-findings.js';
import type { PromptCaller } from './map-logs.js';
import { graphQueries } from './queries.js';
import { type GraphScope, runGraphQuery } from './resource-graph.js';
import { loadSecurity } from './security-calls.js';
import { QuotaGate, realTimers, type Timers } from './throttle.js';
import {
  assessmentRow,
  attackPathRow,
  deploymentRow,
  governanceRow,
  inventoryRow,
  linkedRow,
  subscriptionRow,
} from './wire.js';

export interface AzureSourcesOptions {
  credential: TokenCredential;
  /** e.g. https://management.azure.com and https://api.loganalytics.io/v1 (sovereign clouds differ); demo: the server url and `${url}/v1`. */
  endpoints: { resourceManager: string; logAnalytics: string };
  /** Token scopes for sovereign clouds; default `${resourceManager origin}/.default` and `https://api.loganalytics.io/.default`. */
  audiences?: { resourceManager?: string; logAnalytics?: string };
  /** Extra trusted CA PEM (the demo tenant's); handed to every client's `tlsOptions`. */
  tlsCa?: string;
  /** Scope: explicit subscriptions … */
  subscriptions: string[] | null;
  /** … or a management group (subscriptions then come from the `subscriptions` query); neither means the whole tenant. */
  managementGroup: string | null;
  /** Log Analytics workspace (customer) ids. */
  workspaces: string[];
  logger: Logger;
  clock: () => Date;
  /** Retries per request after the first attempt (default 4). */
  maxRetries?: number;
  /** Base delay of the exponential back-off for 5xx and network errors (default 1 s); 429s wait for Retry-After. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Elapsed-time source and sleep for quota pacing (tests may pass their own). */
  timers?: Timers;
}

export interface LoadOptions {
  signal?: AbortSignal;
}

export interface AzureSources {
  /** Workspaces prompt volume can be read from, as configured. */
  readonly workspaces: readonly WorkspaceId[];
  loadSnapshot(opts?: LoadOptions): Promise<Snapshot>;
  /** AI findings whose status changed at or after `since` (watermark polling). Throws when the assessments query fails outright. */
  loadAssessments(since: Date, opts?: LoadOptions): Promise<{ findings: Finding[]; issues: SourceIssue[] }>;
  loadPromptVolume(
    workspaceId: string,
    start: Date,
    end: Date,
  ): Promise<{ series: PromptVolumeSeries[]; issues: SourceIssue[] }>;
  loadPromptCallers(
    workspaceId: string,
    resourceId: string,
    start: Date,
    end: Date,
  ): Promise<{ callers: PromptCaller[]; issues: SourceIssue[] }>;
  /** Cheap reachability for /readyz: one single-row Resource Graph query, no retries. */
  ping(opts?: LoadOptions): Promise<{ ok: boolean; detail: string }>;
}

export type { PromptCaller } from './map-logs.js';

const DEFAULT_LOGS_AUDIENCE = 'https://api.loganalytics.io/.default';

export function createAzureSources(opts: AzureSourcesOptions): AzureSources {
  const log = opts.logger.child({ module: 'azure-sources' });
  const timers = opts.timers ?? realTimers;
  const maxRetries = opts.maxRetries ?? 4;
  const settings: ClientSettings = {
    credential: opts.credential,
    endpoints: opts.endpoints,
    audiences: {
      resourceManager: opts.audiences?.resourceManager ?? `${new URL(opts.endpoints.resourceManager).origin}/.default`,
      logAnalytics: opts.audiences?.logAnalytics ?? DEFAULT_LOGS_AUDIENCE,
    },
    tlsOptions: opts.tlsCa ? { ca: opts.tlsCa } : undefined,
    maxRetries,
    retryDelayMs: opts.retryDelayMs ?? 1000,
    maxRetryDelayMs: opts.maxRetryDelayMs ?? 64_000,
  };
  // One quota per user: every Resource Graph request of this process goes through the same gate.
  const gate = new QuotaGate(timers);
  const explicit = opts.subscriptions?.map((s) => subscriptionId(s)) ?? null;
  const scope: GraphScope = explicit
    ? { kind: 'subscriptions', subscriptions: explicit }
    : opts.managementGroup
      ? { kind: 'management-group', managementGroup: opts.managementGroup }
      : { kind: 'tenant' };

  const report = (issues: SourceIssue[]) => {
    for (const issue of issues) log.warn({ issue }, `azure source issue: ${issue.message}`);
  };

  async function loadSnapshot({ signal }: LoadOptions = {}): Promise<Snapshot> {
    const takenAt = opts.clock().toISOString();
    const started = timers.now();
    const recorder = new StatsRecorder(maxRetries);
    const graph = createGraphClient(settings, recorder, gate);
    const run = <T>(query: Parameters<typeof runGraphQuery<T>>[1], schema: Parameters<typeof runGraphQuery<T>>[3]) =>
      runGraphQuery(graph, query, scope, schema, recorder, signal);

    const subscriptionsP = run(graphQueries.subscriptions(), subscriptionRow);
    const securityP = (async () => {
      const subs = explicit ?? (await subscriptionsP).rows.map((r) => subscriptionId(r.subscriptionId));
      return loadSecurity(settings, recorder, subs, signal);
    })();
    const [subs, inventory, deployments, linked, assessments, governance, paths, security] = await Promise.all([
      subscriptionsP,
      run(graphQueries.aiInventory(), inventoryRow),
      run(graphQueries.aiDeployments(), deploymentRow),
      run(graphQueries.aiLinkedResources(), linkedRow),
      run(graphQueries.assessments(), assessmentRow),
      run(graphQueries.governanceAssignments(), governanceRow),
      run(graphQueries.attackPaths(), attackPathRow),
      securityP,
    ]);

    const graphResults = [subs, inventory, deployments, linked, assessments, governance, paths];
    const issues: SourceIssue[] = [...graphResults.flatMap((r) => r.issues), ...security.issues];
    if (!graphResults.some((r) => r.answered) && security.succeeded === 0) {
      report(issues);
      throw new SourcesUnavailableError(issues);
    }

    const subscriptions: Subscription[] = subs.rows.map(mapSubscription);
    if (explicit && subs.answered) {
      const seen = new Set(subscriptions.map((s) => s.id));
      for (const id of explicit.filter((s) => !seen.has(s))) {
        issues.push({
          source: 'resource-graph',
          operation: 'subscriptions',
          kind: 'failed',
          message: `Subscription ${id} is configured but not visible to Vigil (missing, or no Reader role).`,
          scope: id,
        });
      }
    } else if (explicit) {
      // The subscriptions query failed: keep the configured ids so the rest still has a home.
      subscriptions.push(...explicit.map((id) => ({ id, name: id, tags: {} })));
    }

    const { resources, unrecognised } = mapInventory({
      inventory: inventory.rows,
      deployments: deployments.rows,
      linked: linked.rows,
    });
    if (unrecognised.length > 0) {
      issues.push({
        source: 'resource-graph',
        operation: 'ai-inventory',
        kind: 'partial',
        message: `${unrecognised.length} resource(s) matched the AI inventory query but are of no AI kind Vigil knows (e.g. ${unrecognised[0]?.type}/${unrecognised[0]?.kind ?? ''}).`,
        scope: null,
      });
    }
    const { findings, unreadable } = mapFindings(assessments.rows, governance.rows);
    if (unreadable.length > 0) {
      issues.push({
        source: 'resource-graph',
        operation: 'assessments',
        kind: 'partial',
        message: `${unreadable.length} assessment(s) had no readable status or resource and were left out.`,
        scope: null,
      });
    }

    const tenantId = subs.rows.find((r) => r.tenantId)?.tenantId ?? null;
    const snapshot: Snapshot = {
      takenAt,
      tenantId,
      subscriptions,
      resources,
      findings,
      attackPaths: paths.rows.map(mapAttackPath),
      plans: security.plans,
      secureScores: security.secureScores,
      issues,
      stats: recorder.stats,
    };
    report(issues);
    log.info(
      {
        ms: Math.round(timers.now() - started),
        subscriptions: subscriptions.length,
        resources: resources.length,
        findings: findings.length,
        attackPaths: snapshot.attackPaths.length,
        plans: snapshot.plans.length,
        issues: issues.length,
        stats: snapshot.stats,
      },
      'snapshot loaded',
    );
    return snapshot;
  }

  async function loadAssessments(since: Date, { signal }: LoadOptions = {}) {
    const recorder = new StatsRecorder(maxRetries);
    const graph = createGraphClient(settings, recorder, gate);
    const [assessments, governance] = await Promise.all([
      runGraphQuery(graph, graphQueries.assessments(since), scope, assessmentRow, recorder, signal),
      runGraphQuery(graph, graphQueries.governanceAssignments(), scope, governanceRow, recorder, signal),
    ]);
    const issues = [...assessments.issues, ...governance.issues];
    report(issues);
    // "No changes" and "could not ask" must not look alike to a watermark poller.
    if (!assessments.answered) throw new SourcesUnavailableError(issues);
    const { findings, unreadable } = mapFindings(assessments.rows, governance.rows);
    if (unreadable.length > 0) {
      issues.push({
        source: 'resource-graph',
        operation: 'assessments',
        kind: 'partial',
        message: `${unreadable.length} assessment(s) had no readable status or resource and were left out.`,
        scope: null,
      });
    }
    log.debug({ since: since.toISOString(), findings: findings.length, stats: recorder.stats }, 'assessments polled');
    return { findings, issues };
  }

  async function loadPromptVolume(workspace: string, start: Date, end: Date) {
    const recorder = new StatsRecorder(maxRetries);
    const result = await queryPromptVolume(createLogsClient(settings, recorder), workspace, start, end);
    report(result.issues);
    log.debug({ workspace, series: result.series.length, stats: recorder.stats }, 'prompt volume loaded');
    return result;
  }

  async function loadPromptCallers(workspace: string, resource: string, start: Date, end: Date) {
    const recorder = new StatsRecorder(maxRetries);
    const result = await queryPromptCallers(createLogsClient(settings, recorder), workspace, resource, start, end);
    report(result.issues);
    return result;
  }

  async function ping({ signal }: LoadOptions = {}) {
    const recorder = new StatsRecorder(0);
    const graph = createGraphClient({ ...settings, maxRetries: 0 }, recorder, gate);
    const first = scope.kind === 'subscriptions' ? scope.subscriptions.slice(0, 300) : [];
    try {
      const page = await graph.resources(
        {
          query: graphQueries.subscriptions().text,
          ...(scope.kind === 'subscriptions' ? { subscriptions: first } : {}),
          ...(scope.kind === 'management-group' ? { managementGroups: [scope.managementGroup] } : {}),
          options: { top: 1, resultFormat: 'objectArray' },
        },
        { abortSignal: signal },
      );
      return { ok: true, detail: `Resource Graph answered: ${page.totalRecords} subscription(s) in scope` };
    } catch (err) {
      return { ok: false, detail: `Resource Graph unreachable: ${describeError(err).message}` };
    }
  }

  return {
    workspaces: opts.workspaces.map(workspaceId),
    loadSnapshot,
    loadAssessments,
    loadPromptVolume,
    loadPromptCallers,
    ping,
  };
}
