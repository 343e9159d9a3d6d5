// Defender plan pricings per subscription, and secure scores computed from the
// assessments of the moment.

import type { Inventory, SubNode } from './inventory.js';
import { Rng } from './random.js';
import type { PricingWire, SecureScoreWire } from './types.js';

const DAY = 86_400_000;

type Extension = { name: string; isEnabled: 'True' | 'False' };

function pricing(
  sub: SubNode,
  name: string,
  tier: 'Standard' | 'Free',
  enabledMs: number,
  extra: { subPlan?: string; extensions?: Extension[] } = {},
): PricingWire {
  const properties: PricingWire['properties'] = { pricingTier: tier };
  if (extra.subPlan) properties.subPlan = extra.subPlan;
  if (tier === 'Standard') {
    properties.enablementTime = new Date(enabledMs).toISOString();
    properties.freeTrialRemainingTime = 'PT0S';
  } else {
    properties.freeTrialRemainingTime = 'P30D';
  }
  if (extra.extensions) properties.extensions = extra.extensions;
  return {
    id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/pricings/${name}`,
    name,
    type: 'Microsoft.Security/pricings',
    properties,
  };
}

/** Plans per subscription: Defender CSPM on most (not the dev/sandbox ones), AI threat protection on some. */
export function buildPricings(inv: Inventory, seed: number, epochMs: number): Map<string, PricingWire[]> {
  const out = new Map<string, PricingWire[]>();
  const root = Rng.for(seed, 'pricings');
  for (const sub of inv.subs) {
    const r = root.fork(sub.subscriptionId);
    const since = () => epochMs - r.int(30, 500) * DAY - r.int(0, 86_399) * 1000;
    const list: PricingWire[] = [];
    list.push(
      sub.cspm
        ? pricing(sub, 'CloudPosture', 'Standard', since(), {
            extensions: [
              { name: 'SensitiveDataDiscovery', isEnabled: 'True' },
              { name: 'ContainerRegistriesVulnerabilityAssessments', isEnabled: 'True' },
              { name: 'AgentlessVmScanning', isEnabled: 'True' },
              { name: 'AgentlessDiscoveryForKubernetes', isEnabled: 'True' },
              { name: 'EntraPermissionsManagement', isEnabled: r.chance(0.5) ? 'True' : 'False' },
            ],
          })
        : pricing(sub, 'CloudPosture', 'Free', 0),
    );
    const ai = sub.spec.aiPlan;
    list.push(
      ai === 'free'
        ? pricing(sub, 'AI', 'Free', 0)
        : pricing(sub, 'AI', 'Standard', since(), {
            extensions: [
              { name: 'AIPromptEvidence', isEnabled: ai === 'extended' ? 'True' : 'False' },
              { name: 'AIModelScanner', isEnabled: 'True' },
              { name: 'AIPromptSharingWithPurview', isEnabled: ai === 'extended' && r.chance(0.5) ? 'True' : 'False' },
            ],
          }),
    );
    list.push(
      sub.zone === 3
        ? pricing(sub, 'VirtualMachines', 'Free', 0)
        : pricing(sub, 'VirtualMachines', 'Standard', since(), { subPlan: 'P2' }),
    );
    list.push(
      sub.cspm
        ? pricing(sub, 'StorageAccounts', 'Standard', since(), {
            subPlan: 'DefenderForStorageV2',
            extensions: [
              { name: 'OnUploadMalwareScanning', isEnabled: 'True' },
              { name: 'SensitiveDataDiscovery', isEnabled: 'True' },
            ],
          })
        : pricing(sub, 'StorageAccounts', 'Free', 0),
    );
    list.push(
      pricing(
        sub,
        'KeyVaults',
        sub.zone === 1 ? 'Standard' : 'Free',
        since(),
        sub.zone === 1 ? { subPlan: 'PerKeyVault' } : {},
      ),
    );
    out.set(sub.subscriptionId.toLowerCase(), list);
  }
  return out;
}

const SEVERITY_POINTS = { High: 10, Medium: 6, Low: 2 } as const;

export interface ScoreInput {
  subscriptionId: string;
  key: string;
  severity: keyof typeof SEVERITY_POINTS;
  code: 'Healthy' | 'Unhealthy' | 'NotApplicable';
}

/**
 * Secure score per subscription: each recommendation is a control worth points by
 * severity, earned in proportion to its healthy resources (not-applicable ones do not count).
 */
export function buildSecureScores(inv: Inventory, inputs: Iterable<ScoreInput>): Map<string, SecureScoreWire[]> {
  const perSub = new Map<string, Map<string, { points: number; healthy: number; total: number }>>();
  for (const a of inputs) {
    if (a.code === 'NotApplicable') continue;
    const sub = a.subscriptionId.toLowerCase();
    const controls = perSub.get(sub) ?? new Map();
    perSub.set(sub, controls);
    const c = controls.get(a.key) ?? { points: SEVERITY_POINTS[a.severity], healthy: 0, total: 0 };
    c.total++;
    if (a.code === 'Healthy') c.healthy++;
    controls.set(a.key, c);
  }
  const aiCount = new Map<string, number>();
  for (const n of inv.ai)
    aiCount.set(n.app.sub.subscriptionId.toLowerCase(), (aiCount.get(n.app.sub.subscriptionId.toLowerCase()) ?? 0) + 1);
  const out = new Map<string, SecureScoreWire[]>();
  for (const sub of inv.subs) {
    const key = sub.subscriptionId.toLowerCase();
    let max = 0;
    let current = 0;
    for (const c of perSub.get(key)?.values() ?? []) {
      max += c.points;
      current += (c.points * c.healthy) / c.total;
    }
    current = Math.round(current * 100) / 100;
    out.set(key, [
      {
        id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/secureScores/ascScore`,
        name: 'ascScore',
        type: 'Microsoft.Security/secureScores',
        properties: {
          displayName: 'ASC score',
          score: { max, current, percentage: max > 0 ? Math.round((current / max) * 10_000) / 10_000 : 0 },
          weight: aiCount.get(key) ?? 0,
        },
      },
    ]);
  }
  return out;
}
