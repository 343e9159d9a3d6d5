// Child process of the benchmark: loads full snapshots through the real SDK clients
// from a running demo tenant and reports its own timings and peak memory.

import { createDemoCredential } from '../azure/demo/credential.js';
import { createAzureSources } from '../azure/sources.js';
import { createLogger } from '../config/logger.js';

const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`bench child: ${k} is not set`);
  return v;
};

const url = env('BENCH_URL');
const runs = Number(env('BENCH_RUNS'));
const sources = createAzureSources({
  credential: createDemoCredential(),
  endpoints: { resourceManager: url, logAnalytics: `${url}/v1` },
  tlsCa: env('BENCH_CA'),
  subscriptions: env('BENCH_SUBSCRIPTIONS').split(','),
  managementGroup: null,
  workspaces: env('BENCH_WORKSPACES').split(','),
  logger: createLogger('silent'),
  clock: () => new Date(),
});

const timesMs: number[] = [];
let last = { resources: 0, findings: 0, attackPaths: 0, issues: 0, pages: 0 };
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const snapshot = await sources.loadSnapshot();
  timesMs.push(performance.now() - started);
  last = {
    resources: snapshot.resources.length,
    findings: snapshot.findings.length,
    attackPaths: snapshot.attackPaths.length,
    issues: snapshot.issues.length,
    pages: snapshot.stats.pages,
  };
}
// maxRSS is in kilobytes on Linux.
process.stdout.write(JSON.stringify({ timesMs, maxRssMb: process.resourceUsage().maxRSS / 1024, ...last }));
