// Every schema step, in order. Listed in code (not globbed from disk) so the compiled build in dist/ carries
// them. Add a migration: new file `NNNN_what.ts` exporting a VigilMigration, one line here. Never edit or
// rename one that has shipped; names sort lexically, so keep the four-digit prefix.
import { initial } from './0001_initial.js';
import { alerts } from './0002_alerts.js';
import { promptAnomalies } from './0003_prompt_anomalies.js';
import { governance } from './0004_governance.js';
import type { VigilMigration } from './types.js';

export type { VigilMigration } from './types.js';

export const MIGRATIONS: readonly VigilMigration[] = [initial, alerts, promptAnomalies, governance];
