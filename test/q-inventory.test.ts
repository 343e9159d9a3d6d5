// inventory, show <resource> and whoami, asked through the real bot over HTTP on the demo tenant.
// Expected facts are computed straight from the stored snapshot, not from the code under test.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../bot/app.js';
import { allCommands } from '../bot/commands/index.js';
import { INVENTORY_PAGE_SIZE } from '../bot/commands/inventory.js';
import { startVigil } from '../bot/main.js';
import { choiceCard, notFoundCard } from '../cards/choice.js';
import { inventoryCard } from '../cards/inventory.js';
import { PAGE_VERB } from '../cards/parts.js';
import type { AdaptiveCard } from '../cards/render.js';
import { resourceCard } from '../cards/resource.js';
import { whoamiCard } from '../cards/whoami.js';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import { Estate, isOpen } from '../posture/estate.js';
import { isPublic } from '../posture/filters.js';
import type { BomView, InventoryRow } from '../posture/inventory.js';
import type { AiResource, Snapshot } from '../posture/model.js';
import { countdown } from '../posture/sla.js';
import { placeInZone } from '../posture/zones.js';
import { cardText, expectValidCard } from './support/cards.js';
import { ask, cardsOf, invoke, message, post, postInvoke, someone } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil, teamsUser } from './support/vigil.js';

let vigil: TestVigil;
let snapshot: Snapshot;
let estate: Estate;

beforeAll(async () => {
  vigil = await startTestVigil();
  const latest = await vigil.store.snapshots.latest();
  if (!latest) throw new Error('the first discovery stored no snapshot');
  snapshot = latest;
  estate = new Estate(snapshot, { zones: vigil.config.zones, policy: vigil.config.zones.policy });
});
afterAll(async () => {
  await vigil?.stop();
});

// ---- independent facts from the snapshot ------------------------------------------------------

const zoneOf = (r: AiResource) =>
  placeInZone(
    r,
    snapshot.subscriptions.find((s) => s.id === r.subscriptionId),
    vigil.config.zones,
  ).zone;
const openCount = (r: AiResource) => snapshot.findings.filter((f) => f.resourceId === r.id && isOpen(f)).length;
const ownerTagOf = (r: AiResource) =>
  Object.entries(r.tags)
    .find(([k]) => k.toLowerCase() === 'owner')?.[1]
    ?.toLowerCase() ?? null;
/** The order the card promises: zone 3 first, then most open findings, then name. */
const answerOrder = (rs: AiResource[]) =>
  [...rs].sort((a, b) => zoneOf(b) - zoneOf(a) || openCount(b) - openCount(a) || a.name.localeCompare(b.name));
