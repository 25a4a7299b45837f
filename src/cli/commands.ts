// The command table. Each command lives in its own module with its own --help.
import { checkCommand } from './check';
import type { Command } from './io';

export interface CommandEntry {
  readonly summary: string;
  readonly run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: 'find activation functions and numerically unstable forms in files; --fix applies fixes', run: checkCommand },
};
