// A finding's history: every audit entry about it, newest first — who, what, when (in the configured time
// zone) — under the finding's current state, with a button back to the finding card. Pure.

import type { Zone } from '../posture/model.js';
import { formatAsOf } from '../posture/text.js';
import { ALERT_VERBS, type FindingStatusView, stateLine } from './finding-alert.js';
import { clip } from './findings.js';
import { cardTemplate, plural, smallPrint, subtitleBlock } from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface HistoryEntryView {
  at: Date;
  /** Display name, else UPN, else id. */
  who: string;
  /** "acknowledged it", "snoozed it for 3 days, until …". */
  what: string;
}

export interface HistoryCardData {
  findingId: number;
  version: number;
  title: string;
  resourceName: string;
  zone?: Zone;
  status: FindingStatusView;
  dueAt: Date | null;
  /** When Vigil first recorded this occurrence. */
  firstSeen: Date;
  /** Newest first. */
  entries: HistoryEntryView[];
  /** Older entries left off the card. */
  earlier: number;
  now: Date;
  timeZone: string;
}

const template = cardTemplate([
  { type: 'TextBlock', text: '${heading}', weight: 'Bolder', size: 'Medium', wrap: true },
  subtitleBlock(),
  { type: 'TextBlock', text: '${stateLine}', weight: 'Bolder', wrap: true, spacing: 'Small' },
  {
    type: 'ColumnSet',
    $data: '${entries}',
    separator: true,
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        items: [{ type: 'TextBlock', text: '${when}', isSubtle: true, size: 'Small', wrap: true }],
      },
      {
        type: 'Column',
        width: 'stretch',
        items: [{ type: 'TextBlock', text: '**${who}** ${what}', size: 'Small', wrap: true }],
      },
    ],
  },
  { type: 'TextBlock', $when: '${isEmpty}', text: 'Nobody has acted on it yet.', wrap: true, spacing: 'Medium' },
  { type: 'TextBlock', $when: '${hasEarlier}', text: '${earlierText}', isSubtle: true, size: 'Small', wrap: true },
  smallPrint('${firstSeenText}', 'Medium'),
]);

export function historyCard(data: HistoryCardData): AdaptiveCard {
  const { now, timeZone } = data;
  return renderCard('history', template, {
    heading: `History of finding #${data.findingId}`,
    subtitle: `${clip(data.title, 200)} · ${clip(data.resourceName, 120)}`,
    stateLine: `Now: ${stateLine(data.status, data.dueAt, now, timeZone)}`,
    entries: data.entries.map((e) => ({
      when: formatAsOf(e.at, timeZone, now),
      who: clip(e.who, 120),
      what: clip(e.what, 500),
    })),
    isEmpty: data.entries.length === 0,
    hasEarlier: data.earlier > 0,
    earlierText: `and ${plural(data.earlier, 'earlier entry', 'earlier entries')}`,
    firstSeenText: `First recorded by Vigil ${formatAsOf(data.firstSeen, timeZone, now)}. Every action on the card is kept in the audit log.`,
    actions: [
      {
        type: 'Action.Execute',
        title: 'Back to the finding',
        verb: ALERT_VERBS.view,
        data: { findingId: data.findingId, version: data.version },
      },
    ],
  });
}
