// The deep link to a Log Analytics query in the Azure portal, built the way the portal's own
// "Share → Copy link to query" builds it: the Logs blade scoped to a resource, the query gzip-compressed and
// base64-encoded under `q` (then URL-encoded twice, as the portal does), and the time range as an ISO
// interval. Scoped to the AI resource itself (a resource-context query), so it works without knowing the
// workspace's ARM id and for people who may read that resource's logs only.

import { gzipSync } from 'node:zlib';
import type { Config } from '../../config/schema.js';

const PORTALS: Record<string, string> = {
  AzureCloud: 'https://portal.azure.com',
  AzureUSGovernment: 'https://portal.azure.us',
  AzureChinaCloud: 'https://portal.azure.cn',
};

export interface LogsLinkInput {
  /** Portal origin, e.g. https://portal.azure.com. */
  portal: string;
  /** Directory (tenant) id to open the portal in; empty: the signed-in user's default. */
  tenantId: string;
  /** ARM id of the resource the query runs in the context of. */
  scope: string;
  query: string;
  start: Date;
  end: Date;
}

export function logsQueryLink(input: LogsLinkInput): string {
  const compressed = gzipSync(Buffer.from(input.query, 'utf8')).toString('base64');
  const tenant = input.tenantId ? `@${input.tenantId}/` : '';
  const timespan = encodeURIComponent(`${input.start.toISOString()}/${input.end.toISOString()}`);
  return (
    `${input.portal}/#${tenant}blade/Microsoft_Azure_Monitoring_Logs/LogsBlade` +
    `/resourceId/${encodeURIComponent(input.scope)}` +
    `/source/LogsBlade.AnalyticsShareLinkToQuery/q/${encodeURIComponent(encodeURIComponent(compressed))}` +
    `/timespan/${timespan}`
  );
}

/** The portal of the configured cloud; null for a custom cloud, whose portal Vigil cannot know. */
export function portalOf(config: Pick<Config, 'azure'>): string | null {
  return PORTALS[config.azure.cloud] ?? null;
}
