// The estate as the bot answers from it: one snapshot, indexed once, with every
// resource placed in its zone, every finding on its SLA clock and every owner known.
// Pure: built from a Snapshot and the governance settings; `now` is passed to queries.

import type {
  AiResource,
  AttackPath,
  AzureResourceId,
  Finding,
  PlanState,
  SecureScore,
  Snapshot,
  Subscription,
  SubscriptionId,
  Zone,
} from './model.js';
import type { GovernancePolicy } from './policy.js';
import {
  type CriticalRule,
  DEFAULT_CRITICAL_RULE,
  detectedAt,
  dueAt,
  isCritical,
  type SlaStatus,
  slaHoursFor,
  slaStatus,
} from './sla.js';
import { placeInZone, type ZonePlacement, type ZoneRules } from './zones.js';

export interface GovernanceSettings {
  zones: ZoneRules;
  policy: GovernancePolicy;
  critical?: CriticalRule;
}

export interface OwnerRef {
  /** Lower-cased UPN or e-mail. */
  id: string;
  source: 'governance-assignment' | 'resource-tag';
}

export interface EstateResource {
  resource: AiResource;
  subscription: Subscription | null;
  placement: ZonePlacement;
  /** Owner from the resource's `owner` tag. */
  owner: OwnerRef | null;
  /** Open (Unhealthy, not exempt) findings, most urgent first. */
  openFindings: EstateFinding[];
  attackPaths: AttackPath[];
}

export interface EstateFinding {
  finding: Finding;
  resource: EstateResource | null;
  zone: Zone;
  critical: boolean;
  /** Governance-assignment owner first, else the resource's owner tag. */
  owner: OwnerRef | null;
  detectedAt: Date | null;
  slaHours: number;
  dueAt: Date | null;
}

const OWNER_TAGS = ['owner', 'Owner', 'ai-owner', 'createdBy'];

function ownerTag(tags: Record<string, string>): OwnerRef | null {
  for (const t of OWNER_TAGS) {
    const v = tags[t]?.trim();
    if (v) return { id: v.toLowerCase(), source: 'resource-tag' };
  }
  return null;
}

export const isOpen = (f: Finding): boolean => f.status === 'Unhealthy' && f.cause !== 'Exempt';

export class Estate {
  readonly takenAt: Date;
  readonly subscriptions: readonly Subscription[];
  readonly resources: readonly EstateResource[];
  readonly findings: readonly EstateFinding[];
  readonly openFindings: readonly EstateFinding[];
  readonly attackPaths: readonly AttackPath[];
  readonly plans: readonly PlanState[];
  readonly secureScores: readonly SecureScore[];
  readonly snapshot: Snapshot;
  private readonly byId = new Map<AzureResourceId, EstateResource>();
  private readonly byName = new Map<string, EstateResource[]>();
  private readonly subscriptionsById = new Map<SubscriptionId, Subscription>();

  constructor(snapshot: Snapshot, settings: GovernanceSettings) {
    this.snapshot = snapshot;
    this.takenAt = new Date(snapshot.takenAt);
    this.subscriptions = snapshot.subscriptions;
    this.attackPaths = snapshot.attackPaths;
    this.plans = snapshot.plans;
    this.secureScores = snapshot.secureScores;
    for (const s of snapshot.subscriptions) this.subscriptionsById.set(s.id, s);

    const pathsByResource = new Map<string, AttackPath[]>();
    for (const p of snapshot.attackPaths) {
      for (const id of new Set(p.resourceIds)) {
        const list = pathsByResource.get(id);
        if (list) list.push(p);
        else pathsByResource.set(id, [p]);
      }
    }

    const resources: EstateResource[] = snapshot.resources.map((resource) => {
      const subscription = this.subscriptionsById.get(resource.subscriptionId) ?? null;
      const entry: EstateResource = {
        resource,
        subscription,
        placement: placeInZone(resource, subscription ?? undefined, settings.zones),
        owner: ownerTag(resource.tags),
        openFindings: [],
        attackPaths: pathsByResource.get(resource.id) ?? [],
      };
      this.byId.set(resource.id, entry);
      const key = resource.name.toLowerCase();
      const same = this.byName.get(key);
      if (same) same.push(entry);
      else this.byName.set(key, [entry]);
      return entry;
    });
    this.resources = resources;

    const rule = settings.critical ?? DEFAULT_CRITICAL_RULE;
    this.findings = snapshot.findings.map((finding) => {
      const resource = this.byId.get(finding.resourceId) ?? null;
      const zone = resource?.placement.zone ?? settings.zones.default;
      const onPath = resource ? resource.attackPaths.some((p) => p.assessmentKeys.includes(finding.key)) : false;
      const critical = isCritical(finding, onPath, rule);
      const detected = detectedAt(finding);
      const slaHours = slaHoursFor(settings.policy, zone, finding.severity, critical);
      const governanceOwner = finding.governance?.owner?.trim();
      const entry: EstateFinding = {
        finding,
        resource,
        zone,
        critical,
        owner: governanceOwner
          ? { id: governanceOwner.toLowerCase(), source: 'governance-assignment' }
          : (resource?.owner ?? null),
        detectedAt: detected,
        slaHours,
        dueAt: detected ? dueAt(detected, slaHours) : null,
      };
      if (resource && isOpen(finding)) resource.openFindings.push(entry);
      return entry;
    });
    this.openFindings = this.findings.filter((f) => isOpen(f.finding)).sort(byUrgency);
    for (const r of resources) r.openFindings.sort(byUrgency);
  }

  resource(id: string): EstateResource | undefined {
    return this.byId.get(id.toLowerCase() as AzureResourceId);
  }

  /** Resources whose name is exactly `name` (case-insensitive); several when names repeat across groups. */
  resourcesNamed(name: string): EstateResource[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  subscription(id: string): Subscription | undefined {
    return this.subscriptionsById.get(id.toLowerCase() as SubscriptionId);
  }

  /** SLA status of an open finding at `now`. */
  slaStatus(f: EstateFinding, now: Date): SlaStatus | null {
    return f.dueAt ? slaStatus(now, f.dueAt, f.slaHours) : null;
  }
}

/** Critical first, then the earliest due date, then severity. */
export function byUrgency(a: EstateFinding, b: EstateFinding): number {
  if (a.critical !== b.critical) return a.critical ? -1 : 1;
  const da = a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const db = b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity];
}

export const SEVERITY_RANK = { High: 0, Medium: 1, Low: 2 } as const;
