// The attack paths card: paths that reach AI resources, highest risk first, each with its entry
// point → target, numbered steps, the AI resources involved and how to break it. Pure.

import type { AttackPathView, RiskTotals } from '../posture/attack-paths.js';
import type { RiskLevel } from '../posture/model.js';
import { clip, type ListCardData, listData } from './findings.js';
import { cardTemplate, LIST_FOOTER, LIST_HEADER, SMALL_TEXT, twoColumnRow } from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

/** `summary` says what was understood and how many matched: "zone 3 · 4 attack paths". */
export interface AttackPathsCardData extends ListCardData {
  totals: RiskTotals;
  /** This page's paths only. */
  paths: AttackPathView[];
}

/** Steps shown per path; Defender's longest paths run to about six hops. */
const MAX_STEPS = 8;

const RISK_COLOR: Record<RiskLevel, string> = {
  Critical: 'attention',
  High: 'attention',
  Medium: 'warning',
  Low: 'default',
};

const template = cardTemplate([
  ...LIST_HEADER,
  {
    type: 'Container',
    $data: '${paths}',
    id: '${rowId}',
    separator: true,
    spacing: 'Medium',
    items: [
      twoColumnRow(
        [{ type: 'TextBlock', text: '${name}', weight: 'Bolder', wrap: true }],
        [{ type: 'TextBlock', text: '${riskText}', color: '${riskColor}', weight: 'Bolder' }],
      ),
      { type: 'TextBlock', text: '${route}', wrap: true, spacing: 'Small' },
      { type: 'TextBlock', text: '${steps}', ...SMALL_TEXT, spacing: 'Small' },
      { type: 'TextBlock', text: '${aiText}', ...SMALL_TEXT, spacing: 'Small' },
      { type: 'TextBlock', $when: '${hasFactors}', text: '${factorsText}', isSubtle: true, ...SMALL_TEXT },
      { type: 'TextBlock', $when: '${hasFix}', text: '${fixText}', ...SMALL_TEXT, spacing: 'Small' },
    ],
  },
  ...LIST_FOOTER,
]);

export function attackPathsCard(data: AttackPathsCardData): AdaptiveCard {
  const t = data.totals;
  return renderCard('attack-paths', template, {
    ...listData(data, data.paths.length),
    hasTotals: t.total > 0,
    totals: (['Critical', 'High', 'Medium', 'Low'] as const).map((risk) => ({
      count: String(t[risk]),
      label: risk,
      color: RISK_COLOR[risk],
    })),
    paths: data.paths.map((v, i) => pathView(v, i)),
  });
}

function pathView({ path, aiResources }: AttackPathView, i: number) {
  const steps = path.steps.slice(0, MAX_STEPS).map((s, n) => `${n + 1}. ${clip(s, 200)}`);
  if (path.steps.length > MAX_STEPS) steps.push(`… and ${path.steps.length - MAX_STEPS} more steps`);
  const ai = aiResources.slice(0, 6).map((r) => `${r.resource.name} (zone ${r.placement.zone})`);
  if (aiResources.length > 6) ai.push(`${aiResources.length - 6} more`);
  const fix = path.remediation?.replace(/\s*\n\s*/g, ' ').trim() ?? '';
  return {
    rowId: `path-${i + 1}`,
    name: clip(path.displayName, 200),
    riskText: path.riskLevel ? `${path.riskLevel} risk` : 'risk unknown',
    riskColor: path.riskLevel ? RISK_COLOR[path.riskLevel] : 'default',
    route: `**${clip(path.entryPoint ?? 'unknown entry point', 120)}** → **${clip(path.target ?? 'unknown target', 120)}**`,
    steps: steps.length > 0 ? steps.join('\n') : 'Defender did not list the steps of this path.',
    aiText: `AI resources: ${ai.join(', ')}`,
    hasFactors: path.riskFactors.length > 0,
    factorsText: `Risk factors: ${path.riskFactors.slice(0, 6).join(', ')}`,
    hasFix: fix !== '',
    fixText: `How to break it: ${clip(fix, 400)}`,
  };
}
