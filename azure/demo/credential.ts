// The demo tenant's credential: the only credential difference between demo and
// production. The server checks that a bearer token is present, not what it says.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AzureSourcesOptions } from '../sources.js';
import type { DemoTenant } from './server.js';
import type { DemoEstate } from './types.js';

export const DEMO_TOKEN = 'vigil-demo-token';

/** A TokenCredential that hands out a static opaque token that never expires (in practice). */
export function createDemoCredential(token: string = DEMO_TOKEN): TokenCredential {
  const far = Date.UTC(2999, 0, 1);
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: far, tokenType: 'Bearer' };
    },
  };
}

/** How the Azure sources reach a demo tenant: the demo credential, its endpoints and CA, the estate's subscriptions. */
export function demoTenantAccess(
  tenant: Pick<DemoTenant, 'url' | 'caPem'>,
  estate: Pick<DemoEstate, 'subscriptions'>,
): Pick<AzureSourcesOptions, 'credential' | 'endpoints' | 'tlsCa' | 'subscriptions' | 'managementGroup'> {
  return {
    credential: createDemoCredential(),
    endpoints: { resourceManager: tenant.url, logAnalytics: `${tenant.url}/v1` },
    tlsCa: tenant.caPem,
    subscriptions: estate.subscriptions.map((s) => s.subscriptionId),
    managementGroup: null,
  };
}
