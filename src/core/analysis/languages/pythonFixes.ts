// Fixes for Python findings, written for the library the unstable form uses (numpy/scipy, torch, tf, jax,
// plain math) and spelled with the file's own aliases; an import is added where the fix needs one.
// Every fix is re-parsed before it is offered; one that does not parse, or cannot keep the meaning
// (an axis whose broadcasting would change, an argument that a form would evaluate twice), is dropped.
import type { RuleMatch } from '../stabilityRules';
import { numericValue } from '../stabilityRules';
import { type Expr, stripParens } from '../syntax';
import type { Fix, TextSpan } from '../types';
import { criterionBceFix } from './pythonFixBce';
import { mathListLogSumExpFix, mathListSoftmaxFix } from './pythonFixMathLists';
import { splitSoftmaxFix } from './pythonFixSoftmax';
import { type Candidate, type Code, type FixContext, CALL_POWER, Speller, call, codeOf, reparses, short, wrap } from './pythonFixSpelling';

export type { FixContext } from './pythonFixSpelling';

/** -c, without a double minus. */
function negate(c: Code, e: Expr | undefined, text: string): Code {
  const n = e === undefined ? undefined : stripParens(e);
  if (n !== undefined && n.kind === 'unary' && n.op === '-') return codeOf(n.operand, text);
  const v = n === undefined ? undefined : numericValue(n);
  if (v !== undefined && n!.kind === 'number') return { text: `-${c.text}`, power: 13, simple: true };
  return { text: `-${wrap(c, 13)}`, power: 13, simple: c.simple };
}

/** The activation's argument as code, and its negation. */
function argument(m: RuleMatch, text: string): { x: Code; minusX: Code } {
  const a = codeOf(m.arg, text);
  if (!m.negated) return { x: a, minusX: negate(a, m.arg, text) };
  return { x: negate(a, m.arg, text), minusX: a };
}

export function pythonFixes(m: RuleMatch, required: number, ctx: FixContext, statement: TextSpan): Fix[] {
  const out: Fix[] = [];
  for (const c of candidates(m, ctx)) {
    const mainEdits = c.ownEdits ?? [{ span: { start: m.node.start, end: m.node.end }, newText: wrap(c.replacement, required) }];
    const inserted = c.insertions ?? [];
    const edits = [...mainEdits, ...(c.extraEdits ?? []), ...inserted.map((i) => i.edit), ...c.speller.importEdits];
    const own = mainEdits.concat(c.extraEdits ?? []);
    if (!(c.statements ?? [statement]).every((st) => reparses(ctx.text, st, own))) continue;
    if (!inserted.every((i) => reparses(i.statement, { start: 0, end: i.statement.length }, []))) continue;
    out.push({ title: c.title, edits: edits.sort((a, b) => a.span.start - b.span.start) });
  }
  return out;
}

