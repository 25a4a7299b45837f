// `npm test` stage: `npm start` works as the README promises. Runs scripts/start.mjs on a free port in its own
// process group (as a terminal runs it), waits for the address, checks the workbench answers, presses Ctrl-C
// (SIGINT to the group) and checks that no process of it is left and the port is free again. Also checks that
// a taken port is reported with the --port hint. Writes test-results/start.counts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortFree } from '../code-server.mjs';

const results = [];
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push(false);
    console.log(`  ✘ ${name}: ${e.message}`);
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function processesOnPort(port) {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes(`127.0.0.1:${port}`) && !l.includes('70-start.mjs'));
}

const scratch = mkdtempSync(join(tmpdir(), 'activation-lens-start-test-'));
const env = { ...process.env, ACTIVATION_LENS_START_PROFILE: join(scratch, 'profile') };

await check('npm start serves VS Code with examples/ and Ctrl-C leaves no process behind', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port)], { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const deadline = Date.now() + 180_000;
    while (!out.includes('Press Ctrl-C')) {
      if (child.exitCode !== null) throw new Error(`npm start ended early (exit ${child.exitCode}):\n${out.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no address within 180 s:\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const address = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/)?.[0];
    if (!address || !address.endsWith('/examples')) throw new Error(`no workbench address for examples/ in the output:\n${out}`);
    const page = await fetch(address);
    if (!page.ok) throw new Error(`${address} answered ${page.status}`);
    if (!(await page.text()).includes('vscode-workbench-web-configuration')) throw new Error(`${address} is not a VS Code workbench`);
    process.kill(-child.pid, 'SIGINT'); // what Ctrl-C in a terminal does: the whole foreground group
    const how = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 15_000))]);
    if (!how) throw new Error('npm start did not exit within 15 s of Ctrl-C');
    if (!out.includes('stopping code-server')) throw new Error(`no "stopping code-server" message:\n${out.slice(-500)}`);
    await new Promise((r) => setTimeout(r, 500));
    const left = processesOnPort(port);
    if (left.length) throw new Error(`processes left after Ctrl-C:\n${left.join('\n')}`);
    if (!(await isPortFree(port))) throw new Error(`port ${port} is still taken after Ctrl-C`);
  } finally {
    if (groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  }
});

await check('a taken port is reported with the --port hint', async () => {
  const blocker = createServer();
  const port = await new Promise((resolve) => blocker.listen(0, '127.0.0.1', () => resolve(blocker.address().port)));
  try {
    const r = spawnSync(process.execPath, ['scripts/start.mjs', '--port', String(port)], { env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 1) throw new Error(`exit ${r.status}, expected 1`);
    if (!r.stderr.includes(`Port ${port}`) || !/npm start -- --port \d+/.test(r.stderr)) throw new Error(`unexpected message:\n${r.stderr}`);
  } finally {
    blocker.close();
  }
});

rmSync(scratch, { recursive: true, force: true });
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/start.counts', `${passed} ${failed} 0\n`);
console.log(`start: ${passed} passed, ${failed} failed, 0 skipped`);
process.exit(failed ? 1 : 0);
