// The per-file alias table: what each imported name stands for (`F` → torch.nn.functional, `expit` →
// scipy.special.expit, `nn` → torch.nn or flax.linen), plus star imports and the names the file itself binds.
import type { Token } from '../syntax';
import { canonicalModule } from './pythonNames';

export interface ImportBinding {
  readonly local: string;
  /** Canonical qualified name (`torch.nn.functional`, `keras.activations.gelu`). */
  readonly qualified: string;
}

export class AliasTable {
  readonly bindings = new Map<string, string>();
  readonly starModules: string[] = [];

  clone(): AliasTable {
    const t = new AliasTable();
    for (const [k, v] of this.bindings) t.bindings.set(k, v);
    t.starModules.push(...this.starModules);
    return t;
  }

  /** Whether any import comes from `module` or below it. */
  importsFrom(module: string): boolean {
    for (const v of this.bindings.values()) if (v === module || v.startsWith(module + '.')) return true;
    return this.starModules.some((m) => m === module || m.startsWith(module + '.'));
  }

  /** Binding of a local name: the dotted root `np`, `F`, or an imported function `expit`. */
  get(local: string): string | undefined {
    return this.bindings.get(local);
  }
}

/**
 * Reads `import a.b as c, d` and `from a.b import (c as d, e)` / `from a import *` from one statement's
 * code tokens. Relative imports (`from . import x`) bind to `.x` names nothing resolves.
 */
export function readImport(tokens: readonly Token[], from: number, to: number, table: AliasTable): boolean {
  const first = tokens[from];
  if (first === undefined || first.kind !== 'name') return false;
  if (first.text === 'import') {
    let i = from + 1;
    while (i < to) {
      const [dotted, next] = readDotted(tokens, i, to);
      if (dotted === '') return false;
      i = next;
      if (i < to && tokens[i]!.text === 'as' && tokens[i + 1]?.kind === 'name') {
        table.bindings.set(tokens[i + 1]!.text, canonicalModule(dotted));
        i += 2;
      } else {
        // `import torch.nn.functional` binds `torch`.
        const root = dotted.split('.')[0]!;
        table.bindings.set(root, canonicalModule(root));
      }
      if (i < to && tokens[i]!.text === ',') i++;
      else break;
    }
    return true;
  }
  if (first.text === 'from') {
    let i = from + 1;
    let prefix = '';
    while (i < to && (tokens[i]!.text === '.' || tokens[i]!.text === '...')) {
      prefix += tokens[i]!.text;
      i++;
    }
    const [dotted, next] = readDotted(tokens, i, to);
    i = next;
    const module = prefix + dotted;
    if (i >= to || tokens[i]!.text !== 'import') return false;
    i++;
    if (i < to && tokens[i]!.text === '(') i++;
    while (i < to) {
      const t = tokens[i]!;
      if (t.text === '*') {
        table.starModules.push(canonicalModule(module));
        i++;
      } else if (t.kind === 'name') {
        const name = t.text;
        let local = name;
        i++;
        if (i < to && tokens[i]!.text === 'as' && tokens[i + 1]?.kind === 'name') {
          local = tokens[i + 1]!.text;
          i += 2;
        }
        table.bindings.set(local, canonicalModule(prefix === '' ? `${module}.${name}` : `${module}.${name}`));
      } else if (t.text === ',' || t.text === ')') i++;
      else return false;
      if (i < to && tokens[i]!.text === ',') i++;
    }
    return true;
  }
  return false;
}

function readDotted(tokens: readonly Token[], from: number, to: number): [string, number] {
  let i = from;
  let out = '';
  while (i < to && tokens[i]!.kind === 'name') {
    out += tokens[i]!.text;
    i++;
    if (i < to && tokens[i]!.text === '.' && tokens[i + 1]?.kind === 'name') {
      out += '.';
      i++;
    } else break;
  }
  return [out, i];
}
