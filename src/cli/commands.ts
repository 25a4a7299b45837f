// The command table. Each command lives in its own module with its own --help.
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { listCommand } from './list';
import type { Command } from './io';

export interface CommandEntry {
  readonly summary: string;
  readonly run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: 'find activation functions and numerically unstable forms in files; --fix applies fixes', run: checkCommand },
  eval: { summary: "f(x), f'(x), f''(x) of an activation from the math core (x as arguments or on stdin)", run: evalCommand },
  list: { summary: 'the activation catalog: ids, aliases, formulas, parameters and framework defaults', run: listCommand },
};
