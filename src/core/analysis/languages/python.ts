// The Python analyzer: tokens → logical lines → (only lines that mention a candidate name) parsed
// statements → activation uses and stability findings with fixes. Notebook cells are analysed one after
// another with the alias table carried from cell to cell (`analyzePythonCells`).
import { findParam, getActivation } from '../../math/catalog';
import type { ActivationId, Dtype, ParamValue } from '../../math/types';
import { stabilityMessage } from '../stabilityMessages';
import { type ElementaryCall, type RuleMatch, type RuleSemantics, type SigmoidCall, matchRule, numericValue } from '../stabilityRules';
import { applySuppressions } from '../suppression';
import { type BinaryExpr, type CallExpr, type Expr, type Token, dottedName, sameExpr, stripParens } from '../syntax';
import type { ActivationUse, AnalysisResult, Finding, Fix, UseFramework } from '../types';
import { dtypeForLibrary, expOverflowLimit } from '../stabilityFacts';
import { PYTHON_GRAMMAR } from './pythonGrammar';
import { AliasTable, readImportColumns } from './pythonImports';
import {
  ACTIVATION_KEYWORDS, BUILTIN_ELEMENTARY, METHOD_ELEMENTARY, STRING_ACTIVATION_CALLEES, TORCH_TENSOR_METHODS, activationForDefinition,
  activationForString, canonicalModule, elementaryFunction, knownActivation,
} from './pythonNames';
import { type FixContext, pythonFixes } from './pythonFixes';
import { type ParsedStatement, parseStatementColumns } from './pythonStatements';
import { TokenColumns, keywordCode, keywordOfBytes } from '../expressionParser';
import { pythonNumberValue } from './pythonGrammar';
import { PythonRangeGuards } from './pythonRangeGuards';
import { assignsEveryTimeBefore, pythonClipCall, type PythonStatementLayout } from './pythonClipRanges';
import {
  type CompactTokens, KIND_COMMENT, KIND_NAME, KIND_NUMBER, KIND_OP, KIND_STRING, LINE_ASSIGNMENT_WORD, LINE_CANDIDATE, LINE_SPECIAL_WORD, LineWordTable,
  NameSignature, codeUnitAt, scanPythonShared,
} from './pythonTokenizer';

/** What one cell (or file) leaves for the next: imports and the names it defines. */
export interface PythonContext {
  readonly aliases: AliasTable;
  readonly userBound: Set<string>;
  readonly userActivations: Map<string, ActivationId>;
  readonly bceCriteria: Set<string>;
  float32: boolean;
}

export function newPythonContext(): PythonContext {
  return { aliases: new AliasTable(), userBound: new Set(), userActivations: new Map(), bceCriteria: new Set(), float32: false };
}

function cloneContext(c: PythonContext): PythonContext {
  return {
    aliases: c.aliases.clone(), userBound: new Set(c.userBound), userActivations: new Map(c.userActivations),
    bceCriteria: new Set(c.bceCriteria), float32: c.float32,
  };
}

/**
 * One function's (or the module's) view of its plain-name assignments. The collections are made on first
 * use: many scopes (classes, short methods) never need them.
 */
class Scope {
  /** Plain-name assignments so far: parsed, or the index in `lines` of a statement not parsed yet. */
  private assigns: Map<string, Expr | number> | undefined;
  /**
   * For an assigned value (parsed, or its statement's index), the value its name held before: a clip split over
   * successive assignments (`x = np.minimum(x, 80)` then `x = np.maximum(x, -80)`) is read back through it.
   */
  private earlier: Map<Expr | number, Expr | number> | undefined;
  /** Assigned names whose value may matter to a rule (an exp, a sigmoid, a clip, a max): statements using them are parsed. */
  private interesting: Set<string> | undefined;
  /** A 32-bit filter of the lengths and first/last characters of every name ever assigned (see `mayBeAssigned`). */
  private assignedBits = 0;
  /** The same filter for the names ever made interesting: far fewer, so it lets far fewer names through. */
  private interestingBits = 0;
  /** The line-signature bits of the names ever made interesting. */
  private readonly interestingSignature = new NameSignature();
  /** Expressions whose sign an `if`/`elif`/`while` of this function tested against 0. */
  readonly signGuards: Expr[] = [];

  constructor(readonly indent: number) {}

  /** False when text[start, end) (with its `CompactTokens.chars`) was certainly never assigned in this scope; no string is built. */
  mayBeAssigned(chars: Uint8Array, text: string, start: number, end: number): boolean {
    const bits = nameBitsAt(chars, text, start, end);
    return (this.assignedBits & bits) === bits;
  }

  /** False when text[start, end) (with its `CompactTokens.chars`) was certainly never an interesting name of this scope; no string is built. */
  mayBeInteresting(chars: Uint8Array, text: string, start: number, end: number): boolean {
    const bits = nameBitsAt(chars, text, start, end);
    return (this.interestingBits & bits) === bits;
  }

  /** Whether the scope has ever had an interesting name. */
  hasInteresting(): boolean {
    return this.interestingBits !== 0;
  }

  /** False when a line of that signature certainly names none of the scope's interesting names. */
  mayNameInteresting(signatureLow: number, signatureHigh: number): boolean {
    return this.interestingSignature.meets(signatureLow, signatureHigh);
  }

  get(name: string): Expr | number | undefined {
    return this.assigns?.get(name);
  }

  isInteresting(name: string): boolean {
    return this.interesting !== undefined && this.interesting.has(name);
  }

  assign(name: string, value: Expr | number, interesting: boolean): void {
    const assigns = (this.assigns ??= new Map());
    const before = assigns.get(name);
    if (before !== undefined) (this.earlier ??= new Map()).set(value, before);
    assigns.set(name, value);
    this.assignedBits |= nameBits(name);
    if (interesting) {
      (this.interesting ??= new Set()).add(name);
      this.interestingBits |= nameBits(name);
      this.interestingSignature.add(name);
    } else this.interesting?.delete(name);
  }

  /** Replaces a statement index by its parsed value (or forgets the name when the statement holds none). */
  resolved(name: string, value: Expr | undefined): void {
    if (value === undefined) this.assigns?.delete(name);
    else {
      const index = this.assigns?.get(name);
      this.assigns?.set(name, value);
      const before = typeof index === 'number' ? this.earlier?.get(index) : undefined;
      if (before !== undefined) this.earlier!.set(value, before);
    }
  }

  /** The value `value`'s name held before it was assigned (see `earlier`). */
  before(value: Expr | number): Expr | number | undefined {
    return this.earlier?.get(value);
  }

  forget(name: string, interestingToo: boolean): void {
    this.assigns?.delete(name);
    if (interestingToo) this.interesting?.delete(name);
  }
}

/** Two bits (of 32) from a name's length and its first and last characters. */
function bitsOfName(length: number, first: number, last: number): number {
  return (1 << ((first * 7 + length) & 31)) | (1 << ((last * 13 + length * 3) & 31));
}

function nameBits(name: string): number {
  return bitsOfName(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
}

/** `nameBits` of text[start, end), read from the text's `CompactTokens.chars`. */
function nameBitsAt(chars: Uint8Array, text: string, start: number, end: number): number {
  return bitsOfName(end - start, codeUnitAt(chars, text, start), codeUnitAt(chars, text, end - 1));
}

const MAX_SIGN_GUARDS = 64;
// How far back a clip split over successive assignments of one name is followed.
const MAX_EARLIER_ASSIGNMENTS = 8;

// The name tables as maps: names from the text are looked up there without being interned first, as object keys would be.
const BUILTIN_OPS = new Map(Object.entries(BUILTIN_ELEMENTARY));
const METHOD_OPS = new Map(Object.entries(METHOD_ELEMENTARY));
const TENSOR_METHOD_ACTIVATIONS = new Map(Object.entries(TORCH_TENSOR_METHODS));

// Token columns reused by every analysis (each use refills them; an analysis does not re-enter itself, and
// nothing it returns holds them): the statement being parsed, a statement parsed on demand while that one is
// still in use, an import line.
const STATEMENT_COLUMNS = new TokenColumns();
const ON_DEMAND_COLUMNS = new TokenColumns();
const IMPORT_COLUMNS = new TokenColumns();
// The parsed statement of the loop, refilled per statement: nothing keeps it (or its arrays) past its iteration.
const STATEMENT_SCRATCH: ParsedStatement = parseStatementColumns(STATEMENT_COLUMNS, 0, 0);

const KW_IMPORT = keywordCode('import');
const KW_FROM = keywordCode('from');
const KW_ASYNC = keywordCode('async');
const KW_DEF = keywordCode('def');
const KW_CLASS = keywordCode('class');
const KW_IF = keywordCode('if');
const KW_RETURN = keywordCode('return');
const KW_ELIF = keywordCode('elif');
const KW_WHILE = keywordCode('while');

/** What `np`, `F`, `tf`... mean in code that shows no imports (a notebook cell, a pasted snippet). */
const CONVENTIONAL_ALIASES: ReadonlyArray<[string, string]> = [
  ['np', 'numpy'], ['torch', 'torch'], ['F', 'torch.nn.functional'], ['nn', 'torch.nn'], ['tf', 'tensorflow'], ['jnp', 'jax.numpy'],
  ['jax', 'jax'], ['math', 'math'], ['keras', 'keras'],
];

// The candidate names of every file (see candidateNames).
const FIXED_CANDIDATES: readonly string[] = ['BCELoss', 'exp', 'log', 'log1p', ...ACTIVATION_KEYWORDS, ...Object.keys(TORCH_TENSOR_METHODS)];

function newScope(indent: number): Scope {
  return new Scope(indent);
}

// Words that make a skipped assignment's value worth remembering as interesting.
const ASSIGNMENT_WORDS = new Set(['exp', 'sigmoid', 'expit', 'clip', 'clamp', 'clip_by_value', 'max', 'amax', 'reduce_max', 'e', 'log', 'abs']);

function mentionsAssignmentWord(toks: CompactTokens, from: number, to: number): boolean {
  const { kinds, starts, ends, text, chars } = toks;
  for (let j = from; j < to; j++) {
    if (kinds[j] === KIND_NAME && ASSIGNMENT_FILTER.mayMatch(chars, text, starts[j]!, ends[j]!) && ASSIGNMENT_WORDS.has(toks.nameOf(j))) return true;
  }
  return false;
}

/** `x >= 0`, `0 < x`, `x < 0.0` inside a condition: the x's. */
function signTests(cond: Expr): Expr[] {
  const out: Expr[] = [];
  const stack = [cond];
  while (stack.length > 0) {
    const e = stripParens(stack.pop()!);
    if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) stack.push(e.left, e.right);
    else if (e.kind === 'unary' && e.op === 'not') stack.push(e.operand);
    else if (e.kind === 'binary' && (e.op === '>=' || e.op === '>' || e.op === '<' || e.op === '<=')) {
      if (numericValue(e.right) === 0) out.push(e.left);
      else if (numericValue(e.left) === 0) out.push(e.right);
    }
  }
  return out;
}

