// SLA reminder cards: an owner's findings whose SLA clock passed a threshold, and the breach escalation to
// leaders. Pure.

import { askButton, cardTemplate, freshnessLine, plural, smallPrint, subtitleBlock, titleBlock } from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

const SHOWN = 10;

export interface SlaReminderItem {
  finding: string;
  resource: string;
  zone: number;
  severity: string;
  /** "75 % of the SLA used", "SLA breached". */
  threshold: string;
  /** "2 d 4 h left" / "overdue by 5 h". */
  countdown: string;
  /** "Tue 25 Nov, 14:00 CET". */
  due: string;
  breached: boolean;
  owner: string | null;
}

export interface SlaReminderCardData {
  kind: 'owner' | 'escalation';
  items: SlaReminderItem[];
  freshness: string;
}

const template = cardTemplate([
  titleBlock(),
  subtitleBlock(),
  {
    type: 'Container',
    $data: '${items}',
    spacing: 'Medium',
    separator: true,
    items: [
      { type: 'TextBlock', text: '**${finding}**', wrap: true },
      smallPrint('${where}', 'None'),
      { type: 'TextBlock', text: '${clock}', color: '${color}', wrap: true, spacing: 'Small', weight: 'Bolder' },
    ],
  },
  { type: 'TextBlock', $when: '${hasMore}', text: '${moreText}', isSubtle: true, size: 'Small', wrap: true },
  freshnessLine(),
]);

export function slaReminderCard(d: SlaReminderCardData): AdaptiveCard {
  const breached = d.items.filter((i) => i.breached).length;
  const more = d.items.length - SHOWN;
  const title =
    d.kind === 'escalation'
      ? `SLA breached: ${plural(d.items.length, 'finding')} past due`
      : `SLA reminder: ${plural(d.items.length, 'finding')} you own`;
  const subtitle =
    d.kind === 'escalation'
      ? 'These findings passed their remediation SLA. Their owners have been told.'
      : breached > 0
        ? `${breached} past due. Acknowledge or plan a fix from the alert card, or ask \`my findings\`.`
        : 'The SLA clock is running on these. Plan a fix, or ask `my findings`.';
  return renderCard('sla-reminder', template, {
    title,
    subtitle,
    items: d.items.slice(0, SHOWN).map((i) => ({
      finding: i.finding,
      where: `${i.resource} · zone ${i.zone} · ${i.severity}${d.kind === 'escalation' ? ` · owner ${i.owner ?? 'nobody'}` : ''}`,
      clock: `${i.threshold} — ${i.countdown} (due ${i.due})`,
      color: i.breached ? 'attention' : 'warning',
    })),
    hasMore: more > 0,
    moreText: `and ${more} more — ask \`${d.kind === 'escalation' ? 'overdue' : 'my findings'}\``,
    freshness: d.freshness,
    actions: [
      askButton(
        d.kind === 'escalation' ? 'Overdue' : 'My findings',
        d.kind === 'escalation' ? 'overdue' : 'my findings',
      ),
    ],
  });
}
