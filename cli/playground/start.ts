// What `npm run playground` runs: Vigil on the demo tenant, the relay (relay.ts) and the Microsoft 365 Agents
// Playground pointed at both, plus a fast-forward of the demo's clock to its next critical finding. The CLI
// (cli/playground.ts) and the browser test (test/e2e/playground.test.ts) both start it through here.

import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startVigil, type Vigil } from '../../bot/main.js';
import type { Config } from '../../config/schema.js';
import type { FindingRecord } from '../../store/index.js';
import {
  ALERTS_CHANNEL,
  defaultDemoTenantId,
  PLAYGROUND_BOT,
  PLAYGROUND_CAST,
  PLAYGROUND_TEAM,
  type PlaygroundPerson,
  renderPlaygroundConfig,
} from './people.js';
import { type Relay, startRelay } from './relay.js';

export const DEFAULT_PLAYGROUND_PORT = 56150;
const MINUTE = 60_000;

export class PlaygroundError extends Error {
  readonly code = 'PLAYGROUND';
  override readonly name = 'PlaygroundError';
}

/** The demo's time: the real clock, moved ahead by whatever the fast-forward skipped. */
export interface DemoClock {
  now(): Date;
  advance(ms: number): void;
}

/** Starts at `startAt` (default: now) and runs at the real pace from there. */
export function demoClock(startAt?: Date): DemoClock {
  let offset = startAt ? startAt.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

export interface PlaygroundOptions {
  /** Vigil's configuration; Bot Framework authentication must be off (the Playground sends no token). */
  config: Config;
  logger: Logger;
  /** Where the Playground's generated configuration and log go. */
  workDir: string;
  /** Who uses the Playground (default: the first of the cast, the SOC analyst). */
  me?: PlaygroundPerson;
  clock?: DemoClock;
  /** Vigil's port (default `config.bot.port`; 0 = any free port). */
  botPort?: number;
  /** The Playground's port (0: any free one); when it is taken the Playground picks another, and `url` says which. */
  playgroundPort?: number;
  /** Run Vigil's schedules (default true; the test moves time itself). */
  schedule?: boolean;
}

export interface FastForwardOptions {
  /** Stop only at a critical finding this UPN owns (the ones passed on the way are alerted too). */
  ownedBy?: string;
  stepMinutes?: number;
  maxHours?: number;
}

export interface FastForwardResult {
  /** How far the demo's clock moved. */
  advancedMs: number;
  now: Date;
  /** The new critical findings that stopped the fast-forward. */
  findings: FindingRecord[];
  /** New critical findings on the way that were not the ones asked for (they are alerted all the same). */
  passed: FindingRecord[];
}

export interface Playground {
  /** The Playground's web page: the address to open. */
  url: string;
  vigil: Vigil;
  relay: Relay;
  me: PlaygroundPerson;
  clock: DemoClock;
  /** The configuration file the Playground was started with. */
  configFile: string;
  /** Resolves when the Playground's process ends (by itself or through stop()). */
  exited: Promise<number | null>;
  /** Move the demo's clock ahead, polling findings as Vigil would, until a new critical finding is alerted. */
  fastForward(options?: FastForwardOptions): Promise<FastForwardResult | null>;
  stop(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { logger, workDir } = options;
  if (options.config.bot.appId !== '') {
    throw new PlaygroundError(
      'The Agents Playground sends no Bot Framework token, so Vigil must run with authentication off: unset MicrosoftAppId (and MicrosoftAppPassword) for the playground.',
    );
  }
  const me = options.me ?? PLAYGROUND_CAST[0]!;
  const clock = options.clock ?? demoClock();
  // Alerts need a channel; the cast's team has one, so every critical alert goes there unless configured.
  const config: Config = {
    ...options.config,
    alerts: { ...options.config.alerts, defaultChannel: options.config.alerts.defaultChannel || ALERTS_CHANNEL.id },
  };

  const vigil = await startVigil({
    config,
    logger,
    clock: clock.now,
    port: options.botPort ?? config.bot.port,
    schedule: options.schedule ?? true,
    deliver: true,
  });
  let relay: Relay | null = null;
  let child: ChildProcess | null = null;
  try {
    await vigil.firstDiscovery;
    // Vigil watches from now on: the last day's findings are recorded, not posted into a channel that opens
    // a minute later (the first poll would otherwise alert everything since yesterday at once).
    await vigil.pollFindings();

    const tenantId = vigil.connected.demo?.estate.tenantId ?? defaultDemoTenantId();
    const botEndpoint = `${vigil.url}/api/messages`;
    relay = await startRelay({
      botEndpoint,
      viewer: { id: me.teamsId, name: me.displayName, aadObjectId: me.objectId },
      bot: PLAYGROUND_BOT,
      tenantId,
      teamId: PLAYGROUND_TEAM.id,
      logger,
    });
    const configFile = join(workDir, '.m365agentsplayground.yml');
    writeFileSync(configFile, renderPlaygroundConfig({ me, tenantId }));

    const started = await spawnPlayground({
      botEndpoint,
      serviceUrl: relay.url,
      // The Playground reads 0 as "56150"; ask the system for a free port instead.
      port: options.playgroundPort === 0 ? await freePort() : (options.playgroundPort ?? DEFAULT_PLAYGROUND_PORT),
      configFile,
      workDir,
    });
    child = started.child;
    relay.setTarget(`http://127.0.0.1:${started.port}/_connector`);
    const running = relay;
    const exited = new Promise<number | null>((resolve) => {
      if (started.child.exitCode !== null) resolve(started.child.exitCode);
      else started.child.once('exit', (code) => resolve(code));
    });

    let stopping: Promise<void> | null = null;
    return {
      url: `http://localhost:${started.port}`,
      vigil,
      relay: running,
      me,
      clock,
      configFile,
      exited,
      fastForward: (ff) => fastForward(vigil, clock, ff),
      stop() {
        stopping ??= (async () => {
          await stopChild(started.child);
          await running.close();
          await vigil.stop();
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (child) await stopChild(child);
    await relay?.close();
    await vigil.stop();
    throw err;
  }
}

async function fastForward(
  vigil: Vigil,
  clock: DemoClock,
  { ownedBy, stepMinutes = 10, maxHours = 72 }: FastForwardOptions = {},
): Promise<FastForwardResult | null> {
  const wanted = ownedBy?.trim().toLowerCase();
  const step = stepMinutes * MINUTE;
  const open = await vigil.store.findings.listOpen({});
  // Findings ids only grow: anything above the newest open one appeared during the fast-forward.
  let newest = open.reduce((max, f) => Math.max(max, f.id), 0);
  const passed: FindingRecord[] = [];
  // Hours of polls in a few seconds would trip Resource Graph's quota (15 queries per 5 s of real time), which
  // the demo tenant enforces; the demo's time runs fast, so its quota window does too while this runs.
  const faults = vigil.connected.demo?.tenant.faults;
  const quota = faults?.quota;
  if (faults) faults.quota = { limit: 1_000_000, windowMs: 5_000 };
  try {
    for (let advanced = step; advanced <= maxHours * 60 * MINUTE; advanced += step) {
      clock.advance(step);
      const run = await vigil.pollFindings();
      if (!run.ran || run.result.newCritical === 0) continue;
      const fresh = (await vigil.store.findings.listOpen({})).filter((f) => f.id > newest && f.critical);
      newest = fresh.reduce((max, f) => Math.max(max, f.id), newest);
      const hits = fresh.filter((f) => wanted === undefined || f.owner?.toLowerCase() === wanted);
      passed.push(...fresh.filter((f) => !hits.includes(f)));
      if (hits.length > 0) return { advancedMs: advanced, now: clock.now(), findings: hits, passed };
    }
    return null;
  } finally {
    if (faults && quota) faults.quota = quota;
  }
}

interface SpawnOptions {
  botEndpoint: string;
  serviceUrl: string;
  port: number;
  configFile: string;
  workDir: string;
}

/** Starts the `agentsplayground` CLI and resolves with the port it listens on. */
async function spawnPlayground(o: SpawnOptions): Promise<{ child: ChildProcess; port: number }> {
  let cli: string;
  try {
    cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  } catch {
    throw new PlaygroundError(
      'The Microsoft 365 Agents Playground is not installed: it is a dev dependency (@microsoft/m365agentsplayground), so run `npm ci` without --omit=dev.',
    );
  }
  const child = spawn(
    process.execPath,
    [
      cli,
      '--app-endpoint',
      o.botEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(o.port),
      '--service-url',
      o.serviceUrl,
      '--disable-telemetry',
    ],
    {
      cwd: o.workDir,
      env: {
        ...process.env,
        // No desktop to open a browser on; the launcher prints the address instead.
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: o.configFile,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(o.workDir, 'm365agentsplayground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new PlaygroundError(`the Agents Playground did not start within 60 s:\n${output.slice(-2000)}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        cleanup();
        resolve(Number(listening[1]));
      }
    };
    const onExit = (code: number | null) =>
      fail(
        new PlaygroundError(`the Agents Playground exited (code ${code}) before it listened:\n${output.slice(-2000)}`),
      );
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (err: unknown) => {
    await stopChild(child);
    throw err;
  });
  // Keep its pipes flowing (its telemetry notices and request log); the log file has the detail.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, port };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
