// The command table. Each command lives in its own module with its own --help.
import type { Command } from './io';

export interface CommandEntry {
  readonly summary: string;
  readonly run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {};
