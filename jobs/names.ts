// The names of Vigil's jobs: what the ledger, `jobs list`, `run <job>` and the `jobs` config key use.

import type { Zone } from '../posture/model.js';

export type ReviewKind = 'attack-paths' | 'recommendations';
export const REVIEW_KINDS: readonly ReviewKind[] = ['attack-paths', 'recommendations'];
const ZONES: readonly Zone[] = [1, 2, 3];

export const reviewJobName = (kind: ReviewKind, zone: Zone): string =>
  `${kind === 'attack-paths' ? 'attack-path' : 'recommendation'}-review-zone-${zone}`;

export const driftJobName = (zone: Zone): string => `drift-zone-${zone}`;

export const JOB_NAMES: readonly string[] = [
  'discovery',
  'findings-poll',
  'prompt-volume',
  'sla-sweep',
  'digest',
  ...ZONES.map(driftJobName),
  ...REVIEW_KINDS.flatMap((k) => ZONES.map((z) => reviewJobName(k, z))),
];
