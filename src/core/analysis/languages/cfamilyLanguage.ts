// What a C-family language tells the shared C-family analysis: how to tokenize, which callees are the
// exponential/logarithm/tanh, which calls are library activations, and how fixes are spelled.
import type { ActivationId } from '../../math/types';
import type { LanguageId, UseFramework, UseKind } from '../types';
import type { Expr } from '../syntax';
import type { CToken, TokenColumns } from './cfamilyTokens';
import type { CodeColumns, CParseOptions } from './cfamilyParser';

export type MathFunction = 'exp' | 'log' | 'log1p' | 'tanh';

/** A call to the exponential, logarithm or tanh, resolved in this file. */
export interface MathCall {
  readonly fn: MathFunction;
  /** The callee as written (`Math.Exp`, `expf`, `std::exp`); fixes reuse it so the numeric type stays. */
  readonly callee: string;
  /** Single-precision function (`MathF.Exp`, `Mathf.Exp`, `expf`, `__expf`). */
  readonly float32: boolean;
  /** A tensor library's elementwise function (tfjs `tf.exp`). */
  readonly tensor: boolean;
  readonly arg: Expr;
}

/** What a callee name means in this file, before looking at arguments. */
export interface ResolvedMath {
  readonly fn: MathFunction | 'pow';
  readonly float32: boolean;
  readonly tensor: boolean;
}

export interface ResolvedActivationCall {
  readonly activation: ActivationId;
  readonly framework: UseFramework;
  readonly qualifiedName: string;
  readonly kind: UseKind;
  /** Math-core parameter names for positional literal arguments after the input (`tf.leakyRelu(x, 0.2)`). */
  readonly positionalParams?: readonly string[];
  /** Math-core parameter names for keys of an options object (`{alpha: 0.2}` → negative_slope). */
  readonly optionParams?: Readonly<Record<string, string>>;
  /** The activation reads its input from the first argument (a function) or from nothing (a layer constructor). */
  readonly inputIsFirstArg: boolean;
}

/** Whether the file declares a name itself (asked of a few names per file, each answered once). */
export interface DeclaredNames {
  /** A declaration of `name` is visible everywhere in the file (C, C++, JS/TS; a C# or Java declaration outside any type). */
  has(name: string): boolean;
  /**
   * A declaration of `name` that is visible only in part of the file — a C# or Java method, seen in its class's body
   * and in the classes of the file that derive from that class — is visible at `offset`.
   */
  hiddenAt(name: string, offset: number): boolean;
}

/** Facts gathered once per file that resolution depends on. */
export interface FileFacts extends LanguageFacts {
  readonly text: string;
  readonly code: readonly CToken[];
  /** Names the file declares itself (variables, fields, functions), so `exp` may not be the exponential. */
  readonly declaredNames: DeclaredNames;
}

/** The code tokens as gatherFacts reads them: with the stream's bracket partners and each token's innermost `{`. */
export type FactColumns = CodeColumns & { readonly match: Int32Array; readonly braceParent: Int32Array };

/**
 * The facts a language's gatherFacts supplies, every field present (undefined where the language has no such fact):
 * objects of one shape whatever the language, so the code that reads them sees one hidden class.
 */
