#!/usr/bin/env node
// The `vigil` command: start the bot, inspect the estate, check configuration.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectSources } from '../azure/connect.js';
import { startVigil } from '../bot/main.js';
import { staticDirectory } from '../bot/people.js';
import { cardToText } from '../cards/text.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { createLogger } from '../config/logger.js';
import type { Config } from '../config/schema.js';
import { detectorLoop } from '../posture/anomaly.js';
import { type SnapshotSummary, summarizeSnapshot } from '../posture/summary.js';
import { openStore } from '../store/index.js';
import { DETECT_USAGE, detectCommand } from './detect.js';
import { JOBS_USAGE, jobsCommand } from './jobs.js';

const USAGE = `Usage: vigil <command> [options]

Commands:
  start                     start the bot on PORT (default 3978); demo tenant when no Azure settings
  estate [--scale N] [--seed N] [--json]
                            load the estate through the Azure sources and summarise it
  check-config              validate configuration and print what Vigil would use
  ask "<question>" [--as <object id or UPN>] [--json]
                            ask Vigil through the same bot pipeline Teams uses and print the reply
${JOBS_USAGE}
${DETECT_USAGE}

Options:
  --config <file>           JSON configuration file (or VIGIL_CONFIG); environment variables win
  -h, --help                show this help

Configuration reference: README.md ("Configuration").`;

