// Shared fixtures for the store tests: temp directories, a hand-driven clock, and small domain builders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import {
  type AssessmentKey,
  assessmentKey,
  resourceId,
  type Snapshot,
  subscriptionId,
  workspaceId,
} from '../posture/model.js';
import type { OccurrenceInput, Store } from '../store/index.js';
import { openStore } from '../store/index.js';

export const silentLogger = pino({ level: 'silent' });

/** A clock the test moves by hand, so nothing depends on how fast the machine is. */
export function manualClock(start = '2025-03-01T09:00:00.000Z') {
  let now = new Date(start);
  return {
    clock: () => new Date(now.getTime()),
    set: (iso: string) => {
      now = new Date(iso);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fresh directory removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store that is closed after the test. */
export async function openTestStore(file: string, clock: () => Date = manualClock().clock): Promise<Store> {
  const store = await openStore({ file, logger: silentLogger, clock });
  cleanups.push(() => store.close());
  return store;
}

export const KEY_LOCAL_AUTH: AssessmentKey = assessmentKey('13b10b36-aa99-4db6-b00c-dcf87c4761e6');
export const OPENAI = resourceId(
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/oai-claims',
);
export const OPENAI_ASSESSMENT = `${OPENAI}/providers/Microsoft.Security/assessments/${KEY_LOCAL_AUTH}`;

export function occurrence(overrides: Partial<OccurrenceInput> = {}): OccurrenceInput {
  const unhealthySince = '2025-02-27T08:15:00.000Z';
  return {
    occurrenceKey: `${OPENAI_ASSESSMENT}@${unhealthySince}`,
    assessmentId: OPENAI_ASSESSMENT,
    key: KEY_LOCAL_AUTH,
    resourceId: OPENAI,
    resourceName: 'oai-claims',
    displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
    severity: 'Medium',
    zone: 3,
    owner: 'dana@contoso.com',
    unhealthySince,
    dueAt: '2025-03-02T08:15:00.000Z',
    ...overrides,
  };
}

export function snapshot(takenAt: string): Snapshot {
  const sub = subscriptionId('11111111-1111-1111-1111-111111111111');
  return {
    takenAt,
    tenantId: '72f988bf-0000-0000-0000-000000000000',
    subscriptions: [{ id: sub, name: 'claims-prod', tags: { zone: '3' } }],
    resources: [
      {
        id: OPENAI,
        name: 'oai-claims',
        kind: 'openai',
        armType: 'microsoft.cognitiveservices/accounts',
        cloud: 'Azure',
        location: 'swedencentral',
        subscriptionId: sub,
        resourceGroup: 'rg-ai',
        tags: { owner: 'dana@contoso.com', 'vigil-zone': '3' },
        exposure: {
          publicNetworkAccess: 'Enabled',
          defaultAction: 'Allow',
          ipRuleCount: 0,
          privateEndpointCount: 0,
          localAuthEnabled: true,
        },
        identities: [{ kind: 'SystemAssigned', principalId: 'aaaa-bbbb', resourceId: null }],
        deployments: [
          {
            name: 'gpt-4o',
            model: 'gpt-4o',
            modelVersion: '2024-11-20',
            modelFormat: 'OpenAI',
            sku: 'GlobalStandard',
            capacity: 50,
            contentFilter: null,
          },
        ],
        links: [],
        connectorId: null,
        nativeId: null,
      },
    ],
    findings: [
      {
        id: OPENAI_ASSESSMENT,
        key: KEY_LOCAL_AUTH,
        displayName: 'Azure AI Services resources should have key access disabled (disable local authentication)',
        resourceId: OPENAI,
        resourceName: 'oai-claims',
        status: 'Unhealthy',
        cause: null,
        description: 'Local authentication is enabled',
        severity: 'Medium',
        firstEvaluationDate: '2025-01-10T00:00:00.0000000Z',
        statusChangeDate: '2025-02-27T08:15:00.0000000Z',
        risk: { level: 'High', factors: ['Internet exposure'], attackPathIds: [] },
        categories: ['AI'],
        remediation: 'Set disableLocalAuth to true',
        portalUri: null,
        governance: null,
      },
      {
        id: `${OPENAI}/providers/Microsoft.Security/assessments/dea5192e-1bb3-101b-b70c-4646546f5e1e`,
        key: assessmentKey('dea5192e-1bb3-101b-b70c-4646546f5e1e'),
        displayName: 'Diagnostic logs in Azure AI services resources should be enabled',
        resourceId: OPENAI,
        resourceName: 'oai-claims',
        status: 'Healthy',
        cause: null,
        description: null,
        severity: 'Low',
        firstEvaluationDate: null,
        statusChangeDate: null,
        risk: { level: null, factors: [], attackPathIds: [] },
        categories: [],
        remediation: null,
        portalUri: null,
        governance: null,
      },
    ],
    attackPaths: [],
    plans: [
      {
        subscriptionId: sub,
        plan: 'CloudPosture',
        tier: 'Standard',
        subPlan: null,
        enabledSince: '2024-06-01T00:00:00Z',
        extensions: [{ name: 'AIPromptEvidence', enabled: true }],
      },
    ],
    secureScores: [{ subscriptionId: sub, current: 31.5, max: 45, percentage: 0.7 }],
    issues: [
      {
        source: 'log-analytics',
        operation: 'prompt-volume',
        kind: 'throttled',
        message: '429',
        scope: workspaceId('abc'),
      },
    ],
    stats: {
      requests: { 'resource-graph': 4, security: 2, 'log-analytics': 1 },
      pages: 4,
      retries: 1,
      throttledWaitsMs: 1500,
    },
  };
}
