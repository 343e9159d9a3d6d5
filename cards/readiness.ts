// The readiness card: the walkthrough's Validation checklist, one compact row per subscription
// (✅/❌ per item, X of 5), what to do for every item that fails, and the governance table's
// zone expectations Vigil cannot score.

import { CHECKS, type CheckStatus, type ReadinessReport, type SubscriptionReadiness } from '../posture/readiness.js';
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
  titleBlock,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface ReadinessCardData {
  report: ReadinessReport;
  labels: string[];
  ignored: string[];
  page: Omit<PageInfo, 'total'>;
  freshness: string;
}

export const READINESS_PAGE_SIZE = 5;

export const STATUS_ICON: Record<CheckStatus, string> = { pass: '✅', fail: '❌', unknown: '❔' };

const template = cardTemplate([
  ...ANSWER_HEADER,
  smallPrint('${legend}'),
  {
    type: 'Container',
    $data: '${rows}',
    separator: true,
    spacing: 'Medium',
    items: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            items: [
              { type: 'TextBlock', text: '**${name}**', wrap: true },
              { type: 'TextBlock', text: '${zoneText}', isSubtle: true, size: 'Small', spacing: 'None', wrap: true },
            ],
          },
          {
            type: 'Column',
            width: 'auto',
            verticalContentAlignment: 'Center',
            items: [{ type: 'TextBlock', text: '${icons}', horizontalAlignment: 'Right' }],
          },
          {
            type: 'Column',
            width: 'auto',
            verticalContentAlignment: 'Center',
            items: [
              {
                type: 'TextBlock',
                text: '${scoreText}',
                weight: 'Bolder',
                color: '${scoreColor}',
                horizontalAlignment: 'Right',
              },
            ],
          },
        ],
      },
      smallPrint('${seen}', 'Small', '${hasSeen}'),
      {
        type: 'TextBlock',
        $data: '${todo}',
        text: '${text}',
        size: 'Small',
        wrap: true,
        spacing: 'Small',
      },
    ],
  },
  pageLabelLine(),
  {
    type: 'TextBlock',
    $when: '${hasZoneNotes}',
    text: 'Governance table (for information)',
    weight: 'Bolder',
    spacing: 'Medium',
  },
  {
    type: 'TextBlock',
    $data: '${zoneNotes}',
    text: '${text}',
    size: 'Small',
    wrap: true,
    spacing: 'Small',
  },
  freshnessLine(),
]);

const emptyTemplate = cardTemplate([
  titleBlock('AI-SPM readiness'),
  { type: 'TextBlock', text: '${message}', wrap: true, spacing: 'Medium' },
  freshnessLine(),
]);

function row(r: SubscriptionReadiness) {
  const total = r.checks.length;
  const seen = r.checks
    .filter((c) => c.status === 'pass')
    .map((c) => c.detail)
    .join(' · ');
  return {
    name: r.subscription.name,
    zoneText: `Zone ${r.zone} · ${r.subscription.id}`,
    icons: r.checks.map((c) => STATUS_ICON[c.status]).join(' '),
    scoreText: `${r.passed} of ${total}`,
    scoreColor: r.passed === total ? 'Good' : r.passed >= total - 1 ? 'Warning' : 'Attention',
    hasSeen: seen !== '',
    seen,
    todo: r.checks
      .map((c, i) => ({ c, n: i + 1 }))
      .filter(({ c }) => c.status !== 'pass')
      .map(({ c, n }) => ({
        text: `${STATUS_ICON[c.status]} **${n} ${c.label}**: ${c.detail}. ${c.fix ?? ''}`.trim(),
      })),
  };
}

export function readinessCard(data: ReadinessCardData): AdaptiveCard {
  const { report } = data;
  const total = report.subscriptions.length;
  const scope = data.labels.length > 0 ? data.labels.join(' · ') : 'all subscriptions';
  if (total === 0) {
    return renderCard('readiness', emptyTemplate, {
      message:
        data.labels.length > 0
          ? `No subscription matches ${scope}. Try \`readiness\` alone.`
          : 'Vigil sees no subscriptions yet: give it Reader and Security Reader on the subscriptions to watch.',
      freshness: data.freshness,
      actions: data.labels.length > 0 ? [askButton('All subscriptions', 'readiness')] : [],
    });
  }
  const page: PageInfo = { ...data.page, total };
  return renderCard('readiness', template, {
    title: 'AI-SPM readiness',
    subtitle: `${scope} · ${report.ready} of ${plural(total, 'subscription')} pass all ${CHECKS.length} checks`,
    ...ignoredData(data.ignored),
    legend: `Checks (walkthrough Validation): ${CHECKS.map((c, i) => `${i + 1} ${c.label}`).join(' · ')}`,
    rows: pageSlice(report.subscriptions, page.page, page.pageSize).map(row),
    ...pageLabelData(page),
    hasZoneNotes: report.zoneNotes.length > 0,
    zoneNotes: report.zoneNotes.map((z) => ({ text: `**Zone ${z.zone} · ${z.name}**: ${z.text}` })),
    freshness: data.freshness,
    actions: [...pagerActions(page), askButton('Posture', 'posture')],
  });
}