const FRAMEWORK_OF_LIB: Record<string, UseFramework> = { numpy: 'numpy', torch: 'torch', tf: 'tf', jax: 'jax', math: 'math', user: 'user', scipy: 'scipy' };
const LIB_OF_FRAMEWORK: Partial<Record<UseFramework, string>> = { torch: 'torch', tf: 'tf', keras: 'tf', jax: 'jax', flax: 'jax', numpy: 'numpy', scipy: 'numpy', math: 'math', user: 'user' };
const SKIPPED_PARAMS = new Set(['inplace', 'input', 'x', 'features', 'name', 'dim', 'axis', 'num_parameters', 'dtype', 'out', 'training']);

/** Where the file's statements start at column 0, and where added imports go: what incremental re-analysis reuses. */
export interface PythonLayout {
  readonly topLevelStarts: number[];
  readonly importInsert: { readonly offset: number; readonly before: boolean };
  /** The text ends inside brackets or an unterminated string. */
  readonly unbalanced: boolean;
}

export function analyzePythonFull(text: string): { result: AnalysisResult; context: PythonContext; layout: PythonLayout } {
  return analyzePythonWithContext(text, newPythonContext());
}

/** Notebook cells in order: imports and definitions of earlier cells apply to later ones. */
export function analyzePythonCells(cells: readonly string[]): AnalysisResult[] {
  let context = newPythonContext();
  const out: AnalysisResult[] = [];
  for (const cell of cells) {
    const r = analyzePythonWithContext(cell, context, { notebookCell: true });
    out.push(r.result);
    context = r.context;
  }
  return out;
}

