// The analysis shared by JavaScript/TypeScript, C#, Java and C/C++: activation uses (library calls,
// selecting strings and enum members, user definitions and their calls) and the stability rules with
// their fixes. Each language supplies a `CFamilyLanguage`; this module never looks at raw text for structure.
import type { ActivationId, ParamValue } from '../../math/types';
import type { NumericThresholds } from '../../math/thresholds';
import type { ActivationUse, AnalysisResult, Finding, Fix, RuleId, TextEdit, UseFramework } from '../types';
import { dottedName, pushChildren, stripParens, walk, type BinaryExpr, type CallExpr, type Expr } from '../syntax';
import { CSegments, firstStartingAtOrAfter, nameTokensOf, nextNonSpaceCode, parseCFamily, tokenIndexIn, type CodeColumns, type CParseResult } from './cfamilyParser';
import { K_NAME, K_NUMBER, K_OP, K_STRING, type CToken } from './cfamilyTokens';
import { callsByRegisteredName, confirmedRegistrations, registersUnderName, type LambdaRegistration } from './cfamilyRegisteredNames';
import { allTokensOf, codeStreamOf, type CodeStream } from './cfamilyCodeTokens';
import { scanWithSharedTexts } from './cfamilySharedTexts';
import type {
  CFamilyLanguage, DeclaredNames, FileFacts, FixInput, FixText, HelperSite, MathCall, ResolvedActivationCall, ResolvedMath,
} from './cfamilyLanguage';
import { negate } from './cfamilyFixes';
import { guardedRange, type RangeGuardTokens } from './cfamilyRangeGuards';
import { closesTypeArguments } from './cfamilyTypeSyntax';
import { boundedRange } from '../intervals';
import { assignsEveryTimeBefore, clippedRange, withinBothWays, type ClipEnv } from './cfamilyClipRanges';
import { isMacroLanguage, macroBodies, withMacroBodies } from './cfamilyMacros';
import {
  activationsNamedIn, type BareEnumMember, floatTypeAliases, isClipName, isPlainDerivativeName, namesAnotherActivation, selectorEnumsIn, storedThenSummed, templateTypeNames,
  usingAliasTarget,
} from './cfamilyFormsBody';
import { expressionArrowScopes, innermostArrowAt, type ArrowScopes } from './cfamilyArrowScopes';
import { LazyFileFacts } from './cfamilyFileFacts';
import { cLoopSoftmaxFix, logSumExpFix, softmaxShift, statementStartIn, type LoopFixEnv } from './cfamilyLoopFixes';
import {
  activationForMemberName, activationForName, isActivationKey, isActivationSelectorType, isGenericActivationName, isSigmoidDerivativeName,
} from './cfamilyNames';
import { formatThreshold, stabilityThresholds } from '../stabilityFacts';
import { applySuppressions, mayHoldSuppressions } from '../suppression';
import { keepHiddenClassesOf } from '../hiddenClasses';

// Words before a `name(` that make it a call or statement, not a declaration.
const NOT_DECLARATION_PREFIX = new Set([
  'if', 'while', 'for', 'foreach', 'switch', 'catch', 'return', 'new', 'await', 'typeof', 'else', 'using', 'lock',
  'sizeof', 'throw', 'case', 'delete', 'in', 'of', 'yield', 'do', 'is', 'as', 'instanceof', 'void', 'goto', 'and', 'or', 'not',
]);
const CONTROL_HEADERS = new Set(['for', 'foreach', 'while', 'if', 'else', 'do', 'switch', 'try', 'catch', 'finally', 'using', 'lock', 'fixed', 'unsafe', 'checked']);
const CLASS_WORDS = new Set(['class', 'struct', 'record', 'interface', 'enum']);
const SUM_CALLEES = new Set(['reduce', 'Sum', 'sum', 'accumulate', 'Aggregate', 'fold', 'transform_reduce']);
const POW_NAMES = new Set(['pow', 'Pow', 'powf']);
const AFTER_DECLARED_NAME = new Set(['=', ';', ',', '(', ')', '{', ':', '[']);
// The first characters of those, and of the comments, directives and JSX markup that may come before one: a name
// followed by anything else (`Math.exp`, most of a name's occurrences) is no declaration, told from the text alone.
const FIRST_AFTER_DECLARED_NAME = new Uint8Array(128);
for (const c of '=;,(){:[/#<') FIRST_AFTER_DECLARED_NAME[c.charCodeAt(0)] = 1;

function mayFollowDeclaredName(c: number): boolean {
  return c < 128 && FIRST_AFTER_DECLARED_NAME[c] === 1;
}
// Sets, not array literals in the functions that ask: those run per name or per node, and each literal was a new array.
// The operator before a declared name (`T* f(`, `T& f(`, `vector<T> f(`, `T[] f(`, `Net::f(`, `~Net(`).
const DECLARATOR_OPS = new Set(['*', '&', '>', ']', '::', '~']);
// Around a parameter's name: what comes before it (`(`, `,`, its type's last token) and after it (its type, default or end).
const BEFORE_PARAMETER = new Set(['(', ',', '...', '>', ']', '*', '&']);
const AFTER_PARAMETER = new Set([',', ')', ':', '=', '?']);
const ORDER_COMPARISONS = new Set(['>=', '>', '<', '<=']);
// The object of a call on the instance itself (`this.sigmoid(x)`).
const SELF_NAMES = new Set(['this', 'self', 'base', 'super']);

/** The last identifier of a name or member chain (`tf.layers.dense` → `dense`), without building the dotted string. */
function lastName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'attribute') return e.name;
  return undefined;
}

interface UserFunction {
  readonly name: string;
  readonly nameStart: number;
  readonly activation: ActivationId;
  readonly params: readonly string[];
  /** A C#/Java delegate or functional-interface variable (`Func<double, double> sigmoid = z => …`), also called as `sigmoid.Invoke(z)` / `sigmoid.applyAsDouble(z)`. */
  readonly delegate?: true;
}

/** The code tokens as columns, and one token as an object where a rule wants it (made on first ask): what CodeStream provides. */
type CodeView = CodeColumns & Pick<CodeStream, 'tokenAt' | 'words' | 'wordCount' | 'match' | 'braceParent'>;

/** The stream's columns, with tokenAt bound: rules read it off the view as a plain function (`const code = ctx.cols.tokenAt`). */
function codeViewOf(stream: CodeStream): CodeView {
  const { count, kinds, starts, ends, texts, words, wordCount, match, braceParent } = stream;
  return { count, kinds, starts, ends, texts, words, wordCount, match, braceParent, tokenAt: (i) => stream.tokenAt(i) };
}

interface Context {
  readonly text: string;
  /** The code tokens as columns (what per-file passes read); `parsed.code` would make every token an object. */
  readonly cols: CodeView;
  readonly lang: CFamilyLanguage;
  /** The stream behind `cols` and `parsed`: what reads them after the analysis goes through its withCurrentTexts. */
  readonly stream: CodeStream;
  readonly parsed: Omit<CParseResult, 'expressions' | 'tokens'> & { readonly directives: readonly CToken[] };
  /** The top-level expressions, parsed per segment when first needed. */
  readonly segments: CSegments;
  readonly facts: FileFacts;
  readonly userFunctions: Map<string, UserFunction>;
  readonly definitionStarts: Set<number>;
  /** Parameters of derivative functions (`DActivation(double val)`) in a file that defines a sigmoid, with the body they hold in. */
  readonly sigmoidOutputNames: Map<string, Scope[]>;
  readonly uses: ActivationUse[];
  readonly findings: Finding[];
  /**
   * Nodes inside a form already reported are not reported again (the sigmoid inside a log-sigmoid). A rule marks the
   * node it reports (markConsumed); the candidate walk then treats that node's subtree as consumed: in its depth-first
   * order the subtree is exactly the nodes popped while the stack stays at or above the height it had after the marked
   * node was popped (consumedBase; -1 when outside any).
   */
  marked: Expr | undefined;
  consumedBase: number;
  /** Text of nodes made up by the analysis: the argument -(E) of `1/(1+exp(E))` when E is not written negated. */
  readonly syntheticText: WeakMap<Expr, string>;
  /** Every name in the file (fixes pick fresh names against it); built on first use by `allNamesOf`. */
  allNames?: Set<string>;
  /** For each code token, the code index of the innermost `{` around it (a `}` counts as inside its block); -1 at top level. */
  readonly braceParent: Int32Array;
  /** Per segment, which tokens it holds (SEGMENT_* bits), so scope-wide questions parse only segments that can answer them. */
  readonly segmentFlags: Uint8Array;
  /** guardSegmentCounts' answer, once asked. */
  guardSegmentCounts?: Int32Array;
  /** The node functionWithTestsBefore was last asked about, and its answer. */
  testsAskedFor: Expr | undefined;
  testsAnswer: Scope | undefined;
  /** Indices of the code tokens the per-file passes look at. */
  readonly notable: NotableTokens;
  /** Sorted indices of the tokens that can take part in an unstable form (a FORM_NAMES name or a user activation's name). */
  formTokens: number[];
  /** Whether the file computes a sigmoid (fileComputesSigmoid): true when it defines one, else undefined until asked. */
  computesSigmoid?: boolean;
  /** selectorEnums, made on first use, and their members by name (for the bare ones of C/C++ and Java's case labels). */
  selectorEnums?: ReadonlySet<string>;
  bareEnumMembers?: Map<string, BareEnumMember>;
  /** The code indices of names followed by an assigning operator (assignmentExpressionsIn), made on first use. */
  assignmentSiteList?: number[];
  /** Those sites per name asked about (of every name once `assignmentSitesTabled`). */
  readonly assignmentSites: Map<string, number[]>;
  assignmentSitesTabled?: boolean;
  /** headerWords per brace index, read once. */
  readonly headers: Map<number, string[]>;
  readonly reparseCache: Map<string, boolean>;
  /** Per function scope, what the rules ask of it (computed once: many findings share a scope). */
  readonly scopeFacts: Map<number | string, ScopeFacts>;
  /** enclosingFunctionScope per code index of the offset asked about where that is a class member statement (it depends on nothing else), and each scope's facts. */
  readonly functionScopes: Map<number, Scope>;
  readonly factsOfScope: Map<Scope, ScopeFacts>;
  readonly scopeGuards: Map<number | string, GuardFacts>;
  readonly guardsOfScope: Map<Scope, GuardFacts>;
  readonly mathCalls: Map<Expr, MathCall | null>;
  readonly resolvedMath: Map<string, ResolvedMath | null>;
  readonly resolvedActivations: Map<string, ResolvedActivationCall | null>;
  /** Per innermost `{` index: the function scope it opens or lies in, or the class brace whose member statement decides. */
  readonly scopeOfBrace: Map<number, Scope | number>;
  /** The stack analyzeExpression walks with, reused for every expression. */
  readonly walkStack: Expr[];
  /**
   * The candidate segment the walk is in, and its code tokens [walkFirst, walkEnd); -1 outside the walk. Most offsets a
   * rule looks up lie there: searched within it, not over the whole file (a search of tens of thousands of starts).
   */
  walkSegment: number;
  walkFirst: number;
  walkEnd: number;
  /** The last answer of tokenIndexAt outside the walk: the next search gallops on from it when it can. */
  lastTokenIndex: number;
  /** Exps inside the sum of a one-expression softmax (`Math.exp(v) / q.reduce((s, u) => s + Math.exp(u), 0)`): the numerator's exp stands for them. */
  summedExps?: Set<Expr>;
  /** The code tokens as range guards read them (isRangeGuarded), made on first use; per-function answers are kept against it. */
  rangeGuardTokens?: RangeGuardTokens;
  /** Where a file-level helper goes (C), computed on first use. */
  fileHelperSite?: HelperSite | null;
  /** The second and later definitions of a name (userFunctions keeps the first). */
  moreDefinitions?: Map<string, UserFunction[]>;
  /** dividedSumExps per scope key, once asked. */
  dividedSumExps?: Map<number | string, ReadonlySet<number>>;
  /** JavaScript/TypeScript arrows with an expression body, which are scopes without braces; found on first use. */
  arrowScopes?: ArrowScopes;
  /** Strings naming an activation passed right before a lambda, judged after the walk (cfamilyRegisteredNames). */
  lambdaRegistrations?: LambdaRegistration[];
  /** Names functions are registered under that select an activation, and where those strings start. */
  registeredNames?: Map<string, ActivationId>;
  registrationStrings?: Set<number>;
}

interface GuardFacts {
  /** `if (x >= 0)` conditions: where they are and the operands compared with 0 (whitespace removed). */
  readonly ifGuards: ReadonlyArray<{ readonly start: number; readonly operands: ReadonlySet<string> }>;
  /** `x >= 0 ? a : b` conditionals: their span and the operands their test compares with 0. */
  readonly conditionals: ReadonlyArray<{ readonly start: number; readonly end: number; readonly operands: ReadonlySet<string> }>;
}

interface ScopeFacts {
  readonly divides: boolean;
  readonly accumulates: boolean;
  readonly computesMax: boolean;
  /** Where the maxima counted by computesMax start. */
  readonly maxStarts: readonly number[];
  readonly logs: boolean;
  /** `if (x >= 0)` conditions: where they are and the operands compared with 0 (whitespace removed). */
  readonly ifGuards: ReadonlyArray<{ readonly start: number; readonly operands: ReadonlySet<string> }>;
  /** `x >= 0 ? a : b` conditionals: their span and the operands their test compares with 0. */
  readonly conditionals: ReadonlyArray<{ readonly start: number; readonly end: number; readonly operands: ReadonlySet<string> }>;
}

export function analyzeCFamily(text: string, lang: CFamilyLanguage): AnalysisResult {
  if (!sampledLanguages.has(lang)) keepSampleAnalysis(lang);
  const stream = codeStreamOf(scanWithSharedTexts((t) => lang.scan(t), text));
  try {
    return analyzeStream(text, lang, stream);
  } finally {
    stream.release();
  }
}

function analyzeStream(text: string, lang: CFamilyLanguage, stream: CodeStream): AnalysisResult {
  const cols = codeViewOf(stream);
  const result = analyzeTokens(text, lang, stream, cols, true) ?? analyzeTokens(text, lang, stream, cols, false)!;
  // Only C and C++ have macros, and only a file with a `#define` body that may hold a form reads the whole stream as
  // tokens (the bodies are found from the directives alone, looked up one by one).
  if ((lang.id !== 'c' && lang.id !== 'cpp') || isMacroLanguage(lang)) return result;
  if (macroBodies(text, (at) => stream.directiveContaining(at)).length === 0) return result;
  return withMacroBodies(text, lang, allTokensOf(stream), lang.gatherFacts(text, cols).cplusplus, result, analyzeCFamily);
}

// A small text per language with what the analysis makes objects for: definitions and their calls, library calls, and
// findings with and without a literal argument, whose fixes are left unbuilt (their pending fixes hold the context, and
// with it the stream, columns, word table, segments, parser and facts).
const HIDDEN_CLASS_SAMPLES: Readonly<Record<string, string>> = {
  javascript: 'function sigmoid(x) { return 1 / (1 + Math.exp(-x)); }\nconst y = sigmoid(2) + 1 / (1 + Math.exp(-0.5)) + Math.log(1 + Math.exp(y)) + Math.tanh(y);\n',
  csharp: 'class S {\n  double Sigmoid(double x) { return 1.0 / (1.0 + Math.Exp(-x)); }\n  double T(double y) => Sigmoid(2) + 1.0 / (1.0 + Math.Exp(-0.5)) + Math.Log(1 + Math.Exp(y)) + Math.Tanh(y);\n}\n',
  java: 'class S {\n  double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }\n  double t(double y) { return sigmoid(2) + 1.0 / (1.0 + Math.exp(-0.5)) + Math.log(1 + Math.exp(y)) + Math.tanh(y); }\n}\n',
  c: '#include <math.h>\ndouble sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }\ndouble t(double y) { return sigmoid(2) + 1.0 / (1.0 + exp(-0.5)) + log(1.0 + exp(y)) + tanh(y); }\n',
  cpp: '#include <cmath>\ndouble sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }\ndouble t(double y) { return sigmoid(2) + 1.0 / (1.0 + std::exp(-0.5)) + std::log(1.0 + std::exp(y)) + std::tanh(y); }\n',
};
const sampledLanguages = new Set<CFamilyLanguage>();

/** Analyses the language's sample once and keeps the result: see hiddenClasses.ts on why. */
function keepSampleAnalysis(lang: CFamilyLanguage): void {
  // First: the sample's own analysis comes back through analyzeCFamily.
  sampledLanguages.add(lang);
  const sample = HIDDEN_CLASS_SAMPLES[lang.id] ?? HIDDEN_CLASS_SAMPLES[lang.id.startsWith('typescript') || lang.id.startsWith('javascript') ? 'javascript' : ''];
  if (sample === undefined) return;
  try {
    keepHiddenClassesOf(analyzeCFamily(sample, lang));
  } catch {
    // Only speed depends on the sample: a defect there must not cost the file being analysed its results.
  }
}

/** The analysis over `stream`; with `segmented`, undefined when a segment did not parse as the whole text would (then parse it whole). */
function analyzeTokens(text: string, lang: CFamilyLanguage, stream: CodeStream, cols: CodeView, segmented: boolean): AnalysisResult | undefined {
  // The stream itself, not a literal with a getter for `code` (see LazyFileFacts on why: it kept dead analyses alive).
  const parsed = stream;
  const segments = new CSegments(cols, parsed.match, lang.parse, segmented);
  const notable: NotableTokens = { forms: [], maybeDefinitions: [], clipCalls: [], selectingStrings: [], namesBeforeParen: [] };
  const segmentFlags = segmentFlagsOf(cols, segments, notable, stream.wordMemos);
  const langFacts = lang.gatherFacts(text, cols);
  if (langFacts.mathAliases) markMathAliases(cols, segments, langFacts.mathAliases, notable, segmentFlags);
  // C: a struct's or union's member (`struct player { int exp; }`) lives in its own name space and hides no function.
  // Java: `exp(x)` is always a method invocation, so only a method named exp hides Math's; a field or local does not.
  // C#: an invocation looks only at invocable members, so a method or a delegate-typed member named Exp hides Math's, an
  // `int Exp;` field or property does not (a local of that name beside a call of Exp would not compile).
  // C# and Java: a member is seen in its own class (and the classes deriving from it), so `double Exp(double xp)` in one
  // class leaves a bare `Exp` after `using static System.Math;` in another class the exponential.
  const classScoped = lang.id === 'java' || lang.id === 'csharp';
  const facts: FileFacts = new LazyFileFacts(text, stream, langFacts, () => declaredNamesOf(ctx, lang.id === 'c' ? (i) => isCStructMember(ctx, i)
    : lang.id === 'java' ? (i) => !isJavaMethodName(cols, i) : lang.id === 'csharp' ? (i) => !isCSharpInvocableName(cols, i) : undefined, classScoped));
  const ctx: Context = {
    text, cols, lang, stream, parsed, segments, facts,
    userFunctions: new Map(), definitionStarts: new Set(), sigmoidOutputNames: new Map(),
    uses: [], findings: [], marked: undefined, consumedBase: -1, syntheticText: new WeakMap(), computesSigmoid: true,
    braceParent: stream.braceParent, segmentFlags, notable, formTokens: [], headers: new Map(), assignmentSites: new Map(), reparseCache: new Map(), scopeFacts: new Map(), functionScopes: new Map(), factsOfScope: new Map(), scopeGuards: new Map(), guardsOfScope: new Map(), mathCalls: new Map(), resolvedMath: new Map(), resolvedActivations: new Map(), scopeOfBrace: new Map(), walkStack: [], walkSegment: -1, walkFirst: -1, walkEnd: -1, lastTokenIndex: 0, testsAskedFor: undefined, testsAnswer: undefined,
    // Every field made on first use is present from the start: added later, in an order that depends on the file's
    // language and content, each would move the context to another hidden class, and the rules that read it would see
    // several (deoptimized on switching languages, then slower megamorphic property loads).
    allNames: undefined, guardSegmentCounts: undefined, selectorEnums: undefined, bareEnumMembers: undefined,
    assignmentSiteList: undefined, assignmentSitesTabled: undefined, summedExps: undefined, rangeGuardTokens: undefined,
    fileHelperSite: undefined, moreDefinitions: undefined, dividedSumExps: undefined, arrowScopes: undefined,
    lambdaRegistrations: undefined, registeredNames: undefined, registrationStrings: undefined,
  };
  guarded(findDefinitions, ctx);
  analyzeCandidateSegments(ctx);
  if (ctx.registeredNames !== undefined || ctx.lambdaRegistrations !== undefined) guarded(findRegisteredNameUses, ctx);
  guarded(findStringSelections, ctx);
  guarded(findBareEnumSelections, ctx);
  if (segments.inconsistent) return undefined;
  sortBySpanStart(ctx.uses);
  sortBySpanStart(ctx.findings);
  // Comment tokens are made only for a file that can hold a suppression comment (most hold none).
  const findings = applySuppressions(text, mayHoldSuppressions(text) ? stream.comments : [], ctx.findings, '//');
  return { language: lang.id, uses: dedupeUses(ctx.uses), findings };
}

/**
 * The rules over every expression of the candidate segments. A function of its own, not a loop in analyzeTokens: V8
 * compiled that long loop on the stack (OSR) during the first analysis, with what came after it (dedupeUses) never yet
 * run, and every later analysis entered that code and was thrown back to the interpreter there (a deoptimization per
 * analysis, for lack of type feedback that had long been gathered).
 */
function analyzeCandidateSegments(ctx: Context): void {
  const { segments } = ctx;
  const candidates = candidateSegments(ctx);
  const { formTokens } = ctx;
  for (let k = 0; k < segments.count; k++) {
    if (!candidates[k]) continue;
    // The segment's form tokens, formTokens[formsFrom, formsTo): most candidate segments hold none, and then no
    // expression of theirs needs a search; otherwise each expression's tokens are searched for within the segment only.
    const first = segments.starts[k]!;
    const end = segments.endOf(k);
    const formsFrom = lowerBound(formTokens, first);
    const formsTo = lowerBound(formTokens, end);
    ctx.walkSegment = k;
    ctx.walkFirst = first;
    ctx.walkEnd = end;
    for (const expr of segments.expressions(k)) {
      // As `guarded`, per expression (thousands per file).
      try {
        analyzeExpression(ctx, expr, formsFrom < formsTo && holdsFormToken(ctx, expr, first, end, formsFrom, formsTo));
      } catch {
        // Partial results: whatever was found before the failure stands.
      }
    }
    // The segment's trees die young (a rule that looks back at it parses it again); the memo of its calls goes with
    // them, emptied only once it holds a few segments' worth (each clear allocates a new table).
    segments.release(k);
    if (ctx.mathCalls.size >= 64) ctx.mathCalls.clear();
  }
  ctx.walkSegment = ctx.walkFirst = ctx.walkEnd = -1;
}

/** Sorts by span start (stably); the rules mostly report in text order, so first checks whether it already is. */
function sortBySpanStart<T extends { readonly span: { readonly start: number } }>(list: T[]): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.span.start > list[i]!.span.start) {
      list.sort(bySpanStart);
      return;
    }
  }
}

/** Whether `expr`, an expression of the segment of code tokens [first, end), holds one of formTokens[from, to) (that segment's). */
function holdsFormToken(ctx: Context, expr: Expr, first: number, end: number, from: number, to: number): boolean {
  const a = tokenIndexIn(ctx.cols.starts, expr.start, first, end);
  const b = tokenIndexIn(ctx.cols.starts, expr.end, a, end);
  for (let f = from; f < to; f++) {
    const i = ctx.formTokens[f]!;
    if (i >= a && i < b) return true;
  }
  return false;
}

function bySpanStart(a: { readonly span: { readonly start: number } }, b: { readonly span: { readonly start: number } }): number {
  return a.span.start - b.span.start;
}

/** One broken construct must not cost the rest of the file its results (a pass and its context, no closure per analysis). */
function guarded(pass: (ctx: Context) => void, ctx: Context): void {
  try {
    pass(ctx);
  } catch {
    // Partial results: whatever was found before the failure stands.
  }
}

/** Index of the first code token starting at or after `offset`. */
function tokenIndexAt(ctx: Context, offset: number): number {
  const { starts, count } = ctx.cols;
  const first = ctx.walkFirst;
  const end = ctx.walkEnd;
  // The first token starting at or after `offset` lies in [first, end] when the tokens around that range say so.
  if (first >= 0 && (first === 0 || starts[first - 1]! < offset) && (end >= count || starts[end]! >= offset)) return tokenIndexIn(starts, offset, first, end);
  // Outside the walk, offsets mostly come in text order (definitions, one after another): from the last answer on.
  const last = ctx.lastTokenIndex;
  const i = last > 0 && last <= count && starts[last - 1]! < offset ? firstStartingAtOrAfter(starts, count, offset, last) : tokenIndexIn(starts, offset, 0, count);
  ctx.lastTokenIndex = i;
  return i;
}

/** The segment holding code index `i` (the walk's own without a search). */
function segmentOfToken(ctx: Context, i: number): number {
  return i >= ctx.walkFirst && i < ctx.walkEnd ? ctx.walkSegment : ctx.segments.segmentOf(i);
}

/**
 * Running counts of clipping calls (`Math.min(`, `std::clamp(`) over the code tokens, so "does this function clip
 * before here" is two lookups: asked at every clipped-looking form, scanning instead was quadratic at file level.
 */
function clipCallsBetween(ctx: Context, from: number, to: number): number {
  return countIn(ctx.notable.clipCalls, from, to);
}

// Operators after a name that make it an assignment's target, and `:` (TypeScript's `name: T = value`).
const ASSIGNING = new Set(['=', '+=', '-=', '*=', '/=', ':']);

/**
 * The top-level expressions of [start, end) that can hold an assignment to `name` (as `expressionsIn` returns
 * them, but only from segments where `name` is directly followed by an assigning operator): a function at file
 * level spans the whole file, and each finding there asks.
 */
function assignmentExpressionsIn(ctx: Context, name: string, start: number, end: number): Expr[] {
  const { count } = ctx.cols;
  const sites = assignmentSitesOf(ctx, name);
  if (sites.length === 0 || count === 0) return [];
  const { segments } = ctx;
  const from = segments.starts[segments.segmentOf(Math.max(0, tokenIndexAt(ctx, start) - 1))]!;
  const to = tokenIndexAt(ctx, end);
  const list: Expr[] = [];
  let lastSegment = -1;
  for (const i of sites) {
    if (i < from) continue;
    if (i >= to) break;
    const k = segments.segmentOf(i);
    if (k === lastSegment) continue;
    lastSegment = k;
    for (const e of segments.expressions(k)) list.push(e);
  }
  return list.filter((e) => e.end > start && e.start < end);
}

// After this many names asked about, the sites of every name are tabled at once (filtering per name would grow with both).
const FILTERED_ASSIGNMENT_NAMES = 8;
const NO_SITES: readonly number[] = [];

/**
 * The code indices where `name` is directly followed by an assigning operator. All such sites are listed once, then
 * filtered per name asked about: the few names the rules ask about cost less than a table of every assigned name.
 */
function assignmentSitesOf(ctx: Context, name: string): readonly number[] {
  const table = ctx.assignmentSites;
  const known = table.get(name);
  if (known) return known;
  const all = (ctx.assignmentSiteList ??= allAssignmentSites(ctx.cols));
  if (ctx.assignmentSitesTabled) return NO_SITES;
  if (table.size < FILTERED_ASSIGNMENT_NAMES) {
    const sites = all.filter((i) => ctx.cols.texts[i] === name);
    table.set(name, sites);
    return sites;
  }
  // Many names asked: table every name's sites, once.
  table.clear();
  for (const i of all) {
    const list = table.get(ctx.cols.texts[i]!);
    if (list) list.push(i);
    else table.set(ctx.cols.texts[i]!, [i]);
  }
  ctx.assignmentSitesTabled = true;
  return table.get(name) ?? NO_SITES;
}

/** The code indices of every name followed by an assigning operator, in text order. */
function allAssignmentSites(cols: CodeColumns): number[] {
  const { count, kinds, texts } = cols;
  const all: number[] = [];
  for (let i = 0; i + 1 < count; i++) {
    if (kinds[i] !== K_NAME || kinds[i + 1] !== K_OP || !ASSIGNING.has(texts[i + 1]!)) continue;
    // `name: T = value` only (a parameter's `x: number` assigns nothing).
    if (texts[i + 1] === ':' && !(i + 3 < count && kinds[i + 2] === K_NAME && kinds[i + 3] === K_OP && texts[i + 3] === '=')) continue;
    all.push(i);
  }
  return all;
}

/**
 * Top-level expressions overlapping [start, end): those starting in it, and the one running into it (they are disjoint and in text order).
 * With `needs`, only segments holding one of those SEGMENT_* token kinds are parsed (the others cannot contain what the caller looks for).
 */
function expressionsIn(ctx: Context, start: number, end: number, needs = 0): Expr[] {
  const { segments } = ctx;
  const { count } = ctx.cols;
  if (count === 0) return [];
  // The segments from the one holding the token before `start` (an expression running into `start` holds it)
  // to the one holding the last token starting before `end`.
  const at = tokenIndexAt(ctx, start);
  const first = segmentOfToken(ctx, Math.max(0, at - 1));
  const last = Math.max(first, segmentOfToken(ctx, Math.min(count - 1, Math.max(0, tokenIndexAt(ctx, end) - 1))));
  const list: Expr[] = [];
  for (let k = first; k <= last; k++) {
    if (needs !== 0 && (ctx.segmentFlags[k]! & needs) === 0) continue;
    for (const e of segments.expressions(k)) list.push(e);
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: Expr[] = [];
  if (lo > 0 && list[lo - 1]!.end > start) out.push(list[lo - 1]!);
  for (let i = lo; i < list.length && list[i]!.start < end; i++) out.push(list[i]!);
  return out;
}

// What a segment holds: an exp/log/tanh-like name (FORM_NAMES), a log-like name, an `if (`, a `?`.
const SEGMENT_FORM = 1;
const SEGMENT_LOG = 2;
const SEGMENT_IF = 4;
const SEGMENT_CONDITIONAL = 8;
// A name that names an activation or a form (candidateName 1 or 2), a `*`, a `-`: what makes a segment a candidate.
const SEGMENT_ACTIVATION_NAME = 16;
const SEGMENT_STAR = 32;
const SEGMENT_MINUS = 64;
// The last names of every callee a language resolves to log or log1p (`Math.log`, `Math.Log`, `logf`, `__log1pf`, `std::log1pl`).
const LOG_NAMES = new Set(['log', 'Log', 'logf', 'logl', '__logf', 'log1p', 'log1pf', 'log1pl', '__log1pf']);
// C/C++ spellings the languages resolve that FORM_NAMES leaves out (`__tanhf`, `powl`, `std::numbers::e_v`).
const MORE_FORM_NAMES = new Set(['__tanhf', 'powl', '__powf', 'e_v']);

/** The code tokens the per-file passes look at, by index in text order (one pass over the tokens finds them all). */
interface NotableTokens {
  /** FORM_NAMES names. */
  readonly forms: number[];
  /** Names that may define something of interest (NAME_MAYBE_DEFINITION). */
  readonly maybeDefinitions: number[];
  /** Clipping calls: a CLIP_NAMES name followed by `(`. */
  readonly clipCalls: number[];
  /** Strings after `:`, `=` or `(`, where a string can select an activation. */
  readonly selectingStrings: number[];
  /**
   * Activation names followed by `(` that may define something (`double sigmoid(double x) {`, `sigmoid(z)`): a call
   * makes its segment a candidate, a definition's own name does not (findDefinitions has read it), told apart once
   * the definitions are known (candidateSegments).
   */
  readonly namesBeforeParen: number[];
}

// After a name, the operators that assign to it: a variable named like exp (`int exp = 0;`) is no call of exp.
const ASSIGNING_OPERATORS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '++', '--']);
const MEMBER_ACCESS = new Set(['.', '?.', '::', '->']);

