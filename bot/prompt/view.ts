// What a prompt-anomaly card shows, assembled from the server's records: the anomaly row (figures, state,
// version), the audit log (who did what), the stored prompt volume (the last 24 h, with the expected band
// from the detector replayed over the stored history), the latest snapshot (resource kind, group, region)
// and the conversations Vigil knows (whose copies refresh to their own view, whom an escalation mentions).
// Shared by the outbox renderer (base view) and the card actions (each person's view).

import { z } from 'zod/v4';
import { logsQueries } from '../../azure/queries.js';
import {
  type ChartPoint,
  PROMPT_VERBS,
  type PromptAnomalyCardData,
  type PromptStatusView,
  promptAnomalyCard,
} from '../../cards/prompt-anomaly.js';
import type { AdaptiveCard } from '../../cards/render.js';
import type { Config } from '../../config/schema.js';
import { estatesOf } from '../../jobs/estates.js';
import { scoreSeries } from '../../posture/anomaly.js';
import { KIND_LABELS } from '../../posture/inventory.js';
import type { Actor } from '../../posture/permissions.js';
import { type PromptSubject, promptButtonsFor } from '../../posture/prompt-permissions.js';
import type { AnomalyRecord, AnomalyState, AuditEntry, Store } from '../../store/index.js';
import { whoOf } from '../findings/view.js';
import { logsQueryLink, portalOf } from './links.js';

const BIN_MS = 5 * 60_000;
const HOUR = 3_600_000;
/** The chart: 24 h in 15-minute buckets (96 points a series keeps the card well under Teams' size limit). */
const CHART_MS = 24 * HOUR;
const BUCKET_BINS = 3;
/** History the expected band is replayed over (the detector's baseline needs days, with the weekly rhythm). */
const REPLAY_MS = 8 * 24 * HOUR;
const SOC_IDS_TTL_MS = 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit action that puts an anomaly in each state (the verb that did it). */
const ACTION_OF_STATE: Partial<Record<AnomalyState, string>> = {
  acknowledged: PROMPT_VERBS.ack,
  escalated: PROMPT_VERBS.escalate,
  expected: PROMPT_VERBS.expected,
};

/** The part of a stored personal ConversationReference that names the user. */
const referenceUser = z.object({ user: z.object({ id: z.string().min(1), name: z.string().optional() }) });

export interface PromptCardOptions {
  now: Date;
  /** Whose view: null for the base view every copy shows. */
  viewer: Actor | null;
  notice?: string | null;
  /** The SOC post of an escalation: says who escalated and names the people mentioned. */
  escalation?: boolean;
}

/** A person to @mention in Teams. */
export interface Mention {
  id: string;
  name: string;
}

export interface PromptViews {
  card(anomaly: AnomalyRecord, options: PromptCardOptions): Promise<AdaptiveCard>;
  /** The SOC people Vigil can mention (those with a personal chat with it: Teams ids come from there). */
  socMentions(now: Date): Promise<Mention[]>;
}

