// posture, readiness and recommendations, asked through the real bot over HTTP on the demo tenant.
// Expected facts are recomputed straight from the stored snapshot, not taken from the code under test.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_VERB } from '../cards/parts.js';
import type { AdaptiveCard } from '../cards/render.js';
import { Estate, isOpen } from '../posture/estate.js';
import { parseFilters, vocabularyOf } from '../posture/filters.js';
import type { AiResource, Finding, Severity, Snapshot, Zone } from '../posture/model.js';
import { postureOf } from '../posture/score.js';
import { placeInZone } from '../posture/zones.js';
import { cardText, expectValidCard } from './support/cards.js';
import { ask, cardsOf, invoke, message, post, postInvoke } from './support/teams.js';
import { startTestVigil, type TestVigil, teamsUser } from './support/vigil.js';

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

const WEIGHT: Record<Severity, number> = { High: 3, Medium: 2, Low: 1 };

const zoneOfResource = (s: Snapshot, r: AiResource): Zone =>
  placeInZone(
    r,
    s.subscriptions.find((x) => x.id === r.subscriptionId),
    vigil.config.zones,
  ).zone;
function zoneOfFinding(s: Snapshot, f: Finding): Zone {
  const r = s.resources.find((x) => x.id === f.resourceId);
  return r ? zoneOfResource(s, r) : vigil.config.zones.default;
}
const counted = (f: Finding) => f.status !== 'NotApplicable' && f.cause !== 'Exempt';

/** The score as the card defines it, recomputed here: weighted Healthy over weighted Healthy + open. */
function independentScore(findings: Finding[]): number | null {
  let all = 0;
  let healthy = 0;
  for (const f of findings.filter(counted)) {
    all += WEIGHT[f.severity];
    if (f.status === 'Healthy') healthy += WEIGHT[f.severity];
  }
  return all === 0 ? null : Math.round((100 * healthy) / all);
}
function openBySeverity(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { High: 0, Medium: 0, Low: 0 };
  for (const f of findings) if (isOpen(f)) out[f.severity]++;
  return out;
}
const inZone = (s: Snapshot, zone: Zone) => s.findings.filter((f) => zoneOfFinding(s, f) === zone);

// ---- reading cards ----------------------------------------------------------------------------

type Node = Record<string, unknown>;
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node as Node);
    for (const v of Object.values(node)) walk(v, visit);
  }
}
/** Every ColumnSet as a row of cell texts (each column's TextBlocks joined with " | "). */
function rows(card: AdaptiveCard): string[][] {
  const out: string[][] = [];
  walk(card.body, (n) => {
    if (n.type !== 'ColumnSet') return;
    out.push(
      ((n.columns as Node[]) ?? []).map((c) =>
        ((c.items as Node[]) ?? [])
          .filter((i) => i.type === 'TextBlock')
          .map((i) => String(i.text))
          .join(' | '),
      ),
    );
  });
  return out;
}
const zoneRows = (card: AdaptiveCard) => rows(card).filter((r) => /^Zone \d · /.test(r[0] ?? ''));
function scoreShown(card: AdaptiveCard): string {
  let score = '';
  walk(card.body, (n) => {
    if (n.type === 'TextBlock' && n.size === 'ExtraLarge') score = String(n.text);
  });
  return score;
}
function chartOf(card: AdaptiveCard): Node {
  const chart = card.body.find((e) => (e as Node).type === 'Chart.VerticalBar') as Node | undefined;
  if (!chart) throw new Error('no chart on the card');
  return chart;
}
async function clickMore(query: string, page: number): Promise<AdaptiveCard> {
  const { status, body } = await postInvoke(vigil.url, invoke({ verb: PAGE_VERB, data: { query, page } }));
  expect(status).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value as AdaptiveCard;
}

// ---- posture ----------------------------------------------------------------------------------