/**
 * Per segment, the SEGMENT_* bits of what it holds (from each name's NAME_* bits); fills `notable` on the way.
 */
function segmentFlagsOf(cols: CodeView, segments: CSegments, notable: NotableTokens, memos: CodeStream['wordMemos']): Uint8Array {
  const { count, kinds, texts, words } = cols;
  const flags = new Uint8Array(segments.count);
  // nameClass per distinct word, asked once each (-1: not asked yet), and kept with the word across analyses.
  const wordClass = new Int16Array(cols.wordCount).fill(-1);
  for (let k = 0; k < segments.count; k++) {
    let f = 0;
    const to = segments.endOf(k);
    for (let i = segments.starts[k]!; i < to; i++) {
      const kind = kinds[i];
      if (kind === K_NAME) {
        const w = words[i]!;
        let bits = wordClass[w]!;
        if (bits < 0) {
          bits = memos.memoOf(w);
          if (bits < 0) {
            bits = nameClass(texts[i]!);
            memos.setMemo(w, bits);
          }
          wordClass[w] = bits;
        }
        if (bits === 0) continue;
        if ((bits & (NAME_FORM | NAME_MORE_FORM)) !== 0) f |= SEGMENT_FORM;
        if ((bits & NAME_LOG) !== 0) f |= SEGMENT_LOG;
        if ((bits & NAME_IF) !== 0) f |= SEGMENT_IF;
        if ((bits & (NAME_FORM | NAME_CANDIDATE)) !== 0) {
          const next = i + 1 < count && kinds[i + 1] === K_OP ? texts[i + 1]! : '';
          if ((bits & NAME_MAYBE_DEFINITION) !== 0 && next === '(') notable.namesBeforeParen.push(i);
          // `int exp = 0;`, `exp += k;`: a variable named like exp is assigned, nothing is called or passed.
          else if ((bits & NAME_CANDIDATE) !== 0 || !ASSIGNING_OPERATORS.has(next) || (i > 0 && kinds[i - 1] === K_OP && MEMBER_ACCESS.has(texts[i - 1]!))) f |= SEGMENT_ACTIVATION_NAME;
        }
        if ((bits & NAME_FORM) !== 0) notable.forms.push(i);
        if ((bits & NAME_MAYBE_DEFINITION) !== 0) notable.maybeDefinitions.push(i);
        if ((bits & NAME_CLIP) !== 0 && i + 1 < count && texts[i + 1] === '(') notable.clipCalls.push(i);
        if ((bits & NAME_MUL) !== 0) f |= SEGMENT_STAR;
        if ((bits & NAME_SUB) !== 0) f |= SEGMENT_MINUS;
      } else if (kind === K_OP) {
        const x = texts[i];
        if (x === '?') f |= SEGMENT_CONDITIONAL;
        else if (x === '*') f |= SEGMENT_STAR;
        else if (x === '-') f |= SEGMENT_MINUS;
      } else if (kind === K_STRING && i > 0 && kinds[i - 1] === K_OP) {
        const before = texts[i - 1];
        if (before === ':' || before === '=' || before === '(') notable.selectingStrings.push(i);
        // A key-value call's value: `json.put("activation", "sigmoid")`, `config.set('activation', 'relu')`.
        else if (before === ',' && i >= 3 && kinds[i - 2] === K_STRING && texts[i - 3] === '(') notable.selectingStrings.push(i);
      }
    }
    flags[k] = f;
  }
  return flags;
}

/** How many of the sorted indices `list` lie in [from, to). */
function countIn(list: readonly number[], from: number, to: number): number {
  return lowerBound(list, to) - lowerBound(list, from);
}

/** The first position in the sorted `list` whose value is at least `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** JavaScript aliases of math functions (`const mexp = Math.exp;`) are form names wherever they occur, as `exp` is. */
function markMathAliases(cols: CodeColumns, segments: CSegments, aliases: ReadonlyMap<string, string>, notable: NotableTokens, segmentFlags: Uint8Array): void {
  const { count, kinds, texts } = cols;
  const found: number[] = [];
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== K_NAME || (nameClass(texts[i]!) & NAME_FORM) !== 0) continue;
    const fn = aliases.get(texts[i]!);
    if (fn === undefined) continue;
    found.push(i);
    const k = segments.segmentOf(i);
    segmentFlags[k] = segmentFlags[k]! | SEGMENT_FORM | SEGMENT_ACTIVATION_NAME | (fn === 'log' || fn === 'log1p' ? SEGMENT_LOG : 0);
  }
  if (found.length === 0) return;
  const merged = mergeSorted(notable.forms, found);
  notable.forms.length = 0;
  for (const i of merged) notable.forms.push(i);
}

// What a name may be, as bits: a FORM_NAMES name, one of MORE_FORM_NAMES, a LOG_NAMES name, `if`, a possible library
// activation (candidateName 1), a possible definition of interest (maybeDefinitionName).
const NAME_FORM = 1;
const NAME_MORE_FORM = 2;
const NAME_LOG = 4;
const NAME_IF = 8;
const NAME_CANDIDATE = 16;
const NAME_MAYBE_DEFINITION = 32;
const NAME_CLIP = 64;
// tfjs `tf.mul`/`tf.sub`: a product and a difference, as `*` and `-` are (`tf.mul(s, tf.sub(1, s))`).
const NAME_MUL = 128;
const NAME_SUB = 256;
const nameClassCache = new Map<string, number>();

function nameClass(name: string): number {
  const known = nameClassCache.get(name);
  if (known !== undefined) return known;
  let bits = 0;
  if (FORM_NAMES.has(name)) bits |= NAME_FORM;
  if (MORE_FORM_NAMES.has(name)) bits |= NAME_MORE_FORM;
  if (LOG_NAMES.has(name)) bits |= NAME_LOG;
  if (name === 'if') bits |= NAME_IF;
  if (candidateName(name) === 1) bits |= NAME_CANDIDATE;
  if (maybeDefinitionName(name)) bits |= NAME_MAYBE_DEFINITION;
  if (isClipName(name)) bits |= NAME_CLIP;
  if (name === 'mul') bits |= NAME_MUL;
  if (name === 'sub') bits |= NAME_SUB;
  if (nameClassCache.size > 10_000) nameClassCache.clear();
  nameClassCache.set(name, bits);
  return bits;
}