export function analyzePythonWithContext(
  text: string, previous: PythonContext,
  overrides: { readonly importInsert?: PythonLayout['importInsert']; readonly shareContext?: boolean; readonly notebookCell?: boolean } = {},
): { result: AnalysisResult; context: PythonContext; layout: PythonLayout } {
  // Sharing is for re-analysing a block whose declarations are already in `previous` (adding them again changes nothing).
  const ctx = overrides.shareContext === true ? previous : cloneContext(previous);
  // Shared columns: nothing returned below holds the tokens (fixes scan their text again), and the analysis
  // does not run inside itself.
  const toks = scanPythonShared(text, SCAN_WORDS);
  const { kinds, starts, ends, lines } = toks;
  // Pass 1: imports, definitions, names the file binds, BCELoss criteria, float32 hints.
  const declarations = readDeclarations(text, toks, ctx);
  const { indents, firstWords, headWords, assignedNames, topLevelStarts, firstCode } = declarations;
  let importInsert = declarations.importInsert;
  if (importInsert === undefined) importInsert = { offset: firstCode ?? text.length, before: true };
  // A text that imports nothing is a snippet or a notebook cell analysed alone: read the conventional aliases.
  if (ctx.aliases.bindings.size === 0 && ctx.aliases.starModules.length === 0) {
    for (const [local, module] of CONVENTIONAL_ALIASES) if (!ctx.userBound.has(local)) ctx.aliases.bindings.set(local, module);
  }
  const layout: PythonLayout = { topLevelStarts, importInsert, unbalanced: toks.finalDepth !== 0 || toks.unterminatedString };
  if (overrides.importInsert !== undefined) importInsert = overrides.importInsert;

  const candidates = candidateNames(ctx);
  const uses: ActivationUse[] = [];
  const scopes: Scope[] = [newScope(-1)];
  let localGuards: readonly Expr[] = [];
  const setLocalGuards = (guards: readonly Expr[]): void => {
    localGuards = guards;
  };
  const resolver = new Resolver(ctx, toks);
  // Statements parsed on demand (a value a rule looks up) while another statement's columns are still in use.
  const onDemand = ON_DEMAND_COLUMNS;
  const fileLibs = {
    torch: ctx.aliases.importsFrom('torch'),
    tf: ctx.aliases.importsFrom('tensorflow') || ctx.aliases.importsFrom('keras'),
    jax: ctx.aliases.importsFrom('jax') || ctx.aliases.importsFrom('flax'),
  };
  // Parsed on demand: a plain assignment the candidate filter skipped (k is its index in `lines`).
  const parsedAssignment = (k: number, name: string): Expr | undefined => {
    fillCode(onDemand, toks, lines[k]!, lines[k + 1]!);
    return parseStatementColumns(onDemand, 0, onDemand.count).assignments.find((x) => x.target.text === name)?.value;
  };
  const statementLayout: PythonStatementLayout = { toks, indents, headWords };
  // Made when a form first asks: most files have no form whose input a test could bound.
  let rangeGuards: PythonRangeGuards | undefined;
  const semantics: RuleSemantics = {
    text,
    expLimit: (lib) => expOverflowLimit(dtypeForLibrary(lib, ctx.float32)),
    elementary: (e) => resolver.elementary(e, fileLibs.torch),
    isEulerConstant: (e) => {
      const q = resolver.resolve(e);
      return q !== undefined && elementaryFunction(q)?.[0] === 'e';
    },
    sigmoidCall: (e) => resolver.sigmoidCall(e, fileLibs.torch),
    assignedValue: (name) => {
      const scope = scopes[scopes.length - 1]!;
      const v = scope.get(name);
      if (v === undefined || typeof v !== 'number') return v;
      const value = parsedAssignment(v, name);
      scope.resolved(name, value);
      return value;
    },
    clipCall: (call) => pythonClipCall(call, resolver.resolve(call.callee), !ctx.userBound.has('min') && !ctx.aliases.bindings.has('min'),
      (owner) => {
        const q = resolver.resolve(owner);
        return q !== undefined && !q.startsWith('user:');
      }),
    clipAssignedBefore: (name, at) => {
      const scope = scopes[scopes.length - 1]!;
      let v = scope.get(name);
      // Back over the assignments at or after `at`: the one whose value holds `at` (`x = np.maximum(x, -80)` reads the x before it).
      for (let steps = 0; v !== undefined && steps < MAX_EARLIER_ASSIGNMENTS; steps++) {
        const value = typeof v === 'number' ? parsedAssignment(v, name) : v;
        if (value === undefined) return undefined;
        if (value.end <= at) return value;
        v = scope.before(v);
      }
      return undefined;
    },
    assignsEveryTimeBefore: (name, value, at) => assignsEveryTimeBefore(statementLayout, value.start, at, name),
    guardedRange: (name, at) => (rangeGuards ??= new PythonRangeGuards(toks, indents)).rangeOf(name, at),
    isSignGuarded: (e) => {
      for (const g of localGuards) if (sameExpr(g, e, text)) return true;
      for (const g of scopes[scopes.length - 1]!.signGuards) if (sameExpr(g, e, text)) return true;
      return false;
    },
  };

  const fixContext: FixContext = {
    text, aliases: ctx.aliases, userBound: ctx.userBound, importInsert, eol: text.includes('\r\n') ? '\r\n' : '\n', notebookCell: overrides.notebookCell === true,
  };
  const recorder = new MatchRecorder(text, ctx.float32, fixContext);
  const onMatch = (match: RuleMatch, required: number): void => {
    recorder.record(match, required);
  };
  const candidateFilter = nameFilterFor(candidates);
  // The candidate names the scan's table does not hold (imported function names, the file's activations): the
  // bits of their line signatures. A line whose names hit no candidate in the table and whose signature has none
  // of these bits certainly names no candidate.
  const uncovered = new NameSignature();
  for (const name of candidates) {
    if (name.length === 0 || SCAN_WORDS.mayHold(name, 0, name.length, LINE_CANDIDATE)) continue;
    uncovered.add(name);
  }
  const allCovered = uncovered.isEmpty();
  const { lineFlags, lineFirstHits, lineLastHits, lineSignaturesLow, lineSignaturesHigh } = toks;
  const chains = new Map<string, boolean>();
  const ruleWords = ruleWordsOf(ctx);
  // Names of the statement worth a string: rule words, and the words that make an assigned value interesting.
  const ruleFilter = nameFilterFor([...ruleWords, ...ASSIGNMENT_WORDS]);
  const code = STATEMENT_COLUMNS;
  for (let k = 0; k < lines.length; k += 2) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    const indent = indents[k >> 1]!;
    while (scopes.length > 1 && indent <= scopes[scopes.length - 1]!.indent) scopes.pop();
    const scope = scopes[scopes.length - 1]!;
    const firstWord = firstWords[k >> 1]!;
    if (firstWord === KW_IMPORT || firstWord === KW_FROM) continue;
    // A `def`/`class` header opens a scope; it is parsed only for an activation's name or a body on the same line.
    const head = firstWord === KW_ASYNC ? a + 1 : a;
    const headWord = headWords[k >> 1]!;
    const isDef = headWord === KW_DEF || headWord === KW_CLASS;
    let hasCandidate = ctx.aliases.starModules.length > 0;
    if (isDef) {
      const headerOnly = kinds[b - 1] === KIND_OP && toks.is(b - 1, ':');
      // The name is only sliced when the file defines activations at all.
      if (headerOnly && (ctx.userActivations.size === 0 || !ctx.userActivations.has(head + 1 < b ? toks.nameOf(head + 1) : ''))) {
        scopes.push(newScope(indent));
        continue;
      }
      hasCandidate = true;
    }
    // Conditions matter when they test a sign against 0.
    if (!hasCandidate && (firstWord === KW_IF || firstWord === KW_ELIF || firstWord === KW_WHILE)) {
      for (let j = a + 1; j < b && !hasCandidate; j++) if (kinds[j] === KIND_NUMBER && pythonNumberValue(toks.textOf(j)) === 0) hasCandidate = true;
    }
    if (!hasCandidate) {
      const line = k >> 1;
      const signatureLow = lineSignaturesLow[line]!;
      const signatureHigh = lineSignaturesHigh[line]!;
      const interesting = scope.hasInteresting();
      if ((lineFlags[line]! & LINE_CANDIDATE) !== 0 || uncovered.meets(signatureLow, signatureHigh)
        || (interesting && scope.mayNameInteresting(signatureLow, signatureHigh))) {
        // Only the table's hits can be candidates when no other name may be one: the names before the first and
        // after the last are not looked at.
        const onlyHits = allCovered && !interesting && lineFirstHits[line]! >= 0;
        hasCandidate = lineHasCandidate(
          toks, onlyHits ? lineFirstHits[line]! : a, onlyHits ? lineLastHits[line]! + 1 : b, b, scope, candidateFilter, candidates, ctx, chains,
        );
      }
      // `return out`, `return a, b` (names the function assigned something interesting, but no candidate): a
      // walk finds nothing there (no call, no operator, no name that resolves to a use) and nothing is bound.
      if (hasCandidate && firstWord === KW_RETURN && returnsPlainNames(toks, a, b, candidateFilter, candidates)) continue;
    }
    if (!hasCandidate) {
      // Not parsed now, but a later rule may look up what a plain `name = ...` assigned: keep it for parsing on demand.
      if (kinds[a] === KIND_NAME && a + 1 < b) {
        if (kinds[a + 1] === KIND_OP && toks.is(a + 1, '=')) {
          scope.assign(assignedNames[k >> 1]!, k, (lineFlags[k >> 1]! & LINE_ASSIGNMENT_WORD) !== 0 && mentionsAssignmentWord(toks, a + 2, b));
        } else if ((kinds[a + 1] === KIND_OP || kinds[a + 1] === KIND_NAME) && scope.mayBeAssigned(toks.chars, text, starts[a]!, ends[a]!)) {
          // (A name this scope never assigned has nothing to forget: no slice for `loss.backward()`, `print(...)`.)
          scope.forget(toks.nameOf(a), true);
        }
      }
      continue;
    }
    // The statement's code tokens in columns (comments left out): no object or string per token.
    fillCode(code, toks, a, b);
    const firstIsName = code.kinds[0] === KIND_NAME;
    const st = parseStatementColumns(code, 0, code.count, STATEMENT_SCRATCH);
    if (st.definition !== undefined) {
      const def = st.definition;
      const act = ctx.userActivations.get(def.name.text);
      if (act !== undefined) {
        uses.push({
          span: { start: def.name.start, end: def.name.end }, activation: act, name: def.name.text, qualifiedName: def.name.text,
          framework: 'user', kind: 'definition', params: {},
        });
      }
    }
    if (st.isImport) continue;
    if (st.broken) {
      for (const n of st.rebound) scope.forget(n, false);
      if (firstIsName) scope.forget(code.text(0), false);
      if (st.definition !== undefined) scopes.push(newScope(indent));
      continue;
    }
    for (const asg of st.assignments) {
      const act = ctx.userActivations.get(asg.target.text);
      const v = stripParens(asg.value);
      if (act !== undefined && v.kind === 'group' && v.label === 'lambda') {
        uses.push({
          span: { start: asg.target.start, end: asg.target.end }, activation: act, name: asg.target.text, qualifiedName: asg.target.text,
          framework: 'user', kind: 'definition', params: {},
        });
      }
    }
    const stmtStart = code.starts[0]!;
    const stmtEnd = code.ends[code.count - 1]!;
    if (firstIsName && (code.codes[0] === KW_IF || code.codes[0] === KW_ELIF || code.codes[0] === KW_WHILE) && st.expressions[0] !== undefined) {
      const guards = scopes[scopes.length - 1]!.signGuards;
      // Bounded: a long script of `if x > 0:` lines must not make every later check slower.
      if (guards.length < MAX_SIGN_GUARDS) guards.push(...signTests(st.expressions[0]));
    }
    // The statement's names read once for both questions below (whether rules apply, whether an assigned value
    // matters later): nothing the walk does changes the words or the scope's interesting names.
    const words = st.expressions.length > 0 || st.assignments.length > 0 ? statementWords(code, toks, ruleFilter, ruleWords, scope) : 0;
    if (st.expressions.length > 0) {
      const rules = (words & (WORD_RULE | WORD_INTERESTING)) !== 0;
      recorder.stmtStart = stmtStart;
      recorder.stmtEnd = stmtEnd;
      for (const e of st.expressions) inspect(e, resolver, semantics, ctx, fileLibs.torch, uses, rules, setLocalGuards, onMatch);
      // The walk is done with this statement's nodes: dropping their cached answers lets the young generation
      // collect them, instead of copying every resolved node of the file until the analysis ends.
      resolver.forgetNodes();
    }
    for (const n of st.rebound) {
      scope.forget(n, true);
    }
    // Forgetting the rebound names may have made an interesting name of the statement plain again: asked
    // anew only then.
    const valueMatters = st.assignments.length > 0 && ((words & (WORD_RULE | WORD_ASSIGNMENT)) !== 0
      || ((words & WORD_INTERESTING) !== 0 && (st.rebound.length === 0 || mentionsRuleWord(code, toks, ruleFilter, ruleWords, scope, true))));
    for (const asg of st.assignments) {
      scope.assign(asg.target.text, asg.value, valueMatters);
    }
    if (st.definition !== undefined) scopes.push(newScope(indent));
  }

  // The forms' uses after the walk's, as they always were (the sort below is stable).
  for (const use of recorder.formUses) uses.push(use);
  const findings = recorder.findings;
  uses.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
  return {
    result: { language: 'python', uses, findings: applySuppressions(text, suppressionComments(toks, findings), findings, '#') },
    context: ctx,
    layout,
  };
}

/**
 * Turns each rule match into its finding (and use) as soon as the walk reports it: holding the matches until the
 * end kept every matched statement's nodes alive through the young generation's collections (measured: about
 * 1 MB per analysis of the bench file copied by the scavenger, then promoted and collected again as old garbage).
 */
class MatchRecorder {
  readonly findings: Finding[] = [];
  /** Uses of the hand-written forms (unstable, or already safe). */
  readonly formUses: ActivationUse[] = [];

  /** The statement being walked (what a fix may rewrite). */
  stmtStart = 0;
  stmtEnd = 0;

  constructor(private readonly text: string, private readonly float32: boolean, private readonly fixContext: FixContext) {}

