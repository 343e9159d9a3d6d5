// The findings questions (findings, overdue, due soon, my findings, attack paths) through the real
// bot on the demo tenant. Expected facts are computed here from the stored snapshot, not read back
// from the code under test.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackPathsCommand } from '../bot/commands/attack-paths.js';
import { findingsCommand } from '../bot/commands/findings.js';
import type { CommandContext } from '../bot/commands/types.js';
import { attackPathsCard } from '../cards/attack-paths.js';
import { findingsCard, formatDate } from '../cards/findings.js';
import type { AdaptiveCard } from '../cards/render.js';
import { Estate, type EstateFinding } from '../posture/estate.js';
import type { AttackPath, Finding, Snapshot } from '../posture/model.js';
import { countdown } from '../posture/sla.js';
import { cardText, expectValidCard } from './support/cards.js';
import { ask, invoke, postInvoke, someone } from './support/teams.js';
import { startTestVigil, TEST_NOW, type TestVigil, teamsUser } from './support/vigil.js';

let vigil: TestVigil;
let snapshot: Snapshot;
let estate: Estate;

beforeAll(async () => {
  vigil = await startTestVigil();
  const [latest] = await vigil.store.snapshots.list(1);
  snapshot = (await vigil.store.snapshots.get(latest!.id))!;
  estate = new Estate(snapshot, { zones: vigil.config.zones, policy: vigil.config.zones.policy });
});
afterAll(async () => {
  await vigil?.stop();
});

// ---- independent expectations ------------------------------------------------

const isOpen = (f: Finding) => f.status === 'Unhealthy' && f.cause !== 'Exempt';
const openFindings = () => estate.findings.filter((f) => isOpen(f.finding));
const SEVERITY = { High: 0, Medium: 1, Low: 2 } as const;
const RISK = { Critical: 0, High: 1, Medium: 2, Low: 3 } as const;

/** The promised order, written out again: critical, earliest due (none last), newest detected, severity, id. */
function urgencyOrder(list: EstateFinding[]): EstateFinding[] {
  const t = (d: Date | null, missing: number) => d?.getTime() ?? missing;
  return [...list].sort(
    (a, b) =>
      Number(b.critical) - Number(a.critical) ||
      t(a.dueAt, Infinity) - t(b.dueAt, Infinity) ||
      t(b.detectedAt, -Infinity) - t(a.detectedAt, -Infinity) ||
      SEVERITY[a.finding.severity] - SEVERITY[b.finding.severity] ||
      (a.finding.id < b.finding.id ? -1 : 1),
  );
}

const label = (f: Finding) => `${f.displayName} @ ${f.resourceName}`;
const tagOwner = (tags: Record<string, string>) =>
  (tags.owner ?? tags.Owner ?? tags['ai-owner'] ?? tags.createdBy)?.toLowerCase() ?? null;

// ---- reading the cards -----------------------------------------------------------

interface Row {
  text: string;
  lines: string[];
}

/** The finding (or attack path) rows of a card, in order, as the reader sees them. */
function rowsOf(card: AdaptiveCard, prefix = 'finding-'): Row[] {
  return (card.body as { id?: string }[])
    .filter((el) => el.id?.startsWith(prefix))
    .map((el) => {
      const text = cardText(el);
      return { text, lines: text.split('\n') };
    });
}

/** "title @ resource" of a finding row: its first line (or second under a group header) and meta line. */
function rowLabel(row: Row): string {
  const i = row.lines.findIndex((l) => / · zone \d · /.test(l));
  return `${row.lines[i - 2]} @ ${row.lines[i]?.split(' · ')[0]}`;
}

async function more(query: string, page: number, from = someone): Promise<AdaptiveCard> {
  const { status, body } = await postInvoke(vigil.url, invoke({ verb: 'vigil.page', data: { query, page }, from }));
  expect(status).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value as AdaptiveCard;
}

/** Every row of a paged answer, following its "More" buttons. */
async function allRows(query: string, from = someone): Promise<Row[]> {
  const rows: Row[] = [];
  let card = await ask(vigil.url, query, { from });
  for (let page = 1; ; page++) {
    expectValidCard(card);
    rows.push(...rowsOf(card));
    const hasMore = (card.actions ?? []).some((a) => (a as { title?: string }).title === 'More ›');
    if (!hasMore) return rows;
    card = await more(query, page, from);
  }
}

// ---- findings --------------------------------------------------------------------

