// The inventory queries over a small hand-built estate: counting, ordering, filtering, finding a
// resource by a half-remembered name, the AI-BOM view and ownership.

import { describe, expect, it } from 'vitest';
import { Estate } from '../posture/estate.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import {
  bomView,
  exposureBadges,
  findResource,
  inventory,
  inventoryRow,
  shortSubscriptionNames,
} from '../posture/inventory.js';
import {
  type AiResource,
  type AiResourceKind,
  type AttackPath,
  assessmentKey,
  type Cloud,
  type Finding,
  resourceId,
  type Severity,
  type Snapshot,
  subscriptionId,
} from '../posture/model.js';
import { DEFAULT_POLICY } from '../posture/policy.js';
import { boundedDistance } from '../posture/text.js';
import type { ZoneRules } from '../posture/zones.js';

const NOW = new Date('2026-11-23T10:42:00Z');
const DAY = 86_400_000;
const SUB_PROD = subscriptionId('11111111-1111-4111-8111-111111111111');
const SUB_SBX = subscriptionId('22222222-2222-4222-8222-222222222222');
const SUB_AWS = subscriptionId('33333333-3333-4333-8333-333333333333');
const ZONES: ZoneRules = { default: 2, tagName: 'ai-zone', byResourceGroup: {}, bySubscription: {} };

// ---- fixture builders -------------------------------------------------------------------------

interface ResourceSpec {
  name: string;
  kind?: AiResourceKind;
  sub?: typeof SUB_PROD;
  rg?: string;
  location?: string;
  cloud?: Cloud;
  tags?: Record<string, string>;
  exposure?: Partial<AiResource['exposure']>;
  deployments?: AiResource['deployments'];
  links?: AiResource['links'];
  identities?: AiResource['identities'];
  nativeId?: string | null;
}

function armId(sub: string, rg: string, name: string, kind: AiResourceKind): string {
  const provider = kind === 'bedrock' ? 'Microsoft.AwsConnector/bedrockAgents' : 'Microsoft.CognitiveServices/accounts';
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider}/${name}`;
}

function res(s: ResourceSpec): AiResource {
  const kind = s.kind ?? 'openai';
  const sub = s.sub ?? SUB_PROD;
  const rg = s.rg ?? 'rg-claims-ai-prod';
  return {
    id: resourceId(armId(sub, rg, s.name, kind)),
    name: s.name,
    kind,
    armType: 'microsoft.cognitiveservices/accounts',
    cloud: s.cloud ?? 'Azure',
    location: s.location ?? 'westeurope',
    subscriptionId: sub,
    resourceGroup: rg,
    tags: s.tags ?? {},
    exposure: {
      publicNetworkAccess: 'Disabled',
      defaultAction: 'Deny',
      ipRuleCount: 0,
      privateEndpointCount: 0,
      localAuthEnabled: false,
      ...s.exposure,
    },
    identities: s.identities ?? [],
    deployments: s.deployments ?? [],
    links: s.links ?? [],
    connectorId: null,
    nativeId: s.nativeId ?? null,
  };
}

let findingSeq = 0;
function finding(r: AiResource, severity: Severity, detectedDaysAgo: number, extra: Partial<Finding> = {}): Finding {
  const key = assessmentKey(`00000000-0000-4000-8000-${String(++findingSeq).padStart(12, '0')}`);
  const detected = new Date(NOW.getTime() - detectedDaysAgo * DAY).toISOString();
  return {
    id: `${r.id}/providers/Microsoft.Security/assessments/${key}`,
    key,
    displayName: `Finding ${findingSeq} on ${r.name}`,
    resourceId: r.id,
    resourceName: r.name,
    status: 'Unhealthy',
    cause: null,
    description: null,
    severity,
    firstEvaluationDate: detected,
    statusChangeDate: detected,
    risk: { level: null, factors: [], attackPathIds: [] },
    categories: [],
    remediation: null,
    portalUri: `https://portal.azure.com/#assessment/${key}`,
    governance: null,
    ...extra,
  };
}