function candidates(m: RuleMatch, ctx: FixContext): Candidate[] {
  const text = ctx.text;
  const { x, minusX } = argument(m, text);
  const lib = m.lib;
  const make = (build: (s: Speller) => Code | undefined, title: (c: Code) => string): Candidate | undefined => {
    const speller = new Speller(ctx);
    const replacement = build(speller);
    return replacement === undefined ? undefined : { title: title(replacement), replacement, speller };
  };
  const use = (c: Code): string => `Use ${short(c)}`;
  const list: Array<Candidate | undefined> = [];
  switch (m.rule) {
    case 'unstable-sigmoid':
      if (lib === 'numpy') {
        list.push(make((s) => call(s.spell('scipy.special.expit'), x.text), use));
        if (x.simple) {
          list.push(make((s) => {
            const np = s.spell('numpy');
            const e = `${np}.exp(-${np}.abs(${x.text}))`;
            return { text: `${np}.where(${wrap(x, 7)} >= 0, 1, ${e}) / (1 + ${e})`, power: 12, simple: false };
          }, () => 'Use a sign-split sigmoid with np.where'));
        }
      } else if (lib === 'torch') list.push(make((s) => call(s.spell('torch.sigmoid'), x.text), use));
      else if (lib === 'tf') list.push(make((s) => call(s.spell('tensorflow.math.sigmoid'), x.text), use));
      else if (lib === 'jax') list.push(make((s) => call(s.spell('jax.nn.sigmoid'), x.text), use));
      else if (lib === 'math') list.push(make((s) => mathSigmoid(s, x), () => 'Use a sigmoid that cannot overflow'));
      break;
    case 'unstable-softplus':
      if (lib === 'numpy') list.push(make((s) => call(`${s.spell('numpy')}.logaddexp`, '0', x.text), use));
      else if (lib === 'torch') list.push(make((s) => call(s.spell('torch.nn.functional.softplus'), x.text), use));
      else if (lib === 'tf') list.push(make((s) => call(s.spell('tensorflow.math.softplus'), x.text), use));
      else if (lib === 'jax') list.push(make((s) => call(s.spell('jax.nn.softplus'), x.text), use));
      else if (lib === 'math') list.push(make((s) => mathSoftplus(s, x, false), () => 'Use a softplus that cannot overflow'));
      break;
    case 'unstable-log-sigmoid':
      if (lib === 'numpy') {
        list.push(make((s) => ({ text: `-${s.spell('numpy')}.logaddexp(0, ${minusX.text})`, power: 13, simple: false }), use));
        list.push(make((s) => call(s.spell('scipy.special.log_expit'), x.text), use));
      } else if (lib === 'torch') list.push(make((s) => call(s.spell('torch.nn.functional.logsigmoid'), x.text), use));
      else if (lib === 'tf') list.push(make((s) => call(s.spell('tensorflow.math.log_sigmoid'), x.text), use));
      else if (lib === 'jax') list.push(make((s) => call(s.spell('jax.nn.log_sigmoid'), x.text), use));
      else if (lib === 'math') list.push(make((s) => mathSoftplus(s, minusX, true), () => 'Use a log-sigmoid that cannot overflow'));
      break;
    case 'unstable-tanh': {
      const arg = m.halved ? halve(m.arg, text) : x;
      const fn = lib === 'numpy' ? 'numpy.tanh' : lib === 'torch' ? 'torch.tanh' : lib === 'tf' ? 'tensorflow.math.tanh' : lib === 'jax' ? 'jax.numpy.tanh' : 'math.tanh';
      list.push(make((s) => call(s.spell(fn), arg.text), use));
      break;
    }
    case 'unstable-softmax':
      list.push(...softmaxFixes(m, ctx, x));
      break;
    case 'unstable-logsumexp':
      // Over a comprehension the argument is the loop variable: only the plain-Python form with a hoisted maximum fits.
      list.push(m.logsumexp?.summed.comprehension !== undefined ? mathListLogSumExpFix(m, ctx) : logsumexpFix(m, ctx, x));
      break;
    case 'lossy-sigmoid-derivative':
      if (m.sigmoid !== undefined && m.variant === undefined && !isMethodSigmoid(m)) {
        const callee = text.slice(m.sigmoid!.call.callee.start, m.sigmoid!.call.callee.end);
        list.push(make(() => ({ text: `${callee}(${x.text}) * ${callee}(${minusX.text})`, power: 12, simple: false }), use));
      }
      break;
    case 'bce-after-sigmoid':
      list.push(bceFix(m, ctx));
      break;
    default:
      break;
  }
  return list.filter((c): c is Candidate => c !== undefined);
}

function isMethodSigmoid(m: RuleMatch): boolean {
  const callee = m.sigmoid!.call.callee;
  return callee.kind === 'attribute' && m.sigmoid!.input === callee.object;
}

/** u / 2 for tanh((exp(u)-1)/(exp(u)+1)); `2*x` and `x*2` give back x. */
function halve(e: Expr, text: string): Code {
  const n = stripParens(e);
  if (n.kind === 'binary' && n.op === '*') {
    if (numericValue(n.left) === 2) return codeOf(n.right, text);
    if (numericValue(n.right) === 2) return codeOf(n.left, text);
  }
  const c = codeOf(n, text);
  return { text: `${wrap(c, 12)} / 2`, power: 12, simple: false };
}

