// The finding cards as pure functions: alert (base view and a person's view), summary, history. Checked by
// the real Adaptive Cards parser, Teams' size limit, and for the facts a person reads.

import { describe, expect, it } from 'vitest';
import { type FindingAlertData, findingAlertCard, MAX_REFRESH_USERS, stateLine } from '../cards/finding-alert.js';
import { findingSummaryCard, SUMMARY_TOP } from '../cards/finding-summary.js';
import { historyCard } from '../cards/history.js';
import type { AdaptiveCard } from '../cards/render.js';
import { cardText, expectValidCard } from './support/cards.js';

const NOW = new Date('2026-11-23T10:42:00Z');
const HOUR = 3_600_000;

function alertData(over: Partial<FindingAlertData> = {}): FindingAlertData {
  return {
    findingId: 42,
    version: 3,
    title: 'Azure AI Services resources should restrict network access',
    severity: 'Medium',
    critical: true,
    criticalReasons: ['on an attack path'],
    resourceName: 'oai-claims-prod-weu',
    resourceDetail: 'Azure OpenAI · rg-claims-ai · westeurope',
    zone: 3,
    owner: 'priya.raman@contoso.com',
    assignee: null,
    firstDetected: new Date(NOW.getTime() - 20 * HOUR),
    dueAt: new Date(NOW.getTime() + (2 * 24 + 4) * HOUR),
    riskLevel: 'High',
    riskFactors: ['Internet exposure', 'Sensitive data'],
    attackPaths: ['Internet-exposed Azure OpenAI with access to sensitive blob storage'],
    remediation: 'Set publicNetworkAccess to Disabled and add a private endpoint.',
    portalUri:
      'https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsBlade/assessmentKey/f738efb8',
    status: {
      state: 'open',
      by: null,
      at: null,
      snoozedUntil: null,
      eta: null,
      justification: null,
      resolvedAt: null,
    },
    refreshUserIds: ['29:owner', '29:soc-1'],
    buttons: null,
    notice: null,
    now: NOW,
    timeZone: 'UTC',
    ...over,
  };
}

interface Action {
  type: string;
  title?: string;
  verb?: string;
  url?: string;
  data?: Record<string, unknown>;
  card?: {
    body: { type: string; id?: string; isRequired?: boolean; choices?: { value: string }[] }[];
    actions: Action[];
  };
}

const topActions = (card: AdaptiveCard) => (card.actions ?? []) as Action[];
const bodyLinks = (card: AdaptiveCard) =>
  (card.body as { type: string; actions?: Action[] }[])
    .filter((b) => b.type === 'ActionSet')
    .flatMap((b) => b.actions ?? []);

