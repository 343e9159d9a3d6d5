// "Which one did you mean?": several AI resources answer to the name asked. Each option is a button
// that asks for that resource by its full id, so the click can only show that one.

import {
  askButton,
  cardTemplate,
  freshnessLine,
  type PageInfo,
  pageLabelData,
  pageLabelLine,
  pagerActions,
  plural,
  smallPrint,
  subtitleBlock,
  titleBlock,
} from './parts.js';
import { type AdaptiveCard, renderCard } from './render.js';

export interface ChoiceOption {
  /** Full ARM id: what the button asks for. */
  id: string;
  name: string;
  kind: string;
  subscription: string;
  resourceGroup: string;
  region: string;
  zone: number;
}

export interface ChoiceCardData {
  /** What the person asked for. */
  query: string;
  /** The options of the page shown. */
  options: ChoiceOption[];
  page: PageInfo;
  freshness: string;
}

/** Options per card: enough to pick from, few enough to read on a phone. */
export const CHOICE_PAGE_SIZE = 10;

const template = cardTemplate([
  titleBlock('Which one did you mean?'),
  subtitleBlock(),
  {
    type: 'ColumnSet',
    $data: '${options}',
    separator: true,
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [{ type: 'TextBlock', text: '**${name}**', wrap: true }, smallPrint('${detail}', 'None')],
      },
      {
        type: 'Column',
        width: 'auto',
        verticalContentAlignment: 'Center',
        items: [{ type: 'ActionSet', actions: '${buttons}' }],
      },
    ],
  },
  pageLabelLine(),
  freshnessLine(),
]);

export function choiceCard(data: ChoiceCardData): AdaptiveCard {
  return renderCard('choice', template, {
    subtitle: `${plural(data.page.total, 'AI resource')} match “${data.query}”. Pick one, or type more of its name.`,
    options: data.options.map((o) => ({
      name: o.name,
      detail: `${o.kind} · ${o.subscription} · ${o.resourceGroup} · ${o.region} · zone ${o.zone}`,
      buttons: [askButton('Show', `show ${o.id}`)],
    })),
    ...pageLabelData(data.page),
    freshness: data.freshness,
    actions: pagerActions(data.page),
  });
}

export interface NotFoundCardData {
  query: string;
  /** Close names, closest first. */
  suggestions: string[];
  freshness: string;
}

const notFoundTemplate = cardTemplate([
  { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Medium', wrap: true },
  { type: 'TextBlock', text: '${message}', wrap: true, spacing: 'Small' },
  freshnessLine(),
]);

/** Teams shows a handful of card buttons before folding the rest away. */
const MAX_SUGGESTION_BUTTONS = 5;

/** "No AI resource named X. Did you mean …?", each suggestion a button. */
export function notFoundCard(data: NotFoundCardData): AdaptiveCard {
  const names = data.suggestions.map((s) => `\`${s}\``);
  return renderCard('not-found', notFoundTemplate, {
    title: `No AI resource named “${data.query}”`,
    message:
      names.length > 0
        ? `Did you mean ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`}?`
        : 'Nothing comes close. Ask `inventory` to list the AI resources I know, with filters such as `inventory openai zone 3`.',
    freshness: data.freshness,
    actions:
      data.suggestions.length > 0
        ? data.suggestions.slice(0, MAX_SUGGESTION_BUTTONS).map((s) => askButton(s, `show ${s}`))
        : [askButton('Inventory', 'inventory')],
  });
}
