import { it } from 'vitest';
import { startTestVigil } from './support/vigil.js';
import { Estate } from '../posture/estate.js';
it('explore', async () => {
  const v = await startTestVigil();
  const s = (await v.store.snapshots.latest())!;
  const out: string[] = [];
  out.push('takenAt ' + s.takenAt);
  out.push(JSON.stringify(v.connected.demo!.estate.subscriptions));
  out.push(JSON.stringify(s.subscriptions));
  out.push(JSON.stringify(s.plans.map(p => [p.subscriptionId.slice(0,8), p.plan, p.tier])));
  out.push(JSON.stringify(s.secureScores));
  const byStatus: Record<string, number> = {};
  for (const f of s.findings) { const k = `${f.status}/${f.cause}/${f.severity}`; byStatus[k] = (byStatus[k] ?? 0) + 1; }
  out.push(JSON.stringify(byStatus));
  const keys: Record<string, string> = {};
  for (const f of s.findings) keys[f.key] = f.displayName + ' | ' + f.severity + ' | ' + (f.remediation ?? '').slice(0, 80) + ' | ' + (f.description ?? '').slice(0, 80) + ' | ' + f.portalUri;
  out.push(JSON.stringify(keys, null, 1));
  out.push(JSON.stringify(s.resources.map(r => [r.name, r.kind, r.cloud, r.subscriptionId.slice(0,8), r.connectorId])));
  out.push(JSON.stringify(s.attackPaths.map(p => [p.displayName, p.resourceIds.map(x => x.split('/')[2]?.slice(0,8)), p.target])));
  const e = new Estate(s, { zones: v.config.zones, policy: v.config.zones.policy });
  out.push(JSON.stringify(e.resources.map(r => [r.resource.name, r.placement.zone, r.openFindings.length])));
  out.push(JSON.stringify(s.findings.find(f => f.status === 'Unhealthy'), null, 1));
  out.push(JSON.stringify(s.issues));
  (await import('node:fs')).writeFileSync('/tmp/pexp/out.txt', out.join('\n'));
  await v.stop();
});