/** Plain-Python sigmoid without overflow: branch on the sign so exp only sees non-positive arguments. */
function mathSigmoid(s: Speller, x: Code): Code {
  const exp = s.spell('math.exp');
  if (x.simple) {
    return { text: `1 / (1 + ${exp}(-${wrap(x, 13)})) if ${wrap(x, 7)} >= 0 else ${exp}(${x.text}) / (1 + ${exp}(${x.text}))`, power: 2, simple: false };
  }
  return { text: `(lambda t: 1 / (1 + ${exp}(-t)) if t >= 0 else ${exp}(t) / (1 + ${exp}(t)))(${x.text})`, power: CALL_POWER, simple: false };
}

/** softplus(x) = max(x, 0) + log1p(exp(-|x|)); log_sigmoid(x) = -softplus(-x). */
function mathSoftplus(s: Speller, x: Code, negateResult: boolean): Code {
  const exp = s.spell('math.exp');
  const log1p = s.spell('math.log1p');
  const body = (v: string): string => `max(${v}, 0.0) + ${log1p}(${exp}(-abs(${v})))`;
  if (x.simple) {
    return negateResult ? { text: `-(${body(x.text)})`, power: 13, simple: false } : { text: body(x.text), power: 11, simple: false };
  }
  const fn = `(lambda t: ${negateResult ? `-(${body('t')})` : body('t')})`;
  return { text: `${fn}(${x.text})`, power: CALL_POWER, simple: false };
}

function isTrue(e: Expr | undefined): boolean {
  const n = e === undefined ? undefined : stripParens(e);
  return n !== undefined && n.kind === 'name' && n.name === 'True';
}

function softmaxFixes(m: RuleMatch, ctx: FixContext, x: Code): Array<Candidate | undefined> {
  const text = ctx.text;
  const axis = m.axis ?? {};
  if (m.softmax?.summed.comprehension !== undefined) return [mathListSoftmaxFix(m, ctx)];
  if (m.variant === 'variable') return [splitSoftmaxFix(m, ctx)];
  const axisText = axis.axis === undefined ? undefined : text.slice(axis.axis.start, axis.axis.end);
  const axisValue = axis.axis === undefined ? undefined : numericValue(axis.axis);
  const keep = isTrue(axis.keepdims);
  const restored = m.softmax?.restored;
  // Without keepdims the sum broadcasts back correctly only over the leading axis (or over everything); an
  // index that puts the summed axis back (`[:, None]` after axis=1) does what keepdims does.
  const broadcastsRight = restored !== undefined ? restored.keepsAxis
    : axis.axis === undefined || keep || axisValue === 0 || (stripParens(axis.axis).kind === 'name' && axisText === 'None');
  if (!broadcastsRight) return [];
  const out: Array<Candidate | undefined> = [];
  const make = (lib: string, build: (s: Speller) => Code): Candidate => {
    const speller = new Speller(ctx);
    const replacement = build(speller);
    return { title: `Use ${short(replacement)}`, replacement, speller };
    void lib;
  };
  if (m.lib === 'numpy' || m.lib === 'math') {
    if (m.lib === 'numpy' && x.simple) {
      // Subtract the maximum inside both exponentials.
      const speller = new Speller(ctx);
      const np = speller.spell('numpy');
      const max = axisText === undefined ? `${np}.max(${x.text})` : `${np}.max(${x.text}, axis=${axisText}, keepdims=True)`;
      const shifted = `${wrap(x, 12)} - ${max}`;
      const node = stripParens(m.node);
      const args = node.kind === 'binary' ? collectExpArgs(node, m, text) : [];
      if (args.length === 2) {
        out.push({
          title: 'Subtract the maximum before exp', replacement: { text: '', power: 0, simple: false }, speller,
          ownEdits: args.map((a) => ({ span: { start: a.start, end: a.end }, newText: shifted })),
        });
      }
    }
    if (m.lib === 'numpy') out.push(make('scipy', (s) => call(s.spell('scipy.special.softmax'), x.text, ...(axisText !== undefined ? [`axis=${axisText}`] : []))));
  } else if (m.lib === 'torch' && axisText !== undefined) {
    out.push(make('torch', (s) => call(s.spell('torch.softmax'), x.text, `dim=${axisText}`)));
  } else if (m.lib === 'torch') {
    // Over all elements: torch.softmax needs a dim, and flattening would change the shape; shift by the global maximum.
    out.push(splitSoftmaxFix(m, ctx));
  } else if (m.lib === 'tf' && axisText !== undefined) {
    out.push(make('tf', (s) => call(s.spell('tensorflow.nn.softmax'), x.text, `axis=${axisText}`)));
  } else if (m.lib === 'jax' && axisText !== undefined) {
    out.push(make('jax', (s) => call(s.spell('jax.nn.softmax'), x.text, `axis=${axisText}`)));
  }
  return out;
}

