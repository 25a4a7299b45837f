// `#define` bodies in C and C++: `#define SIGMOID(x) (1.0/(1.0+exp(-(x))))` is the same unstable form as in a
// function, but the tokenizers keep a directive as one token, so the analysis never sees it. Each body that can
// hold a form is analysed as an expression text of its own (through the same tokenizer, parser and rules), and
// its results are moved to the body's place in the file.
//
// Fixes must keep the macro a macro and must not change how often the argument is evaluated: a macro's
// argument is substituted textually, so `SIGMOID(*p++)` evaluates `*p++` as often as the body names `x`. The
// original form names it once; a sign-split form names it three times. So:
// - C++: the body's form becomes an immediately-invoked lambda, `[](auto t) { return <sign split of t>; }(x)`,
//   an expression that evaluates the argument exactly once and keeps its type (float stays float);
// - C: standard C has no expression that binds a value (GNU statement expressions are not C), so no fix is
//   offered; the finding stands;
// - tanh: `tanh(x)` names the argument once in both languages.
import type { ActivationUse, AnalysisResult, Finding, Fix, TextEdit } from '../types';
import type { CFamilyLanguage, FileFacts, FixInput, FixText, FixWriter } from './cfamilyLanguage';
import type { CToken } from './cfamilyTokens';
import { applySuppressions } from '../suppression';

/** A `#define` with its body's offset and text (line continuations blanked, so offsets stay those of the file). */
export interface MacroBody {
  readonly name: string;
  readonly functionLike: boolean;
  readonly start: number;
  readonly text: string;
}

const DEFINE = /^#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?/;
// Without one of these names no body can hold an unstable form (most macros are constants: `#define N 10`).
const FORM_NAME = /\b(?:__)?(?:exp|log|log1p|tanh|pow)[fl]?\b|\bM_E\b/;

/**
 * The bodies of the `#define` directives of `text` that could hold an unstable form; `directiveAt(offset)` is the
 * directive token whose span holds the offset, if any.
 */
export function macroBodies(text: string, directiveAt: (offset: number) => CToken | undefined): MacroBody[] {
  const out: MacroBody[] = [];
  // The word `define` is rare in a file: find it in the text and look up its token (a binary search), rather than walking every token.
  for (let at = text.indexOf('define'); at >= 0; at = text.indexOf('define', at + 6)) {
    const t = directiveAt(at);
    if (!t || t.kind !== 'preprocessor') continue;
    at = Math.max(at, t.end - 6);
    // Most directives are constants: the form-name test rejects them before the define is parsed.
    if (!FORM_NAME.test(t.text)) continue;
    const head = DEFINE.exec(t.text);
    if (!head) continue;
    const offset = head[0].length;
    // `\` + newline continues the directive; blank both so the body is one expression text of the same length.
    const body = t.text.slice(offset).replace(/\\(\r?\n)/g, (_m, nl: string) => ' '.repeat(1 + nl.length));
    if (!FORM_NAME.test(body)) continue;
    out.push({ name: head[1]!, functionLike: head[2] !== undefined, start: t.start + offset, text: body });
  }
  return out;
}

/** The token whose span holds `offset`, if any (tokens are sorted and disjoint). */
function tokenContaining(tokens: readonly CToken[], offset: number): CToken | undefined {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  const t = tokens[lo];
  return t && t.start <= offset ? t : undefined;
}

/** Whether `lang` is one made for analysing macro bodies (whose bodies are never searched for macros again). */
export function isMacroLanguage(lang: CFamilyLanguage): boolean {
  return macroLanguages.has(lang);
}

// Languages made for macro bodies: never analysed for macros again (a body holds no directive, but be sure).
const macroLanguages = new WeakSet<CFamilyLanguage>();
const macroLanguageCache = new WeakMap<CFamilyLanguage, { c: CFamilyLanguage; cpp: CFamilyLanguage }>();

/** Wraps a fix of `t` into an immediately-invoked lambda applied to the argument: the argument is evaluated once. */
function inLambda(write: (input: FixInput) => FixText | undefined, input: FixInput): FixText | undefined {
  const inner = write({ ...input, arg: 't', argIsSimple: true, helperSite: undefined });
  if (!inner || inner.helper) return undefined;
  return { title: `${inner.title} (a lambda, so the macro argument is evaluated once)`, replacement: `[](auto t) { return ${inner.replacement}; }(${input.arg})` };
}

