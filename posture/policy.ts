// The governance table (MISSION.md) as data: defaults per zone that an
// organisation may override in configuration.

import type { Severity, Zone } from './model.js';

export type Cadence = 'continuous' | 'daily' | 'weekly' | 'monthly';
export type Expectation = 'optional' | 'if-applicable' | 'recommended' | 'required-if-applicable' | 'required';

export interface ZonePolicy {
  discovery: Cadence;
  attackPathReview: Cadence;
  recommendationReview: Cadence;
  /** Remediation SLA in hours for each severity; the governance table's "critical" SLA applies to critical findings. */
  slaHours: { critical: number } & Record<Severity, number>;
  multiCloudConnectors: Expectation;
  sentinelIntegration: Expectation;
}

export type GovernancePolicy = Record<Zone, ZonePolicy>;

const DAY = 24;

/** The walkthrough's governance table; SLAs for lower severities are Vigil's defaults. */
export const DEFAULT_POLICY: GovernancePolicy = {
  1: {
    discovery: 'daily',
    attackPathReview: 'monthly',
    recommendationReview: 'monthly',
    slaHours: { critical: 30 * DAY, High: 30 * DAY, Medium: 90 * DAY, Low: 180 * DAY },
    multiCloudConnectors: 'optional',
    sentinelIntegration: 'optional',
  },
  2: {
    discovery: 'daily',
    attackPathReview: 'weekly',
    recommendationReview: 'weekly',
    slaHours: { critical: 14 * DAY, High: 30 * DAY, Medium: 60 * DAY, Low: 120 * DAY },
    multiCloudConnectors: 'if-applicable',
    sentinelIntegration: 'recommended',
  },
  3: {
    discovery: 'continuous',
    attackPathReview: 'daily',
    recommendationReview: 'daily',
    slaHours: { critical: 72, High: 7 * DAY, Medium: 30 * DAY, Low: 60 * DAY },
    multiCloudConnectors: 'required-if-applicable',
    sentinelIntegration: 'required',
  },
};

export const ZONE_NAMES: Record<Zone, string> = { 1: 'Baseline', 2: 'Recommended', 3: 'Regulated' };

/** Minutes between discoveries for a cadence; "continuous" is a few minutes, as Defender refreshes. */
export const CADENCE_MINUTES: Record<Cadence, number> = {
  continuous: 5,
  daily: 24 * 60,
  weekly: 7 * 24 * 60,
  monthly: 30 * 24 * 60,
};

/** One discovery covers every zone, so it runs at the most frequent zone's cadence. */
export function discoveryCadence(policy: GovernancePolicy): Cadence {
  const order: Cadence[] = ['continuous', 'daily', 'weekly', 'monthly'];
  return order.find((c) => Object.values(policy).some((z) => z.discovery === c)) ?? 'daily';
}
