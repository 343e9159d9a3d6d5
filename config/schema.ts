// What Vigil can be configured with, validated once at start-up.

import { z } from 'zod/v4';
import { scheduleProblem } from '../jobs/cron.js';
import { JOB_NAMES } from '../jobs/names.js';
import type { DEFAULT_POLICY } from '../posture/policy.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const guid = (what: string) => z.string().regex(GUID, { message: `expected ${what} as a GUID` });
/** A GUID or empty (unset). */
const optionalGuid = (what: string) =>
  z
    .string()
    .refine((s) => s === '' || GUID.test(s), { message: `expected ${what} as a GUID` })
    .default('');

/** A role member: an Entra object id (GUID), a UPN/e-mail, or `group:<GUID>`. */
const principal = z
  .string()
  .refine((s) => GUID.test(s) || UPN.test(s) || (/^group:/i.test(s) && GUID.test(s.slice(6))), {
    message: 'expected an Entra object id (GUID), a UPN/e-mail, or group:<GUID>',
  });

const zone = z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'expected zone 1, 2 or 3' });
const cadence = z.enum(['continuous', 'daily', 'weekly', 'monthly']);
const expectation = z.enum(['optional', 'if-applicable', 'recommended', 'required-if-applicable', 'required']);
const hours = z.number().positive({ message: 'expected a positive number of hours' });

const zonePolicyOverride = z
  .object({
    discovery: cadence,
    attackPathReview: cadence,
    recommendationReview: cadence,
    slaHours: z.object({ critical: hours, High: hours, Medium: hours, Low: hours }).partial().strict(),
    multiCloudConnectors: expectation,
    sentinelIntegration: expectation,
  })
  .partial()
  .strict();

const clockTime = z.string().regex(/^([01]\d|2[0-3]):([0-5]\d)$/, { message: 'expected a time HH:MM (24-hour clock)' });
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const weekday = z.enum(WEEKDAYS, { message: `expected a day of the week: ${WEEKDAYS.join(', ')}` });
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdayNumber = (d: Weekday): number => WEEKDAYS.indexOf(d);

/** Per-job schedule override: `jobs: { "sla-sweep": { "cron": "30 * * * *" } }`. */
const jobOverride = z
  .object({
    cron: z.string().min(1).optional(),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris or UTC' })
      .optional(),
    /** false: never scheduled (still runnable with `run <job>` / `vigil jobs run`). */
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.cron === undefined) return;
    const problem = scheduleProblem({ cron: o.cron, timeZone: 'UTC' });
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
  });

const httpsUrl = z.url({ protocol: /^https$/, message: 'expected an https:// URL' });

/** Well-known Azure clouds; `custom` takes explicit endpoints. */
export const CLOUDS = {
  AzureCloud: {
    resourceManager: 'https://management.azure.com',
    logAnalytics: 'https://api.loganalytics.io/v1',
    authorityHost: 'https://login.microsoftonline.com',
  },
  AzureUSGovernment: {
    resourceManager: 'https://management.usgovcloudapi.net',
    logAnalytics: 'https://api.loganalytics.us/v1',
    authorityHost: 'https://login.microsoftonline.us',
  },
  AzureChinaCloud: {
    resourceManager: 'https://management.chinacloudapi.cn',
    logAnalytics: 'https://api.loganalytics.azure.cn/v1',
    authorityHost: 'https://login.chinacloudapi.cn',
  },
} as const;
export type CloudName = keyof typeof CLOUDS | 'custom';

