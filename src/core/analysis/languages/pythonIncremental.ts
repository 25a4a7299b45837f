// Re-analysis after an edit inside one function or class. The editor sends whole texts, one version after
// another; when the new text differs from a recent one only inside a top-level `def`/`class` block, and
// the edit changes nothing the rest of the file depends on (imports, definitions, names that shadow an
// import, BCE criteria, dtype hints), only that block is analysed again and the other results are reused,
// shifted past the edit. Function bodies open their own scope, so nothing else can depend on them.
// Anything else — an edit at top level, across blocks, leaving brackets or a string open — is analysed in full.
import type { ActivationUse, AnalysisResult, Finding, Fix, TextEdit } from '../types';
import { type PythonContext, type PythonLayout, analyzePythonFull, analyzePythonWithContext } from './python';
import { KIND_NAME, KIND_OP, scanPython } from './pythonTokenizer';
import { BUILTIN_ELEMENTARY } from './pythonNames';

interface Entry {
  readonly text: string;
  readonly result: AnalysisResult;
  readonly context: PythonContext;
  readonly layout: PythonLayout;
}

// A few recent documents (the editor alternates between open files).
const CACHE_SIZE = 4;
const cache: Entry[] = [];
/** How many analyses were full and how many reused earlier results (tests and benches read it). */
export const pythonAnalysisCounts = { full: 0, incremental: 0 };

export function analyzePython(text: string): AnalysisResult {
  for (let i = 0; i < cache.length; i++) {
    const entry = cache[i]!;
    if (entry.text === text) return entry.result;
    const next = reanalyse(entry, text);
    if (next !== undefined) {
      pythonAnalysisCounts.incremental++;
      cache.splice(i, 1);
      cache.unshift(next);
      return next.result;
    }
  }
  const full = analyzePythonFull(text);
  pythonAnalysisCounts.full++;
  cache.unshift({ text, ...full });
  if (cache.length > CACHE_SIZE) cache.pop();
  return full.result;
}

/** Forget cached analyses (tests, and adapters that want to drop memory). */
export function clearPythonAnalysisCache(): void {
  cache.length = 0;
}

function reanalyse(old: Entry, text: string): Entry | undefined {
  const a = old.text;
  // Cheap rejection first: an edit by a keystroke or a paste leaves most of the text in place.
  if (Math.abs(a.length - text.length) > 10_000) return undefined;
  const max = Math.min(a.length, text.length);
  // Common prefix and suffix, compared 32 KB at a time, then in smaller chunks, then to the character.
  // Equality of two slices is a native memory comparison; `startsWith`/`endsWith` compare character by
  // character (measured: 0.006 ms against 0.6 ms for the prefix of a 276 KB text).
  let p = 0;
  for (let chunk = 32768; chunk >= 64; chunk >>= 3) {
    while (p + chunk <= max && a.slice(p, p + chunk) === text.slice(p, p + chunk)) p += chunk;
  }
  while (p < max && a.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  for (let chunk = 32768; chunk >= 64; chunk >>= 3) {
    while (s + chunk <= max - p && a.slice(a.length - s - chunk, a.length - s) === text.slice(text.length - s - chunk, text.length - s)) s += chunk;
  }
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = a.length - s;
  const delta = text.length - a.length;
  const starts = old.layout.topLevelStarts;
  if (old.layout.unbalanced || old.layout.importInsert.before) return undefined;
  // The block containing the edit: from the last top-level statement start at or before it to the next one.
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || starts[0]! > p) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  const blockStart = starts[lo]!;
  const blockEnd = lo + 1 < starts.length ? starts[lo + 1]! : a.length;
  if (oldEnd >= blockEnd && lo + 1 < starts.length) return undefined;
  const oldBlock = a.slice(blockStart, blockEnd);
  const newBlock = text.slice(blockStart, blockEnd + delta);
  if (!isDefinitionBlock(oldBlock) || !isDefinitionBlock(newBlock)) return undefined;
  const relevant = relevantNames(old.context);
  if (declarations(oldBlock, relevant) !== declarations(newBlock, relevant)) return undefined;

  // Top-level imports are never inside a def/class block: the insertion point is before or after it.
  const shiftAfter = (offset: number): number => (offset >= blockEnd ? offset + delta : offset);
  const importInsert = { offset: shiftAfter(old.layout.importInsert.offset), before: false };
  // The block adds nothing new to the context (its declarations are unchanged), so the context is shared, not copied.
  const block = analyzePythonWithContext(newBlock, old.context, { importInsert: { offset: importInsert.offset - blockStart, before: false }, shareContext: true });
  if (block.layout.unbalanced || block.layout.topLevelStarts.length !== 1) return undefined;

  // Plain loops, same filters and order as before: no intermediate arrays.
  const uses: ActivationUse[] = [];
  for (const u of old.result.uses) if (u.span.end <= blockStart) uses.push(u);
  for (const u of block.result.uses) uses.push({ ...u, span: { start: u.span.start + blockStart, end: u.span.end + blockStart } });
  for (const u of old.result.uses) if (u.span.start >= blockEnd) uses.push({ ...u, span: { start: u.span.start + delta, end: u.span.end + delta } });
  const findings: Finding[] = [];
  for (const f of old.result.findings) if (f.span.end <= blockStart) findings.push(f);
  const shiftBlock = (o: number): number => o + blockStart;
  for (const f of block.result.findings) findings.push(shiftFinding(f, shiftBlock));
  for (const f of old.result.findings) if (f.span.start >= blockEnd) findings.push(shiftFinding(f, shiftAfter));
  // Starts ascend: those up to the edited block's stay, the later ones (all at or past blockEnd) move.
  const topLevelStarts = starts.slice();
  for (let i = lo + 1; i < topLevelStarts.length; i++) topLevelStarts[i] = shiftAfter(topLevelStarts[i]!);
  const layout: PythonLayout = {
    topLevelStarts,
    importInsert,
    unbalanced: false,
  };
  return { text, result: { language: 'python', uses, findings }, context: old.context, layout };
}

