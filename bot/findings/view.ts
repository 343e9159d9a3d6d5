// What a finding card shows, assembled from the server's records: the store row (state, owner, version),
// the audit log (who made the last change), the latest snapshot (risk factors, attack paths, how to fix,
// the Defender link) and the conversations Vigil knows (whose copies refresh to their own view).
// Shared by the outbox renderers (base view) and the card actions (each person's view).

import { z } from 'zod/v4';
import {
  ALERT_VERBS,
  type FindingAlertData,
  type FindingStatusView,
  findingAlertCard,
} from '../../cards/finding-alert.js';
import { type FindingSummaryItem, findingSummaryCard } from '../../cards/finding-summary.js';
import { type HistoryEntryView, historyCard } from '../../cards/history.js';
import type { AdaptiveCard } from '../../cards/render.js';
import type { Config } from '../../config/schema.js';
import { estatesOf } from '../../jobs/estates.js';
import type { Estate, EstateFinding } from '../../posture/estate.js';
import { criticalReasons } from '../../posture/findings.js';
import { KIND_LABELS } from '../../posture/inventory.js';
import type { AttackPath } from '../../posture/model.js';
import { type Actor, buttonsFor, type FindingAction, type FindingSubject } from '../../posture/permissions.js';
import { type AuditEntry, type FindingRecord, type FindingState, findingId, type Store } from '../../store/index.js';
import { describeEntry } from './history-text.js';

/** The audit action that puts a finding in each state (the verb that did it). */
const ACTION_OF_STATE: Partial<Record<FindingState, string>> = {
  acknowledged: ALERT_VERBS.ack,
  snoozed: ALERT_VERBS.snooze,
  planned: ALERT_VERBS.eta,
  'risk-accepted': ALERT_VERBS['accept-risk'],
  'false-positive': ALERT_VERBS['false-positive'],
};