describe('posture', () => {
  it('shows the overall score and open findings by severity, as recomputed from the snapshot', async () => {
    const card = await ask(vigil.url, 'posture');
    expectValidCard(card);
    const computed = postureOf(estate, parseFilters('', vocabularyOf(estate)));
    const score = independentScore(snapshot.findings);
    expect(computed.overall.score).toBe(score);
    expect(scoreShown(card)).toBe(String(score));
    const open = openBySeverity(snapshot.findings);
    const total = open.High + open.Medium + open.Low;
    expect(cardText(card)).toContain(
      `${total} open findings (${open.High} High · ${open.Medium} Medium · ${open.Low} Low)`,
    );
    expect(cardText(card)).toContain(`${snapshot.resources.length} AI resources`);
    expect(cardText(card)).toContain('Demo tenant · Data as of 10:42 UTC');
    expect(cardText(card)).toContain('No history yet');
    expect(card).toMatchSnapshot();
  });

  it('breaks scores and open findings down by zone, with a chart that has a text fallback', async () => {
    const card = await ask(vigil.url, 'posture');
    const computed = postureOf(estate, parseFilters('', vocabularyOf(estate)));
    const shown = zoneRows(card);
    const zones = ([1, 2, 3] as Zone[]).filter(
      (z) => inZone(snapshot, z).length > 0 || computed.zones.some((x) => x.zone === z),
    );
    expect(shown.map((r) => r[0]?.slice(0, 6))).toEqual(zones.map((z) => `Zone ${z}`));
    for (const z of zones) {
      const row = shown.find((r) => r[0]?.startsWith(`Zone ${z} · `));
      const findings = inZone(snapshot, z);
      const open = openBySeverity(findings);
      const score = independentScore(findings);
      expect(computed.zones.find((x) => x.zone === z)?.score).toBe(score);
      expect(row?.slice(1, 5)).toEqual([
        String(score ?? '—'),
        String(open.High),
        String(open.Medium),
        String(open.Low),
      ]);
      const critical = estate.openFindings.filter((f) => f.zone === z && f.critical).length;
      expect(row?.[5]).toBe(String(critical));
    }
    const chart = chartOf(card);
    expect((chart.data as { x: string; y: number }[]).map((d) => d.x)).toEqual(zones.map((z) => `Zone ${z}`));
    const fallback = chart.fallback as Node;
    expect(fallback.type).toBe('TextBlock');
    for (const z of zones) {
      expect(String(fallback.text)).toMatch(new RegExp(`Zone ${z} [▇▁]{10} ${independentScore(inZone(snapshot, z))}`));
    }
  });

  it("shows every subscription's open findings and Defender's secure score for reference", async () => {
    const card = await ask(vigil.url, 'posture');
    const text = cardText(card);
    for (const sub of snapshot.subscriptions) {
      const ids = new Set(snapshot.resources.filter((r) => r.subscriptionId === sub.id).map((r) => r.id));
      if (ids.size === 0) continue;
      const findings = snapshot.findings.filter((f) => ids.has(f.resourceId));
      const open = findings.filter(isOpen).length;
      const secure = snapshot.secureScores.find((s) => s.subscriptionId === sub.id);
      const row = rows(card).find((r) => r[0]?.startsWith(`${sub.name} | `));
      expect(row, sub.name).toBeDefined();
      expect(row?.[1]).toBe(String(independentScore(findings) ?? '—'));
      expect(row?.[2]).toBe(String(open));
      expect(row?.[4]).toBe(secure ? `${Math.round(secure.percentage * 100)}%` : '—');
    }
    expect(text).toContain('Secure score');
  });

  it('names the five worst offenders by weighted open findings', async () => {
    const card = await ask(vigil.url, 'posture');
    const weighted = snapshot.resources
      .map((r) => {
        const open = snapshot.findings.filter((f) => f.resourceId === r.id && isOpen(f));
        const critical = estate.resource(r.id)?.openFindings.filter((f) => f.critical).length ?? 0;
        return { name: r.name, weight: open.reduce((n, f) => n + WEIGHT[f.severity], 0), open: open.length, critical };
      })
      .filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight || b.critical - a.critical || a.name.localeCompare(b.name))
      .slice(0, 5);
    const shown = rows(card).filter((r) => /^\*\*.+\*\* \| /.test(r[0] ?? ''));
    expect(shown.map((r) => r[0]?.match(/^\*\*(.+?)\*\*/)?.[1])).toEqual(weighted.map((w) => w.name));
    for (const [i, w] of weighted.entries()) {
      expect(shown[i]?.[1]).toBe(`${w.open} open | ${w.critical > 0 ? `${w.critical} critical` : 'none critical'}`);
    }
    // Tapping one asks "show <name>".
    const actions: Node[] = [];
    walk(card.body, (n) => {
      if (n.type === 'ColumnSet' && n.selectAction) actions.push(n.selectAction as Node);
    });
    expect(actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: PAGE_VERB,
      data: { query: `show ${weighted[0]?.name}` },
    });
  });

  it('counts only zone-3 resources for "posture zone 3"', async () => {
    const card = await ask(vigil.url, 'Posture zone 3?');
    expectValidCard(card);
    const zone3 = snapshot.resources.filter((r) => zoneOfResource(snapshot, r) === 3);
    const ids = new Set(zone3.map((r) => r.id));
    const findings = snapshot.findings.filter((f) => ids.has(f.resourceId));
    const open = openBySeverity(findings);
    const text = cardText(card);
    expect(text).toContain(`zone 3 · ${zone3.length} AI resources`);
    expect(scoreShown(card)).toBe(String(independentScore(findings)));
    expect(text).toContain(`(${open.High} High · ${open.Medium} Medium · ${open.Low} Low)`);
    expect(zoneRows(card).map((r) => r[0])).toEqual(['Zone 3 · Regulated']);
    for (const sub of snapshot.subscriptions) {
      const mine = findings.filter(
        (f) => snapshot.resources.find((r) => r.id === f.resourceId)?.subscriptionId === sub.id,
      );
      const row = rows(card).find((r) => r[0]?.startsWith(`${sub.name} | `));
      if (mine.length === 0 && !zone3.some((r) => r.subscriptionId === sub.id)) expect(row).toBeUndefined();
      else expect(row?.[2]).toBe(String(mine.filter(isOpen).length));
    }
  });

  it('answers an @mention in a channel and says which words it ignored', async () => {
    const { replies } = await post(
      vigil.url,
      message({ text: 'posture zone 2 frobnicate', where: 'channel', mention: true, from: teamsUser(vigil, 'soc') }),
    );
    const [card] = cardsOf(replies);
    expect(card).toBeDefined();
    expectValidCard(card!);
    expect(cardText(card)).toContain('AI posture · zone 2');
    expect(cardText(card)).toContain('I ignored: frobnicate');
  });

  it('compares with the oldest snapshot when none is a week old, then with last week’s', async () => {
    const now = Date.parse(snapshot.takenAt);
    const day = 86_400_000;

    // Two days ago: nothing differed.
    await vigil.store.snapshots.save({ ...snapshot, takenAt: new Date(now - 2 * day).toISOString() });
    const recent = cardText(await ask(vigil.url, 'posture'));
    expect(recent).toContain('▶ score unchanged since 21 Nov: open findings');

    // Eight days ago: four of today's open Medium findings were still healthy, one healthy High one was open.
    const openMedium = snapshot.findings.filter((f) => isOpen(f) && f.severity === 'Medium').slice(0, 4);
    const healthyHigh = snapshot.findings.find((f) => f.status === 'Healthy' && f.severity === 'High');
    expect(openMedium).toHaveLength(4);
    expect(healthyHigh).toBeDefined();
    const changed = new Set([...openMedium, healthyHigh].map((f) => f?.id));
    const older: Snapshot = {
      ...snapshot,
      takenAt: new Date(now - 8 * day).toISOString(),
      findings: snapshot.findings.map((f) =>
        !changed.has(f.id) ? f : { ...f, status: f.status === 'Healthy' ? 'Unhealthy' : 'Healthy', cause: null },
      ),
    };
    await vigil.store.snapshots.save(older);

    const card = await ask(vigil.url, 'posture');
    expectValidCard(card);
    const before = independentScore(older.findings) as number;
    const after = independentScore(snapshot.findings) as number;
    const openBefore = older.findings.filter(isOpen).length;
    const openAfter = snapshot.findings.filter(isOpen).length;
    expect(openAfter - openBefore).toBe(3);
    expect(after).toBeLessThan(before);
    expect(cardText(card)).toContain(
      `▼ −${before - after} since last week (15 Nov): score ${before} → ${after} · open findings ${openBefore} → ${openAfter} (+3)`,
    );
    // Zone rows carry the zone's own change.
    for (const z of [1, 2, 3] as Zone[]) {
      const b = independentScore(inZone(older, z));
      const a = independentScore(inZone(snapshot, z));
      if (a === null || b === null) continue;
      const delta = a - b;
      const row = zoneRows(card).find((r) => r[0]?.startsWith(`Zone ${z} · `));
      expect(row?.[1]).toBe(`${a} (${delta === 0 ? '±0' : delta > 0 ? `+${delta}` : `−${-delta}`})`);
    }
  });
});