export interface LanguageFacts {
  /** Local names bound to the tfjs module (`import * as tf from '@tensorflow/tfjs'`). */
  readonly tensorModules: ReadonlySet<string>;
  /** C# `using static System.Math;` / `System.MathF`: bare `Exp` then means the class's function. */
  readonly staticMathClasses: ReadonlySet<string>;
  /** C/C++ only: the file is C++ (`std::`, `<cmath>`), so lambdas and `std::` may be used in fixes. */
  readonly cplusplus: boolean;
  /** JavaScript: local names bound to a math function (`const { exp, log } = Math;`, `const e = Math.exp;`). */
  readonly mathAliases: ReadonlyMap<string, MathFunction | 'pow'> | undefined;
  /**
   * JavaScript: per alias, the blocks where a declaration of the same name hides it (`function level(exp) { … }`), as
   * [start, end) offset pairs.
   */
  readonly mathAliasShadows: ReadonlyMap<string, readonly number[]> | undefined;
  /**
   * C++: `namespace F = torch::nn::functional;` as F → `torch.nn.functional` (dotted, as callees are). C#: TorchSharp's
   * `using F = TorchSharp.torch.nn.functional;` as F → `torch.nn.functional`.
   */
  readonly namespaceAliases: ReadonlyMap<string, string> | undefined;
  /**
   * C++: the namespaces of `using namespace torch;` directives (dotted), whose names then resolve unqualified. C#: those
   * of TorchSharp's `using static TorchSharp.torch.nn;` (`torch.nn`), an empty list when the file imports TorchSharp
   * only by `using TorchSharp;`, undefined when it does not import it.
   */
  readonly usingNamespaces: readonly string[] | undefined;
  /**
   * JavaScript: local names bound to one of the project's own modules (`import * as act from './activations'`,
   * `const nn = require('../nn')`), whose functions named after activations (`act.sigmoid(x)`) are those activations.
   */
  readonly projectModules: ReadonlySet<string> | undefined;
}

/** Where a fix can add a helper function: an offset (at a line start) and the indentation to use there. */
export interface HelperSite {
  readonly offset: number;
  readonly indent: string;
  /** The helper names already present in the file (earlier fixes), so they are reused, not redefined. */
  readonly existingNames: ReadonlySet<string>;
}

/** The pieces a fix is written from, all as text of the original so types and style carry over. */
export interface FixInput {
  /** The argument expression's text and whether it may be repeated (a plain name, member or element). */
  readonly arg: string;
  readonly argIsSimple: boolean;
  /** The exponential as written in the original (`Math.Exp`), or the language's own for `Math.pow(Math.E, y)`. */
  readonly exp: string;
  /** The literal one as written (`1`, `1.0`, `1f`, `1.0f`). */
  readonly one: string;
  readonly float32: boolean;
  readonly tensor: boolean;
  readonly helperSite: HelperSite | undefined;
  readonly facts: FileFacts;
}

/** A fix as text: the replacement of the unstable expression, plus an optional helper inserted at the helper site. */
export interface FixText {
  readonly title: string;
  readonly replacement: string;
  readonly helper?: { readonly name: string; readonly text: string };
}

export interface FixWriter {
  sigmoid(input: FixInput): FixText | undefined;
  softplus(input: FixInput): FixText | undefined;
  logSigmoid(input: FixInput): FixText | undefined;
  tanh(input: FixInput): FixText | undefined;
  /**
   * Statements computing the maximum of `collection` into a new variable `name`, placed before a softmax loop
   * (lines joined by `newline`, which carries the indentation); undefined where the collection's type is unknown (C/C++).
   */
  maxOf?(collection: string, name: string, float32: boolean, newline: string): string | undefined;
}

export interface CFamilyLanguage {
  readonly id: LanguageId;
  readonly displayName: string;
  /** Framework reported for the language's own math library (`Math.tanh` → 'javascript'). */
  readonly mathFramework: UseFramework;
  tokenize(text: string): CToken[];
  /** The same tokens as columns, which the analysis reads (no object per token until one is needed). */
  scan(text: string): TokenColumns;
  readonly parse: CParseOptions;
  /** Facts specific to the language (tfjs aliases, `using static`); the shared ones are filled in by the analysis. */
  readonly gatherFacts: (text: string, code: FactColumns) => LanguageFacts;
  /** The math function a dotted callee (`Math.Exp`, `std.exp`, `tf.exp`) denotes here, if any. */
  resolveMath(callee: string, facts: FileFacts): ResolvedMath | undefined;
  /** `Math.E` and its spellings, for `Math.pow(Math.E, y)`. */
  readonly eulerNames: ReadonlySet<string>;
  /** The exponential to write when the original spelled it as a power of e. */
  readonly defaultExp: string;
  resolveActivationCall(callee: string, facts: FileFacts): ResolvedActivationCall | undefined;
  /** Where helpers go: C#/Java inside the enclosing class, C after the includes; undefined when not used. */
  readonly helperPlacement: 'class' | 'file' | 'none';
  readonly fixes: FixWriter;
}
