// The finding alert card: one template, two views. The base view (what every copy in a channel shows) is
// state only; a person's own view adds the buttons they may use, delivered through `refresh` (Universal
// Actions user-specific views). Header with severity colour, the facts an owner needs, how to fix it, a
// Defender link and a state line that says who did what. Pure.

import type { Severity, Zone } from '../posture/model.js';
import type { FindingAction, LifecycleState } from '../posture/permissions.js';
import { countdown } from '../posture/sla.js';
import { formatAsOf } from '../posture/text.js';
import { clip, formatDate, portalLink } from './findings.js';
import { CARD_SCHEMA, cardRefresh, FACT_LIST, NOTICE_BANNER, SMALL_TEXT, STATE_LINE, severityColor } from './parts.js';
import { type AdaptiveCard, CARD_VERSION, renderCard } from './render.js';

/** Verbs the card's buttons carry (bot/actions/schemas.ts parses their data). */
export const ALERT_VERBS = {
  ack: 'finding.ack',
  assign: 'finding.assign',
  snooze: 'finding.snooze',
  eta: 'finding.eta',
  'accept-risk': 'finding.accept-risk',
  'false-positive': 'finding.false-positive',
  history: 'finding.history',
  view: 'finding.view',
} as const;

/** Input ids inside the sub-cards; they arrive merged into the button's data. */
export const ALERT_INPUTS = {
  assignee: 'assignee',
  snoozeDays: 'snoozeDays',
  eta: 'etaDate',
  etaJustification: 'etaJustification',
  /** One justification for both SOC decisions (accept the risk, false positive): they share a sub-card. */
  decisionJustification: 'decisionJustification',
} as const;

export { MAX_REFRESH_USERS } from './parts.js';

/** Where the finding is in its lifecycle, and who put it there. */
export interface FindingStatusView {
  state: LifecycleState;
  /** Display name (or UPN) of whoever made the last change of state, when known. */
  by: string | null;
  /** When that change happened. */
  at: Date | null;
  snoozedUntil: Date | null;
  eta: Date | null;
  justification: string | null;
  resolvedAt: Date | null;
}

export interface FindingAlertData {
  findingId: number;
  /** The version the buttons act on: a click on an older version changes nothing. */
  version: number;
  title: string;
  severity: Severity;
  critical: boolean;
  /** Why it counts as critical ("High severity", "on an attack path"); empty when it does not. */
  criticalReasons: string[];
  resourceName: string;
  /** "Azure OpenAI · rg-claims · West Europe", when the snapshot knows the resource. */
  resourceDetail: string | null;
  zone: Zone;
  owner: string | null;
  assignee: string | null;
  firstDetected: Date | null;
  dueAt: Date | null;
  riskLevel: string | null;
  riskFactors: string[];
  /** Names of the attack paths the finding is on. */
  attackPaths: string[];
  remediation: string | null;
  portalUri: string | null;
  status: FindingStatusView;
  /** Teams user ids (29:…) whose copies refresh to their own view: owner's and SOC's, when known. */
  refreshUserIds: string[];
  /** null: the base view (no buttons); else the buttons this viewer may use. */
  buttons: readonly FindingAction[] | null;
  /** Said above everything, e.g. "This card was out of date: …". */
  notice: string | null;
  now: Date;
  timeZone: string;
}

const MAX_LIST = 6;
const template = {
  type: 'AdaptiveCard',
  $schema: CARD_SCHEMA,
  version: CARD_VERSION,
  refresh: '${refresh}',
  body: [
    NOTICE_BANNER,
    {
      type: 'Container',
      style: '${headerStyle}',
      bleed: true,
      items: [
        { type: 'TextBlock', text: '${badge}', color: '${severityColor}', weight: 'Bolder', ...SMALL_TEXT },
        { type: 'TextBlock', text: '${title}', weight: 'Bolder', size: 'Large', wrap: true, spacing: 'Small' },
        { type: 'TextBlock', text: '${resourceLine}', isSubtle: true, ...SMALL_TEXT },
      ],
    },
    STATE_LINE,
    FACT_LIST,
    { type: 'TextBlock', $when: '${hasCritical}', text: '${criticalText}', ...SMALL_TEXT, spacing: 'Small' },
    { type: 'TextBlock', $when: '${hasRiskFactors}', text: '${riskFactorsText}', ...SMALL_TEXT, spacing: 'Small' },
    { type: 'TextBlock', $when: '${hasAttackPaths}', text: '${attackPathsText}', ...SMALL_TEXT, spacing: 'Small' },
    {
      type: 'Container',
      $when: '${hasRemediation}',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: 'How to fix', weight: 'Bolder', size: 'Small', wrap: true },
        { type: 'TextBlock', text: '${remediation}', ...SMALL_TEXT },
      ],
    },
    { type: 'ActionSet', $when: '${hasLinks}', spacing: 'Medium', actions: '${links}' },
  ],
  actions: '${actions}',
};

