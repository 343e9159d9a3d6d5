// Drift, per zone on its discovery cadence: compare the newest snapshot with the one this zone's previous
// drift run looked at — new AI resources, removed ones, risky changes (public network access on, local auth
// re-enabled, a new model deployment) — and post a drift card to the zone's channels. The watermark (the
// snapshot compared last) and the outbox rows commit together, so a change is reported once.

import type { Logger } from 'pino';
import { driftCard } from '../cards/drift.js';
import type { Config } from '../config/schema.js';
import { detectDrift, driftByZone } from '../posture/drift.js';
import type { Estate } from '../posture/estate.js';
import type { Zone } from '../posture/model.js';
import type { JsonObject, Store } from '../store/index.js';
import { estateOf, estatesOf } from './estates.js';
import { driftJobName } from './names.js';
import type { Job } from './runner.js';
import { zoneChannels } from './shared.js';

export interface DriftDeps {
  store: Store;
  config: Config;
  logger: Logger;
}

export interface DriftResult {
  before: number | null;
  after: number | null;
  changes: number;
  risky: number;
  cards: number;
  skipped?: string;
}

export const driftWatermark = (zone: Zone): string => `drift.zone-${zone}.snapshot`;

/** The three zones' drift jobs share one small cache of older estates by snapshot id (each is costly to build). */
export function driftJobs(deps: DriftDeps): Job<DriftResult>[] {
  const shared = estatesOf(deps.store, deps.config);
  const cache = new Map<number, Estate>();
  const estate = async (id: number): Promise<Estate | null> => {
    // The newest snapshot's Estate is the one everything else uses: take it from the shared cache.
    const current = await shared.get();
    if (current?.snapshotId === id) return current.estate;
    const hit = cache.get(id);
    if (hit) return hit;
    const snapshot = await deps.store.snapshots.get(id);
    if (!snapshot) return null;
    const built = estateOf(snapshot, deps.config);
    cache.set(id, built);
    while (cache.size > 3) cache.delete(cache.keys().next().value as number);
    return built;
  };
  return ([1, 2, 3] as Zone[]).map((zone) => driftJob(zone, deps, estate));
}

function driftJob(zone: Zone, deps: DriftDeps, estate: (id: number) => Promise<Estate | null>): Job<DriftResult> {
  const name = driftJobName(zone);
  return {
    name,
    summarize: (r) => ({ ...r }),
    async run(slot) {
      const log = deps.logger.child({ job: name, slot: slot.toISOString() });
      const none = { before: null, after: null, changes: 0, risky: 0, cards: 0 };
      const kept = await deps.store.snapshots.list(200);
      const latest = kept[0];
      if (!latest) return { ...none, skipped: 'no discovery yet' };
      const mark = await deps.store.watermarks.get(driftWatermark(zone));
      const lastId = mark === null ? null : Number(mark);
      if (lastId === null) {
        // The first run sets the baseline: drift is about change, and there is nothing to compare with yet.
        await deps.store.watermarks.set(driftWatermark(zone), String(latest.id));
        return { ...none, after: latest.id, skipped: 'baseline set' };
      }
      if (lastId >= latest.id) return { ...none, before: lastId, after: latest.id, skipped: 'no new discovery' };
      // The snapshot compared last may have been pruned: take the oldest kept one after it.
      const base = [...kept].reverse().find((s) => s.id >= lastId && s.id < latest.id);
      const [before, after] = base ? [await estate(base.id), await estate(latest.id)] : [null, null];
      if (!base || !before || !after) {
        await deps.store.watermarks.set(driftWatermark(zone), String(latest.id));
        return { ...none, after: latest.id, skipped: 'previous snapshot gone' };
      }
      const drift = driftByZone(detectDrift(before, after)).find((z) => z.zone === zone);
      const channels = drift ? await zoneChannels(deps.store, deps.config, 'drift', zone, log) : [];
      const cards = await deps.store.transaction(async (tx) => {
        let n = 0;
        if (drift) {
          const card = driftCard({
            drift,
            now: slot,
            timeZone: deps.config.timeZone,
            demo: deps.config.mode === 'demo',
          }) as unknown as JsonObject;
          for (const c of channels) {
            const r = await tx.outbox.enqueue({
              dedupeKey: `drift:zone-${zone}:${base.id}-${latest.id}:${c}`,
              conversationId: c,
              kind: 'send',
              payload: { render: 'card', card },
            });
            if (r.created) n++;
          }
        }
        await tx.watermarks.set(driftWatermark(zone), String(latest.id));
        return n;
      });
      const result = {
        before: base.id,
        after: latest.id,
        changes: drift?.changes.length ?? 0,
        risky: drift ? drift.counts.risky : 0,
        cards,
      };
      log.info(result, 'drift checked');
      return result;
    },
  };
}
