// One audit entry about a finding, in words for the history card: "snoozed it for 3 days, until 26 Nov 10:42 UTC".

import { clip, formatDate } from '../../cards/findings.js';
import { formatAsOf } from '../../posture/text.js';
import type { AuditEntry, JsonObject } from '../../store/index.js';

const text = (details: JsonObject, key: string): string | null => {
  const v = details[key];
  return typeof v === 'string' && v !== '' ? v : null;
};

/** What happened, without who (the card shows who) or when (the card shows when). */
export function describeEntry(entry: AuditEntry, timeZone: string, now: Date): string {
  const d = entry.details;
  const why = text(d, 'justification');
  const because = why ? `: “${clip(why, 300)}”` : '';
  const at = (key: string) => {
    const v = text(d, key);
    return v && !Number.isNaN(Date.parse(v)) ? new Date(v) : null;
  };
  switch (entry.action) {
    case 'finding.ack':
      return 'acknowledged it';
    case 'finding.assign':
      return `assigned it to ${text(d, 'assignee') ?? 'someone'}`;
    case 'finding.snooze': {
      const until = at('snoozedUntil');
      const days = typeof d.days === 'number' ? `${d.days} ${d.days === 1 ? 'day' : 'days'}` : 'a while';
      return `snoozed it for ${days}${until ? `, until ${formatAsOf(until, timeZone, now)}` : ''}`;
    }
    case 'finding.eta': {
      const eta = at('eta');
      return `set the ETA to ${eta ? formatDate(eta, timeZone) : 'a date'}${because}`;
    }
    case 'finding.accept-risk':
      return `accepted the risk${because}`;
    case 'finding.false-positive':
      return `marked it a false positive${because}`;
    // Written by the findings poll (jobs/findings-poll.ts).
    case 'finding.detected': {
      const severity = text(d, 'severity');
      const zone = typeof d.zone === 'number' ? `, zone ${d.zone}` : '';
      return `detected it${severity ? ` (${severity}${d.critical === true ? ', critical' : ''}${zone})` : ''}`;
    }
    case 'finding.resolved':
      return 'saw it resolved: Defender reports it healthy';
    case 'finding.exempted':
      return 'saw it exempted in Defender';
    default: {
      // Entries other parts of Vigil write (detection, resolution): say the action as recorded.
      const state = text(d, 'state') ?? text(d, 'toState');
      return `${entry.action.replace(/^finding\./, '').replace(/[-_.]/g, ' ')}${state ? ` (now ${state})` : ''}${because}`;
    }
  }
}
