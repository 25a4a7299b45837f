// The fix for BCELoss after a sigmoid when the loss module is held in a variable (`criterion =
// nn.BCELoss()` ... `criterion(torch.sigmoid(logits), y)`): the constructor becomes BCEWithLogitsLoss
// and every call gets the logits, in one fix. BCEWithLogitsLoss takes BCELoss's arguments in the same
// order (weight, size_average, reduce, reduction) with the same meaning, so they carry over as written;
// its extra `pos_weight` (a factor on the positive term only) has no BCELoss counterpart and is not added.
// Offered only when the variable is assigned once in the file and every other mention of it is such a
// call: a criterion also used on probabilities, passed around or reassigned would change meaning.
import type { RuleMatch } from '../stabilityRules';
import { type CallExpr, type Expr, dottedName, stripParens, walk } from '../syntax';
import type { TextEdit, TextSpan } from '../types';
import { type Candidate, type FixContext, Speller } from './pythonFixSpelling';
import { type PythonFixScope, fixScopeFor } from './pythonFixScope';
import { canonicalModule, knownActivation } from './pythonNames';
import { parseStatement } from './pythonStatements';

const TORCH_MODULES = new Set(['torch', 'torch.nn', 'torch.nn.functional', 'torch.special']);

/** The canonical qualified name of a name or attribute chain through the file's imports, or undefined. */
function resolve(e: Expr, ctx: FixContext): string | undefined {
  const dotted = dottedName(e);
  if (dotted === undefined) return undefined;
  const dot = dotted.indexOf('.');
  const root = dot < 0 ? dotted : dotted.slice(0, dot);
  const bound = ctx.aliases.get(root);
  if (bound === undefined || (ctx.userBound.has(root) && !TORCH_MODULES.has(bound))) return undefined;
  return canonicalModule(bound + (dot < 0 ? '' : dotted.slice(dot)));
}

/** `torch.sigmoid(z)`, `F.sigmoid(z)`, `torch.special.expit(z)` or `z.sigmoid()`: the logits z. */
function torchSigmoidInput(e: Expr, ctx: FixContext): Expr | undefined {
  const n = stripParens(e);
  if (n.kind !== 'call') return undefined;
  const callee = n.callee;
  if (callee.kind === 'attribute' && callee.name === 'sigmoid' && n.args.length === 0 && resolve(callee, ctx) === undefined) return callee.object;
  if (n.args.length !== 1 || n.args[0]!.name !== undefined || n.args[0]!.spread !== undefined) return undefined;
  const q = resolve(callee, ctx);
  const known = q === undefined ? undefined : knownActivation(q);
  return known !== undefined && known.activation === 'sigmoid' && known.kind === 'call' && known.framework === 'torch' ? n.args[0]!.value : undefined;
}

/** The call nodes of one logical line. */
function callsOfLine(scope: PythonFixScope, line: number): { calls: CallExpr[]; broken: boolean } {
  const [first, last] = scope.tokens(line);
  const code = scope.toks.codeTokens(first, last);
  const st = parseStatement(code, 0, code.length);
  const calls: CallExpr[] = [];
  for (const e of st.expressions) walk(e, (n) => {
    if (n.kind === 'call') calls.push(n);
  });
  return { calls, broken: st.broken };
}

/**
 * Where the criterion is mentioned: in its function when it is a local assigned there, else in the whole
 * file (a module-level name, `self.criterion`) — which must then be the whole file, not a re-analysed block.
 */
function criterionOccurrences(scope: PythonFixScope, dotted: string, useAt: number): number[] | undefined {
  const useLine = scope.lineAt(useAt);
  if (useLine < 0) return undefined;
  if (!dotted.includes('.')) {
    const region = scope.enclosingFunction(useLine);
    if (region.kind === 'def') {
      const inFunction = scope.nameOccurrences(dotted, region.from, region.to);
      const assignedHere = inFunction.some((at) => {
        const line = scope.lineAt(at);
        const [first] = scope.tokens(line);
        return scope.toks.starts[first] === at && scope.toks.is(first + 1, '=');
      });
      if (assignedHere) return inFunction;
    }
  }
  return scope.seesAllModuleUses() ? scope.dottedOccurrences(dotted) : undefined;
}

export function criterionBceFix(m: RuleMatch, ctx: FixContext): Candidate | undefined {
  if (m.variant !== 'variable' || m.callee === undefined) return undefined;
  const dotted = dottedName(stripParens(m.callee));
  if (dotted === undefined) return undefined;
  const scope = fixScopeFor(ctx);
  const text = ctx.text;
  const speller = new Speller(ctx);
  const edits: TextEdit[] = [];
  const statements: TextSpan[] = [];
  let constructors = 0;
  const occurrences = criterionOccurrences(scope, dotted, m.node.start);
  if (occurrences === undefined) return undefined;
  for (const at of occurrences) {
    const line = scope.lineAt(at);
    if (line < 0) return undefined;
    const { calls, broken } = callsOfLine(scope, line);
    if (broken) return undefined;
    const [first] = scope.tokens(line);
    const span = scope.span(line);
    const parts = dotted.split('.').length;
    // `criterion = nn.BCELoss(...)`: the dotted name, `=`, then the constructor call as the whole value.
    const eq = first + 2 * parts - 1;
    if (scope.toks.starts[first] === at && scope.toks.is(eq, '=')) {
      const valueStart = scope.toks.ends[eq]!;
      const ctor = calls.find((c) => c.start >= valueStart && text.slice(valueStart, c.start).trim().replace(/\(/g, '') === '' && text.slice(c.end, span.end).trim().replace(/\)/g, '') === '');
      if (ctor === undefined || resolve(ctor.callee, ctx) !== 'torch.nn.BCELoss') return undefined;
      constructors++;
      edits.push({ span: { start: ctor.callee.start, end: ctor.callee.end }, newText: speller.spell('torch.nn.BCEWithLogitsLoss') });
      statements.push(span);
      continue;
    }
    // Otherwise only a call of the criterion on a torch sigmoid.
    const use = calls.find((c) => c.callee.start === at && dottedName(stripParens(c.callee)) === dotted);
    const firstArg = use?.args[0];
    if (use === undefined || firstArg === undefined || firstArg.name !== undefined || firstArg.spread !== undefined) return undefined;
    const logits = torchSigmoidInput(firstArg.value, ctx);
    if (logits === undefined) return undefined;
    const inner = stripParens(logits);
    const sig = stripParens(firstArg.value);
    edits.push({ span: { start: sig.start, end: sig.end }, newText: text.slice(inner.start, inner.end) });
    if (!statements.some((s) => s.start === span.start)) statements.push(span);
  }
  if (constructors !== 1 || edits.length < 2) return undefined;
  return { title: 'Use BCEWithLogitsLoss on the logits', replacement: { text: '', power: 0, simple: false }, speller, ownEdits: edits, statements };
}
