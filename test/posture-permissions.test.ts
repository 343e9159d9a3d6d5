// Who may do what to a finding: decided from the store's row and configured roles only.

import { describe, expect, it } from 'vitest';
import {
  type Actor,
  buttonsFor,
  decide,
  FINDING_ACTIONS,
  type FindingAction,
  type FindingSubject,
  type LifecycleState,
} from '../posture/permissions.js';

const OWNER_UPN = 'priya.raman@contoso.com';
const OWNER_OID = '2b8f3c6e-8a41-4e8a-9a57-1f0c2d3e4f50';

const soc: Actor = { objectId: '11111111-1111-4111-8111-111111111111', upn: 'dana.ortiz@contoso.com', roles: ['soc'] };
const owner: Actor = { objectId: OWNER_OID, upn: OWNER_UPN, roles: [] };
const assignee: Actor = { objectId: null, upn: 'ben.carter@contoso.com', roles: [] };
const leader: Actor = { objectId: null, upn: 'helen.park@contoso.com', roles: ['leader'] };
const admin: Actor = { objectId: null, upn: 'ivy.brooks@contoso.com', roles: ['admin'] };
const stranger: Actor = { objectId: null, upn: 'sam.reader@contoso.com', roles: [] };
const unknown: Actor = { objectId: null, upn: null, roles: [] };

const finding = (over: Partial<FindingSubject> = {}): FindingSubject => ({
  owner: OWNER_UPN,
  assignee: 'ben.carter@contoso.com',
  critical: false,
  state: 'open',
  ...over,
});

const allowed = (actor: Actor, subject: FindingSubject) =>
  FINDING_ACTIONS.filter((a) => decide(actor, subject, a).allowed);

describe('finding permissions', () => {
  it('SOC may do everything on an open finding, critical or not', () => {
    expect(allowed(soc, finding())).toEqual([...FINDING_ACTIONS]);
    expect(allowed(soc, finding({ critical: true }))).toEqual([...FINDING_ACTIONS]);
  });

  it('the owner (and the assignee) may ack, assign, set an ETA, snooze non-critical findings and read history', () => {
    const ownerActions: FindingAction[] = ['ack', 'assign', 'snooze', 'eta', 'history'];
    expect(allowed(owner, finding())).toEqual(ownerActions);
    expect(allowed(assignee, finding())).toEqual(ownerActions);
  });

  it('snoozing a critical finding, accepting risk and false positives are SOC decisions', () => {
    const critical = finding({ critical: true });
    expect(allowed(owner, critical)).toEqual(['ack', 'assign', 'eta', 'history']);
    expect(decide(owner, critical, 'snooze')).toMatchObject({
      allowed: false,
      because: 'who',
      reason: 'Only SOC analysts can snooze a critical finding.',
    });
    expect(decide(owner, finding(), 'accept-risk')).toMatchObject({
      allowed: false,
      reason: 'Only SOC analysts can accept the risk of a finding.',
    });
    expect(decide(assignee, finding(), 'false-positive')).toMatchObject({ allowed: false, because: 'who' });
  });

  it('owners are matched by UPN case-insensitively, or by object id when the owner on record is one', () => {
    expect(allowed({ ...owner, upn: 'Priya.Raman@Contoso.com' }, finding())).toContain('ack');
    expect(allowed({ objectId: OWNER_OID, upn: null, roles: [] }, finding({ owner: OWNER_OID }))).toContain('ack');
    expect(allowed({ objectId: OWNER_OID, upn: null, roles: [] }, finding())).toEqual([]);
    // Nobody owns a finding whose owner is unknown, however the person is named.
    expect(allowed(unknown, finding({ owner: null, assignee: null }))).toEqual([]);
  });

  it('leaders and admins read (history) and take no action; strangers get nothing', () => {
    expect(allowed(leader, finding())).toEqual(['history']);
    expect(allowed(admin, finding())).toEqual(['history']);
    expect(allowed(stranger, finding())).toEqual([]);
    expect(decide(stranger, finding(), 'ack')).toMatchObject({
      allowed: false,
      because: 'who',
      reason: "Only the finding's owner or a SOC analyst can acknowledge it.",
    });
    expect(decide(leader, finding({ critical: true }), 'accept-risk')).toMatchObject({
      allowed: false,
      because: 'who',
    });
  });

  it('nobody acts on a resolved finding; its history stays readable', () => {
    const resolved = finding({ state: 'resolved' });
    expect(allowed(soc, resolved)).toEqual(['history']);
    expect(allowed(owner, resolved)).toEqual(['history']);
    expect(decide(soc, resolved, 'ack')).toMatchObject({
      allowed: false,
      because: 'state',
      reason: "You can't acknowledge this finding: it is resolved: Defender reports it healthy.",
    });
  });

  it('the lifecycle decides which changes make sense', () => {
    const cases: [LifecycleState, FindingAction[]][] = [
      ['open', ['ack', 'assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history']],
      ['acknowledged', ['assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history']],
      ['snoozed', ['ack', 'assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history']],
      ['planned', ['assign', 'eta', 'accept-risk', 'false-positive', 'history']],
      ['risk-accepted', ['false-positive', 'history']],
      ['false-positive', ['accept-risk', 'history']],
      ['resolved', ['history']],
    ];
    for (const [state, expected] of cases) expect(allowed(soc, finding({ state })), state).toEqual(expected);
    expect(decide(owner, finding({ state: 'acknowledged' }), 'ack')).toMatchObject({
      allowed: false,
      because: 'state',
      reason: "You can't acknowledge this finding: it is already acknowledged.",
    });
  });

  it('card buttons: the changes a person may make, plus History for those who act; readers get none', () => {
    expect(buttonsFor(owner, finding())).toEqual(['ack', 'assign', 'snooze', 'eta', 'history']);
    expect(buttonsFor(soc, finding({ state: 'resolved' }))).toEqual(['history']);
    expect(buttonsFor(leader, finding())).toEqual([]);
    expect(buttonsFor(admin, finding())).toEqual([]);
    expect(buttonsFor(stranger, finding())).toEqual([]);
  });
});
