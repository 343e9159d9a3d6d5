// The outbox renderers for findings: the delivery worker calls them at send time with a reference payload,
// so every card it sends or updates shows the finding as it is now. Base view only (state, no buttons):
// each person's buttons come through the card's refresh.

import { type Activity, CardFactory } from 'botbuilder';
import type { Config } from '../../config/schema.js';
import { findingId, type OutboxPayload, type Store } from '../../store/index.js';
import type { RenderContext, Renderer } from '../delivery/types.js';
import { type FindingViews, findingViews } from './view.js';

export interface FindingRenderers {
  /** `{ render: 'finding-alert', findingId }` → the finding card; null when the finding no longer exists. */
  renderFindingAlert: Renderer;
  /** `{ render: 'finding-summary', findingIds, query }` → the summary card; null when none of them exist. */
  renderFindingSummary: Renderer;
}

export function findingRenderers(deps: { store: Store; config: Config; views?: FindingViews }): FindingRenderers {
  const views = deps.views ?? findingViews(deps);
  return {
    async renderFindingAlert(payload: OutboxPayload, ctx: RenderContext) {
      if (payload.render !== 'finding-alert') throw wrongPayload('finding-alert', payload);
      const finding = await deps.store.findings.get(findingId(payload.findingId));
      if (!finding) return null;
      const card = await views.alertCard(finding, { now: ctx.now, viewer: null });
      return cardActivity(
        card,
        `${finding.critical ? 'Critical' : finding.severity} AI finding: ${finding.displayName} on ${finding.resourceName}`,
      );
    },
    async renderFindingSummary(payload: OutboxPayload, ctx: RenderContext) {
      if (payload.render !== 'finding-summary') throw wrongPayload('finding-summary', payload);
      const card = await views.summaryCard(payload.findingIds, payload.query, ctx.now);
      if (!card) return null;
      return cardActivity(card, `${payload.findingIds.length} new AI findings`);
    },
  };
}

function cardActivity(card: object, summary: string): Partial<Activity> {
  // `summary` is what Teams shows in the notification and the activity feed for a card-only message.
  return { type: 'message', summary, attachments: [CardFactory.adaptiveCard(card)] };
}

function wrongPayload(expected: string, payload: OutboxPayload): Error {
  return new Error(`a ${expected} renderer was handed a "${payload.render}" payload`);
}