export const configSchema = z
  .object({
    bot: z
      .object({
        appId: optionalGuid('MicrosoftAppId'),
        appPassword: z.string().default(''),
        tenantId: optionalGuid('tenant id'),
        appType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
        port: z.number().int().min(1).max(65535, { message: 'expected a port between 1 and 65535' }).default(3978),
        /** Interface to bind; defaults to loopback when auth is off, all interfaces when it is on. */
        host: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    azure: z
      .object({
        tenantId: optionalGuid('tenant id'),
        subscriptions: z.array(guid('subscription id')).default([]),
        managementGroup: z.string().min(1).nullable().default(null),
        workspaces: z.array(guid('Log Analytics workspace id')).default([]),
        cloud: z.enum(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'custom']).default('AzureCloud'),
        endpoints: z
          .object({ resourceManager: httpsUrl, logAnalytics: httpsUrl, authorityHost: httpsUrl })
          .partial()
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    demo: z
      .object({
        seed: z.number().int().default(42),
        scale: z.number().int().min(1).max(1000, { message: 'expected a scale between 1 and 1000' }).default(1),
      })
      .strict()
      .prefault({}),
    zones: z
      .object({
        default: zone.default(2),
        tagName: z.string().min(1).default('ai-zone'),
        byResourceGroup: z.record(z.string().min(1), zone).default({}),
        bySubscription: z.record(guid('subscription id'), zone).default({}),
        policy: z
          .object({ 1: zonePolicyOverride, 2: zonePolicyOverride, 3: zonePolicyOverride })
          .partial()
          .strict()
          .default({}),
      })
      .strict()
      .prefault({}),
    roles: z
      .object({
        soc: z.array(principal).default([]),
        leaders: z.array(principal).default([]),
        admins: z.array(principal).default([]),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Minutes between findings polls (default 2), and per-zone overrides. */
        pollMinutes: z.number().int().min(1).max(1440).default(2),
        pollMinutesByZone: z
          .object({ 1: z.number().int().min(1), 2: z.number().int().min(1), 3: z.number().int().min(1) })
          .partial()
          .strict()
          .default({}),
        /** What makes a finding critical (REFERENCE.md's rule by default). */
        critical: z
          .object({
            severities: z.array(z.enum(['High', 'Medium', 'Low'])).default(['High']),
            riskLevels: z.array(z.enum(['Critical', 'High', 'Medium', 'Low'])).default(['Critical', 'High']),
            onAttackPath: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
        /** More new alerts than this for one channel in one cycle become one summary card. */
        maxCardsPerCycle: z.number().int().min(1).max(50).default(5),
        /** Teams conversation id of a channel that gets every critical alert, besides subscriptions. */
        defaultChannel: z.string().default(''),
      })
      .strict()
      .prefault({}),
    promptVolume: z
      .object({
        /** Minutes between prompt-volume cycles (one Log Analytics query per workspace each). */
        everyMinutes: z.number().int().min(1).max(59).default(5),
        /** How long Log Analytics may take to ingest a 5-minute bin completely. */
        ingestionDelayMinutes: z.number().int().min(0).max(60).default(5),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        /** Attempts before a message is dead-lettered (visible to admins in `status`). */
        maxAttempts: z.number().int().min(1).max(50).default(8),
        /** How long a sender holds a claimed message before another replica may take it. */
        leaseMs: z.number().int().min(5_000).max(600_000).default(60_000),
      })
      .strict()
      .prefault({}),
    governance: z
      .object({
        /** When reviews are posted (in timeZone): daily at this time, weekly on reviewWeekday, monthly on reviewMonthDay. */
        reviewAt: clockTime.default('09:00'),
        reviewWeekday: weekday.default('monday'),
        reviewMonthDay: z
          .number()
          .int()
          .min(1)
          .max(28, { message: 'expected a day of the month from 1 to 28' })
          .default(1),
        /** When digests go out, in each leader's own time zone. */
        digestAt: clockTime.default('08:00'),
        digestWeekday: weekday.default('monday'),
        /** The zones a daily digest covers (a weekly digest covers every zone). */
        dailyDigestZones: z.array(zone).min(1).default([3]),
        /** Who hears a zone's SLA breaches (object ids, UPNs, group:<id>); a zone without a list: every leader. */
        zoneLeaders: z
          .object({ 1: z.array(principal), 2: z.array(principal), 3: z.array(principal) })
          .partial()
          .strict()
          .default({}),
      })
      .strict()
      .prefault({}),
    jobs: z
      .record(z.string(), jobOverride)
      .superRefine((jobs, ctx) => {
        for (const name of Object.keys(jobs)) {
          if (!JOB_NAMES.includes(name)) {
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `unknown job; expected one of ${JOB_NAMES.join(', ')}`,
            });
          }
        }
      })
      .default({}),
    storage: z
      .object({ file: z.string().min(1).default('./data/vigil.db') })
      .strict()
      .prefault({}),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Paris or UTC' })
      .default('UTC'),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .prefault({}),
  })
  .strict();

export type RawConfig = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;

export interface Config extends Omit<Parsed, 'zones'> {
  /** demo: the embedded synthetic tenant; azure: a real tenant. */
  mode: 'demo' | 'azure';
  zones: Omit<Parsed['zones'], 'policy'> & { policy: typeof DEFAULT_POLICY };
  /** Endpoints resolved from the cloud name and any overrides. */
  endpoints: { resourceManager: string; logAnalytics: string; authorityHost: string };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
