// The posture card: the AI posture score of a scope with its trend, a chart by zone (with a text
// fallback), open findings by severity per zone and per subscription, and the worst offenders.

import { type Change, type Offender, type PostureReport, type PostureTrend, SEVERITIES } from '../posture/score.js';
import {
  ANSWER_HEADER,
  askButton,
  cardTemplate,
  freshnessLine,
  ignoredData,
  type PageInfo,
  pageLabelData,
  pageLabelLine,
  pagerActions,
  pageSlice,
  plural,
  smallPrint,
  twoColumnRow,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface PostureCardData {
  report: PostureReport;
  /** Null when there is no older snapshot to compare with. */
  trend: PostureTrend | null;
  /** What was understood from the question ("zone 3 · Azure OpenAI"). */
  labels: string[];
  /** Words that matched nothing. */
  ignored: string[];
  /** Things worth saying about how the question was read. */
  notes: string[];
  /** The scope words as asked ("zone 3 openai"), for follow-up questions on the same scope. */
  scopeArgs: string;
  /** Paging of the subscription table; `total` is ignored (taken from the report). */
  page: Omit<PageInfo, 'total'>;
  freshness: string;
  /** IANA time zone for dates ("since 16 Nov"). */
  timeZone: string;
}

export const POSTURE_SUBSCRIPTIONS_PAGE_SIZE = 10;

/** "▇▇▇▇▇▇▁▁▁▁" for 62: the chart's text fallback, readable in any client. */
export function scoreBar(score: number | null, width = 10): string {
  if (score === null) return '·'.repeat(width);
  const full = Math.round((Math.max(0, Math.min(100, score)) / 100) * width);
  return '▇'.repeat(full) + '▁'.repeat(width - full);
}

/** "+4", "−3", "±0"; "" without a delta. */
export function signed(delta: number | null): string {
  if (delta === null) return '';
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

const scoreText = (score: number | null) => (score === null ? '—' : String(score));

/** The colour people read a score in: 80+ good, 50+ warning, below attention. */
const scoreColor = (score: number | null) =>
  score === null ? 'Default' : score >= 80 ? 'Good' : score >= 50 ? 'Warning' : 'Attention';

/** "9 High · 58 Medium · 14 Low" for the severities in scope. */
function severityText(report: PostureReport, counts: Record<string, number>): string {
  return report.severities.map((s) => `${counts[s] ?? 0} ${s}`).join(' · ');
}

const changeText = (c: Change) =>
  c.from === null || c.to === null ? '' : c.delta === 0 ? `${c.to} (±0)` : `${c.from} → ${c.to} (${signed(c.delta)})`;

export function trendText(trend: PostureTrend | null, timeZone: string): string {
  if (!trend) return 'No history yet: the trend appears once Vigil has an older snapshot to compare with.';
  const date = trend.baseline.takenAt.toLocaleDateString('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const since = trend.baseline.kind === 'week' ? `since last week (${date})` : `since ${date}`;
  const head =
    trend.score.delta === null
      ? `${trend.arrow} ${since}`
      : trend.score.delta === 0
        ? `${trend.arrow} score unchanged ${since}`
        : `${trend.arrow} ${signed(trend.score.delta)} ${since}`;
  const parts = [
    trend.score.from !== null && trend.score.to !== null && trend.score.delta !== 0
      ? `score ${trend.score.from} → ${trend.score.to}`
      : '',
    `open findings ${changeText(trend.open)}`,
  ].filter(Boolean);
  return `${head}: ${parts.join(' · ')}`;
}

/** A table as ColumnSets: a bold header row, then one row per item (`$data`). */
const tableHeader = (cells: { text: string; width: string }[]) => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: cells.map((c) => ({
    type: 'Column',
    width: c.width,
    items: [{ type: 'TextBlock', text: c.text, weight: 'Bolder', size: 'Small', wrap: true }],
  })),
});

const NUM = '44px';

const template = cardTemplate([
  ...ANSWER_HEADER,
  smallPrint('${notesText}', 'Small', '${hasNotes}'),
  {
    type: 'ColumnSet',
    spacing: 'Medium',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [
          { type: 'TextBlock', text: '${scoreText}', size: 'ExtraLarge', weight: 'Bolder', color: '${scoreColor}' },
          { type: 'TextBlock', text: 'of 100', isSubtle: true, size: 'Small', spacing: 'None' },
        ],
      },
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [
          { type: 'TextBlock', text: '${openText}', wrap: true },
          { type: 'TextBlock', text: '${trendText}', color: '${trendColor}', wrap: true, spacing: 'Small' },
        ],
      },
    ],
  },
  {
    type: 'Chart.VerticalBar',
    $when: '${hasChart}',
    title: 'Score by zone',
    spacing: 'Medium',
    showBarValues: true,
    yAxisTitle: 'score',
    data: '${chart}',
    fallback: {
      type: 'TextBlock',
      text: '${chartFallback}',
      fontType: 'Monospace',
      wrap: true,
      spacing: 'Medium',
    },
  },
  { type: 'TextBlock', $when: '${hasZones}', text: 'By zone', weight: 'Bolder', spacing: 'Medium' },
  {
    ...tableHeader([
      { text: 'Zone', width: 'stretch' },
      { text: 'Score', width: '64px' },
      { text: 'High', width: NUM },
      { text: 'Med', width: NUM },
      { text: 'Low', width: NUM },
      { text: 'Crit', width: NUM },
    ]),
    $when: '${hasZones}',
  },
  {
    type: 'ColumnSet',
    $data: '${zones}',
    spacing: 'None',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [{ type: 'TextBlock', text: '${label}', size: 'Small', wrap: true }],
      },
      {
        type: 'Column',
        width: '64px',
        items: [{ type: 'TextBlock', text: '${score}', size: 'Small', color: '${color}' }],
      },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${high}', size: 'Small' }] },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${medium}', size: 'Small' }] },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${low}', size: 'Small' }] },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${critical}', size: 'Small' }] },
    ],
  },
  { type: 'TextBlock', $when: '${hasSubscriptions}', text: 'By subscription', weight: 'Bolder', spacing: 'Medium' },
  {
    ...tableHeader([
      { text: 'Subscription', width: 'stretch' },
      { text: 'Score', width: '64px' },
      { text: 'Open', width: NUM },
      { text: 'Crit', width: NUM },
      { text: 'Secure score', width: '64px' },
    ]),
    $when: '${hasSubscriptions}',
  },
  {
    type: 'ColumnSet',
    $data: '${subscriptions}',
    spacing: 'None',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [
          { type: 'TextBlock', text: '${name}', size: 'Small', wrap: true },
          { type: 'TextBlock', text: '${bySeverity}', size: 'Small', isSubtle: true, wrap: true, spacing: 'None' },
        ],
      },
      {
        type: 'Column',
        width: '64px',
        items: [{ type: 'TextBlock', text: '${score}', size: 'Small', color: '${color}' }],
      },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${open}', size: 'Small' }] },
      { type: 'Column', width: NUM, items: [{ type: 'TextBlock', text: '${critical}', size: 'Small' }] },
      { type: 'Column', width: '64px', items: [{ type: 'TextBlock', text: '${secureScore}', size: 'Small' }] },
    ],
  },
  pageLabelLine(),
  { type: 'TextBlock', $when: '${hasWorst}', text: 'Worst offenders', weight: 'Bolder', spacing: 'Medium' },
  twoColumnRow(
    [{ type: 'TextBlock', text: '**${name}**', wrap: true }, smallPrint('${details}', 'None')],
    [
      { type: 'TextBlock', text: '${openText}', weight: 'Bolder', horizontalAlignment: 'Right' },
      {
        type: 'TextBlock',
        text: '${criticalText}',
        color: '${criticalColor}',
        size: 'Small',
        horizontalAlignment: 'Right',
        spacing: 'None',
      },
    ],
    { $data: '${worst}', spacing: 'Small', selectAction: askButton('${showTitle}', '${showQuery}') },
  ),
  smallPrint('${definition}', 'Medium'),
  freshnessLine('Small'),
]);

