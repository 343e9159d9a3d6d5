import { describe, expect, it } from 'vitest';
import { type ConversationRefInput, conversationId } from '../store/index.js';
import { manualClock, openTestStore } from './store.helpers.js';

const CHANNEL = conversationId('19:abc123@thread.tacv2');

function channelRef(serviceUrl: string): ConversationRefInput {
  return {
    conversationId: CHANNEL,
    type: 'channel',
    tenantId: 'tenant-1',
    teamId: '19:team@thread.tacv2',
    channelId: '19:abc123@thread.tacv2',
    serviceUrl,
    reference: {
      bot: { id: '28:vigil', name: 'Vigil' },
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
      serviceUrl,
      channelId: 'msteams',
    },
    userAadObjectId: null,
  };
}

describe('conversation references', () => {
  it('an inbound activity with a new service URL replaces the stored one', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);

    await store.conversations.upsertConversationRef(channelRef('https://smba.trafficmanager.net/emea/'));
    time.advance(3_600_000);
    await store.conversations.upsertConversationRef(channelRef('https://smba.trafficmanager.net/amer/'));

    const stored = await store.conversations.get(CHANNEL);
    expect(stored).toMatchObject({
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      reference: { serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      createdAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(await store.conversations.list()).toHaveLength(1);
  });

  it('finds a person’s personal chat, and forgets a conversation with its routes', async () => {
    const store = await openTestStore(':memory:');
    await store.conversations.upsertConversationRef(channelRef('https://smba/emea/'));
    await store.conversations.upsertConversationRef({
      conversationId: conversationId('a:1personal'),
      type: 'personal',
      tenantId: 'tenant-1',
      teamId: null,
      channelId: null,
      serviceUrl: 'https://smba/emea/',
      reference: { conversation: { id: 'a:1personal' } },
      userAadObjectId: 'aad-dana',
    });
    expect((await store.conversations.findPersonal('aad-dana'))?.conversationId).toBe('a:1personal');
    expect(await store.conversations.findPersonal('aad-nobody')).toBeNull();
    expect((await store.conversations.list({ type: 'channel' })).map((c) => c.conversationId)).toEqual([CHANNEL]);

    await store.subscriptions.add({ conversationId: CHANNEL, topic: 'findings', filter: {}, createdBy: 'aad-admin' });
    expect(await store.conversations.remove(CHANNEL)).toBe(true);
    expect(await store.conversations.remove(CHANNEL)).toBe(false);
    expect(await store.subscriptions.listByTopic('findings')).toEqual([]);
  });
});

describe('subscriptions', () => {
  it('adding the same route twice keeps one, whatever the key order of its filter', async () => {
    const time = manualClock('2025-03-01T09:00:00.000Z');
    const store = await openTestStore(':memory:', time.clock);
    await store.conversations.upsertConversationRef(channelRef('https://smba/emea/'));

    const first = await store.subscriptions.add({
      conversationId: CHANNEL,
      topic: 'findings',
      filter: { zone: 3, severity: ['High'] },
      createdBy: 'aad-admin',
    });
    const again = await store.subscriptions.add({
      conversationId: CHANNEL,
      topic: 'findings',
      filter: { severity: ['High'], zone: 3 },
      createdBy: 'aad-other',
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, subscription: first.subscription });
    expect(first.subscription).toMatchObject({ createdBy: 'aad-admin', createdAt: '2025-03-01T09:00:00.000Z' });

    const digest = await store.subscriptions.add({
      conversationId: CHANNEL,
      topic: 'digest',
      filter: {},
      createdBy: 'x',
    });
    expect((await store.subscriptions.listByTopic('findings')).map((s) => s.filter)).toEqual([
      { severity: ['High'], zone: 3 },
    ]);
    expect((await store.subscriptions.listForConversation(CHANNEL)).map((s) => s.topic)).toEqual([
      'findings',
      'digest',
    ]);
    expect(await store.subscriptions.remove(digest.subscription.id)).toBe(true);
    expect((await store.subscriptions.listForConversation(CHANNEL)).map((s) => s.topic)).toEqual(['findings']);
  });

  it('refuses to route to a conversation Vigil has never been in', async () => {
    const store = await openTestStore(':memory:');
    await expect(
      store.subscriptions.add({
        conversationId: conversationId('19:ghost'),
        topic: 'findings',
        filter: {},
        createdBy: 'x',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('19:ghost') });
  });
});
