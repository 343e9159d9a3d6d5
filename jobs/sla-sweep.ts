// The SLA sweep (hourly): for each open finding whose SLA clock passed 50 %, 75 %, 90 % or its due date —
// and each day it stays breached and unacknowledged — a reply in its alert card's thread, a personal card to
// its owner, and at breach an escalation to leaders and the zone's escalation channels. The reminder ledger
// (occurrence, threshold) and the outbox rows commit together, so each threshold goes out once however often
// the sweep runs and whichever replica runs it.

import type { Logger } from 'pino';
import { freshnessText } from '../cards/parts.js';
import { type SlaReminderItem, slaReminderCard } from '../cards/sla-reminders.js';
import type { Config } from '../config/schema.js';
import type { Zone } from '../posture/model.js';
import { countdown } from '../posture/sla.js';
import {
  describeThreshold,
  dueReminders,
  type EstateSlaSubject,
  isBreach,
  type SlaReminder,
  slaSubjectsOf,
} from '../posture/sla-reminders.js';
import { formatAsOf } from '../posture/text.js';
import { formatLocal } from '../posture/wallclock.js';
import {
  alertKeyPrefix,
  type ConversationId,
  type FindingRecord,
  type JsonObject,
  type OutboxPayload,
  type Store,
} from '../store/index.js';
import { estatesOf } from './estates.js';
import type { Job } from './runner.js';
import { leaderChats, zoneChannels } from './shared.js';

export const SLA_SWEEP_JOB = 'sla-sweep';
/**
 * What the reminder ledger remembers of an occurrence that is no longer open: 30 days after its last reminder
 * (a finding that comes back within that time, with the same unhealthy-since, is not reminded twice).
 */
const LEDGER_RETENTION_MS = 30 * 86_400_000;

export interface SlaSweepDeps {
  store: Store;
  config: Config;
  logger: Logger;
}

export interface SlaSweepResult {
  checked: number;
  reminders: number;
  breaches: number;
  threadReplies: number;
  ownerCards: number;
  escalations: number;
  /** Owners Vigil could not reach (no personal chat with Vigil yet). */
  unreachableOwners: number;
  skipped?: string;
}

type Reminder = SlaReminder<EstateSlaSubject<FindingRecord>>;

