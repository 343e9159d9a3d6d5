// The indexed estate behind every answer, rebuilt only when a newer snapshot lands in the store
// (by this replica's discovery or another's).

import type { Config } from '../config/schema.js';
import { Estate } from '../posture/estate.js';
import { type Vocabulary, vocabularyOf } from '../posture/filters.js';
import type { Store } from '../store/index.js';

export interface CurrentEstate {
  snapshotId: number;
  estate: Estate;
  vocabulary: Vocabulary;
}

export class EstateCache {
  private current: CurrentEstate | null = null;
  private loading: Promise<CurrentEstate | null> | null = null;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
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

  private async load(id: number): Promise<CurrentEstate | null> {
    const snapshot = await this.store.snapshots.get(id);
    if (!snapshot) return this.current;
    const estate = new Estate(snapshot, {
      zones: this.config.zones,
      policy: this.config.zones.policy,
      critical: this.config.alerts.critical,
    });
    this.current = { snapshotId: id, estate, vocabulary: vocabularyOf(estate) };
    return this.current;
  }
}