const byName = (name: string) => {
  const r = snapshot.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name} in the demo snapshot`);
  return r;
};

// ---- reading cards ----------------------------------------------------------------------------

type Node = Record<string, unknown>;
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}
/** Resource names listed on an inventory or choice card, top to bottom. */
function listedNames(card: AdaptiveCard): string[] {
  const out: string[] = [];
  walk(card.body, (n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') {
      const m = /^\*\*([^*]+)\*\*$/.exec(n.text);
      if (m?.[1]) out.push(m[1]);
    }
  });
  return out;
}
function executeActions(card: unknown): { title: string; verb: string; data: { query: string; page: number } }[] {
  const out: { title: string; verb: string; data: { query: string; page: number } }[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute') out.push(n as unknown as (typeof out)[number]);
  });
  return out;
}
const subtitleOf = (card: AdaptiveCard) => (card.body[1] as { text: string }).text;

async function allPages(text: string): Promise<{ cards: AdaptiveCard[]; names: string[] }> {
  const cards = [await ask(vigil.url, text)];
  for (;;) {
    const more = executeActions(cards.at(-1)?.actions).find((a) => a.title.startsWith('More'));
    if (!more) break;
    const { status, body } = await postInvoke(vigil.url, invoke({ verb: more.verb, data: more.data }));
    expect(status).toBe(200);
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    cards.push(body.value as AdaptiveCard);
  }
  for (const c of cards) expectValidCard(c);
  return { cards, names: cards.flatMap(listedNames) };
}

// ---- inventory --------------------------------------------------------------------------------

describe('inventory', () => {
  it('counts every AI resource in the snapshot, by kind, cloud and zone', async () => {
    const card = await ask(vigil.url, 'inventory');
    expectValidCard(card);
    expect(snapshot.resources.length).toBeGreaterThan(50);
    expect(subtitleOf(card)).toBe(`All ${snapshot.resources.length} AI resources`);
    const facts = new Map<string, string>();
    walk(card.body, (n) => {
      if (n.type === 'FactSet')
        for (const f of n.facts as { title: string; value: string }[]) facts.set(f.title, f.value);
    });
    const count = (key: (r: AiResource) => string) => {
      const m = new Map<string, number>();
      for (const r of snapshot.resources) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
      return m;
    };
    const kindLabel: Record<string, string> = {
      openai: 'Azure OpenAI',
      'ai-services': 'AI Services',
      'foundry-project': 'Foundry project',
      bedrock: 'AWS Bedrock',
      sagemaker: 'SageMaker',
      'vertex-ai': 'Vertex AI',
      'ml-hub': 'ML hub',
      'ml-project': 'ML project',
      'ml-workspace': 'ML workspace',
    };
    for (const [kind, n] of count((r) => r.kind)) expect(facts.get('Kinds')).toContain(`${kindLabel[kind]} ${n}`);
    for (const [cloud, n] of count((r) => r.cloud)) expect(facts.get('Clouds')).toContain(`${cloud} ${n}`);
    for (const [zone, n] of count((r) => String(zoneOf(r)))) expect(facts.get('Zones')).toContain(`Zone ${zone} ${n}`);
    // The donut is a Teams chart with a text fallback.
    const donut = card.body.find((e) => (e as Node).type === 'Chart.Donut') as Node | undefined;
    expect(donut?.fallback).toMatchObject({ type: 'TextBlock' });
    expect((donut?.data as { value: number }[]).reduce((a, d) => a + d.value, 0)).toBe(snapshot.resources.length);
    // First page: the most sensitive zone and the most findings first.
    expect(listedNames(card)).toEqual(
      answerOrder(snapshot.resources)
        .slice(0, INVENTORY_PAGE_SIZE)
        .map((r) => r.name),
    );
    expect(cardText(card)).toContain(`Showing 1–${INVENTORY_PAGE_SIZE} of ${snapshot.resources.length}`);
    expect(cardText(card)).toContain('Demo tenant · Data as of 10:42 UTC');
  });

  it('pages with "More" (an Action.Execute invoke) through every resource exactly once', async () => {
    const { cards, names } = await allPages('inventory');
    expect(cards.length).toBe(Math.ceil(snapshot.resources.length / INVENTORY_PAGE_SIZE));
    expect(names).toEqual(answerOrder(snapshot.resources).map((r) => r.name));
    expect(new Set(listedNames(cards[1]!))).not.toEqual(new Set(listedNames(cards[0]!)));
    expect(cardText(cards[1])).toContain(`Showing ${INVENTORY_PAGE_SIZE + 1}–`);
    expect(executeActions(cards[1]!.actions).map((a) => a.title)).toContain('‹ Previous');
  });

  it('filters "inventory openai zone 3"', async () => {
    const card = await ask(vigil.url, 'inventory openai zone 3');
    expectValidCard(card);
    const expected = answerOrder(snapshot.resources.filter((r) => r.kind === 'openai' && zoneOf(r) === 3));
    expect(expected.length).toBeGreaterThan(0);
    expect(listedNames(card)).toEqual(expected.map((r) => r.name));
    expect(subtitleOf(card)).toBe(`zone 3 · Azure OpenAI · ${expected.length} AI resources`);
    expect(card).toMatchSnapshot();
  });

  it('answers "What AI do we have in payments?" for that subscription only', async () => {
    const payments = snapshot.subscriptions.find((s) => /payments/i.test(s.name))!;
    const card = await ask(vigil.url, 'What AI do we have in payments?');
    expectValidCard(card);
    const expected = snapshot.resources.filter((r) => r.subscriptionId === payments.id);
    expect(new Set(listedNames(card))).toEqual(new Set(expected.map((r) => r.name)));
    expect(subtitleOf(card)).toBe(`${payments.name} · ${expected.length} AI resources`);
  });

  it('filters by exposure: public, and local auth on', async () => {
    const publicOnes = estate.resources.filter(isPublic).map((r) => r.resource.name);
    expect((await allPages('inventory public')).names.sort()).toEqual(publicOnes.sort());
    const keys = snapshot.resources.filter((r) => r.exposure.localAuthEnabled === true).map((r) => r.name);
    const local = await allPages('inventory local auth on');
    expect(local.names.sort()).toEqual(keys.sort());
    expect(subtitleOf(local.cards[0]!)).toBe(`local auth on · ${keys.length} AI resources`);
  });

  it('filters by kind and by cloud: bedrock, aws', async () => {
    const bedrock = await ask(vigil.url, 'inventory bedrock');
    expect(listedNames(bedrock).sort()).toEqual(
      snapshot.resources
        .filter((r) => r.kind === 'bedrock')
        .map((r) => r.name)
        .sort(),
    );
    expect(listedNames(bedrock)).toContain('care-faq-agent');
    const aws = await ask(vigil.url, 'inventory aws');
    const awsNames = snapshot.resources.filter((r) => r.cloud === 'AWS').map((r) => r.name);
    expect(listedNames(aws).sort()).toEqual(awsNames.sort());
    expect(cardText(aws)).toContain(`AWS ${awsNames.length}`);
  });

  it('filters by owner, from a first name', async () => {
    const card = await ask(vigil.url, 'inventory owner lars');
    const expected = snapshot.resources.filter((r) => ownerTagOf(r) === 'lars.nilsson@contoso.com');
    expect(expected.length).toBeGreaterThan(0);
    expect(listedNames(card).sort()).toEqual(expected.map((r) => r.name).sort());
    expect(subtitleOf(card)).toContain('owner lars.nilsson@contoso.com');
  });

  it('says when nothing matches, and what it ignored, instead of guessing', async () => {
    const none = await ask(vigil.url, 'inventory bedrock zone 3');
    expectValidCard(none);
    expect(cardText(none)).toContain('No AI resource matches zone 3 · AWS Bedrock');
    expect(cardText(none)).toContain('Try `inventory` alone');
    expect(executeActions(none.actions)[0]?.data).toEqual({ query: 'inventory', page: 0 });
    expect(none).toMatchSnapshot();

    const typo = await ask(vigil.url, 'inventory payemnts');
    expectValidCard(typo);
    expect(cardText(typo)).toContain('I ignored: payemnts (did you mean payments?)');
  });

  it('answers an @mention in a channel the same way', async () => {
    const card = await ask(vigil.url, 'inventory bedrock', { where: 'channel', mention: true });
    expect(listedNames(card)).toEqual(listedNames(await ask(vigil.url, 'inventory bedrock')));
  });

  it('accepts the forgiving wordings and leaves other questions alone', () => {
    const commands = allCommands();
    const to = (text: string) => route(commands, text);
    for (const text of ['inventory', 'list ai resources', 'list resources', 'ai resources', 'resources', 'list'])
      expect(to(text)?.command.name).toBe('inventory');
    expect(to('what ai do we have in payments')).toMatchObject({ args: 'in payments' });
    expect(to('show inventory')?.command.name).toBe('inventory');
    for (const text of [
      'list findings',
      'what ai findings are overdue',
      'list attack paths',
      'list commands',
      'list subscriptions',
    ])
      expect(to(text)?.command.name).not.toBe('inventory');
  });

  it('clamps a stale "More" button past the last page to the last page', async () => {
    const { body } = await postInvoke(
      vigil.url,
      invoke({ verb: PAGE_VERB, data: { query: 'inventory aws', page: 40 } }),
    );
    const card = body.value as AdaptiveCard;
    expectValidCard(card);
    expect(listedNames(card).length).toBe(snapshot.resources.filter((r) => r.cloud === 'AWS').length);
  });
});

// ---- show <resource> --------------------------------------------------------------------------

describe('show <resource>', () => {
  it("shows oai-claims-prod-weu's bill of materials, zone rule and findings with SLA countdowns", async () => {
    const r = byName('oai-claims-prod-weu');
    const card = await ask(vigil.url, 'show oai-claims-prod-weu');
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Azure OpenAI · Azure · westeurope');
    expect(text).toContain('rg-claims-ai-prod');
    expect(text).toContain('Contoso Claims AI - Production');
    expect(text).toContain('Zone 2 (Recommended) — tag ai-zone=2 on the subscription');
    expect(r.deployments.length).toBeGreaterThan(0);
    for (const d of r.deployments) {
      expect(text).toContain(`**${d.name}** — ${d.model}`);
      if (d.contentFilter) expect(text).toContain(`content filter ${d.contentFilter}`);
    }
    expect(text).toContain(`Deployments (${r.deployments.length})`);
    for (const l of r.links.filter((x) => x.role !== 'identity')) expect(text).toContain(l.name);
    expect(text).toContain(`Private endpoints\n${r.exposure.privateEndpointCount}`);
    expect(text).toContain(`Public network access\n${r.exposure.publicNetworkAccess}`);
    const open = estate.resource(r.id)!.openFindings;
    expect(open.length).toBeGreaterThan(0);
    expect(text).toContain(`Open findings (${open.length})`);
    for (const f of open) {
      expect(text).toContain(f.finding.displayName);
      expect(text).toContain(countdown(TEST_NOW, f.dueAt!));
    }
    const portal = (card.actions as Node[]).find((a) => a.type === 'Action.OpenUrl');
    expect(portal?.url).toBe(`https://portal.azure.com/#resource${r.id}/overview`);
    expect(card).toMatchSnapshot();
  });

  it('shows the linked storage, search and key vault of an ML hub with their public access', async () => {
    const hub = byName('hub-claims-prod-weu');
    const storage = hub.links.find((l) => l.role === 'storage');
    expect(storage).toBeDefined();
    const text = cardText(await ask(vigil.url, 'show HUB-claims-prod-weu'));
    expect(text).toContain('Storage');
    expect(text).toContain(`${storage!.name} (public access ${storage!.publicNetworkAccess})`);
    for (const role of ['search', 'key-vault'] as const) {
      const link = hub.links.find((l) => l.role === role);
      if (link) expect(text).toContain(link.name);
    }
  });

  it('lists the attack paths that reach a resource', async () => {
    const target = estate.resources.find((r) => r.attackPaths.length > 0)!;
    const text = cardText(await ask(vigil.url, `show ${target.resource.name}`));
    expect(text).toContain(`Attack paths reaching it (${target.attackPaths.length})`);
    for (const p of target.attackPaths.slice(0, 5)) expect(text).toContain(p.displayName);
  });

  it('offers a choice card for an ambiguous name; each option shows that one resource', async () => {
    const expected = snapshot.resources.filter((r) => r.name.startsWith('oai-claims'));
    expect(expected.length).toBeGreaterThan(1);
    const card = await ask(vigil.url, 'show oai-claims');
    expectValidCard(card);
    expect(cardText(card)).toContain('Which one did you mean?');
    expect(listedNames(card).sort()).toEqual(expected.map((r) => r.name).sort());
    const buttons = executeActions(card.body);
    expect(buttons.map((b) => b.data.query).sort()).toEqual(expected.map((r) => `show ${r.id}`).sort());
    expect(buttons.every((b) => b.verb === PAGE_VERB)).toBe(true);
    expect(card).toMatchSnapshot();

    const { status, body } = await postInvoke(vigil.url, invoke({ verb: PAGE_VERB, data: buttons[0]!.data }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const chosen = body.value as AdaptiveCard;
    expectValidCard(chosen);
    expect((chosen.body[0] as { text: string }).text).toBe(listedNames(card)[0]);
  });

  it('shows the closest resource for a small typo, and says so', async () => {
    const card = await ask(vigil.url, 'show oai-claims-prod-wue');
    expectValidCard(card);
    expect((card.body[0] as { text: string }).text).toBe('oai-claims-prod-weu');
    expect(cardText(card)).toContain('No resource is named exactly “oai-claims-prod-wue”; this is the closest.');
  });

  it('suggests names for a name that does not exist', async () => {
    const card = await ask(vigil.url, 'show claims-copilot');
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('No AI resource named “claims-copilot”');
    expect(text).toContain('Did you mean `care-copilot`');
    expect(executeActions(card.actions)[0]?.data).toEqual({ query: 'show care-copilot', page: 0 });
    expect(card).toMatchSnapshot();
    const nothing = cardText(await ask(vigil.url, 'show xyzzy'));
    expect(nothing).toContain('Nothing comes close');
  });

  it('asks which resource when none is named', async () => {
    const { replies } = await post(vigil.url, message({ text: 'show' }));
    expect(replies[0]?.text).toContain('Which AI resource?');
  });

  it('works by @mention in a channel, by full ARM id', async () => {
    const r = byName('care-faq-agent');
    const card = await ask(vigil.url, `show ${r.id.toUpperCase()}`, { where: 'channel', mention: true });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('AWS Bedrock · AWS');
    if (r.nativeId) expect(text).toContain(r.nativeId);
    expect((card.actions as Node[]).some((a) => a.type === 'Action.OpenUrl')).toBe(false);
  });
});

