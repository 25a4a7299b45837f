// `npm start`: the product running on this machine. Builds the bundles, packs the .vsix, sets up code-server
// exactly as the tests do (cached outside the repo, see scripts/vscode-env.mjs), installs the .vsix into a
// profile kept in the cache (so your settings survive restarts), and serves VS Code on 127.0.0.1 with
// examples/ open. Ctrl-C stops code-server and everything it started.
//
//   npm start                     port 8080
//   npm start -- --port 8091      another port
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, installVsix, isPortFree, makeProfile, onInterrupt, startCodeServer, workbenchUrl } from './code-server.mjs';
import { packageVsix } from './package.mjs';
import { CODE_SERVER_VERSION, EnvSetupError, ensureVsCodeEnv, repoRoot } from './vscode-env.mjs';

const DEFAULT_PORT = 8080;

function usage(message) {
  console.error(`${message}\nusage: npm start [-- --port <1024-65535>]`);
  process.exit(2);
}

function parsePort(argv) {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at < 0) return DEFAULT_PORT;
  const raw = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) usage(`--port wants a number from 1024 to 65535, got ${raw ?? 'nothing'}`);
  return port;
}

const unknown = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--port') && all[i - 1] !== '--port');
if (unknown.length) usage(`unknown argument(s): ${unknown.join(' ')}`);
const port = parsePort(process.argv.slice(2));

// Say so before spending a minute on builds and installs.
if (!(await isPortFree(port))) {
  const suggestion = await freePort();
  console.error(`Port ${port} on 127.0.0.1 is taken (something is already listening there).\nPick another port: npm start -- --port ${suggestion}`);
  process.exit(1);
}

const examples = join(repoRoot, 'examples');
if (!existsSync(examples)) {
  console.error(`${examples} is missing; it is part of the repository (git checkout examples).`);
  process.exit(1);
}

let env;
let vsix;
try {
  env = ensureVsCodeEnv();
  vsix = packageVsix({ build: true });
} catch (e) {
  console.error(e instanceof EnvSetupError ? `npm start: could not set up VS Code:\n${e.message}` : `npm start: ${e.message}`);
  process.exit(1);
}

// ACTIVATION_LENS_START_PROFILE: another profile folder (the npm start test uses a scratch one).
const profile = makeProfile(process.env.ACTIVATION_LENS_START_PROFILE || join(env.cacheDir, 'start-profile'));
console.log(`installing ${vsix.replace(`${repoRoot}/`, '')} into the npm start profile (${profile.dir})…`);
try {
  installVsix(env, profile, vsix);
} catch (e) {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
}

let interrupted = false;
onInterrupt(() => {
  interrupted = true;
  return '\nstopping code-server…';
});
let server;
try {
  server = await startCodeServer(env, profile, { port, logFile: join(profile.dir, 'code-server.log') });
} catch (e) {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
}

console.log(`
Activation Lens is running in VS Code (code-server ${CODE_SERVER_VERSION}) with examples/ open:

    ${workbenchUrl(server, examples)}

Open that address in a browser on this machine. Log: ${server.logFile}
Press Ctrl-C to stop.
`);

// Stay up until interrupted (code-server.mjs stops the server on SIGINT/SIGTERM/SIGHUP) or until code-server
// ends on its own.
const timer = setInterval(async () => {
  if (server.hasExited() && !interrupted) {
    clearInterval(timer);
    await server.stop();
    console.error(`code-server stopped on its own; see ${server.logFile}`);
    process.exit(1);
  }
}, 1000);
