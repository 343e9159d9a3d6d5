// The leader digest card: a week (or a day) of AI posture in the leader's own time zone. The score with its
// change and a trend chart (a text sparkline where charts do not render), new / resolved / overdue findings,
// SLA compliance, mean time to acknowledge and to remediate, one section per zone, the top attack paths and
// prompt-volume anomalies, and what each figure means. Figures come from posture/digest.ts. Pure.

import type { Digest, DigestAnomaly, DigestAttackPath, DigestFigures, ZoneDigest } from '../posture/digest.js';
import type { RiskLevel, Zone } from '../posture/model.js';
import { ZONE_NAMES } from '../posture/policy.js';
import { formatCount } from '../posture/prompt-alerting.js';
import { formatDuration } from '../posture/sla.js';
import { clip } from './findings.js';
import {
  askButton,
  cardTemplate,
  freshnessLine,
  plural,
  smallPrint,
  subtitleBlock,
  titleBlock,
  twoColumnRow,
} from './parts.js';
import { scoreBar, signed } from './posture.js';
import { sparkline } from './prompt-anomaly.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface DigestCardData {
  digest: Digest;
  cadence: 'weekly' | 'daily';
  /** The leader's IANA time zone: the period and every date on the card are shown in it. */
  timeZone: string;
  /** The small print on where the data comes from (parts.ts freshnessText). */
  freshness: string;
}

/** Most points a trend line shows; more are thinned to one per label (day, or hour for a daily digest). */
const MAX_TREND_POINTS = 31;

const small = { size: 'Small', wrap: true } as const;

/** A headline figure: the value large, what it is, and a detail under it. */
const tile = {
  type: 'Column',
  width: 'stretch',
  items: [
    { type: 'TextBlock', text: '${value}', size: 'ExtraLarge', weight: 'Bolder', color: '${color}' },
    { type: 'TextBlock', text: '${label}', weight: 'Bolder', spacing: 'None', ...small },
    { type: 'TextBlock', text: '${detail}', isSubtle: true, spacing: 'None', ...small },
  ],
};

/** One row per ranked item (`name`, `detail`) with a coloured label on the right. */
const rankedRow = (list: string, label: string, color: string) =>
  twoColumnRow(
    [
      { type: 'TextBlock', text: '${name}', ...small },
      { type: 'TextBlock', text: '${detail}', isSubtle: true, spacing: 'None', ...small },
    ],
    [{ type: 'TextBlock', text: `\${${label}}`, color: `\${${color}}`, weight: 'Bolder', size: 'Small' }],
    { $data: `\${${list}}`, spacing: 'Small' },
  );

const template = cardTemplate([
  titleBlock(),
  subtitleBlock('${period}'),
  { type: 'ColumnSet', spacing: 'Medium', columns: [{ $data: '${tilesTop}', ...tile }] },
  { type: 'ColumnSet', spacing: 'Small', columns: [{ $data: '${tilesBottom}', ...tile }] },
  { type: 'TextBlock', text: '${trendText}', color: '${trendColor}', wrap: true, spacing: 'Medium' },
  {
    type: 'Chart.Line',
    $when: '${hasLine}',
    title: '${chartTitle}',
    xAxisTitle: '${xAxisTitle}',
    yAxisTitle: 'score',
    spacing: 'Medium',
    data: '${lineData}',
    fallback: {
      type: 'Container',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: '${chartTitle}', weight: 'Bolder', ...small },
        { type: 'TextBlock', text: '${chartFallback}', fontType: 'Monospace', wrap: true, spacing: 'Small' },
      ],
    },
  },
  {
    type: 'Chart.VerticalBar',
    $when: '${hasBars}',
    title: '${chartTitle}',
    yAxisTitle: 'score',
    showBarValues: true,
    spacing: 'Medium',
    data: '${barData}',
    fallback: {
      type: 'Container',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: '${chartTitle}', weight: 'Bolder', ...small },
        { type: 'TextBlock', text: '${chartFallback}', fontType: 'Monospace', wrap: true, spacing: 'Small' },
      ],
    },
  },
  {
    type: 'Container',
    $data: '${zones}',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            items: [{ type: 'TextBlock', text: '${label}', weight: 'Bolder', wrap: true }],
          },
          {
            type: 'Column',
            width: 'auto',
            items: [{ type: 'TextBlock', text: '${scoreText}', color: '${scoreColor}', weight: 'Bolder' }],
          },
        ],
      },
      { type: 'TextBlock', $when: '${isEmpty}', text: '${emptyText}', isSubtle: true, spacing: 'Small', ...small },
      {
        type: 'FactSet',
        $when: '${!isEmpty}',
        spacing: 'Small',
        facts: [{ $data: '${facts}', title: '${title}', value: '${value}' }],
      },
    ],
  },
  { type: 'TextBlock', text: '${pathsHeading}', weight: 'Bolder', separator: true, spacing: 'Medium', wrap: true },
  rankedRow('paths', 'riskText', 'riskColor'),
  { type: 'TextBlock', text: '${anomaliesHeading}', weight: 'Bolder', spacing: 'Medium', wrap: true },
  rankedRow('anomalies', 'stateText', 'stateColor'),
  smallPrint('${definitions}', 'Medium'),
  freshnessLine('Small'),
]);

