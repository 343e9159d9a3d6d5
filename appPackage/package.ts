// `npm run package`: appPackage/manifest.json with the bot id and domain taken from the environment, checked
// against the official manifest schema that ships in @microsoft/app-manifest (offline, never fetched) and
// against Teams' own limits, then zipped with both icons into appPackage/build/vigil.zip. Nothing is written
// unless every check passes. The manifest keeps the Agents Toolkit's `${{NAME}}` placeholders, so
// m365agents.yml fills the same file.

import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';

type Env = Record<string, string | undefined>;

export class PackageError extends Error {
  readonly code = 'PACKAGE_INVALID';
  constructor(readonly problems: string[]) {
    super(`Cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS host name with at least two labels: what Teams needs in botId's domain and validDomains. */
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Files at the root of the zip, as the manifest names them. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;
export const PACKAGE_NAME = 'vigil.zip';

/**
 * Limits Teams clients document for bot command lists, stricter than schema 1.24+ (which allows 12 commands,
 * 128-character titles): the client shows at most 10 commands per scope and cuts longer text.
 */
export const TEAMS_LIMITS = { commandsPerList: 10, titleLength: 32, descriptionLength: 128 } as const;
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** The values the manifest's placeholders take. */
export type PackageValues = {
  TEAMS_APP_ID: string;
  BOT_ID: string;
  BOT_DOMAIN: string;
};

/**
 * Read the bot id (`MicrosoftAppId`, as Vigil's own configuration names it, or the Agents Toolkit's `BOT_ID`),
 * the bot's host name (`BOT_DOMAIN`) and optionally the Teams app id (`TEAMS_APP_ID`, default: the bot id).
 * Throws PackageError naming every variable that is missing or wrong.
 */
export function valuesFromEnv(env: Env): PackageValues {
  const problems: string[] = [];
  const appId = nonEmpty(env.MicrosoftAppId);
  const botIdVar = nonEmpty(env.BOT_ID);
  let botId = appId ?? botIdVar;
  if (appId && botIdVar && appId.toLowerCase() !== botIdVar.toLowerCase()) {
    problems.push(`MicrosoftAppId and BOT_ID differ (${appId} vs ${botIdVar}): set one, or the same id in both`);
  } else if (botId === undefined) {
    problems.push(
      "MicrosoftAppId: required — the Azure Bot's Microsoft App ID (a GUID; the Agents Toolkit's BOT_ID is accepted too)",
    );
  } else if (!GUID.test(botId)) {
    problems.push(
      `${appId ? 'MicrosoftAppId' : 'BOT_ID'}: expected the bot's app id as a GUID (got ${JSON.stringify(botId)})`,
    );
    botId = undefined;
  }

  const domain = nonEmpty(env.BOT_DOMAIN);
  if (domain === undefined) {
    problems.push('BOT_DOMAIN: required — the host name Teams reaches the bot on, e.g. vigil.example.com');
  } else {
    const wrong = domainProblem(domain);
    if (wrong) problems.push(`BOT_DOMAIN: ${wrong} (got ${JSON.stringify(domain)})`);
  }

  const teamsAppId = nonEmpty(env.TEAMS_APP_ID);
  if (teamsAppId !== undefined && !GUID.test(teamsAppId)) {
    problems.push(`TEAMS_APP_ID: expected the Teams app id as a GUID (got ${JSON.stringify(teamsAppId)})`);
  }

  if (problems.length > 0) throw new PackageError(problems);
  const id = (botId as string).toLowerCase();
  return { TEAMS_APP_ID: (teamsAppId ?? id).toLowerCase(), BOT_ID: id, BOT_DOMAIN: (domain as string).toLowerCase() };
}

function domainProblem(domain: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) return 'expected a host name without a scheme: drop "https://"';
  if (/[/?#]/.test(domain)) return 'expected a host name without a path: drop everything from the first "/"';
  if (domain.includes(':')) return 'expected a host name without a port: Teams reaches bots on 443';
  if (domain.startsWith('*')) return "expected the bot's own host name, not a wildcard";
  if (!HOST.test(domain)) return 'expected a public host name such as vigil.example.com';
  return null;
}

/** Replace every `${{NAME}}` in the manifest text; an unknown or empty name is an error that names it. */
export function fillManifest(template: string, values: Readonly<Record<string, string>>): unknown {
  const problems = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      problems.add(`manifest.json uses ${whole}, which npm run package does not fill`);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (problems.size > 0) throw new PackageError([...problems]);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PackageError([`manifest.json is not valid JSON (${(err as Error).message})`]);
  }
}