describe('finding alert card', () => {
  it('shows what an owner needs: severity, title, resource, zone, owner, detection, SLA countdown, risk, paths, fix, link', () => {
    const card = findingAlertCard(alertData());
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('CRITICAL · Medium severity · finding #42');
    expect(text).toContain('Azure AI Services resources should restrict network access');
    expect(text).toContain('oai-claims-prod-weu · Azure OpenAI · rg-claims-ai · westeurope');
    expect(text).toContain('zone 3');
    expect(text).toContain('priya.raman@contoso.com');
    expect(text).toContain('22 Nov 14:42 UTC'); // first detected, 20 h before
    expect(text).toContain('25 Nov 2026 · 2 d 4 h left');
    expect(text).toContain('Open — SLA 2 d 4 h left');
    expect(text).toContain('**Critical because:** on an attack path');
    expect(text).toContain('**Risk factors:** Internet exposure; Sensitive data');
    expect(text).toContain('**Attack paths:** Internet-exposed Azure OpenAI with access to sensitive blob storage');
    expect(text).toContain('Set publicNetworkAccess to Disabled');
    expect(bodyLinks(card)).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Defender for Cloud', url: alertData().portalUri },
    ]);
  });

  it('base view: state only, no buttons, and a refresh that gives the listed people their own view', () => {
    const card = findingAlertCard(alertData());
    expect(topActions(card)).toEqual([]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'finding.view', data: { findingId: 42, version: 3 } },
      userIds: ['29:owner', '29:soc-1'],
    });
    expect(card).toMatchSnapshot();
  });

  it('refresh lists at most 60 people, and nobody (Teams then refreshes small chats for all) when none is known', () => {
    const many = Array.from({ length: 75 }, (_, i) => `29:user-${i}`);
    const capped = findingAlertCard(alertData({ refreshUserIds: many }));
    expect((capped.refresh as { userIds: string[] }).userIds).toHaveLength(MAX_REFRESH_USERS);
    const none = findingAlertCard(alertData({ refreshUserIds: [] }));
    expect(none.refresh).not.toHaveProperty('userIds');
  });

  it("a SOC analyst's view carries every button, with the inputs each needs and the card's version", () => {
    const card = findingAlertCard(
      alertData({ buttons: ['ack', 'assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history'] }),
    );
    expectValidCard(card);
    expect(card).toMatchSnapshot();
    const actions = topActions(card);
    expect(actions.map((a) => `${a.type}:${a.title}`)).toEqual([
      'Action.Execute:Acknowledge',
      'Action.ShowCard:Assign',
      'Action.ShowCard:Snooze',
      'Action.ShowCard:Set ETA',
      'Action.ShowCard:Accept risk / FP',
    ]);
    const ref = { findingId: 42, version: 3 };
    expect(actions[0]).toMatchObject({ verb: 'finding.ack', data: ref });
    const submit = (i: number) => actions[i]?.card?.actions[0];
    const inputs = (i: number) => actions[i]?.card?.body.map((b) => `${b.type}#${b.id}${b.isRequired ? '!' : ''}`);
    expect(submit(1)).toMatchObject({ verb: 'finding.assign', data: ref });
    expect(inputs(1)).toEqual(['Input.Text#assignee!']);
    expect(submit(2)).toMatchObject({ verb: 'finding.snooze', data: ref });
    expect(inputs(2)).toEqual(['Input.ChoiceSet#snoozeDays!']);
    expect(actions[2]?.card?.body[0]?.choices?.map((c) => c.value)).toEqual(['1', '3', '7']);
    expect(submit(3)).toMatchObject({ verb: 'finding.eta', data: ref });
    expect(inputs(3)).toEqual(['Input.Date#etaDate!', 'Input.Text#etaJustification!']);
    // Both SOC decisions share one sub-card and its justification (Teams shows five buttons at most).
    expect(actions[4]?.card?.actions).toMatchObject([
      { title: 'Accept risk', verb: 'finding.accept-risk', data: ref },
      { title: 'False positive', verb: 'finding.false-positive', data: ref },
    ]);
    expect(inputs(4)).toEqual(['Input.Text#decisionJustification!']);
    expect(bodyLinks(card).map((a) => a.title)).toEqual(['Open in Defender for Cloud', 'History']);
    expect(bodyLinks(card)[1]).toMatchObject({ verb: 'finding.history', data: ref });
  });

  it('says who did what in the state line', () => {
    const at = new Date(NOW.getTime() - 60_000 * 0);
    const due = new Date(NOW.getTime() + (2 * 24 + 4) * HOUR);
    const base = { by: 'Dana Ortiz', at, snoozedUntil: null, eta: null, justification: null, resolvedAt: null };
    expect(stateLine({ ...base, state: 'acknowledged' }, due, NOW, 'UTC')).toBe(
      'Acknowledged by Dana Ortiz at 10:42 UTC — SLA 2 d 4 h left',
    );
    expect(
      stateLine({ ...base, state: 'snoozed', snoozedUntil: new Date(NOW.getTime() + 72 * HOUR) }, due, NOW, 'UTC'),
    ).toBe('Snoozed until 26 Nov 10:42 UTC by Dana Ortiz — SLA 2 d 4 h left');
    expect(
      stateLine(
        { ...base, state: 'planned', eta: new Date('2026-11-30T12:00:00Z'), justification: 'network change' },
        due,
        NOW,
        'UTC',
      ),
    ).toBe('Fix planned for 30 Nov 2026 by Dana Ortiz: network change — SLA 2 d 4 h left');
    expect(stateLine({ ...base, state: 'risk-accepted', justification: 'lab only' }, due, NOW, 'UTC')).toBe(
      'Risk accepted by Dana Ortiz at 10:42 UTC: lab only — SLA clock stopped',
    );
    expect(stateLine({ ...base, state: 'false-positive', justification: 'not exposed' }, due, NOW, 'UTC')).toBe(
      'Marked false positive by Dana Ortiz at 10:42 UTC: not exposed — SLA clock stopped',
    );
    expect(
      stateLine(
        { ...base, by: null, state: 'resolved', resolvedAt: new Date('2026-11-22T09:00:00Z') },
        due,
        NOW,
        'UTC',
      ),
    ).toBe('Resolved at 22 Nov 09:00 UTC — SLA clock stopped');
    expect(stateLine({ ...base, by: null, state: 'open' }, new Date(NOW.getTime() - 3 * HOUR), NOW, 'UTC')).toBe(
      'Open — SLA overdue by 3 h',
    );
    // Times are in the configured zone, not the host's.
    expect(stateLine({ ...base, state: 'acknowledged' }, due, NOW, 'Asia/Tokyo')).toBe(
      'Acknowledged by Dana Ortiz at 19:42 GMT+9 — SLA 2 d 4 h left',
    );
  });

  it('a resolved card stops the clock and loses its urgency colour; a notice sits on top', () => {
    const card = findingAlertCard(
      alertData({
        status: { ...alertData().status, state: 'resolved', resolvedAt: NOW },
        notice: 'This card was out of date: it is now resolved — here is the current state.',
        buttons: ['history'],
      }),
    );
    expectValidCard(card);
    const text = cardText(card);
    expect(cardText({ body: card.body }).split('\n')[0]).toBe(
      'This card was out of date: it is now resolved — here is the current state.',
    );
    expect(text).toContain('Resolved at 10:42 UTC — SLA clock stopped');
    expect(text).toContain('25 Nov 2026 · clock stopped');
    expect(topActions(card)).toEqual([]);
    expect(bodyLinks(card).map((a) => a.title)).toEqual(['Open in Defender for Cloud', 'History']);
  });

  it('stays valid and under the size limit with long texts and no snapshot details', () => {
    const long = 'x'.repeat(10_000);
    const card = findingAlertCard(
      alertData({
        title: long,
        remediation: long,
        riskFactors: Array.from({ length: 40 }, (_, i) => `factor ${i} ${long.slice(0, 200)}`),
        attackPaths: Array.from({ length: 40 }, (_, i) => `path ${i} ${long.slice(0, 300)}`),
        portalUri: `https://portal.azure.com/${long}`,
        buttons: ['ack', 'assign', 'snooze', 'eta', 'accept-risk', 'false-positive', 'history'],
      }),
    );
    expectValidCard(card);
    const bare = findingAlertCard(
      alertData({
        resourceDetail: null,
        riskLevel: null,
        riskFactors: [],
        attackPaths: [],
        remediation: null,
        portalUri: null,
        firstDetected: null,
        dueAt: null,
        critical: false,
        criticalReasons: [],
        owner: null,
      }),
    );
    expectValidCard(bare);
    expect(cardText(bare)).toContain('Open — no SLA clock');
    expect(cardText(bare)).toContain('nobody yet');
    expect(bodyLinks(bare)).toEqual([]);
  });
});

