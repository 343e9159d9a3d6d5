// loadConfig: environment (and an optional JSON file) → validated Config.
// Every error names the exact key the operator set and what is accepted.

import { readFileSync } from 'node:fs';
import type { z } from 'zod/v4';
import { DEFAULT_POLICY } from '../posture/policy.js';
import { CLOUDS, type Config, configSchema } from './schema.js';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Kind = 'string' | 'number' | 'list';

/** Environment variables and the config path each one sets. Documented in the README. */
export const ENV_KEYS: readonly { env: string; path: string[]; kind: Kind }[] = [
  { env: 'MicrosoftAppId', path: ['bot', 'appId'], kind: 'string' },
  { env: 'MicrosoftAppPassword', path: ['bot', 'appPassword'], kind: 'string' },
  { env: 'MicrosoftAppTenantId', path: ['bot', 'tenantId'], kind: 'string' },
  { env: 'MicrosoftAppType', path: ['bot', 'appType'], kind: 'string' },
  { env: 'PORT', path: ['bot', 'port'], kind: 'number' },
  { env: 'VIGIL_HOST', path: ['bot', 'host'], kind: 'string' },
  { env: 'AZURE_TENANT_ID', path: ['azure', 'tenantId'], kind: 'string' },
  { env: 'VIGIL_SUBSCRIPTIONS', path: ['azure', 'subscriptions'], kind: 'list' },
  { env: 'VIGIL_MANAGEMENT_GROUP', path: ['azure', 'managementGroup'], kind: 'string' },
  { env: 'VIGIL_WORKSPACES', path: ['azure', 'workspaces'], kind: 'list' },
  { env: 'VIGIL_CLOUD', path: ['azure', 'cloud'], kind: 'string' },
  { env: 'VIGIL_ARM_ENDPOINT', path: ['azure', 'endpoints', 'resourceManager'], kind: 'string' },
  { env: 'VIGIL_LOGS_ENDPOINT', path: ['azure', 'endpoints', 'logAnalytics'], kind: 'string' },
  { env: 'VIGIL_AUTHORITY_HOST', path: ['azure', 'endpoints', 'authorityHost'], kind: 'string' },
  { env: 'VIGIL_DEMO_SEED', path: ['demo', 'seed'], kind: 'number' },
  { env: 'VIGIL_DEMO_SCALE', path: ['demo', 'scale'], kind: 'number' },
  { env: 'VIGIL_DEFAULT_ZONE', path: ['zones', 'default'], kind: 'number' },
  { env: 'VIGIL_ZONE_TAG', path: ['zones', 'tagName'], kind: 'string' },
  { env: 'VIGIL_SOC', path: ['roles', 'soc'], kind: 'list' },
  { env: 'VIGIL_LEADERS', path: ['roles', 'leaders'], kind: 'list' },
  { env: 'VIGIL_ADMINS', path: ['roles', 'admins'], kind: 'list' },
  { env: 'VIGIL_ALERT_POLL_MINUTES', path: ['alerts', 'pollMinutes'], kind: 'number' },
  { env: 'VIGIL_DEFAULT_CHANNEL', path: ['alerts', 'defaultChannel'], kind: 'string' },
  { env: 'VIGIL_DB', path: ['storage', 'file'], kind: 'string' },
  { env: 'VIGIL_TIME_ZONE', path: ['timeZone'], kind: 'string' },
  { env: 'VIGIL_LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
];

/**
 * Build the configuration from environment variables, layered over an optional
 * JSON file (`file`, or the path in VIGIL_CONFIG). Throws ConfigError.
 */
export function loadConfig(env: Env, file?: string): Config {
  const path = file ?? nonEmpty(env.VIGIL_CONFIG);
  const raw: Record<string, unknown> = path ? readJsonFile(path) : {};
  const sources = new Map<string, string>();

  for (const key of ENV_KEYS) {
    const value = nonEmpty(env[key.env]);
    if (value === undefined) continue;
    setPath(raw, key.path, fromEnv(value, key.kind));
    sources.set(key.path.join('.'), key.env);
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describe(issue, raw, sources, path)));
  }
  const parsed = result.data;

  const problems: string[] = [];
  const name = (p: string, fallback: string) => sources.get(p) ?? (path ? `${path}: ${p}` : fallback);
  const a = parsed.azure;
  const azureMode = a.subscriptions.length > 0 || a.managementGroup !== null || a.workspaces.length > 0;
  if (a.workspaces.length > 0 && a.subscriptions.length === 0 && a.managementGroup === null) {
    problems.push(
      `${name('azure.subscriptions', 'VIGIL_SUBSCRIPTIONS')}: required when Log Analytics workspaces are set; give subscription ids or VIGIL_MANAGEMENT_GROUP`,
    );
  }
  if (a.subscriptions.length > 0 && a.managementGroup !== null) {
    problems.push(
      `${name('azure.managementGroup', 'VIGIL_MANAGEMENT_GROUP')}: give either subscriptions or a management group, not both`,
    );
  }
  const base = a.cloud === 'custom' ? undefined : CLOUDS[a.cloud];
  const endpoints = {
    resourceManager: a.endpoints.resourceManager ?? base?.resourceManager,
    logAnalytics: a.endpoints.logAnalytics ?? base?.logAnalytics,
    authorityHost: a.endpoints.authorityHost ?? base?.authorityHost,
  };
  for (const [k, env] of [
    ['resourceManager', 'VIGIL_ARM_ENDPOINT'],
    ['logAnalytics', 'VIGIL_LOGS_ENDPOINT'],
    ['authorityHost', 'VIGIL_AUTHORITY_HOST'],
  ] as const) {
    if (!endpoints[k]) problems.push(`${name(`azure.endpoints.${k}`, env)}: required when VIGIL_CLOUD is custom`);
  }
  const b = parsed.bot;
  if (b.appId && !b.appPassword && b.appType !== 'UserAssignedMSI') {
    problems.push(
      `${name('bot.appPassword', 'MicrosoftAppPassword')}: required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)`,
    );
  }
  if (b.appType !== 'MultiTenant' && !b.tenantId) {
    problems.push(`${name('bot.tenantId', 'MicrosoftAppTenantId')}: required when MicrosoftAppType is ${b.appType}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const policy = structuredClone(DEFAULT_POLICY);
  for (const z of [1, 2, 3] as const) {
    const o = parsed.zones.policy[z];
    if (!o) continue;
    const { slaHours, ...rest } = o;
    Object.assign(policy[z], rest);
    Object.assign(policy[z].slaHours, slaHours);
  }

  return {
    ...parsed,
    mode: azureMode ? 'azure' : 'demo',
    zones: { ...parsed.zones, policy },
    endpoints: endpoints as Config['endpoints'],
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function fromEnv(value: string, kind: Kind): unknown {
  if (kind === 'list')
    return value
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return value;
}

function readJsonFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `VIGIL_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    ]);
  }
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('expected a JSON object');
    return data as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError([`VIGIL_CONFIG: ${path} is not a valid JSON object (${(err as Error).message})`]);
  }
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1] as string] = value;
}

function getPath(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describe(
  issue: z.core.$ZodIssue,
  raw: Record<string, unknown>,
  sources: Map<string, string>,
  file: string | undefined,
): string {
  const dotted = issue.path.map(String).join('.');
  // An element of a list set from the environment is reported against the variable.
  const fromEnv = sources.get(dotted) ?? sources.get(issue.path.slice(0, -1).map(String).join('.'));
  const inFile = (p: string) => (file ? `${file}: ${p}` : p);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (dotted ? `${dotted}.${k}` : k)).join(', ');
    return `${inFile(keys)}: unknown setting${issue.keys.length > 1 ? 's' : ''}`;
  }
  const key = fromEnv ?? inFile(dotted);
  const got = getPath(raw, issue.path);
  const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  const message =
    issue.code === 'invalid_value'
      ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
      : issue.message;
  return `${key}: ${message}${shown}`;
}