/** The names of the placeholders a manifest template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Where @microsoft/app-manifest keeps the schema of a manifest version, e.g. `1.29`. */
export function schemaPath(manifestVersion: string): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(root, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Load the official schema for the manifest's version from the installed package; never from the network. */
export function loadSchema(manifestVersion: string): object {
  const path = schemaPath(manifestVersion);
  if (!existsSync(path)) {
    throw new PackageError([
      `manifestVersion ${manifestVersion}: @microsoft/app-manifest has no schema for it (looked for ${path})`,
    ]);
  }
  // The published schemas carry regex escapes (\a, \v) that JSON does not allow; the package cleans them the same way.
  const text = readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as object;
}

interface CommandList {
  scopes?: unknown;
  commands?: { title?: unknown; description?: unknown }[];
}

/** Schema errors and Teams limit breaches of a filled manifest; empty when it is good. */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (typeof manifest !== 'object' || manifest === null) return ['manifest.json: expected a JSON object'];
  const m = manifest as { manifestVersion?: unknown; bots?: { commandLists?: CommandList[] }[] };
  if (typeof m.manifestVersion !== 'string') return ['manifest.json: manifestVersion is missing'];
  const schema = loadSchema(m.manifestVersion);
  const problems = (
    await AppManifestUtils.validateAgainstSchema(
      manifest as AppManifest,
      schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
    )
  ).map((e) => `manifest.json${e.startsWith('/') ? '' : ' '}${e}`);

  for (const [b, bot] of (m.bots ?? []).entries()) {
    for (const [l, list] of (bot.commandLists ?? []).entries()) {
      const at = `manifest.json /bots/${b}/commandLists/${l}`;
      const commands = list.commands ?? [];
      if (commands.length > TEAMS_LIMITS.commandsPerList) {
        problems.push(`${at}: ${commands.length} commands; Teams shows at most ${TEAMS_LIMITS.commandsPerList}`);
      }
      for (const [c, command] of commands.entries()) {
        const title = String(command.title ?? '');
        const description = String(command.description ?? '');
        if (title.length > TEAMS_LIMITS.titleLength) {
          problems.push(`${at}/commands/${c}: title "${title}" is longer than ${TEAMS_LIMITS.titleLength} characters`);
        }
        if (description.length > TEAMS_LIMITS.descriptionLength) {
          problems.push(
            `${at}/commands/${c}: description of "${title}" is longer than ${TEAMS_LIMITS.descriptionLength} characters`,
          );
        }
      }
    }
  }
  return problems;
}

/** Problems with the icons: sizes, and an outline that is white on transparent and nothing else. */
export function checkIcons(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const c = readPng('color.png', color, problems);
  if (c && (c.width !== ICON_SIZES.color || c.height !== ICON_SIZES.color)) {
    problems.push(`color.png: expected ${ICON_SIZES.color}×${ICON_SIZES.color} pixels (got ${c.width}×${c.height})`);
  }
  const o = readPng('outline.png', outline, problems);
  if (o) {
    if (o.width !== ICON_SIZES.outline || o.height !== ICON_SIZES.outline) {
      problems.push(
        `outline.png: expected ${ICON_SIZES.outline}×${ICON_SIZES.outline} pixels (got ${o.width}×${o.height})`,
      );
    }
    const { transparent, white, other } = outlinePixels(o);
    if (other > 0) problems.push(`outline.png: ${other} visible pixels are not white; the outline must be white only`);
    if (transparent === 0) problems.push('outline.png: expected a transparent background');
    if (white === 0) problems.push('outline.png: nothing is drawn');
  }
  return problems;
}

/** Counts of an outline icon's pixels: fully transparent, visible white, visible anything else. */
export function outlinePixels(png: PNG): { transparent: number; white: number; other: number } {
  let transparent = 0;
  let white = 0;
  let other = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
    if (a === 0) transparent++;
    else if (r === 255 && g === 255 && b === 255) white++;
    else other++;
  }
  return { transparent, white, other };
}

function readPng(name: string, data: Buffer, problems: string[]): PNG | null {
  try {
    return PNG.sync.read(data);
  } catch (err) {
    problems.push(`${name}: not a readable PNG (${(err as Error).message})`);
    return null;
  }
}

export interface BuildOptions {
  env: Env;
  /** Folder holding manifest.json and the icons (default: this project's appPackage/). */
  sourceDir?: string;
  /** Where to write the zip (default: <sourceDir>/build/vigil.zip). */
  outFile?: string;
}

export interface BuildResult {
  file: string;
  manifest: Record<string, unknown>;
  values: PackageValues;
}

/** Fill, validate and zip. Throws PackageError (and writes nothing) when anything is wrong. */
export async function buildPackage(options: BuildOptions): Promise<BuildResult> {
  const sourceDir = options.sourceDir ?? defaultSourceDir();
  const outFile = options.outFile ?? join(sourceDir, 'build', PACKAGE_NAME);
  const values = valuesFromEnv(options.env);

  const template = readFileSync(join(sourceDir, 'manifest.json'), 'utf8');
  const manifest = fillManifest(template, values) as Record<string, unknown>;
  const problems = await validateManifest(manifest);

  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  if (icons?.color !== 'color.png' || icons?.outline !== 'outline.png') {
    problems.push('manifest.json: icons must be "color.png" and "outline.png" at the package root');
  }
  const color = readFileSync(join(sourceDir, 'color.png'));
  const outline = readFileSync(join(sourceDir, 'outline.png'));
  problems.push(...checkIcons(color, outline));
  if (problems.length > 0) throw new PackageError(problems);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  zip.addFile('color.png', color);
  zip.addFile('outline.png', outline);
  mkdirSync(dirname(outFile), { recursive: true });
  zip.writeZip(outFile);
  return { file: outFile, manifest, values };
}

/** This project's appPackage/, found from this file whether it runs from source or from dist/. */
function defaultSourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new PackageError(['cannot find the project root (no package.json above this script)']);
    dir = parent;
  }
  return join(dir, 'appPackage');
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

interface Out {
  write(text: string): unknown;
}

/** The command line: exit code 0 with the zip's path, or 1 with every problem named. */
export async function main(env: Env, stdout: Out, stderr: Out, options: Omit<BuildOptions, 'env'> = {}) {
  try {
    const { file, values } = await buildPackage({ ...options, env });
    const shown = relative(process.cwd(), file) || file;
    stdout.write(`Wrote ${shown} (bot ${values.BOT_ID}, domain ${values.BOT_DOMAIN}, app ${values.TEAMS_APP_ID})\n`);
    stdout.write('Upload it in Teams: Apps → Manage your apps → Upload an app (see README "Install in Teams").\n');
    return 0;
  } catch (err) {
    if (err instanceof PackageError) {
      stderr.write(`${err.message}\nNothing was written.\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && realpathSync(resolve(process.argv[1])) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.env, process.stdout, process.stderr);
}