/** The first use of each span and activation; `uses` is sorted by start, so equal spans sit in one run of equal starts. */
function dedupeUses(uses: ActivationUse[]): ActivationUse[] {
  const out: ActivationUse[] = [];
  let runStart = 0;
  for (const u of uses) {
    if (out.length > 0 && out[out.length - 1]!.span.start !== u.span.start) runStart = out.length;
    let seen = false;
    for (let k = runStart; k < out.length && !seen; k++) seen = out[k]!.span.end === u.span.end && out[k]!.activation === u.activation;
    if (!seen) out.push(u);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// File facts

/** Names the file declares (`int exp = 0;`, `double exp(...)`, `let exp`), so a bare `exp` may be theirs. */
function declaredNamesOf(ctx: Context, hides: ((i: number) => boolean) | undefined, classScoped: boolean): DeclaredNames {
  // Resolutions ask about a handful of names (`Math`, `exp`): each is looked for once, instead of collecting every declared name.
  const known = new Map<string, DeclarationScopes>();
  const scopesOf = (name: string): DeclarationScopes => {
    let scopes = known.get(name);
    if (scopes === undefined) {
      scopes = declarationScopes(ctx, name, hides, classScoped);
      known.set(name, scopes);
    }
    return scopes;
  };
  return {
    has: (name) => scopesOf(name).fileWide,
    hiddenAt(name, offset) {
      const { classBraces } = scopesOf(name);
      if (classBraces.length === 0) return false;
      const { starts, ends } = ctx.cols;
      const { match } = ctx.parsed;
      for (const brace of classBraces) {
        const close = match[brace] ?? -1;
        if (offset >= starts[brace]! && (close < 0 || offset < ends[close]!)) return true;
      }
      return false;
    },
  };
}

interface DeclarationScopes {
  /** Some declaration is seen everywhere. */
  readonly fileWide: boolean;
  /**
   * The `{` of each class whose body holds a declaration seen only there (C#, Java), and of each class of the file
   * deriving from one of those (`class Bot : Agent`, `class Child extends Net`), which sees the member too.
   */
  readonly classBraces: readonly number[];
}

/** The bodies of the file's classes whose base list names `owner` (`: Owner`, `extends Owner`, `: Base, Owner`). */
function derivedClassBraces(ctx: Context, owner: string): number[] {
  const { count, kinds, texts } = ctx.cols;
  const out: number[] = [];
  for (const i of nameTokensOf(ctx.text, ctx.cols, owner)) {
    if (i < 1) continue;
    const before = texts[i - 1];
    if (before !== ':' && before !== 'extends' && before !== ',') continue;
    // The class body: the first `{` after the base list, unless a `;`, `(` or `=` says this was no base list.
    for (let k = i + 1; k < count && k - i < 64; k++) {
      const x = texts[k];
      if (kinds[k] !== K_OP) continue;
      if (x === '{') {
        if (classNameOf(ctx, k) !== undefined && !out.includes(k)) out.push(k);
        break;
      }
      if (x === ';' || x === '(' || x === '=' || x === ')' || x === '}') break;
    }
  }
  return out;
}

/** Where the declarations of `name` are seen (see declaredNamesOf), leaving out those `hides` says hide nothing. */
function declarationScopes(ctx: Context, name: string, hides: ((i: number) => boolean) | undefined, classScoped: boolean): DeclarationScopes {
  const cols = ctx.cols;
  const { count, kinds, texts } = cols;
  let fileWide = false;
  const classBraces: number[] = [];
  for (const i of nameTokensOf(ctx.text, cols, name, (at) => mayFollowDeclaredName(nextNonSpaceCode(ctx.text, at + name.length)))) {
    if (fileWide) break;
    if (i < 1) continue;
    const n = i + 1;
    if (n >= count || kinds[n] !== K_OP || !AFTER_DECLARED_NAME.has(texts[n]!)) continue;
    const prevKind = kinds[i - 1];
    const prevText = texts[i - 1]!;
    const nextText = texts[n]!;
    let typed = (prevKind === K_NAME && !NOT_DECLARATION_PREFIX.has(prevText))
      || (prevKind === K_OP && (prevText === '*' || prevText === '&' || prevText === '>' || prevText === ']') && i >= 2 && kinds[i - 2] === K_NAME);
    // `return k * exp(x)`, `y = a * exp(x)`, `if (v > exp(t))`: an operator before a call, not `double *exp(double)`.
    if (typed && prevKind === K_OP && prevText !== ']' && nextText === '(') {
      const b = i - 3;
      typed = b < 0 || (kinds[b] === K_OP ? [';', '{', '}'].includes(texts[b]!) : !NOT_DECLARATION_PREFIX.has(texts[b]!));
    }
    if (!typed || (hides?.(i) ?? false)) continue;
    const classBrace = classScoped ? enclosingClassBrace(ctx, cols.starts[i]!) : blockScopeOf(ctx, i);
    if (classBrace < 0) fileWide = true;
    else if (!classBraces.includes(classBrace)) classBraces.push(classBrace);
  }
  if (fileWide || classBraces.length === 0) return { fileWide, classBraces };
  // A class of the file deriving from a declaring class sees the member too (one level: what files do in practice).
  for (const brace of [...classBraces]) {
    const owner = classNameOf(ctx, brace);
    if (owner === undefined) continue;
    for (const derived of derivedClassBraces(ctx, owner)) if (!classBraces.includes(derived)) classBraces.push(derived);
  }
  return { fileWide, classBraces };
}

/**
 * C and C++: the block a declaration at code index `i` is local to (`int exp = 0;` in one function hides the math exp
 * only there), or -1 for one seen in the whole file (at file level, in a namespace, class, struct or `extern "C"`
 * block). JavaScript keeps every declaration file-wide: its bare math names are bindings read elsewhere (mathAliases).
 */
function blockScopeOf(ctx: Context, i: number): number {
  if (ctx.lang.mathFramework !== 'cpp') return -1;
  const brace = ctx.braceParent[i]!;
  if (brace < 0) return -1;
  const header = headerWords(ctx, brace);
  return header.some((w) => FILE_WIDE_BLOCK_WORDS.has(w)) ? -1 : brace;
}

const FILE_WIDE_BLOCK_WORDS = new Set(['class', 'struct', 'union', 'namespace', 'enum', 'extern']);

/** The name a class (struct, record, interface) header gives its type: `public sealed class Net : Base` → Net. */
function classNameOf(ctx: Context, brace: number): string | undefined {
  const header = headerWords(ctx, brace);
  const k = header.findIndex((w) => CLASS_WORDS.has(w));
  return k >= 0 ? header[k + 1] : undefined;
}

/** The declared name at `i` is a Java method's (`double exp(double x)`): Java's methods, fields and locals are separate name spaces. */
function isJavaMethodName(cols: CodeColumns, i: number): boolean {
  return cols.texts[i + 1] === '(';
}

/** The declared name at `i` is a C# method's or a delegate-typed member's (`double Exp(double x)`, `Func<double, double> Exp`). */
function isCSharpInvocableName(cols: CodeColumns, i: number): boolean {
  const { kinds, texts } = cols;
  if (texts[i + 1] === '(') return true;
  if (texts[i - 1] !== '>') return /^(Func|Action|.*Delegate|.*Handler)$/.test(texts[i - 1] ?? '');
  // The generic type before the name: `Func<double, double> Exp`, `Func<IEnumerable<double>, double> Exp`.
  let depth = 0;
  for (let k = i - 1; k >= 0 && i - k < 32; k--) {
    if (kinds[k] !== K_OP) continue;
    const x = texts[k]!;
    if (x === '>' || x === '>>') depth += x.length;
    else if (x === '<' && --depth === 0) return texts[k - 1] === 'Func' || texts[k - 1] === 'Action';
    else if (x === ';' || x === '{' || x === '}') return false;
  }
  return false;
}

/** The code token at `i` is directly inside a C `struct`/`union` body (`struct name {`, `union {`): a member declaration. */
function isCStructMember(ctx: Context, i: number): boolean {
  const brace = ctx.braceParent[i]!;
  if (brace < 1) return false;
  const { kinds, texts } = ctx.cols;
  // `struct {` and `typedef struct {` (anonymous), `struct name {`.
  const isAggregate = (k: number): boolean => k >= 0 && kinds[k] === K_NAME && (texts[k] === 'struct' || texts[k] === 'union');
  return isAggregate(brace - 1) || (kinds[brace - 1] === K_NAME && isAggregate(brace - 2));
}

// ---------------------------------------------------------------------------------------------------
// User definitions: `function sigmoid(x) {`, `const relu = (x) =>`, `static double Sigmoid(double x)`,
// `double Net::sigmoid(double x) const {`, `public double Activation(double val)` (when its body is one).

function findDefinitions(ctx: Context): void {
  const { texts, starts, ends } = ctx.cols;
  // `derivative(double output)` methods, and the classes that define a sigmoid (by name or by body).
  const plainDerivatives: Array<{ params: string[]; scope: Scope; classBrace: number }> = [];
  const sigmoidClasses = new Set<number>();
  // TypeScript's bodiless `function sigmoid(x: number): number;` before the implementation, kept for after the loop.
  let overloadSignatures: number[] | undefined;
  // Only names that could define something of interest are looked at as definitions (definitionAt has no effects).
  for (const i of ctx.notable.maybeDefinitions) {
    // The name token's text and span as locals, not an object per name looked at.
    const name = texts[i]!;
    const nameStart = starts[i]!;
    const nameEnd = ends[i]!;
    const named = activationForName(name);
    const derivative = isSigmoidDerivativeName(name);
    const def = definitionAt(ctx, i);
    if (!def) {
      if (ctx.lang.parse.typescript && texts[i - 1] === 'function') (overloadSignatures ??= []).push(i);
      continue;
    }
    let activation = named === 'step' && (!hasStepShape(def.params) || headerNamesCollection(ctx.text, nameEnd, def.bodyStart)) ? undefined : named;
    // `linear(features)` computing w·x + b, `linear(beta, x)`: a linear model or layer, not the identity activation.
    if (activation === 'linear' && !returnsItsParameter(ctx, def)) activation = undefined;
    // A function stored on some object that only returns its input (`config.tanh = function (x) { return x; }`) is a
    // placeholder hook, not the activation its key names.
    else if (activation && texts[i - 1] === '.' && !MEMBER_DEFINITION_OWNERS.has(texts[i - 2]!) && returnsItsParameter(ctx, def)) activation = undefined;
    if (!activation && isGenericActivationName(name) && resultHoldsForm(ctx, def)) activation = activationOfBody(ctx, def.bodyStart, def.bodyEnd);
    if (derivative) {
      for (const p of def.params) {
        const scopes = ctx.sigmoidOutputNames.get(p) ?? [];
        scopes.push({ start: def.bodyStart, end: def.bodyEnd });
        ctx.sigmoidOutputNames.set(p, scopes);
      }
    } else if (isPlainDerivativeName(name)) {
      const classBrace = enclosingClassBrace(ctx, nameStart);
      if (classBrace >= 0) plainDerivatives.push({ params: def.params, scope: { start: def.bodyStart, end: def.bodyEnd }, classBrace });
    }
    if (activation === 'sigmoid') sigmoidClasses.add(enclosingClassBrace(ctx, nameStart));
    // A declaration is no call, also one that defines no activation (a recurrent cell's `step(x: ArrayLike<number>)`
    // beside a file's Heaviside `step(x)`).
    ctx.definitionStarts.add(nameStart);
    if (!activation) continue;
    if (!ctx.userFunctions.has(name)) {
      // `delegate` only when set, without an object spread (the runtime's slow path) per definition.
      const params = def.params;
      ctx.userFunctions.set(name, def.delegate ? { name, nameStart, activation, params, delegate: true } : { name, nameStart, activation, params });
    } else {
      // A class's static `sigmoid` and a namespace's `sigmoid`: a call through an owner is matched against each.
      const more = (ctx.moreDefinitions ??= new Map()).get(name);
      const other: UserFunction = { name, nameStart, activation, params: def.params };
      if (more) more.push(other);
      else ctx.moreDefinitions.set(name, [other]);
    }
    ctx.uses.push(use(nameStart, nameEnd, activation, name, name, 'user', 'definition'));
  }
  if (overloadSignatures) overloadDefinitions(ctx, overloadSignatures);
  // `class SigmoidActivation { activate(x) {...} derivative(output) { return output * (1.0 - output); } }`
  for (const d of plainDerivatives) {
    if (!sigmoidClasses.has(d.classBrace)) continue;
    for (const p of d.params) {
      const scopes = ctx.sigmoidOutputNames.get(p) ?? [];
      scopes.push(d.scope);
      ctx.sigmoidOutputNames.set(p, scopes);
    }
  }
  // The output-value derivative `(1 - val) * val` counts only where the file computes a sigmoid at all: by a function of its
  // own, or else (asked only when such a derivative is met) inline or by a library call.
  const fileHasSigmoid = [...ctx.userFunctions.values()].some((f) => f.activation === 'sigmoid');
  if (!fileHasSigmoid) ctx.computesSigmoid = undefined;
}

/** The file computes a sigmoid: a function of its own, a sigmoid form or a library sigmoid anywhere (read once). */
function fileComputesSigmoid(ctx: Context): boolean {
  if (ctx.computesSigmoid !== undefined) return ctx.computesSigmoid;
  let found = false;
  for (let k = 0; k < ctx.segments.count && !found; k++) {
    if ((ctx.segmentFlags[k]! & SEGMENT_FORM) === 0) continue;
    for (const expr of ctx.segments.expressions(k)) {
      walk(expr, (e) => {
        if (!found && (e.kind === 'binary' || e.kind === 'call') && (matchSigmoid(ctx, e) !== undefined || sigmoidCallArg(ctx, e) !== undefined)) found = true;
      });
      if (found) break;
    }
  }
  ctx.computesSigmoid = found;
  return found;
}

// Per name: whether it names an activation, a generic activation or a sigmoid derivative (one lookup per name token).
const definitionNameCache = new Map<string, boolean>();

function maybeDefinitionName(name: string): boolean {
  const known = definitionNameCache.get(name);
  if (known !== undefined) return known;
  const answer = activationForName(name) !== undefined || isSigmoidDerivativeName(name) || isGenericActivationName(name) || isPlainDerivativeName(name);
  if (definitionNameCache.size > 10_000) definitionNameCache.clear();
  definitionNameCache.set(name, answer);
  return answer;
}

interface DefinitionShape {
  readonly params: string[];
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Defined as a C#/Java variable holding a lambda (called through it, also by its invoke method). */
  readonly delegate?: true;
}

function definitionAt(ctx: Context, i: number): DefinitionShape | undefined {
  const c = ctx.cols;
  const { count, texts } = c;
  const { match } = ctx.parsed;
  const name = texts[i]!;
  const prevKind = kindAt(c, i - 1);
  const prevText = textAt(c, i - 1);
  if (kindAt(c, i + 1) !== K_OP) return undefined;
  const nextText = texts[i + 1]!;
  if (nextText === '=' && (ctx.lang.mathFramework === 'dotnet' || ctx.lang.mathFramework === 'java')) {
    const delegate = delegateDefinitionAt(ctx, i, i + 1);
    if (delegate) return delegate;
  }
  // A C# auto-property with an initializer: `public Func<double, double> Sigmoid { get; } = z => …`.
  if (nextText === '{' && ctx.lang.mathFramework === 'dotnet') {
    const close = ctx.parsed.match[i + 1] ?? -1;
    const accessorsOnly = close > i + 1 && close - i < 12 && texts.slice(i + 2, close).every((w) => w === ';' || ACCESSOR_WORDS.has(w));
    if (accessorsOnly && textAt(c, close + 1) === '=') return delegateDefinitionAt(ctx, i, close + 1);
  }
  const declaresVariable = prevText === 'const' || prevText === 'let' || prevText === 'var'
    || ((nextText === '=' || nextText === ':') && isClassFieldName(ctx, i, prevKind, prevText));
  // `const sigmoid = (x) => ...`, `sigmoid: function (x) {...}`, `const sigmoid = function(x) {...}`, `let f = x => ...`,
  // a class field `private static readonly relu = (x: number): number => ...`
  if ((nextText === '=' || nextText === ':') && (declaresVariable
    || (nextText === ':' && prevKind === K_OP && (prevText === '{' || prevText === ',') && !inDerivativeTable(ctx, i))
    || (nextText === '=' && prevKind === K_OP && prevText === '.' && (MEMBER_DEFINITION_OWNERS.has(textAt(c, i - 2) ?? '')
      // JavaScript: a function stored on any object, `internals.logistic = function (z) {…}` (hapi), `lib.relu = (x) => …`.
      || (ctx.lang.mathFramework === 'javascript' && kindAt(c, i - 2) === K_NAME))))) {
    let k = i + 2;
    if (nextText === ':' && declaresVariable) {
      // `const relu: Activation = (x) => ...`: skip the type annotation to the `=`.
      while (k < count && k - i < 32 && texts[k] !== '=' && texts[k] !== ';') k++;
      if (textAt(c, k) !== '=') return undefined;
      k++;
    }
    if (textAt(c, k) === 'async') k++;
    // A TypeScript generic arrow: `<T extends number>(x: T): number => ...`.
    if (textAt(c, k) === '<' && kindAt(c, k) === K_OP) k = afterTypeParameters(c, k);
    if (textAt(c, k) === 'function') {
      k++;
      if (kindAt(c, k) === K_NAME) k++;
    }
    let params: string[] = [];
    let afterParams = k;
    if (kindAt(c, k) === K_OP && texts[k] === '(') {
      const close = match[k] ?? -1;
      if (close < 0) return undefined;
      params = paramNames(c, k, close);
      afterParams = close + 1;
    } else if (kindAt(c, k) === K_NAME && textAt(c, k + 1) === '=>') {
      params = [texts[k]!];
      afterParams = k + 1;
    } else {
      return undefined;
    }
    // TypeScript return annotation `): number =>`.
    let a = afterParams;
    if (textAt(c, a) === ':') while (a < count && a - afterParams < 32 && texts[a] !== '=>' && texts[a] !== '{') a++;
    if (a >= count) return undefined;
    if (afterParams > k && returnsVoid(c, afterParams - 1, a) && !voidMayDefine(c, match, name, k)) return undefined;
    if (texts[a] === '=>') return bodyAfter(ctx, a + 1, params);
    if (texts[a] === '{' && textAt(c, k - 1) !== '=') return bodyAfter(ctx, a, params);
    return undefined;
  }
  if (nextText === '=' && ctx.lang.parse.arrow === null && textAt(c, i + 2) === '[') return cppLambdaDefinition(ctx, i, prevKind, prevText);
  // TypeScript's generic functions and methods: `function relu<T extends number>(x: T)`, `sigmoid<T>(x: T): number {`.
  const open = nextText === '<' && ctx.lang.mathFramework === 'javascript' ? afterTypeParameters(c, i + 1) : i + 1;
  if (textAt(c, open) !== '(' || kindAt(c, open) !== K_OP) return undefined;
  // `name(` as a declaration: after a type/modifier/`function`, or (JS class methods) at a member start.
  const beforeKind = kindAt(c, i - 2);
  const beforeText = textAt(c, i - 2);
  const declaredByPrefix = prevKind !== -1 && (
    (prevKind === K_NAME && (!NOT_DECLARATION_PREFIX.has(prevText!) || (prevText === 'void' && ctx.lang.mathFramework !== 'javascript' && voidMayDefine(c, match, name, open))))
    || (prevKind === K_OP && DECLARATOR_OPS.has(prevText!) && beforeKind !== -1
      && (beforeKind === K_NAME || beforeText === '>' || beforeText === ']' || beforeText === '['
        // A template type whose last argument is a number: `std::array<float, 4> softmax(`.
        || (prevText === '>' && beforeKind === K_NUMBER && closesTypeArguments(c, i - 1))))
  );
  const jsMethod = ctx.lang.parse.arrow === '=>' && ctx.lang.mathFramework === 'javascript'
    && (prevKind === -1 || (prevKind === K_OP && (prevText === '}' || prevText === ';' || prevText === '{')));
  if (!declaredByPrefix && !jsMethod) return undefined;
  // `const sigmoid = function sigmoid(x) {`, `Net.prototype.relu = function relu(x) {`: the binding of the same name is the definition.
  if (prevText === 'function' && (textAt(c, i - 2) === '=' || textAt(c, i - 2) === ':') && textAt(c, i - 3) === name) return undefined;
  // A call on a member (`obj.sigmoid(x)`) is never a declaration; C++ `Net::sigmoid` is.
  if (prevKind === K_OP && (prevText === '.' || prevText === '?.' || prevText === '->')) return undefined;
  const close = match[open] ?? -1;
  if (close < 0) return undefined;
  const params = paramNames(c, open, close);
  let a = close + 1;
  // Qualifiers between `)` and the body: `const`, `noexcept`, `override`, `throws X`, `: number`.
  while (a < count && a - close < 16) {
    const x = texts[a];
    if (c.kinds[a] === K_OP && (x === '{' || x === '=>' || x === ';' || x === '=' || x === ',' || x === ')')) break;
    a++;
  }
  if (a >= count) return undefined;
  if (returnsVoid(c, close, a) && !voidMayDefine(c, match, name, open)) return undefined;
  if (texts[a] === '{') return bodyAfter(ctx, a, params);
  if (texts[a] === '=>' && ctx.lang.mathFramework === 'dotnet') return bodyAfter(ctx, a + 1, params);
  return undefined;
}

/** The code index after the `>` closing the type parameters opened by the `<` at `open` (nested `<...>` counted); `open` when unclosed. */
function afterTypeParameters(c: CodeColumns, open: number): number {
  let depth = 0;
  for (let k = open; k < c.count && k - open < 64; k++) {
    if (c.kinds[k] !== K_OP) continue;
    const x = c.texts[k]!;
    if (x === '<') depth++;
    else if (x === '>' || x === '>>') {
      depth -= x.length;
      if (depth <= 0) return k + 1;
    } else if (x === ';' || x === '{' || x === '}' || x === '=>' || x === '(') return open;
  }
  return open;
}

const ACCESSOR_WORDS = new Set(['get', 'set', 'init', 'private', 'protected', 'internal']);

// `this.sigmoid = function`, ES5's `Net.prototype.sigmoid = function`, Mongoose's `schema.statics.logistic = function`
// and `schema.methods.sigmoid = …`, CommonJS's `exports.relu = (x) => …`: a function defined as a member.
const MEMBER_DEFINITION_OWNERS = new Set(['this', 'prototype', 'statics', 'methods', 'exports']);

/**
 * C#/Java: a field or local of a delegate or functional-interface type, named at code index `i` and assigned (the `=` at
 * code index `equals`; C# properties have their accessors between) a lambda or
 * an anonymous method: `static Func<double, double> Sigmoid = z => …`, `DoubleUnaryOperator relu = x -> …`,
 * `Func<double, double> tanh = delegate (double x) { … };`, Java's anonymous `new ActivationFunction() { … }`. An
 * ALL-CAPS constant (`DoubleUnaryOperator RELU = v -> …`) names a member picked by name, as an enum's (`Kind.RELU`)
 * does, rather than defining a function of that name.
 */
function delegateDefinitionAt(ctx: Context, i: number, equals: number): DefinitionShape | undefined {
  const c = ctx.cols;
  const { match } = ctx.parsed;
  const prevKind = kindAt(c, i - 1);
  const prevText = textAt(c, i - 1)!;
  // After its type: a name (`DoubleUnaryOperator relu`, C# `var`) or a generic's `>` (`Func<double, double> relu`); or a
  // field set in a constructor (`this.sigmoid = x -> …`).
  const typed = (prevKind === K_NAME && !NOT_DECLARATION_PREFIX.has(prevText)) || (prevKind === K_OP && prevText === '>');
  if (!typed && !(prevText === '.' && textAt(c, i - 2) === 'this')) return undefined;
  const name = c.texts[i]!;
  if (/^[A-Z][A-Z0-9_]+$/.test(name)) return undefined;
  const arrow = ctx.lang.parse.arrow;
  let k = equals + 1;
  // C# `async` and `static` lambdas.
  while (kindAt(c, k) === K_NAME && (c.texts[k] === 'async' || c.texts[k] === 'static')) k++;
  let params: string[] = [];
  if (ctx.lang.mathFramework === 'java' && textAt(c, k) === 'new' && kindAt(c, k + 1) === K_NAME) {
    // The pre-Java 8 spelling, an anonymous class: `ActivationFunction sigmoid = new ActivationFunction() { public double apply(… }`.
    let open = k + 2;
    while (open < c.count && open - k < 24 && c.texts[open] !== '(' && c.texts[open] !== ';') open++;
    const close = textAt(c, open) === '(' ? (match[open] ?? -1) : -1;
    return close >= 0 && textAt(c, close + 1) === '{' ? { ...bodyAfter(ctx, close + 1, params)!, delegate: true } : undefined;
  }
  if (ctx.lang.mathFramework === 'dotnet' && textAt(c, k) === 'delegate') {
    // `delegate (double x) { … }`, or `delegate { … }` without a parameter list.
    k++;
    if (textAt(c, k) === '(') {
      const close = match[k] ?? -1;
      if (close < 0) return undefined;
      params = paramNames(c, k, close);
      k = close + 1;
    }
    return textAt(c, k) === '{' ? { ...bodyAfter(ctx, k, params)!, delegate: true } : undefined;
  }
  if (kindAt(c, k) === K_OP && c.texts[k] === '(') {
    const close = match[k] ?? -1;
    if (close < 0) return undefined;
    params = paramNames(c, k, close);
    // `(x, y) -> …` lists bare names, which paramNames (looking for typed parameters) leaves out.
    if (params.length === 0) for (let p = k + 1; p < close; p++) if (kindAt(c, p) === K_NAME) params.push(c.texts[p]!);
    k = close + 1;
  } else if (kindAt(c, k) === K_NAME) {
    params = [c.texts[k]!];
    k++;
  } else {
    return undefined;
  }
  if (textAt(c, k) !== arrow) return undefined;
  const body = bodyAfter(ctx, k + 1, params);
  return body ? { ...body, delegate: true } : undefined;
}

/**
 * C++ `auto softplus = [](auto v) { ... };` (also `const auto`, `std::function<double(double)> f = [&](double a) -> double {`):
 * a variable declared with a lambda defines a function of that name, with the lambda's parameters and body.
 */
function cppLambdaDefinition(ctx: Context, i: number, prevKind: number, prevText: string | undefined): DefinitionShape | undefined {
  const c = ctx.cols;
  const { match } = ctx.parsed;
  if (!(prevKind === K_NAME ? !NOT_DECLARATION_PREFIX.has(prevText!) : prevText === '>')) return undefined;
  const captureClose = match[i + 2] ?? -1;
  if (captureClose < 0) return undefined;
  let k = captureClose + 1;
  let params: string[] = [];
  if (textAt(c, k) === '(') {
    const close = match[k] ?? -1;
    if (close < 0) return undefined;
    params = paramNames(c, k, close);
    k = close + 1;
  }
  // Specifiers and a trailing return type (`mutable`, `constexpr`, `noexcept`, `-> double`) before the body.
  for (const start = k; k < c.count && k - start < 12 && textAt(c, k) !== '{'; k++) {
    const x = c.texts[k];
    if (c.kinds[k] === K_OP && (x === ';' || x === '=' || x === ',' || x === ')' || x === '(')) return undefined;
  }
  return textAt(c, k) === '{' ? bodyAfter(ctx, k, params) : undefined;
}

/** Text of code token k; undefined outside the stream (as reading past the ends of a token array would give). */
function textAt(c: CodeColumns, k: number): string | undefined {
  return k >= 0 && k < c.count ? c.texts[k] : undefined;
}

/** Kind (K_*) of code token k; -1 outside the stream. */
function kindAt(c: CodeColumns, k: number): number {
  return k >= 0 && k < c.count ? c.kinds[k]! : -1;
}

/**
 * A function returning nothing (C/C++/C#/Java `void`, TypeScript `: void`), its parameters opened at code index `open`, may be
 * an activation writing its output through a parameter (`void softmax(const double *z, double *p, int n)`, `relu(v: Float32Array): void`),
 * but one of scalars only has nowhere to write it, a `void step(...)` is a training step and a `void linear(...)` a layer, not
 * the activations of those names.
 */
function voidMayDefine(c: CodeColumns, match: ArrayLike<number>, name: string, open: number): boolean {
  const activation = activationForName(name);
  if (activation === 'step' || activation === 'linear') return false;
  const close = textAt(c, open) === '(' ? match[open] ?? -1 : -1;
  if (close < 0) return true;
  const params = new Set(paramNames(c, open, close));
  for (let p = open + 1; p < close; p++) {
    const x = c.texts[p]!;
    const scalar = c.kinds[p] === K_OP ? x === ',' || x === ':' : SCALAR_PARAMETER_WORDS.has(x) || params.has(x);
    if (!scalar) return true;
  }
  return false;
}

// The words of a parameter list of plain numbers (`double x`, `const float v`, `x: number`): no array, pointer or object to write to.
const SCALAR_PARAMETER_WORDS = new Set([
  'const', 'final', 'in', 'readonly', 'unsigned', 'signed', 'float', 'double', 'int', 'long', 'short', 'char', 'bool', 'boolean',
  'decimal', 'number', 'bigint', 'Half', 'half', 'size_t', 'int32_t', 'int64_t', 'float32_t', 'float64_t',
]);

/** The tokens between the `)` at code index `close` and the body at `a` are a TypeScript `: void` return annotation. */
function returnsVoid(c: CodeColumns, close: number, a: number): boolean {
  return a === close + 3 && textAt(c, close + 1) === ':' && textAt(c, close + 2) === 'void';
}

/**
 * TypeScript overload signatures (`export function sigmoid(x: number): number;` then `export function sigmoid<A>(x: A): A;`
 * before the implementation): each declares the implementation's activation, a definition of it and no call.
 */
function overloadDefinitions(ctx: Context, signatures: readonly number[]): void {
  const { count, kinds, texts, starts, ends } = ctx.cols;
  const { match } = ctx.parsed;
  for (const i of signatures) {
    const name = texts[i]!;
    const fn = ctx.userFunctions.get(name);
    if (!fn || fn.nameStart <= starts[i]!) continue;
    // The parameter list (after any type parameters), then a return type up to the `;` that ends a signature.
    let open = i + 1;
    if (texts[open] === '<') open = afterTypeParameters(ctx.cols, open);
    if (open >= count || texts[open] !== '(' || kinds[open] !== K_OP) continue;
    const close = match[open] ?? -1;
    if (close < 0) continue;
    let end = close + 1;
    while (end < count && end - close < 64 && !(kinds[end] === K_OP && (texts[end] === ';' || texts[end] === '{' || texts[end] === '}'))) end++;
    if (texts[end] !== ';') continue;
    ctx.definitionStarts.add(starts[i]!);
    ctx.uses.push(use(starts[i]!, ends[i]!, fn.activation, name, name, 'user', 'definition'));
  }
}

/**
 * A generically named function computes its activation as its result: an expression body, or a `return` whose value
 * holds an exp/tanh-like name (directly, or through the name it returns: `double s = 1 / (1 + exp(-x)); return s;`).
 * An agent's `CombatAction Act(Observation obs, float aggression)` that takes a sigmoid on the way is no activation.
 */
function resultHoldsForm(ctx: Context, def: DefinitionShape): boolean {
  const { count, kinds, texts, starts } = ctx.cols;
  const first = tokenIndexAt(ctx, def.bodyStart);
  if (first >= count || texts[first] !== '{' || kinds[first] !== K_OP) return true;
  const formAt = (k: number): boolean => kinds[k] === K_NAME && (FORM_NAMES.has(texts[k]!) || MORE_FORM_NAMES.has(texts[k]!) || ctx.facts.mathAliases?.has(texts[k]!) === true);
  const statementHoldsForm = (from: number): boolean => {
    for (let k = from; k < count && starts[k]! < def.bodyEnd && texts[k] !== ';'; k++) if (formAt(k)) return true;
    return false;
  };
  for (let k = first + 1; k < count && starts[k]! < def.bodyEnd; k++) {
    if (kinds[k] !== K_NAME || texts[k] !== 'return') continue;
    if (statementHoldsForm(k + 1)) return true;
    // `return s;`: the name's assignments in the body.
    if (kinds[k + 1] === K_NAME && texts[k + 2] === ';') {
      const returned = texts[k + 1]!;
      for (let j = first + 1; j < k; j++) {
        if (kinds[j] === K_NAME && texts[j] === returned && kinds[j + 1] === K_OP && ASSIGNING.has(texts[j + 1]!) && statementHoldsForm(j + 2)) return true;
      }
    }
  }
  return false;
}

/**
 * The body only returns a parameter unchanged (`{ return x; }`, `=> x`, `=> x;`): the identity, the only function a
 * definition named `linear` or `identity` computes as an activation. Any other body (`w·x + b`) is a linear model.
 */
function returnsItsParameter(ctx: Context, def: DefinitionShape): boolean {
  const { count, kinds, texts, starts } = ctx.cols;
  let first = tokenIndexAt(ctx, def.bodyStart);
  let last = tokenIndexAt(ctx, def.bodyEnd) - 1;
  if (last >= count) last = count - 1;
  const skips = (k: number): boolean => kinds[k] === K_OP && (texts[k] === '{' || texts[k] === '}' || texts[k] === ';' || texts[k] === '=>');
  while (first <= last && (skips(first) || texts[first] === 'return')) first++;
  while (last >= first && skips(last)) last--;
  return first === last && first < count && starts[first]! < def.bodyEnd && kinds[first] === K_NAME && def.params.includes(texts[first]!);
}

/**
 * A definition named after the step function has the shape of a function of one value (`step(x)`, `heaviside(double net)`),
 * with at most a threshold besides (`step(x, threshold = 0)`, `heaviside(x, h0)`): `step(x, action, advantage)` and `step()`
 * are a training or simulation step.
 */
function hasStepShape(params: readonly string[]): boolean {
  return params.length === 1 || (params.length === 2 && STEP_THRESHOLD_NAME.test(params[1]!));
}

const STEP_THRESHOLD_NAME = /^(?:t|th|theta|b|c|x0|h0|at)$|thr|cut|bias|level|zero|origin/i;

// An array, collection or tensor type in a declaration's parameters or result: `step(x: ArrayLike<number>): Float32Array`
// is a recurrent cell's or a simulation's step over a state, not the Heaviside step of one number.
const COLLECTION_TYPE = /\[\]|\b(?:Array|ArrayLike|ReadonlyArray|Float(?:32|64)Array|Int32Array|vector|Vector|List|IList|IEnumerable|Span|Tensor|Mat|ndarray)\b/;

/** The declaration's text from the name to its body names such a type. */
function headerNamesCollection(text: string, nameEnd: number, bodyStart: number): boolean {
  return bodyStart > nameEnd && bodyStart - nameEnd < 400 && COLLECTION_TYPE.test(text.slice(nameEnd, bodyStart));
}

/** A property of `const derivatives = { sigmoid: ... }` / `grads = {...}`: named after the activation, but its derivative. */
function inDerivativeTable(ctx: Context, i: number): boolean {
  const k = ctx.braceParent[i]!;
  const table = k < 0 ? undefined : objectLiteralName(ctx, k);
  return table !== undefined && /deriv|grad|prime|backward|diff/i.test(table);
}

// Modifiers before a declared field's name (`private readonly grads: ... = {`).
const DECLARATION_MODIFIERS = new Set(['const', 'let', 'var', 'export', 'declare', 'private', 'public', 'protected', 'readonly', 'static']);

/**
 * The name the object literal opened at code index `brace` is bound to: `derivs = {`, `grads: {` (a property), or through a
 * TypeScript annotation `const DERIVATIVES: Record<Name, (x: number) => number> = {`; undefined for any other brace.
 */
function objectLiteralName(ctx: Context, brace: number): string | undefined {
  const c = ctx.cols;
  const before = textAt(c, brace - 1);
  if (kindAt(c, brace - 1) !== K_OP || (before !== '=' && before !== ':')) return undefined;
  if (kindAt(c, brace - 2) === K_NAME && (before === ':' || textAt(c, brace - 3) !== ':')) return c.texts[brace - 2];
  if (before !== '=') return undefined;
  // Back over the type to the statement's start: the declared name is the first name after it and its modifiers.
  let j = brace - 2;
  for (; j >= 0 && brace - j < 48; j--) {
    const x = c.texts[j]!;
    if (kindAt(c, j) !== K_OP) continue;
    // An object or function type inside the annotation (`{ [k: string]: F }`, `(x: number) => number`).
    const open = x === '}' || x === ')' || x === ']' ? ctx.parsed.match[j] ?? -1 : -1;
    if (open >= 0 && open < j) j = open;
    else if (x === ';' || x === '{' || x === '}' || x === '=') break;
  }
  if (brace - j >= 48) return undefined;
  let k = j + 1;
  while (kindAt(c, k) === K_NAME && DECLARATION_MODIFIERS.has(c.texts[k]!)) k++;
  return kindAt(c, k) === K_NAME && textAt(c, k + 1) === ':' ? c.texts[k] : undefined;
}

/** The body from code index `k`: a `{...}` block, or an expression up to `;` / end of the enclosing bracket. */
function bodyAfter(ctx: Context, k: number, params: string[]): DefinitionShape | undefined {
  const { count, kinds, texts, starts, ends } = ctx.cols;
  const { match } = ctx.parsed;
  if (k < 0 || k >= count) return undefined;
  if (kinds[k] === K_OP && texts[k] === '{') {
    const close = match[k] ?? -1;
    const end = close >= 0 ? ends[close]! : ctx.text.length;
    return { params, bodyStart: starts[k]!, bodyEnd: end };
  }
  let depth = 0;
  let j = k;
  for (; j < count; j++) {
    if (kinds[j] !== K_OP) continue;
    const x = texts[j];
    if (x === '(' || x === '[' || x === '{') depth++;
    else if (x === ')' || x === ']' || x === '}') {
      if (depth === 0) break;
      depth--;
    } else if ((x === ';' || x === ',') && depth === 0) break;
  }
  // The token before j (the one before the body when it ends at once), else the first.
  const last = j - 1 >= 0 ? j - 1 : k;
  return { params, bodyStart: starts[k]!, bodyEnd: ends[last]! };
}

function paramNames(c: CodeColumns, open: number, close: number): string[] {
  const { kinds, texts } = c;
  const out: string[] = [];
  for (let p = open + 1; p < close; p++) {
    if (kinds[p] !== K_NAME) continue;
    const prevKind = kinds[p - 1];
    const prevOk = (prevKind === K_OP && BEFORE_PARAMETER.has(texts[p - 1]!)) || prevKind === K_NAME;
    if (prevOk && kindAt(c, p + 1) === K_OP && AFTER_PARAMETER.has(texts[p + 1]!)) out.push(texts[p]!);
  }
  return out;
}

/** What a generically named function computes, from the expressions in its body. */
function activationOfBody(ctx: Context, start: number, end: number): ActivationId | undefined {
  let found: ActivationId | undefined;
  // A sigmoid needs an exponential and a tanh its name: only segments with a form name can hold either.
  for (const expr of expressionsIn(ctx, start, end, SEGMENT_FORM)) {
    if (found) break;
    // A cast of the whole (`return (float) ((exp(2x) - 1) / (exp(2x) + 1));`) is still the whole.
    let whole: Expr = expr;
    for (let operand = castOperand(whole); operand !== undefined; operand = castOperand(whole)) whole = operand;
    walk(expr, (e) => {
      if (found) return;
      if (matchSigmoid(ctx, e)) found = 'sigmoid';
      // A whole expression only (`return (exp(x) - exp(-x)) / (...)`): `0.5f * (t + 1f)` of a tanh is not one.
      else if ((e === expr || e === whole) && matchTanh(ctx, e)) found = 'tanh';
      else if (e.kind === 'call') {
        const m = mathCall(ctx, e);
        if (m?.fn === 'tanh') found = 'tanh';
      }
    });
  }
  // A dispatcher (`switch (type) { case 'relu': return relu(z); case 'tanh': return Math.tanh(z); }`) is no single activation.
  if (found && namesAnotherActivation(activationsNamedIn(ctx.cols, tokenIndexAt(ctx, start), end, selectorEnums(ctx), ctx.bareEnumMembers), found)) return undefined;
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Expression-level matching

function use(start: number, end: number, activation: ActivationId, name: string, qualifiedName: string, framework: UseFramework,
  kind: ActivationUse['kind'], params: Record<string, ParamValue> = {}, literalArgument?: number): ActivationUse {
  const u: { -readonly [K in keyof ActivationUse]: ActivationUse[K] } = { span: { start, end }, activation, name, qualifiedName, framework, kind, params };
  // Added last, where a spread would put it, without copying the use.
  if (literalArgument !== undefined) u.literalArgument = literalArgument;
  return u;
}

function textOf(ctx: Context, e: Expr): string {
  return ctx.syntheticText.get(e) ?? ctx.text.slice(e.start, e.end);
}

/** The argument of `1/(1+exp(E))` is -E: `x` for `exp(-x)`, otherwise a made-up `-(E)` node (`exp(-4.9 * x)`). */
function sigmoidArgument(ctx: Context, expArg: Expr): Expr {
  const n = negated(expArg);
  if (n) return n;
  const node: Expr = { kind: 'unary', op: '-', operand: expArg, start: expArg.start, end: expArg.end };
  ctx.syntheticText.set(node, negate(textOf(ctx, stripParens(expArg))));
  return node;
}

function numericLiteral(e: Expr): number | undefined {
  const s = stripParens(e);
  if (s.kind === 'number' && Number.isFinite(s.value)) return s.value;
  if (s.kind === 'unary' && (s.op === '-' || s.op === '+')) {
    const v = numericLiteral(s.operand);
    if (v !== undefined) return s.op === '-' ? -v : v;
  }
  if (s.kind === 'group' && s.label.startsWith('cast:') && s.children[0]) return numericLiteral(s.children[0]);
  return undefined;
}

function isOne(e: Expr): boolean {
  const s = stripParens(e);
  return s.kind === 'number' && s.value === 1;
}

function calleeName(call: CallExpr): string | undefined {
  return dottedName(call.callee);
}

/** `exp(y)`, `Math.Exp(y)`, `Math.pow(Math.E, y)`, `Math.E ** y`, `tf.exp(y)`... resolved in this file (memoized: every rule asks). */
function mathCall(ctx: Context, e: Expr): MathCall | undefined {
  // Only a call or a `**` can be one: other nodes are not remembered (rules ask about every operand they look at).
  const s = stripParens(e);
  if (s.kind !== 'call' && !(s.kind === 'binary' && s.op === '**')) return undefined;
  const known = ctx.mathCalls.get(e);
  if (known !== undefined) return known ?? undefined;
  const m = resolveMathCall(ctx, e);
  ctx.mathCalls.set(e, m ?? null);
  return m;
}

/** The language's resolution of a callee name, once per distinct name in the file (it depends on the name and the file's facts only). */
function resolveMathName(ctx: Context, name: string): ResolvedMath | undefined {
  const known = ctx.resolvedMath.get(name);
  if (known !== undefined) return known ?? undefined;
  const resolved = ctx.lang.resolveMath(name, ctx.facts);
  ctx.resolvedMath.set(name, resolved ?? null);
  return resolved;
}

/** The language's resolution of a called name at `offset` (memoized per name; a bare name may be hidden by a class's own member there). */
function resolveActivationName(ctx: Context, name: string, offset: number): ResolvedActivationCall | undefined {
  let resolved = ctx.resolvedActivations.get(name);
  if (resolved === undefined) {
    resolved = ctx.lang.resolveActivationCall(name, ctx.facts) ?? null;
    ctx.resolvedActivations.set(name, resolved);
  }
  return resolved !== null && !hiddenByMember(ctx, name, offset) ? resolved : undefined;
}

/**
 * A bare library name is something else at `offset`: the class's own member (`Exp` after `using static System.Math;`
 * in C#, Java), a C/C++ local, or a JavaScript declaration shadowing a math alias in its block.
 */
function hiddenByMember(ctx: Context, name: string, offset: number): boolean {
  if (name.indexOf('.') >= 0) return false;
  const shadows = ctx.facts.mathAliasShadows?.get(name);
  if (shadows) {
    for (let k = 0; k + 1 < shadows.length; k += 2) if (shadows[k]! <= offset && offset < shadows[k + 1]!) return true;
  }
  return ctx.facts.declaredNames.hiddenAt(name, offset);
}

function resolveMathCall(ctx: Context, e: Expr): MathCall | undefined {
  const s = stripParens(e);
  if (s.kind === 'binary' && s.op === '**') {
    const base = dottedName(stripParens(s.left));
    if (base && ctx.lang.eulerNames.has(base)) return { fn: 'exp', callee: ctx.lang.defaultExp, float32: false, tensor: false, arg: s.right };
    return undefined;
  }
  if (s.kind !== 'call') return undefined;
  const name = calleeName(s);
  if (!name) return tensorMethodMath(ctx, s);
  const resolved = resolveMathName(ctx, name);
  if (!resolved || hiddenByMember(ctx, name, s.start)) return undefined;
  if (resolved.fn === 'pow') {
    if (s.args.length !== 2) return undefined;
    const base = dottedName(stripParens(s.args[0]!.value));
    if (base && ctx.lang.eulerNames.has(base)) {
      return { fn: 'exp', callee: ctx.lang.defaultExp, float32: resolved.float32, tensor: resolved.tensor, arg: s.args[1]!.value };
    }
    return undefined;
  }
  if (s.args.length !== 1) return undefined;
  return { fn: resolved.fn, callee: ctx.text.slice(s.callee.start, s.callee.end), float32: resolved.float32, tensor: resolved.tensor, arg: s.args[0]!.value };
}

/**
 * tfjs's chained tensor methods, `t.exp()` and `t.log()` (as in `x.neg().exp().add(1).reciprocal()`), in a file that
 * imports tfjs: the method is the module's function of `t`. Only a chain whose object is no plain name is read here (a
 * name's `v.exp()` could be any class's, micrograd's Value among them); a named tensor's `t.exp()` is left alone.
 */
function tensorMethodMath(ctx: Context, call: CallExpr): MathCall | undefined {
  const callee = call.callee;
  if (call.args.length !== 0 || callee.kind !== 'attribute' || (callee.name !== 'exp' && callee.name !== 'log')) return undefined;
  if (ctx.lang.mathFramework !== 'javascript' || ctx.facts.tensorModules.size === 0) return undefined;
  if (!isTensorChain(ctx, callee.object)) return undefined;
  const module = ctx.facts.tensorModules.values().next().value as string;
  return { fn: callee.name, callee: `${module}.${callee.name}`, float32: true, tensor: true, arg: callee.object };
}

/** `tf.neg(x)`, `x.neg()`, `tf.exp(y).add(1)`: an expression made by a tfjs op (a call of the module or a tensor method chain). */
function isTensorChain(ctx: Context, e: Expr): boolean {
  // Down the chain one call at a time (a loop: a minified chain can be thousands of calls long).
  for (let s = stripParens(e); ;) {
    if (s.kind !== 'call' || s.callee.kind !== 'attribute') return false;
    const object = stripParens(s.callee.object);
    if (object.kind === 'name') return ctx.facts.tensorModules.has(object.name) || (s.args.length === 0 && TENSOR_UNARY_METHODS.has(s.callee.name));
    if (object.kind === 'attribute' && ctx.facts.tensorModules.has(dottedName(object)?.split('.')[0] ?? '')) return true;
    s = object;
  }
}

const TENSOR_UNARY_METHODS = new Set(['neg', 'exp', 'log', 'abs', 'square', 'sqrt', 'sigmoid', 'relu', 'tanh']);

function negated(e: Expr): Expr | undefined {
  const s = stripParens(e);
  if (s.kind === 'unary' && s.op === '-') return s.operand;
  if (s.kind === 'binary' && s.op === '-' && numericLiteral(s.left) === 0) return s.right;
  if (s.kind === 'binary' && s.op === '*' && numericLiteral(s.left) === -1) return s.right;
  // tfjs `tf.neg(x)` and `x.neg()`.
  if (s.kind === 'call' && s.args.length === 1 && lastName(s.callee) === 'neg' && s.callee.kind === 'attribute') return s.args[0]!.value;
  if (s.kind === 'call' && s.args.length === 0 && s.callee.kind === 'attribute' && s.callee.name === 'neg') return s.callee.object;
  return undefined;
}

/**
 * `text` with each run of whitespace replaced by `by`, as `text.replace(/\s+/g, by)`, without running the regular expression
 * over text that has no character that could be whitespace (most operands compared or quoted are short ASCII names).
 */
function collapsedWhitespace(text: string, by: string): string {
  const keepsSingleSpaces = by === ' ';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    // A lone space (the one before it was checked the same way) would be replaced by itself: a form's name is usually `1 / (1 + exp(-x))`.
    if (keepsSingleSpaces && c === 32 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next > 32 && next < 127) continue;
    }
    return text.replace(/\s+/g, by);
  }
  return text;
}

function sameText(ctx: Context, a: Expr, b: Expr): boolean {
  return collapsedWhitespace(textOf(ctx, stripParens(a)), '') === collapsedWhitespace(textOf(ctx, stripParens(b)), '');
}

/** `one + other` in either order: the other operand, and the one's text. */
function onePlus(e: Expr): { other: Expr; one: Expr } | undefined {
  const s = stripParens(e);
  if (s.kind === 'binary' && s.op === '+') {
    if (isOne(s.left)) return { other: s.right, one: s.left };
    if (isOne(s.right)) return { other: s.left, one: s.right };
  }
  if (s.kind === 'call' && s.args.length === 2 && lastName(s.callee) === 'add') {
    // tfjs `tf.add(1, t)`.
    if (isOne(s.args[0]!.value)) return { other: s.args[1]!.value, one: s.args[0]!.value };
    if (isOne(s.args[1]!.value)) return { other: s.args[0]!.value, one: s.args[1]!.value };
  }
  // tfjs's method `t.add(1)`.
  if (s.kind === 'call' && s.args.length === 1 && s.callee.kind === 'attribute' && s.callee.name === 'add' && isOne(s.args[0]!.value)) {
    return { other: s.callee.object, one: s.args[0]!.value };
  }
  return undefined;
}

interface SigmoidMatch {
  readonly arg: Expr;
  readonly exp: MathCall;
  readonly one: Expr;
  /**
   * The exponential is cast (`(float) Math.exp(-x)`) or the one is C++'s `T(1)`: the form is the same, but a fix would have to
   * keep the cast, so none is offered.
   */
  readonly cast?: boolean;
  /** 'negative': 1/(1+exp(-x)) overflows for x < -T; 'ratio': exp(x)/(1+exp(x)) is NaN for x > T. */
  readonly form: 'negative' | 'ratio';
}

function division(e: Expr): { num: Expr; den: Expr } | undefined {
  const s = stripParens(e);
  if (s.kind === 'binary' && s.op === '/') return { num: s.left, den: s.right };
  if (s.kind === 'call' && s.args.length === 2 && s.callee.kind === 'attribute' && s.callee.name === 'div') {
    return { num: s.args[0]!.value, den: s.args[1]!.value };
  }
  // tfjs `tf.reciprocal(t)` and `t.reciprocal()`: 1 / t, with a made-up 1 at its start.
  if (s.kind === 'call' && s.callee.kind === 'attribute' && s.callee.name === 'reciprocal' && s.args.length <= 1) {
    const den = s.args.length === 1 ? s.args[0]!.value : s.callee.object;
    return { num: { kind: 'number', value: 1, start: s.start, end: s.start }, den };
  }
  return undefined;
}

/** A match, with `cast` only when set (an object spread of `{ cast }` built each match through the runtime's slow path). */
function sigmoidMatch(arg: Expr, exp: MathCall, one: Expr, form: SigmoidMatch['form'], cast: boolean): SigmoidMatch {
  return cast ? { arg, exp, one, form, cast } : { arg, exp, one, form };
}

function matchSigmoid(ctx: Context, e: Expr): SigmoidMatch | undefined {
  const s = stripParens(e);
  const div = division(s);
  if (div) {
    const plain = onePlus(div.den);
    const sum = plain ?? typedOnePlus(ctx, div.den);
    if (!sum) return undefined;
    const uncast = castOperand(sum.other);
    const ex = mathCall(ctx, uncast ?? sum.other);
    if (!ex || ex.fn !== 'exp') return undefined;
    const cast = uncast !== undefined || !plain;
    if (plain ? isOne(div.num) : isTypedOne(ctx, div.num)) return sigmoidMatch(sigmoidArgument(ctx, ex.arg), ex, sum.one, 'negative', cast);
    if (uncast) return undefined;
    const top = mathCall(ctx, div.num);
    if (top && top.fn === 'exp' && sameText(ctx, top.arg, ex.arg)) return sigmoidMatch(ex.arg, ex, sum.one, 'ratio', cast);
    return undefined;
  }
  // `Math.pow(1 + Math.exp(-x), -1)`, `(1 + Math.exp(-x)) ** -1`
  let base: Expr | undefined;
  let power: Expr | undefined;
  if (s.kind === 'binary' && s.op === '**') {
    base = s.left;
    power = s.right;
  } else if (s.kind === 'call' && s.args.length === 2 && POW_NAMES.has(lastName(s.callee) ?? '')
    && /^(Math\.pow|Math\.Pow|MathF\.Pow|Mathf\.Pow|StrictMath\.pow|pow|powf|std\.pow)$/.test(calleeName(s) ?? '')) {
    base = s.args[0]!.value;
    power = s.args[1]!.value;
  }
  if (base && power && numericLiteral(power) === -1) {
    const plain = onePlus(base);
    const sum = plain ?? typedOnePlus(ctx, base);
    const ex = sum && mathCall(ctx, sum.other);
    const arg = ex && ex.fn === 'exp' ? sigmoidArgument(ctx, ex.arg) : undefined;
    if (sum && ex && arg) return sigmoidMatch(arg, ex, sum.one, 'negative', !plain);
  }
  return undefined;
}

/**
 * C/C++'s one converted to a type: `T(1)` or `T{1}` of a template type parameter (`template <typename T>`), a
 * built-in type (`float(1)`) or the file's alias of a floating type (`using real = double;`), and the casts
 * `static_cast<T>(1)`, `(T)1`, `(float)1`.
 */
function isTypedOne(ctx: Context, e: Expr): boolean {
  return ctx.lang.mathFramework === 'cpp' && !isOne(e) && convertedConstant(ctx, e) === 1;
}

/**
 * The number a C/C++ operand writes, also through a conversion: `T(-2)`, `real{1}`, `static_cast<T>(1)`, `(float)1`,
 * `-T(2)`. Every form matcher reads its constants (the one, the -2 of tanh) here; undefined when it is no number.
 */
function convertedConstant(ctx: Context, e: Expr): number | undefined {
  const plain = numericLiteral(e);
  if (plain !== undefined || ctx.lang.mathFramework !== 'cpp') return plain;
  const s = stripParens(e);
  if (s.kind === 'unary' && (s.op === '-' || s.op === '+')) {
    const v = convertedConstant(ctx, s.operand);
    return v === undefined ? undefined : s.op === '-' ? -v : v;
  }
  if (s.kind !== 'call' || s.args.length !== 1 || !isConversionType(ctx, s.callee)) return undefined;
  return numericLiteral(s.args[0]!.value);
}

/** The callee of `N(c)` is a number type: a type name, or the type of an expression (`decltype(x)(1)`, x an abbreviated `auto` parameter). */
function isConversionType(ctx: Context, callee: Expr): boolean {
  if (callee.kind === 'name') return isConversionTypeName(ctx, callee.name);
  return callee.kind === 'call' && callee.args.length === 1 && callee.callee.kind === 'name' && callee.callee.name === 'decltype';
}

/** `N(c)` converts c to a number type: N is a built-in arithmetic type, a template type parameter or an alias of a floating type. */
function isConversionTypeName(ctx: Context, name: string): boolean {
  return ctx.lang.parse.castTypes.has(name) || templateTypeNames(ctx.cols).has(name) || floatTypeAliases(ctx.cols).has(name);
}

/** The one of a form: 'plain' (`1`, `1.0f`), 'typed' (a C++ conversion of 1, which a fix would have to keep), else undefined. */
function oneKind(ctx: Context, e: Expr): 'plain' | 'typed' | undefined {
  return isOne(e) ? 'plain' : isTypedOne(ctx, e) ? 'typed' : undefined;
}

/** `T(1) + other` in either order. */
function typedOnePlus(ctx: Context, e: Expr): { other: Expr; one: Expr } | undefined {
  const s = stripParens(e);
  if (s.kind !== 'binary' || s.op !== '+') return undefined;
  if (isTypedOne(ctx, s.left)) return { other: s.right, one: s.left };
  if (isTypedOne(ctx, s.right)) return { other: s.left, one: s.right };
  return undefined;
}

/** The operand of a cast (`(float) e` in Java, C#, C/C++), or undefined when `e` is not a cast. */
function castOperand(e: Expr): Expr | undefined {
  const s = stripParens(e);
  return s.kind === 'group' && s.label.startsWith('cast:') ? s.children[0] : undefined;
}

/** A call of a sigmoid by name: a user's `sigmoid(x)`, `this.Sigmoid(x)`, tfjs `tf.sigmoid(x)`. */
function sigmoidCallArg(ctx: Context, e: Expr): { arg: Expr; callee: string } | undefined {
  const s = stripParens(e);
  if (s.kind !== 'call' || s.args.length !== 1) return undefined;
  const name = calleeName(s);
  if (!name) return undefined;
  const last = name.slice(name.lastIndexOf('.') + 1);
  const user = s.callee.kind === 'attribute' ? (invokedDelegate(ctx, s.callee) ?? ctx.userFunctions.get(last)) : ctx.userFunctions.get(last);
  const lib = resolveActivationName(ctx, name, s.start);
  if (user?.activation === 'sigmoid' || (lib?.activation === 'sigmoid' && lib.inputIsFirstArg) || isSelectorTypeSigmoid(s)) {
    return { arg: s.args[0]!.value, callee: ctx.text.slice(s.callee.start, s.callee.end) };
  }
  return undefined;
}

/**
 * `ActivationFunctions.Sigmoid(x)`, `Activations.sigmoid(z)`: the sigmoid of a class named for activations that the file
 * does not define (a project's own library, which its tests call), already a use of sigmoid where it is written.
 */
function isSelectorTypeSigmoid(call: CallExpr): boolean {
  const callee = call.callee;
  if (callee.kind !== 'attribute') return false;
  const owner = stripParens(callee.object);
  return owner.kind === 'name' && isActivationSelectorType(owner.name) && activationForMemberName(callee.name) === 'sigmoid';
}

/**
 * exp of `expArg` stays finite in `dtype` because its input is clipped (`Math.Max(-500, Math.Min(500, x))`,
 * `std::clamp(x, -88.f, 88.f)`, `v = std::max(v, -80.0f);` before `exp(-v)`): nothing to report.
 */
function isExpClipped(ctx: Context, expArg: Expr, dtype: 'float32' | 'float64'): boolean {
  if (!mayBeClipped(ctx, expArg)) return false;
  const r = clippedRange(expArg, clipEnv(ctx));
  return r !== undefined && r.hi <= expOverflowThreshold(dtype);
}

/** The input itself is clipped both ways within exp's overflow limit. */
function isClippedBothWays(ctx: Context, e: Expr, float32: boolean): boolean {
  if (!mayBeClipped(ctx, e)) return false;
  return withinBothWays(clippedRange(e, clipEnv(ctx)), expOverflowThreshold(float32 ? 'float32' : 'float64'));
}

/**
 * A clip can bound `e` only through a call in it or an assignment after a clipping call of its function: without either
 * (most forms take a parameter), its names need not be looked up one by one.
 */
function mayBeClipped(ctx: Context, e: Expr): boolean {
  let call = false;
  walk(e, (n) => {
    call ||= n.kind === 'call';
  });
  if (call) return true;
  const scope = enclosingFunctionScope(ctx, e.start);
  return clipCallsBetween(ctx, tokenIndexAt(ctx, scope.start), tokenIndexAt(ctx, e.start)) > 0;
}

function clipEnv(ctx: Context): ClipEnv {
  return {
    assignedBefore: (name, at) => clipAssignedBefore(ctx, name, at),
    constant: (e) => convertedConstant(ctx, e),
    negated: (call) => negated(call),
  };
}

/**
 * The value last assigned to `name` in its function before `at`, when that function calls a clipping function at all
 * (checked on the tokens first: most hand-written forms take a parameter, and their function need not be parsed again),
 * and that assignment runs each time before `at` does (not in a branch, not one a later write in a loop undoes).
 */
function clipAssignedBefore(ctx: Context, name: string, at: number): Expr | undefined {
  const scope = enclosingFunctionScope(ctx, at);
  if (clipCallsBetween(ctx, tokenIndexAt(ctx, scope.start), tokenIndexAt(ctx, at)) === 0) return undefined;
  let last: BinaryExpr | undefined;
  for (const expr of assignmentExpressionsIn(ctx, name, scope.start, at)) {
    walk(expr, (n) => {
      if (n.kind !== 'binary' || n.end > at || !assigns(ctx, n.left, name)) return;
      // A compound assignment (`t += 1000`) after the clip undoes it.
      last = n.op === '=' || /^[-+*/]=$/.test(n.op) ? n : last;
    });
  }
  const assignment: BinaryExpr | undefined = last;
  if (assignment === undefined || assignment.op !== '=') return undefined;
  let target = tokenIndexAt(ctx, stripParens(assignment.left).start);
  // TypeScript's `const t: number = ...` (its left is the type): the statement is the name's.
  if (ctx.cols.texts[target - 1] === ':' && ctx.cols.texts[target - 2] === name) target -= 2;
  return assignsEveryTimeBefore(rangeGuardTokensOf(ctx), target, tokenIndexAt(ctx, at), name) ? assignment.right : undefined;
}

function rangeGuardTokensOf(ctx: Context): RangeGuardTokens {
  return ctx.rangeGuardTokens ??= { text: ctx.text, ...ctx.cols, match: ctx.parsed.match, referenceArguments: ctx.lang.id === 'c' || ctx.lang.id === 'cpp' };
}

/**
 * The exp's argument stays at or below the overflow limit because early exits bound its variable
 * (`if (x < -45.0) return 0.0; else if (x > 45.0) return 1.0; else return 1/(1+exp(-x));`), as a clip would.
 */
function isRangeGuarded(ctx: Context, node: Expr, expArg: Expr, dtype: 'float32' | 'float64'): boolean {
  // The bounding `if` lies in a segment of the function at or before the node's, as a sign guard's does.
  const scope = functionWithTestsBefore(ctx, node);
  if (scope === undefined) return false;
  const at = tokenIndexAt(ctx, node.start);
  const body = tokenIndexAt(ctx, scope.start);
  const tokens = rangeGuardTokensOf(ctx);
  const range = boundedRange(expArg, (name) => guardedRange(tokens, body, at, name));
  return range !== undefined && range.hi <= expOverflowThreshold(dtype);
}

/** The exp at `node` cannot overflow its dtype: its argument is clipped, or early exits bound the argument's variable. */
function isExpKeptInRange(ctx: Context, node: Expr, expArg: Expr, dtype: 'float32' | 'float64'): boolean {
  return isExpClipped(ctx, expArg, dtype) || isRangeGuarded(ctx, node, expArg, dtype);
}

/** `-Math.abs(x)`, `-std::abs(x)`, `-fabs(x)`: exp of it cannot overflow. */
function isNonPositive(e: Expr): boolean {
  const n = negated(e);
  if (!n) return false;
  const s = stripParens(n);
  if (s.kind === 'call') return /(^|\.)(abs|Abs|fabs|fabsf|fabsl)$/.test(calleeName(s) ?? '');
  return false;
}

/**
 * The form is already one branch of a sign split: inside a conditional `x >= 0 ? ... : ...` on its argument,
 * or after an `if (x < 0)` on it earlier in the same function (`if (x >= 0) return 1/(1+exp(-x)); ...`).
 */
function isSignGuarded(ctx: Context, node: Expr, arg: Expr): boolean {
  const scope = functionWithTestsBefore(ctx, node);
  if (scope === undefined) return false;
  const facts = guardFactsOf(ctx, scope);
  // Most functions test no sign at all: then the argument's text is not needed.
  if (facts.ifGuards.length === 0 && facts.conditionals.length === 0) return false;
  const key = normalized(ctx, arg);
  if (facts.ifGuards.some((g) => g.start < node.start && g.operands.has(key))) return true;
  return facts.conditionals.some((c) => c.start <= node.start && c.end >= node.end && c.operands.has(key));
}

/**
 * The function enclosing `node` when one of its segments at or before the node's holds an `if` or a `?`: a sign or
 * range guard can only start in such a segment (guardFactsOf and the range guards read no other), so without one
 * before the node's no function need be found, and without one in the function its tests need not be read.
 */
function functionWithTestsBefore(ctx: Context, node: Expr): Scope | undefined {
  // A sigmoid form asks twice for the same node (its sign guards, then its range guards): the last answer is kept.
  if (ctx.testsAskedFor === node) return ctx.testsAnswer;
  const scope = functionWithTestsBeforeUncached(ctx, node);
  ctx.testsAskedFor = node;
  ctx.testsAnswer = scope;
  return scope;
}

function functionWithTestsBeforeUncached(ctx: Context, node: Expr): Scope | undefined {
  const counts = guardSegmentCounts(ctx);
  const nodeSegment = segmentOfToken(ctx, tokenIndexAt(ctx, node.start));
  if (counts[nodeSegment + 1] === 0) return undefined;
  const scope = enclosingFunctionScope(ctx, node.start);
  // The scope's first segment as expressionsIn reads it: the one holding the token before its start.
  const scopeSegment = segmentOfToken(ctx, Math.max(0, tokenIndexAt(ctx, scope.start) - 1));
  if (scopeSegment > nodeSegment || counts[nodeSegment + 1] === counts[scopeSegment]) return undefined;
  return scope;
}

/** Per segment index k, how many of the segments before k hold an `if` or a `?` (one entry more than segments), counted once per file. */
function guardSegmentCounts(ctx: Context): Int32Array {
  if (ctx.guardSegmentCounts) return ctx.guardSegmentCounts;
  const flags = ctx.segmentFlags;
  const counts = new Int32Array(flags.length + 1);
  for (let k = 0; k < flags.length; k++) counts[k + 1] = counts[k]! + ((flags[k]! & (SEGMENT_IF | SEGMENT_CONDITIONAL)) !== 0 ? 1 : 0);
  ctx.guardSegmentCounts = counts;
  return counts;
}

function normalized(ctx: Context, e: Expr): string {
  return collapsedWhitespace(textOf(ctx, stripParens(e)), '');
}

/** The operands compared with 0 anywhere in `test` (`x >= 0`, `0 < z`; C++'s zero through a conversion, `x >= T(0)`, as the forms read their one). */
function zeroComparedOperands(ctx: Context, test: Expr): Set<string> {
  const out = new Set<string>();
  walk(test, (n) => {
    if (n.kind !== 'binary' || !ORDER_COMPARISONS.has(n.op)) return;
    if (convertedConstant(ctx, n.right) === 0) out.add(normalized(ctx, n.left));
    if (convertedConstant(ctx, n.left) === 0) out.add(normalized(ctx, n.right));
  });
  return out;
}

/** A scope's span as one key: a number while start * (length + 1) + end is exact (texts under ~94 million characters). */
function scopeKey(ctx: Context, scope: Scope): number | string {
  const n = ctx.text.length + 1;
  return n < 94_000_000 ? scope.start * n + scope.end : `${scope.start}:${scope.end}`;
}

function sameScope(a: Scope, b: Scope): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * The code at `offset` belongs to `scope`'s function: its own function is `scope`, or a callback passed there (whose
 * exps, sums and maxima count for the function around it), not a function merely nested in it or declared elsewhere.
 */
