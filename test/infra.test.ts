// What can be checked of the deployment without a Bicep compiler or Docker: every Bicep parameter documented,
// role ids that are exactly the built-in read-only roles, names shared by the manifest, m365agents.yml, the
// Bicep and the Toolkit's env file, app settings that Vigil's configuration really reads, and a Dockerfile that
// runs as non-root, checks /healthz and exposes the configured port.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS, loadConfig } from '../config/load.js';

const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Built-in Azure roles (Microsoft's built-in roles reference): the only ones the templates may assign. */
const BUILT_IN_ROLES: Record<string, string> = {
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '39bc4728-0917-49c7-9d2c-d95423bc2eb4': 'Security Reader',
  '73c42c96-874c-492b-b04d-ab87d138a893': 'Log Analytics Reader',
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': 'AcrPull',
};
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Environment variables the app may be given that Vigil's own configuration does not read. */
const SDK_ENV = { AZURE_CLIENT_ID: 'DefaultAzureCredential picks the user-assigned identity by it' };
const VIGIL_ENV = new Set(ENV_KEYS.map((k) => k.env));

function bicepFiles(dir = join(ROOT, 'infra')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return bicepFiles(path);
    return name.endsWith('.bicep') ? [relative(ROOT, path)] : [];
  });
}

interface Param {
  file: string;
  name: string;
  decorators: string;
}

/** Each `param` with the decorator lines right above it. */
function paramsOf(file: string): Param[] {
  const lines = read(file).split('\n');
  const params: Param[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^param\s+(\w+)\s/.exec(line);
    if (!m) continue;
    const decorators: string[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const above = (lines[j] ?? '').trim();
      // Decorators, and the lines of a multi-line @allowed([...]).
      if (above.startsWith('@') || above.startsWith("'") || above === '])') decorators.unshift(above);
      else break;
    }
    params.push({ file, name: m[1] as string, decorators: decorators.join('\n') });
  }
  return params;
}

