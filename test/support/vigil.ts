// One Vigil per test file: demo tenant, fresh SQLite file, fixed clock, first discovery done.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVigil, type Vigil } from '../../bot/main.js';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../config/logger.js';

/** The instant tests run at: the demo estate's epoch is the hour before. */
export const TEST_NOW = new Date('2026-11-23T10:42:00Z');

export interface TestVigil extends Vigil {
  /** Move the test clock. */
  setNow(now: Date): void;
}

export async function startTestVigil(
  env: Record<string, string> = {},
  options: { deliver?: boolean } = {},
): Promise<TestVigil> {
  let now = TEST_NOW;
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-test-')), 'vigil.db');
  const vigil = await startVigil({
    config: loadConfig({ VIGIL_DB: file, ...env }),
    logger: createLogger('silent'),
    clock: () => now,
    port: 0,
    schedule: false,
    // Most tests inspect the outbox; the end-to-end ones deliver to a connector stand-in.
    deliver: options.deliver ?? false,
  });
  await vigil.firstDiscovery;
  return Object.assign(vigil, {
    setNow(next: Date) {
      now = next;
    },
  });
}

/** A demo person as a Teams user. */
export function teamsUser(vigil: Vigil, persona: 'soc' | 'owner' | 'leader' | 'admin', index = 0) {
  const people = vigil.connected.demo!.estate.people.filter((p) => p.persona === persona);
  const p = people[index];
  if (!p) throw new Error(`no demo ${persona} #${index}`);
  return { id: `29:${p.objectId}`, name: p.displayName, aadObjectId: p.objectId, upn: p.upn };
}