// ---- whoami -----------------------------------------------------------------------------------

describe('whoami', () => {
  it('tells a SOC analyst their role and what it allows', async () => {
    const soc = teamsUser(vigil, 'soc');
    const card = await ask(vigil.url, 'whoami', { from: soc });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain(soc.name);
    expect(text).toContain(soc.aadObjectId);
    expect(text).toContain(soc.upn);
    expect(text).toContain('Roles\nSOC analyst');
    expect(text).toContain('**SOC analyst**: triage any finding');
    expect(executeActions(card.actions)).toEqual([
      { type: 'Action.Execute', title: 'My findings', verb: PAGE_VERB, data: { query: 'my findings', page: 0 } },
    ]);
    expect(card).toMatchSnapshot();
  });

  it('shows an owner the resources they own and the open findings assigned to them', async () => {
    const owner = teamsUser(vigil, 'owner');
    const card = await ask(vigil.url, 'Who am I?', { from: owner });
    expectValidCard(card);
    const text = cardText(card);
    const owned = snapshot.resources.filter((r) => ownerTagOf(r) === owner.upn);
    expect(owned.length).toBeGreaterThan(0);
    expect(text).toContain(`Resources you own (${owned.length})`);
    for (const r of owned.slice(0, 8)) expect(text).toContain(r.name);
    const findings = estate.openFindings.filter((f) => f.owner?.id === owner.upn);
    expect(text).toContain(`You own ${findings.length} open finding`);
    expect(text).toContain('Roles\nreader');
    expect(text).toContain('**owner**: act on the findings you own');
  });

  it('says what it does not know about someone Teams gave no UPN for', async () => {
    const text = cardText(await ask(vigil.url, 'whoami', { from: someone, where: 'channel', mention: true }));
    expect(text).toContain('UPN\nunknown — Teams did not give it');
    expect(text).toContain('Roles\nreader');
  });
});

