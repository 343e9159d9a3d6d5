// The Teams app package: the manifest against the official schema from @microsoft/app-manifest (offline), the
// icons' sizes and transparency, command lists that name questions Vigil really answers, and `npm run package`
// (the zip's content, and clear failures that name the missing or wrong variable).

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  buildPackage,
  checkIcons,
  fillManifest,
  ICON_SIZES,
  main,
  outlinePixels,
  PACKAGE_FILES,
  PackageError,
  placeholdersOf,
  schemaPath,
  TEAMS_LIMITS,
  validateManifest,
  valuesFromEnv,
} from '../appPackage/package.js';
import { allCommands } from '../bot/commands/index.js';
import { normalizeInput } from '../posture/text.js';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'appPackage');
const TEMPLATE = readFileSync(join(SOURCE, 'manifest.json'), 'utf8');
const BOT_ID = '0b6f1c2e-9a4d-4e8b-8f21-3c5d7e9a1b24';
const DOMAIN = 'vigil-app.kindcoast-1a2b3c4d.westeurope.azurecontainerapps.io';
const ENV = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: DOMAIN };

interface Manifest {
  manifestVersion: string;
  version: string;
  id: string;
  name: { short: string; full?: string };
  description: { short: string; full: string };
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  validDomains: string[];
  icons: { color: string; outline: string };
}