  record(match: RuleMatch, required: number): void {
    const text = this.text;
    const stmtStart = this.stmtStart;
    const stmtEnd = this.stmtEnd;
    if (match.safe === true) {
      // A hand-written form that is already safe is still a use of its activation (a shifted log-sum-exp is none).
      if (match.rule === 'unstable-logsumexp') return;
      const literal = numericValue(match.arg);
      this.formUses.push(withLiteral({
        span: { start: match.node.start, end: match.node.end }, activation: match.activation,
        name: text.slice(match.node.start, Math.min(match.node.end, match.node.start + 120)),
        qualifiedName: text.slice(match.node.start, Math.min(match.node.end, match.node.start + 120)), framework: FRAMEWORK_OF_LIB[match.lib] ?? 'user',
        kind: 'call', params: {},
      }, literal !== undefined && match.negated ? -literal : literal));
      return;
    }
    const dtype = dtypeForLibrary(match.lib, this.float32);
    const literal = numericValue(match.arg);
    const fixContext = this.fixContext;
    const finding = lazyFinding(
      { start: match.node.start, end: match.node.end },
      match.rule,
      match.rule === 'lossy-sigmoid-derivative' ? 'information' : 'warning',
      messageOf(match, dtype),
      match.activation === 'softmax' && match.rule === 'unstable-logsumexp' ? 'softmax' : match.activation,
      literal !== undefined && match.negated ? -literal : literal,
      // Fixes are built (and re-parsed) when an adapter first asks for them: most findings are only displayed.
      () => pythonFixes(match, required, fixContext, { start: stmtStart, end: stmtEnd }),
    );
    this.findings.push(finding);
    if (match.rule !== 'bce-after-sigmoid' && match.rule !== 'lossy-sigmoid-derivative') {
      const use: { -readonly [K in keyof ActivationUse]: ActivationUse[K] } = withLiteral({
        span: finding.span, activation: finding.activation, name: text.slice(match.node.start, Math.min(match.node.end, match.node.start + 120)),
        qualifiedName: text.slice(match.node.start, Math.min(match.node.end, match.node.start + 120)), framework: FRAMEWORK_OF_LIB[match.lib] ?? 'user',
        kind: 'call', params: {},
      }, finding.literalArgument);
      use.rule = match.rule;
      this.formUses.push(use);
    }
  }
}

/**
 * Pass 1 of the analysis: imports, definitions, names the file binds, BCELoss criteria, float32 hints (into
 * `ctx`), and per logical line its indentation and the keyword codes of its first token and of its head (the
 * token after a leading `async`), read by pass 2 without comparing text again. A function of its own so that
 * its loop's locals stay out of the closures' context of `analyzePythonWithContext` (read in registers, not
 * through a heap context).
 */
function readDeclarations(text: string, toks: CompactTokens, ctx: PythonContext): {
  indents: Int32Array; firstWords: Uint8Array; headWords: Uint8Array; assignedNames: readonly string[]; topLevelStarts: number[]; firstCode: number | undefined;
  importInsert: { offset: number; before: boolean } | undefined;
} {
  const { kinds, starts, ends, lines } = toks;
  const special = SPECIAL_FILTER;
  let importInsert: { offset: number; before: boolean } | undefined;
  const importCode = IMPORT_COLUMNS;
  let firstCode: number | undefined;
  const topLevelStarts: number[] = [];
  // Each line's indentation and the keyword code (0: none) of its first token, from the scan; the keyword code of
  // its head (the token after a leading `async`): read by both passes without comparing text again.
  const indents = toks.lineIndents;
  const firstWords = toks.lineFirstWords;
  const lineFlags = toks.lineFlags;
  const headWords = new Uint8Array(lines.length >> 1);
  // The name of each `name = ...` / `name: T = ...` line, sliced once for both passes (holes elsewhere).
  const assignedNames: string[] = new Array<string>(lines.length >> 1);
  for (let k = 0; k < lines.length; k += 2) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    const indent = indents[k >> 1]!;
    const firstWord = firstWords[k >> 1]!;
    const head = firstWord === KW_ASYNC ? a + 1 : a;
    const headWord = head === a ? firstWord : kinds[head] === KIND_NAME ? keywordOfBytes(toks.chars, starts[head]!, ends[head]!) : 0;
    headWords[k >> 1] = headWord;
    if (indent === 0) topLevelStarts.push(starts[a]!);
    if (firstCode === undefined) {
      const isDocstring = nextCode(kinds, a + 1, b) === b && kinds[a] === KIND_STRING;
      if (!isDocstring) firstCode = starts[a]!;
    }
    if (firstWord === KW_IMPORT || firstWord === KW_FROM) {
      fillCode(importCode, toks, a, b);
      readImportColumns(importCode, 0, importCode.count, ctx.aliases);
      if (indent === 0) importInsert = { offset: importCode.ends[importCode.count - 1]!, before: false };
      continue;
    }
    if ((headWord === KW_DEF || headWord === KW_CLASS) && head + 1 < b && kinds[head + 1] === KIND_NAME) {
      const name = toks.nameOf(head + 1);
      ctx.userBound.add(name);
      const act = activationForDefinition(name);
      if (act !== undefined) ctx.userActivations.set(name, act);
      continue;
    }
    if (kinds[a] === KIND_NAME && a + 1 < b && kinds[a + 1] === KIND_OP && (toks.is(a + 1, '=') || toks.is(a + 1, ':'))) {
      const name = toks.nameOf(a);
      ctx.userBound.add(name);
      assignedNames[k >> 1] = name;
      if (a + 2 < b && toks.is(a + 2, 'lambda')) {
        const act = activationForDefinition(name);
        if (act !== undefined) ctx.userActivations.set(name, act);
      }
    }
    // Only the lines the scan flagged may name one of SPECIAL_WORDS (no search of the whole text first: the flags
    // let no line of the bench file through, and three searches of it for parts of the words cost 0.06 ms).
    if ((lineFlags[k >> 1]! & LINE_SPECIAL_WORD) === 0) continue;
    let eq = -1;
    let hasBce = false;
    let depth = 0;
    for (let j = a; j < b; j++) {
      const kind = kinds[j]!;
      if (kind === KIND_OP) {
        const c = text.charCodeAt(starts[j]!);
        const width = ends[j]! - starts[j]!;
        if (c === 40 || c === 91) depth++;
        else if (c === 41 || c === 93) depth--;
        else if (c === 61 && width === 1 && depth === 0 && eq < 0) eq = j;
      } else if (kind === KIND_NAME && special.mayMatch(toks.chars, text, starts[j]!, ends[j]!)) {
        const name = toks.nameOf(j);
        if (name === 'BCELoss') hasBce = true;
        else if (special.has(name)) ctx.float32 = true;
      }
    }
    if (hasBce && eq > a) ctx.bceCriteria.add(toks.codeTokens(a, eq).map((t) => t.text).join(''));
  }
  return { indents, firstWords, headWords, assignedNames, topLevelStarts, firstCode, importInsert };
}

/** The first code token at or after i before b (a line may not start with a comment, see the tokenizer). */
function nextCode(kinds: Uint8Array, i: number, b: number): number {
  let j = i;
  while (j < b && kinds[j] === KIND_COMMENT) j++;
  return j;
}

/**
 * Whether the tokens [from, to) of the line ending before b name a candidate: an interesting name of the scope, an imported name whose
 * chain names something a rule or a use is about, or another candidate name. (A function of its own for the
 * same reason as `readDeclarations`.)
 */
function lineHasCandidate(
  toks: CompactTokens, from: number, to: number, b: number, scope: Scope, candidateFilter: NameFilter, candidates: ReadonlySet<string>,
  ctx: PythonContext, chains: Map<string, boolean>,
): boolean {
  const { kinds, starts, ends, text, chars } = toks;
  for (let j = from; j < to; j++) {
    if (kinds[j] !== KIND_NAME) continue;
    if (candidateFilter.mayMatch(chars, text, starts[j]!, ends[j]!) || scope.mayBeInteresting(chars, text, starts[j]!, ends[j]!)) {
      const name = toks.nameOf(j);
      if (scope.isInteresting(name)) return true;
      if (candidates.has(name)) {
        const found = ctx.aliases.bindings.has(name)
          ? isAfterDot(toks, j) || interestingChain(toks, j, b, ctx, chains)
          // `activation=` and friends count as keyword arguments only.
          : !ACTIVATION_KEYWORDS.has(name) || (j + 1 < b && toks.is(j + 1, '='));
        if (found) return true;
      }
    }
  }
  return false;
}

/**
 * The use with `literalArgument` added when there is one (last, as a spread would have put it): assigned rather
 * than spread into a literal, which V8 builds through a slow generic copy.
 */
function withLiteral(use: ActivationUse, literal: number | undefined): { -readonly [K in keyof ActivationUse]: ActivationUse[K] } {
  const out: { -readonly [K in keyof ActivationUse]: ActivationUse[K] } = use;
  if (literal !== undefined) out.literalArgument = literal;
  return out;
}

// The fixes maker (then the fixes it made) of a finding, kept under a symbol: not one of its enumerable properties.
const PENDING_FIXES = Symbol('pendingFixes');
type PendingFinding = Finding & { [PENDING_FIXES]: (() => Fix[]) | Fix[] };

function pendingFixes(this: PendingFinding): Fix[] {
  const pending = this[PENDING_FIXES];
  if (typeof pending !== 'function') return pending;
  const fixes = pending();
  this[PENDING_FIXES] = fixes;
  return fixes;
}

// One getter shared by every finding: a getter written in each finding's object literal made each finding a
// dictionary-mode object built property by property in V8's runtime (measured: a third of the analysis loop's own
// time on a file of findings, 1.5 µs per finding).
const FIXES_PROPERTY: PropertyDescriptor = { get: pendingFixes, enumerable: true, configurable: true };

/**
 * A finding whose fixes are made on first read. Its own enumerable properties are those of the literal
 * `{ span, rule, severity, message, activation, literalArgument?, get fixes() }`, in that order (what JSON and
 * structured clones see).
 */
