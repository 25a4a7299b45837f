// `activation-lens check [paths...] [--format text|json] [--fix] [--select RULES] [--ignore RULES] [--timing]`
// Finds activation uses and numerically unstable forms in files and directories (walked with .gitignore
// respected), `-` for standard input. Exit 0: no findings; 1: findings; 2: usage or I/O errors (the
// readable files are still analysed). `--fix` applies each finding's first fix and writes atomically.
import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ignore, { type Ignore } from 'ignore';
import {
  LineIndex, RULE_IDS, analyzeNotebook, analyzeText, applyCellEdits, applyEdits, languageForPath, type ActivationUse, type AnalysisResult,
  type Finding, type LanguageId, type RuleId, type TextEdit,
} from '../core/analysis/index';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo, type Command } from './io';

const HELP = `usage: activation-lens check [paths...] [options]

Finds activation functions and numerically unstable forms (1/(1+exp(-x)), log(1+exp(x)), exp(x)/sum(exp(x)), ...)
in Python files and Jupyter notebooks (and every other language with a registered analyzer).
Directories are walked recursively, respecting .gitignore; '-' reads standard input (as Python).

options:
  --format text|json   output format (default text)
  --fix                apply the first fix of each finding, writing files atomically
  --select RULES       only these rules (comma-separated rule ids)
  --ignore RULES       skip these rules (comma-separated rule ids)
  --timing             report the analysis time per file and in total
  -h, --help           show this help

rules: ${RULE_IDS.join(', ')}

exit codes: 0 no findings, 1 findings, 2 usage or I/O errors`;

interface Options {
  paths: string[];
  format: 'text' | 'json';
  fix: boolean;
  select?: Set<RuleId>;
  ignore: Set<RuleId>;
  timing: boolean;
}

class UsageError extends Error {}

function parseRules(value: string | undefined, flag: string): Set<RuleId> {
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a comma-separated list of rule ids`);
  const out = new Set<RuleId>();
  for (const part of value.split(',')) {
    const r = part.trim();
    if (r === '') continue;
    if (!(RULE_IDS as readonly string[]).includes(r)) throw new UsageError(`unknown rule '${r}' in ${flag}; rules: ${RULE_IDS.join(', ')}`);
    out.add(r as RuleId);
  }
  return out;
}

function parseArgs(args: readonly string[]): Options | 'help' {
  const o: Options = { paths: [], format: 'text', fix: false, ignore: new Set(), timing: false };
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) {
      inline = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    const value = (): string | undefined => inline ?? args[++i];
    if (a === '-h' || a === '--help') return 'help';
    else if (a === '--fix') o.fix = true;
    else if (a === '--timing') o.timing = true;
    else if (a === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not '${v ?? ''}'`);
      o.format = v;
    } else if (a === '--select') o.select = parseRules(value(), '--select');
    else if (a === '--ignore') for (const r of parseRules(value(), '--ignore')) o.ignore.add(r);
    else if (a === '--') o.paths.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

// Directories never worth walking, as Ruff and most tools skip them.
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.ipynb_checkpoints', 'site-packages', '.mypy_cache', '.ruff_cache', '.tox']);

function isAnalysable(path: string): boolean {
  return path.toLowerCase().endsWith('.ipynb') || languageForPath(path) !== undefined;
}

interface Walked {
  files: string[];
  errors: string[];
}

/** Files under the given paths, in a stable order; explicit files are taken whatever their extension. */
function collectFiles(paths: readonly string[], cwd: string): Walked {
  const out: Walked = { files: [], errors: [] };
  for (const p of paths) {
    if (p === '-') {
      out.files.push('-');
      continue;
    }
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      out.errors.push(`${p}: ${ioMessage(e)}`);
      continue;
    }
    if (st.isDirectory()) walk(abs, p, gitignoresAbove(abs), out);
    else out.files.push(p);
  }
  return out;
}

interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