describe('findings', () => {
  it('counts every open finding and shows the most urgent first', async () => {
    const card = await ask(vigil.url, 'findings');
    expectValidCard(card);
    const text = cardText(card);
    const open = snapshot.findings.filter(isOpen);
    expect(open.length).toBeGreaterThan(50);
    expect(text).toContain(`${open.length} open findings`);
    expect(text).toContain(`Showing 1–8 of ${open.length}`);
    expect(text).toContain('as of 10:42 UTC');

    const expected = urgencyOrder(openFindings());
    const rows = rowsOf(card);
    expect(rows).toHaveLength(8);
    expect(rows.map(rowLabel)).toEqual(expected.slice(0, 8).map((f) => label(f.finding)));
    // Stable demo facts (seed 42): the longest-overdue critical finding heads the list.
    expect(rows[0]?.text).toContain('ais-claims-hub-prod-weu');
    expect(rows[0]?.text).toContain('High · critical');
    expect(rows[0]?.text).toContain('Owner: priya.raman@contoso.com');
    expect(rows[0]?.text).toMatch(/Critical because: High severity/);
    expect(text).toMatch(
      new RegExp(
        `${expected.filter((f) => f.finding.severity === 'High').length}\\nHigh\\n` +
          `${expected.filter((f) => f.finding.severity === 'Medium').length}\\nMedium\\n` +
          `${expected.filter((f) => f.finding.severity === 'Low').length}\\nLow\\n` +
          `${expected.filter((f) => f.critical).length}\\ncritical`,
      ),
    );
  });

  it('shows owner, age, SLA countdown, ETA and a Defender link on each finding', async () => {
    const card = await ask(vigil.url, 'findings oai-claims-prod-weu');
    expectValidCard(card);
    const mine = urgencyOrder(openFindings().filter((f) => f.finding.resourceName === 'oai-claims-prod-weu'));
    expect(mine.length).toBeGreaterThan(0);
    const rows = rowsOf(card);
    expect(rows.map(rowLabel)).toEqual(mine.map((f) => label(f.finding)));
    const first = mine[0]!;
    expect(rows[0]?.text).toContain(`SLA: ${countdown(TEST_NOW, first.dueAt!)}`);
    expect(rows[0]?.text).toContain(first.owner ? `Owner: ${first.owner.id}` : 'No owner');
    expect(rows[0]?.text).toMatch(/detected \d+ d( \d+ h)? ago/);
    const withEta = mine.findIndex((f) => f.finding.governance?.eta);
    if (withEta >= 0) expect(rows[withEta]?.text).toContain("Owner's ETA:");
    const links = JSON.stringify(card.body);
    expect(links).toContain('"type":"Action.OpenUrl"');
    expect(links).toContain(JSON.stringify(first.finding.portalUri));
  });

  it('filters by severity, "critical" and zone', async () => {
    const high = await ask(vigil.url, 'findings high');
    expectValidCard(high);
    const expectedHigh = openFindings().filter((f) => f.finding.severity === 'High');
    expect(cardText(high)).toContain(`High · ${expectedHigh.length} open findings`);
    const highRows = rowsOf(high);
    expect(highRows.length).toBe(Math.min(8, expectedHigh.length));
    for (const row of highRows) expect(row.lines).toContain('High · critical');

    const critical = await ask(vigil.url, 'critical findings');
    expect(cardText(critical)).toContain(`critical · ${openFindings().filter((f) => f.critical).length} open findings`);

    for (const zone of [1, 2, 3] as const) {
      const card = await ask(vigil.url, `findings zone ${zone}`);
      expectValidCard(card);
      const expected = openFindings().filter((f) => f.zone === zone);
      expect(cardText(card)).toContain(`zone ${zone} · ${expected.length} open finding`);
      const rows = rowsOf(card);
      expect(rows).toHaveLength(Math.min(8, expected.length));
      for (const row of rows) expect(row.text).toContain(` · zone ${zone} · `);
      if (expected.length === 0) expect(cardText(card)).toContain(`No open findings match zone ${zone}`);
    }
  });

  it('pages with "More" (Action.Execute vigil.page) in question order', async () => {
    const first = await ask(vigil.url, 'findings');
    const moreButton = (first.actions ?? []).find((a) => (a as { title?: string }).title === 'More ›') as
      | { verb: string; data: { query: string; page: number } }
      | undefined;
    expect(moreButton).toEqual(expect.objectContaining({ verb: 'vigil.page', data: { query: 'findings', page: 1 } }));

    const second = await more('findings', 1);
    expectValidCard(second);
    const expected = urgencyOrder(openFindings());
    expect(cardText(second)).toContain(`Showing 9–16 of ${expected.length}`);
    expect(rowsOf(second).map(rowLabel)).toEqual(expected.slice(8, 16).map((f) => label(f.finding)));
    expect(cardText(second)).toContain('‹ Previous');

    // A page past the end (the list shrank since the card was sent) shows the last page.
    const beyond = await more('findings', 999);
    expect(cardText(beyond)).toContain(`of ${expected.length}`);
    expect(rowsOf(beyond).length).toBeGreaterThan(0);
  });

  it('answers an @mention in a channel, and says which words it ignored', async () => {
    const card = await ask(vigil.url, 'Findings HIGH, zone 2 frobnicate!', { where: 'channel', mention: true });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain('Open findings');
    expect(text).toContain('zone 2 · High · ');
    expect(text).toContain('I ignored: frobnicate');
  });

  it('tells the person to wait before the first discovery has finished', async () => {
    const ctx = { ...(await contextFor('findings')), estate: null, vocabulary: null };
    expect((await findingsCommand.handle(ctx)).text).toMatch(/still discovering/);
    expect((await attackPathsCommand.handle(ctx)).text).toMatch(/still discovering/);
  });

  it('matches a card snapshot', async () => {
    expect(await ask(vigil.url, 'findings')).toMatchSnapshot();
  });
});