export function findingAlertCard(data: FindingAlertData): AdaptiveCard {
  const { now, timeZone, status } = data;
  const stopped = clockStopped(status.state);
  const portal = portalLink(data.portalUri);
  const buttons = data.buttons ?? [];
  const ref = { findingId: data.findingId, version: data.version };
  const links: object[] = [];
  if (portal) links.push({ type: 'Action.OpenUrl', title: 'Open in Defender for Cloud', url: portal });
  if (buttons.includes('history')) {
    links.push({ type: 'Action.Execute', title: 'History', verb: ALERT_VERBS.history, data: ref });
  }
  const facts = [
    { title: 'Resource', value: clip(data.resourceName, 120) },
    { title: 'Zone', value: `zone ${data.zone}` },
    { title: 'Owner', value: data.owner ? clip(data.owner, 120) : 'nobody yet' },
    ...(data.assignee ? [{ title: 'Assigned to', value: clip(data.assignee, 120) }] : []),
    {
      title: 'First detected',
      value: data.firstDetected ? formatAsOf(data.firstDetected, timeZone, now) : 'unknown',
    },
    {
      title: 'SLA due',
      value: data.dueAt
        ? `${formatDate(data.dueAt, timeZone)} · ${stopped ? 'clock stopped' : countdown(now, data.dueAt)}`
        : 'no SLA clock (Defender did not say when it was detected)',
    },
    ...(status.eta ? [{ title: 'ETA', value: formatDate(status.eta, timeZone) }] : []),
    ...(data.riskLevel ? [{ title: 'Risk level', value: data.riskLevel }] : []),
  ];
  return renderCard('finding-alert', template, {
    refresh: refreshOf(data),
    hasNotice: data.notice !== null && data.notice !== '',
    notice: clip(data.notice ?? '', 400),
    headerStyle: data.critical && !stopped ? 'attention' : 'default',
    badge: `${data.critical ? 'CRITICAL · ' : ''}${data.severity} severity · finding #${data.findingId}`,
    severityColor: severityColor(data.severity, data.critical),
    title: clip(data.title, 250),
    resourceLine: [clip(data.resourceName, 120), data.resourceDetail ? clip(data.resourceDetail, 200) : null]
      .filter((s) => s !== null)
      .join(' · '),
    stateLine: stateLine(status, data.dueAt, now, timeZone),
    stateColor: stateColor(status.state, data.dueAt, now),
    facts,
    hasCritical: data.criticalReasons.length > 0,
    criticalText: `**Critical because:** ${data.criticalReasons.join(', ')}`,
    hasRiskFactors: data.riskFactors.length > 0,
    riskFactorsText: `**Risk factors:** ${listText(data.riskFactors, 80)}`,
    hasAttackPaths: data.attackPaths.length > 0,
    attackPathsText: `**Attack paths:** ${listText(data.attackPaths, 160)}`,
    hasRemediation: data.remediation !== null && data.remediation.trim() !== '',
    remediation: clip(data.remediation?.trim() ?? '', 1500),
    hasLinks: links.length > 0,
    links,
    actions: [...buttons.flatMap((b) => buttonOf(b, data)), ...decisionButton(buttons, data)],
  });
}

function refreshOf(data: FindingAlertData): object {
  return cardRefresh(ALERT_VERBS.view, { findingId: data.findingId, version: data.version }, data.refreshUserIds);
}

function buttonOf(action: FindingAction, data: FindingAlertData): object[] {
  const ref = { findingId: data.findingId, version: data.version };
  const execute = (title: string, verb: string) => ({ type: 'Action.Execute', title, verb, data: ref });
  const sub = (title: string, body: object[], submit: object) => ({
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body, actions: [submit] },
  });
  switch (action) {
    case 'ack':
      return [{ ...execute('Acknowledge', ALERT_VERBS.ack), style: 'positive' }];
    case 'assign':
      return [
        sub(
          'Assign',
          [
            {
              type: 'Input.Text',
              id: ALERT_INPUTS.assignee,
              label: 'Assign to (UPN or e-mail)',
              placeholder: 'name@contoso.com',
              style: 'Email',
              isRequired: true,
              maxLength: 254,
              errorMessage: 'Enter the person’s UPN or e-mail',
            },
          ],
          execute('Assign', ALERT_VERBS.assign),
        ),
      ];
    case 'snooze':
      return [
        sub(
          'Snooze',
          [
            {
              type: 'Input.ChoiceSet',
              id: ALERT_INPUTS.snoozeDays,
              label: 'Snooze for',
              style: 'expanded',
              value: '1',
              isRequired: true,
              errorMessage: 'Pick how long',
              choices: [
                { title: '1 day', value: '1' },
                { title: '3 days', value: '3' },
                { title: '7 days', value: '7' },
              ],
            },
          ],
          execute('Snooze', ALERT_VERBS.snooze),
        ),
      ];
    case 'eta':
      return [
        sub(
          'Set ETA',
          [
            {
              type: 'Input.Date',
              id: ALERT_INPUTS.eta,
              label: 'Fixed by',
              min: isoDay(data.now, data.timeZone),
              isRequired: true,
              errorMessage: 'Pick the date it will be fixed by',
            },
            {
              type: 'Input.Text',
              id: ALERT_INPUTS.etaJustification,
              label: 'Justification',
              placeholder: 'What the fix needs and who is doing it',
              isMultiline: true,
              isRequired: true,
              maxLength: 500,
              errorMessage: 'Say why this date',
            },
          ],
          execute('Set ETA', ALERT_VERBS.eta),
        ),
      ];
    case 'accept-risk':
    case 'false-positive':
      return []; // one sub-card for both, below (Teams shows at most five buttons)
    case 'history':
      return []; // a link in the body, next to the Defender link
  }
}