/**
 * `facts` of a C++ file. It reads through to `facts` rather than copying it: a spread copies own properties only, and the
 * analysis's facts make their token objects and declared names in getters on their prototype (LazyFileFacts).
 */
function asCplusplus(facts: FileFacts): FileFacts {
  return Object.create(facts, { cplusplus: { value: true, enumerable: true } }) as FileFacts;
}

function macroFixWriter(lang: CFamilyLanguage, cplusplus: boolean): FixWriter {
  const once = (write: (input: FixInput) => FixText | undefined) => (input: FixInput): FixText | undefined =>
    (cplusplus ? inLambda(write, { ...input, facts: asCplusplus(input.facts) }) : undefined);
  return {
    sigmoid: once(lang.fixes.sigmoid),
    softplus: once(lang.fixes.softplus),
    logSigmoid: once(lang.fixes.logSigmoid),
    tanh: (input) => lang.fixes.tanh(input),
  };
}

/** `lang` for macro bodies: the file's C++-ness, no helpers (a macro has no place for one), macro-safe fixes. */
function macroLanguage(lang: CFamilyLanguage, cplusplus: boolean): CFamilyLanguage {
  let cached = macroLanguageCache.get(lang);
  if (!cached) {
    const make = (cpp: boolean): CFamilyLanguage => {
      const m: CFamilyLanguage = {
        ...lang,
        gatherFacts: (text, code) => ({ ...lang.gatherFacts(text, code), cplusplus: cpp }),
        helperPlacement: 'none',
        fixes: macroFixWriter(lang, cpp),
      };
      macroLanguages.add(m);
      return m;
    };
    cached = { c: make(false), cpp: make(true) };
    macroLanguageCache.set(lang, cached);
  }
  return cplusplus ? cached.cpp : cached.c;
}

function shiftSpan<T extends { span: { start: number; end: number } }>(x: T, by: number): T {
  return { ...x, span: { start: x.span.start + by, end: x.span.end + by } };
}

function shiftFinding(f: Finding, by: number): Finding {
  let fixes: Fix[] | undefined;
  return {
    span: { start: f.span.start + by, end: f.span.end + by }, rule: f.rule, severity: f.severity, message: f.message, activation: f.activation,
    ...(f.literalArgument !== undefined ? { literalArgument: f.literalArgument } : {}),
    // Fixes stay lazy: built (and shifted) when first read.
    get fixes(): Fix[] {
      return (fixes ??= f.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((e: TextEdit) => shiftSpan(e, by)) })));
    },
  };
}

/**
 * `result` with the findings and uses of the file's `#define` bodies added (C and C++ only), read as C++ when the file
 * is (`cplusplus`, its own gatherFacts). `analyze` is the C-family analysis itself, passed in so this module does not
 * import it.
 */
export function withMacroBodies(text: string, lang: CFamilyLanguage, tokens: readonly CToken[], cplusplus: boolean, result: AnalysisResult,
  analyze: (text: string, lang: CFamilyLanguage) => AnalysisResult): AnalysisResult {
  if ((lang.id !== 'c' && lang.id !== 'cpp') || macroLanguages.has(lang)) return result;
  const bodies = macroBodies(text, (at) => {
    const t = tokenContaining(tokens, at);
    return t?.kind === 'preprocessor' ? t : undefined;
  });
  if (bodies.length === 0) return result;
  const macroLang = macroLanguage(lang, cplusplus);
  const uses: ActivationUse[] = [...result.uses];
  const findings: Finding[] = [];
  for (const body of bodies) {
    let sub: AnalysisResult;
    try {
      sub = analyze(body.text, macroLang);
    } catch {
      continue; // a defect costs this macro its findings, nothing else
    }
    for (const u of sub.uses) uses.push(shiftSpan(u, body.start));
    for (const f of sub.findings) findings.push(shiftFinding(f, body.start));
  }
  if (findings.length === 0 && uses.length === result.uses.length) return result;
  // Suppression comments on the directive's line (or the lines of a continued body) apply as anywhere else.
  const kept = applySuppressions(text, tokens.filter((t) => t.kind === 'comment'), findings, '//');
  const all = [...result.findings, ...kept].sort((a, b) => a.span.start - b.span.start);
  uses.sort((a, b) => a.span.start - b.span.start);
  return { ...result, uses, findings: all };
}
