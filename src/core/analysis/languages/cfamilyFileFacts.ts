// The FileFacts of one C-family analysis, with the two costly facts (token objects, declared names) made on first read.
//
// Why a class and not an object literal with getters: each literal `{ get code() { ... } }` defines its getter at run
// time, which gives every analysis's facts a hidden class of its own. Hidden classes live in the old generation, and
// this one held the getter's closure, hence the analysis's context, hence every tree, finding and table the analysis
// made: the young-generation collector treats old objects as live, so a whole dead analysis was copied and promoted
// until the next full collection (a major GC every few analyses of a 10,000-line file). Getters on a prototype are
// shared; the per-analysis state sits in plain fields, which die with the object.
import type { CToken } from './cfamilyTokens';
import type { DeclaredNames, FileFacts, MathFunction } from './cfamilyLanguage';

/** What a language's `gatherFacts` supplies. */
export type LanguageFacts = Pick<FileFacts, 'tensorModules' | 'staticMathClasses' | 'cplusplus' | 'mathAliases' | 'namespaceAliases' | 'usingNamespaces'>;

export class LazyFileFacts implements FileFacts {
  readonly tensorModules: ReadonlySet<string>;
  readonly staticMathClasses: ReadonlySet<string>;
  readonly cplusplus: boolean;
  readonly mathAliases?: ReadonlyMap<string, MathFunction | 'pow'>;
  readonly namespaceAliases?: ReadonlyMap<string, string>;
  readonly usingNamespaces?: readonly string[];
  private declared: DeclaredNames | undefined;

  constructor(
    readonly text: string,
    private readonly tokens: { readonly code: readonly CToken[] },
    language: LanguageFacts,
    private readonly declare: () => DeclaredNames,
  ) {
    this.tensorModules = language.tensorModules;
    this.staticMathClasses = language.staticMathClasses;
    this.cplusplus = language.cplusplus;
    // Only the facts a language has are set, as the spread of its facts did (`'mathAliases' in facts` stays the same).
    if (language.mathAliases !== undefined) this.mathAliases = language.mathAliases;
    if (language.namespaceAliases !== undefined) this.namespaceAliases = language.namespaceAliases;
    if (language.usingNamespaces !== undefined) this.usingNamespaces = language.usingNamespaces;
  }

  /** The code tokens as objects (made by the stream on first read; most analyses never ask). */
  get code(): readonly CToken[] {
    return this.tokens.code;
  }

  /** Gathered when a resolution first asks (a bare `exp`, JavaScript's `Math`). */
  get declaredNames(): DeclaredNames {
    return (this.declared ??= this.declare());
  }
}
