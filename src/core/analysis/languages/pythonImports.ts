// The per-file alias table: what each imported name stands for (`F` → torch.nn.functional, `expit` →
// scipy.special.expit, `nn` → torch.nn or flax.linen), plus star imports and the names the file itself binds.
import { TOKEN_NAME, TokenColumns, keywordCode, operatorCode } from '../expressionParser';
import type { Token } from '../syntax';
import { canonicalModule } from './pythonNames';

export interface ImportBinding {
  readonly local: string;
  /** Canonical qualified name (`torch.nn.functional`, `keras.activations.gelu`). */
  readonly qualified: string;
}

/** `qualified` is `module` or a name inside it (no string is built to compare). */
function isWithin(qualified: string, module: string): boolean {
  return qualified.startsWith(module) && (qualified.length === module.length || qualified.charCodeAt(module.length) === 46);
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
    for (const v of this.bindings.values()) if (isWithin(v, module)) return true;
    for (const m of this.starModules) if (isWithin(m, module)) return true;
    return false;
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
  return readImportColumns(TokenColumns.fromTokens(tokens, from, to, IMPORT_SCRATCH), 0, to - from, table);
}

const IMPORT_SCRATCH = new TokenColumns();

const KW_IMPORT = keywordCode('import');
const KW_FROM = keywordCode('from');
const KW_AS = keywordCode('as');
const OP_DOT = operatorCode('.');
const OP_ELLIPSIS = operatorCode('...');
const OP_COMMA = operatorCode(',');
const OP_LPAREN = operatorCode('(');
const OP_RPAREN = operatorCode(')');
const OP_STAR = operatorCode('*');

/** `readImport` over token columns (comments left out). */
export function readImportColumns(t: TokenColumns, from: number, to: number, table: AliasTable): boolean {
  if (from >= t.count || t.kinds[from] !== TOKEN_NAME) return false;
  const isName = (i: number): boolean => i < t.count && t.kinds[i] === TOKEN_NAME;
  if (t.codes[from] === KW_IMPORT) {
    let i = from + 1;
    while (i < to) {
      const i0 = i;
      const [dotted, next] = readDotted(t, i, to);
      if (dotted === '') return false;
      i = next;
      if (i < to && t.isKeyword(i, KW_AS) && isName(i + 1)) {
        table.bindings.set(t.text(i + 1), canonicalModule(dotted));
        i += 2;
      } else {
        // `import torch.nn.functional` binds `torch` (the first name of the dotted one).
        const root = t.text(i0);
        table.bindings.set(root, canonicalModule(root));
      }
      if (i < to && t.isOp(i, OP_COMMA)) i++;
      else break;
    }
    return true;
  }
  if (t.codes[from] === KW_FROM) {
    let i = from + 1;
    let prefix = '';
    while (i < to && (t.isOp(i, OP_DOT) || t.isOp(i, OP_ELLIPSIS))) {
      prefix += t.text(i);
      i++;
    }
    const [dotted, next] = readDotted(t, i, to);
    i = next;
    const module = prefix + dotted;
    if (i >= to || !t.isKeyword(i, KW_IMPORT)) return false;
    i++;
    if (i < to && t.isOp(i, OP_LPAREN)) i++;
    while (i < to) {
      if (t.isOp(i, OP_STAR)) {
        table.starModules.push(canonicalModule(module));
        i++;
      } else if (t.kinds[i] === TOKEN_NAME) {
        const name = t.text(i);
        let local = name;
        i++;
        if (i < to && t.isKeyword(i, KW_AS) && isName(i + 1)) {
          local = t.text(i + 1);
          i += 2;
        }
        table.bindings.set(local, canonicalModule(`${module}.${name}`));
      } else if (t.isOp(i, OP_COMMA) || t.isOp(i, OP_RPAREN)) i++;
      else return false;
      if (i < to && t.isOp(i, OP_COMMA)) i++;
    }
    return true;
  }
  return false;
}

function readDotted(t: TokenColumns, from: number, to: number): [string, number] {
  let i = from;
  // Written without spaces (`torch.nn.functional`), the dotted name is one slice of the text; otherwise
  // (`torch . nn`) its parts are joined.
  let adjacent = true;
  while (i < to && t.kinds[i] === TOKEN_NAME) {
    i++;
    if (i < to && t.isOp(i, OP_DOT) && i + 1 < t.count && t.kinds[i + 1] === TOKEN_NAME) {
      if (t.textStarts[i] !== t.textEnds[i - 1] || t.textStarts[i + 1] !== t.textEnds[i]) adjacent = false;
      i++;
    } else break;
  }
  if (i === from) return ['', i];
  if (adjacent) return [t.source.slice(t.textStarts[from]!, t.textEnds[i - 1]!), i];
  let out = '';
  for (let k = from; k < i; k++) out += t.kinds[k] === TOKEN_NAME ? t.text(k) : '.';
  return [out, i];
}
