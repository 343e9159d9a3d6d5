// The findings and attack-path queries on small hand-built estates: ordering, grouping by owner,
// the due-soon window's edges, what a person owns, and attack-path scope and risk order.

import { describe, expect, it } from 'vitest';
import { aiAttackPaths, compareAttackPaths, riskTotals, selectAttackPaths } from '../posture/attack-paths.js';
import { Estate, type EstateFinding } from '../posture/estate.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import {
  compareFindings,
  criticalReasons,
  flattenGroups,
  groupByOwner,
  isMine,
  orderedOpenFindings,
  ownedBy,
  parseFindingQuery,
  selectFindings,
  severityTotals,
} from '../posture/findings.js';
import {
  type AiResource,
  type AttackPath,
  assessmentKey,
  type Finding,
  type RiskLevel,
  resourceId,
  type Severity,
  type Snapshot,
  subscriptionId,
} from '../posture/model.js';
import { DEFAULT_POLICY } from '../posture/policy.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-23T10:42:00Z');
const SUB = subscriptionId('00000000-0000-4000-8000-000000000001');
const ZONES = { default: 2 as const, tagName: 'ai-zone', byResourceGroup: {}, bySubscription: {} };
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function resource(name: string, o: { zone?: 1 | 2 | 3; owner?: string } = {}): AiResource {
  const tags: Record<string, string> = {};
  if (o.zone) tags['ai-zone'] = String(o.zone);
  if (o.owner) tags.owner = o.owner;
  return {
    id: resourceId(
      `/subscriptions/${SUB}/resourceGroups/rg-test/providers/Microsoft.CognitiveServices/accounts/${name}`,
    ),
    name,
    kind: 'openai',
    armType: 'microsoft.cognitiveservices/accounts',
    cloud: 'Azure',
    location: 'westeurope',
    subscriptionId: SUB,
    resourceGroup: 'rg-test',
    tags,
    exposure: {
      publicNetworkAccess: 'Enabled',
      defaultAction: null,
      ipRuleCount: 0,
      privateEndpointCount: 0,
      localAuthEnabled: true,
    },
    identities: [],
    deployments: [],
    links: [],
    connectorId: null,
    nativeId: null,
  };
}

let seq = 0;
function finding(
  on: AiResource,
  o: {
    severity?: Severity;
    detectedAgo?: number;
    owner?: string;
    risk?: RiskLevel;
    status?: Finding['status'];
    cause?: string;
    key?: string;
    name?: string;
  } = {},
): Finding {
  seq++;
  const key = assessmentKey(o.key ?? `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`);
  return {
    id: `${on.id}/providers/microsoft.security/assessments/${key}`,
    key,
    displayName: o.name ?? `Finding ${seq}`,
    resourceId: on.id,
    resourceName: on.name,
    status: o.status ?? 'Unhealthy',
    cause: o.cause ?? null,
    description: null,
    severity: o.severity ?? 'Medium',
    firstEvaluationDate: o.detectedAgo === undefined ? null : ago(o.detectedAgo),
    statusChangeDate: o.detectedAgo === undefined ? null : ago(o.detectedAgo),
    risk: { level: o.risk ?? null, factors: [], attackPathIds: [] },
    categories: [],
    remediation: null,
    portalUri: null,
    governance: o.owner
      ? { id: 'ga', owner: o.owner, remediationDueDate: null, eta: null, isGracePeriod: false, ticket: null }
      : null,
  };
}

function path(id: string, risk: RiskLevel | null, touches: AiResource[], name = `Path ${id}`): AttackPath {
  return {
    id,
    displayName: name,
    description: null,
    riskLevel: risk,
    riskFactors: [],
    entryPoint: 'vm-entry',
    target: touches[0]?.name ?? 'storage',
    steps: ['vm-entry runs as id-x', 'id-x can call the target'],
    resourceIds: [
      resourceId(`/subscriptions/${SUB}/resourcegroups/rg-test/providers/microsoft.compute/virtualmachines/vm-entry`),
      ...touches.map((r) => r.id),
    ],
    assessmentKeys: [],
    remediation: null,
    potentialImpact: null,
    mitre: [],
  };
}