/** What each figure means, in the words auditors read (posture/digest.ts has the full definitions). */
export const DIGEST_DEFINITIONS = [
  'Score: severity-weighted share of AI assessments that pass, at the period start and now.',
  'New: findings that became unhealthy in the period (a finding that returns counts again).',
  'Resolved: reported healthy by Defender in the period (accepted risks and false positives are not).',
  'Overdue: open now and past the SLA due date.',
  'SLA met: of the findings resolved or due in the period, the share resolved by the due date (accepted risks and false positives left out).',
  'MTTA: first seen → acknowledged, for acknowledgements in the period. MTTR: unhealthy → resolved, for resolutions in the period.',
].join(' ');

/**
 * The digest of every zone has a section per zone; a digest of some zones (a daily zone 3 digest) says which
 * in its title, and one of a single zone needs no section: the headline is that zone.
 */
export function digestCard(data: DigestCardData): AdaptiveCard {
  const { digest, timeZone } = data;
  const f: DigestFigures = digest.all;
  const every = digest.covers.length === 3;
  const single = digest.covers.length === 1 ? (digest.covers[0] ?? null) : null;
  const scopeText = every
    ? ''
    : single !== null
      ? ` · zone ${single} (${ZONE_NAMES[single]})`
      : ` · zones ${digest.covers.join(', ')}`;
  const chart = chartOf(digest, timeZone);
  const anomalyStates = [
    f.anomalies.escalated > 0 ? `${f.anomalies.escalated} escalated` : '',
    f.anomalies.expected > 0 ? `${f.anomalies.expected} marked expected` : '',
    f.anomalies.drops > 0 ? plural(f.anomalies.drops, 'drop') + ' to zero' : '',
  ].filter(Boolean);
  const zoneArgs = single === null ? '' : ` zone ${single}`;
  return renderCard('digest', template, {
    title: `${data.cadence === 'daily' ? 'Daily' : 'Weekly'} AI posture digest${scopeText}`,
    period: periodText(digest, timeZone),
    tilesTop: [
      {
        value: scoreText(f.score.to),
        label: 'Posture score',
        detail: f.score.delta === null ? 'no earlier score' : `${signed(f.score.delta)} in the period`,
        color: scoreColor(f.score.to),
      },
      {
        value: String(f.newFindings),
        label: 'New findings',
        detail: `${f.newCritical} critical`,
        color: f.newCritical > 0 ? 'Attention' : 'Default',
      },
      { value: String(f.resolved), label: 'Resolved', detail: 'in the period', color: 'Good' },
      {
        value: String(f.overdue),
        label: 'Overdue now',
        detail: `${f.overdueCritical} critical`,
        color: f.overdue > 0 ? 'Attention' : 'Good',
      },
    ],
    tilesBottom: [
      {
        value: percentText(f.sla.percent),
        label: 'SLA met',
        detail: f.sla.measured === 0 ? 'nothing resolved or due' : `${f.sla.met} of ${f.sla.measured}`,
        color: slaColor(f.sla.percent),
      },
      {
        value: durationText(f.mtta.meanMs),
        label: 'Mean time to acknowledge',
        detail: f.mtta.count === 0 ? 'no acknowledgements' : plural(f.mtta.count, 'acknowledgement'),
        color: 'Default',
      },
      {
        value: durationText(f.mttr.meanMs),
        label: 'Mean time to remediate',
        detail: f.mttr.count === 0 ? 'nothing resolved' : plural(f.mttr.count, 'finding') + ' resolved',
        color: 'Default',
      },
    ],
    trendText: trendText(digest, f, timeZone),
    trendColor: f.score.delta === null || f.score.delta === 0 ? 'Default' : f.score.delta > 0 ? 'Good' : 'Attention',
    hasLine: chart.kind === 'line',
    hasBars: chart.kind === 'bars',
    chartTitle: chart.title,
    xAxisTitle: chart.xAxisTitle,
    lineData: chart.kind === 'line' ? chart.data : [],
    barData: chart.kind === 'bars' ? chart.data : [],
    chartFallback: chart.fallback,
    zones: single === null ? digest.zones.map((z) => zoneSection(z, timeZone)) : [],
    pathsHeading:
      f.attackPaths.total === 0
        ? 'Attack paths to AI: none'
        : `Attack paths to AI: ${f.attackPaths.total}${f.attackPaths.new ? ` (${f.attackPaths.new} new)` : ''}${f.attackPaths.total > f.attackPaths.top.length ? `, top ${f.attackPaths.top.length}` : ''}`,
    paths: f.attackPaths.top.map(pathRow),
    anomaliesHeading:
      f.anomalies.total === 0
        ? 'Prompt-volume anomalies: none'
        : `Prompt-volume anomalies: ${f.anomalies.total}${anomalyStates.length > 0 ? ` (${anomalyStates.join(', ')})` : ''}`,
    anomalies: f.anomalies.top.map((a) => anomalyRow(a, timeZone)),
    definitions: DIGEST_DEFINITIONS,
    freshness: data.freshness,
    actions: [
      askButton('Posture', `posture${zoneArgs}`),
      askButton('Overdue', `overdue${zoneArgs}`),
      askButton('Attack paths', `attack paths${zoneArgs}`),
    ],
  });
}

