// The max-shift fix for a numpy or torch softmax whose exponentials are written in earlier statements
// (`e = np.exp(x)` then `e / e.sum(axis=1, keepdims=True)`, or `num / den` with both assigned): every
// exp(x) becomes exp(x - max(x)) where it is written. The quotient is unchanged because the maximum is
// taken over the same elements the sum adds (the same axis, kept as a dimension so it broadcasts), and
// no exp can overflow. The variables now hold shifted values, so the fix is offered only when nothing
// else in the function reads them, and when neither x nor the axis can change between the statements.
import type { ExpForm, RuleMatch } from '../stabilityRules';
import { numericValue } from '../stabilityRules';
import { type Expr, sameExpr, stripParens, walk } from '../syntax';
import type { TextEdit, TextSpan } from '../types';
import { type Candidate, type Code, type FixContext, Speller, codeOf, wrap } from './pythonFixSpelling';
import { type PythonFixScope, fixScopeFor } from './pythonFixScope';

/** Where exp's argument is written inside an exponential, and whether replacing it needs parentheses. */
export function argumentSlot(exp: Expr): { readonly arg: Expr; readonly parens: boolean } | undefined {
  const n = stripParens(exp);
  if (n.kind === 'binary' && n.op === '**') return { arg: n.right, parens: true };
  if (n.kind !== 'call') return undefined;
  // `x.exp()`: the receiver.
  if (n.callee.kind === 'attribute' && n.args.length === 0) return { arg: n.callee.object, parens: true };
  const positional = n.args.filter((a) => a.name === undefined && a.spread === undefined);
  if (positional.length === 1 && n.args.length === 1) return { arg: positional[0]!.value, parens: false };
  // power(e, x)
  if (positional.length === 2 && n.args.length === 2) return { arg: positional[1]!.value, parens: false };
  return undefined;
}

/** The exponential as written where its value is computed: in an assignment, or inline in the quotient. */
function writtenExp(f: ExpForm): Expr {
  return f.source?.exp ?? f.node;
}

/** The names a piece of code reads (roots of attribute chains included). */
export function namesIn(e: Expr): Set<string> {
  const out = new Set<string>();
  walk(e, (n) => {
    if (n.kind === 'name') out.add(n.name);
  });
  return out;
}

/**
 * `name = value` as the whole logical line holding `value`: the line, or undefined when the line is
 * anything else (a chained or tuple assignment, the value only part of the right-hand side).
 */
export function plainAssignment(scope: PythonFixScope, name: string, value: Expr): number | undefined {
  const line = scope.lineAt(value.start);
  if (line < 0) return undefined;
  const [first, last] = scope.tokens(line);
  const toks = scope.toks;
  if (last - first < 3 || !toks.is(first, name) || !toks.is(first + 1, '=')) return undefined;
  // Only parentheses may wrap the value.
  const before = scope.text.slice(toks.ends[first + 1]!, value.start);
  const after = scope.text.slice(value.end, toks.ends[last - 1]!);
  return /^[\s(]*$/.test(before) && /^[\s)]*$/.test(after) ? line : undefined;
}