function belongsToScope(ctx: Context, offset: number, scope: Scope): boolean {
  let inner: Scope | undefined = enclosingFunctionScope(ctx, offset);
  for (let hops = 0; inner && hops < 16; hops++) {
    if (sameScope(inner, scope)) return true;
    inner = callbackParentScope(ctx, inner);
  }
  return false;
}

/** The sign tests of a scope (its `if (x >= 0)` conditions and `x >= 0 ? a : b` conditionals), read once per scope. */
function guardFactsOf(ctx: Context, scope: Scope): GuardFacts {
  const same = ctx.guardsOfScope.get(scope);
  if (same) return same;
  const key = scopeKey(ctx, scope);
  let facts = ctx.scopeGuards.get(key);
  if (!facts) {
    const ifGuards: Array<{ start: number; operands: ReadonlySet<string> }> = [];
    const conditionals: Array<{ start: number; end: number; operands: ReadonlySet<string> }> = [];
    // Only segments holding an `if` or a `?` can hold either.
    for (const expr of expressionsIn(ctx, scope.start, scope.end, SEGMENT_IF | SEGMENT_CONDITIONAL)) {
      walk(expr, (n) => {
        // An `if` of this function (also one the parser found inside an expression, as in an IIFE module wrapper), not of a
        // function nested in it or around it: a sign test guards only the code of its own function.
        if (n.kind === 'paren' && n.start >= scope.start && n.end <= scope.end && tokenBefore(ctx, n.start)?.text === 'if'
          && sameScope(enclosingFunctionScope(ctx, n.start), scope)) {
          const operands = zeroComparedOperands(ctx, n);
          if (operands.size > 0) ifGuards.push({ start: n.start, operands });
        }
        if (n.kind === 'group' && n.label === 'conditional' && n.children[0]) {
          const operands = zeroComparedOperands(ctx, n.children[0]);
          if (operands.size > 0) conditionals.push({ start: n.start, end: n.end, operands });
        }
      });
    }
    facts = { ifGuards, conditionals };
    ctx.scopeGuards.set(key, facts);
  }
  ctx.guardsOfScope.set(scope, facts);
  return facts;
}

function factsOf(ctx: Context, scope: Scope): ScopeFacts {
  const same = ctx.factsOfScope.get(scope);
  if (same) return same;
  const key = scopeKey(ctx, scope);
  const known = ctx.scopeFacts.get(key);
  if (known) {
    ctx.factsOfScope.set(scope, known);
    return known;
  }
  let divides = false;
  let accumulates = false;
  let computesMax = false;
  const maxStarts: number[] = [];
  const { count, kinds, starts, texts } = ctx.cols;
  for (let i = tokenIndexAt(ctx, scope.start); i < count && starts[i]! < scope.end; i++) {
    const kind = kinds[i];
    const x = texts[i]!;
    if (kind === K_OP && (x === '/' || x === '/=')) divides = true;
    if ((kind === K_OP && x === '+=') || (kind === K_NAME && SUM_CALLEES.has(x))) accumulates = true;
    // `max`, `Max`, `maxVal`, `fmaxf`; not the `max` of `softmax` (a function named softmax computes no maximum by its name),
    // nor a ReLU or clamp `Math.Max(0.0, x)` (a maximum with a constant shifts no collection).
    // Nor the name of a function being declared (C#'s `double Smoothmax(double[] xs, double k) => ...` has it in its scope).
    if (kind === K_NAME && /max/i.test(x) && /max/i.test(x.replace(/softmax/gi, '')) && !isMaxWithConstant(ctx, i) && !definitionAt(ctx, i)) {
      // Only a maximum of this function (or of a callback it passes) can be its exps' shift.
      if (!belongsToScope(ctx, starts[i]!, scope)) continue;
      computesMax = true;
      maxStarts.push(starts[i]!);
    }
  }
  let logs = false;
  for (const expr of expressionsIn(ctx, scope.start, scope.end, SEGMENT_IF | SEGMENT_CONDITIONAL | SEGMENT_LOG)) {
    walk(expr, (n) => {
      if (!logs && n.kind === 'call') {
        const m = mathCall(ctx, n);
        if (m && (m.fn === 'log' || m.fn === 'log1p')) logs = true;
      }
    });
  }
  const { ifGuards, conditionals } = guardFactsOf(ctx, scope);
  const facts: ScopeFacts = { divides, accumulates, computesMax, maxStarts, logs, ifGuards, conditionals };
  ctx.scopeFacts.set(key, facts);
  ctx.factsOfScope.set(scope, facts);
  return facts;
}

function isSimpleArg(e: Expr): boolean {
  const s = stripParens(e);
  switch (s.kind) {
    case 'name': case 'number': return true;
    case 'attribute': return isSimpleArg(s.object);
    case 'subscript': return isSimpleArg(s.object) && s.index.length === 1 && isSimpleArg(s.index[0]!) ;
    default: return false;
  }
}

// Names without which no exp/log/tanh form can occur in an expression (the rules are skipped there).
const FORM_NAMES = new Set(['exp', 'Exp', 'expf', 'expl', '__expf', 'log', 'Log', 'logf', 'logl', 'log1p', 'log1pf', 'log1pl',
  'tanh', 'Tanh', 'tanhf', 'tanhl', 'pow', 'Pow', 'powf', 'E', 'M_E', 'e', 'sigmoid']);

/**
 * Segments whose expressions can yield anything: one with a name that may be a library activation, a user's
 * activation or part of an unstable form, or both a `*` and a `-` (the derivative `(1 - s) * s`). analyzeExpression
 * reports nothing for an expression without any of these tokens: a library call is named after its activation, an
 * enum selection (`ActivationType.Sigmoid`) ends in an activation's name, so a selector type alone (the `activation`
 * key of `{ activation: 'relu' }`, whose string is found from the tokens) is no reason to parse a segment.
 */
function candidateSegments(ctx: Context): Uint8Array {
  const { segments, segmentFlags, notable, definitionStarts } = ctx;
  const { texts, starts } = ctx.cols;
  const out = new Uint8Array(segments.count);
  for (let k = 0; k < segments.count; k++) {
    const f = segmentFlags[k]!;
    if ((f & SEGMENT_ACTIVATION_NAME) !== 0 || ((f & SEGMENT_STAR) !== 0 && (f & SEGMENT_MINUS) !== 0)) out[k] = 1;
  }
  // A definition's own name holds no use the walk would find (its definition use is recorded), so alone it leaves its
  // header (`inline double sigmoid(double x) {`, `public double Activation(double val)`) unparsed; any call makes a candidate.
  for (const i of notable.namesBeforeParen) if (!definitionStarts.has(starts[i]!)) out[segments.segmentOf(i)] = 1;
  // User functions are all names that may define something (findDefinitions looks only there): their calls are uses, and forms.
  const userNames: number[] = [];
  for (const i of notable.maybeDefinitions) {
    if (!ctx.userFunctions.has(texts[i]!)) continue;
    userNames.push(i);
    if (!definitionStarts.has(starts[i]!)) out[segments.segmentOf(i)] = 1;
  }
  // The tokens that can take part in an unstable form, so an expression is checked with two binary searches.
  ctx.formTokens = mergeSorted(notable.forms, userNames);
  return out;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

// Per name: 2 when it is a form name (FORM_NAMES), 1 when it names an activation (also with a C `f`/`l` suffix), 0 otherwise.
const candidateCache = new Map<string, number>();

function candidateName(name: string): number {
  const known = candidateCache.get(name);
  if (known !== undefined) return known;
  let answer = 0;
  if (FORM_NAMES.has(name)) answer = 2;
  // (Also an enum member's short name, `LEAKY`: `Act::LEAKY` is a selection.)
  else if (activationForMemberName(name) !== undefined) answer = 1;
  else {
    const c = name.charCodeAt(name.length - 1);
    if ((c === 102 || c === 108) && activationForName(name.slice(0, -1)) !== undefined) answer = 1;
    // DJL's block factories: `Activation.leakyReluBlock(0.1f)`.
    else if (c === 107 && name.endsWith('Block') && activationForName(name.slice(0, -5)) !== undefined) answer = 1;
  }
  if (candidateCache.size > 10_000) candidateCache.clear();
  candidateCache.set(name, answer);
  return answer;
}

/** The rules over `root` and its subtree; `forms` when the expression holds a token of ctx.formTokens. */
function analyzeExpression(ctx: Context, root: Expr, forms: boolean): void {
  // `walk`, over one stack for all of the file's expressions (this is the walk of every candidate expression). The
  // rules walk with their own stacks, so nothing else touches it; a rule that threw leaves entries, cleared here.
  const stack = ctx.walkStack;
  // (Only then: setting the length to 0 would also drop the stack's storage.)
  if (stack.length > 0) stack.length = 0;
  stack.push(root);
  ctx.consumedBase = -1;
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (ctx.consumedBase >= 0 && stack.length < ctx.consumedBase) ctx.consumedBase = -1;
    const consumed = ctx.consumedBase >= 0;
    ctx.marked = undefined;
    applyRules(ctx, e, forms, consumed);
    // A rule reported e: its subtree (the nodes pushed next) is consumed. A consumed node is never reported, so bases do not nest.
    if (ctx.marked === e) ctx.consumedBase = stack.length;
    pushChildren(stack, e);
  }
}

function applyRules(ctx: Context, e: Expr, forms: boolean, consumed: boolean): void {
  // Uses are found everywhere, also inside a form already reported (the `sigmoid(x)` in `log(sigmoid(x))`).
  if (e.kind === 'call') {
    libraryCall(ctx, e);
    userCall(ctx, e);
    functionArguments(ctx, e);
    if (e.callee.kind === 'attribute' && e.callee.name === 'mul' && e.args.length === 2 && !consumed) tensorDerivativeForm(ctx, e);
  }
  if (e.kind === 'attribute') enumSelection(ctx, e);
  // `(1.0 - val) * val` needs no exp: checked everywhere.
  if (e.kind === 'binary' && e.op === '*' && !consumed) derivativeForm(ctx, e);
  // Marking e consumes its subtree, never e itself: each rule below still sees e.
  if (!forms || consumed) return;
  if (e.kind === 'call') {
    logForms(ctx, e);
    softmaxLoopForm(ctx, e);
  }
  if (e.kind === 'binary' && e.op === '/') markSummedExps(ctx, e);
  if ((e.kind === 'binary' && e.op === '/') || e.kind === 'call') {
    tanhForm(ctx, e);
    tensorSoftmaxForm(ctx, e);
  }
  // A sigmoid form is a division, a power or a call (`tf.div`, `Math.pow`): names and numbers, most of the nodes, are none.
  if (e.kind === 'binary' || e.kind === 'call') sigmoidForm(ctx, e);
}

function libraryCall(ctx: Context, call: CallExpr): void {
  // Cheap filter first: library activations are all named after one (`leakyRelu`, `ReLU`, `tanhf`, `log_softmax`).
  const last = lastName(call.callee);
  if (last === undefined || (!namesLibraryActivation(last)
    // Or a renamed tanh taken out of Math (`const { tanh: th } = Math`, `const th = Math.tanh`).
    && !(call.callee.kind === 'name' && ctx.facts.mathAliases?.get(last) === 'tanh'))) return;
  const name = calleeName(call);
  if (!name) return;
  const resolved = resolveActivationName(ctx, name, call.start);
  if (!resolved) return;
  const params: Record<string, ParamValue> = {};
  const positional = resolved.positionalParams ?? [];
  const offset = resolved.inputIsFirstArg ? 1 : 0;
  positional.forEach((p, k) => {
    const v = call.args[k + offset] ? numericLiteral(call.args[k + offset]!.value) : undefined;
    if (v !== undefined) params[p] = v;
  });
  if (resolved.optionParams) readOptions(ctx, call, resolved.optionParams, params);
  const first = resolved.inputIsFirstArg && call.args[0] ? numericLiteral(call.args[0].value) : undefined;
  const written = ctx.text.slice(call.callee.start, call.callee.end);
  ctx.uses.push(use(call.callee.start, call.callee.end, resolved.activation, written, resolved.qualifiedName, resolved.framework, resolved.kind, params, first));
}

// Per callee name: whether it names an activation, also with a C `f`/`l` suffix or as DJL's block factory
// (`leakyReluBlock`); asked for every call node.
const libraryNameCache = new Map<string, boolean>();

function namesLibraryActivation(name: string): boolean {
  const known = libraryNameCache.get(name);
  if (known !== undefined) return known;
  const answer = activationForName(name) !== undefined || activationForName(name.replace(/[fl]$|Block$/, '')) !== undefined;
  if (libraryNameCache.size > 10_000) libraryNameCache.clear();
  libraryNameCache.set(name, answer);
  return answer;
}

/** `{alpha: 0.2}` inside a call's arguments: literal numbers for the mapped keys. */
function readOptions(ctx: Context, call: CallExpr, keys: Readonly<Record<string, string>>, params: Record<string, ParamValue>): void {
  const code = ctx.cols.tokenAt;
  for (let i = tokenIndexAt(ctx, call.start); i < ctx.cols.count && code(i)!.end <= call.end; i++) {
    const t = code(i)!;
    if (t.kind !== 'name' || code(i + 1)?.text !== ':') continue;
    const target = keys[t.text];
    if (!target) continue;
    let k = i + 2;
    let sign = 1;
    if (code(k)?.text === '-') {
      sign = -1;
      k++;
    }
    const v = code(k);
    if (v?.kind === 'number') params[target] = sign * Number(v.text.replace(/[_fFdDmM]+$/, ''));
  }
}

function userCall(ctx: Context, call: CallExpr): void {
  const callee = call.callee;
  let nameTok: { name: string; start: number; end: number } | undefined;
  if (callee.kind === 'name') nameTok = { name: callee.name, start: callee.start, end: callee.end };
  else if (callee.kind === 'attribute' && stripParens(callee.object).kind === 'name'
    && SELF_NAMES.has((stripParens(callee.object) as { name: string }).name)) {
    nameTok = { name: callee.name, start: callee.nameStart, end: callee.end };
  } else if (callee.kind === 'attribute' && call.args.length === 0 && isOwnNullaryMethod(ctx, callee.name)) {
    // `act.tanh()`, `h[j].relu()` where this file's class defines `tanh() { ... }` on its own value (micrograd's Value).
    const fn = ctx.userFunctions.get(callee.name)!;
    ctx.uses.push(use(callee.nameStart, callee.end, fn.activation, ctx.text.slice(callee.start, callee.end), callee.name, 'user', 'call'));
    return;
  } else if (callee.kind === 'attribute' && invokedDelegate(ctx, callee)) {
    // `sigmoid.applyAsDouble(z)`, `sigmoid.Invoke(z)`: the call of a delegate variable through its invoke method.
    const fn = invokedDelegate(ctx, callee)!;
    const lit = call.args[0] ? numericLiteral(call.args[0].value) : undefined;
    ctx.uses.push(use(callee.start, callee.end, fn.activation, ctx.text.slice(callee.start, callee.end), fn.name, 'user', 'call', {}, lit));
    return;
  } else if (callee.kind === 'attribute' && stripParens(callee.object).kind === 'name') {
    // `DenseLayer.Sigmoid(z)`: a static member called through the class that defines it here (or a C# alias of it, `using L = DenseLayer;`).
    const owner = (stripParens(callee.object) as { name: string }).name;
    const aliased = (): string | undefined => (ctx.lang.mathFramework === 'dotnet' ? usingAliasTarget(ctx.cols, owner) : undefined);
    // Or C++'s `kws::softplus(x)`: a function defined inside `namespace kws {` here.
    // Or TypeScript's `Stable.sigmoid(z)`: a function exported from `namespace Stable {` (or `module Stable {`) here.
    const inNamespace = (f: UserFunction): boolean => (ctx.lang.mathFramework === 'cpp' || ctx.lang.mathFramework === 'javascript') && definedInNamespace(ctx, f.nameStart, owner);
    // Or `sketch.sigmoid(x)` on an object of a class defined here (`NeuronSketch sketch = new NeuronSketch();`).
    const onInstance = (f: UserFunction): boolean => definedInClass(ctx, f.nameStart, declaredClassOf(ctx, owner, callee.start) ?? '');
    // Or `CURVES.sigmoid(x)`, a key of `const CURVES = { sigmoid: (x) => ... }` that defines an activation.
    const inTable = (f: UserFunction): boolean => ctx.lang.mathFramework === 'javascript' && definedInObjectLiteral(ctx, f.nameStart, owner);
    // Or hapi's `internals.logistic(z)`, stored there by `internals.logistic = function (z) {…}`.
    const stored = (f: UserFunction): boolean => ctx.lang.mathFramework === 'javascript' && storedOnOwner(ctx, f, owner);
    const fn = definitionsOf(ctx, callee.name).find((f) => definedInClass(ctx, f.nameStart, owner) || definedInClass(ctx, f.nameStart, aliased() ?? '') || inNamespace(f) || onInstance(f) || inTable(f) || stored(f));
    if (fn) {
      const lit = call.args[0] ? numericLiteral(call.args[0].value) : undefined;
      ctx.uses.push(use(callee.nameStart, callee.end, fn.activation, ctx.text.slice(callee.start, callee.end), callee.name, 'user', 'call', {}, lit));
    }
    return;
  } else if (callee.kind === 'attribute' && ctx.userFunctions.has(callee.name)) {
    // `new NeuronSketch().sigmoid(x)`, `this.net.sigmoid(x)`: a method of a class defined here, on an object of it.
    const fn = ctx.userFunctions.get(callee.name)!;
    const object = stripParens(callee.object);
    const cls = objectClassOf(ctx, object, callee.start);
    if ((cls !== undefined && definedInClass(ctx, fn.nameStart, cls)) || calledThroughPrototype(ctx, object, callee.name)) {
      const lit = call.args[0] ? numericLiteral(call.args[0].value) : undefined;
      ctx.uses.push(use(callee.nameStart, callee.end, fn.activation, ctx.text.slice(callee.start, callee.end), callee.name, 'user', 'call', {}, lit));
    }
    return;
  }
  if (!nameTok || ctx.definitionStarts.has(nameTok.start) || !ctx.userFunctions.has(nameTok.name)) return;
  // `double Activation(double val);` declares; `obj.Activation(x)` whose object the parser skipped is someone else's.
  const before = tokenBefore(ctx, callee.start);
  // (`->` is a member access only where it is no lambda arrow: Java's `v -> logistic(v)`, `case SIGMOID -> logistic(x)` call.)
  if (before && ((before.kind === 'name' && !NOT_DECLARATION_PREFIX.has(before.text))
    || (before.kind === 'op' && (before.text === '.' || (before.text === '->' && ctx.lang.parse.arrow !== '->'))))) return;
  // TypeScript's method signature in an interface or a declaration, `activate(z: number): number;`: a return type
  // follows the parameters, which no call at a statement's start can have.
  if (ctx.lang.parse.typescript && (!before || (before.kind === 'op' && (before.text === '{' || before.text === ';' || before.text === '}')))
    && returnTypeFollows(ctx, call.end)) return;
  const fn = ctx.userFunctions.get(nameTok.name);
  if (!fn) return;
  const lit = call.args[0] ? numericLiteral(call.args[0].value) : undefined;
  ctx.uses.push(use(nameTok.start, nameTok.end, fn.activation, ctx.text.slice(callee.start, callee.end), nameTok.name, 'user', 'call', {}, lit));
}

