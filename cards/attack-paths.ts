// The attack paths card: paths that reach AI resources, highest risk first, each with its entry
// point → target, numbered steps, the AI resources involved and how to break it. Pure.

import type { AttackPathView, RiskTotals } from '../posture/attack-paths.js';
import type { RiskLevel } from '../posture/model.js';
import { clip, followUpActions } from './findings.js';
import { freshnessText, type PageInfo, pageLabel, pagerActions } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

export interface AttackPathsCardData {
  title: string;
  /** What was understood and how many matched: "zone 3 · 4 attack paths". */
  summary: string;
  notes: string[];
  totals: RiskTotals;
  /** This page's paths only. */
  paths: AttackPathView[];
  emptyText: string;
  page: PageInfo;
  asOf: string;
  demo: boolean;
  followUps: { title: string; query: string }[];
}

/** Steps shown per path; Defender's longest paths run to about six hops. */
const MAX_STEPS = 8;

const RISK_COLOR: Record<RiskLevel, string> = {
  Critical: 'attention',
  High: 'attention',
  Medium: 'warning',
  Low: 'default',
};

const small = { size: 'Small', spacing: 'None', wrap: true } as const;

const template = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: CARD_VERSION,
  body: [
    { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Large', wrap: true },
    { type: 'TextBlock', text: '${summary}', isSubtle: true, spacing: 'None', wrap: true },
    { type: 'TextBlock', $data: '${notes}', text: '${$data}', color: 'warning', wrap: true, spacing: 'Small' },
    {
      type: 'ColumnSet',
      $when: '${hasTotals}',
      spacing: 'Medium',
      columns: [
        {
          type: 'Column',
          $data: '${totals}',
          width: 'auto',
          items: [
            { type: 'TextBlock', text: '${count}', size: 'Large', weight: 'Bolder', color: '${color}' },
            { type: 'TextBlock', text: '${label}', isSubtle: true, size: 'Small', spacing: 'None' },
          ],
        },
      ],
    },
    {
      type: 'Container',
      $data: '${paths}',
      id: '${rowId}',
      separator: true,
      spacing: 'Medium',
      items: [
        {
          type: 'ColumnSet',
          columns: [
            {
              type: 'Column',
              width: 'stretch',
              items: [{ type: 'TextBlock', text: '${name}', weight: 'Bolder', wrap: true }],
            },
            {
              type: 'Column',
              width: 'auto',
              items: [{ type: 'TextBlock', text: '${riskText}', color: '${riskColor}', weight: 'Bolder' }],
            },
          ],
        },
        { type: 'TextBlock', text: '${route}', wrap: true, spacing: 'Small' },
        { type: 'TextBlock', text: '${steps}', ...small, spacing: 'Small' },
        { type: 'TextBlock', text: '${aiText}', ...small, spacing: 'Small' },
        { type: 'TextBlock', $when: '${hasFactors}', text: '${factorsText}', isSubtle: true, ...small },
        { type: 'TextBlock', $when: '${hasFix}', text: '${fixText}', ...small, spacing: 'Small' },
      ],
    },
    { type: 'TextBlock', $when: '${isEmpty}', text: '${emptyText}', wrap: true, spacing: 'Medium' },
    {
      type: 'TextBlock',
      $when: '${hasPageLabel}',
      text: '${pageLabel}',
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    },
    { type: 'TextBlock', text: '${freshness}', isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' },
  ],
  actions: '${actions}',
};

export function attackPathsCard(data: AttackPathsCardData): AdaptiveCard {
  const t = data.totals;
  const label = pageLabel(data.page);
  return renderCard('attack-paths', template, {
    title: clip(data.title, 200),
    summary: clip(data.summary, 400),
    notes: data.notes.slice(0, 3).map((n) => clip(n, 400)),
    hasTotals: t.total > 0,
    totals: (['Critical', 'High', 'Medium', 'Low'] as const).map((risk) => ({
      count: String(t[risk]),
      label: risk,
      color: RISK_COLOR[risk],
    })),
    paths: data.paths.map((v, i) => pathView(v, i)),
    isEmpty: data.paths.length === 0,
    emptyText: data.emptyText,
    hasPageLabel: label !== '',
    pageLabel: label,
    freshness: freshnessText(data.asOf, data.demo),
    actions: [...pagerActions(data.page), ...followUpActions(data.followUps)],
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