function lazyFinding(
  span: Finding['span'], rule: Finding['rule'], severity: Finding['severity'], message: string, activation: Finding['activation'],
  literal: number | undefined, makeFixes: () => Fix[],
): Finding {
  const finding = (literal === undefined ? { span, rule, severity, message, activation } : { span, rule, severity, message, activation, literalArgument: literal }) as PendingFinding;
  Object.defineProperty(finding, PENDING_FIXES, { value: makeFixes, writable: true });
  Object.defineProperty(finding, 'fixes', FIXES_PROPERTY);
  return finding;
}

/**
 * Whether the `return` line toks[a, b) returns names alone (`return out`, `return a, b,`): no keyword among
 * them, none a candidate name. (Star imports make every line a candidate before this is asked.)
 */
function returnsPlainNames(toks: CompactTokens, a: number, b: number, candidateFilter: NameFilter, candidates: ReadonlySet<string>): boolean {
  const { kinds, starts, ends, text, chars } = toks;
  let names = 0;
  let expectName = true;
  for (let j = a + 1; j < b; j++) {
    const kind = kinds[j];
    if (kind === KIND_COMMENT) continue;
    if (expectName) {
      if (kind !== KIND_NAME || keywordOfBytes(chars, starts[j]!, ends[j]!) !== 0) return false;
      if (candidateFilter.mayMatch(chars, text, starts[j]!, ends[j]!) && candidates.has(toks.nameOf(j))) return false;
      names++;
      expectName = false;
    } else {
      if (kind !== KIND_OP || !toks.is(j, ',')) return false;
      expectName = true;
    }
  }
  return names > 0;
}

// A finding's message depends only on its rule, variant, sign, halving, library and dtype (see stabilityMessage),
// and formatting its thresholds is the costly part of making one: each distinct message is made once.
// Keyed by a number made of small ids of those strings: a key string built per finding had to be flattened and
// hashed for every lookup (measured: half a microsecond per finding).
const MESSAGES = new Map<number, string>();
const MESSAGE_KEY_PARTS = new Map<string, number>();

/** A small id (0 to 63) of one of the few strings a message key is made of; NaN past 64 distinct strings. */
function messageKeyPart(part: string): number {
  let id = MESSAGE_KEY_PARTS.get(part);
  if (id === undefined) {
    id = MESSAGE_KEY_PARTS.size < 64 ? MESSAGE_KEY_PARTS.size : Number.NaN;
    if (id === id) MESSAGE_KEY_PARTS.set(part, id);
  }
  return id;
}

function messageOf(match: RuleMatch, dtype: Dtype): string {
  const ids = (((messageKeyPart(match.rule) * 64 + messageKeyPart(match.variant ?? '')) * 64 + messageKeyPart(match.lib)) * 64) + messageKeyPart(dtype);
  const key = ids * 4 + (match.negated ? 2 : 0) + (match.halved === true ? 1 : 0);
  // (NaN when the parts ran out of ids: made afresh then, never cached.)
  if (key !== key) return stabilityMessage(match, dtype);
  let message = MESSAGES.get(key);
  if (message === undefined) {
    message = stabilityMessage(match, dtype);
    MESSAGES.set(key, message);
  }
  return message;
}

/**
 * The comment tokens that hold the suppression marker (the only ones applySuppressions reads), looked for in the
 * comments alone: a search of the whole text for the marker cost about 0.1 ms on the 280 KB bench file. None when
 * there is no finding to suppress.
 */
function suppressionComments(toks: CompactTokens, findings: readonly Finding[]): Token[] {
  const out: Token[] = [];
  if (findings.length === 0) return out;
  // From one `#` to the next by native search (far fewer than tokens); a `#` inside a string is no comment token.
  const text = toks.text;
  for (let hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', hash + 1)) {
    const i = tokenStartingAt(toks, hash);
    if (i >= 0 && toks.kinds[i] === KIND_COMMENT && holdsMarker(text, hash, toks.ends[i]!)) out.push(toks.token(i));
  }
  return out;
}

/** The index of the token that starts at `offset` (binary search of the starts), or -1. */
function tokenStartingAt(toks: CompactTokens, offset: number): number {
  let lo = 0;
  let hi = toks.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = toks.starts[mid]!;
    if (start === offset) return mid;
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const SUPPRESSION_MARKER = 'activation-lens:';

/** Whether text[start, end) contains SUPPRESSION_MARKER. */
function holdsMarker(text: string, start: number, end: number): boolean {
  const last = end - SUPPRESSION_MARKER.length;
  for (let i = start; i <= last; i++) if (text.charCodeAt(i) === 97 && text.startsWith(SUPPRESSION_MARKER, i)) return true;
  return false;
}

/**
 * A cheap pre-check before slicing a name out of the text: names of the set are indexed by length and first
 * character, so most identifiers are rejected with one table lookup.
 */
class NameFilter {
  // A byte per (length up to 63, first character's low 7 bits), with a bit per last character's low 3 bits:
  // collisions only let a name through to the exact check.
  private readonly keys = new Uint8Array(64 * 128);
  private readonly names: Set<string>;

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
    for (const n of this.names) this.keys[(Math.min(n.length, 63) << 7) | (n.charCodeAt(0) & 127)]! |= 1 << (n.charCodeAt(n.length - 1) & 7);
  }

  /** False only when text[start, end) (with its `CompactTokens.chars`) is certainly not in the set. */
  mayMatch(chars: Uint8Array, text: string, start: number, end: number): boolean {
    const first = codeUnitAt(chars, text, start);
    const last = codeUnitAt(chars, text, end - 1);
    return (this.keys[(Math.min(end - start, 63) << 7) | (first & 127)]! & (1 << (last & 7))) !== 0;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }
}

const ASSIGNMENT_FILTER = new NameFilter(ASSIGNMENT_WORDS);
// Names that say a file uses a BCE loss or a reduced-precision dtype.
const SPECIAL_WORDS = ['BCELoss', 'float32', 'float16', 'bfloat16', 'half'];
const SPECIAL_FILTER = new NameFilter(SPECIAL_WORDS);

/**
 * The words the tokenizer flags lines by (see LineWordTable): the candidate names every file has (those of
 * `candidateNames` that do not come from the file) and the conventional module aliases, the words that make an
 * assignment interesting, the special words. Other candidates of a file are found through line signatures.
 */
const SCAN_WORDS = new LineWordTable();
for (const w of FIXED_CANDIDATES) SCAN_WORDS.add(w, LINE_CANDIDATE);
for (const [local] of CONVENTIONAL_ALIASES) SCAN_WORDS.add(local, LINE_CANDIDATE);
for (const w of ASSIGNMENT_WORDS) SCAN_WORDS.add(w, LINE_ASSIGNMENT_WORD);
for (const w of SPECIAL_WORDS) SCAN_WORDS.add(w, LINE_SPECIAL_WORD);

// The filters of the last few word sets: re-analysis after an edit asks for the same sets again and again,
// and a filter's table (8 KB) is worth building once.
const recentFilters: Array<{ readonly key: string; readonly filter: NameFilter }> = [];

function nameFilterFor(words: Iterable<string>): NameFilter {
  const list = [...words];
  const key = list.join('\n');
  for (const r of recentFilters) if (r.key === key) return r.filter;
  const filter = new NameFilter(list);
  recentFilters.unshift({ key, filter });
  if (recentFilters.length > 8) recentFilters.pop();
  return filter;
}


// Every rule needs one of these in the statement: exp, e, log, log1p, a sigmoid, a BCE loss.
const RULE_WORDS = ['exp', 'e', 'log', 'log1p', 'sigmoid', 'sigmoid_', 'expit', 'binary_cross_entropy', 'BCELoss', 'power', 'pow', 'reciprocal'];

/** Rule words plus the file's own names for them (`from math import exp as E`, a user `sigmoid`, a BCE criterion). */
function ruleWordsOf(ctx: PythonContext): Set<string> {
  const words = new Set(RULE_WORDS);
  for (const [local, q] of ctx.aliases.bindings) {
    const el = elementaryFunction(q);
    if ((el !== undefined && el[0] !== 'sum' && el[0] !== 'max' && el[0] !== 'clip' && el[0] !== 'abs') || knownActivation(q)?.activation === 'sigmoid') words.add(local);
  }
  for (const [name, act] of ctx.userActivations) if (act === 'sigmoid') words.add(name);
  for (const c of ctx.bceCriteria) words.add(c.split('.').pop()!);
  return words;
}

/**
 * Whether a statement can hold a rule's form: one of its names is a rule word (`words`, pre-checked by
 * `filter`) or an interesting name assigned earlier in the function; with `assignmentWords`, also one of
 * ASSIGNMENT_WORDS (whether an assigned value may matter to a rule later).
 */
function mentionsRuleWord(
  code: TokenColumns, toks: CompactTokens, filter: NameFilter, words: ReadonlySet<string>, scope: Scope, assignmentWords: boolean,
): boolean {
  const text = code.source;
  const chars = toks.chars;
  for (let i = 0; i < code.count; i++) {
    if (code.kinds[i] !== KIND_NAME) continue;
    const start = code.starts[i]!;
    const end = code.ends[i]!;
    if (!filter.mayMatch(chars, text, start, end) && !scope.mayBeInteresting(chars, text, start, end)) continue;
    const name = toks.nameAt(start, end);
    if (words.has(name) || scope.isInteresting(name) || (assignmentWords && ASSIGNMENT_WORDS.has(name))) return true;
  }
  return false;
}

const WORD_RULE = 1;
const WORD_INTERESTING = 2;
const WORD_ASSIGNMENT = 4;

