// The contract between the demo estate generator (estate.ts) and the HTTPS
// server that serves it in Azure's wire formats (server.ts). Rows are raw
// Azure shapes: what Resource Graph, Microsoft.Security and Log Analytics return.

/** One row of a Resource Graph table (`resources`, `resourcecontainers`, `securityresources`). */
export interface ArgRow {
  id: string;
  name: string;
  type: string;
  tenantId: string;
  subscriptionId: string;
  kind?: string;
  location?: string;
  resourceGroup?: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown> | null;
  sku?: Record<string, unknown> | null;
  properties: Record<string, unknown>;
}

/** A pricing (Defender plan) as returned by Microsoft.Security/pricings. */
export interface PricingWire {
  id: string;
  name: string;
  type: 'Microsoft.Security/pricings';
  properties: {
    pricingTier: 'Standard' | 'Free';
    subPlan?: string;
    enablementTime?: string;
    freeTrialRemainingTime?: string;
    extensions?: { name: string; isEnabled: 'True' | 'False' }[];
  };
}

/** A secure score as returned by Microsoft.Security/secureScores. */
export interface SecureScoreWire {
  id: string;
  name: string;
  type: 'Microsoft.Security/secureScores';
  properties: {
    displayName: string;
    score: { max: number; current: number; percentage: number };
    weight: number;
  };
}

export interface DemoPerson {
  objectId: string;
  upn: string;
  displayName: string;
  /** What the person does in the demo story (used by demo config for roles). */
  persona: 'soc' | 'owner' | 'leader' | 'admin';
}

export interface DemoSubscription {
  subscriptionId: string;
  displayName: string;
  zone: 1 | 2 | 3;
  /** Defender CSPM (CloudPosture Standard) enabled; some are not so readiness has something to say. */
  cspm: boolean;
}

export interface DemoWorkspace {
  /** Workspace (customer) id: the GUID LogsQueryClient is called with. */
  customerId: string;
  resourceId: string;
  name: string;
  subscriptionId: string;
}

export interface PromptCallerRow {
  callerIp: string;
  objectId: string | null;
  operation: string;
  deployment: string;
  requests: number;
}

/** A surprise planted in the request logs, with its label (for tests and the detector evaluation). */
export interface PlantedAnomaly {
  resourceId: string;
  start: string;
  end: string;
  kind: 'spike' | 'ramp' | 'level-shift' | 'outage';
}

/** The estate as it is at one instant. */
export interface DemoEstateView {
  now: Date;
  tenantId: string;
  resourceContainers: readonly ArgRow[];
  resources: readonly ArgRow[];
  /** Assessments, governance assignments and attack paths as of `now`. */
  securityResources: readonly ArgRow[];
  /** Keyed by lower-case subscription id. */
  pricings: ReadonlyMap<string, readonly PricingWire[]>;
  /** Keyed by lower-case subscription id. */
  secureScores: ReadonlyMap<string, readonly SecureScoreWire[]>;
  workspaces: readonly DemoWorkspace[];
  /** Workspace customer id (lower-case) → lower-case resource ids whose request logs land there. */
  workspaceResources: ReadonlyMap<string, readonly string[]>;
  /** Prompt operations logged for a resource in the 5-minute bin starting at binStartMs; 0 outside the logged history or after now. */
  promptCount(resourceId: string, binStartMs: number): number;
  /** Callers of one resource over [startMs, endMs), most requests first. */
  promptCallers(resourceId: string, startMs: number, endMs: number): PromptCallerRow[];
}

export interface DemoEstate {
  seed: number;
  scale: number;
  /** Start of the demo: 8 days of logs precede it, and the estate evolves after it. */
  epoch: Date;
  tenantId: string;
  people: readonly DemoPerson[];
  subscriptions: readonly DemoSubscription[];
  anomalies: readonly PlantedAnomaly[];
  at(now: Date): DemoEstateView;
}

export interface DemoEstateOptions {
  seed?: number;
  scale?: number;
  epoch?: Date;
}
