// Every command Vigil answers, in matching order. Adding a question = one file + one line here.

import { helpCommand } from './help.js';
import type { Command } from './types.js';

export function allCommands(): readonly Command[] {
  const commands: Command[] = [];
  commands.push(helpCommand(() => commands));
  return commands;
}