/**
 * Which kinds of name a statement holds, as flags: WORD_RULE (one of `words`, pre-checked by `filter`),
 * WORD_INTERESTING (an interesting name assigned earlier in the function), WORD_ASSIGNMENT (one of
 * ASSIGNMENT_WORDS). The answers of `mentionsRuleWord` without and with assignment words, in one pass. (Both read
 * the names through `toks`, the scan of the analysed text, which the statement's columns index.)
 */
function statementWords(code: TokenColumns, toks: CompactTokens, filter: NameFilter, words: ReadonlySet<string>, scope: Scope): number {
  const text = code.source;
  const chars = toks.chars;
  let flags = 0;
  for (let i = 0; i < code.count && flags !== (WORD_RULE | WORD_INTERESTING | WORD_ASSIGNMENT); i++) {
    if (code.kinds[i] !== KIND_NAME) continue;
    const start = code.starts[i]!;
    const end = code.ends[i]!;
    if (!filter.mayMatch(chars, text, start, end) && !scope.mayBeInteresting(chars, text, start, end)) continue;
    const name = toks.nameAt(start, end);
    if (words.has(name)) flags |= WORD_RULE;
    if (scope.isInteresting(name)) flags |= WORD_INTERESTING;
    if (ASSIGNMENT_WORDS.has(name)) flags |= WORD_ASSIGNMENT;
  }
  return flags;
}

/**
 * Fills `cols` with the code tokens (comments left out) of toks[from, to); their texts come from `toks.nameAt`, so
 * the parsed nodes' names are the strings the analysis has already looked up.
 */
function fillCode(cols: TokenColumns, toks: CompactTokens, from: number, to: number): void {
  cols.reset(toks.text, toks);
  cols.appendColumns(toks.kinds, toks.starts, toks.ends, from, to, KIND_COMMENT, toks.chars);
}

function isAfterDot(toks: CompactTokens, j: number): boolean {
  return j > 0 && toks.kinds[j - 1] === KIND_OP && toks.is(j - 1, '.');
}

/**
 * Whether an imported name, with the attributes that follow it (`np.exp`, `nn.Linear`, `expit`), names
 * something a rule or a use is about; `np.zeros(...)` and `nn.Linear(...)` alone do not make a statement worth parsing.
 */
function interestingChain(toks: CompactTokens, j: number, b: number, ctx: PythonContext, known: Map<string, boolean>): boolean {
  // The answer depends only on the names of the chain: remembered by its text (from nameAt, the same string for
  // the same chain again, instead of a qualified name built per attribute), for `np.zeros` or `nn.Linear` met again.
  let last = j;
  while (last + 2 < b && toks.kinds[last + 1] === KIND_OP && toks.is(last + 1, '.') && toks.kinds[last + 2] === KIND_NAME) last += 2;
  const key = toks.nameAt(toks.starts[j]!, toks.ends[last]!);
  let answer = known.get(key);
  if (answer === undefined) {
    answer = chainNamesSomething(toks, j, b, ctx);
    known.set(key, answer);
  }
  return answer;
}

function chainNamesSomething(toks: CompactTokens, j: number, b: number, ctx: PythonContext): boolean {
  let q = canonicalModule(ctx.aliases.get(toks.textOf(j))!);
  for (let i = j; ; i += 2) {
    const el = elementaryFunction(q);
    if ((el !== undefined && el[0] !== 'sum' && el[0] !== 'max' && el[0] !== 'clip' && el[0] !== 'abs') || knownActivation(q) !== undefined || STRING_ACTIVATION_CALLEES.has(q) || q === 'torch.nn.BCELoss' || q === 'torch.nn.functional.binary_cross_entropy') return true;
    if (!(i + 2 < b && toks.kinds[i + 1] === KIND_OP && toks.is(i + 1, '.') && toks.kinds[i + 2] === KIND_NAME)) return false;
    q = canonicalModule(`${q}.${toks.textOf(i + 2)}`);
  }
}

function candidateNames(ctx: PythonContext): Set<string> {
  const s = new Set<string>(['BCELoss', 'exp', 'log', 'log1p']);
  for (const k of ctx.aliases.bindings.keys()) s.add(k);
  for (const k of ctx.userActivations.keys()) s.add(k);
  for (const k of ACTIVATION_KEYWORDS) s.add(k);
  for (const k of Object.keys(TORCH_TENSOR_METHODS)) s.add(k);
  for (const c of ctx.bceCriteria) s.add(c.split('.').pop()!);
  return s;
}

// Calls of one statement whose elementary answers the resolver keeps in its arrays (see Resolver.elementary).
const MAX_LISTED_NODES = 32;

/** Names → canonical qualified names through the alias table; the file's own definitions shadow imports and builtins. */
class Resolver {
  // The same callee is resolved by several matchers and by the use collector: remember the answers.
  // Plain maps: the resolver lives for one analysis, and weak maps cost the garbage collector extra work.
  private readonly resolvedTexts = new Map<string, string | null>();
  // Per-node answers for the statement being walked: its first calls in two parallel arrays searched from the
  // end (a statement holds few calls, and emptying arrays allocates nothing where a Map's clear makes a new
  // table), the rest of a very long statement in a map.
  private readonly elementaryNodes: Expr[] = [];
  private readonly elementaryAnswers: Array<ElementaryCall | null> = [];
  /** How many entries of the two arrays are the current statement's (past it: an earlier statement's, unread). */
  private elementaryCount = 0;
  private elementaryOverflow: Map<Expr, ElementaryCall | null> | undefined;

  private stringFramework: UseFramework | undefined;

  /** `toks`: the scan of the analysed text, which every node's offsets index. */
  constructor(private readonly ctx: PythonContext, private readonly toks: CompactTokens) {}

  /** Drops the answers remembered per node (the per-text answers stay). */
  forgetNodes(): void {
    // The arrays keep their old entries (overwritten by the next statement's): nothing is freed or reallocated.
    this.elementaryCount = 0;
    this.elementaryOverflow = undefined;
  }

  /** Whose `activation='...'` strings a file's calls pass when the callee does not say: from its imports (fixed during the walk). */
  fileStringFramework(): UseFramework {
    const a = this.ctx.aliases;
    return (this.stringFramework ??= a.importsFrom('sklearn') && !a.importsFrom('keras') && !a.importsFrom('tensorflow') ? 'sklearn'
      : a.importsFrom('torch') && !a.importsFrom('keras') && !a.importsFrom('tensorflow') ? 'torch' : 'keras');
  }

  resolve(e: Expr): string | undefined {
    if (e.kind !== 'name' && e.kind !== 'attribute') return undefined;
    // Names that resolve to nothing are answered without building a string or filling the cache.
    const root = rootName(e);
    if (root === undefined || !this.mayResolve(root, e.kind === 'name')) return undefined;
    // A chain's answer depends only on its names, so the same text (`np.exp`, met again) has the same answer:
    // remembered by the text (a name node's own string, a chain's text from nameAt), not per node: the same
    // node is asked again only a few times, and a map per node cost more to fill than the slices it saved.
    const key = e.kind === 'name' ? e.name : this.toks.nameAt(e.start, e.end);
    let q = this.resolvedTexts.get(key);
    if (q === undefined) {
      q = this.resolveDotted(e) ?? null;
      this.resolvedTexts.set(key, q);
    }
    return q ?? undefined;
  }

  /**
   * False when a chain rooted at `root` certainly resolves to nothing: not imported, not bound by the file,
   * no star import, not a builtin. Most names of a file (locals, `self`) stop here, before any string is built.
   */
  mayResolve(root: string, bare: boolean): boolean {
    return this.ctx.aliases.bindings.has(root) || this.ctx.userBound.has(root) || this.ctx.aliases.starModules.length > 0
      || (bare && BUILTIN_OPS.has(root));
  }

  private resolveDotted(e: Expr): string | undefined {
    const dotted = dottedName(e);
    if (dotted === undefined) return undefined;
    const dot = dotted.indexOf('.');
    const root = dot < 0 ? dotted : dotted.slice(0, dot);
    const rest = dot < 0 ? '' : dotted.slice(dot);
    const bound = this.ctx.aliases.get(root);
    if (this.ctx.userBound.has(root) && (bound === undefined || !this.isModuleBinding(bound))) return `user:${dotted}`;
    if (bound !== undefined) return canonicalModule(bound + rest);
    for (const m of this.ctx.aliases.starModules) {
      const q = canonicalModule(`${m}.${dotted}`);
      const el = elementaryFunction(q);
    if ((el !== undefined && el[0] !== 'sum' && el[0] !== 'max' && el[0] !== 'clip' && el[0] !== 'abs') || knownActivation(q) !== undefined) return q;
    }
    if (dot < 0 && BUILTIN_OPS.has(root)) return `builtins.${root}`;
    return undefined;
  }

  /** Whether the chain names an activation a bare reference is a use of (see collectReference). */
  mayReference(e: Expr): boolean {
    const root = rootName(e);
    if (root === undefined) return false;
    // A chain rooted in a file's own name is a use only as that bare name, and only for a user activation.
    if (!this.ctx.aliases.bindings.has(root) && this.ctx.aliases.starModules.length === 0) return e.kind === 'name' && this.ctx.userActivations.has(root);
    return true;
  }