export function slaSweepJob(deps: SlaSweepDeps): Job<SlaSweepResult> {
  const estates = estatesOf(deps.store, deps.config);
  return {
    name: SLA_SWEEP_JOB,
    summarize: (r) => ({ ...r }),
    async run(now) {
      const log = deps.logger.child({ job: SLA_SWEEP_JOB, slot: now.toISOString() });
      const empty = {
        checked: 0,
        reminders: 0,
        breaches: 0,
        threadReplies: 0,
        ownerCards: 0,
        escalations: 0,
        unreachableOwners: 0,
      };
      const estate = await estates.estate();
      if (!estate) return { ...empty, skipped: 'no discovery yet' };
      const tracked = new Map((await deps.store.findings.listOpen()).map((f) => [f.occurrenceKey, f]));
      const subjects = slaSubjectsOf(estate, tracked);
      const pruned = await deps.store.slaReminders.prune(
        new Date(now.getTime() - LEDGER_RETENTION_MS),
        new Set(subjects.map((s) => s.key)),
      );
      const reminders = dueReminders(subjects, await deps.store.slaReminders.sent(), now);
      if (reminders.length === 0) return { ...empty, checked: subjects.length, pruned };

      const tz = deps.config.timeZone;
      const freshness = freshnessText(formatAsOf(estate.takenAt, tz, now), deps.config.mode === 'demo');
      const itemOf = (r: Reminder): SlaReminderItem => ({
        finding: r.subject.finding.finding.displayName,
        resource: r.subject.finding.finding.resourceName,
        zone: r.subject.finding.zone,
        severity: r.subject.finding.finding.severity,
        threshold: describeThreshold(r.threshold),
        countdown: countdown(now, r.subject.due),
        due: formatLocal(r.subject.due, tz),
        breached: isBreach(r.threshold),
        owner: r.subject.finding.owner?.id ?? null,
      });
      // Escalated once per occurrence: at breach, or at the first sweep that finds it already breached.
      const breaches = reminders.filter((r) => isBreach(r.threshold));
      const leaders = breaches.length > 0 ? await leaderChats(deps.store, deps.config) : [];
      const escalationChannels = new Map<ConversationId, Set<Zone>>();
      for (const zone of new Set(breaches.map((r) => r.subject.finding.zone))) {
        for (const c of await zoneChannels(deps.store, deps.config, 'escalations', zone, log)) {
          const zones = escalationChannels.get(c) ?? new Set<Zone>();
          zones.add(zone);
          escalationChannels.set(c, zones);
        }
      }
      const slot = now.toISOString();

      const result = await deps.store.transaction(async (tx) => {
        const counts = { ...empty, checked: subjects.length, breaches: breaches.length, pruned };
        const byOwner = new Map<string, Reminder[]>();
        const newBreaches: Reminder[] = [];
        for (const r of reminders) {
          if (!(await tx.slaReminders.record(r.subject.key, r.threshold))) continue;
          counts.reminders++;
          if (isBreach(r.threshold) && (await tx.slaReminders.record(r.subject.key, 'escalated'))) newBreaches.push(r);
          const owner = r.subject.finding.owner?.id;
          if (owner) {
            const list = byOwner.get(owner);
            if (list) list.push(r);
            else byOwner.set(owner, [r]);
          }
          if (!r.subject.tracked) continue;
          // In the alert's thread, where the people who saw the alert will see it.
          const text = `⏰ ${describeThreshold(r.threshold)} on **${r.subject.finding.finding.displayName}** (${r.subject.finding.finding.resourceName}): ${countdown(now, r.subject.due)}, due ${formatLocal(r.subject.due, tz)}.`;
          for (const card of await tx.outbox.listByDedupePrefix(alertKeyPrefix(r.subject.tracked.id), 'sent')) {
            if (card.kind !== 'send' || card.sentActivityId === null) continue;
            const payload: OutboxPayload = { render: 'text', text };
            const q = await tx.outbox.enqueue({
              dedupeKey: `sla:${r.subject.key}:${r.threshold}:reply:${card.conversationId}`,
              conversationId: card.conversationId,
              kind: 'reply',
              activityId: card.sentActivityId,
              payload,
            });
            if (q.created) counts.threadReplies++;
          }
        }
        for (const [owner, list] of byOwner) {
          const chat = await tx.conversations.findPersonalByUpn(owner);
          if (!chat) {
            counts.unreachableOwners++;
            continue;
          }
          const card = slaReminderCard({ kind: 'owner', items: list.map(itemOf), freshness });
          const q = await tx.outbox.enqueue({
            dedupeKey: `sla:${slot}:owner:${chat.conversationId}`,
            conversationId: chat.conversationId,
            kind: 'send',
            payload: { render: 'card', card: card as unknown as JsonObject },
          });
          if (q.created) counts.ownerCards++;
        }
        const escalate = async (conversation: ConversationId, list: Reminder[]) => {
          if (list.length === 0) return;
          const card = slaReminderCard({ kind: 'escalation', items: list.map(itemOf), freshness });
          const q = await tx.outbox.enqueue({
            dedupeKey: `sla:${slot}:escalation:${conversation}`,
            conversationId: conversation,
            kind: 'send',
            payload: { render: 'card', card: card as unknown as JsonObject },
          });
          if (q.created) counts.escalations++;
        };
        for (const l of leaders) {
          await escalate(
            l.conversationId,
            newBreaches.filter((r) => l.zones.includes(r.subject.finding.zone)),
          );
        }
        for (const [c, zones] of escalationChannels) {
          await escalate(
            c,
            newBreaches.filter((r) => zones.has(r.subject.finding.zone)),
          );
        }
        return counts;
      });
      log.info(result, 'SLA sweep finished');
      return result;
    },
  };
}
