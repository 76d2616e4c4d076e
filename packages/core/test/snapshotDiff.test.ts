import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, diffRows, type Row } from '../src';

const row = (suggestion: string, impact: Row[string] = null, needed = ''): Row => ({ suggestion, benefit: '', impact, needed, effort: null });

describe('diff of two versions of a room table', () => {
  it('identical tables: everything unchanged', () => {
    const rows = [row('Share information', 'H'), row('Educational role')];
    const d = diffRows(rows, rows, DEFAULT_TEMPLATE);
    expect(d).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 2 });
  });

  it('a row added at the end and one removed from the middle', () => {
    const from = [row('A first idea'), row('B second idea'), row('C third idea')];
    const to = [row('A first idea'), row('C third idea'), row('D fourth idea')];
    const d = diffRows(from, to, DEFAULT_TEMPLATE);
    expect(d.rows.map((r) => r.kind)).toEqual(['unchanged', 'removed', 'unchanged', 'added']);
    expect(d.rows[1]).toMatchObject({ kind: 'removed', fromIndex: 1, row: { suggestion: 'B second idea' } });
    expect(d.rows[3]).toMatchObject({ kind: 'added', toIndex: 2, row: { suggestion: 'D fourth idea' } });
  });

  it('an edited row is "changed", cell by cell', () => {
    const from = [row('Share information', null), row('Keep this')];
    const to = [row('Share information', 'H', 'TLD-OPS'), row('Keep this')];
    const d = diffRows(from, to, DEFAULT_TEMPLATE);
    expect(d).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1 });
    const changed = d.rows[0];
    expect(changed?.kind).toBe('changed');
    if (changed?.kind !== 'changed') return;
    expect(changed.cells).toEqual([
      { key: 'impact', from: null, to: 'H' },
      { key: 'needed', from: '', to: 'TLD-OPS' },
    ]);
  });

  it('an empty row filled in is a change in place, not an add plus a remove', () => {
    const d = diffRows([row('')], [row('Do NOT focus on DNS abuse', 'M')], DEFAULT_TEMPLATE);
    expect(d.rows.map((r) => r.kind)).toEqual(['changed']);
  });

  it('unrelated rows swapped in are removed and added, each once', () => {
    const from = [row('Same'), row('Old wording about budgets'), row('Tail')];
    const to = [row('Same'), row('Completely new proposal'), row('Another proposal here'), row('Tail')];
    const d = diffRows(from, to, DEFAULT_TEMPLATE);
    expect(d.unchanged).toBe(2);
    // The old row sits at the same place as the first new one, so it is read as rewritten in place.
    expect(d.changed + d.removed).toBe(1);
    expect(d.changed + d.added).toBe(2);
    const seen = d.rows.flatMap((r) => ('fromIndex' in r ? [r.fromIndex] : []));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('every row of both sides appears exactly once', () => {
    const from = [row('a1'), row('b2'), row('c3'), row('d4'), row('e5')];
    const to = [row('e5'), row('x9'), row('b2'), row('c3 changed'), row('y8')];
    const d = diffRows(from, to, DEFAULT_TEMPLATE);
    const fromSeen = d.rows.flatMap((r) => ('fromIndex' in r ? [r.fromIndex] : [])).sort();
    const toSeen = d.rows.flatMap((r) => ('toIndex' in r ? [r.toIndex] : [])).sort();
    expect(fromSeen).toEqual([0, 1, 2, 3, 4]);
    expect(toSeen).toEqual([0, 1, 2, 3, 4]);
  });
});