export const SCORE_DEFINITION =
  'Score: the severity-weighted share of AI assessments that pass (High 3 · Medium 2 · Low 1; not applicable and exempt left out). Secure score is Defender’s own, for the whole subscription.';

function offenderRow(o: Offender) {
  const r = o.resource;
  const name = r.resource.name;
  const bySeverity = SEVERITIES.filter((s) => o.openBySeverity[s] > 0)
    .map((s) => `${o.openBySeverity[s]} ${s}`)
    .join(' · ');
  return {
    name,
    details: [r.subscription?.name ?? r.resource.subscriptionId, `zone ${r.placement.zone}`, bySeverity].join(' · '),
    openText: `${o.openBySeverity.High + o.openBySeverity.Medium + o.openBySeverity.Low} open`,
    criticalText: o.critical > 0 ? `${o.critical} critical` : 'none critical',
    criticalColor: o.critical > 0 ? 'Attention' : 'Default',
    showTitle: `Show ${name}`,
    showQuery: `show ${name}`,
  };
}

export function postureCard(data: PostureCardData): AdaptiveCard {
  const { report, trend } = data;
  const o = report.overall;
  const scope = data.labels.length > 0 ? data.labels.join(' · ') : 'all AI resources';
  const zoneDelta = (zone: number) => {
    const d = trend?.zones.get(zone as 1 | 2 | 3)?.delta ?? null;
    return d === null ? '' : ` (${signed(d)})`;
  };
  const total = report.subscriptions.length;
  const page: PageInfo = { ...data.page, total };
  const severities = severityText(report, o.openBySeverity);
  // A zone without a score would read as 0 on a chart: it is left to the table.
  const scored = report.zones.filter((z) => z.score !== null);
  const withScope = (q: string) => (data.scopeArgs ? `${q} ${data.scopeArgs}` : q);
  const followUps = [
    askButton('Findings', withScope('findings')),
    askButton('Recommendations', withScope('recommendations')),
    askButton('Readiness', 'readiness'),
  ];
  return renderCard('posture', template, {
    title: data.labels.length > 0 ? `AI posture · ${scope}` : 'AI posture',
    subtitle: `${scope} · ${plural(o.resources, 'AI resource')} · ${plural(o.assessed, 'assessment')} counted`,
    ...ignoredData(data.ignored),
    hasNotes: data.notes.length > 0,
    notesText: data.notes.join(' '),
    scoreText: scoreText(o.score),
    scoreColor: scoreColor(o.score),
    openText:
      o.resources === 0
        ? `No AI resource matches ${scope}.`
        : `${plural(o.open, 'open finding')} (${severities}) · ${o.critical} critical`,
    trendText: trendText(trend, data.timeZone),
    trendColor: trend?.direction === 'better' ? 'Good' : trend?.direction === 'worse' ? 'Attention' : 'Default',
    hasZones: report.zones.length > 0,
    hasChart: scored.length > 0,
    chart: scored.map((z) => ({
      x: `Zone ${z.zone}`,
      y: z.score ?? 0,
      color: (z.score ?? 0) >= 80 ? 'good' : (z.score ?? 0) >= 50 ? 'warning' : 'attention',
    })),
    chartFallback: report.zones.map((z) => `Zone ${z.zone} ${scoreBar(z.score)} ${scoreText(z.score)}`).join('\n\n'),
    zones: report.zones.map((z) => ({
      label: `Zone ${z.zone} · ${z.name}`,
      score: `${scoreText(z.score)}${zoneDelta(z.zone)}`,
      color: scoreColor(z.score),
      high: String(z.openBySeverity.High),
      medium: String(z.openBySeverity.Medium),
      low: String(z.openBySeverity.Low),
      critical: String(z.critical),
    })),
    hasSubscriptions: total > 0,
    subscriptions: pageSlice(report.subscriptions, page.page, page.pageSize).map((s) => ({
      name: s.name,
      bySeverity: severityText(report, s.openBySeverity),
      score: scoreText(s.score),
      color: scoreColor(s.score),
      open: String(s.open),
      critical: String(s.critical),
      secureScore: s.secureScore ? `${Math.round(s.secureScore.percentage * 100)}%` : '—',
    })),
    ...pageLabelData(page),
    hasWorst: report.worst.length > 0,
    worst: report.worst.map(offenderRow),
    definition: SCORE_DEFINITION,
    freshness: data.freshness,
    actions: [...pagerActions(page), ...followUps],
  });
}