export function splitSoftmaxFix(m: RuleMatch, ctx: FixContext): Candidate | undefined {
  const parts = m.softmax;
  if (parts === undefined || (m.lib !== 'numpy' && m.lib !== 'torch')) return undefined;
  const text = ctx.text;
  const axis = m.axis ?? {};
  const axisNode = axis.axis === undefined ? undefined : stripParens(axis.axis);
  const axisText = axisNode === undefined ? undefined : text.slice(axisNode.start, axisNode.end);
  // A maximum kept as a dimension broadcasts against every axis; the sum without keepdims only against the leading one.
  // An index that puts the summed axis back (`[:, None]` after axis=1) is keepdims written another way.
  if (parts.restored !== undefined && !parts.restored.keepsAxis) return undefined;
  const keep = parts.restored !== undefined
    || (axis.keepdims !== undefined && stripParens(axis.keepdims).kind === 'name' && text.slice(stripParens(axis.keepdims).start, stripParens(axis.keepdims).end) === 'True');
  if (axisNode !== undefined && !keep && numericValue(axisNode) !== 0) return undefined;
  if (axisNode !== undefined && numericValue(axisNode) === undefined && axisNode.kind !== 'name') return undefined;
  const x: Code = codeOf(m.arg, text);
  if (!x.simple) return undefined;

  const scope = fixScopeFor(ctx);
  const divisionLine = scope.lineAt(m.node.start);
  if (divisionLine < 0) return undefined;
  const region = scope.enclosingFunction(divisionLine);

  // Each exponential once, with the statement that computes it.
  const exps: Expr[] = [];
  for (const f of [parts.numerator, parts.summed]) {
    const e = stripParens(writtenExp(f));
    if (!exps.some((o) => o.start === e.start)) exps.push(e);
  }
  const slots = exps.map(argumentSlot);
  if (slots.some((s) => s === undefined || !sameExpr(s.arg, m.arg, text))) return undefined;

  // Variables whose values the fix changes, with the line assigning them: each may be read only by the quotient (and the sum's assignment).
  const changed: Array<{ name: string; line: number }> = [];
  const addChanged = (name: string, value: Expr): boolean => {
    const line = plainAssignment(scope, name, value);
    if (line === undefined) return false;
    if (!changed.some((c) => c.name === name)) changed.push({ name, line });
    return true;
  };
  for (const f of [parts.numerator, parts.summed]) if (f.source !== undefined && !addChanged(f.source.name, f.source.exp)) return undefined;
  if (parts.sumSource !== undefined && !addChanged(parts.sumSource.name, parts.sumSource.node)) return undefined;
  if (changed.length > 0 && (region.kind === 'class' || (region.kind === 'module' && !scope.seesAllModuleUses()))) return undefined;
  const readers: TextSpan[] = [m.node, ...(parts.sumSource !== undefined ? [parts.sumSource.node] : [])];
  for (const c of changed) {
    const target = scope.span(c.line).start;
    for (const at of scope.nameOccurrences(c.name, region.from, region.to)) {
      if (at !== target && !readers.some((r) => at >= r.start && at < r.end)) return undefined;
    }
  }

  // x and the axis are now read where the exponentials are computed: nothing may rebind them before the quotient.
  const lines = [...new Set([...changed.map((c) => c.line), divisionLine])].sort((a, b) => a - b);
  const watched = namesIn(m.arg);
  if (axisNode !== undefined) for (const n of namesIn(axisNode)) watched.add(n);
  if (lines[0]! < divisionLine) {
    for (const name of watched) {
      for (const at of scope.nameOccurrences(name, lines[0]! + 1, divisionLine)) {
        if (!lines.includes(scope.lineAt(at))) return undefined;
      }
    }
  }

  const speller = new Speller(ctx);
  const max = m.lib === 'numpy'
    ? (axisText === undefined ? `${speller.spell('numpy.max')}(${x.text})` : `${speller.spell('numpy.max')}(${x.text}, axis=${axisText}, keepdims=True)`)
    : (axisText === undefined ? `${speller.spell('torch.max')}(${x.text})` : `${speller.spell('torch.amax')}(${x.text}, dim=${axisText}, keepdim=True)`);
  const shifted = `${wrap(x, 12)} - ${max}`;
  const edits: TextEdit[] = slots.map((s) => {
    const arg = stripParens(s!.arg);
    return { span: { start: arg.start, end: arg.end }, newText: s!.parens ? `(${shifted})` : shifted };
  });
  return {
    title: 'Subtract the maximum before exp', replacement: { text: '', power: 0, simple: false }, speller, ownEdits: edits,
    statements: lines.map((l) => scope.span(l)),
  };
}
