// `npm run playground` end to end, through a real browser: Vigil on the demo tenant and the Microsoft 365
// Agents Playground, driven in headless Chromium as Priya Raman (an owner). She asks who Vigil thinks she is
// and gets an Adaptive Card; the demo's clock runs forward until a critical finding she owns appears, and its
// alert arrives in the team's channel through Vigil's outbox (proactively, to the Playground's connector);
// cards of findings she does not own show no buttons; she clicks Acknowledge and the card updates in place.
// Screenshots of every step go to test-results/playground/.
//
// Needs Chromium (Debian's `chromium` at /usr/bin/chromium, or CHROMIUM_PATH); .ci/run installs it.

import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  ALERTS_CHANNEL,
  defaultDemoTenantId,
  findCastMember,
  PLAYGROUND_CAST,
  renderPlaygroundConfig,
} from '../../cli/playground/people.js';
import { demoClock, type Playground, startPlayground } from '../../cli/playground/start.js';
import { main } from '../../cli/playground.js';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../config/logger.js';
import { conversationId } from '../../store/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'playground');
/** A fixed start makes the demo's story the same on every run. */
const START = new Date('2026-11-23T10:42:00Z');
/** For what the browser or the outbox may take a moment over; expect.poll's default is one second. */
const WAIT = { timeout: 20_000 };

describe('npm run playground', () => {
  it('has .m365agentsplayground.yml rendered from the cast in cli/playground/people.ts', () => {
    const committed = readFileSync(join(process.cwd(), '.m365agentsplayground.yml'), 'utf8');
    // On a mismatch: `npm run playground -- --write-config`, and review the diff.
    expect(committed).toBe(renderPlaygroundConfig({ tenantId: defaultDemoTenantId() }));
    for (const person of PLAYGROUND_CAST) {
      expect(committed).toContain(`aadObjectId: "${person.objectId}"`);
      expect(committed).toContain(`id: "29:${person.objectId}"`);
    }
  });

  it('refuses a person outside the cast, and Bot Framework authentication (the Playground sends no token)', async () => {
    const err: string[] = [];
    const sink = { write: (s: string) => err.push(s) };
    expect(await main(['--as', 'grace.okafor'], {}, sink, sink)).toBe(2);
    expect(err.join('')).toContain('dana.ortiz, priya.raman');
    await expect(
      startPlayground({
        config: loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' }),
        logger: createLogger('silent'),
        workDir: tmpdir(),
      }),
    ).rejects.toThrow(/unset MicrosoftAppId/);
  });
});

describe('the Agents Playground in headless Chromium', () => {
  const priya = findCastMember('priya.raman')!;
  let workDir: string;
  let playground: Playground;
  let browser: Browser;
  let page: Page;
  let failed = false;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not at ${CHROMIUM}: install it (apt-get install -y --no-install-recommends chromium, as .ci/run does) or set CHROMIUM_PATH.`,
      );
    }
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'vigil-playground-test-'));
    playground = await startPlayground({
      config: loadConfig({ VIGIL_DB: join(workDir, 'vigil.db') }),
      // Vigil's log stays with the run's other files, for when this fails.
      logger: createLogger('debug', createWriteStream(join(workDir, 'vigil.log'))),
      workDir,
      me: priya,
      clock: demoClock(START),
      botPort: 0,
      playgroundPort: 0,
      schedule: false,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(WAIT.timeout);
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    // Kept when something failed: Vigil's and the Playground's logs are there.
    if (workDir && !failed) rmSync(workDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  /** The rendered Adaptive Card of finding #id (its badge says "… finding #id"; text content runs on unspaced). */
  const findingCard = (id: number) =>
    page.locator('.ac-adaptiveCard', { hasText: new RegExp(`finding #${id}(?!\\d)`) });

  it('answers, alerts the channel, and updates the card when the owner acknowledges', async () => {
    const { vigil } = playground;
    onTestFailed(async () => {
      failed = true;
      await shot('failure');
      writeFileSync(join(SHOTS, 'failure.html'), await page.content());
      console.error(`The run's files (Vigil's and the Playground's logs, its configuration): ${workDir}`);
    });
    await page.goto(playground.url);

    // Ask a question in the personal chat: the answer is a card, and Vigil knows Priya as the owner she is.
    await page.getByText('Personal Chat', { exact: true }).first().click();
    await page.locator('[data-lexical-editor="true"]').first().click();
    await page.keyboard.type('whoami');
    await page.keyboard.press('Enter');
    const whoami = page.locator('.ac-adaptiveCard', { hasText: 'How Vigil knows you' });
    await whoami.waitFor();
    const known = await whoami.innerText();
    expect(known).toContain(priya.upn);
    expect(known).toMatch(/Resources you own \([1-9]\d*\)/);
    await shot('01-whoami-in-personal-chat');

    // Open the alerts channel: the Playground tells Vigil it is installed there, and Vigil keeps the reference.
    await page.getByText(ALERTS_CHANNEL.name, { exact: true }).first().click();
    await expect
      .poll(async () => (await vigil.store.conversations.get(conversationId(ALERTS_CHANNEL.id)))?.type ?? null, WAIT)
      .toBe('channel');
    await shot('02-alerts-channel');

    // The demo's clock runs forward, polling as Vigil does, until a critical finding Priya owns appears.
    const ff = await playground.fastForward({ ownedBy: priya.upn });
    expect(ff, 'a critical finding for Priya within 72 demo hours').not.toBeNull();
    const mine = ff!.findings[0]!;
    await vigil.outbox!.drain();
    await playground.relay.idle();

    // Her alert is in the channel with her own view: the buttons an owner may use.
    const card = findingCard(mine.id);
    await card.getByRole('button', { name: 'Acknowledge' }).waitFor();
    const text = await card.innerText();
    expect(text).toContain(mine.displayName);
    expect(text).toContain(mine.resourceName);
    expect(text).toContain(priya.upn);
    await card.scrollIntoViewIfNeeded();
    await shot('03-alert-owner-view');

    // Someone else's finding: Priya may not act on it, so her view of it shows the state and no buttons.
    const other = ff!.passed.find((f) => f.owner !== null && f.owner.toLowerCase() !== priya.upn);
    expect(other, 'the demo alerts someone else’s critical finding before Priya’s').toBeDefined();
    const theirs = findingCard(other!.id);
    await theirs.waitFor();
    expect(await theirs.innerText()).toContain(other!.owner!);
    expect(await theirs.getByRole('button').allInnerTexts()).not.toContain('Acknowledge');
    await theirs.scrollIntoViewIfNeeded();
    await shot('04-alert-not-hers-no-buttons');

    // Acknowledge: the card says who did it, offers no second Acknowledge, and the store agrees.
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => card.innerText(), WAIT).toContain('Acknowledged by Priya Raman');
    await vigil.outbox!.drain();
    await playground.relay.idle();
    await expect.poll(() => card.getByRole('button', { name: 'Acknowledge' }).count(), WAIT).toBe(0);
    expect(await card.innerText()).toContain('Acknowledged by Priya Raman');
    await card.scrollIntoViewIfNeeded();
    await shot('05-acknowledged');

    expect((await vigil.store.findings.get(mine.id))?.state).toBe('acknowledged');
    const history = await vigil.store.audit.history(String(mine.id));
    expect(history.map((h) => h.action)).toContain('finding.ack');
  }, 120_000);
});
