// `overdue`: findings past their zone's SLA, grouped by owner ("no owner" first), worst first.

import { answerByOwner } from './by-owner.js';
import { type Command, questionMatcher } from './types.js';

export const overdueCommand: Command = {
  name: 'overdue',
  description: "findings past their zone's SLA, by owner",
  example: 'overdue',
  match: questionMatcher(
    ['past due', 'overdue', 'late', 'breached', 'sla breaches', 'sla breach', 'sla'],
    ['findings', 'finding', 'open', 'items'],
  ),
  async handle(ctx) {
    return answerByOwner(ctx, 'overdue', {
      title: 'Overdue findings by owner',
      explanation: "past their zone's SLA",
      groupNoun: 'overdue',
      emptyText: 'Nothing here is past its SLA. Ask `due soon` for what is coming up.',
      followUps: [
        { title: 'Due soon', query: 'due soon' },
        { title: 'All findings', query: 'findings' },
      ],
    });
  },
};
