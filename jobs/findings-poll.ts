// The findings poll: every few minutes, ask Defender (through Resource Graph) which AI assessments changed
// since the watermark, record each unhealthy one as an occurrence, and queue one alert per routed
// conversation for the new ones; close the occurrences Defender now reports Healthy and queue updates for
// their cards. All store writes of a cycle, the outbox rows and the watermark commit together, so a crash,
// a restart or a second replica re-running the cycle finds the occurrences known and queues nothing twice.

import type { Logger } from 'pino';
import type { AzureSources } from '../azure/sources.js';
import type { Config } from '../config/schema.js';
import {
  type AlertCandidate,
  type ChannelRoute,
  DEFAULT_ROUTE_FILTER,
  type JudgedFinding,
  judgeFinding,
  occurrenceKey,
  parseRouteFilter,
  planDeliveries,
  pollEveryMinutes,
  unhealthySinceOf,
} from '../posture/alerting.js';
import type { Estate } from '../posture/estate.js';
import type { Finding } from '../posture/model.js';
import {
  alertDedupeKey,
  conversationId,
  enqueueFindingCardUpdates,
  type FindingPatch,
  type FindingRecord,
  type FindingState,
  type OutboxPayload,
  type Store,
} from '../store/index.js';
import { estatesOf } from './estates.js';
import type { Job } from './runner.js';
import type { Schedule } from './scheduler.js';
import { knownDefaultChannel } from './shared.js';

export const FINDINGS_POLL_JOB = 'findings-poll';
/** The watermark: the newest `statusChangeDate` a cycle has fully processed. */
export const FINDINGS_WATERMARK = 'findings.statusChangeDate';
/**
 * Each poll reaches back this far before the watermark: Defender can stamp a statusChangeDate that is
 * older than the moment the change becomes visible in Resource Graph. Occurrence keys make the overlap free.
 */
export const WATERMARK_OVERLAP_MS = 15 * 60_000;
/**
 * The first poll (no watermark yet) looks back one day. Older findings are not alerted: they are in the
 * snapshot, and `findings` / `overdue` answer for them.
 */
export const FIRST_POLL_LOOKBACK_MS = 24 * 3_600_000;

/** States in which nobody needs telling that a finding turned critical: it is closed or judged already. */
const SETTLED: readonly FindingState[] = ['resolved', 'risk-accepted', 'false-positive'];

const ACTOR = { id: `job:${FINDINGS_POLL_JOB}`, name: 'Vigil (from Defender for Cloud)' };

export interface FindingsPollDeps {
  sources: Pick<AzureSources, 'loadAssessments'>;
  store: Store;
  config: Config;
  logger: Logger;
}

export interface FindingsPollResult {
  since: string;
  /** The watermark after the cycle (unchanged when the poll was incomplete). */
  watermark: string | null;
  polled: number;
  newOccurrences: number;
  newCritical: number;
  /** Occurrences closed: resolved (Healthy, NotApplicable) or risk-accepted (exempted in Defender). */
  resolved: number;
  /** Outbox rows created: alert cards, summaries, card updates. */
  cards: number;
  summaries: number;
  updates: number;
  issues: number;
}

export function findingsPollJob(deps: FindingsPollDeps): Job<FindingsPollResult> {
  const estates = estatesOf(deps.store, deps.config);
  return {
    name: FINDINGS_POLL_JOB,
    run: (now) => pollFindings(deps, now, () => estates.estate()),
    summarize: (r) => ({ ...r }),
  };
}

/** The schedule: the shortest interval any zone asks for, in the configured time zone. */
export function findingsPollSchedule(config: Config, job: Job<FindingsPollResult>): Schedule<FindingsPollResult> {
  return { job, cron: pollCron(pollEveryMinutes(config.alerts)), timeZone: config.timeZone };
}

/** Cron for "every N minutes": N under an hour divides the hour; longer intervals run on whole hours. */
export function pollCron(minutes: number): string {
  if (minutes < 60) return `*/${Math.max(1, Math.trunc(minutes))} * * * *`;
  const hours = Math.min(24, Math.floor(minutes / 60));
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}

