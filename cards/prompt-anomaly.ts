// The prompt-volume anomaly card: what a SOC analyst needs to decide in seconds whether a burst is an attack,
// a runaway job or a launch. Resource, zone, owner, window, observed vs expected (× above normal), the last
// 24 h as a Chart.Line with the expected band (a text sparkline where charts do not render), top callers,
// a link to the Log Analytics query, and a state line. One template, two views: the base view every copy
// shows (no buttons), and a person's own view with the buttons they may use, through `refresh`. Pure.

import type { Zone } from '../posture/model.js';
import { aboveNormalText, formatCount, type PromptAnomalyKind } from '../posture/prompt-alerting.js';
import type { PromptAction, PromptState } from '../posture/prompt-permissions.js';
import { formatAsOf } from '../posture/text.js';
import { clip } from './findings.js';
import { CARD_SCHEMA, cardRefresh, FACT_LIST, NOTICE_BANNER, SMALL_TEXT, STATE_LINE } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

/** Verbs the card's buttons carry (bot/prompt/schemas.ts parses their data). */
export const PROMPT_VERBS = {
  ack: 'prompt.ack',
  expected: 'prompt.expected',
  escalate: 'prompt.escalate',
  view: 'prompt.view',
} as const;

/** Input ids inside the sub-cards; they arrive merged into the button's data. */
export const PROMPT_INPUTS = {
  expectedHours: 'expectedHours',
  expectedReason: 'expectedReason',
  escalationNote: 'escalationNote',
} as const;

/** "Mark expected" suppresses the resource's alerts for one of these many hours. */
export const EXPECTED_HOURS = [1, 4, 24] as const;

const MAX_CALLERS = 5;
const MAX_URL = 2000;

export interface ChartPoint {
  /** Start of the bucket. */
  t: Date;
  /** Prompts in the bucket; null when the bucket is not known (not stored). */
  observed: number | null;
  expected: number;
  upper: number;
}

export interface PromptCallerView {
  callerIp: string;
  objectId: string | null;
  operation: string;
  deployment: string;
  requests: number;
}

export interface PromptStatusView {
  state: PromptState;
  /** Who made the last change of state, and when. */
  by: string | null;
  at: Date | null;
  /** Marked expected: until when, and why. */
  until: Date | null;
  reason: string | null;
}

export interface PromptAnomalyCardData {
  anomalyId: number;
  /** The version the buttons act on: a click on an older version changes nothing. */
  version: number;
  kind: PromptAnomalyKind;
  resourceName: string;
  /** "Azure OpenAI · rg-claims · westeurope", when the snapshot knows the resource. */
  resourceDetail: string | null;
  zone: Zone;
  owner: string | null;
  windowStart: Date;
  windowEnd: Date;
  /** The episode was still going when last scored. */
  active: boolean;
  observed: number;
  expected: number;
  bins: number;
  peak: number;
  peakExpected: number;
  maxScore: number;
  /** Cards sent for it so far: more than one means it grew after the first alert. */
  alerts: number;
  /** The last 24 h in buckets (oldest first); empty when nothing is stored. */
  chart: ChartPoint[];
  bucketMinutes: number;
  /** Null: the follow-up query did not answer (or a drop, which has no callers to show). */
  callers: PromptCallerView[] | null;
  logsUrl: string | null;
  status: PromptStatusView;
  /** The SOC post of an escalation: who escalated and the people mentioned (`<at>` names in the text). */
  escalation: { by: string; at: Date; note: string | null; mentions: string[] } | null;
  refreshUserIds: string[];
  /** null: the base view (no buttons); else the buttons this viewer may use. */
  buttons: readonly PromptAction[] | null;
  notice: string | null;
  now: Date;
  timeZone: string;
}

