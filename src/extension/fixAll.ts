// "Fix all unstable forms in this file" and `source.fixAll.activationLens`: the first (preferred) fix of
// every finding, merged into one edit set that VS Code can apply at once. Fixes of several findings may add
// the same import: identical edits are kept once. A fix that overlaps one already taken is left for the
// next run rather than producing a garbled result.
import type { Finding, TextEdit } from '../core/analysis/types';

export interface CombinedFixes {
  readonly edits: readonly TextEdit[];
  /** Findings whose fix is in `edits`. */
  readonly fixed: readonly Finding[];
  /** Findings with a fix that could not be combined with the others this time. */
  readonly deferred: readonly Finding[];
}

export function combineFirstFixes(findings: readonly Finding[]): CombinedFixes {
  const taken: TextEdit[] = [];
  const fixed: Finding[] = [];
  const deferred: Finding[] = [];
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const finding of ordered) {
    const fix = finding.fixes[0];
    if (!fix || fix.edits.length === 0) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    const clash = fresh.some((e) => taken.some((t) => overlaps(t, e)));
    if (clash) {
      deferred.push(finding);
      continue;
    }
    taken.push(...fresh);
    fixed.push(finding);
  }
  taken.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { edits: taken, fixed, deferred };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.span.start === b.span.start && a.span.end === b.span.end && a.newText === b.newText;
}

/** Replacements that share any character overlap; two insertions at the same point also clash (order would be ambiguous). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  if (a.span.start === a.span.end) return a.span.start > b.span.start && a.span.start < b.span.end;
  if (b.span.start === b.span.end) return b.span.start > a.span.start && b.span.start < a.span.end;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** Applies non-overlapping edits to a text (for tests and the CLI-like checks of combined fixes). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
