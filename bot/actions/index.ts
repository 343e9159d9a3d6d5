// Registers the finding card's verbs on the teams-ai Application. One handler per verb (this folder),
// one path for all of them (pipeline.ts).

import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { type FindingViews, findingViews } from '../findings/view.js';
import { acceptRiskAction } from './accept-risk.js';
import { ackAction } from './ack.js';
import { assignAction } from './assign.js';
import { etaAction } from './eta.js';
import { falsePositiveAction } from './false-positive.js';
import { historyAction } from './history.js';
import { answerInvoke, runAction } from './pipeline.js';
import { snoozeAction } from './snooze.js';
import type { ActionDeps, FindingActionHandler } from './types.js';
import { viewAction } from './view.js';

export type { ActionDeps } from './types.js';

export const FINDING_ACTION_HANDLERS: readonly FindingActionHandler[] = [
  ackAction,
  assignAction,
  snoozeAction,
  etaAction,
  acceptRiskAction,
  falsePositiveAction,
  historyAction,
  viewAction,
];

export function registerFindingActions(app: Application<TurnState>, deps: ActionDeps & { views?: FindingViews }): void {
  const log = deps.logger.child({ module: 'finding-actions' });
  const views = deps.views ?? findingViews(deps);
  for (const handler of FINDING_ACTION_HANDLERS) {
    app.adaptiveCards.actionExecute(handler.verb, async (context: TurnContext, _state, data: unknown) => {
      const ids = { activityId: context.activity.id, verb: handler.verb, cardActivityId: context.activity.replyToId };
      try {
        await answerInvoke(context, await runAction(handler, context, data, deps, views, log));
      } catch (err) {
        log.error({ err, ...ids }, 'card action failed');
        await answerInvoke(context, {
          text: `Sorry, something went wrong on my side. The team can trace it with reference ${ids.activityId ?? 'n/a'}.`,
        });
      }
      // Already answered above; teams-ai sees the invoke response and sends nothing more.
      return '';
    });
  }
}