/** Rows of the markdown table that follows a heading, as arrays of cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, `heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  let inTable = false;
  for (const line of markdown.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('|')) {
      inTable = true;
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      if (!cells.every((c) => /^-+$/.test(c))) rows.push(cells);
    } else if (inTable) break;
  }
  return rows.slice(1); // without the header
}

const code = (cell: string) => /^`([^`]+)`$/.exec(cell)?.[1] ?? cell;
const placeholders = (text: string) => new Set([...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string));

function envFile(path: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of read(path).split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1] as string, m[2] as string);
  }
  return vars;
}

describe('Bicep parameters', () => {
  const files = bicepFiles();
  const main = paramsOf('infra/main.bicep');

  it('finds the templates', () => {
    expect(files.sort()).toEqual([
      'infra/main.bicep',
      'infra/modules/subscription-reader.bicep',
      'infra/modules/workspace-reader.bicep',
    ]);
    expect(main.length).toBeGreaterThan(10);
  });

  it('every parameter has a @description', () => {
    for (const p of files.flatMap(paramsOf)) {
      expect(p.decorators, `${p.file}: param ${p.name}`).toMatch(/@description\('.+'\)/);
    }
  });

  it("every parameter of main.bicep is in infra/README.md's table, and the table names no other", () => {
    const documented = tableAfter(read('infra/README.md'), '## Parameters').map((row) => code(row[0] ?? ''));
    expect([...documented].sort()).toEqual(main.map((p) => p.name).sort());
  });

  it('the variables the table says a parameter sets are ones Vigil reads', () => {
    for (const row of tableAfter(read('infra/README.md'), '## Parameters')) {
      const sets = code(row[2] ?? '');
      if (sets !== '—') expect(VIGIL_ENV.has(sets), `${row[0]} sets ${sets}`).toBe(true);
    }
  });

  it('the secret is a @secure() parameter', () => {
    const password = main.find((p) => p.name === 'botAppPassword');
    expect(password?.decorators).toContain('@secure()');
  });

  it("main.parameters.json sets only main.bicep's parameters", () => {
    const file = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, unknown> };
    const names = new Set(main.map((p) => p.name));
    for (const name of Object.keys(file.parameters)) expect(names.has(name), name).toBe(true);
  });
});

describe('roles', () => {
  const templates = bicepFiles().map((f) => [f, read(f)] as const);

  it('every role definition id in the templates is a built-in read-only role (or AcrPull for the image)', () => {
    const ids = templates.flatMap(([, text]) => [...text.matchAll(GUID)].map((m) => m[0].toLowerCase()));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(BUILT_IN_ROLES[id], id).toBeDefined();
  });

  it('grants Reader and Security Reader per subscription, Log Analytics Reader per workspace, AcrPull on the registry', () => {
    const byFile = Object.fromEntries(
      templates.map(([f, text]) => [
        f,
        new Set([...text.matchAll(GUID)].map((m) => BUILT_IN_ROLES[m[0].toLowerCase()])),
      ]),
    );
    expect([...(byFile['infra/modules/subscription-reader.bicep'] ?? [])].sort()).toEqual([
      'Reader',
      'Security Reader',
    ]);
    expect([...(byFile['infra/modules/workspace-reader.bicep'] ?? [])]).toEqual(['Log Analytics Reader']);
    expect([...(byFile['infra/main.bicep'] ?? [])]).toEqual(['AcrPull']);
    expect(read('infra/modules/subscription-reader.bicep')).toMatch(/targetScope = 'subscription'/);
    expect(read('infra/main.bicep')).toMatch(/scope: subscription\(sub\)/);
  });

  it('the role comments and the documentation name the same roles by the same ids', () => {
    for (const [, text] of templates) {
      for (const m of text.matchAll(/'([0-9a-f-]{36})'\)? \/\/ (.+)$/gm)) {
        expect(BUILT_IN_ROLES[m[1] as string]).toBe((m[2] as string).trim());
      }
    }
    const documented = tableAfter(read('infra/README.md'), "## Roles Vigil's identity needs");
    expect(documented.map((r) => [r[0], code(r[1] ?? '')])).toEqual(
      Object.entries(BUILT_IN_ROLES).map(([id, name]) => [name, id]),
    );
    // Anywhere the project's README names one of these roles' ids, it is the right one.
    const readme = read('README.md');
    for (const id of readme.match(GUID) ?? []) {
      if (/role/i.test(readme.slice(Math.max(0, readme.indexOf(id) - 200), readme.indexOf(id)))) {
        expect(BUILT_IN_ROLES[id.toLowerCase()], id).toBeDefined();
      }
    }
  });

  it('assigns to the managed identity as a service principal', () => {
    for (const [file, text] of templates) {
      const assignments = text.match(/Microsoft\.Authorization\/roleAssignments@/g) ?? [];
      const typed = text.match(/principalType: 'ServicePrincipal'/g) ?? [];
      expect(typed.length, file).toBe(assignments.length);
    }
  });
});

describe('the app the templates deploy', () => {
  const bicep = read('infra/main.bicep');
  const settings = [...bicep.matchAll(/\{ name: '(\w+)', (?:value|secretRef): /g)].map((m) => m[1] as string);

  it("sets only variables Vigil's configuration reads (config/load.ts ENV_KEYS), plus the SDK's AZURE_CLIENT_ID", () => {
    expect(settings.length).toBeGreaterThan(5);
    for (const name of settings) expect(VIGIL_ENV.has(name) || name in SDK_ENV, name).toBe(true);
    expect(settings).toEqual(
      expect.arrayContaining([
        'MicrosoftAppId',
        'MicrosoftAppType',
        'MicrosoftAppTenantId',
        'MicrosoftAppPassword',
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'VIGIL_SUBSCRIPTIONS',
        'VIGIL_MANAGEMENT_GROUP',
        'VIGIL_WORKSPACES',
        'VIGIL_DB',
        'PORT',
      ]),
    );
  });

  it('produces a configuration Vigil accepts, in both bot modes', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const id = '0b6f1c2e-9a4d-4e8b-8f21-3c5d7e9a1b24';
    const common = {
      PORT: '3978',
      VIGIL_DB: '/data/vigil.db',
      MicrosoftAppId: id,
      MicrosoftAppTenantId: tenant,
      AZURE_TENANT_ID: tenant,
      VIGIL_SUBSCRIPTIONS: '11111111-2222-3333-4444-555555555555',
      VIGIL_WORKSPACES: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      VIGIL_TIME_ZONE: 'UTC',
    };
    const msi = loadConfig({ ...common, MicrosoftAppType: 'UserAssignedMSI' });
    expect(msi.bot).toMatchObject({ appId: id, appType: 'UserAssignedMSI', tenantId: tenant, port: 3978 });
    expect(msi.mode).toBe('azure');
    expect(msi.storage.file).toBe('/data/vigil.db');
    const single = loadConfig({ ...common, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'secret' });
    expect(single.bot.appType).toBe('SingleTenant');
  });

  it("listens where Vigil listens: the config default port, Teams' endpoint /api/messages, probes on /healthz", () => {
    const port = loadConfig({}).bot.port;
    expect(bicep).toContain(`var port = ${port}`);
    expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{fqdn\}\/api\/messages'/);
    expect(bicep).toMatch(/path: '\/healthz', port: port/);
    expect(bicep).toMatch(/RequestUrl: 'https:\/\/\$\{fqdn\}\/readyz'/);
    const server = read('bot/server.ts');
    for (const route of ["'/api/messages'", "'/healthz'", "'/readyz'"]) expect(server).toContain(route);
  });

  it('keeps SQLite on the mounted volume, with one replica', () => {
    expect(bicep).toContain("var dataPath = '/data'");
    expect(bicep).toMatch(/\{ name: 'VIGIL_DB', value: '\$\{dataPath\}\/vigil\.db' \}/);
    expect(bicep).toMatch(/minReplicas: 1\s+maxReplicas: 1/);
    expect(ENV_KEYS.find((k) => k.env === 'VIGIL_DB')?.path).toEqual(['storage', 'file']);
  });
});

describe('names shared by the manifest, m365agents.yml, the Bicep and the env file', () => {
  const manifestText = read('appPackage/manifest.json');
  const manifest = JSON.parse(manifestText) as { name: { short: string } };
  const yml = read('m365agents.yml');
  const bicep = read('infra/main.bicep');
  const env = envFile('env/.env.dev');
  const outputs = [...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1] as string);

  it('one app name: Vigil', () => {
    expect(manifest.name.short).toBe('Vigil');
    expect(yml).toMatch(/- uses: teamsApp\/create\n\s+with:\n\s+name: Vigil\n/);
    expect(bicep).toContain("param botDisplayName string = 'Vigil'");
    const parameters = JSON.parse(read('infra/main.parameters.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    expect(parameters.parameters.botDisplayName?.value).toBe('Vigil');
  });

  it("the manifest's placeholders are filled by the toolkit: TEAMS_APP_ID by teamsApp/create, the rest by the Bicep outputs", () => {
    const used = placeholders(manifestText);
    expect([...used].sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    expect(yml).toMatch(/teamsAppId: TEAMS_APP_ID/);
    expect(outputs).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN']));
    expect(bicep).toMatch(/output BOT_DOMAIN string = fqdn/);
  });

  it('every placeholder in m365agents.yml and main.parameters.json is declared in env/.env.dev, and so is every output', () => {
    for (const name of [...placeholders(yml), ...placeholders(read('infra/main.parameters.json'))]) {
      expect(env.has(name), `${name} in env/.env.dev`).toBe(true);
    }
    for (const name of outputs) expect(env.has(name), `output ${name} in env/.env.dev`).toBe(true);
    expect(env.get('TEAMSFX_ENV')).toBe('dev');
  });

  it('Vigil settings in the env file reach the app under the same names', () => {
    const parameters = read('infra/main.parameters.json');
    const settings = new Set([...bicep.matchAll(/\{ name: '(\w+)', (?:value|secretRef): /g)].map((m) => m[1]));
    for (const name of placeholders(parameters)) {
      if (VIGIL_ENV.has(name)) expect(settings.has(name), `${name} is set on the container`).toBe(true);
    }
  });

  it('the files m365agents.yml points at exist, and the package it zips is built from the same manifest', () => {
    expect(yml).toMatch(/^version: v1\.11$/m);
    expect(yml).toContain('$schema=https://aka.ms/m365-agents-toolkits/v1.11/yaml.schema.json');
    for (const m of yml.matchAll(/(?:manifestPath|path|parameters): \.\/(\S+)/g)) {
      expect(() => statSync(join(ROOT, m[1] as string)), m[1]).not.toThrow();
    }
    for (const action of [
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]) {
      expect(yml).toContain(`- uses: ${action}\n`);
    }
    expect(yml).toMatch(/^deploy:\n/m);
  });

  it("the package script reads the bot id under Vigil's own variable name", () => {
    expect(VIGIL_ENV.has('MicrosoftAppId')).toBe(true);
    expect(read('appPackage/package.ts')).toContain('env.MicrosoftAppId');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'));
  const of = (kind: string) => instructions.filter((l) => l.startsWith(`${kind} `));

  it('is multi-stage on a current Node LTS slim image', () => {
    const froms = of('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim( AS \w+)?$/);
    const major = Number(/^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)?.[1]);
    expect(major % 2, 'LTS lines are even').toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
  });

  it('installs with npm ci, builds, then drops dev dependencies', () => {
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('runs as a non-root user', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users.at(-1)?.split(/\s+/)[1];
    expect(['root', '0', '0:0']).not.toContain(last);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime.indexOf('\nUSER ')).toBeLessThan(runtime.indexOf('\nCMD '));
  });

  it('checks health on /healthz with Node (no curl in the slim image)', () => {
    const healthcheck = of('HEALTHCHECK').join('\n');
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain('fetch(');
    expect(healthcheck).not.toMatch(/curl|wget/);
  });

  it('exposes the configured port and keeps the SQLite file on a volume', () => {
    const port = loadConfig({}).bot.port;
    expect(of('EXPOSE')).toEqual([`EXPOSE ${port}`]);
    expect(dockerfile).toMatch(new RegExp(`PORT=${port}\\b`));
    expect(dockerfile).toMatch(/VIGIL_DB=\/data\/vigil\.db/);
    expect(of('VOLUME')).toEqual(['VOLUME ["/data"]']);
    // Every variable the image sets, other than Node's own, is one Vigil reads.
    const env = of('ENV').flatMap((l) => [...l.matchAll(/\b(\w+)=/g)].map((m) => m[1] as string));
    expect(env).toEqual(expect.arrayContaining(['PORT', 'VIGIL_DB']));
    for (const name of env) expect(VIGIL_ENV.has(name) || name === 'NODE_ENV', name).toBe(true);
  });

  it('starts Vigil the way npm start does', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node dist/cli/vigil.js start');
    expect(of('CMD')).toEqual(['CMD ["node", "dist/cli/vigil.js", "start"]']);
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
    expect(ignored).not.toContain('test'); // bench/ imports test/support: the build needs it
  });
});