async function contextFor(text: string): Promise<CommandContext> {
  return {
    text,
    args: '',
    asker: { id: someone.id, objectId: someone.aadObjectId, upn: null, name: someone.name, roles: [], timeZone: null },
    where: { conversationId: 'a:personal', type: 'personal', tenantId: null, teamId: null, channelId: null },
    now: TEST_NOW,
    config: vigil.config,
    store: vigil.store,
    estate: null,
    vocabulary: null,
    page: 0,
    asOf: '',
    refresh: null,
    jobs: null,
  };
}

// ---- overdue / due soon -------------------------------------------------------------

describe('overdue and due soon', () => {
  const status = (f: EstateFinding, now: Date) => estate.slaStatus(f, now);

  it('lists findings past their SLA grouped by owner, "no owner" first', async () => {
    const card = await ask(vigil.url, 'overdue');
    expectValidCard(card);
    const overdue = openFindings().filter((f) => status(f, TEST_NOW) === 'overdue');
    const unowned = overdue.filter((f) => !f.owner);
    expect(unowned.length).toBeGreaterThan(0);
    const text = cardText(card);
    expect(text).toContain(`${overdue.length} findings past their zone's SLA`);
    const rows = rowsOf(card);
    expect(rows[0]?.lines[0]).toMatch(new RegExp(`^No owner · ${unowned.length} findings overdue`));
    for (const row of rows) expect(row.text).toContain('SLA: overdue by ');
    // Every owner with something overdue is counted in the header.
    const owners = new Map<string, number>();
    for (const f of overdue) if (f.owner) owners.set(f.owner.id, (owners.get(f.owner.id) ?? 0) + 1);
    const facts = (card.body as { type: string; facts?: { title: string; value: string }[] }[]).find(
      (el) => el.type === 'FactSet',
    )?.facts;
    expect(facts?.[0]?.title).toBe('No owner');
    for (const fact of facts?.slice(1) ?? [])
      expect(fact.value).toMatch(new RegExp(`^${owners.get(fact.title)}( \\(\\d+ critical\\))?$`));
  });

  it('answers the other ways of asking', async () => {
    for (const q of ['late', 'what is overdue?', 'past due', 'breached', 'sla', 'show me overdue findings']) {
      expect(cardText(await ask(vigil.url, q))).toContain('Overdue findings by owner');
    }
    for (const q of ['due this week', 'upcoming', 'expiring', "what's due soon"]) {
      expect(cardText(await ask(vigil.url, q))).toContain('Findings due soon, by owner');
    }
  });

  it('lists exactly the findings in their due-soon window', async () => {
    const card = await ask(vigil.url, 'due soon');
    expectValidCard(card);
    const dueSoon = openFindings().filter((f) => status(f, TEST_NOW) === 'due-soon');
    expect(dueSoon.length).toBeGreaterThan(0);
    const rows = await allRows('due soon');
    expect(rows.map(rowLabel).sort()).toEqual(dueSoon.map((f) => label(f.finding)).sort());
    for (const row of rows) expect(row.text).toMatch(/SLA: .* left · due /);
  });

  it('moves a finding to overdue when its clock runs out', async () => {
    const next = urgencyOrder(openFindings().filter((f) => f.dueAt && status(f, TEST_NOW) !== 'overdue'))[0]!;
    const name = next.finding.resourceName;
    const before = cardText(await ask(vigil.url, `overdue ${name}`));
    expect(before).not.toContain(next.finding.displayName);
    vigil.setNow(new Date(next.dueAt!.getTime() + 3 * 3_600_000));
    try {
      const card = await ask(vigil.url, `overdue ${name}`);
      expectValidCard(card);
      const row = rowsOf(card).find((r) => rowLabel(r) === label(next.finding));
      expect(row?.text).toContain('SLA: overdue by 3 h');
      expect(cardText(card)).toContain(`${next.owner?.id ?? 'No owner'} · `);
    } finally {
      vigil.setNow(TEST_NOW);
    }
  });

  it('matches a card snapshot', async () => {
    expect(await ask(vigil.url, 'overdue')).toMatchSnapshot();
  });
});