export function promptViews({ store, config }: { store: Store; config: Config }): PromptViews {
  const estates = estatesOf(store, config);
  let soc: { at: number; people: Mention[] } | null = null;

  const personOf = async (who: string): Promise<Mention | null> => {
    const conversation = GUID.test(who)
      ? await store.conversations.findPersonal(who)
      : await store.conversations.findPersonalByUpn(who);
    if (!conversation) return null;
    const parsed = referenceUser.safeParse(conversation.reference);
    if (!parsed.success) return null;
    return { id: parsed.data.user.id, name: parsed.data.user.name ?? who };
  };

  const socMentions = async (now: Date): Promise<Mention[]> => {
    if (soc && now.getTime() - soc.at < SOC_IDS_TTL_MS) return soc.people;
    const people: Mention[] = [];
    for (const member of config.roles.soc) {
      if (member.toLowerCase().startsWith('group:')) continue; // group members are not listed without Graph
      const p = await personOf(member);
      if (p && !people.some((x) => x.id === p.id)) people.push(p);
    }
    soc = { at: now.getTime(), people };
    return people;
  };

  const statusOf = async (a: AnomalyRecord, entries: AuditEntry[]): Promise<PromptStatusView> => {
    const action = ACTION_OF_STATE[a.state];
    const last = action ? entries.filter((e) => e.action === action).at(-1) : undefined;
    const fallbackBy =
      a.state === 'acknowledged' ? a.acknowledgedBy : a.state === 'escalated' ? a.escalatedBy : a.expectedBy;
    const fallbackAt = a.state === 'acknowledged' ? a.acknowledgedAt : a.state === 'escalated' ? a.escalatedAt : null;
    return {
      state: a.state,
      by: last ? whoOf(last) : fallbackBy,
      at: last ? new Date(last.at) : fallbackAt ? new Date(fallbackAt) : null,
      until: a.state === 'expected' && a.expectedUntil ? new Date(a.expectedUntil) : null,
      reason: a.state === 'expected' ? a.expectedReason : null,
    };
  };

  /** The last 24 h before the job last looked, in 15-minute buckets, with the detector's band replayed. */
  const chartOf = async (a: AnomalyRecord): Promise<ChartPoint[]> => {
    const end = Date.parse(a.observedThrough);
    const stored = await store.promptVolume.series(a.resourceId, new Date(end - REPLAY_MS), new Date(end));
    if (!stored || stored.binMs !== BIN_MS) return [];
    const t0 = Date.parse(stored.start);
    // The store holds every bin up to the watermark for resources that logged anything; bins it lacks
    // between the first stored one and the end were quiet.
    const counts = new Array<number>(Math.round((end - t0) / BIN_MS)).fill(0);
    stored.counts.forEach((c, i) => {
      if (i < counts.length) counts[i] = c;
    });
    const scored = scoreSeries(t0, BIN_MS, counts);
    const chartStart = end - CHART_MS;
    const points: ChartPoint[] = [];
    for (let t = chartStart; t < end; t += BUCKET_BINS * BIN_MS) {
      let observed: number | null = null;
      let expected = 0;
      let upper = 0;
      for (let b = 0; b < BUCKET_BINS; b++) {
        const i = Math.round((t + b * BIN_MS - t0) / BIN_MS);
        const s = i >= 0 ? scored[i] : undefined;
        if (!s) continue;
        observed = (observed ?? 0) + (s.observed ?? 0);
        expected += s.expected;
        upper += s.upper;
      }
      points.push({ t: new Date(t), observed, expected, upper });
    }
    return points;
  };

  const logsUrl = (a: AnomalyRecord): string | null => {
    const portal = portalOf(config);
    if (!portal) return null;
    // The callers query over the window, with an hour either side for context.
    const start = new Date(Date.parse(a.windowStart) - HOUR);
    const end = new Date(Date.parse(a.windowEnd) + HOUR);
    return logsQueryLink({
      portal,
      tenantId: config.azure.tenantId || config.bot.tenantId,
      scope: a.resourceId,
      query: logsQueries.promptCallers(a.resourceId, new Date(a.windowStart), new Date(a.windowEnd)).text,
      start,
      end,
    });
  };

  return {
    socMentions,
    async card(a, options) {
      const { now } = options;
      const entries = await store.audit.history(String(a.id), 'prompt-anomaly');
      const resource = (await estates.get())?.estate.resource(a.resourceId);
      const refreshUserIds: string[] = [];
      if (a.owner) {
        const owner = await personOf(a.owner);
        if (owner) refreshUserIds.push(owner.id);
      }
      const socPeople = await socMentions(now);
      refreshUserIds.push(...socPeople.map((p) => p.id));
      let escalation: PromptAnomalyCardData['escalation'] = null;
      if (options.escalation) {
        const entry = entries.filter((e) => e.action === PROMPT_VERBS.escalate).at(-1);
        const note = typeof entry?.details.note === 'string' && entry.details.note !== '' ? entry.details.note : null;
        escalation = {
          by: entry ? whoOf(entry) : (a.escalatedBy ?? 'someone'),
          at: entry ? new Date(entry.at) : a.escalatedAt ? new Date(a.escalatedAt) : now,
          note,
          mentions: socPeople.map((p) => p.name),
        };
      }
      const subject: PromptSubject = { owner: a.owner, state: a.state };
      return promptAnomalyCard({
        anomalyId: a.id,
        version: a.version,
        kind: a.kind,
        resourceName: a.resourceName,
        resourceDetail: resource
          ? [KIND_LABELS[resource.resource.kind], resource.resource.resourceGroup, resource.resource.location]
              .filter((s) => s)
              .join(' · ')
          : null,
        zone: a.zone,
        owner: a.owner,
        windowStart: new Date(a.windowStart),
        windowEnd: new Date(a.windowEnd),
        active: a.active,
        observed: a.observed,
        expected: a.expected,
        bins: a.bins,
        peak: a.peak,
        peakExpected: a.peakExpected,
        maxScore: a.maxScore,
        alerts: a.alerts,
        chart: await chartOf(a),
        bucketMinutes: (BUCKET_BINS * BIN_MS) / 60_000,
        callers: a.kind === 'drop' ? [] : a.callers,
        logsUrl: logsUrl(a),
        status: await statusOf(a, entries),
        escalation,
        refreshUserIds: [...new Set(refreshUserIds)],
        buttons: options.viewer ? promptButtonsFor(options.viewer, subject) : null,
        notice: options.notice ?? null,
        now,
        timeZone: config.timeZone,
      });
    },
  };
}