  /** Module imports (`import numpy as np`) survive a same-named variable only in pathological files; functions do not. */
  private isModuleBinding(bound: string): boolean {
    return bound === 'numpy' || bound === 'torch' || bound === 'tensorflow' || bound === 'math' || bound === 'jax.numpy';
  }

  elementary(e: Expr, torchFile: boolean): ElementaryCall | undefined {
    if (e.kind !== 'call') return undefined;
    const nodes = this.elementaryNodes;
    const count = this.elementaryCount;
    for (let i = count - 1; i >= 0; i--) if (nodes[i] === e) return this.elementaryAnswers[i] ?? undefined;
    const known = this.elementaryOverflow?.get(e);
    if (known !== undefined) return known ?? undefined;
    const r = this.elementaryUncached(e, torchFile);
    if (count < MAX_LISTED_NODES) {
      nodes[count] = e;
      this.elementaryAnswers[count] = r ?? null;
      this.elementaryCount = count + 1;
    } else (this.elementaryOverflow ??= new Map()).set(e, r ?? null);
    return r;
  }

  private elementaryUncached(e: CallExpr, torchFile: boolean): ElementaryCall | undefined {
    const q = this.resolve(e.callee);
    const firstArg = e.args[0];
    const input = firstArg !== undefined && firstArg.name === undefined && firstArg.spread === undefined ? firstArg.value : undefined;
    if (q !== undefined && !q.startsWith('user:')) {
      if (q.startsWith('builtins.')) {
        const op = BUILTIN_OPS.get(q.slice('builtins.'.length))!;
        return { op, lib: 'math', input, call: e, method: false };
      }
      const el = elementaryFunction(q);
      if (el !== undefined) return { op: el[0], lib: el[1], input, call: e, method: false };
      return undefined;
    }
    const callee = e.callee;
    if (callee.kind === 'attribute' && METHOD_OPS.has(callee.name)) {
      const owner = this.resolve(callee.object);
      if (owner !== undefined && !owner.startsWith('user:')) return undefined; // np.linalg.x, a module's function we do not know
      return { op: METHOD_OPS.get(callee.name)!, lib: torchFile ? 'torch' : 'numpy', input: callee.object, call: e, method: true };
    }
    return undefined;
  }

  sigmoidCall(e: Expr, torchFile: boolean): SigmoidCall | undefined {
    if (e.kind !== 'call') return undefined;
    const first = e.args[0];
    const input = first !== undefined && first.name === undefined && first.spread === undefined ? first.value : undefined;
    const callee = e.callee;
    const q = this.resolve(callee);
    if (q !== undefined && !q.startsWith('user:')) {
      const known = knownActivation(q);
      if (known !== undefined && known.activation === 'sigmoid' && known.kind === 'call' && input !== undefined) {
        return { input, lib: LIB_OF_FRAMEWORK[known.framework] ?? 'numpy', call: e };
      }
      return undefined;
    }
    const name = callee.kind === 'name' ? callee.name : callee.kind === 'attribute' ? callee.name : undefined;
    if (name !== undefined && this.ctx.userActivations.get(name) === 'sigmoid' && input !== undefined && (callee.kind === 'name' || isOwnMethodCallee(callee))) {
      return { input, lib: 'user', call: e };
    }
    // A tensor's own method, also on a variable the file assigns (`out = model(x)` then `out.sigmoid()`).
    if (callee.kind === 'attribute' && torchFile && (callee.name === 'sigmoid') && e.args.length === 0 && (q === undefined || q.startsWith('user:'))) {
      return { input: callee.object, lib: 'torch', call: e };
    }
    return undefined;
  }
}

/** `np` of `np.linalg.norm`: the name a chain of attributes starts from; undefined when it starts from a call or a literal. */
function rootName(e: Expr): string | undefined {
  while (e.kind === 'attribute') e = e.object;
  return e.kind === 'name' ? e.name : undefined;
}

/**
 * `self.sigmoid`, `Perceptron.sigmoid`, `net.sigmoid`: a method named after one of the file's own activations,
 * called on a plain name that is no import (the caller checks that the chain resolves to nothing or to the file).
 */
function isOwnMethodCallee(e: Expr): boolean {
  return e.kind === 'attribute' && e.object.kind === 'name';
}

function isSelf(e: Expr): boolean {
  return e.kind === 'attribute' && e.object.kind === 'name' && (e.object.name === 'self' || e.object.name === 'cls');
}

// Wrappers around a literal that keep its value: torch.tensor(2.0), np.float32(2), float(2).
const LITERAL_WRAPPERS = new Set([
  'numpy.array', 'numpy.asarray', 'numpy.float32', 'numpy.float64', 'torch.tensor', 'torch.as_tensor', 'tensorflow.constant',
  'jax.numpy.array', 'jax.numpy.asarray', 'builtins.float',
]);

function literalArgument(e: Expr | undefined, resolver: Resolver): number | undefined {
  if (e === undefined) return undefined;
  const direct = numericValue(e);
  if (direct !== undefined) return direct;
  const n = stripParens(e);
  if (n.kind === 'call' && n.args.length >= 1 && n.args[0]!.name === undefined) {
    const q = n.callee.kind === 'name' && n.callee.name === 'float' ? 'builtins.float' : resolver.resolve(n.callee);
    if (q !== undefined && LITERAL_WRAPPERS.has(q)) return numericValue(n.args[0]!.value);
  }
  return undefined;
}

function paramValue(e: Expr): ParamValue | undefined {
  const v = numericValue(e);
  if (v !== undefined) return v;
  const n = stripParens(e);
  if (n.kind === 'string' && n.value !== undefined) return n.value;
  if (n.kind === 'name' && (n.name === 'True' || n.name === 'False')) return n.name === 'True' ? 'true' : 'false';
  return undefined;
}

function readParams(call: CallExpr, positional: readonly string[], skipFirst: boolean, activation: ActivationId): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  let p = 0;
  for (const [i, a] of call.args.entries()) {
    if (a.spread !== undefined) continue;
    let name: string | undefined;
    if (a.name !== undefined) name = a.name;
    else {
      if (skipFirst && i === 0) continue;
      name = positional[p++];
    }
    if (name === undefined || SKIPPED_PARAMS.has(name)) continue;
    const v = paramValue(a.value);
    if (v === undefined) continue;
    const mapped = toMathParam(activation, name, v);
    if (mapped !== undefined) params[mapped[0]] = mapped[1];
  }
  return params;
}

/**
 * Library parameter spellings → the math core's, through the catalog's parameter aliases (keras and tf call
 * the leaky slope `alpha`, torch's PReLU `init`); jax/tf gelu's `approximate` is a bool. Unknown names are dropped.
 */
function toMathParam(activation: ActivationId, name: string, v: ParamValue): [string, ParamValue] | undefined {
  const spec = findParam(getActivation(activation).params, name);
  if (spec === undefined) return undefined;
  if (spec.kind === 'choice') {
    const value = activation === 'gelu' && (v === 'true' || v === 'false') ? (v === 'true' ? 'tanh' : 'none') : v;
    return typeof value === 'string' && (spec.choices ?? []).includes(value) ? [spec.name, value] : undefined;
  }
  return typeof v === 'number' ? [spec.name, v] : undefined;
}

/** Walks one statement's expression: uses, rule matches, bce-after-sigmoid. */
function inspect(
  root: Expr, resolver: Resolver, semantics: RuleSemantics, ctx: PythonContext, torchFile: boolean, uses: ActivationUse[],
  rules: boolean, setGuards: (guards: readonly Expr[]) => void, onMatch: (m: RuleMatch, required: number) => void,
): void {
  // Created when a match first consumes nodes: most expressions match nothing.
  let consumed: Set<Expr> | undefined;
  // The walk's stack as parallel columns (node, binding power it needs, whether it is a callee, sign guards
  // in force): no object per visited node. Reused across statements (inspect does not re-enter itself), and
  // emptied first in case an earlier walk was cut short by an exception.
  const nodes = WALK_NODES;
  const required = WALK_REQUIRED;
  const called = WALK_CALLED;
  const guardStack = WALK_GUARDS;
  if (nodes.length !== 0) nodes.length = required.length = called.length = guardStack.length = 0;
  pushWalk(root, 0, false, NO_GUARDS);
  let toldGuards: readonly Expr[] | undefined;
  while (nodes.length > 0) {
    const e = nodes.pop()!;
    const need = required.pop()!;
    const isCallee = called.pop()!;
    const guards = guardStack.pop()!;
    // (Told only when they change: nearly every node has none.)
    if (guards !== toldGuards) {
      setGuards(guards);
      toldGuards = guards;
    }
    // Every rule's form is a call or a binary operation (see matchRule, matchBce): other nodes are not tried.
    if (rules && (e.kind === 'binary' || e.kind === 'call') && (consumed === undefined || !consumed.has(e))) {
      let m = matchRule(e, semantics) ?? (e.kind === 'call' ? matchBce(e, resolver, ctx, torchFile, semantics.text) : undefined);
      let mNeed = need;
      if (m === undefined && e.kind === 'binary') {
        m = matchLastTwoFactors(e, semantics);
        // The match replaces text that follows `a *`: it must bind as a right operand of `*` there.
        mNeed = Math.max(need, PRODUCT_RIGHT_POWER);
      }
      if (m !== undefined) {
        onMatch(m, mNeed);
        if (m.consumed !== undefined && m.consumed.length > 0) {
          consumed ??= new Set<Expr>();
          for (const c of m.consumed) consumed.add(c);
        }
      }
    }
    if (e.kind === 'call') collectCallUses(e, resolver, ctx, torchFile, uses);
    else if (!isCallee && (e.kind === 'attribute' || e.kind === 'name')) collectReference(e, resolver, ctx, uses);
    const childGuards = e.kind === 'group' && e.label === 'conditional' && e.children[1] !== undefined ? [...guards, ...signTests(e.children[1])] : guards;
    pushChildren(e, childGuards);
  }
  setGuards(NO_GUARDS);
}

