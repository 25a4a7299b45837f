// Per-line suppression comments: `# activation-lens: ignore[unstable-sigmoid, unstable-softmax]` or
// `# activation-lens: ignore` (every rule) on a line the finding starts or ends on. `//` in C-family files.
import { LineIndex } from './lineIndex';
import type { Token } from './syntax';
import { type Finding, type RuleId, type TextEdit } from './types';

const MARKER = 'activation-lens:';

/** Rules a comment suppresses: 'all', a list, or undefined when it is not a suppression comment. */
export function parseSuppression(comment: string): 'all' | Set<string> | undefined {
  const at = comment.indexOf(MARKER);
  if (at < 0) return undefined;
  let i = at + MARKER.length;
  while (comment[i] === ' ') i++;
  if (!comment.startsWith('ignore', i)) return undefined;
  i += 'ignore'.length;
  if (comment[i] !== '[') return 'all';
  const close = comment.indexOf(']', i);
  if (close < 0) return 'all';
  const rules = new Set<string>();
  for (const part of comment.slice(i + 1, close).split(',')) {
    const r = part.trim();
    if (r !== '') rules.add(r);
  }
  return rules;
}

/** Drops findings suppressed by comments on their first or last line. */
/** False when `text` holds no suppression comment (then there is nothing for applySuppressions to read). */
export function mayHoldSuppressions(text: string): boolean {
  return text.includes(MARKER);
}

export function applySuppressions(text: string, comments: readonly Token[], findings: Finding[], _commentPrefix: string): Finding[] {
  if (findings.length === 0) return findings;
  const suppressions = comments.filter((c) => c.text.includes(MARKER));
  if (suppressions.length === 0) return findings;
  const lines = new LineIndex(text);
  const byLine = new Map<number, 'all' | Set<string>>();
  for (const c of suppressions) {
    const s = parseSuppression(c.text);
    if (s !== undefined) byLine.set(lines.lineOf(c.start), s);
  }
  const suppressed = (line: number, rule: RuleId): boolean => {
    const s = byLine.get(line);
    return s !== undefined && (s === 'all' || s.has(rule));
  };
  return findings.filter((f) => !suppressed(lines.lineOf(f.span.start), f.rule) && !suppressed(lines.lineOf(Math.max(f.span.start, f.span.end - 1)), f.rule));
}

/**
 * The edit that suppresses `finding` with a comment at the end of the line it ends on: appends the rule
 * to an existing `activation-lens: ignore[...]` comment there, or adds `  # activation-lens: ignore[rule]`.
 * `commentPrefix` is `#` for Python, `//` for the C family.
 */
export function suppressionEdit(text: string, finding: Pick<Finding, 'span' | 'rule'>, commentPrefix = '#'): TextEdit {
  const lines = new LineIndex(text);
  const line = lines.lineOf(Math.max(finding.span.start, finding.span.end - 1));
  const lineStart = lines.starts[line]!;
  const lineEnd = lines.lineEnd(line);
  const content = text.slice(lineStart, lineEnd);
  const existing = content.lastIndexOf(MARKER);
  if (existing >= 0) {
    const open = content.indexOf('[', existing);
    const close = open >= 0 ? content.indexOf(']', open) : -1;
    if (open >= 0 && close > open) {
      const inside = content.slice(open + 1, close).trim();
      const at = lineStart + close;
      return { span: { start: at, end: at }, newText: inside === '' ? finding.rule : `, ${finding.rule}` };
    }
    if (content.startsWith('ignore', existing + MARKER.length + (content[existing + MARKER.length] === ' ' ? 1 : 0))) {
      // A bare `ignore` already covers every rule.
      return { span: { start: lineEnd, end: lineEnd }, newText: '' };
    }
  }
  let trimmedEnd = lineEnd;
  while (trimmedEnd > lineStart && (text[trimmedEnd - 1] === ' ' || text[trimmedEnd - 1] === '\t')) trimmedEnd--;
  return { span: { start: trimmedEnd, end: lineEnd }, newText: `  ${commentPrefix} ${MARKER} ignore[${finding.rule}]` };
}