/** A `:` follows offset `end`, where a call's `)` ended: a TypeScript return type, as in a method signature. */
function returnTypeFollows(ctx: Context, end: number): boolean {
  const after = tokenIndexAt(ctx, end);
  return after < ctx.cols.count && ctx.cols.kinds[after] === K_OP && ctx.cols.texts[after] === ':';
}

/**
 * An activation passed by name, to be called elsewhere: the file's own (`outputs.map(sigmoid)`, `Select(Sigmoid)`,
 * `apply(this.relu)`, `map(Net::sigmoid)`, `std::transform(b, e, o, relu)`, `qsort`-style `&relu`) or a library's
 * (`xs.map(Math.tanh)`, see libraryFunctionArgument). A use of kind 'reference'.
 */
function functionArguments(ctx: Context, call: CallExpr): void {
  if (call.args.length >= 2) lambdaRegistrations(ctx, call);
  // Asked of every call: most have no argument that could name an activation function, and return here.
  if (!call.args.some((a) => mayNameUserFunction(ctx, a.value) || mayNameLibraryActivation(a.value))) return;
  // `nameof(Sigmoid)`, `sizeof(relu)`, `decltype(relu)`: operators on the name, no function passed to be called.
  if (call.callee.kind === 'name' && NAME_OPERATORS.has(call.callee.name)) return;
  // A declaration's parameter list (`function apply(xs, sigmoid) {`, `double run(double (*relu)(double))`) passes nothing.
  const before = tokenBefore(ctx, call.callee.start);
  if (before && before.kind === 'name' && !NOT_DECLARATION_PREFIX.has(before.text)) return;
  for (let k = 0; k < call.args.length; k++) {
    let v = stripParens(call.args[k]!.value);
    // C and C++'s function pointer `&relu`.
    if (v.kind === 'unary' && v.op === '&' && ctx.lang.mathFramework === 'cpp') v = stripParens(v.operand);
    let fn: UserFunction | undefined;
    let start = v.start;
    if (v.kind === 'name') {
      fn = ctx.userFunctions.get(v.name);
      // The name's own parameter or local (`function apply(sigmoid) { xs.map(sigmoid) }`) is not the file's function.
      if (fn && boundLocallyAt(ctx, v.name, v.start, fn)) fn = undefined;
    } else if (v.kind === 'attribute' && stripParens(v.object).kind === 'name') {
      const owner = (stripParens(v.object) as { name: string }).name;
      start = v.nameStart;
      // `Net::sigmoid` of a class, C++'s `fallback::relu` of a namespace the file defines.
      fn = definitionsOf(ctx, v.name).find((f) => SELF_NAMES.has(owner) || definedInClass(ctx, f.nameStart, owner)
        || (ctx.lang.mathFramework === 'cpp' && definedInNamespace(ctx, f.nameStart, owner)));
    }
    if (!fn) {
      libraryFunctionArgument(ctx, v);
      continue;
    }
    if (ctx.definitionStarts.has(start)) continue;
    ctx.uses.push(use(start, v.end, fn.activation, ctx.text.slice(v.start, v.end), fn.name, 'user', 'reference'));
    registeredName(ctx, call, k, fn.activation);
  }
}

/**
 * A function registered under its activation's name: `CustomFunctions.associate("SIGMOID", SIGMOID)`,
 * `registry.register('relu', relu)`. The string just before the function names the same activation: a use of it.
 */
function registeredName(ctx: Context, call: CallExpr, k: number, activation: ActivationId): void {
  if (k < 1 || !registersUnderName(lastName(call.callee))) return;
  const s = stripParens(call.args[k - 1]!.value);
  if (s.kind !== 'string') return;
  const value = plainQuotedValue(ctx.text.slice(s.start, s.end));
  if (value === undefined || activationForName(value) !== activation) return;
  ctx.uses.push(use(s.start, s.end, activation, ctx.text.slice(s.start, s.end), value, ctx.lang.mathFramework, 'string'));
  noteRegisteredName(ctx, s.start, value, activation);
}

function noteRegisteredName(ctx: Context, start: number, value: string, activation: ActivationId): void {
  (ctx.registeredNames ??= new Map()).set(value, activation);
  (ctx.registrationStrings ??= new Set()).add(start);
}

/**
 * `register("sigmoid", (UDF1<Double, Double>) m -> 1.0 / (1.0 + Math.exp(-m)))`, `registry.set('tanh', (x) => { … })`:
 * a string naming an activation right before a lambda, kept until the lambda's uses are known (findRegisteredNameUses).
 */
function lambdaRegistrations(ctx: Context, call: CallExpr): void {
  // Asked of every call of two or more arguments: the shapes of the arguments first, the callee's name only for a pair.
  let registers: boolean | undefined;
  for (let k = 1; k < call.args.length; k++) {
    let v = stripParens(call.args[k]!.value);
    if (v.kind === 'group' && v.label.startsWith('cast:') && v.children[0]) v = stripParens(v.children[0]);
    if (v.kind !== 'group' || v.label !== 'lambda') continue;
    const s = stripParens(call.args[k - 1]!.value);
    if (s.kind !== 'string' || !(registers ??= registersUnderName(lastName(call.callee)))) continue;
    const value = plainQuotedValue(ctx.text.slice(s.start, s.end));
    const activation = value === undefined ? undefined : activationForName(value);
    if (activation === undefined) continue;
    const results = lambdaResults(ctx, v);
    if (results.length > 0) (ctx.lambdaRegistrations ??= []).push({ start: s.start, end: s.end, value: value!, activation, results });
  }
}

/**
 * Where a lambda's results begin (LambdaRegistration.results): its expression body, or the values of the `return`s of
 * its block body, which the parser leaves to segments of their own.
 */
function lambdaResults(ctx: Context, lambda: Expr & { kind: 'group' }): number[] {
  const { count, kinds, texts, starts } = ctx.cols;
  const body = lambda.children[lambda.children.length - 1];
  const results: number[] = [];
  const resultAt = (k: number): void => {
    let first = k;
    while (first + 1 < count && kinds[first] === K_OP && texts[first] === '(') first++;
    results.push(starts[k]!, starts[first]!);
  };
  if (body !== undefined && body.start >= lambda.start && lambda.params !== undefined && body.end === lambda.end && texts[tokenIndexAt(ctx, body.start)] !== '{') {
    resultAt(tokenIndexAt(ctx, body.start));
    return results;
  }
  const open = tokenIndexAt(ctx, lambda.end);
  if (open >= count || kinds[open] !== K_OP || texts[open] !== '{') return results;
  const close = ctx.parsed.match[open] ?? -1;
  for (let k = open + 1; k < close; k++) {
    if (kinds[k] === K_NAME && texts[k] === 'return' && ctx.braceParent[k] === open && k + 1 < close) resultAt(k + 1);
  }
  return results;
}

/**
 * After the walk: the names given to lambdas that compute their activation are uses, and so is each call of a
 * registered function by that name (`call_udf("sigmoid", col("m"))`).
 */
function findRegisteredNameUses(ctx: Context): void {
  if (ctx.lambdaRegistrations) {
    sortBySpanStart(ctx.uses);
    const spans = ctx.uses.filter((u) => u.kind !== 'string').map((u) => ({ start: u.span.start, end: u.span.end, activation: u.activation }));
    for (const r of confirmedRegistrations(ctx.lambdaRegistrations, spans)) {
      ctx.uses.push(use(r.start, r.end, r.activation, ctx.text.slice(r.start, r.end), r.value, ctx.lang.mathFramework, 'string'));
      noteRegisteredName(ctx, r.start, r.value, r.activation);
    }
  }
  if (!ctx.registeredNames) return;
  const { starts, ends, texts } = ctx.cols;
  for (const { index, value, activation } of callsByRegisteredName(ctx.cols, ctx.registeredNames, ctx.registrationStrings!, plainQuotedValue)) {
    ctx.uses.push(use(starts[index]!, ends[index]!, activation, texts[index]!, value, ctx.lang.mathFramework, 'string'));
  }
}

/** A library activation passed by name: `xs.map(Math.tanh)`, `map(Math::tanh)`, `Select(Math.Tanh)`, `apply(tf.sigmoid)`. */
function libraryFunctionArgument(ctx: Context, v: Expr): void {
  if (v.kind !== 'attribute' || !mayNameLibraryActivation(v)) return;
  const name = dottedName(v);
  if (!name) return;
  const lib = resolveActivationName(ctx, name, v.start);
  // A layer constructor (`tf.layers.dense`) or an option-taking factory passed by name is no activation applied to values.
  if (!lib || !lib.inputIsFirstArg) return;
  ctx.uses.push(use(v.start, v.end, lib.activation, ctx.text.slice(v.start, v.end), lib.qualifiedName, lib.framework, 'reference'));
}

/** `e` is a member whose last name names a library activation (`Math.tanh`, `tf.sigmoid`, `Math::Tanh`). */
function mayNameLibraryActivation(e: Expr): boolean {
  return e.kind === 'attribute' && namesLibraryActivation(e.name);
}

const NAME_OPERATORS = new Set(['nameof', 'typeof', 'sizeof', 'alignof', 'decltype', 'noexcept', 'offsetof']);

/** `e` is a name, a member or `&name` whose last name is one of the file's activation functions. */
function mayNameUserFunction(ctx: Context, e: Expr): boolean {
  let v = e.kind === 'paren' ? stripParens(e) : e;
  if (v.kind === 'unary' && v.op === '&') v = stripParens(v.operand);
  return (v.kind === 'name' || v.kind === 'attribute') && ctx.userFunctions.has(v.name);
}

/** `name` at `offset` is a parameter or a local of the function around it, not the file's function `fn` of that name. */
function boundLocallyAt(ctx: Context, name: string, offset: number, fn: UserFunction): boolean {
  const { kinds, texts } = ctx.cols;
  const at = tokenIndexAt(ctx, offset);
  // The braces around the use and the header before each: `(…, sigmoid, …) {` or `(sigmoid) =>` binds the name. At most
  // 64 levels up (a parameter further out is not worth a walk per reference through 10,000 nested braces).
  let levels = 0;
  for (let brace = at < ctx.cols.count ? ctx.braceParent[at]! : -1; brace >= 0 && levels++ < 64; brace = ctx.braceParent[brace]!) {
    if (ctx.cols.starts[brace]! <= fn.nameStart && fn.nameStart < offset) return false;
    for (let k = brace - 1; k >= 0 && brace - k < 64; k--) {
      if (kinds[k] === K_OP && (texts[k] === ';' || texts[k] === '{' || texts[k] === '}')) break;
      if (kinds[k] === K_NAME && texts[k] === name && kinds[k + 1] === K_OP && AFTER_PARAMETER.has(texts[k + 1]!)) return true;
    }
  }
  return false;
}

/**
 * The name at `i` starts a JavaScript/TypeScript class field: after the field's modifiers (`private static readonly relu`)
 * or at a member's start, directly in a class body.
 */
function isClassFieldName(ctx: Context, i: number, prevKind: number, prevText: string | undefined): boolean {
  if (ctx.lang.mathFramework !== 'javascript') return false;
  const atMemberStart = prevKind === K_NAME ? CLASS_FIELD_MODIFIERS.has(prevText!) : prevKind === K_OP && (prevText === ';' || prevText === '}' || prevText === '{');
  if (!atMemberStart) return false;
  const brace = ctx.braceParent[i]!;
  return brace >= 0 && headerWords(ctx, brace).includes('class');
}

const CLASS_FIELD_MODIFIERS = new Set(['static', 'readonly', 'private', 'public', 'protected', 'declare', 'override', 'accessor']);

/** The definition at `offset` is a key of the object literal bound to `owner`. */
function definedInObjectLiteral(ctx: Context, offset: number, owner: string): boolean {
  const brace = ctx.braceParent[tokenIndexAt(ctx, offset)]!;
  return brace >= 0 && objectLiteralName(ctx, brace) === owner;
}

/** Every definition of `name` in the file, the first (the one userFunctions keeps) first. */
function definitionsOf(ctx: Context, name: string): UserFunction[] {
  const first = ctx.userFunctions.get(name);
  if (!first) return [];
  const more = ctx.moreDefinitions?.get(name);
  return more ? [first, ...more] : [first];
}

/** JavaScript's `Layer.prototype.sigmoid(x)`, where `Layer.prototype.sigmoid = function (x) { ... }` is defined here. */
function calledThroughPrototype(ctx: Context, object: Expr, name: string): boolean {
  if (ctx.lang.mathFramework !== 'javascript' || object.kind !== 'attribute' || object.name !== 'prototype') return false;
  const owner = stripParens(object.object);
  if (owner.kind !== 'name') return false;
  const { texts } = ctx.cols;
  return definitionsOf(ctx, name).some((f) => {
    const i = tokenIndexAt(ctx, f.nameStart);
    return texts[i - 1] === '.' && texts[i - 2] === 'prototype' && texts[i - 3] === '.' && texts[i - 4] === owner.name;
  });
}

/** The definition `f` stores a function on `owner`: `internals.logistic = function (z) {…}` (not `a.internals.logistic`). */
function storedOnOwner(ctx: Context, f: UserFunction, owner: string): boolean {
  const { texts } = ctx.cols;
  const i = tokenIndexAt(ctx, f.nameStart);
  return texts[i - 1] === '.' && texts[i - 2] === owner && texts[i - 3] !== '.';
}

// The methods that call a C# delegate (`Invoke`) or a java.util.function interface (`apply`, `applyAsDouble`, ...).
const DELEGATE_INVOKERS: Readonly<Record<string, ReadonlySet<string>>> = {
  dotnet: new Set(['Invoke']),
  java: new Set(['apply', 'applyAsDouble', 'applyAsFloat', 'applyAsLong', 'applyAsInt']),
};

/** The delegate variable of this file that `callee` (`sigmoid.applyAsDouble`, `Sigmoid.Invoke`) calls, if it is one. */
function invokedDelegate(ctx: Context, callee: Expr & { kind: 'attribute' }): UserFunction | undefined {
  if (!DELEGATE_INVOKERS[ctx.lang.mathFramework]?.has(callee.name)) return undefined;
  const object = stripParens(callee.object);
  // `sigmoid.applyAsDouble(z)`, or the field through this: `this.sigmoid.applyAsDouble(z)`.
  const ofThis = object.kind === 'attribute' && stripParens(object.object).kind === 'name' && (stripParens(object.object) as { name: string }).name === 'this';
  const fn = object.kind === 'name' || ofThis ? ctx.userFunctions.get(object.name) : undefined;
  return fn?.delegate ? fn : undefined;
}

/** `name` is an activation this file defines as a method without parameters of a class (it acts on its object's own value). */
function isOwnNullaryMethod(ctx: Context, name: string): boolean {
  const fn = ctx.userFunctions.get(name);
  return fn !== undefined && fn.params.length === 0 && !fn.delegate && enclosingClassBrace(ctx, fn.nameStart) >= 0;
}

/** The code index of the `{` of the innermost class (struct, record, interface) around `offset`; -1 outside any. */
function enclosingClassBrace(ctx: Context, offset: number): number {
  // enclosingBraces' order, innermost first, read off braceParent without listing them (asked per definition).
  const idx = tokenIndexAt(ctx, offset);
  for (let brace = idx < ctx.cols.count ? ctx.braceParent[idx]! : innermostOpenAtEnd(ctx); brace >= 0; brace = ctx.braceParent[brace]!) {
    if (isClassBrace(ctx, brace)) return brace;
  }
  return -1;
}

/** The brace opens the body of a class (struct, record, interface, enum). */
function isClassBrace(ctx: Context, brace: number): boolean {
  return headerWords(ctx, brace).some((w) => CLASS_WORDS.has(w));
}

/** The definition at `offset` is a member of a class (struct, record) named `owner`. */
function definedInClass(ctx: Context, offset: number, owner: string): boolean {
  for (const brace of enclosingBraces(ctx, offset)) {
    if (isClassBrace(ctx, brace)) return classNameOf(ctx, brace) === owner;
  }
  return false;
}

/**
 * The class of the variable `name` as its last declaration before `offset` gives it: `NeuronSketch sketch = …`,
 * `Net net;`, a parameter `(Net net)`, `for (Net n : nets)`, or `var net = new Net(…)` / `const net = new Net(…)`;
 * else (a field declared below the method) its first declaration after `offset`.
 */
function declaredClassOf(ctx: Context, name: string, offset: number): string | undefined {
  let byName = declarationsOfFile.get(ctx);
  if (!byName) declarationsOfFile.set(ctx, (byName = variableDeclarationsOf(ctx.cols)));
  const declarations = byName.get(name) ?? [];
  const at = tokenIndexAt(ctx, offset);
  let found: VariableDeclaration | undefined;
  for (const d of declarations) {
    if (d.at >= at && found) break;
    found = d;
    if (d.at >= at) break;
  }
  return found?.type;
}

interface VariableDeclaration {
  /** Code index of the declared name. */
  readonly at: number;
  /** Its class, undefined when the type is none (`let`, generic, array) or not known. */
  readonly type: string | undefined;
}

// Per analysis, the variable declarations by name, gathered in one pass when a receiver's class is first asked for.
const declarationsOfFile = new WeakMap<Context, Map<string, VariableDeclaration[]>>();

/** The declarations of each variable in the file, in order (see declaredClassOf). */
function variableDeclarationsOf(c: CodeColumns): Map<string, VariableDeclaration[]> {
  const { kinds, texts, count } = c;
  const byName = new Map<string, VariableDeclaration[]>();
  const add = (j: number, type: string | undefined): void => {
    const list = byName.get(texts[j]!);
    if (list) list.push({ at: j, type });
    else byName.set(texts[j]!, [{ at: j, type }]);
  };
  for (let j = 1; j + 1 < count; j++) {
    if (kinds[j] !== K_NAME || kinds[j + 1] !== K_OP) continue;
    const next = texts[j + 1];
    if (!(next === '=' || next === ';' || next === ',' || next === ')' || next === ':')) continue;
    const type = texts[j - 1]!;
    // Declared with a generic or array type (`List<Net> nets`, `Net[] nets`): no object of a class here.
    if (kinds[j - 1] === K_OP && (type === '>' || type === ']')) {
      add(j, undefined);
      continue;
    }
    if (kinds[j - 1] !== K_NAME || NOT_DECLARATION_PREFIX.has(type)) continue;
    if (type !== 'var' && type !== 'let' && type !== 'const') {
      add(j, type);
      continue;
    }
    const created = next === '=' && textAt(c, j + 2) === 'new' && kindAt(c, j + 3) === K_NAME && textAt(c, j + 4) === '(';
    add(j, created ? texts[j + 3] : undefined);
  }
  return byName;
}

/** The class of an object expression other than a plain name: `new Net(…)`, or a field `this.net` (by its declaration). */
function objectClassOf(ctx: Context, object: Expr, offset: number): string | undefined {
  if (object.kind === 'call' && object.callee.kind === 'name' && tokenBefore(ctx, object.start)?.text === 'new') return object.callee.name;
  if (object.kind !== 'attribute') return undefined;
  const owner = stripParens(object.object);
  return owner.kind === 'name' && (owner.name === 'this' || owner.name === 'base') ? declaredClassOf(ctx, object.name, offset) : undefined;
}

/** The definition at `offset` is inside `namespace owner {` (at any depth). */
function definedInNamespace(ctx: Context, offset: number, owner: string): boolean {
  for (const brace of enclosingBraces(ctx, offset)) {
    const header = headerWords(ctx, brace);
    let k = header.indexOf('namespace');
    if (k < 0 && ctx.lang.mathFramework === 'javascript') k = header.indexOf('module');
    if (k >= 0 && header[k + 1] === owner) return true;
  }
  return false;
}

/** The code token just before `offset`. */
function tokenBefore(ctx: Context, offset: number): CToken | undefined {
  return ctx.cols.tokenAt(tokenIndexAt(ctx, offset) - 1);
}

function enumSelection(ctx: Context, e: Expr & { kind: 'attribute' }): void {
  const selector = lastName(e.object);
  if (selector === undefined) return;
  const known = isActivationSelectorType(selector);
  // Members of an enum of the file's own that lists activations (`Act.TANH` with `enum Act { SIGMOID, TANH }`); math and
  // tensor libraries (`Math.tanh`, `tf.sigmoid`) are no enum of the file's.
  if (!known && (activationForMemberName(e.name) === undefined || LIBRARY_OBJECTS.has(selector) || ctx.facts.tensorModules.has(selector)
    || !selectorEnums(ctx).has(selector))) return;
  const objectName = dottedName(e.object);
  if (!objectName) return;
  // `Activations.sigmoid(x)` calls a function of this file (a static method, a namespace's function): no enum member is called.
  const after = tokenIndexAt(ctx, e.end);
  if (ctx.userFunctions.has(e.name) && ctx.cols.texts[after] === '(' && ctx.cols.kinds[after] === K_OP) return;
  const last = objectName.slice(objectName.lastIndexOf('.') + 1);
  if (known && !isActivationSelectorType(last)) return;
  const activation = activationForMemberName(e.name);
  if (!activation) return;
  ctx.uses.push(use(e.start, e.end, activation, textOf(ctx, e), `${objectName}.${e.name}`, ctx.lang.mathFramework, 'reference'));
}

const LIBRARY_OBJECTS = new Set(['Math', 'MathF', 'Mathf', 'StrictMath', 'FastMath', 'std', 'torch', 'nn', 'F', 'tf', 'layers']);

/** The enums the file declares whose members select activations (selectorEnumsIn), read once; none without an `enum`. */
function selectorEnums(ctx: Context): ReadonlySet<string> {
  if (ctx.selectorEnums) return ctx.selectorEnums;
  // The `enum` keywords, found in the text (most files have none) rather than by comparing every token.
  const keywords = nameTokensOf(ctx.text, ctx.cols, 'enum');
  ctx.bareEnumMembers = new Map();
  ctx.selectorEnums = keywords.length > 0 ? selectorEnumsIn(ctx.cols, ctx.parsed.match, keywords, ctx.bareEnumMembers) : new Set();
  return ctx.selectorEnums;
}

// Around a bare member, the tokens of a selection: `case RELU:`, `a == RELU`, `RELU != a`, `act = RELU;`, `return RELU;`,
// `make_layer(64, RELU)`, `{RELU, relu_activate}`, `x ? RELU : TANH`. Not arithmetic, ranges or sizes (`LEAKY + 1`, `a <= LEAKY`, `[RELU]`).
const BARE_MEMBER_BEFORE = new Set(['case', '==', '!=', '=', 'return', '(', ',', '{', '?', ':', '&&', '||']);
const BARE_MEMBER_AFTER = new Set([':', '==', '!=', ';', ')', ',', '}', '&&', '||', '?', '->']);

/**
 * Members of the file's selector enums written bare where they select one: C/C++'s unscoped enumerators (`case LOGISTIC:`
 * over `typedef enum { LOGISTIC, RELU, TANH } ACTIVATION;`, `if (a == SIGMOID)`), and Java's case labels over an enum
 * (`case SIGMOID:`, `case TANH ->`), which the language writes without the enum's name. As `Act::TANH` is, each is a use.
 */
function findBareEnumSelections(ctx: Context): void {
  const cFamily = ctx.lang.mathFramework === 'cpp';
  if (!cFamily && ctx.lang.id !== 'java') return;
  selectorEnums(ctx);
  const members = ctx.bareEnumMembers;
  if (!members || members.size === 0) return;
  const { count, kinds, texts, starts, ends } = ctx.cols;
  for (let i = 1; i + 1 < count; i++) {
    if (kinds[i] !== K_NAME) continue;
    const member = members.get(texts[i]!);
    if (!member || (i > member.open && i < member.close)) continue;
    const before = texts[i - 1]!;
    const after = texts[i + 1]!;
    // A member of something else (`cfg.RELU`, `Other::RELU`, `p->RELU`), or a call; C++'s `Layer::Tanh` names the member
    // of an enum declared in class Layer (an enum's own name before `::` is read as `Act::TANH` is, by enumSelection).
    if (after === '(' || after === '::' || before === '.' || before === '->') continue;
    const owned = before === '::';
    if (owned && !(cFamily && i >= 3 && kinds[i - 2] === K_NAME && declaredInClass(ctx, member.open, texts[i - 2]!))) continue;
    // The written name's first token, and the token before it.
    const lead = owned ? i - 2 : i;
    const prior = texts[lead - 1]!;
    const selects = cFamily
      ? BARE_MEMBER_BEFORE.has(prior) && BARE_MEMBER_AFTER.has(after) && !(prior === '=' && insideForHeader(ctx, i))
        // After a `:` only the else branch of a conditional (`x ? RELU : TANH;`), not the next case label's statement.
        && (prior !== ':' || after === ';' || after === ')' || after === ',')
      : prior === 'case' && (after === ':' || after === '->' || after === ',');
    if (!selects) continue;
    const written = ctx.text.slice(starts[lead]!, ends[i]!);
    const qualified = owned ? `${texts[lead]}.${texts[i]}` : member.enumName ? `${member.enumName}.${texts[i]}` : texts[i]!;
    ctx.uses.push(use(starts[lead]!, ends[i]!, member.activation, written, qualified, ctx.lang.mathFramework, 'reference'));
  }
}

/** The `{` at code index `open` is inside the body of `class owner` / `struct owner`. */
function declaredInClass(ctx: Context, open: number, owner: string): boolean {
  for (const brace of enclosingBraces(ctx, ctx.cols.starts[open]!)) {
    const header = headerWords(ctx, brace);
    const k = header.indexOf(owner);
    if (k > 0 && (header[k - 1] === 'class' || header[k - 1] === 'struct')) return true;
  }
  return false;
}

/** The token at code index `i` is in the header of a `for` (`for (a = LOGISTIC; a <= LEAKY; a++)` walks the kinds, selecting none). */
function insideForHeader(ctx: Context, i: number): boolean {
  const { texts } = ctx.cols;
  for (let k = i - 1, depth = 0; k > 0 && i - k < 64; k--) {
    const t = texts[k];
    if (t === '{' || t === '}') return false;
    if (t === ')') depth++;
    else if (t === '(' && depth-- === 0) return texts[k - 1] === 'for';
  }
  return false;
}

/** `activation: 'relu'`, `activation = "sigmoid"`, `Activation("tanh")`, `tf.layers.activation({activation: 'elu'})`. */
/**
 * The text between the quotes of a plain string literal (`'relu'`, `"tanh"`, `@"gelu"`, `$"elu"`): no quote or backslash
 * inside; undefined otherwise. As /^[@$]*(["'`])([^"'`\\]*)\1$/ reads it, without a match object per string.
 */
function plainQuotedValue(text: string): string | undefined {
  let open = 0;
  while (open < text.length && (text.charCodeAt(open) === 64 || text.charCodeAt(open) === 36)) open++;
  const quote = text.charCodeAt(open);
  const close = text.length - 1;
  if ((quote !== 34 && quote !== 39 && quote !== 96) || close <= open || text.charCodeAt(close) !== quote) return undefined;
  for (let k = open + 1; k < close; k++) {
    const c = text.charCodeAt(k);
    if (c === 34 || c === 39 || c === 96 || c === 92) return undefined;
  }
  return text.slice(open + 1, close);
}

// What a name before a selecting string can be (bits, per distinct word): an activation key (`activation:`), a function
// named after activations taking one as its first argument (`getActivation(`).
const KEY_SELECTS = 1;
const CALL_SELECTS = 2;

function selectingKeyBits(name: string): number {
  return (isActivationKey(name) ? KEY_SELECTS : 0) | (/^(get|make|create|build|set|with)?activation(function|fn)?$/i.test(name) ? CALL_SELECTS : 0);
}

function findStringSelections(ctx: Context): void {
  const c = ctx.cols;
  const { texts, starts, ends, words } = c;
  const tfjs = ctx.facts.tensorModules.size > 0;
  // selectingKeyBits per distinct word, asked once each (-1: not asked yet).
  const keyBits = new Int8Array(c.wordCount).fill(-1);
  // Every selecting form below follows `:`, `=` or `(`: only strings there are looked at, and of those only the ones whose key
  // can select (most strings are labels and messages), before their value is read.
  for (const i of ctx.notable.selectingStrings) {
    const beforeText = texts[i - 1];
    // The token before is the operator `beforeText`; the key before it and the token after, when there are any.
    const keyKind = kindAt(c, i - 2);
    const keyText = textAt(c, i - 2);
    let bits = 0;
    if (keyKind === K_NAME) {
      const w = words[i - 2]!;
      bits = keyBits[w]!;
      if (bits < 0) bits = keyBits[w] = selectingKeyBits(keyText!);
    }
    let selects = false;
    if ((beforeText === ':' || beforeText === '=') && (bits & KEY_SELECTS) !== 0) selects = true;
    // A string key: `{"activation": "relu"}` in a JSON-like literal.
    if (beforeText === ':' && keyKind === K_STRING && isActivationKey(keyText!.slice(1, -1))) selects = true;
    // The value after a string key as a call's first two arguments: `put("activation", "sigmoid")`.
    if (beforeText === ',' && keyKind === K_STRING && isActivationKey(keyText!.slice(1, -1))) selects = true;
    // The first argument of a function named after activations: `getActivation("relu")`, `Activation("tanh")`.
    if (beforeText === '(' && (bits & CALL_SELECTS) !== 0) selects = true;
    if (!selects) continue;
    const value = plainQuotedValue(texts[i]!);
    if (value === undefined) continue;
    const activation = activationForName(value);
    if (!activation) continue;
    const afterText = textAt(c, i + 1);
    // `activation: 'relu' | 'sigmoid';` is a TypeScript type, not a selection.
    if (kindAt(c, i + 1) === K_OP && (afterText === '|' || afterText === '&' || (afterText === ';' && beforeText === ':'))) continue;
    const written = texts[i]!;
    ctx.uses.push(use(starts[i]!, ends[i]!, activation, written, value, tfjs ? 'tfjs' : ctx.lang.mathFramework, 'string'));
  }
}

