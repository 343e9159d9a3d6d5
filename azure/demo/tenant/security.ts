// Microsoft.Security as `@azure/arm-security` 5.0.0 calls it: pricings (Defender
// plans) and secure scores of one subscription. Pricings answer in the shape of
// the api-version asked for: 2022-03-01 (what the SDK sends) has no plan
// extensions or enablement time; 2023-01-01 and later do.

import type { DemoEstateView, PricingWire } from '../types.js';
import { armError } from './http.js';

export const PRICINGS_API_VERSIONS = ['2022-03-01', '2023-01-01', '2024-01-01'] as const;
export const SECURE_SCORES_API_VERSIONS = ['2020-01-01'] as const;

export type SecurityRoute = 'pricings' | 'secure-scores';

const ROUTE = /^\/subscriptions\/([^/]+)\/providers\/microsoft\.security\/(pricings|securescores)\/?$/i;

export function matchSecurityRoute(pathname: string): { subscriptionId: string; route: SecurityRoute } | null {
  const m = ROUTE.exec(pathname);
  if (!m?.[1] || !m[2]) return null;
  return {
    subscriptionId: decodeURIComponent(m[1]).toLowerCase(),
    route: m[2].toLowerCase() === 'pricings' ? 'pricings' : 'secure-scores',
  };
}

function checkApiVersion(apiVersion: string | null, supported: readonly string[], type: string): void {
  if (apiVersion === null) {
    throw armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!supported.includes(apiVersion)) {
    throw armError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for API version '${apiVersion}' and type '${type}'. The supported api-versions are '${supported.join(', ')}'.`,
    );
  }
}

function pricingForVersion(p: PricingWire, apiVersion: string): PricingWire {
  if (apiVersion >= '2023-01-01') return p;
  const { extensions: _e, enablementTime: _t, ...older } = p.properties;
  return { ...p, properties: older };
}

export function answerSecurity(
  view: DemoEstateView,
  match: { subscriptionId: string; route: SecurityRoute },
  apiVersion: string | null,
  method: string,
): unknown {
  if (method !== 'GET')
    throw armError(405, 'MethodNotAllowed', `The demo tenant serves Microsoft.Security reads only, not ${method}.`);
  const exists = view.resourceContainers.some(
    (r) =>
      r.type.toLowerCase() === 'microsoft.resources/subscriptions' &&
      r.subscriptionId.toLowerCase() === match.subscriptionId,
  );
  if (!exists) {
    throw armError(404, 'SubscriptionNotFound', `The subscription '${match.subscriptionId}' could not be found.`);
  }
  if (match.route === 'pricings') {
    checkApiVersion(apiVersion, PRICINGS_API_VERSIONS, 'pricings');
    const list = view.pricings.get(match.subscriptionId) ?? [];
    return { value: list.map((p) => pricingForVersion(p, apiVersion ?? '')) };
  }
  checkApiVersion(apiVersion, SECURE_SCORES_API_VERSIONS, 'secureScores');
  return { value: view.secureScores.get(match.subscriptionId) ?? [] };
}