// ---- readiness --------------------------------------------------------------------------------

describe('readiness', () => {
  const standard = (sub: string, plan: string) =>
    snapshot.plans.some((p) => p.subscriptionId === sub && p.plan === plan && p.tier === 'Standard');

  async function allPages(query: string): Promise<AdaptiveCard[]> {
    const first = await ask(vigil.url, query);
    const cards = [first];
    for (let page = 1; page < 10; page++) {
      const more = cards[cards.length - 1]?.actions?.some((a) => (a as Node).title === 'More ›');
      if (!more) break;
      cards.push(await clickMore(query, page));
    }
    return cards;
  }
  /** Subscription name → its compact row [name | zone, icons, "X of 5"] and the advice under it. */
  function readinessRows(cards: AdaptiveCard[]): Map<string, { icons: string; score: string; advice: string }> {
    const out = new Map<string, { icons: string; score: string; advice: string }>();
    for (const card of cards) {
      walk(card.body, (n) => {
        if (n.type !== 'Container' || !Array.isArray(n.items)) return;
        const [head, ...rest] = n.items as Node[];
        if (head?.type !== 'ColumnSet') return;
        const cols = (head.columns as Node[]).map((c) => (c.items as Node[]).map((i) => String(i.text)));
        const name = cols[0]?.[0]?.replace(/\*\*/g, '') ?? '';
        out.set(name, { icons: cols[1]?.[0] ?? '', score: cols[2]?.[0] ?? '', advice: cardText(rest) });
      });
    }
    return out;
  }

  it('flags the demo subscriptions without Defender CSPM, with the fix, and passes the others', async () => {
    const cards = await allPages('readiness');
    for (const card of cards) expectValidCard(card);
    expect(cardText(cards[0])).toContain('Showing 1–5 of 9');
    const shown = readinessRows(cards);
    const demo = vigil.connected.demo?.estate.subscriptions ?? [];
    expect(demo.some((s) => !s.cspm)).toBe(true);
    expect(shown.size).toBe(snapshot.subscriptions.length);
    for (const s of demo) {
      const row = shown.get(s.displayName);
      expect(row, s.displayName).toBeDefined();
      const icons = row?.icons.split(' ') ?? [];
      expect(icons).toHaveLength(5);
      if (s.cspm) {
        expect(icons[0]).toBe('✅');
        expect(icons[2]).toBe('✅');
        expect(row?.advice).not.toContain('Defender CSPM → On');
      } else {
        expect(icons[0]).toBe('❌');
        expect(row?.advice).toContain(`Environment settings → ${s.displayName} → Defender plans → Defender CSPM → On`);
      }
      const hasAi = snapshot.resources.some((r) => r.subscriptionId === s.subscriptionId);
      expect(icons[1]).toBe(hasAi ? '✅' : '❌');
      // No Teams channel is subscribed to findings alerts yet: item 5 fails everywhere, with the reason.
      expect(icons[4]).toBe('❌');
      expect(row?.advice).toContain('no Teams channel is subscribed to findings alerts');
      if (!standard(s.subscriptionId, 'AI')) expect(row?.advice).toContain('Defender plans → AI services → On');
      const passed = icons.filter((i) => i === '✅').length;
      expect(row?.score).toBe(`${passed} of 5`);
    }
    expect(cards[0]).toMatchSnapshot();
  });

  it('passes alerting once a Teams channel is subscribed to findings alerts', async () => {
    await post(vigil.url, message({ text: 'help', where: 'channel', mention: true }));
    const [channel] = await vigil.store.conversations.list({ type: 'channel' });
    expect(channel).toBeDefined();
    await vigil.store.subscriptions.add({
      conversationId: channel!.conversationId,
      topic: 'findings',
      filter: {},
      createdBy: 'test',
    });
    const shown = readinessRows(await allPages('readiness'));
    for (const s of vigil.connected.demo?.estate.subscriptions ?? []) {
      const icons = shown.get(s.displayName)?.icons.split(' ');
      expect(icons?.[4], s.displayName).toBe(standard(s.subscriptionId, 'AI') ? '✅' : '❌');
    }
    const ready = [...shown.values()].filter((r) => r.score === '5 of 5').length;
    expect(cardText(await ask(vigil.url, 'readiness'))).toContain(`${ready} of 9 subscriptions pass all 5 checks`);
  });
});