function estateOf(resources: AiResource[], findings: Finding[], attackPaths: AttackPath[] = []): Estate {
  const snapshot: Snapshot = {
    takenAt: NOW.toISOString(),
    tenantId: null,
    subscriptions: [{ id: SUB, name: 'Contoso Test', tags: {} }],
    resources,
    findings,
    attackPaths,
    plans: [],
    secureScores: [],
    issues: [],
    stats: {
      requests: { 'resource-graph': 0, security: 0, 'log-analytics': 0 },
      pages: 0,
      retries: 0,
      throttledWaitsMs: 0,
    },
  };
  return new Estate(snapshot, { zones: ZONES, policy: DEFAULT_POLICY });
}

/** An EstateFinding with just what ordering and grouping read. */
function ef(o: { id: string; critical?: boolean; due?: number | null; detected?: number | null; owner?: string }) {
  const r = resource(`r-${o.id}`);
  return {
    finding: { ...finding(r), id: o.id },
    resource: null,
    zone: 2,
    critical: o.critical ?? false,
    owner: o.owner ? { id: o.owner, source: 'governance-assignment' } : null,
    detectedAt: o.detected === undefined || o.detected === null ? null : new Date(NOW.getTime() + o.detected),
    slaHours: 24,
    dueAt: o.due === undefined || o.due === null ? null : new Date(NOW.getTime() + o.due),
  } satisfies EstateFinding;
}

const ids = (list: readonly EstateFinding[]) => list.map((f) => f.finding.id);

describe('findings order: critical, then earliest due, then newest', () => {
  it('puts critical first, then the earliest due date, then the newest detection, no clock last', () => {
    const list = [
      ef({ id: 'late-due', due: 5 * DAY, detected: -DAY }),
      ef({ id: 'no-clock', due: null, detected: null }),
      ef({ id: 'critical-late', critical: true, due: 30 * DAY, detected: -DAY }),
      ef({ id: 'soon-old', due: DAY, detected: -10 * DAY }),
      ef({ id: 'soon-new', due: DAY, detected: -2 * DAY }),
      ef({ id: 'critical-no-clock', critical: true, due: null }),
      ef({ id: 'overdue', due: -3 * DAY, detected: -40 * DAY }),
    ];
    expect(ids([...list].sort(compareFindings))).toEqual([
      'critical-late',
      'critical-no-clock',
      'overdue',
      'soon-new',
      'soon-old',
      'late-due',
      'no-clock',
    ]);
  });

  it('breaks full ties by id, so pages never reshuffle', () => {
    const a = ef({ id: 'a', due: DAY, detected: -DAY });
    const b = ef({ id: 'b', due: DAY, detected: -DAY });
    expect(ids([b, a].sort(compareFindings))).toEqual(['a', 'b']);
    expect(compareFindings(a, a)).toBe(0);
  });

  it('lists only open findings (not healthy, not exempt) and counts them by severity', () => {
    const r = resource('oai-a');
    const estate = estateOf(
      [r],
      [
        finding(r, { severity: 'High', detectedAgo: DAY }),
        finding(r, { severity: 'Low', detectedAgo: DAY }),
        finding(r, { status: 'Healthy' }),
        finding(r, { cause: 'Exempt', detectedAgo: DAY }),
      ],
    );
    const open = orderedOpenFindings(estate);
    expect(open).toHaveLength(2);
    expect(orderedOpenFindings(estate)).toBe(open); // indexed once per estate
    expect(severityTotals(open)).toEqual({ total: 2, High: 1, Medium: 0, Low: 1, critical: 1 });
  });
});

