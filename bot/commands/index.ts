// Every command Vigil answers, in matching order (first match wins: "my findings" before "findings",
// "show" last because it takes any resource name). Adding a question = one file + one line here.

import { attackPathsCommand } from './attack-paths.js';
import { digestCommand } from './digest.js';
import { dueSoonCommand } from './due-soon.js';
import { findingsCommand } from './findings.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { inventoryCommand } from './inventory.js';
import { jobsCommand, runCommand } from './jobs.js';
import { myFindingsCommand } from './my-findings.js';
import { overdueCommand } from './overdue.js';
import { postureCommand } from './posture.js';
import { readinessCommand } from './readiness.js';
import { recommendationsCommand } from './recommendations.js';
import { refreshCommand } from './refresh.js';
import { reviewsCommand } from './reviews.js';
import { showCommand } from './show.js';
import { statusCommand } from './status.js';
import { subscribeCommand } from './subscribe.js';
import { subscriptionsCommand } from './subscriptions.js';
import type { Command } from './types.js';
import { unsubscribeCommand } from './unsubscribe.js';
import { whoamiCommand } from './whoami.js';

export function allCommands(): readonly Command[] {
  const commands: Command[] = [];
  commands.push(
    helpCommand(() => commands),
    whoamiCommand,
    refreshCommand,
    statusCommand,
    jobsCommand,
    runCommand,
    reviewsCommand,
    digestCommand,
    unsubscribeCommand,
    subscribeCommand,
    subscriptionsCommand,
    historyCommand,
    myFindingsCommand,
    overdueCommand,
    dueSoonCommand,
    attackPathsCommand,
    recommendationsCommand,
    readinessCommand,
    postureCommand,
    findingsCommand,
    inventoryCommand,
    showCommand,
  );
  return commands;
}