const template = {
  type: 'AdaptiveCard',
  $schema: CARD_SCHEMA,
  version: CARD_VERSION,
  refresh: '${refresh}',
  body: [
    NOTICE_BANNER,
    {
      type: 'Container',
      $when: '${hasEscalation}',
      style: 'attention',
      items: [{ type: 'TextBlock', text: '${escalationText}', wrap: true, weight: 'Bolder' }],
    },
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      items: [
        { type: 'TextBlock', text: '${badge}', color: '${badgeColor}', weight: 'Bolder', ...SMALL_TEXT },
        { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Large', wrap: true, spacing: 'Small' },
        { type: 'TextBlock', $when: '${hasDetail}', text: '${resourceDetail}', isSubtle: true, ...SMALL_TEXT },
      ],
    },
    STATE_LINE,
    FACT_LIST,
    {
      type: 'Chart.Line',
      $when: '${hasChart}',
      title: '${chartTitle}',
      xAxisTitle: '${xAxisTitle}',
      yAxisTitle: 'prompts',
      spacing: 'Medium',
      data: '${chartData}',
      fallback: {
        type: 'Container',
        spacing: 'Medium',
        items: [
          { type: 'TextBlock', text: '${chartTitle}', weight: 'Bolder', size: 'Small', wrap: true },
          { type: 'TextBlock', text: '${sparkline}', fontType: 'Monospace', wrap: true, spacing: 'Small' },
          { type: 'TextBlock', text: '${sparklineLegend}', isSubtle: true, ...SMALL_TEXT },
        ],
      },
    },
    {
      type: 'Container',
      $when: '${hasCallers}',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: 'Top callers in the window', weight: 'Bolder', size: 'Small', wrap: true },
        { type: 'FactSet', facts: [{ $data: '${callers}', title: '${title}', value: '${value}' }] },
      ],
    },
    { type: 'TextBlock', $when: '${hasCallersNote}', text: '${callersNote}', isSubtle: true, ...SMALL_TEXT },
    { type: 'ActionSet', $when: '${hasLinks}', spacing: 'Medium', actions: '${links}' },
  ],
  actions: '${actions}',
};

export function promptAnomalyCard(data: PromptAnomalyCardData): AdaptiveCard {
  const { now, timeZone } = data;
  const drop = data.kind === 'drop';
  const links: object[] = [];
  if (data.logsUrl && data.logsUrl.length <= MAX_URL && /^https:\/\//i.test(data.logsUrl)) {
    links.push({ type: 'Action.OpenUrl', title: 'Open the query in Log Analytics', url: data.logsUrl });
  }
  const chart = chartOf(data);
  const callers = (data.callers ?? []).slice(0, MAX_CALLERS).map((c) => ({
    title: clip(c.callerIp || 'unknown IP', 60),
    value: [
      c.objectId ? `Entra object ${clip(c.objectId, 64)}` : 'key (no Entra identity)',
      clip(c.operation || 'unknown operation', 60),
      clip(c.deployment || 'unknown deployment', 80),
      `${formatCount(c.requests)} ${c.requests === 1 ? 'request' : 'requests'}`,
    ].join(' · '),
  }));
  const buttons = data.buttons ?? [];
  return renderCard('prompt-anomaly', template, {
    refresh: refreshOf(data),
    hasNotice: data.notice !== null && data.notice !== '',
    notice: clip(data.notice ?? '', 400),
    hasEscalation: data.escalation !== null,
    escalationText: data.escalation ? escalationText(data.escalation, now, timeZone) : '',
    headerStyle: settled(data.status.state) ? 'default' : drop ? 'warning' : 'attention',
    badge: `${drop ? 'PROMPT TRAFFIC STOPPED · lower priority' : 'UNUSUAL PROMPT VOLUME'} · zone ${data.zone} · alert #${data.anomalyId}`,
    badgeColor: drop ? 'warning' : 'attention',
    title: clip(
      drop
        ? `Prompt traffic stopped on ${data.resourceName}`
        : `${data.alerts > 1 ? 'Growing burst' : 'Burst'} of prompts on ${data.resourceName}`,
      250,
    ),
    hasDetail: data.resourceDetail !== null && data.resourceDetail !== '',
    resourceDetail: clip(data.resourceDetail ?? '', 200),
    stateLine: stateLine(data),
    stateColor: stateColor(data.status.state, data.active),
    facts: factsOf(data),
    hasChart: chart !== null,
    chartTitle: chart?.title ?? '',
    xAxisTitle: chart?.xAxisTitle ?? '',
    chartData: chart?.data ?? [],
    sparkline: chart?.sparkline ?? '',
    sparklineLegend: chart?.legend ?? '',
    hasCallers: callers.length > 0,
    callers,
    hasCallersNote: !drop && callers.length === 0,
    callersNote:
      data.callers === null
        ? 'Top callers: not available (the follow-up query did not answer); open the query below.'
        : 'Top callers: none logged in the window.',
    hasLinks: links.length > 0,
    links,
    actions: buttons.flatMap((b) => buttonOf(b, data)),
  });
}

