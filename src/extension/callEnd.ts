// Where an inline value goes: right after the closing parenthesis of the call whose callee the engine
// reported. The engine's use span covers the callee name; this finds the matching `)` by bracket depth,
// stepping over string literals, within a bounded window so a broken file costs nothing.
const WINDOW = 4000;

/** Offset just past the `)` closing the call that starts after `calleeEnd`, or undefined when there is none. */
export function callEndOffset(text: string, calleeEnd: number): number | undefined {
  let i = calleeEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== '(') return undefined;
  const limit = Math.min(text.length, i + WINDOW);
  let depth = 0;
  while (i < limit) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return ch === ')' ? i + 1 : undefined;
    } else if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      i += quote.length;
      while (i < limit && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (!triple && text[i] === '\n') return undefined;
        i++;
      }
      i += quote.length;
      continue;
    } else if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      // A comment inside a multi-line call: skip to the end of the line.
      while (i < limit && text[i] !== '\n') i++;
    }
    i++;
  }
  return undefined;
}
