// The zone review card: what to review, what changed since the last review, and "Mark reviewed", which
// records who and when (evidence for an auditor). Pure.

import { askButton, cardTemplate, freshnessLine, plural, smallPrint, subtitleBlock, titleBlock } from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export const REVIEW_VERB = 'vigil.review.mark';
const SHOWN = 8;
const SHOWN_CHANGES = 5;

export interface ReviewCardItem {
  title: string;
  level: string;
  count: number;
  /** e.g. "3 AI resources · 1 critical" */
  detail: string;
}

export interface ReviewCardData {
  reviewId: number;
  version: number;
  /** "Attack path review" */
  title: string;
  zone: number;
  zoneName: string;
  /** "daily", "weekly", "monthly" */
  cadence: string;
  /** Local, in the channel's time zone: "Mon 23 Nov, 09:00 CET". */
  scheduledFor: string;
  dueBy: string;
  items: ReviewCardItem[];
  changesSummary: string;
  added: string[];
  removed: string[];
  changed: string[];
  /** "Reviewed by Dana Ortiz, Mon 23 Nov, 10:02 CET", or null while open. */
  reviewedText: string | null;
  /** "open", "missed", "reviewed", "reviewed late". */
  statusText: string;
  /** Follow-up question that lists everything in scope. */
  ask: string;
  freshness: string;
}

const LEVEL_COLOR: Record<string, string> = { Critical: 'attention', High: 'attention', Medium: 'warning' };

const template = cardTemplate([
  titleBlock('${heading}'),
  subtitleBlock('${subtitle}'),
  {
    type: 'FactSet',
    spacing: 'Medium',
    facts: [
      { title: 'Status', value: '${statusText}' },
      { title: 'Due by', value: '${dueBy}' },
    ],
  },
  { type: 'TextBlock', text: '${changesSummary}', wrap: true, spacing: 'Medium', weight: 'Bolder' },
  { type: 'TextBlock', $when: '${hasAdded}', text: '${addedText}', wrap: true, spacing: 'Small', color: 'attention' },
  { type: 'TextBlock', $when: '${hasRemoved}', text: '${removedText}', wrap: true, spacing: 'Small', color: 'good' },
  { type: 'TextBlock', $when: '${hasChanged}', text: '${changedText}', wrap: true, spacing: 'Small' },
  { type: 'TextBlock', text: '${itemsTitle}', weight: 'Bolder', spacing: 'Medium', separator: true, wrap: true },
  {
    type: 'ColumnSet',
    $data: '${items}',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        items: [{ type: 'TextBlock', text: '**${title}**', wrap: true }, smallPrint('${detail}', 'None')],
      },
      {
        type: 'Column',
        width: 'auto',
        items: [{ type: 'TextBlock', text: '${level}', color: '${color}', size: 'Small', weight: 'Bolder' }],
      },
    ],
  },
  { type: 'TextBlock', $when: '${hasMore}', text: '${moreText}', isSubtle: true, size: 'Small', wrap: true },
  { type: 'TextBlock', $when: '${hasReviewed}', text: '${reviewedText}', wrap: true, spacing: 'Medium', color: 'good' },
  freshnessLine(),
]);

const listLine = (label: string, names: readonly string[]) => {
  const shown = names.slice(0, SHOWN_CHANGES);
  const more = names.length - shown.length;
  return `${label}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
};

export function reviewCard(d: ReviewCardData): AdaptiveCard {
  const more = d.items.length - SHOWN;
  const actions: object[] = [];
  if (d.reviewedText === null) {
    actions.push({
      type: 'Action.Execute',
      title: 'Mark reviewed',
      verb: REVIEW_VERB,
      style: 'positive',
      data: { reviewId: d.reviewId, version: d.version },
    });
  }
  actions.push(askButton('Show all', d.ask), askButton('Review history', `reviews zone ${d.zone}`));
  return renderCard('review', template, {
    heading: `${d.title} · zone ${d.zone} (${d.zoneName})`,
    subtitle: `The ${d.cadence} review scheduled for ${d.scheduledFor}`,
    statusText: d.statusText,
    dueBy: d.dueBy,
    changesSummary: d.changesSummary,
    hasAdded: d.added.length > 0,
    addedText: listLine('New', d.added),
    hasRemoved: d.removed.length > 0,
    removedText: listLine('Gone', d.removed),
    hasChanged: d.changed.length > 0,
    changedText: listLine('Changed', d.changed),
    itemsTitle:
      d.items.length === 0 ? 'Nothing to review in this zone today.' : `To review: ${plural(d.items.length, 'item')}`,
    items: d.items.slice(0, SHOWN).map((i) => ({ ...i, color: LEVEL_COLOR[i.level] ?? 'default' })),
    hasMore: more > 0,
    moreText: `and ${more} more — \`${d.ask}\``,
    hasReviewed: d.reviewedText !== null,
    reviewedText: d.reviewedText ?? '',
    freshness: d.freshness,
    actions,
  });
}