async function pollFindings(
  deps: FindingsPollDeps,
  now: Date,
  estateOf: () => Promise<Estate | null>,
): Promise<FindingsPollResult> {
  const { store, config } = deps;
  const log = deps.logger.child({ job: FINDINGS_POLL_JOB, slot: now.toISOString() });
  const watermark = await store.watermarks.get(FINDINGS_WATERMARK);
  const since = new Date(
    watermark === null ? now.getTime() - FIRST_POLL_LOOKBACK_MS : new Date(watermark).getTime() - WATERMARK_OVERLAP_MS,
  );

  // Throws SourcesUnavailableError when Resource Graph could not be asked: the run fails, the watermark stays.
  const { findings, issues } = await deps.sources.loadAssessments(since);
  const estate = await estateOf();
  const settings = { defaultZone: config.zones.default, policy: config.zones.policy, critical: config.alerts.critical };

  const unhealthy: JudgedFinding[] = [];
  const closed: Finding[] = [];
  for (const f of byStatusChange(findings)) {
    if (f.status === 'Unhealthy' && f.cause !== 'Exempt') unhealthy.push(judgeFinding(f, estate, settings, now));
    else if (f.status === 'Healthy' || f.status === 'NotApplicable' || f.cause === 'Exempt') closed.push(f);
  }
  const routes = await findingRoutes(store, config, log);

  const outcome = await store.transaction(async (tx) => {
    const counts = { newOccurrences: 0, newCritical: 0, resolved: 0, cards: 0, summaries: 0, updates: 0 };
    const candidates: { candidate: AlertCandidate; judged: JudgedFinding }[] = [];

    for (const j of unhealthy) {
      const key = occurrenceKey(j.finding.id, j.unhealthySince);
      const before = await tx.findings.getByOccurrenceKey(key);
      const { isNew, finding } = await tx.findings.upsertOccurrence({
        occurrenceKey: key,
        assessmentId: j.finding.id,
        key: j.finding.key,
        resourceId: j.finding.resourceId,
        resourceName: j.finding.resourceName,
        displayName: j.finding.displayName,
        severity: j.finding.severity,
        zone: j.zone,
        owner: j.owner,
        unhealthySince: j.unhealthySince,
        dueAt: j.dueAt,
        critical: j.critical,
      });
      if (isNew) {
        counts.newOccurrences++;
        if (finding.critical) counts.newCritical++;
        await tx.audit.append({
          actor: ACTOR,
          action: 'finding.detected',
          subject: { type: 'finding', id: String(finding.id) },
          details: { occurrenceKey: key, severity: finding.severity, zone: finding.zone, critical: finding.critical },
          source: `job:${FINDINGS_POLL_JOB}@${now.toISOString()}`,
        });
        // It came back without the poll seeing it healthy in between: the older occurrence did end.
        const ended = await closeOccurrences(tx, j.finding.id, {
          before: j.unhealthySince ?? now.toISOString(),
          except: finding.id,
          state: 'resolved',
          now,
        });
        counts.resolved += ended.resolved;
        counts.updates += ended.updates;
      }
      // A new occurrence alerts; so does a known one that has just become critical while still being worked
      // on (channels that already hold its card are spared by the alert's dedupe key).
      const escalated =
        !isNew && before !== null && !before.critical && finding.critical && !SETTLED.includes(finding.state);
      if (isNew || escalated) {
        candidates.push({
          candidate: {
            findingId: finding.id,
            zone: finding.zone,
            severity: finding.severity,
            critical: finding.critical,
          },
          judged: j,
        });
      }
    }

    for (const f of closed) {
      const exempt = f.cause === 'Exempt';
      const at = unhealthySinceOf(f) ?? now.toISOString();
      const ended = await closeOccurrences(tx, f.id, {
        before: at,
        state: exempt ? 'risk-accepted' : 'resolved',
        justification: exempt ? (f.description ?? 'Exempted in Defender for Cloud') : undefined,
        now,
      });
      counts.resolved += ended.resolved;
      counts.updates += ended.updates;
    }

    candidates.sort((a, b) => urgency(a.judged, b.judged));
    const personal = new Map<number, string>();
    for (const { candidate, judged } of candidates) {
      if (!candidate.critical || judged.owner === null) continue;
      const chat = await tx.conversations.findPersonalByUpn(judged.owner);
      if (chat) personal.set(candidate.findingId, chat.conversationId);
    }
    const plan = planDeliveries({
      candidates: candidates.map((c) => c.candidate),
      routes,
      personal,
      maxCardsPerCycle: config.alerts.maxCardsPerCycle,
      now,
    });
    for (const d of plan) {
      const payload: OutboxPayload =
        d.kind === 'card'
          ? { render: 'finding-alert', findingId: d.findingId }
          : { render: 'finding-summary', findingIds: d.findingIds, query: d.query };
      const { created } = await tx.outbox.enqueue({
        dedupeKey:
          d.kind === 'card'
            ? alertDedupeKey(d.findingId, d.conversationId)
            : `summary:${now.toISOString()}:${d.conversationId}`,
        conversationId: conversationId(d.conversationId),
        kind: 'send',
        payload,
        notBefore: d.notBefore,
      });
      if (created && d.kind === 'card') counts.cards++;
      if (created && d.kind === 'summary') counts.summaries++;
    }

    const next = nextWatermark(watermark, since, findings, issues.length > 0, now);
    if (next !== null && next !== watermark) await tx.watermarks.set(FINDINGS_WATERMARK, next);
    return { ...counts, watermark: next };
  });

  if (issues.length > 0) {
    log.warn(
      { issues, watermark: outcome.watermark },
      'findings poll incomplete: the watermark stays for the next cycle',
    );
  }
  log.info(
    { since: since.toISOString(), polled: findings.length, ...outcome, issues: issues.length },
    'findings poll finished',
  );
  return { since: since.toISOString(), polled: findings.length, ...outcome, issues: issues.length };
}

