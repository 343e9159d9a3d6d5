// The help card: what Vigil does for this person, with examples that work.

import { CARD_SCHEMA, smallPrint, titleBlock } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

export interface HelpItem {
  title: string;
  example: string;
  description: string;
  /** False for capabilities that are announced but not switched on yet. */
  available: boolean;
}

export interface HelpCardData {
  displayName: string;
  roles: string[];
  items: HelpItem[];
  /** Summary of the estate Vigil is watching, or null before the first discovery. */
  estate: {
    asOf: string;
    subscriptions: number;
    aiResources: number;
    openFindings: number;
    mode: 'demo' | 'azure';
  } | null;
}

const template = {
  type: 'AdaptiveCard',
  $schema: CARD_SCHEMA,
  version: CARD_VERSION,
  body: [
    titleBlock('Vigil — AI security posture in Teams'),
    {
      type: 'TextBlock',
      text: 'Hi ${displayName}. You are signed in as ${rolesText}.',
      wrap: true,
      spacing: 'Small',
    },
    {
      type: 'Container',
      $when: '${estate != null}',
      style: 'emphasis',
      items: [
        {
          type: 'TextBlock',
          text: 'Watching ${estate.aiResources} AI resources in ${estate.subscriptions} subscriptions · ${estate.openFindings} open findings',
          wrap: true,
        },
        {
          type: 'TextBlock',
          text: '${estate.source} · as of ${estate.asOf}',
          isSubtle: true,
          size: 'Small',
          spacing: 'None',
          wrap: true,
        },
      ],
    },
    {
      type: 'TextBlock',
      $when: '${estate == null}',
      text: 'The first discovery of your AI estate is still running; answers will follow in a moment.',
      isSubtle: true,
      wrap: true,
    },
    { type: 'TextBlock', text: 'Ask me', weight: 'Bolder', spacing: 'Medium' },
    {
      type: 'ColumnSet',
      $data: '${items}',
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            { type: 'TextBlock', text: '**${title}** — ${description}', wrap: true },
            {
              type: 'TextBlock',
              text: '${hint}',
              isSubtle: true,
              size: 'Small',
              spacing: 'None',
              wrap: true,
            },
          ],
        },
      ],
    },
    smallPrint(
      'In a channel, @mention me first. Findings and prompt-volume alerts arrive as cards you can act on.',
      'Medium',
    ),
  ],
};

export function helpCard(data: HelpCardData): AdaptiveCard {
  return renderCard('help', template, {
    displayName: data.displayName,
    rolesText: data.roles.length > 0 ? data.roles.join(', ') : 'a reader',
    items: data.items.map((i) => ({ ...i, hint: `${i.available ? 'Try' : 'Coming soon'}: \`${i.example}\`` })),
    estate: data.estate && {
      ...data.estate,
      source: data.estate.mode === 'demo' ? 'Demo tenant (synthetic estate)' : 'Microsoft Defender for Cloud',
    },
  });
}
