// Pure mapping of Azure rows to the domain, and the quota arithmetic: the
// shapes Azure is known to vary in (REFERENCE.md), one case each.
import { describe, expect, it } from 'vitest';
import { aiKindOf, cloudOf, mapInventory, mapPricings, mapSecureScore } from '../azure/map.js';
import { mapAttackPath } from '../azure/map-attack-paths.js';
import { assessmentIdOfAssignment, mapFindings } from '../azure/map-findings.js';
import { mapPromptVolume } from '../azure/map-logs.js';
import { formatQuotaDuration, parseQuotaDuration, QuotaGate, type Timers } from '../azure/throttle.js';
import { assessmentRow, attackPathRow, governanceRow, inventoryRow } from '../azure/wire.js';

const ACCOUNT = '/subscriptions/AAAA/resourceGroups/RG/providers/Microsoft.CognitiveServices/accounts/OAI';
const KEY = '13b10b36-aa99-4db6-b00c-dcf87c4761e6';

describe('AI inventory', () => {
  it('names the AI kind from ARM type and kind, across clouds', () => {
    expect(aiKindOf('Microsoft.CognitiveServices/accounts', 'OpenAI')).toBe('openai');
    expect(aiKindOf('microsoft.cognitiveservices/accounts', 'aiservices')).toBe('ai-services');
    expect(aiKindOf('microsoft.cognitiveservices/accounts', 'TextAnalytics')).toBeNull();
    expect(aiKindOf('microsoft.cognitiveservices/accounts/projects', '')).toBe('foundry-project');
    expect(aiKindOf('microsoft.machinelearningservices/workspaces', 'Hub')).toBe('ml-hub');
    expect(aiKindOf('microsoft.machinelearningservices/workspaces', 'Default')).toBe('ml-workspace');
    expect(aiKindOf('microsoft.awsconnector/bedrockagents', null)).toBe('bedrock');
    expect(cloudOf('microsoft.gcpconnector/vertexaiendpoints')).toBe('GCP');
    expect(cloudOf('microsoft.security/whatever', 'Aws')).toBe('AWS');
  });

  it('reads exposure, identities and the BOM from one row plus the deployment and link queries', () => {
    const row = inventoryRow.parse({
      id: ACCOUNT,
      name: 'OAI',
      type: 'Microsoft.CognitiveServices/accounts',
      kind: 'OpenAI',
      location: 'westeurope',
      subscriptionId: 'AAAA',
      resourceGroup: 'RG',
      tags: { owner: 'x@contoso.com', cost: 12 },
      identity: {
        type: 'SystemAssigned, UserAssigned',
        principalId: 'p-sys',
        userAssignedIdentities: {
          '/subscriptions/AAAA/resourceGroups/RG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ID1': {
            principalId: 'p-ua',
          },
        },
      },
      properties: {
        publicNetworkAccess: 'Enabled',
        networkAcls: { defaultAction: 'Allow', ipRules: [{ value: '1.2.3.4' }] },
        privateEndpointConnections: [
          {
            properties: {
              privateEndpoint: {
                id: '/subscriptions/AAAA/resourceGroups/RG/providers/Microsoft.Network/privateEndpoints/PE1',
              },
            },
          },
        ],
      },
    });
    const { resources, unrecognised } = mapInventory({
      inventory: [row],
      deployments: [
        {
          id: `${ACCOUNT}/deployments/gpt4o`,
          name: 'OAI/gpt4o',
          sku: { name: 'GlobalStandard', capacity: 50 },
          modelName: 'gpt-4o',
          modelVersion: '',
          modelFormat: 'OpenAI',
          raiPolicyName: '',
        },
      ],
      linked: [
        {
          aiId: ACCOUNT.toLowerCase(),
          linkedId: '/subscriptions/aaaa/x/st1',
          name: 'st1',
          type: 'Microsoft.Storage/storageAccounts',
          publicNetworkAccess: '',
        },
      ],
    });
    expect(unrecognised).toEqual([]);
    const [r] = resources;
    expect(r?.id).toBe(ACCOUNT.toLowerCase());
    expect(r?.tags).toEqual({ owner: 'x@contoso.com', cost: '12' });
    expect(r?.exposure).toEqual({
      publicNetworkAccess: 'Enabled',
      defaultAction: 'Allow',
      ipRuleCount: 1,
      privateEndpointCount: 1,
      localAuthEnabled: true,
    });
    expect(r?.identities.map((i) => i.kind)).toEqual(['SystemAssigned', 'UserAssigned']);
    expect(r?.deployments).toEqual([
      {
        name: 'gpt4o',
        model: 'gpt-4o',
        modelVersion: null,
        modelFormat: 'OpenAI',
        sku: 'GlobalStandard',
        capacity: 50,
        contentFilter: null,
      },
    ]);
    expect(r?.links.map((l) => l.role).sort()).toEqual(['identity', 'private-endpoint', 'storage']);
    expect(r?.links.find((l) => l.role === 'storage')?.publicNetworkAccess).toBeNull();
  });
});