function snapshotOf(resources: AiResource[], findings: Finding[], attackPaths: AttackPath[] = []): Snapshot {
  return {
    takenAt: NOW.toISOString(),
    tenantId: null,
    subscriptions: [
      { id: SUB_PROD, name: 'Contoso Claims AI - Production', tags: { 'ai-zone': '1' } },
      { id: SUB_SBX, name: 'Contoso Research Sandbox', tags: { 'ai-zone': '3' } },
      { id: SUB_AWS, name: 'Contoso Multicloud Connectors', tags: {} },
    ],
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
}

const estateOf = (s: Snapshot) => new Estate(s, { zones: ZONES, policy: DEFAULT_POLICY });

// ---- the fixture estate -----------------------------------------------------------------------

const claimsWeu = res({
  name: 'oai-claims-prod-weu',
  tags: { owner: 'Priya.Raman@contoso.com' },
  exposure: { privateEndpointCount: 1, localAuthEnabled: true },
  identities: [
    { kind: 'SystemAssigned', principalId: 'p-1', resourceId: null },
    {
      kind: 'UserAssigned',
      principalId: 'p-2',
      resourceId: resourceId(`/subscriptions/${SUB_PROD}/resourcegroups/rg/providers/x/uai-claims`),
    },
  ],
  deployments: [
    {
      name: 'gpt-4o',
      model: 'gpt-4o',
      modelVersion: '2024-11-20',
      modelFormat: 'OpenAI',
      sku: 'GlobalStandard',
      capacity: 530,
      contentFilter: 'Microsoft.DefaultV2',
    },
    {
      name: 'raw',
      model: 'gpt-4o-mini',
      modelVersion: null,
      modelFormat: null,
      sku: null,
      capacity: null,
      contentFilter: null,
    },
  ],
  links: [
    {
      id: resourceId(`/subscriptions/${SUB_PROD}/resourcegroups/rg/providers/x/uai-claims`),
      name: 'uai-claims',
      type: 'microsoft.managedidentity/userassignedidentities',
      role: 'identity',
      publicNetworkAccess: null,
    },
    {
      id: resourceId('/subscriptions/x/providers/microsoft.network/privateendpoints/pe-claims'),
      name: 'pe-claims',
      type: 'microsoft.network/privateendpoints',
      role: 'private-endpoint',
      publicNetworkAccess: null,
    },
    {
      id: resourceId('/subscriptions/x/providers/microsoft.storage/storageaccounts/stclaims'),
      name: 'stclaims',
      type: 'microsoft.storage/storageaccounts',
      role: 'storage',
      publicNetworkAccess: 'enabled',
    },
  ],
});
const claimsSdc = res({ name: 'oai-claims-prod-sdc', location: 'swedencentral' });
const claimsAis = res({
  name: 'ais-claims-prod-weu',
  kind: 'ai-services',
  exposure: { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' },
});
const sandboxA = res({
  name: 'oai-rsch-sbx',
  sub: SUB_SBX,
  rg: 'rg-research',
  location: 'westus3',
  tags: { owner: 'lars.nilsson@contoso.com' },
  exposure: { publicNetworkAccess: 'Enabled', defaultAction: 'Allow', localAuthEnabled: true },
});
const sandboxB = res({
  name: 'rsch-agents',
  kind: 'foundry-project',
  sub: SUB_SBX,
  rg: 'rg-research',
  location: 'westus3',
});
/** Same name in another resource group: only a choice card can tell them apart. */
const twinA = res({ name: 'shared-embeddings', rg: 'rg-a' });
const twinB = res({ name: 'shared-embeddings', rg: 'rg-b', sub: SUB_SBX });
const bedrock = res({
  name: 'care-faq-agent',
  kind: 'bedrock',
  cloud: 'AWS',
  sub: SUB_AWS,
  rg: 'rg-mdc-aws',
  location: 'aws-us-east-1',
  tags: { owner: 'ben.carter@contoso.com' },
  exposure: { publicNetworkAccess: null, defaultAction: null, localAuthEnabled: null },
  nativeId: 'arn:aws:bedrock:us-east-1:123:agent/A1',
});

const path: AttackPath = {
  id: 'ap-1',
  displayName: 'Internet-exposed VM can reach oai-claims-prod-weu',
  description: null,
  riskLevel: 'Critical',
  riskFactors: [],
  entryPoint: 'vm-web',
  target: 'oai-claims-prod-weu',
  steps: [],
  resourceIds: [claimsWeu.id],
  assessmentKeys: [],
  remediation: null,
  potentialImpact: null,
  mitre: [],
};

const findings: Finding[] = [
  // Zone 1 High: 30-day SLA, detected 40 days ago → overdue by 10 days. Assigned by governance to dana.
  finding(claimsWeu, 'High', 40, {
    governance: {
      id: 'g1',
      owner: 'Dana.Ortiz@contoso.com',
      remediationDueDate: null,
      eta: null,
      isGracePeriod: false,
      ticket: null,
    },
  }),
  // Zone 1 Low: 180-day SLA, detected 10 days ago → 170 days left. Owner falls back to the tag (priya).
  finding(claimsWeu, 'Low', 10),
  finding(sandboxA, 'Medium', 1),
  finding(sandboxA, 'Low', 1),
  finding(claimsAis, 'Medium', 1),
  // Exempt and healthy findings are not open.
  finding(claimsSdc, 'High', 1, { cause: 'Exempt' }),
  finding(claimsSdc, 'High', 1, { status: 'Healthy' }),
];

const resources = [claimsWeu, claimsSdc, claimsAis, sandboxA, sandboxB, twinA, twinB, bedrock];
const estate = estateOf(snapshotOf(resources, findings, [path]));
const vocab = vocabularyOf(estate);
const names = (rs: readonly { resource: AiResource }[]) => rs.map((r) => r.resource.name);

describe('inventory', () => {
  it('counts every resource by kind, cloud and zone', () => {
    const view = inventory(estate, parseFilters('', vocab));
    expect(view.total).toBe(resources.length);
    expect(view.byKind).toEqual([
      { label: 'Azure OpenAI', count: 5 },
      { label: 'AI Services', count: 1 },
      { label: 'AWS Bedrock', count: 1 },
      { label: 'Foundry project', count: 1 },
    ]);
    expect(view.byCloud).toEqual([
      { label: 'Azure', count: 7 },
      { label: 'AWS', count: 1 },
    ]);
    // The AWS connector subscription has no zone tag: the default zone (2).
    expect(view.byZone).toEqual([
      { zone: 3, label: 'Zone 3', count: 3 },
      { zone: 2, label: 'Zone 2', count: 1 },
      { zone: 1, label: 'Zone 1', count: 4 },
    ]);
  });

  it('orders by zone (3 first), then open findings, then name', () => {
    const view = inventory(estate, parseFilters('', vocab));
    expect(names(view.resources)).toEqual([
      'oai-rsch-sbx', // zone 3, 2 open
      'rsch-agents', // zone 3, 0 open
      'shared-embeddings', // zone 3 (sandbox twin)
      'care-faq-agent', // zone 2
      'oai-claims-prod-weu', // zone 1, 2 open
      'ais-claims-prod-weu', // zone 1, 1 open
      'oai-claims-prod-sdc', // zone 1, 0 open (exempt and healthy do not count)
      'shared-embeddings',
    ]);
  });

  it('filters by kind, zone, cloud, subscription, owner and exposure', () => {
    const q = (args: string) => names(inventory(estate, parseFilters(args, vocab)).resources);
    expect(q('openai zone 1')).toEqual(['oai-claims-prod-weu', 'oai-claims-prod-sdc', 'shared-embeddings']);
    expect(q('aws')).toEqual(['care-faq-agent']);
    expect(q('bedrock')).toEqual(['care-faq-agent']);
    expect(q('in research')).toEqual(['oai-rsch-sbx', 'rsch-agents', 'shared-embeddings']);
    expect(q('owner priya')).toEqual(['oai-claims-prod-weu']);
    expect(q('public')).toEqual(['oai-rsch-sbx', 'ais-claims-prod-weu']);
    expect(q('local auth on')).toEqual(['oai-rsch-sbx', 'oai-claims-prod-weu']);
    expect(q('private')).not.toContain('oai-rsch-sbx');
    expect(q('zone 3 bedrock')).toEqual([]);
  });

  it('reads severity and "critical" as "with such an open finding"', () => {
    const q = (args: string) => names(inventory(estate, parseFilters(args, vocab)).resources);
    expect(q('high')).toEqual(['oai-claims-prod-weu']);
    expect(q('medium')).toEqual(['oai-rsch-sbx', 'ais-claims-prod-weu']);
    expect(q('critical')).toEqual(['oai-claims-prod-weu']);
  });

  it('describes a row with what a reader should notice', () => {
    const row = inventoryRow(estate, estate.resource(sandboxA.id)!);
    expect(row).toMatchObject({
      name: 'oai-rsch-sbx',
      kind: 'Azure OpenAI',
      zone: 3,
      subscription: 'Research Sandbox',
      region: 'westus3',
      owner: 'lars.nilsson@contoso.com',
      openFindings: 2,
      badges: ['public', 'local auth on'],
    });
    expect(exposureBadges(estate.resource(claimsWeu.id)!)).toEqual(['private endpoint', 'local auth on']);
    expect(exposureBadges(estate.resource(bedrock.id)!)).toEqual([]);
  });

  it('shortens subscription names only by a prefix they all share', () => {
    const short = shortSubscriptionNames([
      { id: 'a', name: 'Contoso Claims' },
      { id: 'b', name: 'Contoso Payments' },
    ]);
    expect([...short.values()]).toEqual(['Claims', 'Payments']);
    const mixed = shortSubscriptionNames([
      { id: 'a', name: 'Contoso Claims' },
      { id: 'b', name: 'Fabrikam Payments' },
    ]);
    expect([...mixed.values()]).toEqual(['Contoso Claims', 'Fabrikam Payments']);
    expect([...shortSubscriptionNames([{ id: 'a', name: 'Contoso' }]).values()]).toEqual(['Contoso']);
  });
});

describe('findResource', () => {
  const found = (q: string) => {
    const l = findResource(estate, q);
    return l.kind === 'found' ? l.resource.resource.name : l.kind;
  };

  it('finds by exact name in any case, and by full ARM id in any case', () => {
    expect(found('OAI-Claims-Prod-WEU')).toBe('oai-claims-prod-weu');
    const mixedCaseId = armId(SUB_PROD, 'rg-claims-ai-prod', 'oai-claims-prod-sdc', 'openai');
    expect(found(mixedCaseId)).toBe('oai-claims-prod-sdc');
    expect(found(`${mixedCaseId}/`)).toBe('oai-claims-prod-sdc');
  });

  it('forgives spaces or underscores for dashes, and finds a unique prefix or substring', () => {
    expect(found('oai claims prod weu')).toBe('oai-claims-prod-weu');
    expect(found('oai_claims_prod_sdc')).toBe('oai-claims-prod-sdc');
    expect(found('care-faq')).toBe('care-faq-agent');
    expect(found('faq')).toBe('care-faq-agent');
  });

  it('offers a choice, most relevant first, when several resources answer', () => {
    const l = findResource(estate, 'oai-claims');
    expect(l.kind).toBe('ambiguous');
    if (l.kind === 'ambiguous') expect(names(l.matches)).toEqual(['oai-claims-prod-weu', 'oai-claims-prod-sdc']);
    const twins = findResource(estate, 'shared-embeddings');
    expect(twins.kind).toBe('ambiguous');
    if (twins.kind === 'ambiguous') {
      expect(twins.matches.map((r) => r.resource.resourceGroup)).toEqual(['rg-b', 'rg-a']);
    }
  });

  it('answers a near miss directly and says what was asked', () => {
    const l = findResource(estate, 'oai-claims-prod-wue');
    expect(l).toMatchObject({ kind: 'found', closestTo: 'oai-claims-prod-wue' });
    if (l.kind === 'found') expect(l.resource.resource.name).toBe('oai-claims-prod-weu');
  });

  it('suggests rather than guesses when two names are equally close', () => {
    // "wdx" is two edits from both "weu" and "sdc".
    const l = findResource(estate, 'oai-claims-prod-wdx');
    expect(l.kind).toBe('none');
    if (l.kind === 'none')
      expect(l.suggestions.slice(0, 2).sort()).toEqual(['oai-claims-prod-sdc', 'oai-claims-prod-weu']);
  });

  it('suggests names that share a word when spelling alone finds nothing close', () => {
    const l = findResource(estate, 'claims-copilot-v2');
    expect(l.kind).toBe('none');
    if (l.kind === 'none') {
      expect(l.suggestions.length).toBeGreaterThan(0);
      for (const s of l.suggestions) expect(s).toContain('claims');
    }
    expect(findResource(estate, 'xyzzy')).toEqual({ kind: 'none', suggestions: [] });
    expect(findResource(estate, '  ')).toEqual({ kind: 'none', suggestions: [] });
    expect(findResource(estate, '---')).toEqual({ kind: 'none', suggestions: [] });
  });
});

/** The textbook edit distance, as the reference the banded one must agree with. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

describe('boundedDistance', () => {
  it('agrees with the full edit distance up to the bound, and says "too far" beyond it', () => {
    // A fixed pseudo-random walk over similar names, so the cases are the same on every run.
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const alphabet = 'abcde-';
    const word = () => Array.from({ length: 3 + (next() % 12) }, () => alphabet[next() % alphabet.length]).join('');
    for (let n = 0; n < 2000; n++) {
      const a = word();
      const b = next() % 3 === 0 ? a.slice(0, -1) + 'x' : word();
      const max = next() % 5;
      const full = editDistance(a, b);
      expect(boundedDistance(a, b, max), `${a} / ${b} / ${max}`).toBe(full <= max ? full : max + 1);
    }
  });
});

describe('bomView', () => {
  const bom = bomView(estate, estate.resource(claimsWeu.id)!, NOW);

  it('says where the resource sits, why, and who owns it', () => {
    expect(bom).toMatchObject({
      name: 'oai-claims-prod-weu',
      kind: 'Azure OpenAI',
      cloud: 'Azure',
      region: 'westeurope',
      subscription: 'Contoso Claims AI - Production',
      resourceGroup: 'rg-claims-ai-prod',
      zone: 1,
      zoneBecause: 'tag ai-zone=1 on the subscription',
      owner: { id: 'priya.raman@contoso.com', source: 'owner tag' },
      findingOwners: ['dana.ortiz@contoso.com'],
      portalUrl: `https://portal.azure.com/#resource${claimsWeu.id}/overview`,
    });
  });

  it('lists exposure, identities, deployments and linked resources', () => {
    expect(bom.exposure.map((e) => [e.label, e.value, e.risky])).toEqual([
      ['Public network access', 'Disabled', false],
      ['Default action', 'Deny', false],
      ['IP rules', '0', false],
      ['Private endpoints', '1', false],
      ['Local auth (API keys)', 'on', true],
    ]);
    expect(bom.identities).toEqual(['System-assigned (principal p-1)', 'User-assigned uai-claims']);
    expect(bom.deployments.map((d) => [d.name, d.contentFilter])).toEqual([
      ['gpt-4o', 'Microsoft.DefaultV2'],
      ['raw', null],
    ]);
    // Storage first; the user-assigned identity is listed once, under identities.
    expect(bom.links.map((l) => [l.roleLabel, l.name, l.publicNetworkAccess])).toEqual([
      ['Storage', 'stclaims', 'Enabled'],
      ['Private endpoint', 'pe-claims', null],
    ]);
  });

  it('puts open findings on their SLA clock, most urgent first, and lists the attack paths', () => {
    expect(bom.openFindings.map((f) => [f.severity, f.countdown, f.sla, f.owner])).toEqual([
      ['High', 'overdue by 10 d', 'overdue', 'dana.ortiz@contoso.com'],
      ['Low', '170 d left', 'on-track', 'priya.raman@contoso.com'],
    ]);
    expect(bom.attackPaths).toEqual([
      { name: path.displayName, risk: 'Critical', entryPoint: 'vm-web', target: 'oai-claims-prod-weu' },
    ]);
  });

  it('gives no portal link for a resource in another cloud, but its native id', () => {
    const aws = bomView(estate, estate.resource(bedrock.id)!, NOW);
    expect(aws.portalUrl).toBeNull();
    expect(aws.nativeId).toBe('arn:aws:bedrock:us-east-1:123:agent/A1');
    expect(aws.exposure.find((e) => e.label === 'Local auth (API keys)')?.value).toBe('unknown');
  });
});

describe('at 100× scale', () => {
  // 6,400 resources: the shape of a large estate, to show the answers stay right (not how fast).
  const big: AiResource[] = [];
  const kinds: AiResourceKind[] = ['openai', 'ai-services', 'foundry-project', 'ml-project'];
  for (let i = 0; i < 6400; i++) {
    big.push(
      res({
        name: `ai-app-${String(i).padStart(4, '0')}`,
        kind: kinds[i % kinds.length],
        sub: i % 2 === 0 ? SUB_PROD : SUB_SBX,
        rg: `rg-${i % 50}`,
      }),
    );
  }
  const bigEstate = estateOf(snapshotOf(big, [finding(big[8]!, 'High', 1)]));
  const bigVocab = vocabularyOf(bigEstate);

  it('counts add up and the resource with a finding leads its zone', () => {
    const view = inventory(bigEstate, parseFilters('', bigVocab));
    expect(view.total).toBe(6400);
    expect(view.byKind.every((k) => k.count === 1600)).toBe(true);
    expect(view.byZone).toEqual([
      { zone: 3, label: 'Zone 3', count: 3200 },
      { zone: 1, label: 'Zone 1', count: 3200 },
    ]);
    expect(view.resources[3200]?.resource.name).toBe('ai-app-0008');
    expect(inventory(bigEstate, parseFilters('foundry zone 1', bigVocab)).total).toBe(1600);
    expect(inventory(bigEstate, parseFilters('foundry zone 3', bigVocab)).total).toBe(0);
  });

  it('finds one resource among thousands by name, prefix or typo', () => {
    const l = findResource(bigEstate, 'ai-app-4242');
    expect(l.kind === 'found' && l.resource.resource.name).toBe('ai-app-4242');
    const prefix = findResource(bigEstate, 'ai-app-42');
    expect(prefix.kind === 'ambiguous' && prefix.matches.length).toBe(100); // ai-app-4200 … ai-app-4299
  });
});
