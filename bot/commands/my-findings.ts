// `my findings`: what the asking person owns, matched by UPN / e-mail, or by Entra object id where
// an owner value is one; includes every finding on a resource whose owner tag is theirs.

import { findingsCard } from '../../cards/findings.js';
import { pageSlice, plural } from '../../cards/parts.js';
import {
  FINDINGS_PAGE_SIZE,
  isMine,
  matchesQuery,
  ownedBy,
  parseFindingQuery,
  severityTotals,
} from '../../posture/findings.js';
import { cardBasics, clampPage, ignoredNotes, rowOf, STILL_DISCOVERING } from './shared.js';
import { type Command, questionMatcher } from './types.js';

export const myFindingsCommand: Command = {
  name: 'my findings',
  description: 'the findings you own, most urgent first',
  example: 'my findings',
  match: questionMatcher([
    'my open findings',
    'my findings',
    'my finding',
    'my issues',
    'my stuff',
    'mine',
    'what do i own',
    'what i own',
    'findings assigned to me',
    'assigned to me',
  ]),
  async handle(ctx) {
    const { estate, vocabulary } = ctx;
    if (!estate || !vocabulary) return STILL_DISCOVERING;
    const me = { upn: ctx.asker.upn, objectId: ctx.asker.objectId };
    const owned = ownedBy(estate, me);
    const q = parseFindingQuery(ctx.args, estate, vocabulary);
    const list = owned.findings.filter((f) => matchesQuery(estate, q, ctx.now, f));
    const page = clampPage(ctx.page, list.length, FINDINGS_PAGE_SIZE);
    const unknown = !me.upn && list.length === 0 && owned.resources.length === 0;
    const who = me.upn ?? ctx.asker.name;

    const notes = ignoredNotes(q);
    if (!me.upn && !unknown) {
      notes.push('Teams did not tell me your UPN, so these are only the findings assigned to your Entra object id.');
    }
    const resources = owned.resources.length;
    const summary = [
      who,
      ...q.labels,
      plural(list.length, 'open finding'),
      resources > 0 ? `${plural(resources, 'AI resource')} tagged with you as owner` : '',
    ].filter(Boolean);

    return {
      card: findingsCard({
        title: 'Your findings',
        summary: summary.join(' · '),
        notes,
        totals: severityTotals(list),
        owners: [],
        groupNoun: '',
        rows: pageSlice(list, page, FINDINGS_PAGE_SIZE).map((f) =>
          rowOf(
            f,
            f.owner && !isMine(f.owner.id, me)
              ? {
                  note: `Assigned to ${f.owner.id}; it is on ${f.finding.resourceName}, which is tagged with you as owner.`,
                }
              : {},
          ),
        ),
        emptyText: unknown
          ? `I couldn't match you to an owner: I don't know your UPN or e-mail, and nothing is assigned to your Entra object id. Ask \`whoami\` to see what Vigil knows about you.`
          : q.labels.length > 0
            ? `None of your open findings match ${q.labels.join(' · ')}.`
            : resources > 0
              ? `You don't own any open findings: your ${plural(resources, 'AI resource')} are clean and nothing else is assigned to you.`
              : `You don't own any open findings: nothing is assigned to ${who}, and no AI resource carries you as its owner tag.`,
        followUps: unknown
          ? [{ title: 'Who am I?', query: 'whoami' }]
          : [
              { title: 'My overdue', query: 'my findings overdue' },
              { title: 'Who am I?', query: 'whoami' },
            ],
        ...cardBasics(ctx, page, list.length),
      }),
    };
  },
};