/** The argument nodes of the numerator's and the sum's exp, for the max-subtraction edit. */
function collectExpArgs(node: Expr & { kind: 'binary' }, m: RuleMatch, text: string): Expr[] {
  const out: Expr[] = [];
  const argOfExp = (e: Expr): Expr | undefined => {
    const n = stripParens(e);
    if (n.kind !== 'call') return undefined;
    const callee = n.callee;
    if (callee.kind === 'attribute' && callee.name === 'exp' && n.args.length === 0) return callee.object;
    return n.args[0]?.value;
  };
  const top = argOfExp(node.left);
  if (top !== undefined && stripParens(top).start === stripParens(m.arg).start) out.push(stripParens(top));
  const right = stripParens(node.right);
  if (right.kind === 'call') {
    const callee = right.callee;
    const sumInput = callee.kind === 'attribute' && callee.name === 'sum' && right.args.every((a) => a.name !== undefined) ? callee.object : right.args[0]?.value;
    const inner = sumInput === undefined ? undefined : argOfExp(sumInput);
    if (inner !== undefined && text.slice(stripParens(inner).start, stripParens(inner).end) === text.slice(stripParens(m.arg).start, stripParens(m.arg).end)) out.push(stripParens(inner));
  }
  return out;
}

function logsumexpFix(m: RuleMatch, ctx: FixContext, x: Code): Candidate | undefined {
  const text = ctx.text;
  const axis = m.axis ?? {};
  const axisText = axis.axis === undefined ? undefined : text.slice(axis.axis.start, axis.axis.end);
  const keepText = axis.keepdims === undefined ? undefined : text.slice(axis.keepdims.start, axis.keepdims.end);
  const speller = new Speller(ctx);
  let replacement: Code | undefined;
  const extra = (axisName: string, keepName: string): string[] => [
    ...(axisText !== undefined ? [`${axisName}=${axisText}`] : []), ...(keepText !== undefined ? [`${keepName}=${keepText}`] : []),
  ];
  if (m.lib === 'numpy') replacement = call(speller.spell('scipy.special.logsumexp'), x.text, ...extra('axis', 'keepdims'));
  else if (m.lib === 'torch' && axisText !== undefined) replacement = call(speller.spell('torch.logsumexp'), x.text, ...extra('dim', 'keepdim'));
  else if (m.lib === 'tf') replacement = call(speller.spell('tensorflow.math.reduce_logsumexp'), x.text, ...extra('axis', 'keepdims'));
  else if (m.lib === 'jax') replacement = call(speller.spell('jax.nn.logsumexp'), x.text, ...extra('axis', 'keepdims'));
  if (replacement === undefined) return undefined;
  return { title: `Use ${short(replacement)}`, replacement, speller };
}

function bceFix(m: RuleMatch, ctx: FixContext): Candidate | undefined {
  if (m.variant === 'variable') return criterionBceFix(m, ctx);
  if (m.sigmoid === undefined || m.callee === undefined) return undefined;
  const speller = new Speller(ctx);
  const text = ctx.text;
  const input = stripParens(m.sigmoid.input);
  const newCallee = m.variant === 'module' ? speller.spell('torch.nn.BCEWithLogitsLoss') : speller.spell('torch.nn.functional.binary_cross_entropy_with_logits');
  const sigNode = m.sigmoid.call;
  return {
    title: m.variant === 'module' ? 'Use BCEWithLogitsLoss on the logits' : 'Use binary_cross_entropy_with_logits on the logits',
    replacement: { text: '', power: 0, simple: false },
    speller,
    ownEdits: [
      { span: { start: m.callee.start, end: m.callee.end }, newText: newCallee },
      { span: { start: sigNode.start, end: sigNode.end }, newText: text.slice(input.start, input.end) },
    ],
  };
}
