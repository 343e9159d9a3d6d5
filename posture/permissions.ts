// Who may do what to a finding. Decided only from the server's own records: the finding as the store holds
// it (owner, assignee, critical, lifecycle state) and the person's configured roles — never from card data.
// Pure.
//
// The rules:
// - SOC analysts may do everything.
// - The finding's owner (its owner or its assignee is the person's UPN — or Entra object id, when the owner
//   on record is one) may acknowledge, assign, set an ETA, snooze a finding that is not critical, and read
//   its history.
// - Snoozing a critical finding, accepting its risk and marking it a false positive are SOC decisions.
// - Leaders read: history (through the `history` command), no actions.
// - Admins manage routing and settings, not triage: like leaders they read history and take no action on a
//   finding unless they are also SOC or its owner. Separation of duties: an admin who can change routing
//   should not also be able to silence an alert by accepting its risk.
// - Nobody acts on a resolved finding; its history stays readable.

import { isMine } from './findings.js';
import type { Role } from './roles.js';

export const FINDING_ACTIONS = ['ack', 'assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

/** Actions that change the finding (everything but reading its history). */
export type FindingChange = Exclude<FindingAction, 'history'>;

export type LifecycleState =
  | 'open'
  | 'acknowledged'
  | 'snoozed'
  | 'planned'
  | 'risk-accepted'
  | 'false-positive'
  | 'resolved';

/** The person asking, as the server knows them. */
export interface Actor {
  objectId: string | null;
  upn: string | null;
  roles: readonly Role[];
}

/** The finding as the store records it. */
export interface FindingSubject {
  owner: string | null;
  assignee: string | null;
  critical: boolean;
  state: LifecycleState;
}

/** How the person relates to the finding; the strongest relation decides. */
export type Standing = 'soc' | 'owner' | 'assignee' | 'reader' | 'none';

export type Decision =
  | { allowed: true; standing: Standing }
  /** `who`: this person may not do this to this finding; `state`: nobody may, in the state it is in. */
  | { allowed: false; because: 'who' | 'state'; reason: string; standing: Standing };

export function standingOf(actor: Actor, finding: FindingSubject): Standing {
  if (actor.roles.includes('soc')) return 'soc';
  const me = { upn: actor.upn, objectId: actor.objectId };
  if (isMine(finding.owner, me)) return 'owner';
  if (isMine(finding.assignee, me)) return 'assignee';
  if (actor.roles.includes('leader') || actor.roles.includes('admin')) return 'reader';
  return 'none';
}

/** The states each change can start from: the lifecycle, independent of who asks. */
const FROM: Record<FindingChange, readonly LifecycleState[]> = {
  ack: ['open', 'snoozed'],
  assign: ['open', 'acknowledged', 'snoozed', 'planned'],
  snooze: ['open', 'acknowledged', 'snoozed'],
  eta: ['open', 'acknowledged', 'snoozed', 'planned'],
  'accept-risk': ['open', 'acknowledged', 'snoozed', 'planned', 'false-positive'],
  'false-positive': ['open', 'acknowledged', 'snoozed', 'planned', 'risk-accepted'],
};

const STATE_WORDS: Record<LifecycleState, string> = {
  open: 'open',
  acknowledged: 'already acknowledged',
  snoozed: 'snoozed',
  planned: 'planned (it has an ETA)',
  'risk-accepted': 'risk-accepted',
  'false-positive': 'marked as a false positive',
  resolved: 'resolved: Defender reports it healthy',
};

const ACTION_WORDS: Record<FindingAction, string> = {
  ack: 'acknowledge',
  assign: 'assign',
  snooze: 'snooze',
  eta: 'set an ETA for',
  'accept-risk': 'accept the risk of',
  'false-positive': 'mark as a false positive',
  history: 'read the history of',
};

/** May `actor` take `action` on `finding` now? The reason, when not, is said to the person as is. */
export function decide(actor: Actor, finding: FindingSubject, action: FindingAction): Decision {
  const standing = standingOf(actor, finding);
  if (action === 'history') {
    return standing === 'none'
      ? {
          allowed: false,
          because: 'who',
          standing,
          reason: "Only SOC analysts, leaders, admins and the finding's owner can read its history.",
        }
      : { allowed: true, standing };
  }
  const who = mayChange(standing, finding, action);
  if (who !== null) return { allowed: false, because: 'who', standing, reason: who };
  if (!FROM[action].includes(finding.state)) {
    return {
      allowed: false,
      because: 'state',
      standing,
      reason: `You can't ${ACTION_WORDS[action]} this finding: it is ${STATE_WORDS[finding.state]}.`,
    };
  }
  return { allowed: true, standing };
}

/** Why this standing may not make this change, or null when it may. */
function mayChange(standing: Standing, finding: FindingSubject, action: FindingChange): string | null {
  if (standing === 'soc') return null;
  const socOnly =
    action === 'accept-risk' || action === 'false-positive'
      ? `Only SOC analysts can ${ACTION_WORDS[action]} a finding.`
      : action === 'snooze' && finding.critical
        ? 'Only SOC analysts can snooze a critical finding.'
        : null;
  if (standing === 'owner' || standing === 'assignee') return socOnly;
  return socOnly ?? `Only the finding's owner or a SOC analyst can ${ACTION_WORDS[action]} it.`;
}

/**
 * The buttons a person's own view of the card carries: every change they may make now, and History for
 * the people who act on the finding (SOC, owner, assignee) — readers get the state-only card, and read
 * the history with the `history` command.
 */
export function buttonsFor(actor: Actor, finding: FindingSubject): FindingAction[] {
  const standing = standingOf(actor, finding);
  if (standing === 'reader' || standing === 'none') return [];
  return FINDING_ACTIONS.filter((a) => decide(actor, finding, a).allowed);
}