const PRODUCT_RIGHT_POWER = PYTHON_GRAMMAR.binary.get('*')!.prec + 1;

/**
 * `a * s * (1 - s)` parses as `(a * s) * (1 - s)`, where no node is `s * (1 - s)`: the lossy-derivative rule
 * is also tried on the product of the last two factors (a node made for the purpose, spanning them).
 */
function matchLastTwoFactors(e: BinaryExpr, semantics: RuleSemantics): RuleMatch | undefined {
  if (e.op !== '*' || e.left.kind !== 'binary' || e.left.op !== '*') return undefined;
  const last = e.left.right;
  const pair: BinaryExpr = { kind: 'binary', op: '*', left: last, right: e.right, start: last.start, end: e.end };
  const m = matchRule(pair, semantics);
  return m !== undefined && m.rule === 'lossy-sigmoid-derivative' ? m : undefined;
}

// Shared by every walk item outside a conditional expression.
const NO_GUARDS: readonly Expr[] = [];

const WALK_NODES: Expr[] = [];
const WALK_REQUIRED: number[] = [];
const WALK_CALLED: boolean[] = [];
const WALK_GUARDS: Array<readonly Expr[]> = [];

function pushWalk(e: Expr, required: number, called: boolean, guards: readonly Expr[]): void {
  WALK_NODES.push(e);
  WALK_REQUIRED.push(required);
  WALK_CALLED.push(called);
  WALK_GUARDS.push(guards);
}

/** Pushes the children of `e` so that they pop in source order, each with the binding power its position needs. */
function pushChildren(e: Expr, guards: readonly Expr[]): void {
  switch (e.kind) {
    case 'binary': {
      const spec = PYTHON_GRAMMAR.binary.get(e.op);
      const p = spec?.prec ?? 0;
      pushWalk(e.right, spec?.rightPrec ?? (spec?.rightAssoc ? p : p + 1), false, guards);
      pushWalk(e.left, spec?.rightAssoc ? p + 1 : p, false, guards);
      return;
    }
    case 'unary':
      pushWalk(e.operand, PYTHON_GRAMMAR.prefix.get(e.op) ?? 13, false, guards);
      return;
    case 'call':
      for (let i = e.args.length - 1; i >= 0; i--) pushWalk(e.args[i]!.value, 0, false, guards);
      pushWalk(e.callee, 16, true, guards);
      return;
    case 'attribute':
      pushWalk(e.object, 16, false, guards);
      return;
    case 'subscript':
      for (let i = e.index.length - 1; i >= 0; i--) pushWalk(e.index[i]!, 0, false, guards);
      pushWalk(e.object, 16, false, guards);
      return;
    case 'paren':
      pushWalk(e.inner, 0, false, guards);
      return;
    case 'group':
      for (let i = e.children.length - 1; i >= 0; i--) pushWalk(e.children[i]!, 0, false, guards);
      return;
    default:
      return;
  }
}

/** A callee's name as written (`F.relu`), '' for a callee that is no name or attribute chain. */
function calleeText(callee: Expr): string {
  return callee.kind === 'name' || callee.kind === 'attribute' ? dottedName(callee) ?? '' : '';
}

function collectCallUses(call: CallExpr, resolver: Resolver, ctx: PythonContext, torchFile: boolean, uses: ActivationUse[]): void {
  const callee = call.callee;
  const q = resolver.resolve(callee);
  const first = call.args[0];
  const firstPositional = first !== undefined && first.name === undefined && first.spread === undefined ? first.value : undefined;
  if (q !== undefined && !q.startsWith('user:')) {
    const known = knownActivation(q);
    if (known !== undefined) {
      const literal = known.kind === 'call' ? literalArgument(firstPositional, resolver) : undefined;
      uses.push(withLiteral({
        span: { start: callee.start, end: callee.end }, activation: known.activation, name: calleeText(callee), qualifiedName: q, framework: known.framework,
        kind: known.kind, params: readParams(call, known.positional, known.kind === 'call', known.activation),
      }, literal));
    }
    if (STRING_ACTIVATION_CALLEES.has(q) && firstPositional !== undefined) collectString(firstPositional, q.startsWith('transformers') ? 'torch' : 'keras', uses);
  } else {
    // On another object than self/cls, a call with an argument: `out.relu()` stays a tensor method below.
    const name = callee.kind === 'name' ? callee.name
      : callee.kind === 'attribute' && (isSelf(callee) || (isOwnMethodCallee(callee) && firstPositional !== undefined)) ? callee.name : undefined;
    const act = name !== undefined ? ctx.userActivations.get(name) : undefined;
    if (act !== undefined) {
      const literal = literalArgument(firstPositional, resolver);
      uses.push(withLiteral({
        span: { start: callee.start, end: callee.end }, activation: act, name: calleeText(callee), qualifiedName: name!, framework: 'user', kind: 'call', params: {},
      }, literal));
    } else if (torchFile && callee.kind === 'attribute' && (q === undefined || q.startsWith('user:')) && TENSOR_METHOD_ACTIVATIONS.has(callee.name)
      && (call.args.length === 0 || TENSOR_METHOD_ACTIVATIONS.get(callee.name) === 'softmax' || TENSOR_METHOD_ACTIVATIONS.get(callee.name) === 'log_softmax')) {
      const owner = resolver.resolve(callee.object);
      if (owner === undefined || owner.startsWith('user:')) {
        uses.push({
          span: { start: callee.nameStart, end: callee.end }, activation: TENSOR_METHOD_ACTIVATIONS.get(callee.name)!, name: `.${callee.name}`,
          qualifiedName: `torch.Tensor.${callee.name}`, framework: 'torch', kind: 'call', params: {},
        });
      }
    }
  }
  // String activation arguments: Dense(64, activation='relu'), MLPClassifier(activation='logistic'). Not those
  // of the builtin `dict(act='relu')`: that is a dict display written as a call, data like `{'act': 'relu'}`.
  for (const a of call.args) {
    if (a.name === undefined || !ACTIVATION_KEYWORDS.has(a.name)) continue;
    if (callee.kind === 'name' && callee.name === 'dict' && !ctx.userBound.has('dict')) break;
    const framework: UseFramework = q !== undefined && q.startsWith('sklearn') ? 'sklearn' : q !== undefined && q.startsWith('torch') ? 'torch'
      : resolver.fileStringFramework();
    collectString(a.value, framework, uses);
  }
}

function collectString(e: Expr, framework: UseFramework, uses: ActivationUse[]): void {
  const n = stripParens(e);
  if (n.kind !== 'string' || n.value === undefined) return;
  const act = activationForString(n.value);
  if (act === undefined) return;
  uses.push({ span: { start: n.start, end: n.end }, activation: act, name: n.value, qualifiedName: n.value, framework, kind: 'string', params: {} });
}

function collectReference(e: Expr, resolver: Resolver, ctx: PythonContext, uses: ActivationUse[]): void {
  if (!resolver.mayReference(e)) return;
  const q = resolver.resolve(e);
  if (q === undefined) return;
  if (q.startsWith('user:')) {
    const name = q.slice(5);
    const act = ctx.userActivations.get(name);
    if (act !== undefined && e.kind === 'name') {
      uses.push({ span: { start: e.start, end: e.end }, activation: act, name, qualifiedName: name, framework: 'user', kind: 'reference', params: {} });
    }
    return;
  }
  const known = knownActivation(q);
  if (known === undefined || known.kind !== 'call') return;
  uses.push({ span: { start: e.start, end: e.end }, activation: known.activation, name: dottedName(e)!, qualifiedName: q, framework: known.framework, kind: 'reference', params: {} });
}

/** F.binary_cross_entropy(torch.sigmoid(z), y) and nn.BCELoss()(torch.sigmoid(z), y), also through a criterion variable. */
function matchBce(call: CallExpr, resolver: Resolver, ctx: PythonContext, torchFile: boolean, text: string): RuleMatch | undefined {
  const first = call.args[0];
  if (first === undefined || first.name !== undefined || first.spread !== undefined) return undefined;
  const sig = resolver.sigmoidCall(stripParens(first.value), torchFile);
  if (sig === undefined || sig.lib !== 'torch') return undefined;
  const q = resolver.resolve(call.callee);
  const base = { rule: 'bce-after-sigmoid', activation: 'sigmoid', node: call, lib: 'torch', arg: sig.input, negated: false, sigmoid: sig } as const;
  if (q === 'torch.nn.functional.binary_cross_entropy') return { ...base, callee: call.callee };
  const inner = stripParens(call.callee);
  if (inner.kind === 'call' && resolver.resolve(inner.callee) === 'torch.nn.BCELoss') return { ...base, callee: inner.callee, variant: 'module' };
  const dotted = dottedName(call.callee);
  if (dotted !== undefined && ctx.bceCriteria.has(dotted)) return { ...base, callee: call.callee, variant: 'variable' };
  return undefined;
}
