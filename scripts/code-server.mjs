// Starting and stopping code-server (a real VS Code server and web workbench) and driving it with Chromium.
// Shared by scripts/run-integration.mjs, scripts/run-e2e.mjs and scripts/start.mjs.
//
// code-server runs in its own process group (detached), so stopping it kills the server, its extension
// hosts and file watchers together: no stray processes, also when the caller fails or is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH, repoRoot } from './vscode-env.mjs';

// Settings for a quiet, deterministic workbench: no walkthrough stealing focus, no network, no trust prompt.
export const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 300,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/** A profile: user-data-dir, extensions-dir and XDG folders of one code-server, isolated from the user's own. */
export function makeProfile(dir, settings = WORKBENCH_SETTINGS) {
  const profile = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    configFile: join(dir, 'config.yaml'),
  };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  if (!existsSync(profile.configFile)) writeFileSync(profile.configFile, '');
  const settingsFile = join(profile.userDataDir, 'User', 'settings.json');
  const current = existsSync(settingsFile) ? safeJson(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...current, ...settings }, null, 2));
  return profile;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

const tempDirs = new Set();

/** A temporary folder, removed by the returned function, or when the process exits (Ctrl-C included). */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return {
    dir,
    remove: () => {
      tempDirs.delete(dir);
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Copies test/integration/workspace/ (or another folder) so tests can edit and save without touching the repo. */
export function copyWorkspace(from, to) {
  cpSync(from, to, { recursive: true });
  return to;
}

function serverArgs(env, profile) {
  return [
    env.codeServerEntry,
    '--config', profile.configFile,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
  ];
}

function serverEnv(env, profile, extra = {}) {
  return {
    ...process.env,
    PATH: env.pathForServer,
    XDG_CONFIG_HOME: join(profile.dir, 'xdg-config'),
    XDG_DATA_HOME: join(profile.dir, 'xdg-data'),
    XDG_CACHE_HOME: join(profile.dir, 'xdg-cache'),
    ...extra,
  };
}

/** Installs a .vsix into the profile (replacing any installed version) and returns the installed folder. */
export function installVsix(env, profile, vsix) {
  const r = spawnSync(env.nodeBin, [...serverArgs(env, profile), '--install-extension', vsix, '--force'], {
    env: serverEnv(env, profile), encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}${r.stderr}`);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const prefix = `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
  const folder = readdirSync(profile.extensionsDir).find((f) => f.toLowerCase().startsWith(prefix));
  if (!folder) throw new Error(`installed ${vsix}, but no ${prefix}* folder appeared in ${profile.extensionsDir}`);
  return join(profile.extensionsDir, folder);
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Whatever way this process ends, its code-servers end with it. Node's default for SIGINT/SIGTERM/SIGHUP
// exits without an 'exit' event, and code-server, in its own group, does not see the terminal's Ctrl-C.
process.on('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a browser may still be writing its profile; the OS temp folder is cleared eventually anyway
    }
  }
});
let signalsHooked = false;
function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(signal, async () => {
      if (onSignalMessage) console.log(onSignalMessage(signal));
      await Promise.all([...stoppers.values()].map((stop) => stop()));
      process.exit(128 + number);
    });
  }
}
const stoppers = new Map();
let onSignalMessage;
/** A message printed when the process is interrupted, before its code-servers are stopped. */
export function onInterrupt(message) {
  onSignalMessage = message;
}

/**
 * Starts code-server on 127.0.0.1:port and resolves once /healthz answers. Output goes to `logFile`.
 * Returns { url, port, pid, logFile, stop() }; stop() ends the whole process group (SIGTERM, then SIGKILL).
 */
export async function startCodeServer(env, profile, { port, logFile, extraEnv = {}, timeoutMs = 60_000 }) {
  const out = openSync(logFile, 'a');
  const child = spawn(env.nodeBin, [
    ...serverArgs(env, profile),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ], { detached: true, stdio: ['ignore', out, out], env: serverEnv(env, profile, extraEnv) });
  closeSync(out);
  const pid = child.pid;
  running.add(pid);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const stop = async () => {
    if (!running.has(pid)) return;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
    running.delete(pid);
    stoppers.delete(pid);
  };
  stoppers.set(pid, stop);
  hookSignals();

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited during start-up (${exited.signal ?? `exit ${exited.code}`}); last lines of ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid, logFile, stop, hasExited: () => exited !== null };
}

export function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Launches Debian's Chromium through playwright-core with a fresh profile; close() removes the profile. */
export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const profileDir = tempDir('activation-lens-chromium-');
  const context = await chromium.launchPersistentContext(profileDir.dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      profileDir.remove();
    },
  };
}

/** The workbench URL that opens `folder`, with an optional payload (extension development/test options). */
export function workbenchUrl(server, folder, payload) {
  // Slashes stay readable: the address is printed for people by npm start.
  let u = `${server.url}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

/**
 * VS Code (1.10x and later) honours the development/test payload of a built product only with
 * developmentOptions.enableSmokeTestDriver, which code-server has no flag for: the workbench configuration element
 * is patched as it is parsed (rewriting the HTML with page.route breaks the WebSocket). Call before page.goto.
 */
export async function allowDevelopmentPayload(page) {
  await page.addInitScript(() => {
    const patch = (el) => {
      if (el && el.id === 'vscode-workbench-web-configuration' && !el.__activationLensPatched) {
        const cfg = JSON.parse(el.getAttribute('data-settings'));
        cfg.developmentOptions = { ...(cfg.developmentOptions ?? {}), enableSmokeTestDriver: true };
        el.setAttribute('data-settings', JSON.stringify(cfg));
        el.__activationLensPatched = true;
      }
    };
    new MutationObserver((muts) => { for (const m of muts) for (const n of m.addedNodes) patch(n); })
      .observe(document, { childList: true, subtree: true });
  });
}