// ---------------------------------------------------------------------------------------------------
// Stability rules

function dtypeOf(m: { float32: boolean }, one?: Expr, ctx?: Context): 'float32' | 'float64' {
  if (m.float32) return 'float32';
  if (one && ctx && isFloatLiteralText(textOf(ctx, stripParens(one)))) return 'float32';
  return 'float64';
}

/** A literal written with a float suffix (`1f`, `1.0F`), not a hexadecimal number ending in the digit f. */
function isFloatLiteralText(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return (last === 102 || last === 70) && !(text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 32) === 120);
}

// Thresholds as messages print them, per value (each finding quotes one or two of a handful of values).
const formattedThresholds = new Map<number, string>();

function fmt(x: number): string {
  let text = formattedThresholds.get(x);
  if (text === undefined) {
    text = formatThreshold(x);
    if (formattedThresholds.size > 64) formattedThresholds.clear();
    formattedThresholds.set(x, text);
  }
  return text;
}

// The math core's thresholds per dtype, read once: every finding asks, and each read through the core's table of getters
// cost more than building the rest of the message.
let float32Thresholds: NumericThresholds | undefined;
let float64Thresholds: NumericThresholds | undefined;

function thresholdsOf(dtype: 'float32' | 'float64'): NumericThresholds {
  return dtype === 'float32' ? (float32Thresholds ??= stabilityThresholds('float32')) : (float64Thresholds ??= stabilityThresholds('float64'));
}

/** exp(x) overflows to Infinity above this (709.78 in float64, 88.72 in float32), from the math core. */
function expOverflowThreshold(dtype: 'float32' | 'float64'): number {
  return thresholdsOf(dtype).expOverflow;
}

/** sigmoid(x) rounds to 1 above this (36.74 / 16.64), so 1 - s is 0. */
function sigmoidSaturationThreshold(dtype: 'float32' | 'float64'): number {
  return thresholdsOf(dtype).naiveSigmoidGradientZero;
}

function sigmoidForm(ctx: Context, e: Expr): void {
  // `((1/(1+exp(-x))))` is reported on the form inside the parentheses.
  if (e.kind === 'paren') return;
  const m = matchSigmoid(ctx, e);
  if (!m) return;
  const dtype = dtypeOf(m.exp, m.one, ctx);
  if (isSignGuarded(ctx, e, m.arg) || isExpKeptInRange(ctx, e, m.exp.arg, dtype)) {
    // Safe (one branch of a sign split, or a clipped or range-guarded input), but still a sigmoid the user wrote.
    safeFormUse(ctx, e, 'sigmoid', m.exp.tensor ? 'tfjs' : ctx.lang.mathFramework);
    return;
  }
  const t = fmt(expOverflowThreshold(dtype));
  const x = compactText(ctx, m.arg);
  const written = ctx.syntheticText.has(m.arg) ? `${m.exp.callee}(${textOf(ctx, stripParens(m.exp.arg))}) overflows to Infinity once its argument exceeds ${t}`
    : `${m.exp.callee}(-${x}) overflows to Infinity for ${x} < -${t}`;
  const message = m.form === 'negative'
    ? `Hand-written sigmoid: ${written} (${dtype}), so the result collapses to 0 `
      + `instead of the true small value, and anything computed from it (log, division, the derivative) becomes -Infinity, Infinity or NaN. `
      + `A sign-split form evaluates exp only of non-positive numbers.`
    : `Hand-written sigmoid: ${m.exp.callee}(${x}) / (1 + ${m.exp.callee}(${x})) is Infinity/Infinity = NaN for ${x} > ${t} (${dtype}), `
      + `where the true value is 1. A sign-split form evaluates exp only of non-positive numbers.`;
  addFinding(ctx, e, 'unstable-sigmoid', 'warning', message, 'sigmoid', m.arg, m.exp, () => {
    const input = fixInput(ctx, e, m.arg, m.exp, m.one);
    return { fix: m.cast ? undefined : ctx.lang.fixes.sigmoid(input), input };
  });
  markConsumed(ctx, e);
}

/** A form that cannot overflow (sign-split, clipped, range-guarded) is reported as nothing, but is the activation written. */
function safeFormUse(ctx: Context, e: Expr, activation: ActivationId, framework: UseFramework): void {
  const name = shortName(ctx, e);
  ctx.uses.push(use(e.start, e.end, activation, name, name, framework, 'call'));
  markConsumed(ctx, e);
}

function logForms(ctx: Context, call: CallExpr): void {
  const log = mathCall(ctx, call) ?? libtorchLog(ctx, call);
  if (!log || (log.fn !== 'log' && log.fn !== 'log1p')) return;
  const inner = stripParens(log.arg);
  // softplus: log(1 + exp(x)), log1p(exp(x)); C++'s `log(T(1) + exp(x))` is found without a fix (it would have to keep the type).
  const plainSum = log.fn === 'log' ? onePlus(inner) : { other: inner, one: undefined };
  const sum = plainSum ?? (log.fn === 'log' ? typedOnePlus(ctx, inner) : undefined);
  const ex = sum ? mathCall(ctx, sum.other) : undefined;
  if (sum && ex && ex.fn === 'exp') {
    const dtype = dtypeOf(ex, sum.one, ctx);
    // `log1p(exp(-|x|))` is the tail of the stable form; a clipped or range-guarded input is safe, but still a softplus
    // the user wrote (as a safe sigmoid form is a sigmoid, and as the Python analysis reads both).
    if (isNonPositive(ex.arg)) return;
    if (isExpKeptInRange(ctx, call, ex.arg, dtype)) {
      safeFormUse(ctx, call, 'softplus', ex.tensor ? (isLibtorch(ctx, ex) ? 'torch' : 'tfjs') : ctx.lang.mathFramework);
      return;
    }
    const x = compactText(ctx, ex.arg);
    const t = fmt(expOverflowThreshold(dtype));
    const message = `Hand-written softplus: ${ex.callee}(${x}) overflows to Infinity for ${x} > ${t} (${dtype}), so the result is Infinity `
      + `where the true value is about ${x} itself; use max(x, 0) + log1p(exp(-|x|)).`;
    addFinding(ctx, call, 'unstable-softplus', 'warning', message, 'softplus', ex.arg, ex, () => {
    const input = fixInput(ctx, call, ex.arg, ex, sum.one);
    return { fix: plainSum ? ctx.lang.fixes.softplus(input) : undefined, input };
  });
    markConsumed(ctx, call);
    return;
  }
  if (log.fn !== 'log') return;
  // log-sigmoid: log(1/(1+exp(-x))), log(sigmoid(x))
  const sig = matchSigmoid(ctx, inner);
  if (sig) {
    const dtype = dtypeOf(sig.exp, sig.one, ctx);
    if (isExpKeptInRange(ctx, call, sig.exp.arg, dtype)) return;
    const x = compactText(ctx, sig.arg);
    const t = fmt(expOverflowThreshold(dtype));
    const message = `Hand-written log-sigmoid: the sigmoid inside underflows to 0 for ${x} < -${t} (${dtype}), so log returns -Infinity `
      + `where the true value is about ${x}; use min(x, 0) - log1p(exp(-|x|)).`;
    addFinding(ctx, call, 'unstable-log-sigmoid', 'warning', message, 'log_sigmoid', sig.arg, sig.exp, () => {
    const input = fixInput(ctx, call, sig.arg, sig.exp, sig.one);
    return { fix: ctx.lang.fixes.logSigmoid(input), input };
  });
    markConsumed(ctx, call);
    return;
  }
  const named = sigmoidCallArg(ctx, inner);
  if (named) {
    const x = compactText(ctx, named.arg);
    const module = named.callee.includes('.') ? named.callee.slice(0, named.callee.lastIndexOf('.')) : '';
    const tensor = log.tensor || ctx.facts.tensorModules.has(module);
    // Tensors (tfjs, libtorch) are float32 unless told otherwise.
    const dtype = tensor ? 'float32' : 'float64';
    const t = fmt(sigmoidUnderflowForLog(dtype));
    const message = `log(${named.callee}(${x})): the sigmoid rounds to 0 for ${x} < -${t} (${dtype}), so the log is -Infinity where the true value `
      + `is about ${x}; compute the log-sigmoid directly as min(x, 0) - log1p(exp(-|x|)).`;
    const exp: MathCall = { fn: 'exp', callee: tensor ? `${module || 'tf'}.exp` : ctx.lang.defaultExp, float32: tensor, tensor, arg: named.arg };
    addFinding(ctx, call, 'unstable-log-sigmoid', 'warning', message, 'log_sigmoid', named.arg, exp, () => {
    const input = fixInput(ctx, call, named.arg, exp, undefined);
    return { fix: isLibtorch(ctx, log) ? undefined : ctx.lang.fixes.logSigmoid(input), input };
  });
    markConsumed(ctx, call);
    return;
  }
  if (complementLogSigmoid(ctx, call, log, inner)) return;
  logSumExp(ctx, call, log, inner);
}

/**
 * log(1 - sigmoid(x)), with the sigmoid inline or called by name: the log-sigmoid of -x. Once the sigmoid rounds
 * to 1 (x > 36.7 in float64), 1 - s is 0 and the log is -Infinity where the true value is about -x.
 */
function complementLogSigmoid(ctx: Context, call: CallExpr, log: MathCall, inner: Expr): boolean {
  const difference = operandsOf(inner, '-', 'sub');
  // C++'s `T(1) - sigmoid(x)` in a template: found, but no fix (it would have to keep the template type).
  const typed = difference !== undefined && !isOne(difference[0]) && isTypedOne(ctx, difference[0]);
  if (!difference || !(typed || isOne(difference[0]))) return false;
  const s = stripParens(difference[1]);
  const inline = matchSigmoid(ctx, s);
  const named = inline ? undefined : sigmoidCallArg(ctx, s);
  const sigArg = inline?.arg ?? named?.arg;
  if (!sigArg) return false;
  const dtype = inline ? dtypeOf(inline.exp, inline.one, ctx) : 'float64';
  if (isClippedBothWays(ctx, sigArg, dtype === 'float32')) return false;
  const negArg = sigmoidArgument(ctx, sigArg);
  const x = compactText(ctx, sigArg);
  const t = fmt(sigmoidSaturationThreshold(dtype));
  const message = `log(1 - sigmoid(${x})): the sigmoid rounds to 1 for ${x} > ${t} (${dtype}), so 1 - sigmoid is 0 and the log is -Infinity `
    + `where the true value is about -${x}; it is the log-sigmoid of -${x}: min(-x, 0) - log1p(exp(-|x|)).`;
  let exp: MathCall;
  if (inline) {
    exp = inline.exp;
  } else {
    const callee = named!.callee;
    const module = callee.includes('.') ? callee.slice(0, callee.lastIndexOf('.')) : '';
    const tensor = log.tensor || ctx.facts.tensorModules.has(module);
    exp = { fn: 'exp', callee: tensor ? `${module || 'tf'}.exp` : ctx.lang.defaultExp, float32: false, tensor, arg: negArg };
  }
  addFinding(ctx, call, 'unstable-log-sigmoid', 'warning', message, 'log_sigmoid', negArg, exp, () => {
    const input = fixInput(ctx, call, negArg, exp, inline?.one);
    return { fix: inline?.cast || typed || isLibtorch(ctx, log) ? undefined : ctx.lang.fixes.logSigmoid(input), input };
  });
  markConsumed(ctx, call);
  return true;
}

/** libtorch's `torch::log(t)`: a tensor log (C/C++'s math names are scalars). */
function libtorchLog(ctx: Context, call: CallExpr): MathCall | undefined {
  if (ctx.lang.mathFramework !== 'cpp' || call.args.length !== 1 || calleeName(call) !== 'torch.log') return undefined;
  return { fn: 'log', callee: ctx.text.slice(call.callee.start, call.callee.end), float32: false, tensor: true, arg: call.args[0]!.value };
}

/** A libtorch tensor form: no fix (the C/C++ fix writers write scalar code; the libtorch one would be torch::nn::functional::logsigmoid, unproved). */
function isLibtorch(ctx: Context, m: MathCall): boolean {
  return m.tensor && ctx.lang.mathFramework === 'cpp';
}

/** The smallest x (as a positive number) at which sigmoid(-x) still is a normal number; below it log(sigmoid) goes wrong. */
function sigmoidUnderflowForLog(dtype: 'float32' | 'float64'): number {
  return expOverflowThreshold(dtype);
}

/** `a - b` or `tf.sub(a, b)` (op '-', method 'sub'); `a + b` or `tf.add(a, b)` (op '+', method 'add'). */
function operandsOf(e: Expr, op: string, method: string): [Expr, Expr] | undefined {
  const s = stripParens(e);
  if (s.kind === 'binary' && s.op === op) return [s.left, s.right];
  if (s.kind === 'call' && s.args.length === 2 && s.callee.kind === 'attribute' && s.callee.name === method) return [s.args[0]!.value, s.args[1]!.value];
  return undefined;
}

interface TanhMatch {
  /** tanh's argument: x of (exp(x) - exp(-x)) / (exp(x) + exp(-x)), and of (exp(2x) - 1) / (exp(2x) + 1). */
  readonly x: Expr;
  readonly exp: MathCall;
  readonly doubled: boolean;
  /** The exponent is no written 2 * x: x is a made-up half of it (`u / 2`). */
  readonly halved?: boolean;
  /** `(1 - exp(-2x)) / (1 + exp(-2x))`: the exponent is -2x, which overflows for negative x. */
  readonly negative?: boolean;
  /** A one or a 2 is a C++ conversion (`T(1)`, `T(-2)`): the form is the same, but a fix would have to keep the type. */
  readonly typed?: boolean;
}

/**
 * A made-up node for half of the exponential's argument u: `u / 2` (JavaScript), `tf.div(u, 2)` (tensors), else `u * 0.5`
 * (`0.5f` in float32), which is u / 2 exactly and cannot become an integer division.
 */
function halfOf(ctx: Context, a: MathCall): Expr {
  const u = stripParens(a.arg);
  const text = textOf(ctx, u);
  const simple = isSimpleArg(u) || u.kind === 'call';
  const operand = simple ? text : `(${text})`;
  let half: string;
  if (a.tensor) half = `${a.callee.slice(0, Math.max(0, a.callee.lastIndexOf('.')))}.div(${text}, 2)`.replace(/^\./, '');
  else if (ctx.lang.mathFramework === 'javascript') half = `${operand} / 2`;
  else half = `${operand} * ${a.float32 ? '0.5f' : '0.5'}`;
  const node: Expr = { kind: 'binary', op: '/', left: u, right: { kind: 'number', value: 2, start: u.end, end: u.end }, start: u.start, end: u.end };
  ctx.syntheticText.set(node, half);
  return node;
}

/** A hand-written tanh, with operators or tfjs calls (`tf.div(tf.sub(tf.exp(x), tf.exp(tf.neg(x))), tf.add(...))`). */
function matchTanh(ctx: Context, e: Expr): TanhMatch | undefined {
  const div = division(e);
  if (!div) return undefined;
  const num = operandsOf(div.num, '-', 'sub');
  const den = operandsOf(div.den, '+', 'add');
  if (!num || !den) return undefined;
  // The one of the denominator on either side: `exp(2x) + 1`, `1 + exp(2x)` (also C++'s `T(1)`).
  const rightOne = oneKind(ctx, den[1]);
  const leftOne = rightOne ? undefined : oneKind(ctx, den[0]);
  const denOne = rightOne ? 1 : leftOne ? 0 : -1;
  const numOne = denOne >= 0 ? oneKind(ctx, num[0]) : undefined;
  if (numOne) {
    const m = negativeDoubledTanh(ctx, num[1], den[1 - denOne]!);
    return m && (numOne === 'typed' || rightOne === 'typed' || leftOne === 'typed') ? { ...m, typed: true } : m;
  }
  const a = mathCall(ctx, num[0]);
  if (!a || a.fn !== 'exp') return undefined;
  const numRightOne = denOne >= 0 ? oneKind(ctx, num[1]) : undefined;
  if (numRightOne) {
    const c = mathCall(ctx, den[1 - denOne]!);
    if (!c || c.fn !== 'exp' || !sameText(ctx, a.arg, c.arg)) return undefined;
    const plainHalf = halfOfDouble(ctx, a.arg, a.tensor);
    const typedHalf = plainHalf ? undefined : halfOfDouble(ctx, a.arg, a.tensor, true);
    const typed = numRightOne === 'typed' || rightOne === 'typed' || leftOne === 'typed' || typedHalf !== undefined;
    const x = plainHalf ?? typedHalf;
    // (exp(u) - 1) / (exp(u) + 1) for any other u is tanh(u / 2), NaN the same way once exp(u) overflows.
    const m: TanhMatch = x ? { x, exp: a, doubled: true } : { x: halfOf(ctx, a), exp: a, doubled: true, halved: true };
    return typed ? { ...m, typed } : m;
  }
  const b = mathCall(ctx, num[1]);
  const c = mathCall(ctx, den[0]);
  const d = mathCall(ctx, den[1]);
  if (!b || !c || !d || [b, c, d].some((m) => m.fn !== 'exp')) return undefined;
  if (!isNegationOf(ctx, b.arg, a.arg)) return undefined;
  const matches = (p: MathCall, q: MathCall): boolean => sameText(ctx, p.arg, a.arg) && isNegationOf(ctx, q.arg, a.arg);
  if (!(matches(c, d) || matches(d, c))) return undefined;
  return { x: a.arg, exp: a, doubled: false };
}

/** `(1 - exp(-2x)) / (1 + exp(-2x))` from its numerator's and denominator's exponentials: tanh(x). */
function negativeDoubledTanh(ctx: Context, numExp: Expr, denExp: Expr): TanhMatch | undefined {
  const a = mathCall(ctx, numExp);
  if (!a || a.fn !== 'exp' || a.tensor) return undefined;
  const c = mathCall(ctx, denExp);
  if (!c || c.fn !== 'exp' || !sameText(ctx, a.arg, c.arg)) return undefined;
  // -2x is `-(2 * x)`, or `-2 * x` / `x * -2` (the parser reads the sign into the literal); C++'s `T(-2) * x` is typed.
  const inner = negated(a.arg);
  let x = inner ? halfOfDouble(ctx, inner, false) : undefined;
  const s = stripParens(a.arg);
  if (!x && s.kind === 'binary' && s.op === '*') x = numericLiteral(s.left) === -2 ? s.right : numericLiteral(s.right) === -2 ? s.left : undefined;
  if (x) return { x, exp: a, doubled: true, negative: true };
  x = inner ? halfOfDouble(ctx, inner, false, true) : undefined;
  if (!x && s.kind === 'binary' && s.op === '*') x = convertedConstant(ctx, s.left) === -2 ? s.right : convertedConstant(ctx, s.right) === -2 ? s.left : undefined;
  return x ? { x, exp: a, doubled: true, negative: true, typed: true } : undefined;
}

function tanhForm(ctx: Context, e: Expr): void {
  const m = matchTanh(ctx, e);
  if (!m) return;
  // Safe when its exponentials cannot overflow: the exp of a doubled form (`exp(2 * v)` with v clipped to ±15), or
  // both of `exp(x)` and `exp(-x)`. Still a tanh the user wrote.
  const a = m.exp;
  const dtype = dtypeOf(a);
  if (m.doubled ? isExpKeptInRange(ctx, e, a.arg, dtype) : isClippedBothWays(ctx, a.arg, dtype === 'float32')) {
    safeFormUse(ctx, e, 'tanh', a.tensor ? 'tfjs' : ctx.lang.mathFramework);
    return;
  }
  if (m.doubled) {
    doubledTanhForm(ctx, e, m.x, m.exp, m.halved === true, m.negative === true, m.typed === true);
    return;
  }
  const x = compactText(ctx, a.arg);
  const t = fmt(expOverflowThreshold(dtype));
  const message = `Hand-written tanh: ${a.callee}(${x}) and ${a.callee}(-${x}) overflow for |${x}| > ${t} (${dtype}), giving Infinity/Infinity = NaN `
    + `where the true value is ±1; the library tanh is exact to the last bit and cheaper.`;
  addFinding(ctx, e, 'unstable-tanh', 'warning', message, 'tanh', a.arg, a, () => {
    const input = fixInput(ctx, e, a.arg, a, undefined);
    return { fix: ctx.lang.fixes.tanh(input), input };
  });
  markConsumed(ctx, e);
}

/** `q` is `-p`: `-x` for `x`, or `-k * x` for `k * x` (the parser reads the latter as `(-k) * x`). */
function isNegationOf(ctx: Context, q: Expr, p: Expr): boolean {
  const n = negated(q);
  if (n && sameText(ctx, n, p)) return true;
  // `b - a` is `-(a - b)`.
  const qs = stripParens(q);
  const ps = stripParens(p);
  if (qs.kind === 'binary' && ps.kind === 'binary' && qs.op === '-' && ps.op === '-' && sameText(ctx, qs.left, ps.right) && sameText(ctx, qs.right, ps.left)) return true;
  const qt = normalized(ctx, q);
  const pt = normalized(ctx, p);
  return qt === `-${pt}` || qt === `-(${pt})`;
}

/**
 * The x of `2 * x` / `x * 2` (`2.0`, `2f`), tfjs `tf.mul(2, x)` (of a tensor exp), else undefined; `2 * k * x` (read `(2 * k) * x`) halves to a
 * made-up `k * x` node (doubling is exact, so 2 * k * x is 2 * (k * x) bit for bit).
 */
function halfOfDouble(ctx: Context, e: Expr, tensor: boolean, converted = false): Expr | undefined {
  const s = stripParens(e);
  if (s.kind === 'call') {
    if (!tensor) return undefined;
    const two = s.args.length === 2 && s.callee.kind === 'attribute' && s.callee.name === 'mul' ? s.args.findIndex((a) => numericLiteral(a.value) === 2) : -1;
    return two >= 0 ? s.args[1 - two]!.value : undefined;
  }
  if (s.kind !== 'binary' || s.op !== '*') return undefined;
  // `converted`: the 2 may be a C++ conversion (`T(2) * x`).
  const isTwo = (k: Expr): boolean => (converted ? convertedConstant(ctx, k) : numericLiteral(k)) === 2;
  if (isTwo(s.left)) return s.right;
  if (isTwo(s.right)) return s.left;
  const inner = stripParens(s.left);
  if (inner.kind !== 'binary' || inner.op !== '*' || inner !== s.left) return undefined;
  const k = isTwo(inner.left) ? inner.right : isTwo(inner.right) ? inner.left : undefined;
  if (!k) return undefined;
  const node: Expr = { kind: 'binary', op: '*', left: k, right: s.right, start: k.start, end: s.right.end };
  ctx.syntheticText.set(node, `${textOf(ctx, k)} * ${textOf(ctx, s.right)}`);
  return node;
}

/**
 * `(exp(2x) - 1) / (exp(2x) + 1)`: tanh(x), NaN once exp(2x) overflows (x > 354.9 in float64); `negative` for
 * `(1 - exp(-2x)) / (1 + exp(-2x))`, NaN once exp(-2x) overflows (x < -354.9).
 */
function doubledTanhForm(ctx: Context, e: Expr, x: Expr, a: MathCall, halved: boolean, negative: boolean, typed: boolean): void {
  const dtype = dtypeOf(a);
  const xt = compactText(ctx, x);
  const ut = compactText(ctx, a.arg);
  const t = fmt(expOverflowThreshold(dtype) / 2);
  const message = halved
    ? `Hand-written tanh(${textOf(ctx, x)}): ${a.callee}(${ut}) overflows for ${ut} > ${fmt(expOverflowThreshold(dtype))} (${dtype}), giving Infinity/Infinity = NaN `
      + `where the true value is 1; the library tanh of half the exponent is exact to the last bit and cheaper.`
    : negative
      ? `Hand-written tanh: ${a.callee}(-2 * ${xt}) overflows for ${xt} < -${t} (${dtype}), giving Infinity/Infinity = NaN `
        + `where the true value is -1; the library tanh is exact to the last bit and cheaper.`
      : `Hand-written tanh: ${a.callee}(2 * ${xt}) overflows for ${xt} > ${t} (${dtype}), giving Infinity/Infinity = NaN `
        + `where the true value is 1; the library tanh is exact to the last bit and cheaper.`;
  addFinding(ctx, e, 'unstable-tanh', 'warning', message, 'tanh', x, a, () => {
    const input = fixInput(ctx, e, x, a, undefined);
    return { fix: typed ? undefined : ctx.lang.fixes.tanh(input), input };
  });
  markConsumed(ctx, e);
}

/** A tensor softmax by hand: `tf.div(tf.exp(t), tf.sum(tf.exp(t), -1, true))`. No fix: tf.softmax's axis is the last one, the sum's may not be. */
function tensorSoftmaxForm(ctx: Context, e: Expr): void {
  const div = division(e);
  if (!div) return;
  const num = mathCall(ctx, div.num);
  if (!num || num.fn !== 'exp' || !num.tensor || isMaxSubtracted(ctx, num.arg)) return;
  const den = stripParens(div.den);
  if (den.kind !== 'call' || den.args.length < 1 || lastName(den.callee) !== 'sum') return;
  const inner = mathCall(ctx, den.args[0]!.value);
  if (!inner || inner.fn !== 'exp' || !sameText(ctx, inner.arg, num.arg)) return;
  const dtype = dtypeOf(num);
  const t = fmt(expOverflowThreshold(dtype));
  const x = compactText(ctx, num.arg);
  const message = `Softmax without subtracting the maximum: ${num.callee}(${x}) overflows to Infinity once an element exceeds ${t} (${dtype}), `
    + `and the normalised values become Infinity/Infinity = NaN. Use the library softmax, or subtract the maximum before exponentiating.`;
  ctx.findings.push({ span: { start: e.start, end: e.end }, rule: 'unstable-softmax', severity: 'warning', message, activation: 'softmax', fixes: [] });
  const name = shortName(ctx, e);
  ctx.uses.push(use(e.start, e.end, 'softmax', name, name, 'tfjs', 'call'));
  markConsumed(ctx, e);
}

/** `s * (1 - s)` with s a sigmoid of x (inline or a call), or `(1.0 - val) * val` on a sigmoid's output value. */
function derivativeForm(ctx: Context, e: Expr & { kind: 'binary' }): void {
  // Most products hold no `1 - X` factor: look for one before collecting factors.
  if (!hasOneMinusFactor(e.left) && !hasOneMinusFactor(e.right)) return;
  // (`T(1) - s` passes that filter as any one-argument call of 1; derivativePairs keeps only C++ template types.)
  for (const { s: sExpr, chained } of derivativePairs(ctx, e)) {
    const s = stripParens(sExpr);
    const inline = matchSigmoid(ctx, s);
    const named = inline ? undefined : sigmoidCallArg(ctx, s);
    const output = s.kind === 'name' ? isSigmoidOutput(ctx, s.name, e) : undefined;
    const outputName = output && s.kind === 'name' ? s.name : undefined;
    if (!inline && !named && !outputName) continue;
    const dtype = inline ? dtypeOf(inline.exp, inline.one, ctx) : (output?.dtype ?? 'float64');
    const t = fmt(sigmoidSaturationThreshold(dtype));
    let fixes: FixText | undefined;
    let arg: Expr | undefined;
    if (named) {
      arg = named.arg;
      const x = textOf(ctx, named.arg);
      const argNeg = isSimpleArg(named.arg) && stripParens(named.arg).kind !== 'number' ? `-${x}` : `-(${x})`;
      if (isSimpleArg(named.arg) && !chained) fixes = { title: `Use ${named.callee}(${x}) * ${named.callee}(-${x})`, replacement: `(${named.callee}(${x}) * ${named.callee}(${argNeg}))` };
    } else if (inline) {
      arg = inline.arg;
    }
    const message = outputName
      ? `Sigmoid derivative from the output value: (1 - ${outputName}) * ${outputName} loses all precision once ${outputName} rounds to 1, `
        + `which happens for inputs x > ${t} (${dtype}): the derivative becomes exactly 0 instead of about exp(-x). `
        + `Compute it from the input instead: pass x (the value before the activation) and use sigmoid(x) * sigmoid(-x). `
        + `No automatic fix: only the output is available here, and no expression of it recovers the digits lost when it rounded to 1.`
      : `Sigmoid derivative s * (1 - s): 1 - s cancels catastrophically and is exactly 0 for x > ${t} (${dtype}) although the true derivative `
        + `is about exp(-x); use sigmoid(x) * sigmoid(-x).`;
    const finding = findingWithLazyFixes(ctx, e, 'lossy-sigmoid-derivative', 'information', message, 'sigmoid', () => {
      const input = arg ? fixInput(ctx, e, arg, inline?.exp ?? { fn: 'exp', callee: ctx.lang.defaultExp, float32: false, tensor: false, arg }, inline?.one) : undefined;
      return fixes && input ? toFixes(ctx, e, fixes, input) : [];
    });
    const literal = arg ? numericLiteral(arg) : undefined;
    if (literal !== undefined) finding.literalArgument = literal;
    ctx.findings.push(finding);
    return;
  }
}

/** tfjs `tf.mul(tf.sigmoid(x), tf.sub(1, tf.sigmoid(x)))` (either order): the derivative s * (1 - s) with tensor ops. No fix is offered. */
function tensorDerivativeForm(ctx: Context, e: CallExpr): void {
  for (const [k, other] of [[0, 1], [1, 0]] as const) {
    const difference = operandsOf(e.args[k]!.value, '-', 'sub');
    const s = e.args[other]!.value;
    if (!difference || !isOne(difference[0]) || !sameText(ctx, difference[1], s)) continue;
    const inline = matchSigmoid(ctx, s);
    // Or the sigmoid's output held in a name: `const s = tf.sigmoid(p); tf.mul(s, tf.sub(1, s))`.
    const bare = stripParens(s);
    if (!inline && !sigmoidCallArg(ctx, s) && !(bare.kind === 'name' && isSigmoidOutput(ctx, bare.name, e))) continue;
    const dtype = inline ? dtypeOf(inline.exp, inline.one, ctx) : 'float64';
    const t = fmt(sigmoidSaturationThreshold(dtype));
    const message = `Sigmoid derivative s * (1 - s): 1 - s cancels catastrophically and is exactly 0 for x > ${t} (${dtype}) although the true derivative `
      + `is about exp(-x); use sigmoid(x) * sigmoid(-x).`;
    ctx.findings.push({ span: { start: e.start, end: e.end }, rule: 'lossy-sigmoid-derivative', severity: 'information', message, activation: 'sigmoid', fixes: [] });
    markConsumed(ctx, e);
    return;
  }
}

