// The walkthrough's Validation checklist (control 1.24), per subscription, with what to do for each
// item that fails. Pure: the channel routes are passed in by the caller.
//
//  1 cspm             Defender CSPM is on: plan CloudPosture at tier Standard (AI-SPM needs it).
//  2 inventory        AI workloads appear in inventory: at least one AI resource in the subscription
//                     (for a connector subscription, the AWS / GCP ones seen through its connectors).
//  3 attack-paths     Attack paths targeting AI are visible: Defender CSPM is on (attack path analysis
//                     comes with it) and Vigil could read attack paths. "None found" passes: no path
//                     reaching this subscription's AI resources is good news, not a gap.
//  4 recommendations  Security recommendations are generated: at least one AI assessment (any status)
//                     on the subscription's AI resources.
//  5 alerting         Alerting is configured for AI security events: plan AI (threat protection for AI
//                     services) at tier Standard, and a Teams channel subscribed to Vigil's findings
//                     alerts whose filter covers the subscription.
//
// An item whose data Vigil could not read (a source issue on that scope) is "unknown", not failed.

import type { Estate } from './estate.js';
import type { Filters } from './filters.js';
import type { Cloud, PlanState, SourceIssue, Subscription, SubscriptionId, Zone } from './model.js';
import type { Expectation, GovernancePolicy } from './policy.js';
import { ZONE_NAMES } from './policy.js';
import { placeInZone, type ZoneRules } from './zones.js';

export type CheckId = 'cspm' | 'inventory' | 'attack-paths' | 'recommendations' | 'alerting';
export type CheckStatus = 'pass' | 'fail' | 'unknown';

export const CHECKS: readonly { id: CheckId; label: string }[] = [
  { id: 'cspm', label: 'Defender CSPM on' },
  { id: 'inventory', label: 'AI workloads in inventory' },
  { id: 'attack-paths', label: 'Attack paths to AI visible' },
  { id: 'recommendations', label: 'Recommendations generated' },
  { id: 'alerting', label: 'Alerting for AI events' },
];

export interface CheckResult {
  id: CheckId;
  label: string;
  status: CheckStatus;
  /** What Vigil saw, e.g. "2 attack paths reach its AI resources". */
  detail: string;
  /** What to do, with portal steps from the walkthrough; null when the item passes. */
  fix: string | null;
}

export interface SubscriptionReadiness {
  subscription: Subscription;
  /** The zone most of its AI resources are in (else the subscription's own placement). */
  zone: Zone;
  checks: CheckResult[];
  passed: number;
}

/** A governance-table expectation that Vigil reports but does not score. */
export interface ZoneNote {
  zone: Zone;
  name: string;
  text: string;
}

export interface ReadinessReport {
  subscriptions: SubscriptionReadiness[];
  /** Subscriptions passing every item. */
  ready: number;
  zoneNotes: ZoneNote[];
}

/** A channel's subscription to findings alerts: only its filter matters here. */
export interface AlertRoute {
  filter: Readonly<Record<string, unknown>>;
}

export interface ReadinessSettings {
  zones: ZoneRules;
  policy: GovernancePolicy;
  /** Channel subscriptions to the `findings` topic. */
  findingsRoutes: readonly AlertRoute[];
}

const PORTAL = 'Defender for Cloud → Environment settings';

const isGuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Issues from `operation` that may hide data of this subscription (tenant-wide or batch issues included). */
function issueFor(
  issues: readonly SourceIssue[],
  operations: readonly string[],
  sub: SubscriptionId,
): SourceIssue | null {
  return (
    issues.find(
      (i) =>
        operations.includes(i.operation) &&
        (i.scope === null || !isGuid(i.scope) || i.scope.toLowerCase() === sub) &&
        i.kind !== 'truncated',
    ) ?? null
  );
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * Whether a findings route reaches a subscription. Filters name zones (`zone`/`zones`) or subscriptions
 * (`subscription`/`subscriptionId`/`subscriptions`); other keys (severity…) narrow what is sent, not where
 * from, so they do not stop the route from covering the subscription. `{}` covers everything.
 */
export function routeCovers(route: AlertRoute, sub: SubscriptionId, zones: ReadonlySet<Zone>): boolean {
  const f = route.filter;
  const wantedZones = [...asList(f.zone), ...asList(f.zones)].map(Number);
  if (wantedZones.length > 0 && !wantedZones.some((z) => zones.has(z as Zone))) return false;
  const wantedSubs = [...asList(f.subscription), ...asList(f.subscriptionId), ...asList(f.subscriptions)].map((s) =>
    String(s).toLowerCase(),
  );
  return wantedSubs.length === 0 || wantedSubs.includes(sub);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the checklist looks at in one subscription. */
interface SubFacts {
  resources: number;
  byCloud: Record<Cloud, number>;
  zones: Map<Zone, number>;
  /** Ids of attack paths that touch its AI resources. */
  paths: Set<string>;
  assessments: number;
  unhealthy: number;
}

type PlanCheck = (sub: SubscriptionId, plan: string) => boolean;

/** What the checklist needs from an estate, gathered once per Estate: a question then only checks. */
interface EstateFacts {
  subscriptions: Map<SubscriptionId, SubFacts>;
  plans: Map<string, PlanState>;
  /** AWS / GCP AI resources per zone, for the governance notes. */
  otherClouds: Map<Zone, number>;
}

const factsCache = new WeakMap<Estate, EstateFacts>();
const emptyFacts = (): SubFacts => ({
  resources: 0,
  byCloud: { Azure: 0, AWS: 0, GCP: 0 },
  zones: new Map(),
  paths: new Set(),
  assessments: 0,
  unhealthy: 0,
});

function factsOf(estate: Estate): EstateFacts {
  const cached = factsCache.get(estate);
  if (cached) return cached;
  const subscriptions = new Map<SubscriptionId, SubFacts>();
  const of = (id: SubscriptionId): SubFacts => {
    let f = subscriptions.get(id);
    if (!f) {
      f = emptyFacts();
      subscriptions.set(id, f);
    }
    return f;
  };
  const otherClouds = new Map<Zone, number>();
  for (const r of estate.resources) {
    const f = of(r.resource.subscriptionId);
    const zone = r.placement.zone;
    f.resources++;
    f.byCloud[r.resource.cloud]++;
    f.zones.set(zone, (f.zones.get(zone) ?? 0) + 1);
    for (const p of r.attackPaths) f.paths.add(p.id);
    if (r.resource.cloud !== 'Azure') otherClouds.set(zone, (otherClouds.get(zone) ?? 0) + 1);
  }
  for (const x of estate.findings) {
    if (!x.resource) continue;
    const f = of(x.resource.resource.subscriptionId);
    f.assessments++;
    if (x.finding.status === 'Unhealthy') f.unhealthy++;
  }
  const plans = new Map<string, PlanState>();
  for (const p of estate.plans) plans.set(`${p.subscriptionId}|${p.plan}`, p);
  const facts = { subscriptions, plans, otherClouds };
  factsCache.set(estate, facts);
  return facts;
}

export function readinessOf(estate: Estate, settings: ReadinessSettings, filters?: Filters): ReadinessReport {
  const facts = factsOf(estate);
  const standard: PlanCheck = (sub, plan) => facts.plans.get(`${sub}|${plan}`)?.tier === 'Standard';

  const rows: SubscriptionReadiness[] = [];
  for (const subscription of estate.subscriptions) {
    const f = facts.subscriptions.get(subscription.id) ?? emptyFacts();
    const zone =
      mainZone(f.zones) ??
      placeInZone({ tags: {}, resourceGroup: '', subscriptionId: subscription.id }, subscription, settings.zones).zone;
    if (filters && filters.subscriptions.length > 0 && !filters.subscriptions.includes(subscription.id)) continue;
    if (filters && filters.zones.length > 0 && !filters.zones.includes(zone)) continue;
    const checks = checksFor(estate, subscription, f, zone, standard, settings);
    rows.push({ subscription, zone, checks, passed: checks.filter((c) => c.status === 'pass').length });
  }
  rows.sort(
    (a, b) =>
      a.passed - b.passed ||
      (a.subscription.name < b.subscription.name ? -1 : a.subscription.name > b.subscription.name ? 1 : 0),
  );

  return {
    subscriptions: rows,
    ready: rows.filter((r) => r.passed === CHECKS.length).length,
    zoneNotes: zoneNotes(facts.otherClouds, settings.policy, new Set(rows.map((r) => r.zone))),
  };
}

function checksFor(
  estate: Estate,
  sub: Subscription,
  f: SubFacts,
  zone: Zone,
  standard: PlanCheck,
  settings: ReadinessSettings,
): CheckResult[] {
  const name = sub.name;
  const label = (id: CheckId) => CHECKS.find((c) => c.id === id)?.label ?? id;
  const result = (id: CheckId, status: CheckStatus, detail: string, fix: string | null): CheckResult => ({
    id,
    label: label(id),
    status,
    detail,
    fix: status === 'pass' ? null : fix,
  });
  const planIssue = issueFor(estate.snapshot.issues, ['pricings'], sub.id);
  const cspm = standard(sub.id, 'CloudPosture');
  const aiPlan = standard(sub.id, 'AI');
  const cspmFix = `${PORTAL} → ${name} → Defender plans → Defender CSPM → On → Save; then Defender CSPM → Settings → AI security posture management → On (walkthrough steps 1–2).`;

  const checks: CheckResult[] = [];
  checks.push(
    planIssue && !cspm
      ? result(
          'cspm',
          'unknown',
          `Vigil could not read the plans: ${planIssue.message}`,
          'Give Vigil Security Reader on the subscription, then ask again.',
        )
      : result(
          'cspm',
          cspm ? 'pass' : 'fail',
          cspm ? 'Defender CSPM (CloudPosture) is Standard' : 'Defender CSPM is off (Foundational CSPM only)',
          cspmFix,
        ),
  );

  const other = f.byCloud.AWS + f.byCloud.GCP;
  const inventoryIssue = issueFor(estate.snapshot.issues, ['ai-inventory'], sub.id);
  const seen =
    other > 0
      ? `${plural(f.resources, 'AI resource')}, ${[f.byCloud.AWS > 0 ? `${f.byCloud.AWS} AWS` : '', f.byCloud.GCP > 0 ? `${f.byCloud.GCP} GCP` : '', f.byCloud.Azure > 0 ? `${f.byCloud.Azure} Azure` : ''].filter(Boolean).join(', ')} (through multi-cloud connectors)`
      : plural(f.resources, 'AI resource');
  checks.push(
    f.resources > 0
      ? result('inventory', 'pass', seen, null)
      : inventoryIssue
        ? result(
            'inventory',
            'unknown',
            `Vigil could not read the inventory: ${inventoryIssue.message}`,
            'Check Vigil has Reader on the subscription, then ask again.',
          )
        : result(
            'inventory',
            'fail',
            'no AI resources found',
            `Defender for Cloud → Inventory → filter Resource type: AI/ML services and check ${name}'s Azure OpenAI, AI Services, Azure ML and Foundry resources are listed; they need Defender CSPM with AI security posture management on. AWS or GCP workloads need a connector: ${PORTAL} → Add environment (walkthrough steps 3 and 6). If the subscription has no AI workloads, this item does not apply.`,
          ),
  );

  const pathIssue = issueFor(estate.snapshot.issues, ['attack-paths'], sub.id);
  const paths = f.paths.size;
  checks.push(
    !cspm
      ? result(
          'attack-paths',
          planIssue ? 'unknown' : 'fail',
          'attack path analysis needs Defender CSPM',
          `Turn on Defender CSPM (item 1); then Defender for Cloud → Attack path analysis → search "AI" to review paths to AI endpoints, their data stores and identities (walkthrough step 4).`,
        )
      : pathIssue
        ? result(
            'attack-paths',
            'unknown',
            `Vigil could not read attack paths: ${pathIssue.message}`,
            'Check Vigil has Reader on the subscription, then ask again.',
          )
        : result(
            'attack-paths',
            'pass',
            paths > 0
              ? `${plural(paths, 'attack path')} reach its AI resources`
              : 'attack path analysis is on; none found reaching AI resources',
            null,
          ),
  );

  const assessmentIssue = issueFor(estate.snapshot.issues, ['assessments'], sub.id);
  checks.push(
    f.assessments > 0
      ? result('recommendations', 'pass', `${plural(f.assessments, 'AI assessment')}, ${f.unhealthy} unhealthy`, null)
      : assessmentIssue
        ? result(
            'recommendations',
            'unknown',
            `Vigil could not read assessments: ${assessmentIssue.message}`,
            'Check Vigil has Security Reader on the subscription, then ask again.',
          )
        : result(
            'recommendations',
            'fail',
            f.resources > 0 ? 'no AI recommendations assessed yet' : 'no AI resources to assess',
            `Defender for Cloud → Recommendations → filter Resource type: AI/ML services to confirm; AI recommendations need Defender CSPM with AI security posture management on and appear within about a day (walkthrough steps 2 and 5).`,
          ),
  );

  const zones = new Set(f.zones.keys());
  if (zones.size === 0) zones.add(zone);
  const routed = settings.findingsRoutes.some((r) => routeCovers(r, sub.id, zones));
  const missing: string[] = [];
  if (!aiPlan)
    missing.push(
      `${PORTAL} → ${name} → Defender plans → AI services → On, then Security alerts → alert rules for unusual AI API access, high prompt volume and AI configuration changes, notifying the SOC team (walkthrough step 7)`,
    );
  if (!routed)
    missing.push(
      'route findings alerts to a Teams channel: an admin subscribes the SOC channel to Vigil findings alerts for this subscription or its zone',
    );
  const alertDetail = [
    aiPlan ? 'Defender for AI services is on' : 'Defender for AI services is off',
    routed ? 'a Teams channel is subscribed to findings alerts' : 'no Teams channel is subscribed to findings alerts',
  ].join('; ');
  checks.push(
    planIssue && !aiPlan
      ? result(
          'alerting',
          'unknown',
          `Vigil could not read the plans: ${planIssue.message}`,
          'Give Vigil Security Reader on the subscription, then ask again.',
        )
      : result(
          'alerting',
          missing.length === 0 ? 'pass' : 'fail',
          alertDetail,
          `${missing.join('; and ')}.`.replace(/^./, (c) => c.toUpperCase()),
        ),
  );
  return checks;
}

function mainZone(zones: Map<Zone, number>): Zone | null {
  let best: Zone | null = null;
  let most = 0;
  for (const [z, n] of zones) {
    if (n > most || (n === most && best !== null && z > best)) {
      best = z;
      most = n;
    }
  }
  return best;
}

const EXPECTATION_TEXT: Record<Expectation, string> = {
  optional: 'optional',
  'if-applicable': 'if applicable',
  recommended: 'recommended',
  'required-if-applicable': 'required if applicable',
  required: 'required',
};

/** The governance table's multi-cloud and Sentinel expectations for the zones in the answer. */
function zoneNotes(
  otherClouds: ReadonlyMap<Zone, number>,
  policy: GovernancePolicy,
  zones: ReadonlySet<Zone>,
): ZoneNote[] {
  return [...zones]
    .sort((a, b) => a - b)
    .map((zone) => {
      const p = policy[zone];
      const seen = otherClouds.get(zone) ?? 0;
      const connectors = `multi-cloud connectors ${EXPECTATION_TEXT[p.multiCloudConnectors]} (${seen > 0 ? `${plural(seen, 'AWS/GCP AI resource')} seen through connectors` : 'no AWS/GCP AI resources seen; add a connector if this zone runs AI there'})`;
      const sentinel = `Sentinel integration ${EXPECTATION_TEXT[p.sentinelIntegration]} (Vigil cannot see Sentinel: check Sentinel → Data connectors → Microsoft Defender for Cloud is connected)`;
      return { zone, name: ZONE_NAMES[zone], text: `${connectors}; ${sentinel}.` };
    });
}