/** History entries shown on one card; older ones are counted. */
const MAX_HISTORY = 40;
/** SOC members' Teams ids change rarely; looked up again after this long. */
const SOC_IDS_TTL_MS = 60_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The part of a stored ConversationReference that names the user (a personal chat's `user.id`, 29:…). */
const referenceUser = z.object({ user: z.object({ id: z.string().min(1) }) });

export interface FindingViewsDeps {
  store: Store;
  config: Config;
}

export interface AlertViewOptions {
  now: Date;
  /** Whose view: null for the base view every copy shows. */
  viewer: Actor | null;
  notice?: string | null;
}

export interface FindingViews {
  /** The alert card for a finding: the base view, or one person's view with their buttons. */
  alertCard(finding: FindingRecord, options: AlertViewOptions): Promise<AdaptiveCard>;
  /** The history card: the finding's audit entries, newest first. */
  historyCard(finding: FindingRecord, now: Date): Promise<AdaptiveCard>;
  /** The summary card for many new findings at once (noise control); null when none of them exist any more. */
  summaryCard(findingIds: readonly number[], query: string, now: Date): Promise<AdaptiveCard | null>;
}

export function findingViews({ store, config }: FindingViewsDeps): FindingViews {
  const estates = estatesOf(store, config);
  const indexes = new WeakMap<Estate, { findings: Map<string, EstateFinding>; paths: Map<string, AttackPath> }>();
  let socIds: { at: number; ids: string[] } | null = null;

  /** The finding as the latest snapshot has it, and the names of the attack paths it is on. */
  const fromSnapshot = async (finding: FindingRecord): Promise<{ ef: EstateFinding; paths: string[] } | null> => {
    const current = await estates.get();
    if (!current) return null;
    let index = indexes.get(current.estate);
    if (!index) {
      index = {
        findings: new Map(current.estate.findings.map((f) => [f.finding.id.toLowerCase(), f])),
        paths: new Map(current.estate.attackPaths.map((p) => [p.id.toLowerCase(), p])),
      };
      indexes.set(current.estate, index);
    }
    const ef = index.findings.get(finding.assessmentId.toLowerCase());
    return ef ? { ef, paths: attackPathsOf(ef, index.paths) } : null;
  };

  const teamsIdOf = async (person: string): Promise<string | null> => {
    const conversation = GUID.test(person)
      ? await store.conversations.findPersonal(person)
      : await store.conversations.findPersonalByUpn(person);
    if (!conversation) return null;
    const parsed = referenceUser.safeParse(conversation.reference);
    return parsed.success ? parsed.data.user.id : null;
  };

  const socTeamsIds = async (now: Date): Promise<string[]> => {
    if (socIds && now.getTime() - socIds.at < SOC_IDS_TTL_MS) return socIds.ids;
    const ids: string[] = [];
    for (const member of config.roles.soc) {
      if (member.toLowerCase().startsWith('group:')) continue; // group members are not listed without Graph
      const id = await teamsIdOf(member);
      if (id) ids.push(id);
    }
    socIds = { at: now.getTime(), ids };
    return ids;
  };

  /** Owner and assignee first (they matter most when the 60-user cap bites), then SOC. */
  const refreshUserIds = async (finding: FindingRecord, now: Date): Promise<string[]> => {
    const ids: string[] = [];
    for (const person of [finding.owner, finding.assignee]) {
      if (!person) continue;
      const id = await teamsIdOf(person);
      if (id) ids.push(id);
    }
    ids.push(...(await socTeamsIds(now)));
    return [...new Set(ids)];
  };

  const statusOf = async (finding: FindingRecord): Promise<FindingStatusView> => {
    const action = ACTION_OF_STATE[finding.state];
    let last: AuditEntry | undefined;
    if (action) {
      const entries = await store.audit.history(String(finding.id), 'finding');
      last = entries.filter((e) => e.action === action).at(-1);
    }
    const acknowledged = finding.state === 'acknowledged';
    return {
      state: finding.state,
      by: last ? whoOf(last) : acknowledged ? finding.acknowledgedBy : null,
      at: last ? new Date(last.at) : acknowledged && finding.acknowledgedAt ? new Date(finding.acknowledgedAt) : null,
      snoozedUntil: dateOrNull(finding.snoozedUntil),
      eta: dateOrNull(finding.eta),
      justification:
        finding.state === 'risk-accepted' || finding.state === 'false-positive' || finding.state === 'planned'
          ? finding.justification
          : null,
      resolvedAt: dateOrNull(finding.resolvedAt),
    };
  };

  const alertData = async (finding: FindingRecord, options: AlertViewOptions): Promise<FindingAlertData> => {
    const seen = await fromSnapshot(finding);
    const ef = seen?.ef ?? null;
    const f = ef?.finding ?? null;
    const resource = ef?.resource ?? null;
    const buttons: FindingAction[] | null = options.viewer ? buttonsFor(options.viewer, subjectOf(finding)) : null;
    return {
      findingId: finding.id,
      version: finding.version,
      title: finding.displayName,
      severity: finding.severity,
      critical: finding.critical,
      criticalReasons: finding.critical && ef ? criticalReasons({ ...ef, critical: true }, config.alerts.critical) : [],
      resourceName: finding.resourceName,
      resourceDetail: resource
        ? [KIND_LABELS[resource.resource.kind], resource.resource.resourceGroup, resource.resource.location]
            .filter((s) => s)
            .join(' · ')
        : null,
      zone: finding.zone,
      owner: finding.owner,
      assignee: finding.assignee,
      firstDetected: dateOrNull(finding.unhealthySince ?? finding.firstSeenAt),
      dueAt: dateOrNull(finding.dueAt),
      riskLevel: f?.risk.level ?? null,
      riskFactors: f?.risk.factors ?? [],
      attackPaths: seen?.paths ?? [],
      remediation: f?.remediation ?? f?.description ?? null,
      portalUri: f?.portalUri ?? null,
      status: await statusOf(finding),
      refreshUserIds: await refreshUserIds(finding, options.now),
      buttons,
      notice: options.notice ?? null,
      now: options.now,
      timeZone: config.timeZone,
    };
  };

  return {
    async alertCard(finding, options) {
      return findingAlertCard(await alertData(finding, options));
    },

    async historyCard(finding, now) {
      const entries = await store.audit.history(String(finding.id), 'finding');
      const newestFirst = [...entries].reverse();
      const shown: HistoryEntryView[] = newestFirst.slice(0, MAX_HISTORY).map((e) => ({
        at: new Date(e.at),
        who: whoOf(e),
        what: describeEntry(e, config.timeZone, now),
      }));
      const status = await statusOf(finding);
      return historyCard({
        findingId: finding.id,
        version: finding.version,
        title: finding.displayName,
        resourceName: finding.resourceName,
        status,
        dueAt: dateOrNull(finding.dueAt),
        firstSeen: new Date(finding.firstSeenAt),
        entries: shown,
        earlier: newestFirst.length - shown.length,
        now,
        timeZone: config.timeZone,
      });
    },

    async summaryCard(findingIds, query, now) {
      const rows: FindingRecord[] = [];
      for (const id of new Set(findingIds)) {
        const row = await store.findings.get(findingId(id));
        if (row) rows.push(row);
      }
      if (rows.length === 0) return null;
      const items: FindingSummaryItem[] = [];
      for (const row of rows.sort(byUrgency)) {
        items.push({
          findingId: row.id,
          title: row.displayName,
          resourceName: row.resourceName,
          severity: row.severity,
          critical: row.critical,
          zone: row.zone,
          owner: row.owner,
          dueAt: dateOrNull(row.dueAt),
          status: await statusOf(row),
        });
      }
      return findingSummaryCard({ items, query, now, timeZone: config.timeZone });
    },
  };
}

/** What permissions read from the row: the server's record, never the card's data. */
export function subjectOf(finding: FindingRecord): FindingSubject {
  return { owner: finding.owner, assignee: finding.assignee, critical: finding.critical, state: finding.state };
}

/** Names of the attack paths the finding is on: those its risk names, and those on its resource that list it. */
function attackPathsOf(ef: EstateFinding, paths: ReadonlyMap<string, AttackPath>): string[] {
  const f = ef.finding;
  const onPath = new Map<string, AttackPath>();
  for (const id of f.risk.attackPathIds) {
    const p = paths.get(id.toLowerCase());
    if (p) onPath.set(p.id, p);
  }
  for (const p of ef.resource?.attackPaths ?? []) if (p.assessmentKeys.includes(f.key)) onPath.set(p.id, p);
  return [...onPath.values()].map((p) => p.displayName);
}

/** Critical first, then the earliest due date, then severity, then the oldest. */
function byUrgency(a: FindingRecord, b: FindingRecord): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  const due = (r: FindingRecord) => (r.dueAt ? Date.parse(r.dueAt) : Number.POSITIVE_INFINITY);
  if (due(a) !== due(b)) return due(a) - due(b);
  const rank = { High: 0, Medium: 1, Low: 2 } as const;
  return rank[a.severity] - rank[b.severity] || a.id - b.id;
}

export function whoOf(entry: AuditEntry): string {
  const upn = entry.details.upn;
  return entry.actor.name ?? (typeof upn === 'string' ? upn : entry.actor.id);
}

const dateOrNull = (iso: string | null): Date | null => (iso ? new Date(iso) : null);