/** `1 - X` (or `T(1) - X`) is a factor of `e`, an unparenthesised product (`c * s * (1 - s)`) or a single factor. */
function hasOneMinusFactor(e: Expr): boolean {
  if (e.kind === 'binary' && e.op === '*') return hasOneMinusFactor(e.left) || hasOneMinusFactor(e.right);
  const s = stripParens(e);
  return s.kind === 'binary' && s.op === '-' && (isOne(s.left) || isCallOfOne(s.left));
}

/** `T(1)`, `T{1}`: a call of a plain name with the single argument 1 (isTypedOne says whether T is a type), or a cast of 1. */
function isCallOfOne(e: Expr): boolean {
  const s = stripParens(e);
  if (s.kind === 'group') return s.label.startsWith('cast:') && s.children[0] !== undefined && isOne(s.children[0]);
  return s.kind === 'call' && s.callee.kind === 'name' && s.args.length === 1 && isOne(s.args[0]!.value);
}

/** The factors of an unparenthesised product, left to right; a parenthesised product is one factor (its own node pairs them). */
function productFactors(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === '*') {
    productFactors(e.left, out);
    productFactors(e.right, out);
  } else {
    out.push(e);
  }
  return out;
}

/**
 * The factors s with a `1 - s` in the product `e`, the two on opposite sides of `e` (so each pair is reported once, at the
 * product that joins them): `s * (1 - s)`, and as a multiset of factors `c * s * (1 - s)`, `s * c * (1 - s)`, `(1 - s) * c * s`
 * (chained: no fix, it would drop the other factors).
 */
function derivativePairs(ctx: Context, e: Expr & { kind: 'binary' }): Array<{ s: Expr; chained: boolean }> {
  const left = productFactors(e.left);
  const right = productFactors(e.right);
  const chained = left.length + right.length > 2;
  const out: Array<{ s: Expr; chained: boolean }> = [];
  // The `1 - s` factors on the right first, then those on the left (the order the pairs are reported in).
  pairsAcross(ctx, right, left, chained, out);
  pairsAcross(ctx, left, right, chained, out);
  return out;
}

/** The factors among `others` that a `1 - s` factor among `ones` subtracts from one, appended to `out`. */
function pairsAcross(ctx: Context, ones: readonly Expr[], others: readonly Expr[], chained: boolean, out: Array<{ s: Expr; chained: boolean }>): void {
  for (const factor of ones) {
    const om = stripParens(factor);
    if (om.kind !== 'binary' || om.op !== '-' || !(isOne(om.left) || isTypedOne(ctx, om.left))) continue;
    for (const other of others) if (sameText(ctx, om.right, other)) out.push({ s: other, chained });
  }
}

/**
 * `name` holds a sigmoid's output at `at`: a parameter of a derivative function (`DActivation(double val)`)
 * in a file that computes a sigmoid, or a variable assigned a sigmoid earlier in the same function.
 */
// A derivative function's parameter holds a float64 sigmoid output (one answer for all, only read).
const SIGMOID_OUTPUT_FLOAT64: { readonly dtype: 'float64' } = Object.freeze({ dtype: 'float64' });

function isSigmoidOutput(ctx: Context, name: string, at: Expr): { dtype: 'float32' | 'float64' } | undefined {
  if (ctx.sigmoidOutputNames.get(name)?.some((sc) => at.start >= sc.start && at.end <= sc.end) === true && fileComputesSigmoid(ctx)) return SIGMOID_OUTPUT_FLOAT64;
  const scope = enclosingFunctionScope(ctx, at.start);
  const found = sigmoidAssignedIn(ctx, name, at, scope);
  if (found || scope.start === 0) return found;
  // A closure reads the variables of the function around it: `const s = 1 / (1 + Math.exp(-x)); out.backward = () => { g += s * (1 - s); }`
  // (unless it assigns the name itself).
  const brace = tokenIndexAt(ctx, scope.start);
  if (ctx.cols.starts[brace] !== scope.start || closureHeaderStart(ctx, brace) < 0 || assignmentExpressionsIn(ctx, name, scope.start, scope.end).length > 0) return undefined;
  const outer = enclosingFunctionScope(ctx, scope.start - 1);
  return outer.start < scope.start ? sigmoidAssignedIn(ctx, name, at, outer) : undefined;
}

/** The last assignment to `name` in `scope` before `at` is a sigmoid (inline or a call): its dtype. */
function sigmoidAssignedIn(ctx: Context, name: string, at: Expr, scope: Scope): { dtype: 'float32' | 'float64' } | undefined {
  let found: { dtype: 'float32' | 'float64' } | undefined;
  for (const expr of assignmentExpressionsIn(ctx, name, scope.start, at.start)) {
    // Assignments inside an expression too: `items.map((item) => { const s = ...; return s * (1 - s); })` is one expression.
    walk(expr, (n) => {
      if (n.kind !== 'binary' || n.op !== '=' || n.end > at.start || !assigns(ctx, n.left, name)) return;
      // The last assignment before the use decides.
      const inline = matchSigmoid(ctx, n.right);
      found = inline ? { dtype: dtypeOf(inline.exp, inline.one, ctx) } : sigmoidCallArg(ctx, n.right) ? { dtype: 'float64' } : undefined;
    });
  }
  return found;
}

/** `left` of an `=` assigns `name`: `name = ...`, or TypeScript's `name: T = ...` (parsed as `T = ...` after `name :`). */
function assigns(ctx: Context, left: Expr, name: string): boolean {
  const l = stripParens(left);
  if (l.kind !== 'name') return false;
  if (l.name === name) return true;
  const k = tokenIndexAt(ctx, l.start);
  const code = ctx.cols.tokenAt;
  return code(k - 1)?.text === ':' && code(k - 2)?.kind === 'name' && code(k - 2)!.text === name;
}

function logSumExp(ctx: Context, call: CallExpr, log: MathCall, inner: Expr): void {
  let exp: MathCall | undefined;
  // log(xs.reduce((a, v) => a + Math.exp(v), 0)), Math.Log(xs.Sum(v => Math.Exp(v))), log(sum) with sum += exp(x[i]).
  // `xs.reduce(function (acc, v) { return acc + Math.exp(v); }, 0)`: the callback's body is recovered next to the call.
  const recovered = inner.kind === 'group' && inner.label === 'recovered' && inner.children[0]?.kind === 'call' ? inner : undefined;
  let sumCall = recovered ? recovered.children[0]! : inner;
  // fp-ts / Effect: `pipe(xs, RA.reduce(0, (acc, x) => acc + Math.exp(x)))` sums in its last step.
  const piped = sumCall.kind === 'call' && sumCall.callee.kind === 'name' && sumCall.callee.name === 'pipe' ? sumCall.args[sumCall.args.length - 1]?.value : undefined;
  if (piped !== undefined && piped.kind === 'call' && SUM_CALLEES.has(lastName(piped.callee) ?? '')) sumCall = piped;
  if (sumCall.kind === 'call') {
    // The last name also of a call chain: Java's `Arrays.stream(xs).map(v -> Math.exp(v)).sum()`.
    const last = lastName(sumCall.callee) ?? '';
    if (!SUM_CALLEES.has(last)) return;
    walk(inner, (n) => {
      if (exp) return;
      const m = mathCall(ctx, n);
      if (m?.fn === 'exp') exp = m;
    });
    if (!exp && sumCall.callee.kind === 'attribute') {
      // `exps.reduce(...)` where exps was built from exp: look for `exps = ... exp(...)` in the scope.
      exp = accumulatedExp(ctx, dottedName(sumCall.callee.object), call.start, 'assign');
    }
  } else if (inner.kind === 'name') {
    exp = accumulatedExp(ctx, inner.name, call.start, 'accumulate');
  }
  if (!exp || isMaxSubtracted(ctx, exp.arg) || maxMayShiftIn(ctx, call)) return;
  const dtype = dtypeOf(exp);
  const t = fmt(expOverflowThreshold(dtype));
  const message = `Hand-written log-sum-exp: ${exp.callee} overflows to Infinity once an element exceeds ${t} (${dtype}), so the result is Infinity `
    + `where the true value is finite. Subtract the maximum first: m + log(sum(exp(x - m))).`;
  ctx.findings.push(findingWithLazyFixes(ctx, call, 'unstable-logsumexp', 'warning', message, 'softmax', () => {
    // A callback whose body the parser recovered is not rewritten (the fix reads the sum as one call).
    const fix = recovered ? undefined : guardedFix(() => logSumExpFix(loopFixEnv(ctx), call, inner));
    return fix ? [fix] : [];
  }));
  ctx.uses.push(use(call.start, call.end, 'softmax', shortName(ctx, call), shortName(ctx, call), ctx.lang.mathFramework, 'call'));
  void log;
}

/** The exp call accumulated into `name` (`name += exp(...)`) or assigned to it (`name = xs.map(v => exp(v))`) before `before`. */
function accumulatedExp(ctx: Context, name: string | undefined, before: number, how: 'accumulate' | 'assign'): MathCall | undefined {
  if (!name) return undefined;
  const scope = enclosingFunctionScope(ctx, before);
  let found: MathCall | undefined;
  for (const expr of expressionsIn(ctx, scope.start, before, SEGMENT_FORM)) {
    if (found) continue;
    // An expression may run past `before` (a callback's statements inside `batches.map((b) => { ... })`): its nodes before it count.
    walk(expr, (n) => {
      if (found || n.kind !== 'binary' || n.end > before || n.start < scope.start) return;
      const target = dottedName(stripParens(n.left));
      const ok = how === 'accumulate' ? n.op === '+=' : n.op === '=';
      if (!ok || target !== name) return;
      walk(n.right, (r) => {
        if (found) return;
        const m = mathCall(ctx, r);
        if (m?.fn === 'exp') found = m;
      });
    });
  }
  return found;
}

function isMaxSubtracted(ctx: Context, arg: Expr): boolean {
  const s = stripParens(arg);
  if (s.kind === 'binary' && s.op === '-') return true;
  // Shifted, then scaled by a temperature: `(z[i] - m) / t`, `(q - max) * invT`, `beta * (f - fMax)`.
  if (s.kind === 'binary' && (s.op === '/' || s.op === '*')) {
    const left = stripParens(s.left);
    const right = stripParens(s.right);
    if ((left.kind === 'binary' && left.op === '-') || (s.op === '*' && right.kind === 'binary' && right.op === '-')) return true;
  }
  // tfjs `x.sub(max)`, `tf.sub(x, m)`.
  if (s.kind === 'call' && /(^|\.)sub$/.test(calleeName(s) ?? '')) return true;
  void ctx;
  return false;
}

/** The name at code index `i` is called with two arguments, one a number: `Math.Max(0.0, x)`, `fmax(x, 0.0f)`. */
function isMaxWithConstant(ctx: Context, i: number): boolean {
  const { count, kinds, texts } = ctx.cols;
  if (i + 1 >= count || texts[i + 1] !== '(' || kinds[i + 1] !== K_OP) return false;
  const close = ctx.parsed.match[i + 1] ?? -1;
  if (close < 0) return false;
  const isNumber = (k: number): boolean => kinds[k] === K_NUMBER || (kinds[k - 1] === K_OP && texts[k - 1] === '-' && kinds[k] === K_NUMBER);
  // `(0.0, x)`, `(-1, x)`, `(x, 0.0)`: a number right after the `(` and followed by `,`, or right before the `)` after a `,`.
  const first = texts[i + 2] === '-' ? i + 3 : i + 2;
  if (isNumber(first) && texts[first + 1] === ',') return true;
  const last = close - 1;
  const beforeLast = texts[last - 1] === '-' ? last - 2 : last - 1;
  return kinds[last] === K_NUMBER && texts[beforeLast] === ',';
}

/**
 * Whether a maximum of the function around `form` may be the shift of its exps (then they are presumed shifted): one
 * computed before the form, not in the other arm of a conditional around both, and not kept in a local of a block the
 * form is outside of.
 */
function maxMayShiftIn(ctx: Context, form: { readonly start: number; readonly end: number }): boolean {
  const scope = enclosingFunctionScope(ctx, form.start);
  const facts = factsOf(ctx, scope);
  return facts.computesMax && facts.maxStarts.some((m) => m < form.end && maxMayShift(ctx, m, form, scope));
}

function maxMayShift(ctx: Context, maxStart: number, form: { readonly start: number; readonly end: number }, scope: Scope): boolean {
  if (maxStart >= form.start && maxStart < form.end) return true;
  // `stable ? m + log(Σ exp(v - m)) : log(Σ exp(v))`: the naive branch runs exactly when the shifted one does not.
  if (inOtherArms(ctx, maxStart, form.start)) return false;
  const max = tokenIndexAt(ctx, maxStart);
  return !inLocalOfOtherBlock(ctx, max, tokenIndexAt(ctx, form.start)) && maxValueSubtracted(ctx, max, scope);
}

/**
 * The maximum at code index `max` is something is shifted by: subtracted where it is taken (`v - Math.max(...z)`), or
 * stored in a name the scope subtracts or passes on (`const m = Math.max(...z); … z[i] -= m`, `shift(z, m)`). A maximum
 * taken for something else (`const spread = Math.max(...s) - Math.min(...s)`, `indexOf(Math.max(...p))`) shifts nothing.
 */
function maxValueSubtracted(ctx: Context, max: number, scope: Scope): boolean {
  const { count, kinds, texts, starts } = ctx.cols;
  // The maximum's first token: `Math` of `Math.max(…)`, `std` of `*std::max_element(…)`, `scores` of `scores.Max()`.
  let first = max;
  while (first >= 2 && kinds[first - 1] === K_OP && MEMBER_ACCESS.has(texts[first - 1]!) && kinds[first - 2] === K_NAME && max - first < 8) first -= 2;
  let before = first - 1;
  if (before >= 0 && kinds[before] === K_OP && texts[before] === '*') before--;
  if (before >= 0 && kinds[before] === K_OP && (texts[before] === '-' || texts[before] === '-=')) return true;
  // The name the statement stores it in (or the maximum itself, a plain name): the one before the nearest `=` back from
  // it, also out of the callback or the call it is taken in (`const m = xs.reduce((a, b) => Math.max(a, b), -Infinity)`).
  let name: string | undefined = kinds[max] === K_NAME && texts[max + 1] !== '(' ? texts[max] : undefined;
  const stored = assignmentBefore(ctx, first, STORING, 128);
  if (stored >= 0 && kinds[stored - 1] === K_NAME) name = texts[stored - 1];
  if (name === undefined) return false;
  for (let k = Math.max(1, tokenIndexAt(ctx, scope.start)); k < count && starts[k]! < scope.end; k++) {
    if (kinds[k] !== K_NAME || texts[k] !== name || kinds[k - 1] !== K_OP) continue;
    const prev = texts[k - 1]!;
    if (prev === '-' || prev === '-=') return true;
    // Passed on to something that may shift by it (`shift(z, m)`, `softmaxShifted(z, m)`).
    if ((prev === '(' || prev === ',') && (texts[k + 1] === ')' || texts[k + 1] === ',') && k !== max) return true;
  }
  return false;
}

/** Offsets `a` and `b` lie in different arms of one conditional `test ? then : otherwise`. */
function inOtherArms(ctx: Context, a: number, b: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let found = false;
  for (const expr of expressionsIn(ctx, lo, hi + 1, SEGMENT_CONDITIONAL)) {
    if (expr.start > lo || expr.end <= hi) continue;
    walk(expr, (n) => {
      if (found || n.kind !== 'group' || n.label !== 'conditional' || n.children.length !== 3 || n.start > lo || n.end <= hi) return;
      const then = n.children[1]!;
      const otherwise = n.children[2]!;
      const inThen = (x: number): boolean => x >= then.start && x < then.end;
      const inElse = (x: number): boolean => x >= otherwise.start && x < otherwise.end;
      if ((inThen(a) && inElse(b)) || (inElse(a) && inThen(b))) found = true;
    });
    if (found) return true;
  }
  return false;
}

/**
 * The maximum at code index `max` is stored in a local declared in a block that does not hold code index `at`
 * (`for (...) { const pred = xs.indexOf(Math.max(...xs)); }` before another loop's exps): it cannot reach `at`,
 * unless that block shifts values in place by it (`row[j] -= m`, `row[j] = row[j] - m`).
 */
function inLocalOfOtherBlock(ctx: Context, max: number, at: number): boolean {
  const { kinds, texts, count } = ctx.cols;
  const block = max < count ? ctx.braceParent[max]! : -1;
  if (block < 0) return false;
  for (let b = at < count ? ctx.braceParent[at]! : -1; b >= 0; b = ctx.braceParent[b]!) if (b === block) return false;
  // The statement around the maximum: `<type or keyword> name = … max …`.
  const first = statementFirstToken(ctx, max, block + 1);
  let equals = -1;
  for (let k = first; k < max; k++) {
    if (kinds[k] === K_OP && texts[k] === '=') {
      equals = k;
      break;
    }
  }
  if (equals < first + 2 || kinds[equals - 1] !== K_NAME) return false;
  const beforeName = equals - 2;
  const declares = kinds[beforeName] === K_NAME || (kinds[beforeName] === K_OP && (texts[beforeName] === '>' || texts[beforeName] === ']'));
  if (!declares) return false;
  const local = texts[equals - 1]!;
  // An in-place shift by the local within its block.
  const close = ctx.parsed.match[block] ?? -1;
  const end = close > block ? close : Math.min(count, max + 4096);
  let storesElement = false;
  for (let k = equals + 1; k < end; k++) {
    if (kinds[k] !== K_OP) {
      if (kinds[k] === K_NAME && texts[k] === local && kinds[k - 1] === K_OP) {
        if (texts[k - 1] === '-=' || (texts[k - 1] === '-' && storesElement)) return false;
      }
      continue;
    }
    const op = texts[k]!;
    if (STATEMENT_ENDS.has(op)) storesElement = false;
    else if (op === '=' && texts[k - 1] === ']') storesElement = true;
  }
  return true;
}

const STATEMENT_ENDS = new Set([';', '{', '}']);

/**
 * The first code token of the statement holding code index `k`, not before `floor`: after the nearest `;`, `{` or `}`,
 * at most 64 tokens back (a column walk; statementStart reads token objects and skips over brackets, for fixes).
 */
function statementFirstToken(ctx: Context, k: number, floor: number): number {
  const { kinds, texts } = ctx.cols;
  let a = k;
  while (a > floor && k - a < 64 && !(kinds[a - 1] === K_OP && STATEMENT_ENDS.has(texts[a - 1]!))) a--;
  return a;
}

/**
 * Back from code index `from` (out of the brackets and the callback bodies it is in), the first of `ops` at the top
 * level of its statement: the `=` of `const m = xs.reduce((a, b) => Math.max(a, b), -Infinity)` from inside the
 * callback. -1 when the statement starts first, or past `reach` tokens.
 */
function assignmentBefore(ctx: Context, from: number, ops: ReadonlySet<string>, reach: number): number {
  const { kinds, texts } = ctx.cols;
  let depth = 0;
  for (let k = from - 1; k > 0 && from - k < reach; k--) {
    if (kinds[k] !== K_OP) continue;
    const x = texts[k]!;
    if (x === ')' || x === ']' || x === '}') depth++;
    else if (x === '(' || x === '[' || x === '{') {
      if (depth > 0) depth--;
      // Out of a block only when it is a callback's body (`function (a, b) {`, `=> {`).
      else if (x === '{' && texts[k - 1] !== ')' && texts[k - 1] !== '=>') return -1;
    } else if (depth === 0 && x === ';') return -1;
    else if (depth === 0 && ops.has(x)) return k;
  }
  return -1;
}

const STORING = new Set(['=', ':=']);
const STORING_OR_ACCUMULATING = new Set(['=', '+=', '-=']);

/**
 * `exp(v) / xs.reduce((s, u) => s + exp(u), 0)` is one softmax: the exps of the sum in the denominator are remembered so that
 * only the numerator's exp is reported (the division is walked before the exps in it).
 */
function markSummedExps(ctx: Context, e: Expr & { kind: 'binary' }): void {
  const den = stripParens(e.right);
  // `xs.reduce(function (s, u) { return s + exp(u); }, 0)`: the callback's body is recovered next to the call.
  const sum = den.kind === 'group' && den.label === 'recovered' ? den.children[0] : den;
  if (sum?.kind !== 'call' || !SUM_CALLEES.has(lastName(sum.callee) ?? '') || !holdsExp(ctx, e.left)) return;
  walk(den, (n) => {
    if (n.kind === 'call' && mathCall(ctx, n)?.fn === 'exp') (ctx.summedExps ??= new Set()).add(n);
  });
}

/** Softmax by loop or map: `Math.exp(z[i])` / `xs.map(v => Math.exp(v))` summed and divided, with no maximum in sight. */
function softmaxLoopForm(ctx: Context, call: CallExpr): void {
  const exp = mathCall(ctx, call);
  if (!exp || exp.fn !== 'exp' || exp.tensor || ctx.summedExps?.has(call)) return;
  const arg = stripParens(exp.arg);
  if (isMaxSubtracted(ctx, arg)) return;
  // The shapes the max-subtraction fix handles; a scaled or member element (`exp(z[i] / t)`, `exp(b.fitness)`) is reported without one.
  const exact = arg.kind === 'subscript' || (arg.kind === 'name' && isElementName(ctx, arg.name, call.start));
  let scope = enclosingFunctionScope(ctx, call.start);
  // Out of callbacks (`xs.map(function (v) { return Math.exp(v); })`) to the function that sums and divides.
  for (let outer: Scope | undefined; !(factsOf(ctx, scope).divides && factsOf(ctx, scope).accumulates) && (outer = callbackParentScope(ctx, scope));) scope = outer;
  // Or any argument but a negated one (a Gaussian weight exp(-d * d / s)), stored into an element the function sums: `w[j] = exp(dot / sqrt(n)); norm += w[j];`.
  // A negated product is no softmax exponent either, scaled element or not (`exp(-d[i] * d[i] / (2 * s))`).
  if (!exact && (negativeProduct(arg) || (!isScaledElement(ctx, arg, call.start, 0)
    && !storedThenSummed(ctx.cols, tokenIndexAt(ctx, call.start), tokenIndexAt(ctx, scope.start), scope.end)))) return;
  const facts = factsOf(ctx, scope);
  // A maximum after the exps (of the normalised output, `w.map(v => v / total).reduce((a, b) => Math.max(a, b))`) shifts nothing.
  if (!facts.divides || !facts.accumulates || facts.maxStarts.some((m) => m < call.end && maxMayShift(ctx, m, call, scope))) return;
  // A log of the sum is a log-sum-exp (its own rule), not a softmax; a log inside the exponent (`exp(log(v + 1) / tau)`) is not one.
  if (facts.logs && logsOutside(ctx, scope, call)) return;
  // At a file's top level, the sums and divisions are those of every statement there: the exps must reach one.
  if (scope.start === 0 && !storedForASum(ctx, call, scope)) return;
  // The sum of a softmax written over two statements: the numerator's exp (`Math.exp(v) / denom`) is the one reported.
  if (dividedSumExps(ctx, scope).has(call.start)) return;
  const dtype = dtypeOf(exp);
  const t = fmt(expOverflowThreshold(dtype));
  const x = compactText(ctx, exp.arg);
  const message = `Softmax without subtracting the maximum: ${exp.callee}(${x}) overflows to Infinity once an element exceeds ${t} (${dtype}), `
    + `and the normalised values become Infinity/Infinity = NaN. Subtract the maximum element before exponentiating.`;
  ctx.findings.push(findingWithLazyFixes(ctx, call, 'unstable-softmax', 'warning', message, 'softmax', () => {
    const fix = exact ? guardedFix(() => softmaxFix(ctx, call, exp, arg)) : undefined;
    return fix ? [fix] : [];
  }));
  ctx.uses.push(use(call.start, call.end, 'softmax', shortName(ctx, call), shortName(ctx, call), ctx.lang.mathFramework, 'call'));
}

/**
 * Where the exps start that are summed into a name an exp is then divided by, in `scope`:
 * `var denom = xs.reduce(function (s, v) { return s + Math.exp(v); }, 0); ... Math.exp(v) / denom`.
 */
function dividedSumExps(ctx: Context, scope: Scope): ReadonlySet<number> {
  const key = scopeKey(ctx, scope);
  const known = (ctx.dividedSumExps ??= new Map()).get(key);
  if (known) return known;
  const divisors = new Set<string>();
  for (const expr of expressionsIn(ctx, scope.start, scope.end, SEGMENT_FORM)) {
    walk(expr, (n) => {
      if (n.kind !== 'binary' || n.op !== '/' || n.start < scope.start || n.end > scope.end) return;
      const den = stripParens(n.right);
      if (den.kind === 'name' && holdsExp(ctx, n.left)) divisors.add(den.name);
    });
  }
  const starts = new Set<number>();
  for (const name of divisors) {
    for (const expr of assignmentExpressionsIn(ctx, name, scope.start, scope.end)) {
      walk(expr, (n) => {
        if (n.kind !== 'binary' || n.op !== '=' || !assignsTo(ctx, n.left, name)) return;
        const right = stripParens(n.right);
        const sum = right.kind === 'group' && right.label === 'recovered' ? right.children[0] : right;
        if (sum?.kind !== 'call' || !SUM_CALLEES.has(lastName(sum.callee) ?? '')) return;
        walk(right, (r) => {
          if (r.kind === 'call' && mathCall(ctx, r)?.fn === 'exp') starts.add(r.start);
        });
      });
    }
  }
  ctx.dividedSumExps.set(key, starts);
  return starts;
}

/** `left` of an `=` is `name`, or the type of TypeScript's `name: T = value` (parsed as `T = value`). */
function assignsTo(ctx: Context, left: Expr, name: string): boolean {
  const target = stripParens(left);
  if (dottedName(target) === name) return true;
  const i = tokenIndexAt(ctx, target.start);
  const { texts, kinds } = ctx.cols;
  return target.kind === 'name' && i >= 2 && texts[i - 1] === ':' && kinds[i - 1] === K_OP && texts[i - 2] === name && kinds[i - 2] === K_NAME;
}

/** A negated term, or a product or quotient with one negated side: `-d * d / (2 * s)` (the exponent of a Gaussian weight). */
function negativeProduct(e: Expr, depth = 0): boolean {
  if (negated(e) !== undefined) return true;
  const s = stripParens(e);
  if (s.kind !== 'binary' || (s.op !== '*' && s.op !== '/') || depth > 8) return false;
  return negativeProduct(s.left, depth + 1) !== negativeProduct(s.right, depth + 1);
}

/** The scope takes a log somewhere outside `call`. */
function logsOutside(ctx: Context, scope: Scope, call: CallExpr): boolean {
  let found = false;
  for (const expr of expressionsIn(ctx, scope.start, scope.end, SEGMENT_LOG)) {
    if (found) break;
    walk(expr, (n) => {
      if (found || n.kind !== 'call' || (n.start >= call.start && n.end <= call.end) || n.start < scope.start || n.end > scope.end) return;
      const m = mathCall(ctx, n);
      if (!m || (m.fn !== 'log' && m.fn !== 'log1p')) return;
      // The log of an expression holding this exp, or a later log of a sum (`Math.log(total)`); a log taken before the exps
      // (log-space inputs, `Math.log(c.weight)`) or of another array's own exps (a log-sum-exp beside it) is no log of this sum.
      if (n.start <= call.start && n.end >= call.end) found = true;
      // (Nor is a log of a sigmoid, `Mathf.Log(Sigmoid(z))`: a log-sigmoid, its own rule; nor a log of another sum of
      // exps, `for (const v of scaled) acc += Math.exp(v); Math.log(acc)`, a log-sum-exp of its own.)
      else if (n.start >= call.end && !holdsExp(ctx, n.args[0]?.value) && !(n.args[0] && sigmoidCallArg(ctx, n.args[0].value))
        && !sumsOtherExps(ctx, n.args[0]?.value, n.start, call)) found = true;
    });
  }
  return found;
}

/**
 * At file level: the statement holding the exp `call` stores it in a name that a later statement sums or divides by
 * (`const e = logits.map((z) => exp(z)); const Z = e.reduce(…); … e.map((v) => v / Z)`), or stores it otherwise (an
 * element or an accumulator, which storedThenSummed and the loop rules follow). A selector's
 * `export const selectPerplexity = createSelector(…, (epochs) => epochs.map((e) => Math.exp(e.valLoss)))` reaches no sum.
 */
function storedForASum(ctx: Context, call: CallExpr, scope: Scope): boolean {
  const { count, kinds, texts, starts } = ctx.cols;
  const at = tokenIndexAt(ctx, call.start);
  const stored = assignmentBefore(ctx, at, STORING_OR_ACCUMULATING, 256);
  if (stored < 0 || texts[stored] !== '=' || kinds[stored - 1] !== K_NAME) return true;
  const name = texts[stored - 1]!;
  let end = -1;
  // The end of the storing statement, then a later use of the name next to a sum or a division.
  for (let k = at; k < count && starts[k]! < scope.end; k++) {
    if (kinds[k] === K_OP && texts[k] === ';') {
      end = k;
      break;
    }
  }
  if (end < 0) return false;
  for (let k = end + 1; k < count && starts[k]! < scope.end; k++) {
    if (kinds[k] !== K_NAME || texts[k] !== name || (kinds[k - 1] === K_OP && texts[k - 1] === '.')) continue;
    // The statement around this use: does it sum or divide?
    const a = statementFirstToken(ctx, k, 0);
    for (let b = a; b < count && b - a < 128 && !(kinds[b] === K_OP && texts[b] === ';'); b++) {
      const x = texts[b]!;
      if ((kinds[b] === K_OP && (x === '/' || x === '/=' || x === '+=')) || (kinds[b] === K_NAME && SUM_CALLEES.has(x))) return true;
    }
  }
  return false;
}

/** `e` is a name that an exp other than `call` is accumulated into before `before` (`acc += Math.exp(v)`). */
function sumsOtherExps(ctx: Context, e: Expr | undefined, before: number, call: CallExpr): boolean {
  const name = e === undefined ? undefined : stripParens(e);
  if (name?.kind !== 'name') return false;
  const other = accumulatedExp(ctx, name.name, before, 'accumulate');
  return other !== undefined && other.arg.start !== mathCall(ctx, call)?.arg.start;
}