/** Accepting the risk and marking a false positive: SOC decisions, one sub-card, one justification. */
function decisionButton(buttons: readonly FindingAction[], data: FindingAlertData): object[] {
  const ref = { findingId: data.findingId, version: data.version };
  const submits: object[] = [];
  if (buttons.includes('accept-risk')) {
    submits.push({ type: 'Action.Execute', title: 'Accept risk', verb: ALERT_VERBS['accept-risk'], data: ref });
  }
  if (buttons.includes('false-positive')) {
    submits.push({ type: 'Action.Execute', title: 'False positive', verb: ALERT_VERBS['false-positive'], data: ref });
  }
  if (submits.length === 0) return [];
  return [
    {
      type: 'Action.ShowCard',
      title:
        submits.length === 2 ? 'Accept risk / FP' : buttons.includes('accept-risk') ? 'Accept risk' : 'False positive',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: ALERT_INPUTS.decisionJustification,
            label: 'Justification (kept in the audit log)',
            isMultiline: true,
            isRequired: true,
            maxLength: 500,
            errorMessage: 'A justification is required',
          },
        ],
        actions: submits,
      },
    },
  ];
}

const clockStopped = (state: LifecycleState): boolean =>
  state === 'resolved' || state === 'risk-accepted' || state === 'false-positive';

/** "Acknowledged by Dana Ortiz at 10:42 UTC — SLA 2 d 4 h left", "Resolved at … — SLA clock stopped", … */
export function stateLine(status: FindingStatusView, dueAt: Date | null, now: Date, timeZone: string): string {
  const when = (d: Date | null) => (d ? ` at ${formatAsOf(d, timeZone, now)}` : '');
  const by = status.by ? ` by ${clip(status.by, 120)}` : '';
  const why = status.justification ? `: ${clip(status.justification, 300)}` : '';
  const sla = clockStopped(status.state)
    ? 'SLA clock stopped'
    : dueAt
      ? `SLA ${countdown(now, dueAt)}`
      : 'no SLA clock';
  switch (status.state) {
    case 'open':
      return `Open — ${sla}`;
    case 'acknowledged':
      return `Acknowledged${by}${when(status.at)} — ${sla}`;
    case 'snoozed':
      return status.snoozedUntil && status.snoozedUntil.getTime() <= now.getTime()
        ? `Snooze${by} ended ${formatAsOf(status.snoozedUntil, timeZone, now)} — ${sla}`
        : `Snoozed until ${status.snoozedUntil ? formatAsOf(status.snoozedUntil, timeZone, now) : 'further notice'}${by} — ${sla}`;
    case 'planned':
      return `Fix planned for ${status.eta ? formatDate(status.eta, timeZone) : 'a date not given'}${by}${why} — ${sla}`;
    case 'risk-accepted':
      return `Risk accepted${by}${when(status.at)}${why} — ${sla}`;
    case 'false-positive':
      return `Marked false positive${by}${when(status.at)}${why} — ${sla}`;
    case 'resolved':
      return `Resolved${when(status.resolvedAt ?? status.at)} — ${sla}`;
  }
}

function stateColor(state: LifecycleState, dueAt: Date | null, now: Date): string {
  if (state === 'resolved') return 'good';
  if (state === 'risk-accepted' || state === 'false-positive') return 'default';
  if (dueAt && dueAt.getTime() < now.getTime()) return 'attention';
  return state === 'open' ? 'warning' : 'accent';
}

function listText(items: readonly string[], each: number): string {
  const shown = items.slice(0, MAX_LIST).map((s) => clip(s, each));
  const more = items.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** Today as YYYY-MM-DD in the time zone (the earliest ETA the date picker offers). */
export function isoDay(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(d)
    .reduce<Record<string, string>>((acc, p) => Object.assign(acc, { [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}