/** The conversations that hear findings: subscribed channels (one route per subscription) and the default one. */
async function findingRoutes(store: Store, config: Config, log: Logger): Promise<ChannelRoute[]> {
  const routes: ChannelRoute[] = [];
  for (const s of await store.subscriptions.listByTopic('findings')) {
    const parsed = parseRouteFilter(s.filter);
    if (!parsed.ok) {
      log.error(
        { subscription: s.id, conversationId: s.conversationId, error: parsed.error },
        'unreadable route filter skipped',
      );
      continue;
    }
    routes.push({ conversationId: s.conversationId, filter: parsed.filter });
  }
  const fallback = await knownDefaultChannel(store, config, log);
  if (fallback) routes.push({ conversationId: fallback, filter: DEFAULT_ROUTE_FILTER });
  return routes;
}

interface CloseOptions {
  /** Occurrences that became unhealthy after this are not the ones that ended. */
  before: string;
  state: Extract<FindingState, 'resolved' | 'risk-accepted'>;
  justification?: string;
  except?: number;
  now: Date;
}

/**
 * Ends the open occurrences of an assessment: resolved (the SLA clock stops at `before`) or risk-accepted
 * (exempted in Defender). A person acting on the card at the same moment wins the version race; the close
 * is then retried on what they left. Updates are queued for every card already posted.
 */
async function closeOccurrences(
  tx: Store,
  assessmentId: string,
  o: CloseOptions,
): Promise<{ resolved: number; updates: number }> {
  let resolved = 0;
  let updates = 0;
  const cutoff = new Date(o.before).getTime();
  for (const occurrence of await tx.findings.historyOfAssessment(assessmentId)) {
    if (occurrence.id === o.except || occurrence.state === 'resolved') continue;
    // An exemption does not overrule what a person already decided; a fix (Healthy) ends any state.
    if (o.state === 'risk-accepted' && (occurrence.state === 'risk-accepted' || occurrence.state === 'false-positive'))
      continue;
    if (occurrence.unhealthySince !== null && new Date(occurrence.unhealthySince).getTime() > cutoff) continue;
    const patch: FindingPatch =
      o.state === 'resolved'
        ? { state: 'resolved', resolvedAt: o.before, snoozedUntil: null }
        : { state: 'risk-accepted', justification: o.justification ?? null, snoozedUntil: null };
    const closed = await transitionWithRetry(tx, occurrence, patch);
    if (!closed) continue;
    resolved++;
    await tx.audit.append({
      actor: ACTOR,
      action: o.state === 'resolved' ? 'finding.resolved' : 'finding.exempted',
      subject: { type: 'finding', id: String(closed.id) },
      details: { occurrenceKey: closed.occurrenceKey, at: o.before, from: occurrence.state },
      source: `job:${FINDINGS_POLL_JOB}@${o.now.toISOString()}`,
    });
    updates += await enqueueFindingCardUpdates(tx, closed);
  }
  return { resolved, updates };
}

async function transitionWithRetry(
  tx: Store,
  finding: FindingRecord,
  patch: FindingPatch,
): Promise<FindingRecord | null> {
  let current = finding;
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await tx.findings.transition(current.id, current.version, patch);
    if (result.ok) return result.finding;
    if (result.reason === 'not-found') return null;
    current = result.current;
    if (current.state === patch.state) return null;
  }
  return null;
}

/**
 * The watermark after a complete cycle: the newest status change seen (never backwards, never past `now`:
 * a clock-skewed stamp must not skip what arrives meanwhile). After an incomplete one it stays where it
 * was — or, on the first poll, at the start of the look-back, so that window is not lost.
 */
export function nextWatermark(
  current: string | null,
  since: Date,
  findings: readonly Finding[],
  incomplete: boolean,
  now: Date,
): string | null {
  if (incomplete) return current ?? since.toISOString();
  let newest = current === null ? Number.NEGATIVE_INFINITY : new Date(current).getTime();
  for (const f of findings) {
    const t = f.statusChangeDate ? new Date(f.statusChangeDate).getTime() : Number.NaN;
    if (!Number.isNaN(t)) newest = Math.max(newest, Math.min(t, now.getTime()));
  }
  return Number.isFinite(newest) ? new Date(newest).toISOString() : current;
}

function byStatusChange(findings: readonly Finding[]): Finding[] {
  const at = (f: Finding) => unhealthySinceOf(f) ?? '';
  return [...findings].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
}

/** Critical first, then the earliest due date: the order a summary lists its top items in. */
function urgency(a: JudgedFinding, b: JudgedFinding): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  return a.dueAt.getTime() - b.dueAt.getTime();
}
