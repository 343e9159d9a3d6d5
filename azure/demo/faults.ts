// Fault knobs of the demo tenant: deterministic (counts, not random rates) so
// tests can say exactly what goes wrong, and mutable so a chaos demo can turn
// them while the server runs.
import type { GraphQueryName } from '../queries.js';

/** The three Azure services the demo tenant stands in for. */
export type RouteFamily = 'resource-graph' | 'security' | 'log-analytics';
export const ROUTE_FAMILIES: readonly RouteFamily[] = ['resource-graph', 'security', 'log-analytics'];

export interface InjectedFault {
  status: 429 | 500 | 503;
  /** Sent as `Retry-After` (seconds) when set; 429 always carries one (default 1). */
  retryAfterSeconds?: number;
}

export interface QuotaSettings {
  /** Resource Graph queries allowed per sliding window (Azure: 15). */
  limit: number;
  /** Window length in milliseconds (Azure: 5 s). */
  windowMs: number;
}

export interface DemoFaultSettings {
  latencyMs: Partial<Record<RouteFamily, number>>;
  /** Workspace customer ids (lower-case) that answer with some rows plus a partial error. */
  partialWorkspaces: Iterable<string>;
  /** Resource Graph queries that answer one page with `resultTruncated: "true"` and no `$skipToken`. */
  truncatedQueries: Iterable<GraphQueryName>;
  quota: QuotaSettings;
}

export const AZURE_GRAPH_QUOTA: QuotaSettings = { limit: 15, windowMs: 5_000 };

export class DemoFaults {
  latencyMs: Record<RouteFamily, number> = { 'resource-graph': 0, security: 0, 'log-analytics': 0 };
  readonly partialWorkspaces = new Set<string>();
  readonly truncatedQueries = new Set<GraphQueryName>();
  quota: QuotaSettings = { ...AZURE_GRAPH_QUOTA };
  private readonly queued: Record<RouteFamily, InjectedFault[]> = {
    'resource-graph': [],
    security: [],
    'log-analytics': [],
  };

  constructor(private readonly initial: Partial<DemoFaultSettings> = {}) {
    this.apply(initial);
  }

  private apply(initial: Partial<DemoFaultSettings>): void {
    Object.assign(this.latencyMs, initial.latencyMs ?? {});
    for (const w of initial.partialWorkspaces ?? []) this.partialWorkspaces.add(w.toLowerCase());
    for (const q of initial.truncatedQueries ?? []) this.truncatedQueries.add(q);
    if (initial.quota) this.quota = { ...initial.quota };
  }

  /** The next `count` requests of `route` answer with `fault` instead of their result. */
  failNext(route: RouteFamily, count: number, fault: InjectedFault): void {
    for (let i = 0; i < count; i++) this.queued[route].push({ ...fault });
  }

  /** How many injected faults are still waiting for `route`. */
  pending(route: RouteFamily): number {
    return this.queued[route].length;
  }

  /** Takes the fault the next request of `route` must answer with, if any. */
  take(route: RouteFamily): InjectedFault | undefined {
    return this.queued[route].shift();
  }

  /** Back to the settings the tenant started with; queued faults are dropped. */
  reset(): void {
    for (const r of ROUTE_FAMILIES) {
      this.queued[r] = [];
      this.latencyMs[r] = 0;
    }
    this.partialWorkspaces.clear();
    this.truncatedQueries.clear();
    this.quota = { ...AZURE_GRAPH_QUOTA };
    this.apply(this.initial);
  }
}
