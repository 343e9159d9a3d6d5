import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const WS = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts in demo mode with sensible defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.bot.port).toBe(3978);
    expect(config.bot.appId).toBe('');
    expect(config.storage.file).toBe('./data/vigil.db');
    expect(config.zones.default).toBe(2);
    expect(config.zones.policy[3].slaHours.critical).toBe(72);
    expect(config.zones.policy[1].slaHours.critical).toBe(30 * 24);
    expect(config.zones.policy[2].attackPathReview).toBe('weekly');
    expect(config.endpoints.resourceManager).toBe('https://management.azure.com');
    expect(config.timeZone).toBe('UTC');
  });

  it('switches to Azure mode when a subscription is configured, and reads lists from the environment', () => {
    const config = loadConfig({
      VIGIL_SUBSCRIPTIONS: `${SUB}, ${SUB.replace('1111', '9999')}`,
      VIGIL_WORKSPACES: WS,
      VIGIL_SOC: 'dana.ortiz@contoso.com;group:0f0e0d0c-0b0a-0908-0706-050403020100',
      PORT: '8080',
    });
    expect(config.mode).toBe('azure');
    expect(config.azure.subscriptions).toHaveLength(2);
    expect(config.azure.workspaces).toEqual([WS]);
    expect(config.roles.soc).toEqual(['dana.ortiz@contoso.com', 'group:0f0e0d0c-0b0a-0908-0706-050403020100']);
    expect(config.bot.port).toBe(8080);
  });

  it('resolves sovereign cloud endpoints and lets overrides win', () => {
    const gov = loadConfig({ VIGIL_CLOUD: 'AzureUSGovernment', VIGIL_SUBSCRIPTIONS: SUB });
    expect(gov.endpoints.resourceManager).toBe('https://management.usgovcloudapi.net');
    expect(gov.endpoints.logAnalytics).toBe('https://api.loganalytics.us/v1');
    const custom = problems(() => loadConfig({ VIGIL_CLOUD: 'custom', VIGIL_SUBSCRIPTIONS: SUB }));
    expect(custom).toContain('VIGIL_ARM_ENDPOINT: required when VIGIL_CLOUD is custom');
  });

  it('names the environment variable and the accepted values on bad input', () => {
    expect(problems(() => loadConfig({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'x' }))).toEqual([
      'MicrosoftAppId: expected MicrosoftAppId as a GUID (got "not-a-guid")',
    ]);
    expect(problems(() => loadConfig({ MicrosoftAppType: 'Anything' }))[0]).toBe(
      'MicrosoftAppType: expected one of "MultiTenant", "SingleTenant", "UserAssignedMSI" (got "Anything")',
    );
    expect(problems(() => loadConfig({ PORT: 'eighty' }))[0]).toMatch(/^PORT: .*number.* \(got "eighty"\)$/);
    expect(problems(() => loadConfig({ VIGIL_DEFAULT_ZONE: '4' }))[0]).toBe(
      'VIGIL_DEFAULT_ZONE: expected zone 1, 2 or 3 (got 4)',
    );
    expect(problems(() => loadConfig({ VIGIL_SUBSCRIPTIONS: 'prod-sub' }))[0]).toBe(
      'VIGIL_SUBSCRIPTIONS: expected subscription id as a GUID (got "prod-sub")',
    );
    expect(problems(() => loadConfig({ VIGIL_SOC: 'dana' }))[0]).toMatch(/^VIGIL_SOC: expected an Entra object id/);
    expect(problems(() => loadConfig({ VIGIL_TIME_ZONE: 'Mars/Olympus' }))[0]).toMatch(
      /^VIGIL_TIME_ZONE: expected an IANA time zone/,
    );
  });

  it('checks settings that only make sense together', () => {
    expect(problems(() => loadConfig({ MicrosoftAppId: SUB }))).toEqual([
      'MicrosoftAppPassword: required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)',
    ]);
    expect(problems(() => loadConfig({ MicrosoftAppType: 'SingleTenant' }))).toEqual([
      'MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant',
    ]);
    expect(problems(() => loadConfig({ VIGIL_WORKSPACES: WS }))[0]).toMatch(
      /^VIGIL_SUBSCRIPTIONS: required when Log Analytics workspaces are set/,
    );
    expect(problems(() => loadConfig({ VIGIL_SUBSCRIPTIONS: SUB, VIGIL_MANAGEMENT_GROUP: 'mg-root' }))[0]).toMatch(
      /^VIGIL_MANAGEMENT_GROUP: give either subscriptions or a management group/,
    );
  });

  it('reads a JSON file, merges zone policy overrides, and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    const file = join(dir, 'vigil.json');
    writeFileSync(
      file,
      JSON.stringify({
        zones: { default: 1, byResourceGroup: { 'rg-payments': 3 }, policy: { 3: { slaHours: { critical: 48 } } } },
        bot: { port: 4000 },
      }),
    );
    const config = loadConfig({ PORT: '5000' }, file);
    expect(config.zones.default).toBe(1);
    expect(config.zones.byResourceGroup).toEqual({ 'rg-payments': 3 });
    expect(config.zones.policy[3].slaHours.critical).toBe(48);
    expect(config.zones.policy[3].slaHours.High).toBe(7 * 24);
    expect(config.zones.policy[2].slaHours.critical).toBe(14 * 24);
    expect(config.bot.port).toBe(5000);
  });

  it('names the file and the path for bad file settings, including unknown keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    const file = join(dir, 'vigil.json');
    writeFileSync(file, JSON.stringify({ zones: { policy: { 2: { discovery: 'hourly' } } }, colour: 'blue' }));
    const found = problems(() => loadConfig({}, file));
    expect(found).toContain(`${file}: colour: unknown setting`);
    expect(found.some((p) => p.startsWith(`${file}: zones.policy.2.discovery: expected one of "continuous"`))).toBe(
      true,
    );
    writeFileSync(file, '{ not json');
    expect(problems(() => loadConfig({ VIGIL_CONFIG: file }))[0]).toMatch(
      /^VIGIL_CONFIG: .* is not a valid JSON object/,
    );
    expect(problems(() => loadConfig({ VIGIL_CONFIG: join(dir, 'missing.json') }))[0]).toMatch(/ENOENT/);
  });
});
