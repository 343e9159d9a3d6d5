// The demo tenant's credential: the only credential difference between demo and
// production. The server checks that a bearer token is present, not what it says.
import type { AccessToken, TokenCredential } from '@azure/core-auth';

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