describe('grouping by owner', () => {
  it('puts "no owner" first, then the group with most critical findings, most findings, earliest due', () => {
    const list = [
      ef({ id: 'ann-1', owner: 'ann@contoso.com', due: 5 * DAY }),
      ef({ id: 'ann-2', owner: 'ann@contoso.com', due: 4 * DAY }),
      ef({ id: 'ann-3', owner: 'ann@contoso.com', due: 6 * DAY }),
      ef({ id: 'bob-1', owner: 'bob@contoso.com', critical: true, due: 9 * DAY }),
      ef({ id: 'nobody-1', due: 20 * DAY }),
      ef({ id: 'cid-1', owner: 'cid@contoso.com', due: 2 * DAY }),
      ef({ id: 'dee-1', owner: 'dee@contoso.com', due: DAY }),
      ef({ id: 'eve-1', owner: 'eve@contoso.com', due: DAY }),
    ];
    const groups = groupByOwner(list);
    expect(groups.map((g) => [g.owner, g.findings.length, g.critical])).toEqual([
      [null, 1, 0],
      ['bob@contoso.com', 1, 1],
      ['ann@contoso.com', 3, 0],
      ['dee@contoso.com', 1, 0],
      ['eve@contoso.com', 1, 0],
      ['cid@contoso.com', 1, 0],
    ]);
    // Within a group, the usual order: earliest due first.
    expect(ids(groups[2]!.findings)).toEqual(['ann-2', 'ann-1', 'ann-3']);
    expect(groups[2]!.earliestDue).toEqual(new Date(NOW.getTime() + 4 * DAY));

    const rows = flattenGroups(groups);
    expect(rows).toHaveLength(list.length);
    expect(rows.filter((r) => r.firstOfGroup).map((r) => r.group.owner)).toEqual(groups.map((g) => g.owner));
    expect(rows.slice(2, 5).map((r) => [r.finding.finding.id, r.firstOfGroup])).toEqual([
      ['ann-2', true],
      ['ann-1', false],
      ['ann-3', false],
    ]);
  });

  it('returns no groups for no findings', () => {
    expect(groupByOwner([])).toEqual([]);
  });
});

describe('the SLA window', () => {
  // Zone 2 (the default) Medium: 60-day SLA, so "due soon" is its last quarter, 15 days.
  // Zone 3 critical: 72 hours, whose quarter (18 h) is shorter than the 24-hour floor.
  const medium = resource('oai-medium');
  const regulated = resource('oai-regulated', { zone: 3 });
  const mediumFinding = finding(medium, { severity: 'Medium', detectedAgo: 0 });
  const criticalFinding = finding(regulated, { severity: 'High', detectedAgo: 0 });
  const estate = estateOf([medium, regulated], [mediumFinding, criticalFinding]);
  const vocab = vocabularyOf(estate);
  const due = new Date(NOW.getTime() + 60 * DAY);
  const criticalDue = new Date(NOW.getTime() + 72 * HOUR);
  const at = (ms: number) => new Date(ms);
  const selected = (words: string, now: Date) =>
    selectFindings(estate, parseFindingQuery(words, estate, vocab), now).map((f) => f.finding.resourceName);

  it('computes the due dates from the zone policy', () => {
    const [critical, med] = orderedOpenFindings(estate);
    expect(critical?.dueAt).toEqual(criticalDue);
    expect(med?.dueAt).toEqual(due);
  });

  it('opens "due soon" exactly at the last quarter of the SLA', () => {
    expect(selected('due soon oai-medium', at(due.getTime() - 15 * DAY - 1))).toEqual([]);
    expect(selected('due soon oai-medium', at(due.getTime() - 15 * DAY))).toEqual(['oai-medium']);
  });

  it('uses a 24-hour window when the quarter is shorter', () => {
    expect(selected('due soon oai-regulated', at(criticalDue.getTime() - 24 * HOUR - 1))).toEqual([]);
    expect(selected('due soon oai-regulated', at(criticalDue.getTime() - 24 * HOUR))).toEqual(['oai-regulated']);
  });

  it('is still due soon at the due instant and overdue one millisecond later', () => {
    expect(selected('due soon oai-medium', due)).toEqual(['oai-medium']);
    expect(selected('overdue oai-medium', due)).toEqual([]);
    expect(selected('overdue oai-medium', at(due.getTime() + 1))).toEqual(['oai-medium']);
    expect(selected('due soon oai-medium', at(due.getTime() + 1))).toEqual([]);
  });

  it('never puts a finding without a detection date on an SLA list', () => {
    const r = resource('oai-undated');
    const e = estateOf([r], [finding(r)]);
    const v = vocabularyOf(e);
    expect(selectFindings(e, parseFindingQuery('overdue', e, v), at(NOW.getTime() + 9999 * DAY))).toEqual([]);
    expect(selectFindings(e, parseFindingQuery('due soon', e, v), NOW)).toEqual([]);
    expect(selectFindings(e, parseFindingQuery('', e, v), NOW)).toHaveLength(1);
  });
});