// ── Text ─────────────────────────────────────────────────────────────────────────────────────────

const scoreText = (score: number | null) => (score === null ? '—' : String(score));
const scoreColor = (score: number | null) =>
  score === null ? 'Default' : score >= 80 ? 'Good' : score >= 50 ? 'Warning' : 'Attention';

/** "57.1%", "100%"; rounded down, so 99.96 % never reads as 100%. "—" when nothing was measured. */
export function percentText(percent: number | null): string {
  if (percent === null) return '—';
  const tenths = Math.floor(percent * 10 + 1e-9) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

const slaColor = (percent: number | null) =>
  percent === null ? 'Default' : percent >= 95 ? 'Good' : percent >= 80 ? 'Warning' : 'Attention';

const durationText = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

const DAY_MS = 86_400_000;

/** "Mon 16 Nov", or "Mon 16 Nov 2026" (Intl puts a comma after the weekday when a year is asked for). */
const dayText = (d: Date, timeZone: string, year = false) => {
  const day = d.toLocaleDateString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  return year ? `${day} ${d.toLocaleDateString('en-GB', { timeZone, year: 'numeric' })}` : day;
};
/** "09:00" */
const timeText = (d: Date, timeZone: string) =>
  d.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
/** "Mon 16 Nov 09:00" */
const dayTimeText = (d: Date, timeZone: string) => `${dayText(d, timeZone)} ${timeText(d, timeZone)}`;

/**
 * The period in the leader's time zone. Midnight to midnight reads as whole days ("Mon 16 Nov – Sun 22 Nov
 * 2026", the end being exclusive); any other bounds read with their times ("Mon 16 Nov 09:00 – Mon 23 Nov 09:00").
 */
export function periodText(digest: Pick<Digest, 'period'>, timeZone: string): string {
  const { start, end } = digest.period;
  const midnight = (d: Date) => timeText(d, timeZone) === '00:00';
  const span =
    midnight(start) && midnight(end)
      ? end.getTime() - start.getTime() <= DAY_MS
        ? dayText(start, timeZone, true)
        : `${dayText(start, timeZone)} – ${dayText(new Date(end.getTime() - 1), timeZone, true)}`
      : `${dayTimeText(start, timeZone)} – ${dayTimeText(end, timeZone)}`;
  return `${span} · ${timeZone} time`;
}

function trendText(digest: Digest, f: DigestFigures, timeZone: string): string {
  if (digest.baselineAt === null)
    return 'No snapshot from the start of the period: changes appear from the next digest.';
  const since = `since ${dayText(digest.baselineAt, timeZone)}`;
  const arrow = f.score.delta === null || f.score.delta === 0 ? '▶' : f.score.delta > 0 ? '▲' : '▼';
  const score =
    f.score.from === null || f.score.to === null
      ? 'score not comparable'
      : f.score.delta === 0
        ? `score unchanged at ${f.score.to}`
        : `score ${f.score.from} → ${f.score.to} (${signed(f.score.delta)})`;
  const count = (label: string, c: DigestFigures['open']) =>
    c.from === null || c.to === null ? '' : `${label} ${c.from} → ${c.to}`;
  return [`${arrow} ${since}: ${score}`, count('open findings', f.open), count('open critical', f.openCritical)]
    .filter(Boolean)
    .join(' · ');
}

const RISK_COLOR: Record<RiskLevel, string> = {
  Critical: 'Attention',
  High: 'Attention',
  Medium: 'Warning',
  Low: 'Default',
};

const zonesText = (zones: readonly Zone[]) =>
  zones.length === 0 ? '' : `${zones.length === 1 ? 'zone' : 'zones'} ${zones.join(', ')}`;

function pathRow(p: DigestAttackPath) {
  const shown = p.aiResources.slice(0, 3).map((n) => clip(n, 60));
  const more = p.aiResources.length - shown.length;
  return {
    name: `${p.isNew ? '**New** · ' : ''}${clip(p.name, 160)}`,
    detail: [`reaches ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`, zonesText(p.zones)]
      .filter(Boolean)
      .join(' · '),
    riskText: p.riskLevel ?? 'Unknown risk',
    riskColor: p.riskLevel ? RISK_COLOR[p.riskLevel] : 'Default',
  };
}

const ANOMALY_STATE: Record<DigestAnomaly['state'], { text: string; color: string }> = {
  open: { text: 'Open', color: 'Warning' },
  acknowledged: { text: 'Acknowledged', color: 'Accent' },
  escalated: { text: 'Escalated', color: 'Attention' },
  expected: { text: 'Expected', color: 'Default' },
};

function timesText(ratio: number): string {
  return `×${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}`;
}

function anomalyRow(a: DigestAnomaly, timeZone: string) {
  const what =
    a.kind === 'drop'
      ? `traffic stopped (normally ~${formatCount(a.peakExpected)} at peak)`
      : `burst ${timesText(a.timesNormal ?? 0)} normal (peak ${formatCount(a.peak)} vs ~${formatCount(a.peakExpected)} expected)`;
  const state = ANOMALY_STATE[a.state];
  return {
    name: `${clip(a.resourceName, 80)} · zone ${a.zone}`,
    detail: `${what} · from ${dayTimeText(a.start, timeZone)}`,
    stateText: state.text,
    stateColor: state.color,
  };
}

function isEmptyZone(z: ZoneDigest): boolean {
  return (
    z.score.to === null &&
    z.score.from === null &&
    !z.open.to &&
    !z.open.from &&
    z.newFindings === 0 &&
    z.resolved === 0 &&
    z.overdue === 0 &&
    z.sla.measured === 0 &&
    z.mtta.count === 0 &&
    z.mttr.count === 0 &&
    z.attackPaths.total === 0 &&
    z.anomalies.total === 0
  );
}

function zoneSection(z: ZoneDigest, timeZone: string) {
  const delta = z.score.delta === null ? '' : ` (${signed(z.score.delta)})`;
  const open =
    z.open.to === null ? '' : z.open.from === null ? `${z.open.to} open now` : `open ${z.open.from} → ${z.open.to}`;
  const topPath = z.attackPaths.top[0];
  const topAnomaly = z.anomalies.top[0];
  const facts = [
    {
      title: 'Findings',
      value: [`${z.newFindings} new (${z.newCritical} critical)`, `${z.resolved} resolved`, open]
        .filter(Boolean)
        .join(' · '),
    },
    { title: 'Overdue now', value: `${z.overdue} (${z.overdueCritical} critical)` },
    {
      title: 'SLA met',
      value:
        z.sla.measured === 0
          ? '— (nothing resolved or due)'
          : `${percentText(z.sla.percent)} (${z.sla.met} of ${z.sla.measured})`,
    },
    {
      title: 'MTTA · MTTR',
      value: `${durationText(z.mtta.meanMs)} (${z.mtta.count}) · ${durationText(z.mttr.meanMs)} (${z.mttr.count})`,
    },
    {
      title: 'Attack paths',
      value:
        z.attackPaths.total === 0
          ? 'none'
          : `${z.attackPaths.total}${z.attackPaths.new ? ` (${z.attackPaths.new} new)` : ''}${topPath ? ` · worst: ${clip(topPath.name, 80)} (${topPath.riskLevel ?? 'unknown risk'})` : ''}`,
    },
    {
      title: 'Prompt anomalies',
      value:
        z.anomalies.total === 0
          ? 'none'
          : `${z.anomalies.total}${topAnomaly ? ` · worst: ${clip(topAnomaly.resourceName, 60)} ${topAnomaly.kind === 'drop' ? 'stopped' : `${timesText(topAnomaly.timesNormal ?? 0)} normal`} from ${dayTimeText(topAnomaly.start, timeZone)}` : ''}`,
    },
  ];
  return {
    label: `Zone ${z.zone} · ${z.name}`,
    scoreText: `score ${scoreText(z.score.to)}${delta}`,
    scoreColor: scoreColor(z.score.to),
    isEmpty: isEmptyZone(z),
    emptyText: 'No AI resources, findings or prompt anomalies in this zone.',
    facts,
  };
}

// ── Chart ────────────────────────────────────────────────────────────────────────────────────────

type ChartView =
  | { kind: 'line'; title: string; xAxisTitle: string; data: object[]; fallback: string }
  | { kind: 'bars'; title: string; xAxisTitle: string; data: object[]; fallback: string }
  | { kind: 'none'; title: string; xAxisTitle: string; fallback: string };

/**
 * The score over the period as lines (all zones and each zone), when the digest has two or more points;
 * else the score per zone now as bars. Points are labelled by day (by hour for a period of a day or less),
 * the last point of each label kept. The fallback is a sparkline per line on a 0–100 scale.
 */
function chartOf(digest: Digest, timeZone: string): ChartView {
  const hourly = digest.period.end.getTime() - digest.period.start.getTime() <= DAY_MS;
  const label = (at: Date) => (hourly ? timeText(at, timeZone) : dayText(at, timeZone));
  const byLabel = new Map<string, (typeof digest.trend)[number]>();
  for (const p of digest.trend) byLabel.set(label(new Date(p.at)), p);
  let points = [...byLabel.entries()];
  if (points.length > MAX_TREND_POINTS) {
    const step = (points.length - 1) / (MAX_TREND_POINTS - 1);
    points = Array.from({ length: MAX_TREND_POINTS }, (_, i) => points[Math.round(i * step)] as (typeof points)[0]);
  }
  // The trend's `score` is the whole estate's: a line of its own only when the digest covers every zone.
  const series = [
    ...(digest.covers.length === 3 ? [{ legend: 'All zones', values: points.map(([, p]) => p.score) }] : []),
    ...digest.covers.map((z) => ({ legend: `Zone ${z}`, values: points.map(([, p]) => p.byZone[z]) })),
  ];

  const withTwo = series.filter((s) => s.values.filter((v) => v !== null).length >= 2);
  if (points.length >= 2 && withTwo.length > 0) {
    const width = Math.max(...withTwo.map((s) => s.legend.length));
    const first = points[0]?.[0] ?? '';
    const last = points[points.length - 1]?.[0] ?? '';
    return {
      kind: 'line',
      title: `Posture score, ${first} – ${last}`,
      xAxisTitle: `${timeZone} ${hourly ? 'time' : 'date'}`,
      data: withTwo.map((s) => ({
        legend: s.legend,
        values: s.values.flatMap((y, i) => (y === null ? [] : [{ x: points[i]?.[0] ?? '', y }])),
      })),
      fallback: withTwo
        .map((s) => {
          const known = s.values.filter((v): v is number => v !== null);
          return `${s.legend.padEnd(width)} ${sparkline(s.values, 100)} ${known[0]} → ${known[known.length - 1]}`;
        })
        .join('\n\n'),
    };
  }
  const zones = digest.zones;
  const scored = zones.filter((z) => z.score.to !== null);
  if (scored.length === 0) return { kind: 'none', title: '', xAxisTitle: '', fallback: '' };
  return {
    kind: 'bars',
    title: 'Posture score by zone now',
    xAxisTitle: '',
    data: scored.map((z) => {
      const y = z.score.to ?? 0;
      return { x: `Zone ${z.zone}`, y, color: y >= 80 ? 'good' : y >= 50 ? 'warning' : 'attention' };
    }),
    fallback: zones.map((z) => `Zone ${z.zone} ${scoreBar(z.score.to)} ${scoreText(z.score.to)}`).join('\n\n'),
  };
}
