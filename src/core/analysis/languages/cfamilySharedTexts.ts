// One text column (a string per code token) lent to each large C-family analysis in turn.
//
// Why: a 10,000-line file has some 80,000 code tokens, and an array that long is a large object to V8, which gives each
// one fresh pages: allocating it cost 0.6-0.8 ms, 7-8 % of the C++ bench file's analysis, where the typed columns next
// to it cost 0.1 ms for all six. This module keeps one such array and lends it to the next large scan an analysis asks
// for (`scanWithSharedTexts`).
//
// The catch: an analysis result's fixes are built later, on demand, from the analysis's columns, and by then the array
// may hold a later file's texts. So the array has a holder (the columns whose texts it holds now), and whoever reads
// a result's columns after its analysis goes through `withCurrentTexts`, which writes that result's texts back into the
// array first (every token's text is its word's string or its slice of the text, so they can be re-derived from the
// columns that are not shared: 0.2 ms for the same file). Everything that holds the array (parsers, views, closures)
// then reads the right texts without knowing any of this. While an analysis or a fix build runs over the array, it is
// not lent: a nested analysis (a macro body, a fix's re-parse) scans into an array of its own.
import type { TokenColumns } from './cfamilyTokens';

// Smaller columns are ordinary young objects, cheap to allocate; larger ones (2 million tokens, 16 MB) are not kept.
const SHARED_MIN_CAPACITY = 16_384;
const SHARED_MAX_CAPACITY = 1 << 21;

let shared: string[] | undefined;
/** Slots of `shared` past which nothing is written (the longest texts written since it was last cleared). */
let filledTo = 0;
/** The columns whose texts `shared` holds. */
let holder: TokenColumns | undefined;
/** An analysis or a fix build is reading `holder`'s texts: the array is not lent. */
let busy = false;
/** Set by scanWithSharedTexts for the scan it runs: the first large columns made may take the array. */
let offered = false;

/**
 * The text column for new columns of `capacity` slots: the shared array when the running scan was offered it and it
 * is large enough to be worth it, else a new array.
 */
export function textColumnFor(columns: TokenColumns, capacity: number): string[] {
  if (!offered || capacity < SHARED_MIN_CAPACITY || capacity > SHARED_MAX_CAPACITY) return new Array<string>(capacity);
  offered = false;
  if (shared === undefined) {
    shared = new Array<string>(capacity);
    filledTo = 0;
  } else if (shared.length < capacity) {
    // Only ever grown (see fitTextColumn): once here, not once per slot appended past its end.
    shared.length = capacity;
  }
  holder = columns;
  busy = true;
  return shared;
}

/** `scan(text)`, its columns' text column being the shared array when free (release it with `releaseSharedTexts`). */
export function scanWithSharedTexts(scan: (text: string) => TokenColumns, text: string): TokenColumns {
  offered = !busy;
  try {
    return scan(text);
  } finally {
    offered = false;
  }
}

/** The analysis over `columns` is done: the array may be lent again (it keeps their texts until it is). */
export function releaseSharedTexts(columns: TokenColumns): void {
  if (holder === columns) busy = false;
}

/** `read()`, with `columns`' texts in their text column for its duration (restored to the busy holder's after). */
export function withCurrentTexts<T>(columns: TokenColumns, read: () => T): T {
  if (columns.codeTexts !== shared) return read();
  const previous = holder;
  const wasBusy = busy;
  if (previous !== columns) {
    writeTextsOf(columns);
    holder = columns;
  }
  busy = true;
  try {
    return read();
  } finally {
    if (wasBusy && previous !== columns && previous !== undefined) {
      writeTextsOf(previous);
      holder = previous;
    }
    busy = wasBusy;
  }
}

/**
 * Ends `columns`' text column at their last code token for the stream that reads it: a column of their own is cut to
 * that length; the shared one keeps its length and has the slots past it cleared. Why not cut that one too: V8 trims
 * an array cut to under half its slots, and the next larger file then grew it again, an allocation and a copy each
 * time the files analysed alternate in size (3 % of the five bench files analysed in turn). Reads past the last
 * token find nothing either way; only the shared column's `length` may exceed the token count.
 */
export function fitTextColumn(columns: TokenColumns): void {
  const { codeTexts, codeCount } = columns;
  if (codeTexts !== shared) {
    codeTexts.length = codeCount;
    return;
  }
  for (let i = codeCount; i < filledTo; i++) codeTexts[i] = undefined as unknown as string;
  filledTo = codeCount;
}

/** Writes the texts of `columns`' code tokens into their (shared) text column, ending it at their last token. */
function writeTextsOf(columns: TokenColumns): void {
  const { codeTexts, codeWord, codeStart, codeEnd, codeCount, text } = columns;
  const strings = columns.words.strings;
  if (codeTexts.length < codeCount) codeTexts.length = codeCount;
  for (let i = 0; i < codeCount; i++) {
    const w = codeWord[i]!;
    codeTexts[i] = w >= 0 ? strings[w]! : text.slice(codeStart[i]!, codeEnd[i]!);
  }
  fitTextColumn(columns);
}
