// AI recommendations grouped by assessment key over a small hand-built estate: counts, order, fix text,
// portal link, scope, one resource, "did you mean", and the card at scale.

import { describe, expect, it } from 'vitest';
import { recommendationsCard } from '../cards/recommendations.js';
import { cardBytes, MAX_CARD_BYTES } from '../cards/render.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import {
  type RecommendationRow,
  recommendationsOf,
  recommendationWeight,
  resourceSelector,
  scopeSelector,
  suggestResourceNames,
} from '../posture/recommendations.js';
import { cardText, expectValidCard } from './support/cards.js';
import {
  estateOf,
  finding,
  KEY_CONTENT_FILTER,
  KEY_DIAGNOSTICS,
  KEY_LOCAL_AUTH,
  KEY_NETWORK,
  resource,
  SUB_A,
  SUB_B,
} from './support/score-fixtures.js';

const a1 = resource({ name: 'oai-claims-prod-weu', sub: SUB_A, zone: 1 });
const a2 = resource({ name: 'oai-claims-prod-sdc', sub: SUB_A, zone: 1 });
const b1 = resource({ name: 'oai-sbx-wus3', sub: SUB_B, zone: 3 });

const estate = estateOf({
  resources: [a1, a2, b1],
  findings: [
    // Key access: Medium, fails on a1 and b1 of 3 → weight 4.
    finding({ on: a1, key: KEY_LOCAL_AUTH, severity: 'Medium', displayName: 'Disable key access', ageDays: 2 }),
    finding({ on: a2, key: KEY_LOCAL_AUTH, severity: 'Medium', displayName: 'Disable key access', status: 'Healthy' }),
    finding({ on: b1, key: KEY_LOCAL_AUTH, severity: 'Medium', displayName: 'Disable key access', ageDays: 40 }),
    // Content filter: High, fails on a2 of 2 → weight 3; no remediation, so the description explains it.
    finding({
      on: a2,
      key: KEY_CONTENT_FILTER,
      severity: 'High',
      displayName: 'Content filtering',
      remediation: null,
      description: 'Deployments without a content filter do not screen prompts',
    }),
    finding({
      on: a1,
      key: KEY_CONTENT_FILTER,
      severity: 'High',
      displayName: 'Content filtering',
      status: 'Healthy',
      remediation: null,
    }),
    // Diagnostics: Low, fails on a1 only, exempt on b1 → weight 1.
    finding({ on: a1, key: KEY_DIAGNOSTICS, severity: 'Low', displayName: 'Diagnostic logs' }),
    finding({ on: b1, key: KEY_DIAGNOSTICS, severity: 'Low', displayName: 'Diagnostic logs', cause: 'Exempt' }),
    // Network: Medium, passes everywhere → weight 0.
    finding({ on: b1, key: KEY_NETWORK, severity: 'Medium', displayName: 'Restrict network', status: 'Healthy' }),
  ],
});
const vocab = vocabularyOf(estate);
const brief = (rows: RecommendationRow[]) => rows.map((r) => [r.displayName, r.failing, r.assessed, r.excluded]);

describe('recommendationsOf', () => {
  it('groups assessments by recommendation, most to fix first (failing × severity)', () => {
    const { rows, open, failingResources } = recommendationsOf(estate, scopeSelector(parseFilters('', vocab)));
    expect(brief(rows)).toEqual([
      ['Disable key access', 2, 3, 0],
      ['Content filtering', 1, 2, 0],
      ['Diagnostic logs', 1, 1, 1],
      ['Restrict network', 0, 1, 0],
    ]);
    expect(rows.map(recommendationWeight)).toEqual([4, 3, 1, 0]);
    expect([open, failingResources]).toEqual([4, 3]);
  });

  it('says how to fix each, names the failing resources most urgent first, and links the portal', () => {
    const [key, filter] = recommendationsOf(estate, scopeSelector(parseFilters('', vocab))).rows;
    // b1's finding is 40 days old: it is due first.
    expect(key?.failingNames).toEqual(['oai-sbx-wus3', 'oai-claims-prod-weu']);
    expect(recommendationsOf(estate, () => true, { names: 1 }).rows[0]?.failingNames).toEqual(['oai-sbx-wus3']);
    expect(key?.remediation).toBe('Fix 13b10b36');
    expect(key?.portalUri).toContain(encodeURIComponent(b1.id));
    expect(filter?.remediation).toBe('Deployments without a content filter do not screen prompts');
    expect(filter?.critical).toBe(1);
  });

  it('keeps to the scope asked for', () => {
    const z3 = recommendationsOf(estate, scopeSelector(parseFilters('zone 3', vocab))).rows;
    expect(brief(z3)).toEqual([
      ['Disable key access', 1, 1, 0],
      ['Restrict network', 0, 1, 0],
      ['Diagnostic logs', 0, 0, 1],
    ]);
    const high = recommendationsOf(estate, scopeSelector(parseFilters('high', vocab))).rows;
    expect(brief(high)).toEqual([['Content filtering', 1, 2, 0]]);
  });

  it('lists one resource’s recommendations', () => {
    const [entry] = estate.resourcesNamed('oai-claims-prod-weu');
    const { rows } = recommendationsOf(estate, resourceSelector(entry!));
    expect(rows.filter((r) => r.failing > 0).map((r) => r.displayName)).toEqual([
      'Disable key access',
      'Diagnostic logs',
    ]);
    expect(rows.filter((r) => r.failing === 0).map((r) => r.displayName)).toEqual(['Content filtering']);
  });
});

describe('suggestResourceNames', () => {
  it('offers names containing the words typed, then close spellings', () => {
    expect(suggestResourceNames(estate, 'claims')).toEqual(['oai-claims-prod-sdc', 'oai-claims-prod-weu']);
    expect(suggestResourceNames(estate, 'oai-claims-prod-wue')).toEqual(['oai-claims-prod-weu', 'oai-claims-prod-sdc']);
    expect(suggestResourceNames(estate, 'zzzz-nothing-like-it')).toEqual([]);
  });
});

describe('the recommendations card at scale', () => {
  it('pages 120 long recommendations and stays under the Teams size limit', () => {
    const rows: RecommendationRow[] = Array.from({ length: 120 }, (_, i) => ({
      key: KEY_LOCAL_AUTH,
      displayName: `Azure AI Services resources should do thing number ${i} which has a fairly long display name`,
      severity: 'Medium',
      failing: 1500,
      assessed: 6000,
      excluded: 12,
      critical: 300,
      remediation: 'Set disableLocalAuth to true on the account and move callers to Microsoft Entra ID tokens. '.repeat(
        4,
      ),
      description: null,
      portalUri: `https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsWithRulesBlade/assessmentKey/${KEY_LOCAL_AUTH}/showSecurityCenterCommandBar~/false/assessedResourceId/${encodeURIComponent(a1.id)}`,
      failingNames: Array.from({ length: 3 }, (_, j) => `oai-resource-with-a-long-name-${j}`),
    }));
    for (const page of [0, 14]) {
      const card = recommendationsCard({
        rows,
        resource: null,
        summary: '120 of 120 recommendations have failing resources',
        labels: [],
        ignored: [],
        page: { query: 'recommendations', page, pageSize: 8 },
        freshness: 'Data as of 10:42 UTC',
      });
      expectValidCard(card);
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      const text = cardText(card);
      expect(text).toContain(`Showing ${page * 8 + 1}–${page * 8 + 8} of 120`);
      expect(text).toContain('Failing: oai-resource-with-a-long-name-0, oai-resource-with-a-long-name-1');
      expect(text).toContain('and 1497 more');
    }
  });
});
