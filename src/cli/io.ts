// The CLI's only window on the process, so commands can be unit-tested with captured output.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** Whether standard input is a terminal (then commands that can read it say how to use them instead of waiting). */
  stdinIsTTY: boolean;
  cwd: string;
}

/** Exit codes shared by every command: 0 clean, 1 findings, 2 usage or I/O error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export type Command = (args: readonly string[], io: CliIo) => Promise<number>;
