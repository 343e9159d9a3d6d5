// Builds the AzureSources for the configured mode. Demo and production share
// every line of client code; only the endpoints, TLS trust and credential differ.

import { DefaultAzureCredential } from '@azure/identity';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { demoTenantAccess } from './demo/credential.js';
import { createDemoEstate } from './demo/estate.js';
import { type DemoTenant, startDemoTenant } from './demo/server.js';
import type { DemoEstate } from './demo/types.js';
import { type AzureSources, createAzureSources } from './sources.js';

export interface ConnectedSources {
  sources: AzureSources;
  /** The embedded demo tenant, in demo mode. */
  demo: { estate: DemoEstate; tenant: DemoTenant } | null;
  close(): Promise<void>;
}

export interface ConnectOptions {
  config: Config;
  logger: Logger;
  clock: () => Date;
}

const HOUR = 3_600_000;

export async function connectSources({ config, logger, clock }: ConnectOptions): Promise<ConnectedSources> {
  const log = logger.child({ module: 'azure' });
  if (config.mode === 'demo') {
    // The demo's history ends at the hour the process started, so two starts in one hour see the same estate.
    const epoch = new Date(Math.floor(clock().getTime() / HOUR) * HOUR);
    const estate = createDemoEstate({ seed: config.demo.seed, scale: config.demo.scale, epoch });
    const tenant = await startDemoTenant({ estate, clock, logger: logger.child({ module: 'demo-tenant' }) });
    log.info({ url: tenant.url, seed: estate.seed, scale: estate.scale }, 'demo tenant serving a synthetic AI estate');
    const sources = createAzureSources({
      ...demoTenantAccess(tenant, estate),
      workspaces: estate.at(clock()).workspaces.map((w) => w.customerId),
      logger: log,
      clock,
    });
    let closing: Promise<void> | null = null;
    return { sources, demo: { estate, tenant }, close: () => (closing ??= tenant.close()) };
  }

  const credential = new DefaultAzureCredential({
    tenantId: config.azure.tenantId || undefined,
    authorityHost: config.endpoints.authorityHost,
  });
  const sources = createAzureSources({
    credential,
    endpoints: { resourceManager: config.endpoints.resourceManager, logAnalytics: config.endpoints.logAnalytics },
    audiences: {
      resourceManager: `${new URL(config.endpoints.resourceManager).origin}/.default`,
      logAnalytics: `${new URL(config.endpoints.logAnalytics).origin}/.default`,
    },
    subscriptions: config.azure.subscriptions.length > 0 ? config.azure.subscriptions : null,
    managementGroup: config.azure.managementGroup,
    workspaces: config.azure.workspaces,
    logger: log,
    clock,
  });
  return { sources, demo: null, close: async () => {} };
}
