import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { startTestVigil, teamsUser } from './support/vigil.js';
import { ask, post, message } from './support/teams.js';
import { cardToText } from '../cards/text.js';
import { cardProblems } from './support/cards.js';
it('dump', async () => {
  const v = await startTestVigil();
  const out: string[] = [];
  for (const q of ['inventory', 'inventory openai zone 3', 'what ai do we have in payments', 'inventory public', 'inventory local auth on', 'inventory bedrock', 'inventory aws', 'inventory owner lars', 'inventory payemnts', 'inventory zone 3 bedrock', 'show oai-claims-prod-weu', 'show hub-claims-prod-weu', 'show oai-claims', 'show oai-claims-prod-wue', 'show claims-copilot', 'show care-faq-agent', 'show xyzzy', 'whoami']) {
    const { replies } = await post(v.url, message({ text: q, from: q === 'whoami' ? teamsUser(v, 'soc') : undefined }));
    const card = replies[0]?.attachments?.[0]?.content;
    out.push(`===== ${q}\n${card ? cardToText(card as never) + '\nPROBLEMS ' + JSON.stringify(cardProblems(card as never)) + ' bytes ' + JSON.stringify(card).length : replies.map((r) => r.text).join('|')}`);
  }
  const c = await ask(v.url, 'whoami', { from: teamsUser(v, 'owner') });
  out.push(cardToText(c) + JSON.stringify(cardProblems(c)));
  writeFileSync('/tmp/scr/cards.txt', out.join('\n'));
  await v.stop();
});
