// What analysis reports. Adapters (the extension, the CLI) read these and never look at tokens.
// Positions are 0-based UTF-16 offsets into the analysed text (what VS Code's offsetAt/positionAt use);
// `lineIndex.ts` turns them into 1-based lines and columns for the CLI's JSON.
import type { ActivationId, ParamValue } from '../math/types';

export const LANGUAGE_IDS = [
  'python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'csharp', 'java', 'c', 'cpp',
] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** Libraries a use is resolved to. Math-core framework defaults are looked up through `frameworkDefaultsKey`. */
export type UseFramework =
  | 'torch' | 'keras' | 'tf' | 'jax' | 'flax' | 'numpy' | 'scipy' | 'sklearn' | 'math' | 'tfjs'
  | 'dotnet' | 'java' | 'cpp' | 'javascript' | 'user';

export type UseKind = 'call' | 'module' | 'string' | 'definition' | 'reference';

export interface ActivationUse {
  readonly span: TextSpan;
  readonly activation: ActivationId;
  /** The name as written: `F.leaky_relu`, `nn.GELU`, `'relu'`, `sigmoid`. */
  readonly name: string;
  /** What the name resolves to through imports and aliases: `torch.nn.functional.leaky_relu`. */
  readonly qualifiedName: string;
  readonly framework: UseFramework;
  readonly kind: UseKind;
  /** Parameters read from literal arguments (`nn.LeakyReLU(0.2)` → { negative_slope: 0.2 }), in math-core names. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The first positional argument when it is a numeric literal (`sigmoid(-40)`, `torch.sigmoid(torch.tensor(2.0))`). */
  readonly literalArgument?: number;
  /** Set when the use is an unstable hand-written form (`1/(1+np.exp(-x))`): the rule that reports it. */
  readonly rule?: RuleId;
}

export const RULE_IDS = [
  'unstable-sigmoid', 'unstable-softplus', 'unstable-log-sigmoid', 'unstable-softmax',
  'unstable-logsumexp', 'unstable-tanh', 'lossy-sigmoid-derivative', 'bce-after-sigmoid',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = 'warning' | 'information';

export interface TextEdit {
  readonly span: TextSpan;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly span: TextSpan;
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Says what fails and from which x, with thresholds computed by the math core. */
  readonly message: string;
  /** The activation the unstable form computes (an unstable form is also a use of it). */
  readonly activation: ActivationId;
  /** The argument's literal value when the form is applied to a numeric literal (for inline values). */
  readonly literalArgument?: number;
  /** Fixes in order of preference; empty when no fix can be made safely (the finding still stands). */
  readonly fixes: readonly Fix[];
}

export interface AnalysisResult {
  readonly language: LanguageId;
  readonly uses: readonly ActivationUse[];
  readonly findings: readonly Finding[];
}