describe('finding summary card', () => {
  const item = (i: number, critical: boolean) => ({
    findingId: 100 + i,
    title: `Finding ${i}`,
    resourceName: `oai-${i}`,
    severity: 'High' as const,
    critical,
    zone: 2 as const,
    owner: i % 2 === 0 ? `owner${i}@contoso.com` : null,
    dueAt: new Date(NOW.getTime() + (i + 1) * 24 * HOUR),
    status: {
      state: 'open' as const,
      by: null,
      at: null,
      snoozedUntil: null,
      eta: null,
      justification: null,
      resolvedAt: null,
    },
  });

  it('counts them, lists the top items and offers "Show all" as the findings question', () => {
    const items = Array.from({ length: 12 }, (_, i) => item(i, i < 9));
    const card = findingSummaryCard({ items, query: 'findings critical', now: NOW, timeZone: 'UTC' });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('12 new AI findings · 9 critical');
    for (let i = 0; i < SUMMARY_TOP; i++) expect(text).toContain(`Finding ${i}\n`);
    expect(text).not.toContain(`Finding ${SUMMARY_TOP}\n`);
    expect(text).toContain('#100 · oai-0 · zone 2 · owner0@contoso.com');
    expect(text).toContain('Open — SLA 1 d left');
    expect(text).toContain('and 7 more');
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'Show all', verb: 'vigil.page', data: { query: 'findings critical', page: 0 } },
    ]);
  });
});

describe('history card', () => {
  it('lists who did what, newest first, in the configured time zone, with a way back to the finding', () => {
    const card = historyCard({
      findingId: 42,
      version: 4,
      title: 'Azure AI Services resources should restrict network access',
      resourceName: 'oai-claims-prod-weu',
      status: {
        state: 'snoozed',
        by: 'Dana Ortiz',
        at: NOW,
        snoozedUntil: new Date(NOW.getTime() + 24 * HOUR),
        eta: null,
        justification: null,
        resolvedAt: null,
      },
      dueAt: new Date(NOW.getTime() + 50 * HOUR),
      firstSeen: new Date('2026-11-20T08:00:00Z'),
      entries: [
        { at: NOW, who: 'Dana Ortiz', what: 'snoozed it for 1 day, until 24 Nov 10:42 CET' },
        { at: new Date('2026-11-22T15:00:00Z'), who: 'Priya Raman', what: 'acknowledged it' },
      ],
      earlier: 0,
      now: NOW,
      timeZone: 'Europe/Paris',
    });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('History of finding #42');
    expect(text).toContain('Now: Snoozed until 24 Nov 11:42 CET by Dana Ortiz — SLA 2 d 2 h left');
    expect(text.indexOf('**Dana Ortiz** snoozed')).toBeLessThan(text.indexOf('**Priya Raman** acknowledged it'));
    expect(text).toContain('11:42 CET');
    expect(text).toContain('22 Nov 16:00 CET');
    expect(text).toContain('First recorded by Vigil 20 Nov 09:00 CET');
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Back to the finding',
        verb: 'finding.view',
        data: { findingId: 42, version: 4 },
      },
    ]);
  });
});