describe('parsing a findings question', () => {
  const a = resource('oai-alpha', { zone: 3, owner: 'ann@contoso.com' });
  const b = resource('oai-beta', { zone: 1 });
  const estate = estateOf(
    [a, b],
    [
      finding(a, { severity: 'High', detectedAgo: 10 * DAY }),
      finding(a, { severity: 'Low', detectedAgo: DAY }),
      finding(b, { severity: 'High', detectedAgo: DAY, owner: 'bob@contoso.com' }),
      finding(b, { severity: 'Medium', detectedAgo: DAY }),
    ],
  );
  const vocab = vocabularyOf(estate);

  it('understands severities, zones, resource names, SLA words and "no owner", and reports the rest', () => {
    const q = parseFindingQuery('high open findings zone 3 overdue oai-alpha no owner frobnicate', estate, vocab);
    expect(q.filters.severities).toEqual(['High']);
    expect(q.filters.zones).toEqual([3]);
    expect(q.sla).toBe('overdue');
    expect(q.unowned).toBe(true);
    expect([...(q.resourceIds ?? [])]).toEqual([a.id]);
    expect(q.filters.unrecognized).toEqual(['frobnicate']);
    expect(q.labels).toEqual(['zone 3', 'High', 'overdue', 'no owner', 'oai-alpha']);
  });

  it('selects by severity, zone, resource and ownership', () => {
    const pick = (words: string) =>
      selectFindings(estate, parseFindingQuery(words, estate, vocab), NOW).map(
        (f) => `${f.finding.resourceName}/${f.finding.severity}`,
      );
    // Both High findings are critical; oai-alpha's (zone 3, 72 h) fell due first.
    expect(pick('high')).toEqual(['oai-alpha/High', 'oai-beta/High']);
    expect(pick('zone 1')).toEqual(['oai-beta/High', 'oai-beta/Medium']);
    expect(pick('oai-alpha')).toEqual(['oai-alpha/High', 'oai-alpha/Low']);
    expect(pick('no owner')).toEqual(['oai-beta/Medium']);
    expect(pick('critical').every((x) => x.endsWith('/High'))).toBe(true);
  });
});

describe('what a person owns', () => {
  const OBJECT_ID = '9e305e72-14ef-4a1c-b64b-f02e6f61725b';
  const mine = resource('oai-mine', { owner: 'Sofia.Rossi@contoso.com' });
  const theirs = resource('oai-theirs', { owner: 'ben.carter@contoso.com' });
  const byGuid = resource('oai-guid', { owner: OBJECT_ID });
  const assignedToMe = finding(theirs, { owner: 'sofia.rossi@contoso.com', detectedAgo: DAY, name: 'assigned to me' });
  const onMyResource = finding(mine, { detectedAgo: 2 * DAY, name: 'on my resource' });
  const assignedAwayOnMine = finding(mine, {
    owner: 'ben.carter@contoso.com',
    detectedAgo: 3 * DAY,
    name: 'given away',
  });
  const notMine = finding(theirs, { detectedAgo: DAY, name: 'not mine' });
  const guidOwned = finding(byGuid, { detectedAgo: DAY, name: 'by object id' });
  const estate = estateOf(
    [mine, theirs, byGuid],
    [assignedToMe, onMyResource, assignedAwayOnMine, notMine, guidOwned, finding(mine, { status: 'Healthy' })],
  );

  it('matches assignments and owner tags by UPN (any case), and object ids where the owner is a GUID', () => {
    const owned = ownedBy(estate, { upn: 'sofia.rossi@contoso.com', objectId: OBJECT_ID.toUpperCase() });
    expect(owned.findings.map((f) => f.finding.displayName).sort()).toEqual(
      ['assigned to me', 'by object id', 'given away', 'on my resource'].sort(),
    );
    expect(owned.resources.map((r) => r.resource.name).sort()).toEqual(['oai-guid', 'oai-mine']);
    // Question order, like every findings list.
    expect(owned.findings).toEqual([...owned.findings].sort(compareFindings));
  });

  it('finds nothing for someone Vigil cannot identify, and never matches a non-GUID object id', () => {
    expect(ownedBy(estate, { upn: null, objectId: null })).toEqual({ findings: [], resources: [] });
    expect(ownedBy(estate, { upn: null, objectId: 'not-a-guid' }).findings).toEqual([]);
    expect(ownedBy(estate, { upn: 'nobody@contoso.com', objectId: null }).findings).toEqual([]);
  });

  it('tells mine from not mine', () => {
    const me = { upn: 'sofia.rossi@contoso.com', objectId: OBJECT_ID };
    expect(isMine('SOFIA.ROSSI@contoso.com', me)).toBe(true);
    expect(isMine(OBJECT_ID, me)).toBe(true);
    expect(isMine('ben.carter@contoso.com', me)).toBe(false);
    expect(isMine(null, me)).toBe(false);
  });
});

