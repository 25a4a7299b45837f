// `npm run package`: builds the production bundles and packs activation-lens-<version>.vsix with @vscode/vsce
// (its manifest, README and icon checks included), then opens the .vsix it wrote and checks what is inside:
// only files that run or that the Marketplace shows (.vscodeignore), and at most 2 MB.
//
//   node scripts/package.mjs [--no-build] [--if-stale] [--out file.vsix]
//   import { packageVsix } from './package.mjs'   → absolute path of the .vsix
//
// --if-stale skips the build when the bundles are newer than their sources, and reuses an existing .vsix that
// is newer than everything it is made of (the test stages use it so one `npm test` builds and packs once).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 2 * 1024 * 1024;

// What may be inside the .vsix (paths under `extension/`), mirroring .vscodeignore.
const ALLOWED = [
  /^package\.json$/,
  /^package\.nls(\.[a-z-]+)?\.json$/i,
  /^readme(\.[a-z-]+)?\.md$/i,
  /^changelog\.md$/i,
  /^license(\.txt)?$/i,
  /^dist\/(web\/)?extension\.js$/,
  /^dist\/lazy\.js$/,
  /^dist\/media\/[^]*\.(js|css)$/,
  /^media\/icon\.png$/,
  /^l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/i,
];

/** Lists the entries of a zip file from its central directory (no dependency needed for a listing). */
export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end-of-central-directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: corrupt central directory at entry ${i}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function newestMtime(paths) {
  let newest = 0;
  for (const p of paths) {
    const full = join(repoRoot, p);
    if (!existsSync(full)) continue;
    const s = statSync(full);
    if (s.isDirectory()) {
      for (const f of readdirSync(full, { recursive: true })) {
        const st = statSync(join(full, String(f)), { throwIfNoEntry: false });
        if (st?.isFile()) newest = Math.max(newest, st.mtimeMs);
      }
    } else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

function inputsOfVsix() {
  const top = readdirSync(repoRoot).filter((f) => /^(package(\.nls.*)?\.json|README.*\.md|CHANGELOG\.md|LICENSE|\.vscodeignore)$/.test(f));
  return [...top, 'dist/extension.js', 'dist/lazy.js', 'dist/web/extension.js', 'dist/media', 'media', 'l10n'];
}

function check(vsix) {
  const entries = zipEntries(vsix).filter((e) => !e.name.endsWith('/'));
  const files = entries.filter((e) => e.name.startsWith('extension/')).map((e) => ({ ...e, rel: e.name.slice('extension/'.length) }));
  const unexpected = files.filter((f) => !ALLOWED.some((re) => re.test(f.rel)));
  const required = ['package.json', 'dist/extension.js', 'dist/lazy.js', 'dist/web/extension.js', 'media/icon.png'];
  const missing = required.filter((r) => !files.some((f) => f.rel === r));
  const bytes = statSync(vsix).size;
  console.log(`${vsix.replace(`${repoRoot}/`, '')}: ${(bytes / 1024).toFixed(1)} KB (limit ${MAX_BYTES / 1024 / 1024} MB), ${files.length} files:`);
  for (const f of files) console.log(`  ${f.rel.padEnd(40)} ${(f.size / 1024).toFixed(1).padStart(8)} KB`);
  const problems = [];
  if (unexpected.length) problems.push(`files that do not belong in the .vsix (fix .vscodeignore): ${unexpected.map((f) => f.rel).join(', ')}`);
  if (missing.length) problems.push(`files missing from the .vsix: ${missing.join(', ')}`);
  if (bytes > MAX_BYTES) problems.push(`the .vsix is ${(bytes / 1024 / 1024).toFixed(2)} MB, over the 2 MB limit`);
  if (problems.length) throw new Error(problems.join('\n'));
  console.log('file list check: ok (only shipped files, required files present, size within limit)');
}

/** Builds (unless build: false) and packs the .vsix; returns its absolute path. Throws on any failure. */
export function packageVsix({ build = true, ifStale = false, out } = {}) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = resolve(repoRoot, out ?? `${pkg.name}-${pkg.version}.vsix`);
  const bundles = ['dist/extension.js', 'dist/lazy.js', 'dist/web/extension.js'].map((f) => join(repoRoot, f));
  const bundlesFresh = bundles.every(existsSync)
    && Math.min(...bundles.map((f) => statSync(f).mtimeMs)) > newestMtime(['src', 'media', 'l10n', 'esbuild.config.mjs', 'package.json', 'tsconfig.base.json']);
  if (build && !(ifStale && bundlesFresh)) {
    const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the production build failed (node esbuild.config.mjs)');
  }
  if (ifStale && existsSync(vsix) && statSync(vsix).mtimeMs > newestMtime(inputsOfVsix())) {
    console.log(`reusing ${vsix.replace(`${repoRoot}/`, '')} (newer than everything it is made of)`);
    return vsix;
  }
  const vsce = createRequire(join(repoRoot, 'package.json')).resolve('@vscode/vsce/vsce');
  // --no-dependencies: everything the extension needs is bundled into dist/ by esbuild.
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status ?? r.signal}); its message is above`);
  check(vsix);
  return vsix;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  try {
    packageVsix({ build: !args.includes('--no-build'), ifStale: args.includes('--if-stale'), out: outAt >= 0 ? args[outAt + 1] : undefined });
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