describe('findings', () => {
  const assessment = (extra: Record<string, unknown> = {}) =>
    assessmentRow.parse({
      id: `${ACCOUNT}/providers/Microsoft.Security/assessments/${KEY}`,
      name: KEY,
      resourceId: '',
      properties: {
        displayName: 'Disable local auth',
        status: { code: 'Unhealthy', cause: 'Exempt', statusChangeDate: '2025-01-01T00:00:00Z' },
        resourceDetails: { Source: 'Azure', id: ACCOUNT },
        metadata: { severity: 'High', categories: ['IdentityAndAccess'] },
        risk: { level: 'critical', riskFactors: ['Internet exposure'], attackPathsReferences: ['ap-1'] },
        ...extra,
      },
    });

  it('joins the governance assignment whatever the casing of its id', () => {
    const gov = governanceRow.parse({
      id: `${ACCOUNT}/providers/Microsoft.Security/assessments/${KEY}/governanceAssignments/g1`,
      name: 'g1',
      properties: {
        owner: 'owner@contoso.com',
        remediationDueDate: '2025-02-01T00:00:00Z',
        remediationEta: { eta: '2025-01-20T00:00:00Z', justification: 'change freeze' },
        isGracePeriod: true,
        additionalData: { ticketNumber: 4711, ticketLink: 'https://t/4711', ticketStatus: 'Open' },
      },
    });
    expect(assessmentIdOfAssignment(gov.id)).toBe(
      `${ACCOUNT}/providers/Microsoft.Security/assessments/${KEY}`.toLowerCase(),
    );
    const { findings } = mapFindings([assessment()], [gov]);
    expect(findings[0]).toMatchObject({
      key: KEY,
      resourceId: ACCOUNT.toLowerCase(),
      resourceName: 'OAI',
      cause: 'Exempt',
      severity: 'High',
      risk: { level: 'Critical', factors: ['Internet exposure'], attackPathIds: ['ap-1'] },
      governance: {
        owner: 'owner@contoso.com',
        eta: { justification: 'change freeze' },
        isGracePeriod: true,
        ticket: { number: '4711' },
      },
    });
  });

  it('sets aside an assessment without a readable status instead of guessing', () => {
    const { findings, unreadable } = mapFindings([assessment({ status: { code: 'Weird' } })], []);
    expect(findings).toEqual([]);
    expect(unreadable).toHaveLength(1);
  });
});

describe('attack paths', () => {
  const entityId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app1';
  it('maps the documented shape (graphComponent, internal ids)', () => {
    const path = mapAttackPath(
      attackPathRow.parse({
        id: '/subscriptions/s/providers/Microsoft.Security/attackPaths/p1',
        name: 'p1',
        properties: {
          displayName: 'Internet to OpenAI',
          entryPointEntityInternalID: 'e1',
          targetEntityInternalID: 'e2',
          manualRemediationSteps: ['Close the port', 'Disable keys'],
          graphComponent: {
            entities: [
              { entityInternalID: 'e1', entityName: 'app1', entityIdentifiers: { azureResourceId: entityId } },
              { entityInternalID: 'e2', entityName: 'OAI', entityIdentifiers: { azureResourceId: ACCOUNT } },
            ],
            connections: [{ sourceEntityInternalID: 'e1', targetEntityInternalID: 'e2', title: 'can authenticate to' }],
          },
          assessments: [{ entityInternalID: 'e2', assessmentKeys: [KEY.toUpperCase()] }],
        },
      }),
    );
    expect(path).toMatchObject({
      id: 'p1',
      entryPoint: 'app1',
      target: 'OAI',
      steps: ['app1 → OAI (can authenticate to)'],
      resourceIds: [ACCOUNT.toLowerCase(), entityId.toLowerCase()].sort(),
      assessmentKeys: [KEY],
      remediation: 'Close the port\nDisable keys',
      riskLevel: null,
    });
  });

  it('maps the shape seen on live tenants', () => {
    const path = mapAttackPath(
      attackPathRow.parse({
        id: '/x/attackPaths/p2',
        name: 'p2',
        properties: {
          riskLevel: 'High',
          riskFactors: ['Sensitive data'],
          entryPoint: { name: 'vm1' },
          target: ACCOUNT,
          attackPathSteps: [{ description: 'vm1 has a key to OAI' }],
          mITRETacticsAndTechniques: [{ tactic: 'Credential Access', techniques: [{ name: 'T1552' }] }],
        },
      }),
    );
    expect(path).toMatchObject({
      displayName: 'p2',
      riskLevel: 'High',
      entryPoint: 'vm1',
      target: ACCOUNT,
      steps: ['vm1 has a key to OAI'],
      resourceIds: [ACCOUNT.toLowerCase()],
      mitre: ['Credential Access: T1552'],
    });
  });
});

