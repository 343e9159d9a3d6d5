// The leader digest: runs every 15 minutes and sends each subscriber's digest once their own clock has passed
// the configured day and time (weekly, or daily for the configured zones). Leaders named in configuration
// get the weekly one unless they unsubscribed. One digest per person per period: the outbox dedupe key is
// the conversation and the scheduled instant, so re-runs, catch-up and replicas never send it twice.

import type { Logger } from 'pino';
import { digestCard } from '../cards/digest.js';
import { freshnessText } from '../cards/parts.js';
import type { Config } from '../config/schema.js';
import { weekdayNumber } from '../config/schema.js';
import { computeDigest, type Digest, digestScore, type ScorePoint } from '../posture/digest.js';
import type { Estate } from '../posture/estate.js';
import { formatAsOf } from '../posture/text.js';
import { parseClockTime } from '../posture/wallclock.js';
import type { ConversationId, DigestCadence, JsonObject, Store } from '../store/index.js';
import { type CronSchedule, latestSlot } from './cron.js';
import { estateOf, estatesOf } from './estates.js';
import type { Job } from './runner.js';
import { leaderChats } from './shared.js';

export const DIGEST_JOB = 'digest';
const DAY = 86_400_000;
/** Trend points on the chart: at most this many snapshots over the period. */
const TREND_POINTS = 8;

export interface DigestDeps {
  store: Store;
  config: Config;
  logger: Logger;
}

export interface DigestResult {
  subscribers: number;
  sent: number;
  skipped?: string;
}

export interface DigestRecipient {
  conversationId: ConversationId;
  cadence: Exclude<DigestCadence, 'off'>;
  timeZone: string;
}

/** Explicit subscriptions, plus configured leaders (weekly, in Vigil's time zone) who made no choice. */
export async function digestRecipients(store: Store, config: Config): Promise<DigestRecipient[]> {
  const chosen = await store.digests.list();
  const byConversation = new Map(chosen.map((s) => [s.conversationId as string, s]));
  const out: DigestRecipient[] = [];
  for (const s of chosen) {
    if (s.cadence !== 'off') out.push({ conversationId: s.conversationId, cadence: s.cadence, timeZone: s.timeZone });
  }
  for (const l of await leaderChats(store, config)) {
    // Leaders by role get the weekly digest by default (zone leaders alone do not).
    if (l.leader && !byConversation.has(l.conversationId)) {
      out.push({ conversationId: l.conversationId, cadence: 'weekly', timeZone: config.timeZone });
    }
  }
  return out;
}

/** When a recipient's digests are due: their own clock, the configured time (and day, for weekly ones). */
export function digestSchedule(config: Config, r: Pick<DigestRecipient, 'cadence' | 'timeZone'>): CronSchedule {
  const at = parseClockTime(config.governance.digestAt) ?? 8 * 60;
  const [h, m] = [Math.floor(at / 60), at % 60];
  const day = r.cadence === 'weekly' ? String(weekdayNumber(config.governance.digestWeekday)) : '*';
  return { cron: `${m} ${h} * * ${day}`, timeZone: r.timeZone };
}

export const digestKey = (conversation: string, slot: Date): string => `digest:${conversation}:${slot.toISOString()}`;

export function digestJob(deps: DigestDeps): Job<DigestResult> {
  const estates = estatesOf(deps.store, deps.config);
  return {
    name: DIGEST_JOB,
    summarize: (r) => ({ ...r }),
    async run(now) {
      const log = deps.logger.child({ job: DIGEST_JOB, slot: now.toISOString() });
      const recipients = await digestRecipients(deps.store, deps.config);
      const due: { r: DigestRecipient; slot: Date }[] = [];
      for (const r of recipients) {
        const length = r.cadence === 'weekly' ? 7 * DAY : DAY;
        const slot = latestSlot(digestSchedule(deps.config, r), now, new Date(now.getTime() - length), 8);
        // Only the current period: a digest more than a period late is stale, the next one is what helps.
        if (slot && !(await deps.store.outbox.getByDedupeKey(digestKey(r.conversationId, slot)))) due.push({ r, slot });
      }
      if (due.length === 0) return { subscribers: recipients.length, sent: 0 };
      const estate = await estates.estate();
      if (!estate) return { subscribers: recipients.length, sent: 0, skipped: 'no discovery yet' };

      const digests = new Map<string, Digest>();
      let sent = 0;
      for (const { r, slot } of due) {
        const length = r.cadence === 'weekly' ? 7 * DAY : DAY;
        const key = `${r.cadence}:${slot.toISOString()}`;
        let digest = digests.get(key);
        if (!digest) {
          digest = await buildDigest(
            deps,
            estate,
            { start: new Date(slot.getTime() - length), end: slot },
            now,
            r.cadence,
          );
          digests.set(key, digest);
        }
        const card = digestCard({
          digest,
          cadence: r.cadence,
          timeZone: r.timeZone,
          freshness: freshnessText(formatAsOf(estate.takenAt, r.timeZone, now), deps.config.mode === 'demo'),
        });
        const q = await deps.store.outbox.enqueue({
          dedupeKey: digestKey(r.conversationId, slot),
          conversationId: r.conversationId,
          kind: 'send',
          payload: { render: 'card', card: card as unknown as JsonObject },
        });
        if (q.created) sent++;
      }
      log.info({ subscribers: recipients.length, sent }, 'digests queued');
      return { subscribers: recipients.length, sent };
    },
  };
}

/** The digest of one period from the store: the estate at its start, occurrences, anomalies, score trend. */
export async function buildDigest(
  deps: DigestDeps,
  current: Estate,
  period: { start: Date; end: Date },
  now: Date,
  cadence: Exclude<DigestCadence, 'off'>,
): Promise<Digest> {
  const kept = await deps.store.snapshots.list(200);
  // Oldest first; the baseline is the newest snapshot taken at or before the period's start (else the oldest).
  const ascending = [...kept].reverse();
  const baseInfo = [...ascending].reverse().find((s) => s.takenAt <= period.start.toISOString()) ?? ascending[0];
  const estates = new Map<number, Estate>();
  const newest = await estatesOf(deps.store, deps.config).get();
  if (newest) estates.set(newest.snapshotId, newest.estate);
  const load = async (id: number): Promise<Estate | null> => {
    const hit = estates.get(id);
    if (hit) return hit;
    const snapshot = await deps.store.snapshots.get(id);
    if (!snapshot) return null;
    const e = estateOf(snapshot, deps.config);
    estates.set(id, e);
    return e;
  };
  const previous = baseInfo && baseInfo.takenAt < current.takenAt.toISOString() ? await load(baseInfo.id) : null;
  const inPeriod = ascending.filter((s) => s.takenAt >= period.start.toISOString() && s.takenAt <= now.toISOString());
  const step = Math.max(1, Math.ceil(inPeriod.length / TREND_POINTS));
  const trend: ScorePoint[] = [];
  for (let i = 0; i < inPeriod.length; i += step) {
    const info = inPeriod[i];
    const e = info ? await load(info.id) : null;
    if (info && e) trend.push({ at: info.takenAt, ...digestScore(e) });
  }
  return computeDigest({
    now,
    period,
    current,
    previous,
    scoreTrend: trend,
    occurrences: await deps.store.findings.listActiveSince(period.start),
    anomalies: await deps.store.anomalies.listOverlapping(period.start, period.end),
    zones: cadence === 'daily' ? deps.config.governance.dailyDigestZones : undefined,
  });
}