function factsOf(d: PromptAnomalyCardData): { title: string; value: string }[] {
  const { timeZone, now } = d;
  const minutes = Math.round((d.windowEnd.getTime() - d.windowStart.getTime()) / 60_000);
  const window = `${formatAsOf(d.windowStart, timeZone, now)} – ${formatAsOf(d.windowEnd, timeZone, now)} (${minutes} min${d.active ? ', still going' : ''})`;
  const facts = [
    { title: 'Resource', value: clip(d.resourceName, 120) },
    { title: 'Zone', value: `zone ${d.zone}` },
    { title: 'Owner', value: d.owner ? clip(d.owner, 120) : 'nobody known (no owner tag)' },
    { title: 'Window', value: window },
  ];
  if (d.kind === 'drop') {
    facts.push({
      title: 'Observed vs expected',
      value: `0 prompts vs ~${formatCount(d.expected)} expected — ${aboveNormalText('drop', 0, d.expected, d.bins)}`,
    });
  } else {
    facts.push(
      {
        title: 'Observed vs expected',
        value: `${formatCount(d.observed)} prompts vs ~${formatCount(d.expected)} expected (${aboveNormalText('spike', d.observed, d.expected, d.bins)})`,
      },
      { title: 'Peak', value: `${formatCount(d.peak)} per 5 min vs ~${formatCount(d.peakExpected)} expected` },
    );
  }
  facts.push({ title: 'Anomaly score', value: d.maxScore.toFixed(2) });
  if (d.alerts > 1) facts.push({ title: 'Grew', value: `alerted ${d.alerts} times as it grew` });
  return facts;
}

/** "Open — still going", "Acknowledged by Dana Ortiz at 10:42 UTC", "Marked expected until …: launch". */
export function stateLine(
  d: Pick<PromptAnomalyCardData, 'status' | 'active' | 'windowEnd' | 'now' | 'timeZone'>,
): string {
  const { status, now, timeZone } = d;
  const when = (x: Date | null) => (x ? ` at ${formatAsOf(x, timeZone, now)}` : '');
  const by = status.by ? ` by ${clip(status.by, 120)}` : '';
  const going = d.active ? 'still going' : `ended ${formatAsOf(d.windowEnd, timeZone, now)}`;
  switch (status.state) {
    case 'open':
      return `Open — ${going}`;
    case 'acknowledged':
      return `Acknowledged${by}${when(status.at)} — ${going}`;
    case 'escalated':
      return `Escalated to an incident${by}${when(status.at)} — ${going}`;
    case 'expected': {
      const until = status.until ? ` until ${formatAsOf(status.until, timeZone, now)}` : '';
      const why = status.reason ? `: ${clip(status.reason, 300)}` : '';
      return `Marked expected${by}${until}${why} — ${going}`;
    }
  }
}

const settled = (state: PromptState) => state === 'expected';

function stateColor(state: PromptState, active: boolean): string {
  if (state === 'expected') return 'default';
  if (state === 'escalated') return 'attention';
  if (state === 'open') return active ? 'warning' : 'default';
  return 'accent';
}

function escalationText(e: NonNullable<PromptAnomalyCardData['escalation']>, now: Date, timeZone: string): string {
  const who = e.mentions.length > 0 ? `${e.mentions.join(', ')}: ` : '';
  const note = e.note ? ` — “${clip(e.note, 300)}”` : '';
  return `${who}escalated to an incident by ${clip(e.by, 120)} at ${formatAsOf(e.at, timeZone, now)}${note}`;
}

function refreshOf(d: PromptAnomalyCardData): object {
  return cardRefresh(PROMPT_VERBS.view, { anomalyId: d.anomalyId, version: d.version }, d.refreshUserIds);
}