describe('plans and scores', () => {
  it('reads extensions from the raw pricing and the default initiative score', () => {
    const plans = mapPricings('SUB', {
      value: [
        {
          name: 'AI',
          properties: {
            pricingTier: 'Standard',
            extensions: [
              { name: 'AIPromptEvidence', isEnabled: 'True' },
              { name: 'AIModelScanner', isEnabled: 'False' },
            ],
          },
        },
      ],
    });
    expect(plans).toEqual([
      {
        subscriptionId: 'sub',
        plan: 'AI',
        tier: 'Standard',
        subPlan: null,
        enabledSince: null,
        extensions: [
          { name: 'AIPromptEvidence', enabled: true },
          { name: 'AIModelScanner', enabled: false },
        ],
      },
    ]);
    expect(
      mapSecureScore('SUB', [
        { name: 'other', max: 1, current: 1 },
        { name: 'ascScore', max: 50, current: 20, percentage: 0.4 },
      ]),
    ).toEqual({
      subscriptionId: 'sub',
      current: 20,
      max: 50,
      percentage: 0.4,
    });
  });
});

describe('prompt volume series', () => {
  it('is dense over [start, end): missing bins are zero, rows outside the window are ignored', () => {
    const start = new Date('2025-01-01T00:00:00Z');
    const end = new Date('2025-01-01T00:30:00Z');
    const series = mapPromptVolume('WS', start, end, 300_000, [
      { ResourceId: '/X', Bin: new Date('2025-01-01T00:05:00Z'), Requests: 7 },
      { ResourceId: '/x', Bin: '2025-01-01T00:25:00Z', Requests: 2 },
      { ResourceId: '/x', Bin: new Date('2025-01-01T00:30:00Z'), Requests: 99 },
      { ResourceId: '/x', Bin: new Date('2024-12-31T23:55:00Z'), Requests: 99 },
    ]);
    expect(series).toEqual([
      { resourceId: '/x', workspaceId: 'ws', start: start.toISOString(), binMs: 300_000, counts: [0, 7, 0, 0, 0, 2] },
    ]);
  });
});

describe('quota pacing', () => {
  it('formats and parses hh:mm:ss, rounding waits up', () => {
    expect(formatQuotaDuration(4_001)).toBe('00:00:05');
    expect(formatQuotaDuration(3_725_000)).toBe('01:02:05');
    expect(parseQuotaDuration('00:00:05')).toBe(5_000);
    expect(parseQuotaDuration('1.00:00:01')).toBe(86_401_000);
    expect(parseQuotaDuration('soon')).toBeNull();
  });

  it('probes once, spends the remaining quota, then waits for the reset', async () => {
    let now = 0;
    const slept: number[] = [];
    const timers: Timers = {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    };
    const gate = new QuotaGate(timers);
    expect(await gate.acquire()).toBe(0);
    // A second caller waits for the probe's answer before going.
    let second = false;
    const secondP = gate.acquire().then(() => {
      second = true;
    });
    await Promise.resolve();
    expect(second).toBe(false);
    gate.settle(1, 5_000);
    await secondP;
    expect(second).toBe(true);
    gate.settle(0, 5_000);
    expect(await gate.acquire()).toBe(5_000);
    expect(slept).toEqual([5_000]);
  });
});
