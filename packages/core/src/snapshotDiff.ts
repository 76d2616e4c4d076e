import { suggestionSimilarity } from './draftPlanSimilarity';
import type { Row, Template } from './template';

/** One cell whose value differs between the two versions of a row. */
export interface CellChange {
  key: string;
  from: Row[string];
  to: Row[string];
}

/** One line of a diff, in the order of the newer table (removed rows where they used to be). */
export type RowDiff =
  | { kind: 'unchanged'; fromIndex: number; toIndex: number; row: Row }
  | { kind: 'added'; toIndex: number; row: Row }
  | { kind: 'removed'; fromIndex: number; row: Row }
  | { kind: 'changed'; fromIndex: number; toIndex: number; from: Row; to: Row; cells: CellChange[] };

/** The difference between two versions of a room table, row by row and cell by cell. */
export interface SnapshotDiff {
  rows: RowDiff[];
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/**
 * Rows whose text is at least this similar (token Jaccard) count as the same row edited rather
 * than one removed and another added. Low on purpose: a row usually keeps its suggestion while
 * its other cells are filled in, and an empty-to-filled row is paired by position (see below).
 */
const SAME_ROW_SIMILARITY = 0.3;

/**
 * Compares two versions of a room table. Rows carry no ids, so identical rows are matched first
 * (longest common subsequence, keeping order); between two matched rows, a removed and an added row
 * are paired as "changed" when their text is similar or they sit at the same place in their gap.
 */
export function diffRows(from: Row[], to: Row[], template: Template): SnapshotDiff {
  const keys = template.columns.map((c) => c.key);
  const a = from.map((r) => rowKey(r, keys));
  const b = to.map((r) => rowKey(r, keys));
  const anchors = lcs(a, b);
  const rows: RowDiff[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj] of [...anchors, [from.length, to.length] as const]) {
    rows.push(...diffGap(from, to, keys, i, ai, j, bj));
    if (ai < from.length && bj < to.length) {
      rows.push({ kind: 'unchanged', fromIndex: ai, toIndex: bj, row: to[bj] as Row });
    }
    i = ai + 1;
    j = bj + 1;
  }
  const count = (kind: RowDiff['kind']) => rows.filter((r) => r.kind === kind).length;
  return { rows, added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') };
}

/** The cells of `to` that differ from `from`, in template order. */
export function diffCells(from: Row, to: Row, template: Template): CellChange[] {
  return changedCells(from, to, template.columns.map((c) => c.key));
}

function changedCells(from: Row, to: Row, keys: string[]): CellChange[] {
  const cells: CellChange[] = [];
  for (const key of keys) {
    const x = from[key] ?? null;
    const y = to[key] ?? null;
    if (x !== y) cells.push({ key, from: x, to: y });
  }
  return cells;
}

function rowKey(row: Row, keys: string[]): string {
  return JSON.stringify(keys.map((k) => row[k] ?? null));
}

function rowText(row: Row, keys: string[]): string {
  return keys.map((k) => row[k] ?? '').join(' ');
}

// Rows removed from a[i..ai) and added in b[j..bj): pair similar ones as changed.
function diffGap(from: Row[], to: Row[], keys: string[], i: number, ai: number, j: number, bj: number): RowDiff[] {
  const pairOf = new Map<number, number>();
  const taken = new Set<number>();
  for (let x = i; x < ai; x++) {
    let best = -1;
    let bestScore = -1;
    for (let y = j; y < bj; y++) {
      if (taken.has(y)) continue;
      const score = suggestionSimilarity(rowText(from[x] as Row, keys), rowText(to[y] as Row, keys));
      // Same offset in the gap is how an edit in place looks when the texts share nothing (e.g. it was empty).
      const samePlace = x - i === y - j;
      if ((score >= SAME_ROW_SIMILARITY || samePlace) && score > bestScore) {
        best = y;
        bestScore = score;
      }
    }
    if (best >= 0) {
      pairOf.set(x, best);
      taken.add(best);
    }
  }
  const out: RowDiff[] = [];
  const pairedFrom = new Map([...pairOf].map(([x, y]) => [y, x]));
  let x = i;
  for (let y = j; y < bj; y++) {
    // Removed rows that were at or before this position show up here, where they used to be.
    for (; x < ai && x - i <= y - j; x++) {
      if (!pairOf.has(x)) out.push({ kind: 'removed', fromIndex: x, row: from[x] as Row });
    }
    const src = pairedFrom.get(y);
    if (src === undefined) {
      out.push({ kind: 'added', toIndex: y, row: to[y] as Row });
    } else {
      const f = from[src] as Row;
      const t = to[y] as Row;
      out.push({ kind: 'changed', fromIndex: src, toIndex: y, from: f, to: t, cells: changedCells(f, t, keys) });
    }
  }
  for (; x < ai; x++) {
    if (!pairOf.has(x)) out.push({ kind: 'removed', fromIndex: x, row: from[x] as Row });
  }
  return out;
}

// Index pairs of a longest common subsequence of equal strings. O(n·m), fine for tables of hundreds of rows.
function lcs(a: string[], b: string[]): Array<readonly [number, number]> {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let x = n - 1; x >= 0; x--) {
    const rowX = table[x] as Uint32Array;
    const next = table[x + 1] as Uint32Array;
    for (let y = m - 1; y >= 0; y--) {
      rowX[y] = a[x] === b[y] ? (next[y + 1] as number) + 1 : Math.max(next[y] as number, rowX[y + 1] as number);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (a[x] === b[y]) {
      pairs.push([x, y]);
      x++;
      y++;
    } else if ((table[x + 1] as Uint32Array)[y] as number >= ((table[x] as Uint32Array)[y + 1] as number)) x++;
    else y++;
  }
  return pairs;
}
