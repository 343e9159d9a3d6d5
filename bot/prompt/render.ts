// The outbox renderer for prompt anomalies: the delivery worker calls it at send time with a reference
// payload, so every card it sends or updates shows the anomaly as it is now. Base view only (state, no
// buttons): each person's buttons come through the card's refresh. The escalation post also @mentions the
// SOC people Vigil can reach (a Teams mention entity on the message).

import { type Activity, CardFactory } from 'botbuilder';
import type { Config } from '../../config/schema.js';
import { aboveNormalText } from '../../posture/prompt-alerting.js';
import { anomalyId, type OutboxPayload, type Store } from '../../store/index.js';
import type { RenderContext, Renderer } from '../delivery/types.js';
import { type PromptViews, promptViews } from './view.js';

export function promptRenderer(deps: { store: Store; config: Config; views?: PromptViews }): Renderer {
  const views = deps.views ?? promptViews(deps);
  return async (payload: OutboxPayload, ctx: RenderContext): Promise<Partial<Activity> | null> => {
    if (payload.render !== 'prompt-anomaly') {
      throw new Error(`the prompt-anomaly renderer was handed a "${payload.render}" payload`);
    }
    const anomaly = await deps.store.anomalies.get(anomalyId(payload.anomalyId));
    if (!anomaly) return null;
    const escalation = payload.escalation === true;
    const card = await views.card(anomaly, { now: ctx.now, viewer: null, escalation });
    const what =
      anomaly.kind === 'drop'
        ? `Prompt traffic stopped on ${anomaly.resourceName}`
        : `Unusual prompt volume on ${anomaly.resourceName}: ${aboveNormalText('spike', anomaly.observed, anomaly.expected, anomaly.bins)}`;
    const activity: Partial<Activity> = {
      type: 'message',
      // What Teams shows in the notification and the activity feed for a card-only message.
      summary: escalation ? `Escalated to an incident: ${what}` : what,
      attachments: [CardFactory.adaptiveCard(card)],
    };
    if (!escalation) return activity;
    const people = await views.socMentions(ctx.now);
    if (people.length === 0) return { ...activity, text: `Escalated to an incident: ${what}` };
    const tags = people.map((p) => `<at>${escapeXml(p.name)}</at>`);
    return {
      ...activity,
      text: `${tags.join(' ')} escalated to an incident: ${what}`,
      entities: people.map((p, i) => ({
        type: 'mention',
        text: tags[i],
        mentioned: { id: p.id, name: p.name },
      })),
    };
  };
}

const escapeXml = (s: string) => s.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
