#!/usr/bin/env node
// `npm run playground`: Vigil on the demo tenant and the Microsoft 365 Agents Playground (a local Teams-like
// client) pointed at it, as one of the demo's people. Prints the address to open; Enter fast-forwards the
// demo to the next critical finding; Ctrl-C stops both.

import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import {
  ALERTS_CHANNEL,
  defaultDemoTenantId,
  findCastMember,
  PLAYGROUND_CAST,
  PLAYGROUND_TEAM,
  type PlaygroundPerson,
  renderPlaygroundConfig,
} from './playground/people.js';
import {
  DEFAULT_PLAYGROUND_PORT,
  type FastForwardResult,
  type Playground,
  PlaygroundError,
  startPlayground,
} from './playground/start.js';

const CONFIG_FILE = '.m365agentsplayground.yml';

const USAGE = `Usage: npm run playground [-- options]

Starts Vigil on the demo tenant and the Microsoft 365 Agents Playground pointed at it.

Options:
  --as <who>          be this person in the Playground (alias, UPN or Entra object id); default ${PLAYGROUND_CAST[0]!.alias}
${PLAYGROUND_CAST.map((p) => `                        ${p.alias.padEnd(14)} ${p.part}`).join('\n')}
  --port <n>          the Playground's port (default ${DEFAULT_PLAYGROUND_PORT}); Vigil's is PORT (default 3978)
  --config <file>     Vigil's JSON configuration, as for \`vigil start\`
  --write-config      write ${CONFIG_FILE} from cli/playground/people.ts and exit
  -h, --help          show this help

Vigil keeps its state in a fresh database per run unless VIGIL_DB is set.`;

type Out = { write(s: string): unknown };

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    err.write(`playground: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values } = args;
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  const committed = resolve(process.cwd(), CONFIG_FILE);
  if (values['write-config']) {
    writeFileSync(committed, renderPlaygroundConfig({ tenantId: defaultDemoTenantId() }));
    out.write(`wrote ${committed}\n`);
    return 0;
  }
  const me = findCastMember(values.as ?? PLAYGROUND_CAST[0]!.alias);
  if (!me) {
    err.write(
      `playground: --as ${values.as}: not one of the Playground's people (${PLAYGROUND_CAST.map((p) => p.alias).join(', ')})\n`,
    );
    return 2;
  }
  const playgroundPort = values.port === undefined ? DEFAULT_PLAYGROUND_PORT : Number(values.port);
  if (!Number.isInteger(playgroundPort) || playgroundPort < 1 || playgroundPort > 65535) {
    err.write(`playground: --port: expected a port number 1-65535 (got ${values.port})\n`);
    return 2;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'vigil-playground-'));
  let config: Config;
  try {
    // A fresh database per run: the Playground forgets its chats when it stops, so Vigil starts afresh too.
    config = loadConfig({ VIGIL_DB: join(workDir, 'vigil.db'), ...env }, values.config);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n\nSee README.md ("Configuration") for every setting and its accepted values.\n`);
      return 1;
    }
    throw e;
  }
  if (config.mode !== 'demo') {
    err.write(
      `playground: note: Vigil is reading Azure, not the demo tenant; the Playground's people are the demo's, so give them roles (VIGIL_SOC, VIGIL_LEADERS, VIGIL_ADMINS) if they should act.\n`,
    );
  }
  warnIfStale(committed, err);

  const vigilLog = join(workDir, 'vigil.log');
  const logger = createLogger(config.log.level, createWriteStream(vigilLog));
  out.write('Starting Vigil on the demo tenant and the Microsoft 365 Agents Playground…\n');
  let playground: Playground;
  try {
    playground = await startPlayground({ config, logger, workDir, me, playgroundPort });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message =
      e instanceof PlaygroundError
        ? e.message
        : code === 'EADDRINUSE'
          ? `Vigil's port ${config.bot.port} is in use (is \`npm start\` running?): stop it or set PORT.`
          : `could not start: ${e instanceof Error ? e.message : String(e)}`;
    err.write(`playground: ${message}\nLogs: ${workDir}\n`);
    return 1;
  }
  out.write(banner(playground, workDir));

  const stopped = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
    void playground.exited.then((code) => done(`the Playground exited (code ${code})`));
  });
  const lines = createInterface({ input: process.stdin });
  let busy = false;
  lines.on('line', (line) => {
    const command = line.trim().toLowerCase();
    if (command === 'q' || command === 'quit' || command === 'exit') {
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    if (busy) return;
    busy = true;
    const ownedBy = me.persona === 'owner' ? me.upn : undefined;
    out.write(`Fast-forwarding the demo to ${ownedBy ? 'your' : 'the'} next critical finding…\n`);
    playground
      .fastForward({ ownedBy })
      .then((result) => out.write(describeFastForward(result, config.timeZone)))
      .catch((e: unknown) => err.write(`playground: fast-forward failed: ${String(e)}\n`))
      .finally(() => {
        busy = false;
      });
  });

  const why = await stopped;
  lines.close();
  out.write(`\nStopping (${why})…\n`);
  await playground.stop();
  out.write('Stopped.\n');
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      as: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      'write-config': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
}

function banner(p: Playground, workDir: string): string {
  const who = (person: PlaygroundPerson) =>
    `${person.displayName} (${person.upn}): ${person.part}${person.objectId === p.me.objectId ? '   ← you' : ''}`;
  return [
    '',
    `  Open the Playground:  ${p.url}`,
    '',
    `  Vigil:    ${p.vigil.url}/api/messages (demo tenant, authentication off)`,
    `  You are:  ${p.me.displayName} — another person: npm run playground -- --as <alias>`,
    '  People:',
    ...PLAYGROUND_CAST.map((person) => `    ${person.alias.padEnd(14)} ${who(person)}`),
    `  Team "${PLAYGROUND_TEAM.name}": channel "${ALERTS_CHANNEL.name}" gets every critical finding alert (open it once first).`,
    `  Logs:     ${workDir}`,
    '',
    `  Try: "help", "posture", "my findings" in Personal Chat; "@Vigil findings high" in a channel.`,
    `  Press Enter here to fast-forward the demo to ${p.me.persona === 'owner' ? 'your' : 'the'} next critical finding; Ctrl-C stops both.`,
    '',
  ].join('\n');
}

function describeFastForward(result: FastForwardResult | null, timeZone: string): string {
  if (!result) return 'No new critical finding in the next 72 hours of demo time.\n';
  const minutes = Math.round(result.advancedMs / 60_000);
  const skipped = `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  const line = (f: FastForwardResult['findings'][number]) =>
    `  #${f.id} ${f.displayName} — ${f.resourceName}, owner ${f.owner ?? 'nobody yet'}`;
  return [
    `Demo time is now ${result.now.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone}), ${skipped} ahead. New critical:`,
    ...result.findings.map(line),
    ...(result.passed.length > 0 ? ['On the way, also alerted:', ...result.passed.map(line)] : []),
    `The card${result.findings.length + result.passed.length > 1 ? 's are' : ' is'} in "${ALERTS_CHANNEL.name}".`,
    '',
  ].join('\n');
}

/** The committed file is what the Agents Toolkit and a bare `agentsplayground` use: say when it has drifted. */
function warnIfStale(file: string, err: Out): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (text !== renderPlaygroundConfig({ tenantId: defaultDemoTenantId() })) {
    err.write(
      `playground: note: ${CONFIG_FILE} differs from cli/playground/people.ts; this run uses the latter (npm run playground -- --write-config rewrites the file).\n`,
    );
  }
}

// Run when executed directly (`npm run playground`), not when imported by tests.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`playground: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
