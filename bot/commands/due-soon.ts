// `due soon`: findings in the last stretch of their SLA (the last quarter, or the last 24 hours,
// whichever is longer), grouped by owner ("no owner" first), worst first.

import { answerByOwner } from './by-owner.js';
import { type Command, questionMatcher } from './types.js';

export const dueSoonCommand: Command = {
  name: 'due soon',
  description: 'findings close to their SLA, by owner',
  example: 'due soon',
  match: questionMatcher(
    ['due this week', 'due soon', 'coming due', 'upcoming', 'expiring', 'nearly due'],
    ['findings', 'finding', 'open', 'items', 'sla'],
  ),
  async handle(ctx) {
    return answerByOwner(ctx, 'due-soon', {
      title: 'Findings due soon, by owner',
      explanation: 'in the last quarter of their SLA or the last 24 hours',
      groupNoun: 'due soon',
      emptyText: 'Nothing is close to its SLA. Ask `overdue` for what is already late.',
      followUps: [
        { title: 'Overdue', query: 'overdue' },
        { title: 'All findings', query: 'findings' },
      ],
    });
  },
};
