// Per-line suppression comments: `# activation-lens: ignore[unstable-sigmoid]` (Python) or
// `// activation-lens: ignore` (C-family), on any line a finding touches. A bare `ignore` silences every
// rule on that line. Pure functions over line text; the adapter feeds them the document's lines.
import type { LanguageId, RuleId } from '../core/analysis/types';

const MARKER = 'activation-lens:';

export function commentPrefix(languageId: string): '#' | '//' {
  return languageId === 'python' ? '#' : '//';
}

/**
 * The rules a line silences: 'all' for a bare `ignore`, a set for `ignore[a, b]`, undefined when the
 * line has no suppression comment. Only text after the comment prefix counts.
 */
export function suppressionOnLine(lineText: string, languageId: string): 'all' | ReadonlySet<string> | undefined {
  const at = lineText.lastIndexOf(MARKER);
  if (at < 0) return undefined;
  const prefix = commentPrefix(languageId);
  const before = lineText.lastIndexOf(prefix, at);
  if (before < 0 || lineText.slice(before + prefix.length, at).trim() !== '') return undefined;
  const rest = lineText.slice(at + MARKER.length).trimStart();
  if (!rest.startsWith('ignore')) return undefined;
  const after = rest.slice('ignore'.length);
  if (!after.startsWith('[')) return after === '' || /^\s/.test(after) ? 'all' : undefined;
  const close = after.indexOf(']');
  if (close < 0) return undefined;
  const rules = after
    .slice(1, close)
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  return rules.length === 0 ? 'all' : new Set(rules);
}

export function isSuppressed(lines: readonly string[], rule: RuleId, languageId: string): boolean {
  return lines.some((line) => {
    const s = suppressionOnLine(line, languageId);
    return s === 'all' || (s !== undefined && s.has(rule));
  });
}

/**
 * The edit that suppresses `rule` on a line: appends the rule to an existing `ignore[...]` list, or adds
 * a new trailing comment. Returns the character range (within the line) to replace and the new text.
 */
export function suppressionEdit(
  lineText: string,
  rule: RuleId,
  languageId: LanguageId | string,
): { readonly start: number; readonly end: number; readonly newText: string } | undefined {
  const existing = suppressionOnLine(lineText, languageId);
  if (existing === 'all') return undefined;
  if (existing !== undefined) {
    if (existing.has(rule)) return undefined;
    const at = lineText.lastIndexOf(MARKER);
    const close = lineText.indexOf(']', at);
    return { start: close, end: close, newText: `, ${rule}` };
  }
  const trimmedEnd = lineText.replace(/\s+$/, '').length;
  return {
    start: trimmedEnd,
    end: lineText.length,
    newText: `  ${commentPrefix(languageId)} ${MARKER} ignore[${rule}]`,
  };
}