/**
 * How many unread shifts a finding may stand behind. A shifted finding builds its fixes from the finding it
 * was shifted from, so each edit that shifts it again adds a link to a chain that only reading `fixes`
 * breaks; past this depth the fixes are built at once, so a long editing session cannot pile up findings
 * (and the analyses behind them) that can never be freed.
 */
const MAX_UNREAD_SHIFTS = 8;
const unreadShifts = new WeakMap<Finding, number>();

/** A finding moved in the text; its fixes (built lazily) move with it. */
function shiftFinding(f: Finding, shift: (offset: number) => number): Finding {
  const depth = (unreadShifts.get(f) ?? 0) + 1;
  const shiftEdit = (e: TextEdit): TextEdit => ({ span: { start: shift(e.span.start), end: shift(e.span.end) }, newText: e.newText });
  const shiftFixes = (from: readonly Fix[]): Fix[] => from.map((x) => ({ title: x.title, edits: x.edits.map(shiftEdit) }));
  let fixes: Fix[] | undefined = depth > MAX_UNREAD_SHIFTS ? shiftFixes(f.fixes) : undefined;
  // Dropped once the fixes are built, so the shifted finding no longer keeps the older one alive.
  let source: Finding | undefined = fixes ? undefined : f;
  const shifted: Finding = {
    span: { start: shift(f.span.start), end: shift(f.span.end) },
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    activation: f.activation,
    ...(f.literalArgument !== undefined ? { literalArgument: f.literalArgument } : {}),
    get fixes(): Fix[] {
      if (!fixes) {
        fixes = shiftFixes(source!.fixes);
        source = undefined;
        unreadShifts.delete(shifted);
      }
      return fixes;
    },
  };
  if (!fixes) unreadShifts.set(shifted, depth);
  return shifted;
}

/** A top-level `def`/`class` (or `async def`) whose other logical lines are all indented, with brackets and strings closed. */
function isDefinitionBlock(block: string): boolean {
  const toks = scanPython(block);
  if (toks.finalDepth !== 0 || toks.unterminatedString || toks.lines.length === 0) return false;
  const first = toks.lines[0]!;
  if (toks.starts[first] !== 0) return false;
  const head = toks.is(first, 'async') ? first + 1 : first;
  if (!(toks.kinds[head] === KIND_NAME && (toks.is(head, 'def') || toks.is(head, 'class')))) return false;
  for (let k = 2; k < toks.lines.length; k += 2) {
    const start = toks.starts[toks.lines[k]!]!;
    const c = block.charCodeAt(start - 1);
    if (c === 10 || c === 13) return false;
  }
  return true;
}

/** Names whose binding inside a block changes how the rest of the file resolves (see Resolver.resolve). */
function relevantNames(ctx: PythonContext): ReadonlySet<string> | 'all' {
  if (ctx.aliases.starModules.length > 0) return 'all';
  return new Set([...ctx.aliases.bindings.keys(), ...Object.keys(BUILTIN_ELEMENTARY), ...ctx.userActivations.keys()]);
}

/** What a block contributes to the file-wide context, as a comparable string. */
function declarations(block: string, relevant: ReadonlySet<string> | 'all'): string {
  const toks = scanPython(block);
  const out: string[] = [];
  const { kinds, lines } = toks;
  for (let k = 0; k < lines.length; k += 2) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    if (kinds[a] === KIND_NAME && (toks.is(a, 'import') || toks.is(a, 'from'))) out.push(`import ${block.slice(toks.starts[a]!, toks.ends[b - 1]!)}`);
    const head = toks.is(a, 'async') ? a + 1 : a;
    if (kinds[head] === KIND_NAME && (toks.is(head, 'def') || toks.is(head, 'class')) && head + 1 < b) out.push(`def ${toks.textOf(head + 1)}`);
    if (kinds[a] === KIND_NAME && a + 1 < b && kinds[a + 1] === KIND_OP && (toks.is(a + 1, '=') || toks.is(a + 1, ':'))) {
      const name = toks.textOf(a);
      if (relevant === 'all' || relevant.has(name) || (a + 2 < b && toks.is(a + 2, 'lambda'))) out.push(`bind ${name}`);
    }
    for (let j = a; j < b; j++) {
      if (kinds[j] !== KIND_NAME) continue;
      if (toks.is(j, 'BCELoss') || toks.is(j, 'float32') || toks.is(j, 'float16') || toks.is(j, 'bfloat16') || toks.is(j, 'half')) {
        out.push(`${toks.textOf(j)} ${block.slice(toks.starts[a]!, toks.ends[b - 1]!)}`);
      }
    }
  }
  return out.join('\n');
}
