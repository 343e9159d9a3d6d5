// "Who am I to Vigil?": the identity Teams gave, the roles configuration grants, what they allow,
// and what the person owns.

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
import { type AdaptiveCard, renderCard } from './render.js';

export interface WhoamiCardData {
  name: string;
  objectId: string | null;
  upn: string | null;
  /** Roles configuration grants; empty for a reader. */
  roles: string[];
  /** What the person may do, one line per role (including "reader" and "owner" where they apply). */
  abilities: { name: string; allows: string }[];
  /** Owned resources to list (already cut to a readable number). */
  owned: { name: string; kind: string; zone: number; openFindings: number }[];
  ownedTotal: number;
  /** Open findings the person owns, and how many of them are past or near their SLA. */
  findings: { open: number; overdue: number; dueSoon: number };
  /** Null before the first discovery: ownership is not known yet. */
  freshness: string | null;
}

const template = cardTemplate([
  titleBlock('${name}'),
  subtitleBlock('How Vigil knows you'),
  {
    type: 'FactSet',
    spacing: 'Medium',
    facts: [
      { title: 'Entra object id', value: '${objectId}' },
      { title: 'UPN', value: '${upn}' },
      { title: 'Roles', value: '${rolesText}' },
    ],
  },
  { type: 'TextBlock', text: 'What you can do', weight: 'Bolder', spacing: 'Medium', separator: true },
  { type: 'TextBlock', $data: '${abilities}', text: '${text}', wrap: true, spacing: 'Small' },
  { type: 'TextBlock', text: '${ownedTitle}', weight: 'Bolder', spacing: 'Medium', separator: true, wrap: true },
  twoColumnRow(
    [{ type: 'TextBlock', text: '**${name}**', wrap: true }, smallPrint('${detail}', 'None')],
    [{ type: 'TextBlock', text: '${findingsText}', color: '${color}', size: 'Small' }],
    { $data: '${owned}', spacing: 'Small' },
  ),
  { type: 'TextBlock', $when: '${hasOwnedNote}', text: '${ownedNote}', isSubtle: true, size: 'Small', wrap: true },
  { type: 'TextBlock', $when: '${hasFindingsLine}', text: '${findingsLine}', wrap: true, spacing: 'Medium' },
  freshnessLine(),
]);

export function whoamiCard(d: WhoamiCardData): AdaptiveCard {
  const known = d.freshness !== null;
  const more = d.ownedTotal - d.owned.length;
  let ownedNote = '';
  if (!known) ownedNote = 'The first discovery is still running; ownership follows in a moment.';
  else if (d.ownedTotal === 0)
    ownedNote = d.upn
      ? `No AI resource carries an owner tag with ${d.upn}.`
      : 'Without your UPN I cannot match owner tags; ask your admin to let Vigil read your Teams profile.';
  else if (more > 0) ownedNote = `and ${plural(more, 'more resource')}: ask \`inventory owner ${d.upn ?? ''}\``;

  const f = d.findings;
  const findingsLine = !known
    ? ''
    : f.open === 0
      ? 'You own no open findings.'
      : `You own ${plural(f.open, 'open finding')}: ${f.overdue} overdue, ${f.dueSoon} due soon.`;

  return renderCard('whoami', template, {
    name: d.name,
    objectId: d.objectId ?? 'unknown — Teams did not give it',
    upn: d.upn ?? 'unknown — Teams did not give it',
    rolesText: d.roles.length > 0 ? d.roles.join(', ') : 'reader',
    abilities: d.abilities.map((a) => ({ text: `**${a.name}**: ${a.allows}` })),
    ownedTitle: known ? `Resources you own (${d.ownedTotal})` : 'Resources you own',
    owned: d.owned.map((r) => ({
      name: r.name,
      detail: `${r.kind} · zone ${r.zone}`,
      findingsText: r.openFindings > 0 ? `${r.openFindings} open` : 'no findings',
      color: r.openFindings > 0 ? 'Attention' : 'Good',
    })),
    hasOwnedNote: ownedNote !== '',
    ownedNote,
    hasFindingsLine: findingsLine !== '',
    findingsLine,
    freshness: d.freshness ?? 'Ownership comes from owner tags and Defender governance assignments.',
    actions: [askButton('My findings', 'my findings')],
  });
}