/** `e` holds a call of exp. */
function holdsExp(ctx: Context, e: Expr | undefined): boolean {
  let found = false;
  if (e) walk(e, (n) => {
    if (!found && n.kind === 'call' && mathCall(ctx, n)?.fn === 'exp') found = true;
  });
  return found;
}

/** An element of a collection, scaled (`z[i] / t`, `beta * u[j]`, `(float) x[i]`) or a member of an element (`b.fitness`). */
const ELEMENT_METHODS = new Set(['get', 'ElementAt', 'at']);

function isScaledElement(ctx: Context, e: Expr, at: number, depth: number): boolean {
  const s = stripParens(e);
  if (depth > 8) return false;
  switch (s.kind) {
    case 'subscript':
      return depth > 0;
    case 'call':
      // An element by index through a list's method (Java's `scores.get(i)`, C#'s `xs.ElementAt(i)`, JS's `xs.at(i)`), or
      // a logit computed from the element (`dot3(w, p)`, `score(item)`), as a product or quotient of it is one.
      return (s.args.length === 1 && s.callee.kind === 'attribute' && ELEMENT_METHODS.has(s.callee.name))
        || s.args.some((a) => isScaledElement(ctx, a.value, at, depth + 1));
    case 'name':
      return depth > 0 && isElementName(ctx, s.name, at);
    case 'attribute': {
      // A member of an indexed element: `c[i].logit`, `c[i]->logit`, `s->data[i].x.y`.
      if (isMemberOfElement(s)) return true;
      const first = firstName(s);
      return first !== undefined && first !== 'this' && isElementName(ctx, first, at);
    }
    case 'group':
      return s.label.startsWith('cast:') && s.children[0] !== undefined && isScaledElement(ctx, s.children[0], at, depth + 1);
    case 'binary':
      if (s.op === 'as') return isScaledElement(ctx, s.left, at, depth + 1);
      // `(z[i] - m) / t` is already shifted.
      if (s.op !== '*' && s.op !== '/') return false;
      if (isMaxSubtracted(ctx, s.left) || isMaxSubtracted(ctx, s.right)) return false;
      return isScaledElement(ctx, s.left, at, depth + 1) || isScaledElement(ctx, s.right, at, depth + 1);
    default:
      return false;
  }
}

function guardedFix(make: () => Fix | undefined): Fix | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/**
 * Max-subtraction for a softmax loop: the maximum of the collection is computed just before the loop (or the
 * statement holding `xs.map(v => exp(v))`), and each exp gets `- max`. Offered only where the collection is a
 * plain name, the loop is braced, and the statement starts its line.
 */
function softmaxFix(ctx: Context, call: CallExpr, exp: MathCall, arg: Expr): Fix | undefined {
  const maxOf = ctx.lang.fixes.maxOf;
  // C/C++: the collection's type is unknown, so the maximum is taken by a loop shaped like the original's.
  if (!maxOf) return cLoopSoftmaxFix(loopFixEnv(ctx), call, exp);
  const code = ctx.cols.tokenAt;
  let collection: Expr | undefined;
  if (arg.kind === 'subscript' && arg.index.length === 1 && stripParens(arg.index[0]!).kind === 'name') {
    // The counted loop around it (braced or not) is found by softmaxShift, which puts the maximum before it.
    collection = arg.object;
  } else if (arg.kind === 'name') {
    const top = expressionsIn(ctx, call.start, call.end)[0];
    if (!top) return undefined;
    walk(top, (n) => {
      if (collection || n.kind !== 'call' || n.callee.kind !== 'attribute' || !['map', 'Select'].includes(n.callee.name)) return;
      const lambda = n.args[0]?.value;
      if (lambda?.kind === 'group' && lambda.label === 'lambda' && lambda.params?.includes(arg.name) && lambda.start <= call.start && lambda.end >= call.end) {
        collection = n.callee.object;
      }
    });
    const statement = statementStart(ctx, tokenIndexAt(ctx, top.start));
    // `const f = (z) => z.map(...)`: z is bound inside the statement, so its maximum cannot be taken before it.
    const first = collection ? firstName(collection) : undefined;
    for (let i = statement; collection && i < ctx.cols.count && code(i)!.start < collection.start; i++) {
      if (code(i)!.kind === 'name' && code(i)!.text === first) return undefined;
    }
  }
  if (!collection || !isSimpleArg(collection) || collection.kind === 'subscript') return undefined;
  const collectionText = textOf(ctx, collection);
  const shift = softmaxShift(loopFixEnv(ctx), call, exp, collectionText);
  if (!shift) return undefined;
  const at = code(shift.insertAt);
  if (!at || statementStart(ctx, shift.insertAt) !== shift.insertAt) return undefined;
  const indent = lineIndent(ctx.text, at.start);
  if (ctx.text.slice(at.start - indent.length, at.start) !== indent || (at.start - indent.length > 0 && ctx.text[at.start - indent.length - 1] !== '\n')) return undefined;
  const base = `${collectionText.slice(collectionText.lastIndexOf('.') + 1)}Max`;
  let name = base;
  const allNames = allNamesOf(ctx);
  for (let k = 2; allNames.has(name) || allNames.has(`${name}Item`); k++) name = `${base}${k}`;
  const declaration = maxOf(collectionText, name, exp.float32, `\n${indent}`);
  if (!declaration) return undefined;
  // Every exp the shift applies to gets `- max`: all findings of a two-loop softmax carry the same edits.
  return {
    title: `Subtract the maximum of ${collectionText} before exponentiating`,
    edits: [
      { span: { start: at.start, end: at.start }, newText: `${declaration}\n${indent}` },
      ...shift.args.map((a) => ({ span: { start: a.start, end: a.end }, newText: `${textOf(ctx, a)} - ${name}` })),
    ],
  };
}

/** What the statement-inserting fixes (cfamilyLoopFixes.ts) read of this analysis. */
function loopFixEnv(ctx: Context): LoopFixEnv {
  return {
    text: ctx.text, lang: ctx.lang, facts: ctx.facts, code: ctx.parsed.code, match: ctx.parsed.match,
    tokenIndexAt: (offset) => tokenIndexAt(ctx, offset),
    functionScope: (offset) => enclosingFunctionScope(ctx, offset),
    expressionsIn: (start, end) => expressionsIn(ctx, start, end),
    mathCall: (e) => mathCall(ctx, e),
    allNames: () => allNamesOf(ctx),
  };
}

/** `e` reads members off an indexed element: `c[i].p`, `c[i]->p`, `c[i].f.g` (a subscript under its chain of members). */
function isMemberOfElement(e: Expr): boolean {
  let s = e;
  while (s.kind === 'attribute') s = stripParens(s.object);
  return s.kind === 'subscript' && e.kind === 'attribute';
}

function firstName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'attribute') return firstName(e.object);
  return undefined;
}

function statementStart(ctx: Context, k: number): number {
  return statementStartIn(ctx.parsed.code, ctx.parsed.match, k);
}

/** A lambda parameter (`v => Math.exp(v)`) or a for-each variable (`foreach (var v in z)`, `for (double v : z)`). */
function isElementName(ctx: Context, name: string, offset: number): boolean {
  const { count, kinds, starts, texts } = ctx.cols;
  const code = ctx.cols.tokenAt;
  const scope = enclosingFunctionScope(ctx, offset);
  // The parameter list of the enclosing function sits just before its body: start a little before it.
  const from = Math.max(0, tokenIndexAt(ctx, scope.start) - 64, tokenIndexAt(ctx, offset) - 4000);
  for (let i = from; i < count; i++) {
    if (starts[i]! >= offset) break;
    if (kinds[i] !== K_NAME || texts[i] !== name) continue;
    const next = code(i + 1);
    if (next && (next.text === '=>' || next.text === '->')) return true;
    if (next && ((next.kind === 'name' && (next.text === 'in' || next.text === 'of')) || next.text === ':')) {
      // Inside a for/foreach header.
      for (let k = i - 1; k >= 0 && k > i - 6; k--) {
        const w = code(k)!;
        if (w.kind === 'name' && (w.text === 'for' || w.text === 'foreach')) return true;
      }
    }
    if (next && (next.text === ')' || next.text === ',' || (next.text === ':' && (code(i - 1)?.text === '(' || code(i - 1)?.text === ',')))) {
      // `(v) => ...`, `(v, i) => ...`, TypeScript's `(v: number) => ...` and `(v): number => ...`
      let k = i + 1;
      while (k < ctx.cols.count && code(k)!.text !== ')' && k - i < 16) k++;
      if (code(k + 1)?.text === '=>' || code(k + 1)?.text === '->') return true;
      // A parameter of a JavaScript callback's function expression: `xs.map(function (v) { return Math.exp(v); })`.
      if (code(k + 1)?.text === '{' && ctx.lang.mathFramework === 'javascript' && isCallbackBody(ctx, k + 1)) return true;
      // A C++ lambda's parameter: `[](double v) { return std::exp(v); }`, `[top](T v) -> T {`.
      if (ctx.lang.parse.arrow === null && isCppLambdaParameter(ctx, i)) return true;
      if (code(k + 1)?.text === ':') {
        for (let j = k + 2; j < ctx.cols.count && j - k < 10; j++) {
          const x = code(j)!.text;
          if (x === '=>') return true;
          if (x === '{' || x === ';' || x === ')' || x === '=') break;
        }
      }
    }
  }
  return false;
}

/** The name at code index `i` is in the parameter list of a C++ lambda (`[...](...)`), which a body follows. */
function isCppLambdaParameter(ctx: Context, i: number): boolean {
  const { kinds, texts } = ctx.cols;
  let open = i - 1;
  while (open >= 0 && i - open < 16 && !(kinds[open] === K_OP && texts[open] === '(')) open--;
  if (open < 1 || texts[open - 1] !== ']' || kinds[open - 1] !== K_OP) return false;
  const close = ctx.parsed.match[open] ?? -1;
  if (close < i) return false;
  for (let k = close + 1; k < ctx.cols.count && k - close < 8; k++) {
    if (texts[k] === '{') return true;
    if (kinds[k] === K_OP && (texts[k] === ';' || texts[k] === ')' || texts[k] === ',')) return false;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Scopes and helper placement

interface Scope {
  readonly start: number;
  readonly end: number;
}

/** The innermost enclosing braces that are not a control statement's block; the whole file when none. */
function enclosingFunctionScope(ctx: Context, offset: number): Scope {
  // Everything below depends on the offset only through its code index; many rules ask about each form.
  const idx = tokenIndexAt(ctx, offset);
  // The braces around the offset are those around its innermost one: the answer is that brace's, unless it is a class member's.
  const innermost = idx < ctx.cols.count ? ctx.braceParent[idx]! : innermostOpenAtEnd(ctx);
  let byBrace = ctx.scopeOfBrace.get(innermost);
  if (byBrace === undefined) {
    byBrace = scopeOfBraces(ctx, innermost);
    ctx.scopeOfBrace.set(innermost, byBrace);
  }
  if (typeof byBrace !== 'number') return withinExpressionArrow(ctx, idx, byBrace);
  // Only a member statement depends on where in the class body the offset is: that answer is kept per code index.
  const known = ctx.functionScopes.get(idx);
  if (known) return known;
  const scope = withinExpressionArrow(ctx, idx, memberStatement(ctx, byBrace, offset));
  ctx.functionScopes.set(idx, scope);
  return scope;
}

/** The expression-bodied arrow (cfamilyArrowScopes) around code index `idx` when it lies inside `scope`, else `scope`. */
function withinExpressionArrow(ctx: Context, idx: number, scope: Scope): Scope {
  if (ctx.lang.mathFramework !== 'javascript') return scope;
  const arrows = (ctx.arrowScopes ??= expressionArrowScopes(ctx.cols, ctx.parsed.match, ctx.text));
  const at = innermostArrowAt(arrows, idx);
  if (at < 0) return scope;
  const arrow = arrows.scopes[at]!;
  const inside = arrow.start >= scope.start && arrow.end <= scope.end && !sameScope(arrow, scope);
  return inside ? arrow : scope;
}

/** From the brace `innermost` outwards: the first function body's scope, or the class brace whose member statement is the scope. */
function scopeOfBraces(ctx: Context, innermost: number): Scope | number {
  for (let brace = innermost; brace >= 0; brace = ctx.braceParent[brace]!) {
    // An object literal or initializer list (`return { p, slope: p * (1 - p) }`) is inside its function's scope.
    if (isLiteralBrace(ctx.cols.tokenAt(brace - 1))) continue;
    const header = headerWords(ctx, brace);
    if (header.some((w) => CLASS_WORDS.has(w) || w === 'namespace')) return brace;
    if (!CONTROL_HEADERS.has(header[0] ?? '')) {
      const close = ctx.parsed.match[brace] ?? -1;
      return { start: ctx.cols.starts[brace]!, end: close >= 0 ? ctx.cols.ends[close]! : ctx.text.length };
    }
  }
  return { start: 0, end: ctx.text.length };
}

/**
 * The scope of the function that passes the callback whose block body is `scope` (`xs.map(function (v) { return Math.exp(v); })`,
 * `(acc, v) => { ... }` as an argument); undefined when `scope` is not such a body. A softmax's exps, sum and division may be
 * spread over such callbacks and the function around them.
 */
function callbackParentScope(ctx: Context, scope: Scope): Scope | undefined {
  const cpp = ctx.lang.parse.arrow === null;
  if ((ctx.lang.mathFramework !== 'javascript' && !cpp) || scope.start === 0) return undefined;
  const brace = tokenIndexAt(ctx, scope.start);
  if (ctx.cols.starts[brace] !== scope.start || !(cpp ? isCppLambdaArgumentBody(ctx, brace) : isCallbackBody(ctx, brace))) return undefined;
  const outer = enclosingFunctionScope(ctx, scope.start - 1);
  // Strictly around it, so widening always ends.
  return outer.start < scope.start ? outer : undefined;
}

/** The `{` at code index `brace` opens the body of a C++ lambda passed as an argument: `std::transform(b, e, o, [](T v) {`. */
function isCppLambdaArgumentBody(ctx: Context, brace: number): boolean {
  const { kinds, texts } = ctx.cols;
  const { match } = ctx.parsed;
  // Back over specifiers and a trailing return type (`mutable`, `noexcept`, `-> double`) to the parameter list or the captures.
  let k = brace - 1;
  while (k > 0 && brace - k < 8 && !(kinds[k] === K_OP && (texts[k] === ')' || texts[k] === ']'))) {
    if (kinds[k] === K_OP && texts[k] !== '->' && texts[k] !== '::' && texts[k] !== '<' && texts[k] !== '>') return false;
    k--;
  }
  if (kinds[k] === K_OP && texts[k] === ')') k = (match[k] ?? -1) - 1;
  if (k < 1 || kinds[k] !== K_OP || texts[k] !== ']') return false;
  const open = match[k] ?? -1;
  return open > 0 && kinds[open - 1] === K_OP && (texts[open - 1] === '(' || texts[open - 1] === ',');
}

/** The `{` at code index `brace` opens the body of a function expression or arrow function passed as an argument. */
function isCallbackBody(ctx: Context, brace: number): boolean {
  const { kinds, texts } = ctx.cols;
  const k = closureHeaderStart(ctx, brace);
  return k > 0 && kinds[k - 1] === K_OP && (texts[k - 1] === '(' || texts[k - 1] === ',');
}

/**
 * When the `{` at code index `brace` opens the block body of an arrow function or lambda (`(a, b) => {`, `v => {`, Java's
 * `(a) -> {`) or of a JavaScript function expression (`function (a) {`, `async function name(a) {`): the code index where
 * that function starts; else -1.
 */
function closureHeaderStart(ctx: Context, brace: number): number {
  const { kinds, texts } = ctx.cols;
  const { match } = ctx.parsed;
  let k = brace - 1;
  if (k > 0 && kinds[k] === K_OP && (texts[k] === '=>' || texts[k] === '->')) {
    k--;
    // `(a, b) => {` or `v => {`
    if (texts[k] === ')' && kinds[k] === K_OP) k = match[k] ?? -1;
    else if (kinds[k] !== K_NAME) return -1;
  } else if (ctx.lang.mathFramework === 'javascript' && texts[k] === ')' && kinds[k] === K_OP) {
    // `function (a, b) {`, `function name(a) {`
    k = match[k] ?? -1;
    if (k > 0 && kinds[k - 1] === K_NAME && texts[k - 1] !== 'function') k--;
    if (k < 1 || texts[k - 1] !== 'function' || kinds[k - 1] !== K_NAME) return -1;
    k--;
  } else {
    return -1;
  }
  if (k > 0 && texts[k - 1] === 'async' && kinds[k - 1] === K_NAME) k--;
  return k;
}

/** A `{` after `return`, `=`, `(`, `,`, `:`, `?`, `[` or a logical operator opens a literal (`{ slope: ... }`, `= { 1, 2 }`), not a block. */
function isLiteralBrace(before: CToken | undefined): boolean {
  if (!before) return false;
  if (before.kind === 'name') return before.text === 'return';
  return before.kind === 'op' && LITERAL_BRACE_AFTER.has(before.text);
}

const LITERAL_BRACE_AFTER = new Set(['=', '(', ',', ':', '?', '[', '||', '&&', '??']);

/** Directly in a class body (`double F(double x) => ...;`): the member from the previous `;`/`{`/`}` to the next `;`/`}`. */
function memberStatement(ctx: Context, classBrace: number, offset: number): Scope {
  const { count, kinds, texts, ends } = ctx.cols;
  const { match } = ctx.parsed;
  const idx = tokenIndexAt(ctx, offset);
  let from = idx - 1;
  for (; from > classBrace; from--) {
    if (kinds[from] !== K_OP) continue;
    const x = texts[from];
    if (x === ';' || x === '{' || x === '}') break;
    if ((x === ')' || x === ']') && (match[from] ?? -1) >= 0) from = match[from]!;
  }
  let to = idx;
  for (; to < count; to++) {
    if (kinds[to] !== K_OP) continue;
    const x = texts[to];
    if (x === ';' || x === '}') break;
    if ((x === '(' || x === '[' || x === '{') && (match[to] ?? -1) >= 0) to = match[to]!;
  }
  return { start: ends[Math.max(from, classBrace)]!, end: to < count ? ends[to]! : ctx.text.length };
}

/** Code indices of the `{` enclosing `offset`, innermost first. */
function enclosingBraces(ctx: Context, offset: number): number[] {
  const idx = tokenIndexAt(ctx, offset);
  const out: number[] = [];
  let b = idx < ctx.cols.count ? ctx.braceParent[idx]! : innermostOpenAtEnd(ctx);
  while (b >= 0) {
    out.push(b);
    b = ctx.braceParent[b]!;
  }
  return out;
}

/** After the last token: the innermost `{` still open there (unterminated input). */
function innermostOpenAtEnd(ctx: Context): number {
  const code = ctx.cols.tokenAt;
  const { match } = ctx.parsed;
  const last = ctx.cols.count - 1;
  if (last < 0) return -1;
  const t = code(last)!;
  if (t.kind === 'op' && t.text === '{') return last;
  if (t.kind === 'op' && t.text === '}') return ctx.braceParent[match[last]! >= 0 ? match[last]! : last]!;
  return ctx.braceParent[last]!;
}

/** The words from the previous `;`/`{`/`}` up to the brace at `brace` (`public static class Net`). */
function headerWords(ctx: Context, brace: number): string[] {
  // Every finding asks about the braces around it; each brace's header is read once.
  const known = ctx.headers.get(brace);
  if (known) return known;
  const words = headerWordsUncached(ctx, brace);
  ctx.headers.set(brace, words);
  return words;
}

function headerWordsUncached(ctx: Context, brace: number): string[] {
  const { kinds, texts } = ctx.cols;
  const { match } = ctx.parsed;
  const words: string[] = [];
  for (let i = brace - 1; i >= 0 && brace - i < 64; i--) {
    const kind = kinds[i];
    const x = texts[i]!;
    if (kind === K_OP && (x === ';' || x === '{' || x === '}')) break;
    if (kind === K_OP && x === ')' && (match[i] ?? -1) >= 0) {
      i = match[i]!;
      continue;
    }
    if (kind === K_NAME) words.push(x);
  }
  // Read backwards from the brace; in text order (pushed and reversed once, not shifted in front per word).
  return words.reverse();
}

function allNamesOf(ctx: Context): Set<string> {
  if (!ctx.allNames) {
    const names = new Set<string>();
    const { count, kinds, texts } = ctx.cols;
    for (let i = 0; i < count; i++) if (kinds[i] === K_NAME) names.add(texts[i]!);
    ctx.allNames = names;
  }
  return ctx.allNames;
}

function helperSite(ctx: Context, offset: number): HelperSite | undefined {
  const existingNames = allNamesOf(ctx);
  if (ctx.lang.helperPlacement === 'class') {
    for (const brace of enclosingBraces(ctx, offset)) {
      const header = headerWords(ctx, brace);
      if (!header.some((w) => CLASS_WORDS.has(w))) continue;
      // An enum body starts with its constants: no member may go before them.
      if (header.includes('enum')) return undefined;
      const open = ctx.cols.tokenAt(brace)!;
      const lineEnd = ctx.text.indexOf('\n', open.end);
      // The helper goes on the line after the class's `{`, which must be directly in the class body.
      if (lineEnd < 0 || enclosingBraces(ctx, lineEnd + 1)[0] !== brace) return undefined;
      const classIndent = lineIndent(ctx.text, open.start);
      const nextLine = ctx.text.slice(lineEnd + 1, ctx.text.indexOf('\n', lineEnd + 1) >>> 0);
      const memberIndent = /^[ \t]+/.exec(nextLine)?.[0];
      const indent = memberIndent && memberIndent.length > classIndent.length ? memberIndent : `${classIndent}    `;
      return { offset: lineEnd + 1, indent, existingNames };
    }
    return undefined;
  }
  if (ctx.lang.helperPlacement === 'file') {
    if (ctx.fileHelperSite === undefined) ctx.fileHelperSite = fileHelperSite(ctx) ?? null;
    return ctx.fileHelperSite ?? undefined;
  }
  return undefined;
}

/** C: after the last `#include` line. */
function fileHelperSite(ctx: Context): HelperSite | undefined {
  let offsetAfter = 0;
  for (const t of ctx.parsed.directives) {
    if (t.kind === 'preprocessor' && /^#\s*include\b/.test(t.text)) {
      const lineEnd = ctx.text.indexOf('\n', t.end);
      offsetAfter = lineEnd < 0 ? ctx.text.length : lineEnd + 1;
    }
  }
  // Only when the includes end on a line of their own; a file without a newline there gets no helper.
  if (offsetAfter === 0 || offsetAfter > ctx.text.length) return undefined;
  return { offset: offsetAfter, indent: '', existingNames: allNamesOf(ctx) };
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

// ---------------------------------------------------------------------------------------------------
// Findings and fixes

/** The argument as messages quote it: `x`, `z[i]`, `(a * b)`; a long one is called x. */
function compactText(ctx: Context, e: Expr): string {
  const t = codeText(ctx, stripParens(e));
  if (t.length > 40) return 'x';
  return isSimpleArg(e) ? t : `(${t})`;
}

function fixInput(ctx: Context, at: Expr, arg: Expr, exp: MathCall, one: Expr | undefined): FixInput {
  const oneText = one ? textOf(ctx, stripParens(one)) : (exp.float32 ? '1f' : '1.0');
  const written = writtenOperand(ctx, arg);
  return {
    arg: textOf(ctx, written),
    // `x!`, `x as number` are passed whole (their text is no operand to repeat inside an expression).
    argIsSimple: isSimpleArg(arg) && written.kind !== 'paren',
    exp: exp.callee,
    one: oneText,
    float32: dtypeOf(exp, one, ctx) === 'float32',
    tensor: exp.tensor,
    helperSite: helperSite(ctx, at.start),
    facts: ctx.facts,
  };
}

/** `e` without the parentheses written around it; a TypeScript `x!` or `x as T` (a paren node not in parentheses) is kept. */
function writtenOperand(ctx: Context, e: Expr): Expr {
  while (e.kind === 'paren' && ctx.text.charCodeAt(e.start) === 40 && ctx.text.charCodeAt(e.end - 1) === 41) e = e.inner;
  return e;
}

/** A finding being built: `literalArgument` may still be added (last, where a spread would put it). */
type MutableFinding = { -readonly [K in keyof Finding]: Finding[K] };

/**
 * A finding whose fixes are built (and re-parsed) when a consumer first reads them: most findings are only displayed.
 * Building them depends only on facts fixed once the analysis ends (helper sites, file names), so the result is the
 * same as building them at once; a defect in a fix writer costs that finding its fixes, nothing else. Its own
 * enumerable properties are those of a literal `{ span, rule, severity, message, activation, fixes }`, in that order
 * (`fixes` an accessor, so JSON and spreads carry the list); the builder sits in a private field, which no consumer
 * sees. A class, not a literal given its properties by Object.defineProperty: that was two runtime calls per finding
 * (0.5 ms per 1,000 findings, 4 % of the C# bench file's analysis), this is one.
 */
class LazyFixesFinding {
  span: { start: number; end: number };
  rule: RuleId;
  severity: 'warning' | 'information';
  message: string;
  activation: ActivationId;
  #pending: (() => Fix[]) | Fix[];
  /** The analysis's tokens, which the builder reads (their texts written back first: see CodeStream.withCurrentTexts). */
  readonly #stream: CodeStream;

  constructor(stream: CodeStream, at: Expr, rule: RuleId, severity: 'warning' | 'information', message: string, activation: ActivationId,
    make: () => Fix[]) {
    this.span = { start: at.start, end: at.end };
    this.rule = rule;
    this.severity = severity;
    this.message = message;
    this.activation = activation;
    this.#pending = make;
    this.#stream = stream;
    Object.defineProperty(this, 'fixes', FIXES_PROPERTY);
  }

  /** Builds the fixes on first read, then returns the same list. */
  static fixesOf(finding: LazyFixesFinding): Fix[] {
    const pending = finding.#pending;
    if (typeof pending !== 'function') return pending;
    let fixes: Fix[];
    try {
      fixes = finding.#stream.withCurrentTexts(pending);
    } catch {
      fixes = [];
    }
    finding.#pending = fixes;
    return fixes;
  }
}

// One getter for all findings: a getter written in each finding's object literal made every finding a dictionary-mode
// object (about 740 bytes instead of 230, and slower to build), and the analysis holds all of them until it returns.
const FIXES_PROPERTY: PropertyDescriptor = {
  get(this: LazyFixesFinding): Fix[] {
    return LazyFixesFinding.fixesOf(this);
  },
  enumerable: true,
  configurable: true,
};

function findingWithLazyFixes(ctx: Context, at: Expr, rule: RuleId, severity: 'warning' | 'information', message: string,
  activation: ActivationId, make: () => Fix[]): MutableFinding {
  return new LazyFixesFinding(ctx.stream, at, rule, severity, message, activation, make) as unknown as MutableFinding;
}

function addFinding(ctx: Context, e: Expr, rule: RuleId, severity: 'warning' | 'information', message: string, activation: ActivationId,
  arg: Expr, exp: MathCall, makeFix: () => { fix: FixText | undefined; input: FixInput }): void {
  const literal = numericLiteral(arg);
  const finding = findingWithLazyFixes(ctx, e, rule, severity, message, activation, () => {
    const { fix, input } = makeFix();
    return fix ? toFixes(ctx, e, fix, input) : [];
  });
  if (literal !== undefined) finding.literalArgument = literal;
  ctx.findings.push(finding);
  // An unstable hand-written form is also a use of its activation.
  const name = shortName(ctx, e);
  ctx.uses.push(use(e.start, e.end, activation, name, name, exp.tensor ? (isLibtorch(ctx, exp) ? 'torch' : 'tfjs') : ctx.lang.mathFramework, 'call', {}, literal));
}

/** The code of `e` on one line: whitespace collapsed, comments dropped (`log(sum(xs, // note` reads `log(sum(xs,`). */
function codeText(ctx: Context, e: Expr): string {
  const raw = textOf(ctx, e);
  if (ctx.syntheticText.has(e) || (!raw.includes('//') && !raw.includes('/*'))) return collapsedWhitespace(raw, ' ');
  // Rebuilt from the code tokens (comments are none of them): a `//` in a string stays, being part of its token.
  const { starts, ends, texts, count } = ctx.cols;
  let out = '';
  for (let i = tokenIndexAt(ctx, e.start); i < count && starts[i]! < e.end; i++) {
    if (out.length > 0 && starts[i]! > ends[i - 1]!) out += ' ';
    out += texts[i]!;
  }
  return out;
}

/** A hand-written form's text as its use's name, on one line and at most 80 characters. */
function shortName(ctx: Context, e: Expr): string {
  const name = codeText(ctx, e);
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

function toFixes(ctx: Context, e: Expr, fix: FixText, input: FixInput): Fix[] {
  const edits: TextEdit[] = [];
  if (fix.helper && input.helperSite && !input.helperSite.existingNames.has(fix.helper.name)) {
    const site = input.helperSite;
    const body = fix.helper.text.split('\n').map((l) => (l.length > 0 ? site.indent + l : l)).join('\n');
    edits.push({ span: { start: site.offset, end: site.offset }, newText: `${body}\n\n` });
  } else if (fix.helper && !input.helperSite) {
    return []; // the helper has nowhere to go: no fix rather than a broken one
  }
  edits.push({ span: { start: e.start, end: e.end }, newText: fix.replacement });
  if (!reparses(ctx, fix)) return [];
  edits.sort((a, b) => a.span.start - b.span.start);
  return [{ title: fix.title, edits }];
}

/** A fix's replacement must parse as exactly one expression, and its helper must have balanced brackets. */
function reparses(ctx: Context, fix: FixText): boolean {
  // Many findings in one file share their fix text; check each text once.
  const key = `${fix.replacement}\u0000${fix.helper?.text ?? ''}`;
  const known = ctx.reparseCache.get(key);
  if (known !== undefined) return known;
  const ok = reparsesUncached(ctx, fix);
  ctx.reparseCache.set(key, ok);
  return ok;
}

function reparsesUncached(ctx: Context, fix: FixText): boolean {
  const tokens = ctx.lang.tokenize(fix.replacement);
  const parsed = parseCFamily(tokens, ctx.lang.parse);
  const only = parsed.expressions[0];
  if (parsed.expressions.length !== 1 || !only || only.start !== 0 || only.end !== fix.replacement.length) return false;
  if (fix.helper) {
    const h = parseCFamily(ctx.lang.tokenize(fix.helper.text), ctx.lang.parse);
    for (let i = 0; i < h.code.length; i++) {
      const t = h.code[i]!;
      if (t.kind === 'op' && '()[]{}'.includes(t.text) && h.match[i] === -1) return false;
    }
  }
  return true;
}

/** The nodes inside `e` (the node the candidate walk is at) are part of a reported form: the walk skips their rules. */
function markConsumed(ctx: Context, e: Expr): void {
  ctx.marked = e;
}
