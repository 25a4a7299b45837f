// C#'s using directives, read once per file: `using static System.Math;` (bare `Exp`), TorchSharp's
// `using static TorchSharp.torch;` and `using F = TorchSharp.torch.nn.functional;` (csharpTorchSharp.ts).
import type { CodeColumns } from './cfamilyParser';

export interface UsingDirective {
  readonly isStatic: boolean;
  /** `F` of `using F = …;`. */
  readonly alias: string | undefined;
  /** The dotted name, as written without spaces (`System.Math`, `TorchSharp.torch.nn`). */
  readonly name: string;
}

// A namespace or type name of more tokens than this is no directive the analysis reads.
const MAX_NAME_TOKENS = 10;

/**
 * The file's using directives (also `global using`). A `using (var r = …)` statement or a `using var r = …;`
 * declaration reads as a name no caller knows, and is skipped by them.
 */
export function usingDirectivesOf(code: CodeColumns): UsingDirective[] {
  const { count, texts } = code;
  const out: UsingDirective[] = [];
  for (let i = 0; i + 2 < count; i++) {
    if (texts[i] !== 'using') continue;
    let k = i + 1;
    const isStatic = texts[k] === 'static';
    if (isStatic) k++;
    let alias: string | undefined;
    if (!isStatic && texts[k + 1] === '=') {
      alias = texts[k];
      k += 2;
    }
    const first = k;
    let name = '';
    while (k < count && texts[k] !== ';' && k - first < MAX_NAME_TOKENS) name += texts[k++]!;
    if (texts[k] === ';') out.push({ isStatic, alias, name });
  }
  return out;
}
