import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenizePython } from '../../../src/core/analysis/languages/pythonTokenizer';
import { parseExpressionList } from '../../../src/core/analysis/expressionParser';
import { PYTHON_GRAMMAR } from '../../../src/core/analysis/languages/pythonGrammar';
import type { Expr } from '../../../src/core/analysis/syntax';

function kinds(src: string): string[] {
  return tokenizePython(src).tokens.map((t) => `${t.kind}:${t.text}`);
}

test('string prefixes, triple quotes and f-strings with nested braces and quotes are single tokens', () => {
  for (const s of ['r"a\\"b"', "b'x'", 'Rb"""x\ny"""', "f'{x!r:>{width}}'", 'f"{d["k"]} {{literal}}"', "rf'{a}{b}'", "u'ü'", 't"{x}"', "f'''{\n x # c\n}'''"]) {
    const toks = tokenizePython(`v = ${s}\n`).tokens;
    assert.equal(toks.length, 3, `${s} → ${toks.map((t) => t.text).join(' | ')}`);
    assert.equal(toks[2]!.kind, 'string');
    assert.equal(toks[2]!.text, s);
  }
});

test('comments, continuations, brackets and CRLF decide logical lines', () => {
  const src = '\ufeffa = (1 +\r\n  2)  # c\r\nb = 3 \\\r\n  + 4\rc = 5\n\n# only a comment\n';
  const { tokens, lines } = tokenizePython(src);
  assert.equal(lines.length / 2, 3);
  assert.ok(tokens.some((t) => t.kind === 'comment' && t.text === '# c'));
  assert.ok(tokens.some((t) => t.kind === 'comment' && t.text === '# only a comment'));
  assert.equal(tokens[0]!.start, 1, 'the BOM is skipped');
});

test('non-ASCII identifiers, tabs and numbers', () => {
  assert.deepEqual(kinds('σ\t= 1.\nα_2 = 1e-3 + 0x1F + 1_000j\n').filter((k) => !k.startsWith('op')), ['name:σ', 'number:1.', 'name:α_2', 'number:1e-3', 'number:0x1F', 'number:1_000j']);
});

test('unterminated strings end at the line (single quotes) or the text (triple quotes) without throwing', () => {
  const a = tokenizePython('x = "abc\ny = 1\n');
  assert.ok(a.tokens.some((t) => t.kind === 'name' && t.text === 'y'));
  const b = tokenizePython('x = """abc\ny = 1\n');
  assert.equal(b.tokens[b.tokens.length - 1]!.kind, 'string');
});

function parse(src: string): Expr {
  const toks = tokenizePython(src).tokens.filter((t) => t.kind !== 'comment');
  const e = parseExpressionList(toks, 0, toks.length, PYTHON_GRAMMAR);
  assert.ok(e, `parses: ${src}`);
  return e;
}

function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'name':
      return e.name;
    case 'string':
      return JSON.stringify(e.value ?? null);
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'paren':
      return show(e.inner);
    case 'attribute':
      return `${show(e.object)}.${e.name}`;
    case 'call':
      return `${show(e.callee)}(${e.args.map((a) => (a.name ? `${a.name}=` : a.spread ?? '') + show(a.value)).join(', ')})`;
    case 'subscript':
      return `${show(e.object)}[${e.index.map(show).join(', ')}]`;
    case 'group':
      return `${e.label}{${e.children.map(show).join(', ')}}`;
  }
}

test('precedence: ** binds tighter than unary minus on the left, looser on the right; @ with *', () => {
  assert.equal(show(parse('-x**2')), '(-(x ** 2))');
  assert.equal(show(parse('2**-x')), '(2 ** (-x))');
  assert.equal(show(parse('a**b**c')), '(a ** (b ** c))');
  assert.equal(show(parse('1/(1+np.exp(-x))')), '(1 / (1 + np.exp((-x))))');
  assert.equal(show(parse('a @ b * c - d')), '(((a @ b) * c) - d)');
  assert.equal(show(parse('not a in b')), '(not(a in b))');
  assert.equal(show(parse('a is not None and b not in c')), '((a is not None) and (b not in c))');
  assert.equal(show(parse('1. + 1.0 + 1e0 + 1')), '(((1 + 1) + 1) + 1)');
});

test('calls with keyword and spread arguments, subscripts with slices, lambdas, conditionals, comprehensions', () => {
  assert.equal(show(parse("Dense(64, activation='relu', *a, **k)")), 'Dense(64, activation="relu", *a, **k)');
  assert.equal(show(parse('x[:, 1:2, ::-1]')), 'x[slice{}, slice{1, 2}, slice{(-1)}]');
  assert.equal(show(parse('lambda z: 1/(1+exp(-z))')), 'lambda{(1 / (1 + exp((-z))))}');
  assert.equal(show(parse('a if x >= 0 else b')), 'conditional{a, (x >= 0), b}');
  assert.equal(show(parse('[f(v) for v in xs if v > 0]')), 'list{f(v), v, xs, (v > 0)}');
  assert.equal(show(parse('sum(e for e in es)')), 'sum(generator{e, e, es})');
  assert.equal(show(parse('{"a": 1, **d}')), 'dict{pair{"a", 1}, (**d)}');
  assert.equal(show(parse('(y := f(x))')), 'walrus{y, f(x)}');
});

test('broken expressions do not parse; 10,000 nested parentheses fail cleanly instead of overflowing the stack', () => {
  const toks = tokenizePython('f(1, ').tokens;
  assert.equal(parseExpressionList(toks, 0, toks.length, PYTHON_GRAMMAR), undefined);
  const deep = '('.repeat(10_000) + 'x' + ')'.repeat(10_000);
  const t2 = tokenizePython(deep).tokens;
  assert.equal(parseExpressionList(t2, 0, t2.length, PYTHON_GRAMMAR), undefined);
});
