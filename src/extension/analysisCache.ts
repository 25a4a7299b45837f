// One analysis per document version. Hovers, inlay hints, code actions and diagnostics all ask for the
// same document's analysis many times between edits; this keeps the result of the last version seen per
// document and an index for position lookups, so a hover costs a binary search, not an analysis.
// No `vscode` import: the unit tests and the bench drive it directly.
import type { ActivationUse, AnalysisResult, Finding } from '../core/analysis/types';

export interface DocumentSnapshot {
  /** The document's URI as a string (`file:///…`, `vscode-notebook-cell:…`, `untitled:…`). */
  readonly uri: string;
  readonly version: number;
  readonly languageId: string;
  getText(): string;
  /**
   * A notebook cell's preceding code cells (their imports and definitions apply to it): the texts, and a key
   * that changes whenever one of them does. Absent for ordinary documents.
   */
  readonly context?: { readonly key: string; texts(): string[] };
}

export type Analyzer = (text: string, languageId: string, precedingCells?: readonly string[]) => AnalysisResult | undefined;

/** Analysis of one document version with sorted views for lookups by offset. */
export class IndexedAnalysis {
  readonly usesByStart: readonly ActivationUse[];
  readonly findingsByStart: readonly Finding[];
  /** Running maximum of `end` over `usesByStart`, so overlapping spans are found by binary search. */
  private readonly useMaxEnd: Float64Array;
  private readonly findingMaxEnd: Float64Array;

  constructor(
    readonly version: number,
    readonly result: AnalysisResult,
    /** The snapshot's context key (notebook cells), so a change in an earlier cell invalidates this one. */
    readonly contextKey = '',
  ) {
    this.usesByStart = [...result.uses].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    this.findingsByStart = [...result.findings].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    this.useMaxEnd = runningMaxEnd(this.usesByStart);
    this.findingMaxEnd = runningMaxEnd(this.findingsByStart);
  }

  /** Uses whose span contains `offset` (end inclusive, as a cursor right after a name is still on it), innermost first. */
  usesAt(offset: number): ActivationUse[] {
    return containing(this.usesByStart, this.useMaxEnd, offset);
  }

  findingsAt(offset: number): Finding[] {
    return containing(this.findingsByStart, this.findingMaxEnd, offset);
  }

  /** Findings overlapping [start, end] (a code action's range). */
  findingsOverlapping(start: number, end: number): Finding[] {
    const out: Finding[] = [];
    const hi = upperBound(this.findingsByStart, end);
    for (let i = hi - 1; i >= 0; i--) {
      if (this.findingMaxEnd[i]! < start) break;
      const f = this.findingsByStart[i]!;
      if (f.span.end >= start) out.push(f);
    }
    return out.reverse();
  }
}

export class AnalysisCache {
  private readonly entries = new Map<string, IndexedAnalysis>();
  /** How many analyses ran; the tests and the bench read it to prove one analysis per version. */
  analysisCount = 0;

  constructor(
    private readonly analyze: Analyzer,
    private readonly maxDocuments = 64,
  ) {}

  /** The analysis of this exact version, running it when this version has not been analysed yet. */
  get(doc: DocumentSnapshot): IndexedAnalysis | undefined {
    const cached = this.entries.get(doc.uri);
    const contextKey = doc.context?.key ?? '';
    if (cached && cached.version === doc.version && cached.contextKey === contextKey) {
      // Refresh recency: Map iteration order is insertion order, which makes eviction least-recently-used.
      this.entries.delete(doc.uri);
      this.entries.set(doc.uri, cached);
      return cached;
    }
    this.analysisCount++;
    const result = this.analyze(doc.getText(), doc.languageId, doc.context?.texts());
    if (!result) {
      this.entries.delete(doc.uri);
      return undefined;
    }
    const indexed = new IndexedAnalysis(doc.version, result, contextKey);
    this.entries.delete(doc.uri);
    this.entries.set(doc.uri, indexed);
    while (this.entries.size > this.maxDocuments) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return indexed;
  }

  /** The cached analysis if it is of exactly this version; never analyses. */
  peek(uri: string, version: number): IndexedAnalysis | undefined {
    const cached = this.entries.get(uri);
    return cached && cached.version === version ? cached : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function runningMaxEnd(items: ReadonlyArray<{ readonly span: { readonly end: number } }>): Float64Array {
  const out = new Float64Array(items.length);
  let max = -Infinity;
  items.forEach((item, i) => {
    max = Math.max(max, item.span.end);
    out[i] = max;
  });
  return out;
}

/** Index of the first item whose start is > offset. */
function upperBound(items: ReadonlyArray<{ readonly span: { readonly start: number } }>, offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function containing<T extends { readonly span: { readonly start: number; readonly end: number } }>(
  items: readonly T[],
  maxEnd: Float64Array,
  offset: number,
): T[] {
  const out: T[] = [];
  for (let i = upperBound(items, offset) - 1; i >= 0; i--) {
    if (maxEnd[i]! < offset) break;
    const item = items[i]!;
    if (item.span.end >= offset) out.push(item);
  }
  // Innermost (shortest) first: on `torch.sigmoid` inside an unstable form the call wins.
  return out.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
}