type Out = { write(s: string): unknown };

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    out.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  // Scoring a CSV needs no configuration: it runs on the detector alone.
  if (command === 'detect') return detectCommand(rest, out, err);
  let args: ReturnType<typeof parse>;
  try {
    args = parse(rest);
  } catch (e) {
    err.write(`vigil ${command}: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(env, args.values.config);
  } catch (e) {
    if (e instanceof ConfigError) {
      err.write(`${e.message}\n\nSee README.md ("Configuration") for every setting and its accepted values.\n`);
      return 1;
    }
    throw e;
  }

  switch (command) {
    case 'check-config':
      out.write(describeConfig(config));
      return 0;
    case 'estate':
      return estate(config, args.values, out, err);
    case 'start':
      return start(config);
    case 'ask':
      return askCommand(config, args.positionals.join(' '), args.values, out, err);
    case 'jobs':
      return jobsCommand(config, args.positionals, args.values, out, err);
    default:
      err.write(`vigil: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

function parse(rest: string[]) {
  return parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      as: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
}

async function askCommand(
  config: Config,
  text: string,
  values: { as?: string; json?: boolean },
  out: Out,
  err: Out,
): Promise<number> {
  if (!text.trim()) {
    err.write('vigil ask: give the question in quotes, e.g. vigil ask "inventory zone 3"\n');
    return 2;
  }
  // An in-process bot on loopback, authentication off: the same HTTP endpoint, handlers and cards as Teams gets.
  const local: Config = { ...config, bot: { ...config.bot, appId: '', appPassword: '', host: '127.0.0.1' } };
  const logger = createLogger('silent');
  const store = await openStore({ file: config.storage.file, logger, clock: () => new Date() });
  const [latest] = await store.snapshots.list(1);
  await store.close();
  const as = values.as?.trim().toLowerCase();
  const isGuid = as !== undefined && /^[0-9a-f-]{36}$/.test(as);
  const vigil = await startVigil({
    config: local,
    logger,
    port: 0,
    discoverOnStart: !latest,
    // A question must not run the schedule or send anything to Teams from a laptop.
    schedule: false,
    deliver: false,
    directory: as && !isGuid ? staticDirectory([{ objectId: 'cli-user', upn: as }]) : undefined,
  });
  try {
    await vigil.firstDiscovery;
    const person = vigil.connected.demo?.estate.people.find(
      (p) => p.upn.toLowerCase() === as || p.objectId.toLowerCase() === as,
    );
    const objectId = person?.objectId ?? (isGuid && as ? as : 'cli-user');
    const res = await fetch(`${vigil.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `cli-${Date.now()}`,
        channelId: 'msteams',
        serviceUrl: 'https://localhost.invalid/',
        from: { id: `29:${objectId}`, name: person?.displayName ?? as ?? 'CLI user', aadObjectId: objectId },
        recipient: { id: '28:vigil', name: 'Vigil' },
        conversation: { id: `a:cli-${objectId}`, conversationType: 'personal' },
        text,
        locale: 'en-GB',
        deliveryMode: 'expectReplies',
      }),
    });
    const body = (await res.json()) as { activities?: { text?: string; attachments?: { content?: unknown }[] }[] };
    const activities = body.activities ?? [];
    if (values.json) {
      out.write(`${JSON.stringify(activities, null, 2)}\n`);
    } else {
      for (const a of activities) {
        if (a.text) out.write(`${a.text}\n`);
        for (const att of a.attachments ?? []) out.write(`${cardToText(att.content as { body?: unknown })}\n`);
      }
    }
    return res.status === 200 ? 0 : 1;
  } finally {
    await vigil.stop();
  }
}

function describeConfig(c: Config): string {
  const scope =
    c.mode === 'demo'
      ? `demo tenant (seed ${c.demo.seed}, scale ${c.demo.scale})`
      : c.azure.managementGroup
        ? `management group ${c.azure.managementGroup}`
        : `${c.azure.subscriptions.length} subscription(s)`;
  const lines = [
    'Configuration is valid.',
    `  mode:            ${c.mode} — ${scope}`,
    `  cloud:           ${c.azure.cloud} (${c.endpoints.resourceManager}, ${c.endpoints.logAnalytics})`,
    `  workspaces:      ${c.mode === 'demo' ? 'from the demo tenant' : c.azure.workspaces.length || 'none (prompt-volume alerts off)'}`,
    `  bot:             port ${c.bot.port}, ${c.bot.appId ? `authentication ON (${c.bot.appType}, app ${c.bot.appId})` : 'authentication OFF (no MicrosoftAppId)'}`,
    `  storage:         ${c.storage.file}`,
    `  zones:           default ${c.zones.default}, tag "${c.zones.tagName}", ${Object.keys(c.zones.byResourceGroup).length} resource-group and ${Object.keys(c.zones.bySubscription).length} subscription mapping(s)`,
    `  critical SLA:    zone 1 ${c.zones.policy[1].slaHours.critical} h, zone 2 ${c.zones.policy[2].slaHours.critical} h, zone 3 ${c.zones.policy[3].slaHours.critical} h`,
    `  roles:           ${c.roles.soc.length} SOC, ${c.roles.leaders.length} leader(s), ${c.roles.admins.length} admin(s)${c.mode === 'demo' && c.roles.soc.length + c.roles.leaders.length + c.roles.admins.length === 0 ? ' (demo people get their roles)' : ''}`,
    `  time zone:       ${c.timeZone}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function estate(
  config: Config,
  values: { scale?: string; seed?: string; json?: boolean },
  out: Out,
  err: Out,
): Promise<number> {
  const overrides: Record<string, string | undefined> = {};
  if (values.scale !== undefined) overrides.VIGIL_DEMO_SCALE = values.scale;
  if (values.seed !== undefined) overrides.VIGIL_DEMO_SEED = values.seed;
  if (Object.keys(overrides).length > 0) {
    if (config.mode !== 'demo') {
      err.write('vigil estate: --scale and --seed apply to the demo tenant only\n');
      return 2;
    }
    try {
      config = { ...config, demo: loadConfig(overrides).demo };
    } catch (e) {
      if (e instanceof ConfigError) {
        err.write(`${e.message.replace('VIGIL_DEMO_SCALE', '--scale').replace('VIGIL_DEMO_SEED', '--seed')}\n`);
        return 2;
      }
      throw e;
    }
  }
  const logger = createLogger(values.json ? 'silent' : 'warn', process.stderr);
  const clock = () => new Date();
  const connected = await connectSources({ config, logger, clock });
  try {
    const started = performance.now();
    const snapshot = await connected.sources.loadSnapshot();
    const ms = performance.now() - started;
    const summary = summarizeSnapshot(snapshot, config.zones);
    if (values.json) {
      out.write(
        `${JSON.stringify({ summary, issues: snapshot.issues, stats: snapshot.stats, loadMs: Math.round(ms) }, null, 2)}\n`,
      );
    } else {
      out.write(renderSummary(summary, config, ms));
      for (const issue of snapshot.issues) out.write(`  ! ${issue.source} ${issue.operation}: ${issue.message}\n`);
    }
    return snapshot.issues.length > 0 ? 3 : 0;
  } finally {
    await connected.close();
  }
}

function renderSummary(s: SnapshotSummary, c: Config, ms: number): string {
  const kv = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `AI estate as of ${s.takenAt} (${c.mode === 'demo' ? `demo tenant, seed ${c.demo.seed}, scale ${c.demo.scale}` : 'Azure'}; loaded in ${(ms / 1000).toFixed(2)} s)`,
    `  subscriptions:   ${s.subscriptions} (${s.subscriptionsWithoutCspm} without Defender CSPM)`,
    `  AI resources:    ${s.aiResources} — ${kv(s.byKind)}`,
    `  by cloud:        ${kv(s.byCloud)}`,
    `  by zone:         zone 1 ${s.byZone[1]}, zone 2 ${s.byZone[2]}, zone 3 ${s.byZone[3]}`,
    `  deployments:     ${s.deployments}`,
    `  open findings:   ${s.findings.open} — ${kv(s.findings.bySeverity) || 'none'} (${s.findings.healthy} healthy assessments)`,
    `  attack paths:    ${s.attackPaths}`,
    `  issues:          ${s.issues === 0 ? 'none' : s.issues}`,
    '',
  ].join('\n');
}

async function start(config: Config): Promise<number> {
  const logger = createLogger(config.log.level);
  let vigil: Awaited<ReturnType<typeof startVigil>>;
  try {
    vigil = await startVigil({ config, logger });
  } catch (e) {
    logger.fatal({ err: e }, 'Vigil could not start');
    return 1;
  }
  logger.info({ url: `${vigil.url}/api/messages`, mode: config.mode }, 'Vigil is running');
  const loop = detectorLoop();
  // Batch scoring (rebuilding detector states from history) is 1.6–2 times slower without the compiled loop.
  if (loop.loop === 'compiled') logger.info({ path: loop.note }, 'anomaly detector: compiled loop');
  else logger.warn({ reason: loop.note }, 'anomaly detector: JavaScript loop (the compiled one is not available)');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'signal received');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await vigil.stop();
  return 0;
}

// Run when executed directly (npm bin or `node dist/cli/vigil.js`), not when imported by tests.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`vigil: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
