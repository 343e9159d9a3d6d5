import { type HelpItem, helpCard } from '../../cards/help.js';
import { ROLE_NAMES } from '../../posture/roles.js';
import { formatAsOf } from '../../posture/text.js';
import { type Command, startsWith } from './types.js';

/** Questions announced in help before they are switched on; each disappears from here when its command lands. */
const PLANNED: readonly Omit<HelpItem, 'available'>[] = [
  {
    title: 'inventory',
    example: 'inventory openai zone 3',
    description: 'AI resources by kind, cloud and zone, with filters',
  },
  { title: 'show', example: 'show oai-claims-prod-weu', description: "one resource's AI bill of materials" },
  { title: 'posture', example: 'posture zone 2', description: 'score and findings by zone and subscription' },
  { title: 'findings', example: 'findings high', description: 'open findings with owner and SLA countdown' },
  {
    title: 'recommendations',
    example: 'recommendations',
    description: 'the AI recommendations that apply and how to fix them',
  },
  { title: 'attack paths', example: 'attack paths', description: 'attack paths that reach AI resources' },
  { title: 'overdue', example: 'due soon', description: 'findings past or near their SLA, by owner' },
  { title: 'my findings', example: 'my findings', description: 'what you own' },
  { title: 'readiness', example: 'readiness', description: "the walkthrough's validation checklist per subscription" },
  { title: 'whoami', example: 'whoami', description: 'your roles and the resources you own' },
];

export function helpCommand(listCommands: () => readonly Command[]): Command {
  return {
    name: 'help',
    description: 'what Vigil can do for you',
    example: 'help',
    match: startsWith('help', '?', 'what can you do', 'commands'),
    async handle(ctx) {
      // Placeholders never match and have no example: they are announced from PLANNED instead.
      const commands = listCommands().filter((c) => c.example !== '');
      const available = new Set(commands.map((c) => c.name));
      const items: HelpItem[] = [
        ...commands.map((c) => ({ title: c.name, example: c.example, description: c.description, available: true })),
        ...PLANNED.filter((p) => !available.has(p.title)).map((p) => ({ ...p, available: false })),
      ];
      const [latest] = await ctx.store.snapshots.list(1);
      return {
        card: helpCard({
          displayName: ctx.asker.name,
          roles: ctx.asker.roles.map((r) => ROLE_NAMES[r]),
          items,
          estate: latest
            ? {
                asOf: formatAsOf(new Date(latest.takenAt), ctx.config.timeZone, ctx.now),
                subscriptions: latest.summary.subscriptions,
                aiResources: latest.summary.resources,
                openFindings: latest.summary.unhealthy,
                mode: ctx.config.mode,
              }
            : null,
        }),
      };
    },
  };
}