// ---- my findings -------------------------------------------------------------------

describe('my findings', () => {
  function expectedFor(upn: string): string[] {
    const byId = new Map(snapshot.resources.map((r) => [r.id, r]));
    return snapshot.findings
      .filter(isOpen)
      .filter((f) => {
        const assigned = f.governance?.owner?.toLowerCase();
        const tagged = tagOwner(byId.get(f.resourceId)?.tags ?? {});
        return assigned === upn || tagged === upn;
      })
      .map(label)
      .sort();
  }

  it("lists exactly what a demo owner owns, by assignment or by the resource's owner tag", async () => {
    const owner = teamsUser(vigil, 'owner', 0);
    const expected = expectedFor(owner.upn);
    expect(expected.length).toBeGreaterThan(8); // enough to page
    const first = await ask(vigil.url, 'my findings', { from: owner });
    expect(cardText(first)).toContain(`${owner.upn} · ${expected.length} open findings`);
    const rows = await allRows('my findings', owner);
    expect(rows.map(rowLabel).sort()).toEqual(expected);
  });

  it('answers the other ways of asking', async () => {
    const owner = teamsUser(vigil, 'owner', 1);
    const expected = expectedFor(owner.upn).length;
    for (const q of ['mine', 'my stuff', 'assigned to me', 'what do i own', 'My findings!']) {
      expect(cardText(await ask(vigil.url, q, { from: owner }))).toContain(`${expected} open finding`);
    }
  });

  it('says so when the person owns nothing', async () => {
    const soc = teamsUser(vigil, 'soc', 0);
    expect(expectedFor(soc.upn)).toEqual([]);
    const card = await ask(vigil.url, 'my findings', { from: soc });
    expectValidCard(card);
    expect(cardText(card)).toContain("You don't own any open findings");
    expect(rowsOf(card)).toEqual([]);
  });

  it('says it could not match someone it does not know, and suggests whoami', async () => {
    const card = await ask(vigil.url, 'my findings', { from: someone });
    expectValidCard(card);
    const text = cardText(card);
    expect(text).toContain("I couldn't match you to an owner");
    expect(text).toContain('whoami');
  });
});

// ---- attack paths --------------------------------------------------------------------

describe('attack paths', () => {
  const aiIds = () => new Set(snapshot.resources.map((r) => r.id));
  const reaching = () =>
    snapshot.attackPaths
      .filter((p) => p.resourceIds.some((id) => aiIds().has(id)))
      .sort(
        (a, b) =>
          (a.riskLevel ? RISK[a.riskLevel] : 4) - (b.riskLevel ? RISK[b.riskLevel] : 4) ||
          a.displayName.localeCompare(b.displayName, 'en') ||
          (a.id < b.id ? -1 : 1),
      );
  const routeOf = (p: AttackPath) => `**${p.entryPoint}** → **${p.target}**`;

  it('lists the paths that reach AI resources, highest risk first, with entry point → target and steps', async () => {
    const expected = reaching();
    expect(expected.length).toBeGreaterThan(5);
    const card = await ask(vigil.url, 'attack paths');
    expectValidCard(card);
    expect(cardText(card)).toContain(`${expected.length} attack paths reach AI resources`);
    const rows = rowsOf(card, 'path-');
    expect(rows).toHaveLength(5);
    rows.forEach((row, i) => {
      const p = expected[i]!;
      expect(row.lines[0]).toBe(p.displayName);
      expect(row.lines[1]).toBe(`${p.riskLevel} risk`);
      expect(row.text).toContain(routeOf(p));
      expect(row.text).toContain(`1. ${p.steps[0]}`);
      expect(row.text).toMatch(/AI resources: .+ \(zone \d\)/);
    });

    // All of them, through the "More" buttons, in risk order.
    const seen = [...rows];
    for (let page = 1; seen.length < expected.length; page++) {
      const next = await more('attack paths', page);
      expectValidCard(next);
      seen.push(...rowsOf(next, 'path-'));
    }
    expect(seen.map((r) => r.lines[0])).toEqual(expected.map((p) => p.displayName));
    for (const [i, row] of seen.entries()) expect(row.text).toContain(routeOf(expected[i]!));
  });

  it('scopes by zone through the AI resources on the path, and reads "critical" as the risk level', async () => {
    const zoneOf = new Map(estate.resources.map((r) => [r.resource.id as string, r.placement.zone]));
    for (const zone of [1, 2] as const) {
      const expected = reaching().filter((p) => p.resourceIds.some((id) => zoneOf.get(id) === zone));
      const card = await ask(vigil.url, `attack paths zone ${zone}`);
      expectValidCard(card);
      expect(cardText(card)).toContain(`zone ${zone} · ${expected.length} attack path`);
    }
    const critical = reaching().filter((p) => p.riskLevel === 'Critical');
    const card = await ask(vigil.url, 'attack paths critical');
    expect(cardText(card)).toContain(`Critical risk · ${critical.length} attack paths`);
    for (const row of rowsOf(card, 'path-')) expect(row.lines[1]).toBe('Critical risk');
  });

  it('matches a card snapshot', async () => {
    expect(await ask(vigil.url, 'attack paths')).toMatchSnapshot();
  });
});