function loadGitignore(dir: string): IgnoreLayer | undefined {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return { base: dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** .gitignore files of the directories above `dir` up to the repository root (where .git is). */
function gitignoresAbove(dir: string): IgnoreLayer[] {
  const layers: IgnoreLayer[] = [];
  let d = dirname(dir);
  let here = dir;
  while (d !== here) {
    if (existsSync(join(here, '.git'))) break;
    const layer = loadGitignore(d);
    if (layer !== undefined) layers.unshift(layer);
    if (existsSync(join(d, '.git'))) break;
    here = d;
    d = dirname(d);
  }
  return layers;
}

function ignoredBy(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  for (const l of layers) {
    const rel = relative(l.base, abs);
    if (rel === '' || rel.startsWith('..')) continue;
    if (l.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function walk(abs: string, shown: string, layers: IgnoreLayer[], out: Walked): void {
  const here = loadGitignore(abs);
  const active = here === undefined ? layers : [...layers, here];
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    out.errors.push(`${shown}: ${ioMessage(e)}`);
    return;
  }
  for (const entry of entries) {
    const childAbs = join(abs, entry.name);
    const childShown = shown === '.' ? entry.name : join(shown, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name) || ignoredBy(active, childAbs, true)) continue;
      walk(childAbs, childShown, active, out);
    } else if (entry.isFile() && isAnalysable(entry.name) && !ignoredBy(active, childAbs, false)) {
      out.files.push(childShown);
    }
  }
}

function ioMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/** One analysed unit: a file, or one cell of a notebook. */
interface Unit {
  readonly cell?: number;
  readonly text: string;
  readonly result: AnalysisResult;
  readonly findings: Finding[];
}

interface FileReport {
  readonly path: string;
  readonly language: LanguageId;
  readonly units: Unit[];
  readonly analysisMs: number;
  fixed: number;
}

function keep(f: Finding, o: Options): boolean {
  return (o.select === undefined || o.select.has(f.rule)) && !o.ignore.has(f.rule);
}

function analyseSource(path: string, text: string, o: Options): Omit<FileReport, 'fixed'> | string {
  const isNotebook = path.toLowerCase().endsWith('.ipynb');
  const t0 = performance.now();
  if (isNotebook) {
    let nb;
    try {
      nb = analyzeNotebook(text);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    const analysisMs = performance.now() - t0;
    return {
      path, language: 'python', analysisMs,
      units: nb.cells.map(({ cell, result }) => ({ cell: cell.index, text: cell.source, result, findings: result.findings.filter((f) => keep(f, o)) })),
    };
  }
  const language: LanguageId = path === '-' ? 'python' : (languageForPath(path) ?? 'python');
  const result = analyzeText(text, language);
  const analysisMs = performance.now() - t0;
  if (result === undefined) return `no analyzer for ${language}`;
  return { path, language, analysisMs, units: [{ text, result, findings: result.findings.filter((f) => keep(f, o)) }] };
}

/** The first fix of each finding whose edits do not overlap an earlier chosen fix. */
function chooseEdits(findings: readonly Finding[]): { edits: TextEdit[]; count: number } {
  const chosen: TextEdit[] = [];
  let count = 0;
  const overlaps = (e: TextEdit): boolean =>
    chosen.some((c) => {
      const same = c.span.start === e.span.start && c.span.end === e.span.end && c.newText === e.newText;
      if (same) return false;
      return e.span.start < c.span.end && c.span.start < e.span.end;
    });
  for (const f of [...findings].sort((a, b) => a.span.start - b.span.start)) {
    const fix = f.fixes[0];
    if (fix === undefined || fix.edits.some(overlaps)) continue;
    chosen.push(...fix.edits);
    count++;
  }
  return { edits: chosen, count };
}

function writeAtomically(abs: string, content: string): void {
  const tmp = join(dirname(abs), `.${basename(abs)}.activation-lens-${process.pid}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(abs).mode;
  } catch {
    // a new file: the default mode
  }
  try {
    writeFileSync(tmp, content, mode === undefined ? { encoding: 'utf8' } : { encoding: 'utf8', mode });
    renameSync(tmp, abs);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

/** Applies fixes up to a few rounds (a fix can uncover or unblock another), returning the new text and the count. */
function fixSource(path: string, text: string, o: Options): { text: string; fixed: number } {
  const isNotebook = path.toLowerCase().endsWith('.ipynb');
  let current = text;
  let fixed = 0;
  for (let round = 0; round < 4; round++) {
    const report = analyseSource(path, current, o);
    if (typeof report === 'string') break;
    let roundFixed = 0;
    if (isNotebook) {
      const byCell = new Map<number, TextEdit[]>();
      for (const u of report.units) {
        const { edits, count } = chooseEdits(u.findings);
        if (count > 0) byCell.set(u.cell!, edits);
        roundFixed += count;
      }
      if (roundFixed > 0) current = applyCellEdits(current, byCell);
    } else {
      const { edits, count } = chooseEdits(report.units[0]!.findings);
      if (count > 0) current = applyEdits(current, edits);
      roundFixed = count;
    }
    if (roundFixed === 0) break;
    fixed += roundFixed;
  }
  return { text: current, fixed };
}

export const checkCommand: Command = async (args: readonly string[], io: CliIo): Promise<number> => {
  let o: Options;
  try {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      io.out(HELP + '\n');
      return EXIT_OK;
    }
    o = parsed;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`activation-lens check: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const walked = collectFiles(o.paths, io.cwd);
  const errors = [...walked.errors];
  const reports: FileReport[] = [];
  let stdinText: string | undefined;
  for (const path of walked.files) {
    let text: string;
    try {
      if (path === '-') {
        stdinText ??= await io.readStdin();
        text = stdinText;
      } else text = readFileSync(resolve(io.cwd, path), 'utf8');
    } catch (e) {
      errors.push(`${path}: ${ioMessage(e)}`);
      continue;
    }
    let fixed = 0;
    if (o.fix) {
      const r = fixSource(path, text, o);
      if (r.fixed > 0) {
        if (path === '-') io.out(r.text);
        else {
          try {
            writeAtomically(resolve(io.cwd, path), r.text);
          } catch (e) {
            errors.push(`${path}: could not write the fixed file: ${ioMessage(e)}`);
            continue;
          }
        }
        text = r.text;
        fixed = r.fixed;
      } else if (path === '-') io.out(text);
    }
    const report = analyseSource(path, text, o);
    if (typeof report === 'string') {
      errors.push(`${path}: ${report}`);
      continue;
    }
    reports.push({ ...report, fixed });
  }
  const findingCount = reports.reduce((n, r) => n + r.units.reduce((m, u) => m + u.findings.length, 0), 0);
  // With --fix on stdin the fixed source goes to stdout, so the report goes to stderr.
  const write = o.fix && walked.files.includes('-') ? io.err : io.out;
  if (o.format === 'json') write(JSON.stringify(toJson(reports, errors, o)) + '\n');
  else {
    write(toText(reports, o));
    for (const e of errors) io.err(`activation-lens check: ${e}\n`);
  }
  if (errors.length > 0) return EXIT_USAGE;
  return findingCount > 0 ? EXIT_FINDINGS : EXIT_OK;
};

function toText(reports: readonly FileReport[], o: Options): string {
  let out = '';
  let total = 0;
  let fixable = 0;
  let fixedTotal = 0;
  for (const r of reports) {
    fixedTotal += r.fixed;
    for (const u of r.units) {
      const lines = new LineIndex(u.text);
      for (const f of [...u.findings].sort((a, b) => a.span.start - b.span.start)) {
        const p = lines.position(f.span.start);
        const where = u.cell === undefined ? `${r.path}:${p.line + 1}:${p.column + 1}` : `${r.path}:cell ${u.cell}:${p.line + 1}:${p.column + 1}`;
        out += `${where}: ${f.rule}${f.fixes.length > 0 ? ' [*]' : ''} ${f.message}\n`;
        total++;
        if (f.fixes.length > 0) fixable++;
      }
    }
    if (o.timing) out += `${r.path}: analysed in ${r.analysisMs.toFixed(2)} ms\n`;
  }
  if (o.timing) out += `analysis: ${reports.reduce((s, r) => s + r.analysisMs, 0).toFixed(2)} ms for ${reports.length} file(s)\n`;
  if (o.fix && fixedTotal > 0) out += `Fixed ${fixedTotal} finding${fixedTotal === 1 ? '' : 's'} in ${reports.filter((r) => r.fixed > 0).length} file(s).\n`;
  if (total === 0) out += o.fix && fixedTotal > 0 ? 'No findings remain.\n' : 'All checks passed!\n';
  else out += `Found ${total} finding${total === 1 ? '' : 's'}${fixable > 0 ? ` (${fixable} fixable with --fix)` : ''}.\n`;
  return out;
}

interface JsonRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function range(lines: LineIndex, start: number, end: number): JsonRange {
  const a = lines.position(start);
  const b = lines.position(end);
  return { line: a.line + 1, column: a.column + 1, endLine: b.line + 1, endColumn: b.column + 1 };
}

function toJson(reports: readonly FileReport[], errors: readonly string[], o: Options): unknown {
  const files: unknown[] = [];
  for (const r of reports) {
    for (const u of r.units) {
      const lines = new LineIndex(u.text);
      const entry: Record<string, unknown> = { path: r.path, language: r.language };
      if (u.cell !== undefined) entry.cell = u.cell;
      entry.activations = u.result.uses.map((a: ActivationUse) => ({
        ...range(lines, a.span.start, a.span.end), activation: a.activation, name: a.name, framework: a.framework, kind: a.kind,
        ...(a.qualifiedName !== a.name ? { qualifiedName: a.qualifiedName } : {}),
        ...(Object.keys(a.params).length > 0 ? { params: a.params } : {}),
        ...(a.literalArgument !== undefined ? { literalArgument: a.literalArgument } : {}),
      }));
      entry.diagnostics = [...u.findings].sort((a, b) => a.span.start - b.span.start).map((f) => ({
        ...range(lines, f.span.start, f.span.end), rule: f.rule, severity: f.severity, message: f.message, activation: f.activation,
        fixes: f.fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ ...range(lines, e.span.start, e.span.end), newText: e.newText })) })),
      }));
      if (o.fix) entry.fixed = r.fixed;
      if (o.timing && (u.cell === undefined || u === r.units[0])) entry.analysisMs = r.analysisMs;
      files.push(entry);
    }
    if (r.units.length === 0) {
      const entry: Record<string, unknown> = { path: r.path, language: r.language, activations: [], diagnostics: [] };
      if (o.timing) entry.analysisMs = r.analysisMs;
      files.push(entry);
    }
  }
  const out: Record<string, unknown> = { version: 1, files };
  if (errors.length > 0) out.errors = errors;
  if (o.timing) out.timing = { analysisMs: reports.reduce((s, r) => s + r.analysisMs, 0) };
  return out;
}
