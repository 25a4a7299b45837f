// Nothing we do may throw into the extension host, which every other extension shares: every provider and
// event handler runs through `guard`, which logs the failure to our output channel and returns a fallback.
import * as vscode from 'vscode';

export interface Logger {
  info(message: string): void;
  error(where: string, err: unknown): void;
  show(): void;
}

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (message) => channel.info(message),
    error: (where, err) => {
      const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
      channel.error(`${where}: ${detail}`);
    },
    show: () => channel.show(true),
  };
}

export function guard<T>(log: Logger, where: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    log.error(where, err);
    return fallback;
  }
}
