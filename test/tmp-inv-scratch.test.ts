import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { startTestVigil } from './support/vigil.js';
import { Estate } from '../posture/estate.js';
it('dump', async () => {
  const v = await startTestVigil();
  const [latest] = await v.store.snapshots.list(1);
  const snap = (await v.store.snapshots.get(latest!.id))!;
  const e = new Estate(snap, { zones: v.config.zones, policy: v.config.zones.policy });
  const lines = e.resources.map((r) => [r.resource.name, r.resource.kind, r.resource.cloud, r.subscription?.name, r.resource.resourceGroup, r.resource.location, 'z' + r.placement.zone, r.placement.because, r.owner?.id, JSON.stringify(r.resource.exposure), r.openFindings.length, r.attackPaths.length, r.resource.deployments.length, r.resource.links.map(l=>l.role+':'+l.name+':'+l.publicNetworkAccess).join(','), r.resource.identities.length].join(' | '));
  writeFileSync('/tmp/scr/resources.txt', lines.join('\n'));
  writeFileSync('/tmp/scr/snap.json', JSON.stringify(snap, null, 1));
  writeFileSync('/tmp/scr/people.json', JSON.stringify(v.connected.demo!.estate.people, null, 1));
  writeFileSync('/tmp/scr/config.json', JSON.stringify(v.config, null, 1));
  await v.stop();
});
