// The whole SOC loop through real parts: a channel subscribes, the poll finds new critical
// findings in the demo tenant, the outbox delivers cards to a Bot Connector stand-in, a SOC
// analyst acknowledges from the card, and the channel's copy is updated in place.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../cards/render.js';
import { cardText, expectValidCard } from './support/cards.js';
import { type Connector, startConnector } from './support/connector.js';
import { invoke, message, post, postInvoke } from './support/teams.js';
import { startTestVigil, type TestVigil, teamsUser } from './support/vigil.js';

const CHANNEL = '19:general@thread.tacv2';

describe('finding alerts end to end', () => {
  let vigil: TestVigil;
  let connector: Connector;

  beforeAll(async () => {
    connector = await startConnector();
    vigil = await startTestVigil({}, { deliver: true });
  });
  afterAll(async () => {
    await vigil?.stop();
    await connector?.close();
  });

  const cardOf = (body: unknown): AdaptiveCard | undefined =>
    (body as { attachments?: { content: AdaptiveCard }[] }).attachments?.[0]?.content;

  it('delivers a card per new critical finding to the subscribed channel, and updates it after an acknowledgement', async () => {
    const soc = teamsUser(vigil, 'soc');
    const subscribed = await post(
      vigil.url,
      message({ text: 'subscribe findings', where: 'channel', mention: true, from: soc, serviceUrl: connector.url }),
    );
    expect(subscribed.replies[0]?.text ?? '').toMatch(/subscribed|route/i);

    const poll = await vigil.pollFindings();
    expect(poll.ran).toBe(true);
    await vigil.outbox!.drain();

    const sent = connector.sent(CHANNEL);
    const critical = await vigil.store.findings.listOpen({});
    const alerted = critical.filter((f) => f.critical);
    expect(alerted.length).toBeGreaterThan(0);
    // One card per critical occurrence, or one summary when there are more than the per-cycle limit.
    const maxCards = vigil.config.alerts.maxCardsPerCycle;
    expect(sent).toHaveLength(alerted.length > maxCards ? 1 : alerted.length);
    const first = sent[0]!;
    const card = cardOf(first.body);
    expect(card).toBeDefined();
    expectValidCard(card!);

    // Nothing more goes out for the same findings on the next cycle.
    await vigil.pollFindings();
    await vigil.outbox!.drain();
    expect(connector.sent(CHANNEL)).toHaveLength(sent.length);

    if (alerted.length > maxCards) {
      expect(cardText(card)).toContain(`${alerted.length}`);
      return; // the summary path; card actions are covered in actions.test.ts
    }

    const finding = alerted.find((f) => cardText(card).includes(f.displayName))!;
    expect(finding).toBeDefined();
    const ack = await postInvoke(
      vigil.url,
      invoke({
        verb: 'finding.ack',
        data: { findingId: finding.id, version: finding.version },
        from: soc,
        where: 'channel',
        replyToId: first.responseId!,
        serviceUrl: connector.url,
      }),
    );
    expect(ack.status).toBe(200);
    expect(ack.body.statusCode).toBe(200);
    expect(cardText(ack.body.value)).toContain(`Acknowledged by ${soc.name}`);

    await vigil.outbox!.drain();
    const updates = connector.updates(CHANNEL);
    expect(updates.map((u) => u.activityId)).toContain(first.responseId);
    const updated = cardOf(updates.find((u) => u.activityId === first.responseId)!.body);
    expectValidCard(updated!);
    expect(cardText(updated)).toContain(`Acknowledged by ${soc.name}`);
    expect((await vigil.store.findings.get(finding.id))?.state).toBe('acknowledged');
    const history = await vigil.store.audit.history(String(finding.id));
    expect(history.map((h) => h.action)).toContain('finding.ack');
  });
});
