// Planted inventory drift. The findings clock (timeline.ts) already changes configuration as findings come
// and go (API keys re-enabled, public access turned on, network rules opened, a canary deployment), but it
// never creates or deletes an AI resource. So at fixed offsets after the epoch, whatever the seed or scale,
// a research sandbox (zone 1) gets a short-lived proof-of-concept Azure OpenAI account — public, with API
// keys on and a model deployed without a content filter — which is torn down a few hours later.

import { AI_ACCOUNT_TYPE, AI_DEPLOYMENT_TYPE } from '../queries.js';
import { providerPath } from './build-context.js';
import { model } from './catalog.js';
import { BASE_SUBSCRIPTIONS } from './layout.js';
import { ownersOf } from './people.js';
import { hashString } from './random.js';
import type { ArgRow, DemoEstate } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** When the proof-of-concept account appears and when it is deleted, after the epoch. */
export const PLANTED_ADDED_AFTER_MS = 90 * MINUTE;
export const PLANTED_REMOVED_AFTER_MS = 6 * HOUR;

/** The research sandbox subscription (zone 1) in BASE_SUBSCRIPTIONS; every scale has it at this index. */
export const RESEARCH_SUB = BASE_SUBSCRIPTIONS.findIndex((s) => s.businessUnit === 'rsch');
const RG = 'rg-research-ai-sandbox';
const NAME = 'oai-rsch-poc-eus2';
const DEPLOYMENT = model('gpt-4.1');

export interface DemoDriftEvent {
  at: Date;
  kind: 'resource-added' | 'resource-removed';
  /** ARM id as the demo serves it (mixed case). */
  resourceId: string;
  name: string;
  zone: 1 | 2 | 3;
}

/** The planted drift events of an estate, in time order (for tests and the demo script). */
export function demoDriftEvents(estate: Pick<DemoEstate, 'epoch' | 'subscriptions'>): DemoDriftEvent[] {
  const sub = estate.subscriptions[RESEARCH_SUB];
  if (!sub) return [];
  const resourceId = providerPath(sub.subscriptionId, RG, 'Microsoft.CognitiveServices', `accounts/${NAME}`);
  const epochMs = estate.epoch.getTime();
  const event = (kind: DemoDriftEvent['kind'], afterMs: number): DemoDriftEvent => ({
    at: new Date(epochMs + afterMs),
    kind,
    resourceId,
    name: NAME,
    zone: sub.zone,
  });
  return [event('resource-added', PLANTED_ADDED_AFTER_MS), event('resource-removed', PLANTED_REMOVED_AFTER_MS)];
}

export interface PlantedDrift {
  /** The resource rows as of `nowMs`: `base` itself outside the planted window. */
  resourcesAt(base: readonly ArgRow[], nowMs: number): readonly ArgRow[];
}

export function plantDrift(
  tenantId: string,
  subscriptionId: string,
  costCenter: string,
  epochMs: number,
): PlantedDrift {
  const addedMs = epochMs + PLANTED_ADDED_AFTER_MS;
  const removedMs = epochMs + PLANTED_REMOVED_AFTER_MS;
  const id = providerPath(subscriptionId, RG, 'Microsoft.CognitiveServices', `accounts/${NAME}`);
  const created = new Date(addedMs - 4 * MINUTE).toISOString();
  const owner = ownersOf('rsch')[0]?.upn;
  const rows: ArgRow[] = [
    {
      id,
      name: NAME,
      type: AI_ACCOUNT_TYPE,
      kind: 'OpenAI',
      tenantId,
      subscriptionId,
      resourceGroup: RG,
      location: 'eastus2',
      tags: { environment: 'Sandbox', costCenter, app: 'rsch-poc', ...(owner ? { owner } : {}) },
      identity: null,
      sku: { name: 'S0' },
      properties: {
        provisioningState: 'Succeeded',
        customSubDomainName: NAME,
        endpoint: `https://${NAME}.openai.azure.com/`,
        endpoints: { 'OpenAI Language Model Instance API': `https://${NAME}.openai.azure.com/` },
        publicNetworkAccess: 'Enabled',
        disableLocalAuth: false,
        networkAcls: { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
        privateEndpointConnections: [],
        encryption: { keySource: 'Microsoft.CognitiveServices' },
        restrictOutboundNetworkAccess: false,
        dateCreated: created,
        internalId: hashString(id).toString(16).padStart(8, '0').repeat(4),
        isMigrated: false,
      },
    },
    {
      id: `${id}/deployments/${DEPLOYMENT.name}`,
      name: DEPLOYMENT.name,
      type: AI_DEPLOYMENT_TYPE,
      tenantId,
      subscriptionId,
      resourceGroup: RG,
      location: 'eastus2',
      sku: { name: 'GlobalStandard', capacity: 10 },
      properties: {
        provisioningState: 'Succeeded',
        model: { format: DEPLOYMENT.format, name: DEPLOYMENT.name, version: DEPLOYMENT.version },
        versionUpgradeOption: 'OnceNewDefaultVersionAvailable',
        currentCapacity: 10,
        createdAt: created,
      },
    },
  ];
  // at() is called often: build each base's planted copy once.
  const withRows = new WeakMap<readonly ArgRow[], readonly ArgRow[]>();
  return {
    resourcesAt(base, nowMs) {
      if (nowMs < addedMs || nowMs >= removedMs) return base;
      let out = withRows.get(base);
      if (!out) {
        out = [...base, ...rows];
        withRows.set(base, out);
      }
      return out;
    },
  };
}
