// `activation-lens <command> ...`: dispatches to one module per command.
import { readFileSync } from 'node:fs';
import { EXIT_USAGE, type CliIo, type Command } from './io';
import { COMMANDS } from './commands';

const USAGE = `usage: activation-lens <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run 'activation-lens <command> --help' for a command's options.`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command: { run: Command } | undefined = COMMANDS[name];
  if (!command) {
    io.err(`activation-lens: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readStdin: () => Promise.resolve(readFileSync(0, 'utf8')),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
  };
}

// Run only when executed as the bundle's entry, not when a test imports main().
if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`activation-lens: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
