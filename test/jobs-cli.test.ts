// `vigil jobs list` and `vigil jobs run <name> [--dry-run]` against a real store file and the demo tenant.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/vigil.js';
import { createLogger } from '../config/logger.js';
import { conversationId, openStore } from '../store/index.js';
import { expectValidCard } from './support/cards.js';

const capture = () => {
  let text = '';
  return {
    write: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
};

describe('vigil jobs', () => {
  it('lists every job with its schedule, and a dry run prints the cards without sending or recording anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-cli-jobs-')), 'vigil.db');
    const env = { VIGIL_DB: file, VIGIL_TIME_ZONE: 'Europe/Paris', VIGIL_LOG_LEVEL: 'silent' };

    const discovered = capture();
    expect(await main(['jobs', 'run', 'discovery'], env, discovered, capture())).toBe(0);
    expect(JSON.parse(discovered.text)).toMatchObject({ job: 'discovery', result: { resources: expect.any(Number) } });

    const list = capture();
    expect(await main(['jobs', 'list'], env, list, capture())).toBe(0);
    const lines = list.text.trim().split('\n');
    expect(lines[0]).toMatch(/^JOB\s+SCHEDULE\s+TIME ZONE\s+NEXT RUN \(UTC\)\s+LAST RUN \(UTC\)\s+RESULT$/);
    expect(lines.find((l) => l.startsWith('discovery '))).toMatch(
      /\*\/5 \* \* \* \*\s+Europe\/Paris\s+\S+Z\s+\S+Z\s+succeeded/,
    );
    expect(lines.find((l) => l.startsWith('attack-path-review-zone-2 '))).toMatch(
      /0 9 \* \* 1\s+Europe\/Paris\s+\S+Z\s+—\s+never ran/,
    );
    expect(lines).toHaveLength(1 + 3 + 2 + 3 + 6);

    // A channel that hears reviews, as if Vigil had been added there and someone subscribed it.
    const logger = createLogger('silent');
    const store = await openStore({ file, logger, clock: () => new Date() });
    const channel = conversationId('19:soc@thread.tacv2');
    await store.conversations.upsertConversationRef({
      conversationId: channel,
      type: 'channel',
      tenantId: 'tenant-1',
      teamId: '19:team@thread.tacv2',
      channelId: '19:soc@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      reference: { conversation: { id: '19:soc@thread.tacv2' } },
      userAadObjectId: null,
    });
    await store.subscriptions.add({
      conversationId: channel,
      topic: 'reviews',
      filter: { zones: [3] },
      createdBy: 'test',
    });
    await store.close();

    const dry = capture();
    expect(await main(['jobs', 'run', 'recommendation-review-zone-3', '--dry-run'], env, dry, capture())).toBe(0);
    const printed = JSON.parse(dry.text) as {
      dryRun: boolean;
      messages: { conversationId: string; cards: unknown[] }[];
    };
    expect(printed.dryRun).toBe(true);
    expect(printed.messages).toHaveLength(1);
    expect(printed.messages[0]?.conversationId).toBe(channel);
    const card = printed.messages[0]?.cards[0] as Parameters<typeof expectValidCard>[0];
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Recommendation review · zone 3 (Regulated)');

    // Nothing happened to the real store: no outbox row, no review, no ledger entry.
    const after = await openStore({ file, logger, clock: () => new Date() });
    try {
      expect(await after.outbox.listByDedupePrefix('review:')).toEqual([]);
      expect(await after.reviews.list()).toEqual([]);
      expect(await after.jobRuns.lastRun('recommendation-review-zone-3')).toBeNull();
    } finally {
      await after.close();
    }

    const unknown = capture();
    expect(await main(['jobs', 'run', 'nope'], env, capture(), unknown)).toBe(2);
    expect(unknown.text).toContain('which job?');
  });
});
