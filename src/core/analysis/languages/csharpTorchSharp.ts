// TorchSharp, .NET's binding of libtorch, names its activations as PyTorch does: `torch.sigmoid(x)`,
// `torch.nn.functional.relu(x)`, `nn.LeakyReLU(0.1)`, `functional.gelu(x)` after `using static TorchSharp.torch.nn;`,
// `F.silu(x)` after `using F = TorchSharp.torch.nn.functional;`. The names resolve against the same table as Python's
// torch (pythonNames), so the activation and its parameters are the ones Python files get.
import type { FileFacts, ResolvedActivationCall } from './cfamilyLanguage';
import type { UsingDirective } from './csharpUsings';
import { knownActivation } from './pythonNames';

/** What a file's using directives say about TorchSharp; undefined when it imports none of it. */
export interface TorchSharpDirectives {
  /** `using F = TorchSharp.torch.nn.functional;`: alias → qualified name without `TorchSharp.`. */
  readonly aliases: ReadonlyMap<string, string>;
  /** `using static TorchSharp.torch.nn;`: the namespaces whose members are written bare (`torch.nn`). */
  readonly statics: readonly string[];
}

/** The directives as the file's facts keep them (LanguageFacts.namespaceAliases and usingNamespaces). */
export function torchSharpDirectivesOf(facts: FileFacts): TorchSharpDirectives | undefined {
  if (facts.usingNamespaces === undefined) return undefined;
  return { aliases: facts.namespaceAliases ?? NO_ALIASES, statics: facts.usingNamespaces };
}

const NO_ALIASES: ReadonlyMap<string, string> = new Map();

const PREFIX = 'TorchSharp.';

/** What the using directives naming TorchSharp say (`using TorchSharp;`, `using static TorchSharp.torch;`, an alias). */
export function torchSharpDirectives(usings: readonly UsingDirective[]): TorchSharpDirectives | undefined {
  let imports = false;
  const aliases = new Map<string, string>();
  const statics: string[] = [];
  for (const { isStatic, alias, name } of usings) {
    if (name !== 'TorchSharp' && !name.startsWith(PREFIX)) continue;
    imports = true;
    const qualified = name.slice(PREFIX.length);
    if (alias !== undefined && qualified.startsWith('torch')) aliases.set(alias, qualified);
    else if (isStatic && qualified.startsWith('torch')) statics.push(qualified);
  }
  return imports ? { aliases, statics } : undefined;
}

/**
 * A TorchSharp activation call or module: `torch.sigmoid`, `torch.nn.functional.relu`, `nn.ReLU` (after
 * `using static TorchSharp.torch;`), `F.gelu` (an alias), unless the file declares the first name itself.
 */
export function resolveTorchSharp(callee: string, directives: TorchSharpDirectives, facts: FileFacts): ResolvedActivationCall | undefined {
  let name = callee.startsWith(PREFIX) ? callee.slice(PREFIX.length) : callee;
  const dot = name.indexOf('.');
  const first = dot < 0 ? name : name.slice(0, dot);
  const target = directives.aliases.get(first);
  if (target !== undefined) name = target + (dot < 0 ? '' : name.slice(dot));
  const direct = name.startsWith('torch.') ? resolved(name) : undefined;
  if (direct || target !== undefined || name.startsWith('torch.')) return direct;
  if (facts.declaredNames.has(first)) return undefined;
  for (const namespace of directives.statics) {
    const inNamespace = resolved(`${namespace}.${name}`);
    if (inNamespace) return inNamespace;
  }
  return undefined;
}

function resolved(qualified: string): ResolvedActivationCall | undefined {
  const known = knownActivation(qualified);
  if (!known || known.framework !== 'torch') return undefined;
  return {
    activation: known.activation, framework: 'torch', qualifiedName: `TorchSharp.${qualified}`, kind: known.kind,
    positionalParams: known.positional, inputIsFirstArg: known.kind === 'call',
  };
}