describe('why a finding is critical', () => {
  it('names every part of the rule that applies', () => {
    const r = resource('oai-crit');
    const f = finding(r, {
      severity: 'High',
      risk: 'Critical',
      detectedAgo: DAY,
      key: '13b10b36-aa99-4db6-b00c-dcf87c4761e6',
    });
    const p = { ...path('p1', 'High', [r]), assessmentKeys: [f.key] };
    const plain = finding(r, { severity: 'Low', detectedAgo: DAY });
    const estate = estateOf([r], [f, plain], [p]);
    const [critical, notCritical] = orderedOpenFindings(estate);
    expect(criticalReasons(critical!)).toEqual(['High severity', 'Critical risk level', 'on an attack path']);
    expect(criticalReasons(notCritical!)).toEqual([]);
  });
});

describe('attack paths to AI resources', () => {
  const z3 = resource('oai-z3', { zone: 3 });
  const z1 = resource('oai-z1', { zone: 1 });
  const paths = [
    path('p-low', 'Low', [z1], 'Alpha'),
    path('p-crit-b', 'Critical', [z1], 'Bravo'),
    path('p-none', null, [z3], 'Alpha'),
    path('p-high', 'High', [z3], 'Alpha'),
    path('p-crit-a', 'Critical', [z3, z1], 'Alpha'),
    path('p-medium', 'Medium', [z1], 'Alpha'),
    { ...path('p-elsewhere', 'Critical', []), target: 'storage only' },
  ];
  const estate = estateOf([z3, z1], [], paths);
  const vocab = vocabularyOf(estate);
  const order = (list: readonly { path: AttackPath }[]) => list.map((v) => v.path.id);

  it('keeps only paths that touch an AI resource, highest risk first, then by name', () => {
    expect(order(aiAttackPaths(estate))).toEqual(['p-crit-a', 'p-crit-b', 'p-high', 'p-medium', 'p-low', 'p-none']);
    expect(aiAttackPaths(estate)[0]?.aiResources.map((r) => r.resource.name)).toEqual(['oai-z3', 'oai-z1']);
    expect(compareAttackPaths(paths[1]!, paths[1]!)).toBe(0);
  });

  it('scopes by the AI resources on the path and reads severity words as risk levels', () => {
    expect(order(selectAttackPaths(estate, parseFilters('zone 3', vocab)))).toEqual(['p-crit-a', 'p-high', 'p-none']);
    expect(order(selectAttackPaths(estate, parseFilters('critical', vocab)))).toEqual(['p-crit-a', 'p-crit-b']);
    expect(order(selectAttackPaths(estate, parseFilters('high zone 3', vocab)))).toEqual(['p-high']);
    expect(order(selectAttackPaths(estate, parseFilters('', vocab), new Set([z1.id])))).toEqual([
      'p-crit-a',
      'p-crit-b',
      'p-medium',
      'p-low',
    ]);
    expect(riskTotals(selectAttackPaths(estate, parseFilters('', vocab)))).toEqual({
      total: 6,
      Critical: 2,
      High: 1,
      Medium: 1,
      Low: 1,
      unknown: 1,
    });
  });
});