function buttonOf(action: PromptAction, d: PromptAnomalyCardData): object[] {
  const ref = { anomalyId: d.anomalyId, version: d.version };
  const execute = (title: string, verb: string) => ({ type: 'Action.Execute', title, verb, data: ref });
  switch (action) {
    case 'ack':
      return [{ ...execute('Acknowledge', PROMPT_VERBS.ack), style: 'positive' }];
    case 'expected':
      return [
        {
          type: 'Action.ShowCard',
          title: 'Mark expected',
          card: {
            type: 'AdaptiveCard',
            body: [
              {
                type: 'Input.ChoiceSet',
                id: PROMPT_INPUTS.expectedHours,
                label: `No prompt-volume alerts for ${clip(d.resourceName, 80)} for`,
                style: 'expanded',
                value: '4',
                isRequired: true,
                errorMessage: 'Pick how long',
                choices: EXPECTED_HOURS.map((h) => ({ title: h === 1 ? '1 hour' : `${h} hours`, value: String(h) })),
              },
              {
                type: 'Input.Text',
                id: PROMPT_INPUTS.expectedReason,
                label: 'Why it is expected (kept in the audit log)',
                placeholder: 'e.g. product launch, load test, nightly batch',
                isMultiline: true,
                isRequired: true,
                maxLength: 500,
                errorMessage: 'Say why this traffic is expected',
              },
            ],
            actions: [execute('Mark expected', PROMPT_VERBS.expected)],
          },
        },
      ];
    case 'escalate':
      return [
        {
          type: 'Action.ShowCard',
          title: 'Escalate to incident',
          card: {
            type: 'AdaptiveCard',
            body: [
              {
                type: 'Input.Text',
                id: PROMPT_INPUTS.escalationNote,
                label: 'Note for the SOC channel (optional)',
                isMultiline: true,
                maxLength: 500,
              },
            ],
            actions: [{ ...execute('Escalate', PROMPT_VERBS.escalate), style: 'destructive' }],
          },
        },
      ];
  }
}

// ---------------------------------------------------------------------------------------------------------
// The chart and its text fallback

const LEVELS = '▁▂▃▄▅▆▇█';
/** Characters of the text sparkline: one per chart point or pair of points. */
const SPARK_WIDTH = 48;

/** "▁▂▃▅▇" for the values, scaled to the largest; `·` where a value is unknown. */
export function sparkline(values: readonly (number | null)[], max?: number): string {
  const top = max ?? Math.max(0, ...values.map((v) => v ?? 0));
  return values
    .map((v) => {
      if (v === null) return '·';
      if (top <= 0) return LEVELS[0];
      const i = Math.min(LEVELS.length - 1, Math.round((Math.max(0, v) / top) * (LEVELS.length - 1)));
      return LEVELS[i];
    })
    .join('');
}

function chartOf(d: PromptAnomalyCardData) {
  if (d.chart.length === 0) return null;
  const label = (t: Date) =>
    t.toLocaleTimeString('en-GB', { timeZone: d.timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  const round = (n: number) => Math.round(n * 10) / 10;
  const known = d.chart.filter((p) => p.observed !== null);
  const data = [
    {
      legend: 'Observed',
      color: 'categoricalRed',
      values: known.map((p) => ({ x: label(p.t), y: p.observed as number })),
    },
    {
      legend: 'Expected',
      color: 'categoricalBlue',
      values: d.chart.map((p) => ({ x: label(p.t), y: round(p.expected) })),
    },
    {
      legend: 'Upper bound',
      color: 'categoricalLavender',
      values: d.chart.map((p) => ({ x: label(p.t), y: round(p.upper) })),
    },
  ];
  // The fallback: SPARK_WIDTH characters, each the sum of consecutive points.
  const per = Math.max(1, Math.ceil(d.chart.length / SPARK_WIDTH));
  const sums: (number | null)[] = [];
  const uppers: number[] = [];
  for (let i = 0; i < d.chart.length; i += per) {
    const slice = d.chart.slice(i, i + per);
    const obs = slice.map((p) => p.observed);
    sums.push(obs.every((o) => o === null) ? null : obs.reduce<number>((s, o) => s + (o ?? 0), 0));
    uppers.push(slice.reduce((s, p) => s + p.upper, 0));
  }
  const top = Math.max(0, ...sums.map((s) => s ?? 0), ...uppers);
  const first = d.chart[0] as ChartPoint;
  const hours = Math.round((d.chart.length * d.bucketMinutes) / 60);
  return {
    title: `Last ${hours} h, prompts per ${d.bucketMinutes} min: observed vs expected band`,
    xAxisTitle: `${d.timeZone} time`,
    data,
    sparkline: `${sparkline(sums, top)}\n${sparkline(uppers, top)}`,
    legend: `Top line: observed, bottom line: upper bound of the expected band (per ${per * d.bucketMinutes} min, from ${formatAsOf(first.t, d.timeZone, d.now)}; full height = ${formatCount(top)} prompts).`,
  };
}
