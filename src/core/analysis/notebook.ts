// Jupyter notebooks (.ipynb): code cells are analysed in order, each as its own text, with imports and
// definitions of earlier cells carried forward. Positions stay relative to the cell; fixes edit the
// cell's source and `applyCellEdits` writes the notebook back in Jupyter's own layout (indent 1).
import { analyzePythonCells } from './languages/python';
import type { AnalysisResult, TextEdit } from './types';

export interface NotebookCell {
  /** 0-based index among all cells (markdown included), as Jupyter and VS Code number them. */
  readonly index: number;
  readonly source: string;
}

export interface NotebookAnalysis {
  readonly cells: ReadonlyArray<{ readonly cell: NotebookCell; readonly result: AnalysisResult }>;
}

interface RawNotebook {
  cells?: Array<{ cell_type?: string; source?: string | string[] }>;
  metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } };
}

export class NotebookFormatError extends Error {}

function parse(json: string): RawNotebook {
  let nb: unknown;
  try {
    nb = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch (e) {
    throw new NotebookFormatError(`not a notebook: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof nb !== 'object' || nb === null || !Array.isArray((nb as RawNotebook).cells)) throw new NotebookFormatError('not a notebook: no "cells" array');
  return nb as RawNotebook;
}

function sourceOf(cell: { source?: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join('') : typeof cell.source === 'string' ? cell.source : '';
}

/** The code cells of a notebook whose kernel is Python (or unstated). Throws NotebookFormatError on bad JSON. */
export function notebookCodeCells(json: string): NotebookCell[] {
  const nb = parse(json);
  const language = nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'python';
  if (language.toLowerCase() !== 'python') return [];
  const out: NotebookCell[] = [];
  nb.cells!.forEach((c, index) => {
    if (c.cell_type === 'code') out.push({ index, source: sourceOf(c) });
  });
  return out;
}

export function analyzeNotebook(json: string): NotebookAnalysis {
  const cells = notebookCodeCells(json);
  const results = analyzePythonCells(cells.map((c) => c.source));
  return { cells: cells.map((cell, i) => ({ cell, result: results[i]! })) };
}

/** Applies edits (offsets relative to each cell's source) and returns the notebook JSON. */
export function applyCellEdits(json: string, editsByCell: ReadonlyMap<number, readonly TextEdit[]>): string {
  const nb = parse(json);
  for (const [index, edits] of editsByCell) {
    const cell = nb.cells![index];
    if (cell === undefined) continue;
    const next = applyEdits(sourceOf(cell), edits);
    cell.source = Array.isArray(cell.source) || cell.source === undefined ? splitLinesKeepEnds(next) : next;
  }
  const trailing = json.endsWith('\n') ? '\n' : '';
  return JSON.stringify(nb, null, 1) + trailing;
}

function splitLinesKeepEnds(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 10) {
      out.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}

/** Applies non-overlapping edits; of overlapping ones the first (by start) wins, identical ones apply once. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let last: TextEdit | undefined;
  for (const e of sorted) {
    if (last !== undefined && e.span.start === last.span.start && e.span.end === last.span.end && e.newText === last.newText) continue;
    if (e.span.start < pos) continue;
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    last = e;
  }
  return out + text.slice(pos);
}
