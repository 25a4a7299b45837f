// The FileFacts of one C-family analysis, with the two costly facts (token objects, declared names) made on first read.
//
// Why a class and not an object literal with getters: each literal `{ get code() { ... } }` defines its getter at run
// time, which gives every analysis's facts a hidden class of its own. Hidden classes live in the old generation, and
// this one held the getter's closure, hence the analysis's context, hence every tree, finding and table the analysis
// made: the young-generation collector treats old objects as live, so a whole dead analysis was copied and promoted
// until the next full collection (a major GC every few analyses of a 10,000-line file). Getters on a prototype are
// shared; the per-analysis state sits in plain fields, which die with the object.
import type { CToken } from './cfamilyTokens';
import type { DeclaredNames, FileFacts, LanguageFacts, MathFunction } from './cfamilyLanguage';


export class LazyFileFacts implements FileFacts {
  readonly tensorModules: ReadonlySet<string>;
  readonly staticMathClasses: ReadonlySet<string>;
  readonly cplusplus: boolean;
  readonly mathAliases: ReadonlyMap<string, MathFunction | 'pow'> | undefined;
  readonly mathAliasShadows: ReadonlyMap<string, readonly number[]> | undefined;
  readonly namespaceAliases: ReadonlyMap<string, string> | undefined;
  readonly usingNamespaces: readonly string[] | undefined;
  readonly projectModules: ReadonlySet<string> | undefined;
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
    // Every field is set, undefined where the language has no such fact: facts of every language then share one
    // hidden class, so the resolvers that read them stay monomorphic when the files analysed change language.
    this.mathAliases = language.mathAliases;
    this.mathAliasShadows = language.mathAliasShadows;
    this.namespaceAliases = language.namespaceAliases;
    this.usingNamespaces = language.usingNamespaces;
    this.projectModules = language.projectModules;
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