// ---- cards at scale -------------------------------------------------------------------

describe('cards stay under the Teams size limit on a full page of the worst case', () => {
  const long = (n: number) => 'x'.repeat(n);
  const worst = openFindings;

  it('findings card: 8 long rows, 60 owners, long notes', () => {
    const sample = worst()[0]!;
    const rows = Array.from({ length: 8 }, (_, i) => ({
      finding: {
        ...sample,
        finding: {
          ...sample.finding,
          displayName: long(600),
          resourceName: long(300),
          portalUri: `https://portal.azure.com/#${long(900)}`,
          governance: {
            id: 'g',
            owner: long(300),
            remediationDueDate: null,
            eta: { eta: '2026-12-01T00:00:00Z', justification: long(2000) },
            isGracePeriod: false,
            ticket: null,
          },
        },
        owner: { id: long(300), source: 'governance-assignment' as const },
      },
      criticalReasons: ['High severity', 'Critical risk level', 'on an attack path'],
      group: { owner: long(300), count: 99, critical: 9, continued: i === 0 },
      note: long(200),
    }));
    const card = findingsCard({
      title: 'Overdue findings by owner',
      summary: long(300),
      notes: [long(400)],
      totals: { total: 9999, High: 3333, Medium: 3333, Low: 3333, critical: 999 },
      owners: Array.from({ length: 60 }, (_, i) => ({ owner: `${long(200)}${i}`, count: 100, critical: 5 })),
      groupNoun: 'overdue',
      rows,
      emptyText: '',
      page: { query: 'overdue', page: 3, pageSize: 8, total: 9999 },
      now: TEST_NOW,
      timeZone: 'UTC',
      asOf: '10:42 UTC',
      demo: true,
      followUps: [{ title: 'Due soon', query: 'due soon' }],
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('and 52 more owners');
  });

  it('attack paths card: 5 long paths with many steps', () => {
    const base = reaching()[0]!;
    const view = estate.resources.slice(0, 20);
    const paths = Array.from({ length: 5 }, () => ({
      path: {
        ...base,
        displayName: long(600),
        entryPoint: long(300),
        target: long(300),
        steps: Array.from({ length: 30 }, () => long(500)),
        riskFactors: Array.from({ length: 20 }, () => long(50)),
        remediation: long(3000),
      },
      aiResources: view,
    }));
    const card = attackPathsCard({
      title: 'Attack paths to AI resources',
      summary: long(300),
      notes: [],
      totals: { total: 9999, Critical: 9999, High: 0, Medium: 0, Low: 0, unknown: 0 },
      paths,
      emptyText: '',
      page: { query: 'attack paths', page: 0, pageSize: 5, total: 9999 },
      asOf: '10:42 UTC',
      demo: true,
      followUps: [],
    });
    expectValidCard(card);
    expect(cardText(card)).toContain('… and 22 more steps');
  });

  it('writes dates in the configured time zone, with fixed month names', () => {
    expect(formatDate(new Date('2026-09-26T23:30:00Z'), 'UTC')).toBe('26 Sep 2026');
    expect(formatDate(new Date('2026-09-26T23:30:00Z'), 'Asia/Tokyo')).toBe('27 Sep 2026');
    expect(formatDate(new Date('not a date'), 'UTC')).toBe('unknown date');
  });

  function reaching() {
    const ids = new Set(snapshot.resources.map((r) => r.id));
    return snapshot.attackPaths.filter((p) => p.resourceIds.some((id) => ids.has(id)));
  }
});