// ---- before the first discovery ---------------------------------------------------------------

describe('before the first discovery', () => {
  it('says the estate is still being discovered instead of showing an empty inventory', async () => {
    const early = await startVigil({
      config: loadConfig({ VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-q-inv-')), 'vigil.db') }),
      logger: createLogger('silent'),
      clock: () => TEST_NOW,
      port: 0,
      discoverOnStart: false,
    });
    try {
      const inv = await post(early.url, message({ text: 'inventory' }));
      expect(inv.replies[0]?.text).toContain('still discovering');
      const show = await post(early.url, message({ text: 'show oai-claims-prod-weu' }));
      expect(show.replies[0]?.text).toContain('still discovering');
      const [who] = cardsOf((await post(early.url, message({ text: 'whoami' }))).replies);
      expectValidCard(who!);
      expect(cardText(who)).toContain('The first discovery is still running');
    } finally {
      await early.stop();
    }
  });
});

// ---- the card functions at the edges ----------------------------------------------------------

describe('cards stay valid and under the Teams size limit at scale', () => {
  const row = (i: number): InventoryRow => ({
    id: `/subscriptions/x/resourcegroups/rg-${i}/providers/microsoft.cognitiveservices/accounts/a-${i}`,
    name: `oai-some-long-application-name-${i}-prod-westeurope`,
    kind: 'Azure OpenAI',
    cloud: 'Azure',
    zone: 3,
    subscription: 'A rather long subscription name - Production',
    resourceGroup: `rg-a-rather-long-resource-group-name-${i}`,
    region: 'germanywestcentral',
    badges: ['public', '3 private endpoints', 'local auth on'],
    owner: 'someone.with.a.long.name@contoso.example.com',
    openFindings: 12,
  });

  it('an inventory page of the largest rows', () => {
    const card = inventoryCard({
      labels: ['zone 3', 'Azure OpenAI', 'public'],
      ignored: ['foo', 'bar (did you mean baz?)'],
      total: 6400,
      byKind: [{ label: 'Azure OpenAI', count: 6400 }],
      byCloud: [{ label: 'Azure', count: 6400 }],
      byZone: [{ label: 'Zone 3', count: 6400 }],
      rows: Array.from({ length: INVENTORY_PAGE_SIZE }, (_, i) => row(i)),
      page: { query: 'inventory zone 3 openai public foo bar', page: 3, pageSize: INVENTORY_PAGE_SIZE, total: 6400 },
      freshness: 'Data as of 10:42 UTC',
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('I ignored: foo; bar (did you mean baz?)');
  });

  it('a resource with hundreds of deployments, links and findings', () => {
    const bom: BomView = {
      id: '/subscriptions/x/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/big',
      name: 'big',
      kind: 'Azure OpenAI',
      cloud: 'Azure',
      region: 'westeurope',
      subscription: 'Sub',
      subscriptionId: 'x',
      resourceGroup: 'rg',
      zone: 3,
      zoneName: 'Regulated',
      zoneBecause: 'tag ai-zone=3 on the resource',
      owner: null,
      findingOwners: Array.from({ length: 5 }, (_, i) => `owner${i}@contoso.com`),
      exposure: [{ label: 'Public network access', value: 'Enabled', risky: true }],
      identities: ['System-assigned (principal p)'],
      deployments: Array.from({ length: 300 }, (_, i) => ({
        name: `deployment-${i}`,
        model: 'gpt-4o',
        version: '2024-11-20',
        sku: 'GlobalStandard',
        capacity: 100,
        contentFilter: i % 2 ? null : 'Microsoft.DefaultV2',
      })),
      links: Array.from({ length: 100 }, (_, i) => ({
        role: 'storage' as const,
        roleLabel: 'Storage',
        name: `storage${i}`,
        publicNetworkAccess: 'Enabled',
      })),
      openFindings: Array.from({ length: 200 }, (_, i) => ({
        title: `A long recommendation title number ${i} that goes on for a while [really]`,
        severity: 'High',
        critical: true,
        countdown: 'overdue by 3 d',
        sla: 'overdue' as const,
        owner: 'someone@contoso.com',
        portalUri: `https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsWithRulesBlade/assessmentKey/${i}`,
      })),
      attackPaths: Array.from({ length: 40 }, (_, i) => ({
        name: `Path ${i}`,
        risk: 'Critical',
        entryPoint: 'vm',
        target: 'big',
      })),
      portalUrl: 'https://portal.azure.com/#resource/x/overview',
      nativeId: null,
    };
    const card = resourceCard({ bom, closestTo: null, freshness: 'Data as of 10:42 UTC' });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('and 288 more deployments');
    expect(text).toContain('and 192 more open findings');
    expect(text).toContain('content filter **none**');
  });

  it('a choice among many, paged, and a not-found card with many suggestions', () => {
    const options = Array.from({ length: 10 }, (_, i) => ({
      id: `/subscriptions/${'x'.repeat(36)}/resourcegroups/rg-long-${i}/providers/microsoft.cognitiveservices/accounts/name-${i}`,
      name: `name-${i}`,
      kind: 'AI Services',
      subscription: 'Subscription',
      resourceGroup: `rg-long-${i}`,
      region: 'eastus',
      zone: 2,
    }));
    const card = choiceCard({
      query: 'name',
      options,
      page: { query: 'show name', page: 0, pageSize: 10, total: 250 },
      freshness: 'Data as of 10:42 UTC',
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('Showing 1–10 of 250');
    expectValidCard(
      notFoundCard({ query: 'x', suggestions: Array.from({ length: 20 }, (_, i) => `s${i}`), freshness: 'f' }),
    );
  });

  it('a whoami card for someone who owns thousands', () => {
    const card = whoamiCard({
      name: 'Ben Carter',
      objectId: '0b5f2d47-0000-4000-8000-000000000001',
      upn: 'ben.carter@contoso.com',
      roles: ['SOC analyst', 'leader', 'admin'],
      abilities: [{ name: 'SOC analyst', allows: 'triage' }],
      owned: Array.from({ length: 8 }, (_, i) => ({ name: `r${i}`, kind: 'Azure OpenAI', zone: 3, openFindings: i })),
      ownedTotal: 3000,
      findings: { open: 9000, overdue: 100, dueSoon: 50 },
      freshness: 'Data as of 10:42 UTC',
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('and 2992 more resources');
  });
});
