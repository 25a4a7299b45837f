// The real compilers and runtimes the C-family fix proofs run on: Node (JS/TS), mcs + mono (C#),
// javac + java (Java), g++ / gcc (C++ / C). A missing toolchain is installed with apt when we are root
// (CI runs on a fresh machine); otherwise the caller gets a reason to report as a skipped check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ToolchainId = 'node' | 'csharp' | 'java' | 'cpp' | 'c';

interface ToolchainSpec {
  readonly commands: readonly string[];
  readonly aptPackages: readonly string[];
}

const SPECS: Readonly<Record<ToolchainId, ToolchainSpec>> = {
  node: { commands: [process.execPath], aptPackages: [] },
  csharp: { commands: ['mcs', 'mono'], aptPackages: ['mono-mcs', 'mono-runtime'] },
  java: { commands: ['javac', 'java'], aptPackages: ['default-jdk-headless'] },
  cpp: { commands: ['g++'], aptPackages: ['g++'] },
  c: { commands: ['gcc'], aptPackages: ['gcc'] },
};

export interface ToolchainStatus {
  readonly available: boolean;
  /** Why it is unavailable (for the skip message). */
  readonly reason?: string;
}

function onPath(command: string): boolean {
  if (command.includes('/')) return true;
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

const statusCache = new Map<ToolchainId, ToolchainStatus>();

/** Checks for the toolchain, installing it with apt-get when it is missing and we are root. */
export function ensureToolchain(id: ToolchainId): ToolchainStatus {
  const cached = statusCache.get(id);
  if (cached) return cached;
  const spec = SPECS[id];
  let status: ToolchainStatus;
  if (spec.commands.every(onPath)) {
    status = { available: true };
  } else if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    status = { available: false, reason: `${spec.commands.join('/')} not found and not root, so apt-get install ${spec.aptPackages.join(' ')} was not attempted` };
  } else {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = (): number | null => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...spec.aptPackages], { env, stdio: 'ignore', timeout: 600_000 }).status;
    if (install() !== 0) {
      spawnSync('apt-get', ['update'], { env, stdio: 'ignore', timeout: 300_000 });
      install();
    }
    status = spec.commands.every(onPath)
      ? { available: true }
      : { available: false, reason: `apt-get install ${spec.aptPackages.join(' ')} did not provide ${spec.commands.join('/')}` };
  }
  statusCache.set(id, status);
  return status;
}

export interface ProgramRun {
  readonly ok: boolean;
  readonly stdout: string;
  /** Compiler or runtime diagnostics when not ok. */
  readonly error: string;
}

function run(command: string, args: readonly string[], cwd: string): { ok: boolean; stdout: string; error: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  const ok = r.status === 0;
  return { ok, stdout: r.stdout ?? '', error: ok ? '' : `${command} ${args.join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr ?? '') + (r.stdout ?? '').slice(0, 4000)}${r.error ? String(r.error) : ''}` };
}

/**
 * Compiles (where the language needs it) and runs a program made of `files` (name → source) in a fresh
 * temporary directory. `main` names the entry: the Java class, or the JS/C#/C/C++ file to run or link.
 */
export function runProgram(id: ToolchainId, files: Readonly<Record<string, string>>, main: string): ProgramRun {
  const dir = mkdtempSync(join(tmpdir(), `al-proof-${id}-`));
  try {
    for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
    const names = Object.keys(files);
    switch (id) {
      case 'node':
        return run(process.execPath, [main], dir);
      case 'csharp': {
        const c = run('mcs', ['-nologo', '-warn:0', '-out:proof.exe', ...names], dir);
        return c.ok ? run('mono', ['proof.exe'], dir) : c;
      }
      case 'java': {
        const c = run('javac', ['-nowarn', '-d', '.', ...names.filter((n) => n.endsWith('.java'))], dir);
        return c.ok ? run('java', ['-cp', '.', main], dir) : c;
      }
      case 'cpp': {
        const c = run('g++', ['-std=c++17', '-O1', '-o', 'proof', ...names.filter((n) => /\.(cpp|cc)$/.test(n))], dir);
        return c.ok ? run('./proof', [], dir) : c;
      }
      case 'c': {
        const c = run('gcc', ['-std=c11', '-O1', '-o', 'proof', ...names.filter((n) => n.endsWith('.c')), '-lm'], dir);
        return c.ok ? run('./proof', [], dir) : c;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses a number as the toolchains print it (`inf`, `-nan`, `Infinity`, `1.5E-44`). */
export function parsePrinted(s: string): number {
  const t = s.trim();
  if (/^[-+]?nan/i.test(t)) return NaN;
  if (/^\+?(inf|infinity|∞)$/i.test(t)) return Infinity;
  if (/^-(inf|infinity|∞)$/i.test(t)) return -Infinity;
  return Number(t);
}

/** Distance in units in the last place between two finite numbers of the same format (0 when equal, ±0 alike). */
export function ulpDistance(a: number, b: number, dtype: 'float64' | 'float32'): number {
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  if (dtype === 'float32') {
    const buf = new Float32Array(2);
    const bits = new Int32Array(buf.buffer);
    buf[0] = a;
    buf[1] = b;
    const ordered = (i: number): number => (bits[i]! < 0 ? -(bits[i]! & 0x7fffffff) : bits[i]!);
    return Math.abs(ordered(0) - ordered(1));
  }
  const buf = new Float64Array(2);
  const bits = new BigInt64Array(buf.buffer);
  buf[0] = a;
  buf[1] = b;
  const ordered = (i: number): bigint => (bits[i]! < 0n ? -(bits[i]! & 0x7fffffffffffffffn) : bits[i]!);
  const d = ordered(0) - ordered(1);
  return Number(d < 0n ? -d : d);
}
