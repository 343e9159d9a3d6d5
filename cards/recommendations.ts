// The recommendations card: the AI recommendations that apply, how many resources fail each, how to
// fix them and where in Defender for Cloud; or, for one resource, the ones it fails.

import type { RecommendationRow } from '../posture/recommendations.js';
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

export interface RecommendationsCardData {
  /** Rows to list, in order (the card shows one page of them). */
  rows: RecommendationRow[];
  /** Set when the question was about one resource. */
  resource: { name: string; details: string } | null;
  /** One line under the title: what the rows add up to. */
  summary: string;
  labels: string[];
  ignored: string[];
  page: Omit<PageInfo, 'total'>;
  freshness: string;
}

export const RECOMMENDATIONS_PAGE_SIZE = 8;

const template = cardTemplate([
  ...ANSWER_HEADER,
  { type: 'TextBlock', text: '${summary}', wrap: true, spacing: 'Small' },
  {
    type: 'Container',
    $data: '${rows}',
    separator: true,
    spacing: 'Medium',
    items: [
      twoColumnRow(
        [{ type: 'TextBlock', text: '**${displayName}**', wrap: true }],
        [
          {
            type: 'TextBlock',
            text: '${countText}',
            weight: 'Bolder',
            color: '${countColor}',
            horizontalAlignment: 'Right',
          },
        ],
      ),
      smallPrint('${details}', 'None'),
      { type: 'TextBlock', $when: '${hasFix}', text: '${fix}', size: 'Small', wrap: true, spacing: 'Small' },
      {
        type: 'TextBlock',
        $when: '${hasFailing}',
        text: '${failingText}',
        size: 'Small',
        isSubtle: true,
        wrap: true,
        spacing: 'Small',
      },
      {
        type: 'ActionSet',
        $when: '${hasLink}',
        spacing: 'Small',
        actions: [{ type: 'Action.OpenUrl', title: 'Open in Defender for Cloud', url: '${portalUri}' }],
      },
    ],
  },
  pageLabelLine(),
  freshnessLine(),
]);

function rowData(r: RecommendationRow, oneResource: boolean) {
  const more = r.failing - r.failingNames.length;
  const names = r.failingNames.join(', ');
  const details = oneResource
    ? [r.severity, r.failing > 0 ? 'failing' : 'passing', r.critical > 0 ? 'critical' : ''].filter(Boolean)
    : [
        r.severity,
        r.failing > 0
          ? `fails on ${r.failing} of ${plural(r.assessed, 'assessed resource')}`
          : r.assessed > 0
            ? `passes on all ${plural(r.assessed, 'assessed resource')}`
            : 'not applicable or exempt everywhere',
        r.critical > 0 ? `${r.critical} critical` : '',
        r.excluded > 0 ? `${r.excluded} exempt or not applicable` : '',
      ].filter(Boolean);
  return {
    displayName: r.displayName,
    countText: oneResource ? (r.failing > 0 ? 'Failing' : 'Passing') : `${r.failing} / ${r.assessed}`,
    countColor: r.failing === 0 ? 'Good' : r.severity === 'High' || r.critical > 0 ? 'Attention' : 'Warning',
    details: details.join(' · '),
    hasFix: r.remediation !== null && r.failing > 0,
    fix: `**How to fix:** ${r.remediation ?? ''}`,
    hasFailing: !oneResource && r.failing > 0,
    failingText: `Failing: ${names}${more > 0 ? ` and ${more} more` : ''}`,
    hasLink: r.portalUri !== null,
    portalUri: r.portalUri ?? '',
  };
}

export function recommendationsCard(data: RecommendationsCardData): AdaptiveCard {
  const total = data.rows.length;
  const page: PageInfo = { ...data.page, total };
  const scope = data.labels.length > 0 ? data.labels.join(' · ') : 'all AI resources';
  const oneResource = data.resource !== null;
  const followUps = data.resource
    ? [
        askButton(`Show ${data.resource.name}`, `show ${data.resource.name}`),
        askButton('All recommendations', 'recommendations'),
      ]
    : [askButton('Posture', 'posture'), askButton('Findings', 'findings')];
  return renderCard('recommendations', template, {
    title: data.resource ? `Recommendations for ${data.resource.name}` : 'AI recommendations',
    subtitle: data.resource ? data.resource.details : `${scope} · ${plural(total, 'recommendation')}`,
    ...ignoredData(data.ignored),
    summary: data.summary,
    rows: pageSlice(data.rows, page.page, page.pageSize).map((r) => rowData(r, oneResource)),
    ...pageLabelData(page),
    freshness: data.freshness,
    actions: [...pagerActions(page), ...followUps],
  });
}
