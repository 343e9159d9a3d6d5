// Who may do what to a prompt-volume anomaly. Decided only from the server's records: the anomaly as the
// store holds it (the resource's owner at detection, its lifecycle state) and the person's configured roles,
// never from card data. Pure.
//
// - SOC analysts and the resource's owner may acknowledge, mark expected (suppress the resource's alerts for
//   a few hours, with a reason) and escalate to an incident.
// - Leaders and admins read the card; they act only if they are also SOC or the owner.

import { isMine } from './findings.js';
import type { Actor } from './permissions.js';

export const PROMPT_ACTIONS = ['ack', 'expected', 'escalate'] as const;
export type PromptAction = (typeof PROMPT_ACTIONS)[number];

export type PromptState = 'open' | 'acknowledged' | 'escalated' | 'expected';

export interface PromptSubject {
  /** The resource's owner (UPN, e-mail or Entra object id) as recorded with the anomaly. */
  owner: string | null;
  state: PromptState;
}

export type PromptStanding = 'soc' | 'owner' | 'reader' | 'none';

export type PromptDecision =
  | { allowed: true; standing: PromptStanding }
  | { allowed: false; because: 'who' | 'state'; reason: string; standing: PromptStanding };

export function promptStandingOf(actor: Actor, anomaly: PromptSubject): PromptStanding {
  if (actor.roles.includes('soc')) return 'soc';
  if (isMine(anomaly.owner, { upn: actor.upn, objectId: actor.objectId })) return 'owner';
  if (actor.roles.includes('leader') || actor.roles.includes('admin')) return 'reader';
  return 'none';
}

const FROM: Record<PromptAction, readonly PromptState[]> = {
  ack: ['open'],
  expected: ['open', 'acknowledged', 'escalated'],
  escalate: ['open', 'acknowledged'],
};

const STATE_WORDS: Record<PromptState, string> = {
  open: 'open',
  acknowledged: 'already acknowledged',
  escalated: 'already escalated to an incident',
  expected: 'marked expected',
};

const ACTION_WORDS: Record<PromptAction, string> = {
  ack: 'acknowledge',
  expected: 'mark as expected',
  escalate: 'escalate',
};

/** May `actor` take `action` on the anomaly now? The reason, when not, is said to the person as is. */
export function decidePrompt(actor: Actor, anomaly: PromptSubject, action: PromptAction): PromptDecision {
  const standing = promptStandingOf(actor, anomaly);
  if (standing !== 'soc' && standing !== 'owner') {
    return {
      allowed: false,
      because: 'who',
      standing,
      reason: `Only SOC analysts and the resource's owner can ${ACTION_WORDS[action]} this alert.`,
    };
  }
  if (!FROM[action].includes(anomaly.state)) {
    return {
      allowed: false,
      because: 'state',
      standing,
      reason: `You can't ${ACTION_WORDS[action]} this alert: it is ${STATE_WORDS[anomaly.state]}.`,
    };
  }
  return { allowed: true, standing };
}

/** The buttons a person's own view of the card carries: every action they may take now. */
export function promptButtonsFor(actor: Actor, anomaly: PromptSubject): PromptAction[] {
  return PROMPT_ACTIONS.filter((a) => decidePrompt(actor, anomaly, a).allowed);
}
