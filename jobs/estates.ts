// The indexed estate behind every answer, card and job, rebuilt only when a newer snapshot lands in the store
// (by this replica's discovery or another's). One cache per store and configuration, shared by the bot, the
// renderers and every job, so a process holds (and builds) the newest Estate once, not once per user of it.

import { Estate, type GovernanceSettings } from '../posture/estate.js';
import { type Vocabulary, vocabularyOf } from '../posture/filters.js';
import type { Snapshot } from '../posture/model.js';
import type { GovernancePolicy } from '../posture/policy.js';
import type { CriticalRule } from '../posture/sla.js';
import type { Store } from '../store/index.js';

export interface CurrentEstate {
  snapshotId: number;
  estate: Estate;
  vocabulary: Vocabulary;
}

/** The configuration an Estate is built with (Vigil's Config satisfies it). */
export interface EstateSettingsSource {
  zones: GovernanceSettings['zones'] & { policy: GovernancePolicy };
  alerts: { critical: CriticalRule };
}

const estateSettings = (config: EstateSettingsSource): GovernanceSettings => ({
  zones: config.zones,
  policy: config.zones.policy,
  critical: config.alerts.critical,
});

/** An Estate of any snapshot under this configuration (the shared cache holds only the newest). */
export const estateOf = (snapshot: Snapshot, config: EstateSettingsSource): Estate =>
  new Estate(snapshot, estateSettings(config));

export class EstateCache {
  private current: CurrentEstate | null = null;
  private loading: Promise<CurrentEstate | null> | null = null;

  constructor(
    private readonly store: Store,
    private readonly config: EstateSettingsSource,
  ) {}

  /** The newest snapshot, indexed; null before the first discovery. */
  async get(): Promise<CurrentEstate | null> {
    const [latest] = await this.store.snapshots.list(1);
    if (!latest) return null;
    if (this.current?.snapshotId === latest.id) return this.current;
    this.loading ??= this.load(latest.id).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The newest Estate alone, or null before the first discovery. */
  async estate(): Promise<Estate | null> {
    return (await this.get())?.estate ?? null;
  }

  private async load(id: number): Promise<CurrentEstate | null> {
    const snapshot = await this.store.snapshots.get(id);
    if (!snapshot) return this.current;
    const estate = estateOf(snapshot, this.config);
    this.current = { snapshotId: id, estate, vocabulary: vocabularyOf(estate) };
    return this.current;
  }
}

const caches = new WeakMap<Store, WeakMap<EstateSettingsSource, EstateCache>>();

/** The one EstateCache of this store under this configuration. */
export function estatesOf(store: Store, config: EstateSettingsSource): EstateCache {
  let byConfig = caches.get(store);
  if (!byConfig) {
    byConfig = new WeakMap();
    caches.set(store, byConfig);
  }
  let cache = byConfig.get(config);
  if (!cache) {
    cache = new EstateCache(store, config);
    byConfig.set(config, cache);
  }
  return cache;
}