// ---- recommendations --------------------------------------------------------------------------

describe('recommendations', () => {
  /** Recommendation name → "failing / assessed", from every page. */
  function listed(cards: AdaptiveCard[]): [string, string][] {
    const out: [string, string][] = [];
    for (const card of cards) {
      for (const r of rows(card)) {
        const m = r[0]?.match(/^\*\*(.+)\*\*$/);
        if (m?.[1] && r[1]) out.push([m[1], r[1]]);
      }
    }
    return out;
  }

  it('counts failing and assessed resources per recommendation as the snapshot has them, paged with More', async () => {
    const first = await ask(vigil.url, 'recommendations');
    expectValidCard(first);
    const more = first.actions?.find((a) => (a as Node).title === 'More ›') as Node | undefined;
    expect(more).toMatchObject({
      type: 'Action.Execute',
      verb: PAGE_VERB,
      data: { query: 'recommendations', page: 1 },
    });
    const second = await clickMore('recommendations', 1);
    expectValidCard(second);

    const expected = new Map<string, { failing: number; assessed: number; severity: Severity }>();
    for (const f of snapshot.findings) {
      const e = expected.get(f.displayName) ?? { failing: 0, assessed: 0, severity: f.severity };
      if (counted(f)) e.assessed++;
      if (isOpen(f)) e.failing++;
      expected.set(f.displayName, e);
    }
    const applicable = [...expected.entries()].filter(([, e]) => e.assessed > 0);
    const shown = listed([first, second]);
    expect(cardText(first)).toContain(`Showing 1–8 of ${applicable.length}`);
    expect(new Map(shown)).toEqual(new Map(applicable.map(([name, e]) => [name, `${e.failing} / ${e.assessed}`])));
    // Most to fix first: failing × severity never increases down the list.
    const weights = shown.map(([name]) => {
      const e = expected.get(name);
      return e ? e.failing * WEIGHT[e.severity] : -1;
    });
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(cardText(first)).toContain('**How to fix:**');
    expect(first).toMatchSnapshot();
  });

  it('lists only the recommendations oai-claims-prod-weu fails, with its portal links', async () => {
    const card = await ask(vigil.url, 'recommendations for oai-claims-prod-weu');
    expectValidCard(card);
    const target = snapshot.resources.find((r) => r.name === 'oai-claims-prod-weu');
    expect(target).toBeDefined();
    const failing = snapshot.findings.filter((f) => f.resourceId === target?.id && isOpen(f));
    expect(failing.length).toBeGreaterThan(0);
    expect(new Set(listed([card]).map(([name]) => name))).toEqual(new Set(failing.map((f) => f.displayName)));
    expect(listed([card]).every(([, state]) => state === 'Failing')).toBe(true);
    const links: string[] = [];
    walk(card.body, (n) => {
      if (n.type === 'Action.OpenUrl') links.push(String(n.url));
    });
    expect(links.sort()).toEqual(failing.map((f) => f.portalUri).sort());
    expect(cardText(card)).toContain('Recommendations for oai-claims-prod-weu');
  });

  it('suggests close names for an unknown resource instead of staying silent', async () => {
    const { replies } = await post(vigil.url, message({ text: 'recommendations for oai-claims-prod-wue' }));
    expect(cardsOf(replies)).toHaveLength(0);
    expect(replies[0]?.text).toContain('I don\'t know an AI resource called "oai-claims-prod-wue"');
    expect(replies[0]?.text).toContain('`recommendations for oai-claims-prod-weu`');
    const nothing = await post(vigil.url, message({ text: 'recommendations for qqqq' }));
    expect(nothing.replies[0]?.text).toContain('Try `inventory`');
  });

  it('answers in a channel with an @mention and keeps to a scope', async () => {
    const { replies } = await post(
      vigil.url,
      message({ text: 'Recommendations zone 3', where: 'channel', mention: true, from: teamsUser(vigil, 'owner') }),
    );
    const [card] = cardsOf(replies);
    expect(card).toBeDefined();
    expectValidCard(card!);
    const zone3 = new Set(snapshot.resources.filter((r) => zoneOfResource(snapshot, r) === 3).map((r) => r.id));
    const open = snapshot.findings.filter((f) => zone3.has(f.resourceId) && isOpen(f)).length;
    expect(cardText(card)).toContain(`${open} open findings on`);
    expect(cardText(card)).toContain('zone 3');
  });
});