const filled = () => fillManifest(TEMPLATE, valuesFromEnv(ENV)) as Manifest;
const tmp = () => mkdtempSync(join(tmpdir(), 'vigil-package-'));

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]) {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(pixel(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(image);
}

describe('manifest', () => {
  it('is on the newest 1.2x schema that @microsoft/app-manifest ships', () => {
    const require = createRequire(import.meta.url);
    const teams = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');
    const versions = readdirSync(teams)
      .map((d) => /^v1\.(2\d)$/.exec(d)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number);
    const newest = `1.${Math.max(...versions)}`;
    const manifest = JSON.parse(TEMPLATE) as Manifest & { $schema: string };
    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
    expect(existsSync(schemaPath(manifest.manifestVersion))).toBe(true);
  });

  it('uses only the placeholders the package script and the Agents Toolkit fill', () => {
    expect(placeholdersOf(TEMPLATE).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    const manifest = filled();
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });

  it('validates against the official schema, and within Teams limits, once filled', async () => {
    expect(await validateManifest(filled())).toEqual([]);
  });

  it('carries its version from package.json and explains Vigil', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const manifest = filled();
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.name.short).toBe('Vigil');
    expect(manifest.description.short).toMatch(/Defender for Cloud/);
    for (const words of ['Defender for Cloud', 'Adaptive Card', 'acknowledge', 'audited', 'read-only']) {
      expect(manifest.description.full).toContain(words);
    }
  });

  it('the schema check bites: a broken manifest is reported with the field', async () => {
    const manifest = filled() as unknown as Record<string, unknown> & Manifest;
    const broken = { ...manifest, developer: undefined, accentColor: 'navy' };
    const problems = await validateManifest(JSON.parse(JSON.stringify(broken)));
    expect(problems.join('\n')).toMatch(/developer/);
    expect(problems.join('\n')).toMatch(/accentColor/);

    const tooMany = structuredClone(manifest);
    const list = tooMany.bots[0]?.commandLists[0];
    list?.commands.push({ title: 'whoami', description: 'x' }, { title: 'a'.repeat(33), description: 'y' });
    const limits = await validateManifest(tooMany);
    expect(limits.join('\n')).toContain(`Teams shows at most ${TEAMS_LIMITS.commandsPerList}`);
    expect(limits.join('\n')).toContain(`longer than ${TEAMS_LIMITS.titleLength} characters`);
  });
});

describe('bot and command lists', () => {
  const bot = () => filled().bots[0]!;

  it('is one conversational bot in personal chats, teams and group chats', () => {
    const manifest = filled();
    expect(manifest.bots).toHaveLength(1);
    expect([...bot().scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('has one command list per scope', () => {
    const scopes = bot().commandLists.map((l) => l.scopes);
    expect(scopes.every((s) => s.length === 1)).toBe(true);
    expect(scopes.flat().sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('names only questions Vigil answers: each title, typed as is, reaches the command of that name', () => {
    const commands = allCommands();
    for (const list of bot().commandLists) {
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size, `duplicate titles in ${list.scopes}`).toBe(titles.length);
      for (const { title, description } of list.commands) {
        const text = normalizeInput(`<at>Vigil</at> ${title}`);
        const reached = commands.find((c) => c.match(text) !== null);
        expect(reached?.name, `"${title}" in ${list.scopes}`).toBe(title);
        expect(title.length).toBeLessThanOrEqual(TEAMS_LIMITS.titleLength);
        expect(description.length).toBeGreaterThan(0);
        expect(description.length).toBeLessThanOrEqual(TEAMS_LIMITS.descriptionLength);
      }
      expect(list.commands.length).toBeLessThanOrEqual(TEAMS_LIMITS.commandsPerList);
    }
  });

  it('offers channel routing only where it works (channels), and "my findings" where a person asks', () => {
    const byScope = Object.fromEntries(bot().commandLists.map((l) => [l.scopes[0], l.commands.map((c) => c.title)]));
    expect(byScope.team).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe', 'subscriptions']));
    expect(byScope.personal).not.toContain('subscribe');
    expect(byScope.groupChat).not.toContain('subscribe');
    expect(byScope.personal).toContain('my findings');
    for (const titles of Object.values(byScope)) expect(titles).toContain('help');
  });
});

describe('icons', () => {
  const color = PNG.sync.read(readFileSync(join(SOURCE, 'color.png')));
  const outline = PNG.sync.read(readFileSync(join(SOURCE, 'outline.png')));

  it('colour icon is 192×192 and fully drawn', () => {
    expect([color.width, color.height]).toEqual([ICON_SIZES.color, ICON_SIZES.color]);
    let translucent = 0;
    for (let i = 3; i < color.data.length; i += 4) if (color.data[i] !== 255) translucent++;
    expect(translucent).toBe(0);
  });

  it('outline icon is 32×32, white on a transparent background, nothing else', () => {
    expect([outline.width, outline.height]).toEqual([ICON_SIZES.outline, ICON_SIZES.outline]);
    const { transparent, white, other } = outlinePixels(outline);
    expect(other).toBe(0);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(white).toBeGreaterThan(32);
    // The corners are background.
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const) {
      expect(outline.data[(y * 32 + x) * 4 + 3]).toBe(0);
    }
  });

  it('the package check rejects wrong sizes, a coloured or opaque outline', () => {
    const good = readFileSync(join(SOURCE, 'outline.png'));
    const colorIcon = readFileSync(join(SOURCE, 'color.png'));
    expect(checkIcons(colorIcon, good)).toEqual([]);
    expect(checkIcons(good, good).join('\n')).toContain('color.png: expected 192×192 pixels (got 32×32)');
    const blue = png(32, 32, (x) => (x < 16 ? [0, 0, 0, 0] : [0, 120, 212, 255]));
    expect(checkIcons(colorIcon, blue).join('\n')).toMatch(/outline\.png: 512 visible pixels are not white/);
    const opaque = png(32, 32, () => [255, 255, 255, 255]);
    expect(checkIcons(colorIcon, opaque).join('\n')).toContain('outline.png: expected a transparent background');
    expect(checkIcons(colorIcon, Buffer.from('not a png')).join('\n')).toMatch(/outline\.png: not a readable PNG/);
  });
});

describe('npm run package', () => {
  it('writes manifest.json and both icons at the root of the zip, with the id and domain filled in', async () => {
    const outFile = join(tmp(), 'vigil.zip');
    const { file } = await buildPackage({ env: ENV, sourceDir: SOURCE, outFile });
    expect(file).toBe(outFile);
    const zip = new AdmZip(outFile);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual([...PACKAGE_FILES].sort());
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Manifest;
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
    expect(zip.readAsText('manifest.json')).not.toContain('${{');
    expect(await validateManifest(manifest)).toEqual([]);
    expect(zip.readFile('color.png')?.equals(readFileSync(join(SOURCE, 'color.png')))).toBe(true);
    expect(zip.readFile('outline.png')?.equals(readFileSync(join(SOURCE, 'outline.png')))).toBe(true);
  });

  it('writes appPackage/build/vigil.zip by default', async () => {
    const { file } = await buildPackage({ env: ENV });
    expect(file).toBe(join(SOURCE, 'build', 'vigil.zip'));
    expect(existsSync(file)).toBe(true);
  });

  it('fails with a message naming each missing variable, and writes nothing', async () => {
    const outFile = join(tmp(), 'vigil.zip');
    let stdout = '';
    let stderr = '';
    const code = await main(
      {},
      { write: (s: string) => (stdout += s) },
      { write: (s: string) => (stderr += s) },
      { sourceDir: SOURCE, outFile },
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/MicrosoftAppId: required/);
    expect(stderr).toMatch(/BOT_DOMAIN: required/);
    expect(stderr).toContain('Nothing was written');
    expect(existsSync(outFile)).toBe(false);

    stderr = '';
    expect(
      await main({ BOT_ID: BOT_ID }, { write: () => 0 }, { write: (s: string) => (stderr += s) }, { outFile }),
    ).toBe(1);
    expect(stderr).toMatch(/BOT_DOMAIN: required/);
    expect(stderr).not.toMatch(/MicrosoftAppId/);
    expect(existsSync(outFile)).toBe(false);
  });

  it('prints where it wrote the package', async () => {
    const outFile = join(tmp(), 'vigil.zip');
    let stdout = '';
    expect(await main(ENV, { write: (s: string) => (stdout += s) }, { write: () => 0 }, { outFile })).toBe(0);
    expect(stdout).toContain('vigil.zip');
    expect(stdout).toContain(BOT_ID);
  });

  it('takes the bot id from MicrosoftAppId or BOT_ID, and the Teams app id from TEAMS_APP_ID or the bot id', () => {
    expect(valuesFromEnv({ BOT_ID: BOT_ID.toUpperCase(), BOT_DOMAIN: DOMAIN })).toEqual({
      TEAMS_APP_ID: BOT_ID,
      BOT_ID,
      BOT_DOMAIN: DOMAIN,
    });
    const app = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(valuesFromEnv({ ...ENV, BOT_ID, TEAMS_APP_ID: app }).TEAMS_APP_ID).toBe(app);
  });

  it('rejects a bot id that is not a GUID and a domain with a scheme, path or port, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        valuesFromEnv(env);
      } catch (err) {
        if (err instanceof PackageError) return err.problems.join('\n');
        throw err;
      }
      throw new Error('expected a PackageError');
    };
    expect(problems({ MicrosoftAppId: 'vigil-bot', BOT_DOMAIN: DOMAIN })).toMatch(/^MicrosoftAppId: expected .* GUID/);
    expect(problems({ BOT_ID: '1234', BOT_DOMAIN: DOMAIN })).toMatch(/^BOT_ID: expected .* GUID/);
    expect(
      problems({ MicrosoftAppId: BOT_ID, BOT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', BOT_DOMAIN: DOMAIN }),
    ).toMatch(/MicrosoftAppId and BOT_ID differ/);
    expect(problems({ ...ENV, BOT_DOMAIN: `https://${DOMAIN}` })).toMatch(/^BOT_DOMAIN: .*without a scheme/);
    expect(problems({ ...ENV, BOT_DOMAIN: `${DOMAIN}/api/messages` })).toMatch(/^BOT_DOMAIN: .*without a path/);
    expect(problems({ ...ENV, BOT_DOMAIN: `${DOMAIN}:443` })).toMatch(/^BOT_DOMAIN: .*without a port/);
    expect(problems({ ...ENV, BOT_DOMAIN: 'localhost' })).toMatch(/^BOT_DOMAIN: expected a public host name/);
    expect(problems({ ...ENV, TEAMS_APP_ID: 'vigil' })).toMatch(/^TEAMS_APP_ID: expected .* GUID/);
  });

  it('names a placeholder nobody fills instead of shipping it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Agents Toolkit's placeholder syntax, not a template
    expect(() => fillManifest('{"id": "${{SOMETHING_ELSE}}"}', { BOT_ID })).toThrow(
      /manifest\.json uses \$\{\{SOMETHING_ELSE\}\}/,
    );
  });

  it('runs on a clean clone: the script is compiled by the build that `npm ci` runs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(pkg.scripts.package).toBe('npm run build && node dist/appPackage/package.js');
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(build.include).toContain('appPackage');
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('appPackage/build/');
  });
});
