import { describe, expect, it } from 'vitest';
import { checkTable, type FinalTable, type TortureEvent } from '../helpers/torture/oracle';

const typed = (person: string, m: string, row: string, column: string, at: number): TortureEvent => ({
  kind: 'marker',
  person,
  marker: m,
  cell: { row, column },
  at,
});
const table = (...rows: Array<[string, Record<string, string>]>): FinalTable => ({ rows: rows.map(([id, cells]) => ({ id, cells })) });

describe('the torture oracle (rules O1–O4 of test/helpers/torture/oracle.ts)', () => {
  it('accepts a table that holds every marker once, whole, where it was typed', () => {
    const events = [typed('A', '{A1}', 'r1', 'benefit', 1), typed('B', '{B1}', 'r1', 'benefit', 2), typed('B', '{B2}', 'r2', 'needed', 3)];
    expect(checkTable(events, table(['r1', { benefit: '{B1} {A1} ', needed: '' }], ['r2', { benefit: 'x', needed: '{B2} ' }]))).toEqual([]);
  });

  it('O1 reports a broken marker, a stray brace and an invented marker', () => {
    const events = [typed('A', '{A1}', 'r1', 'benefit', 1)];
    expect(checkTable(events, table(['r1', { benefit: '{A' }], ['r2', { benefit: '1} ' }])).join('\n')).toMatch(/O1 a broken marker in row r1[\s\S]*O1 a broken marker in row r2/);
    expect(checkTable(events, table(['r1', { benefit: '{A1}{Z9}' }]))).toEqual(['O1 {Z9} is in the table but nobody typed it']);
  });

  it('O1 lets part of a marker stay where its typist’s undo took the rest, or where someone cleared the cell while it was typed', () => {
    const m: TortureEvent = { kind: 'marker', person: 'B', marker: '{B12}', cell: { row: 'r1', column: 'needed' }, at: 10, until: 20 };
    const left = table(['r1', { needed: '{B12' }]);
    expect(checkTable([m], left)[0]).toMatch(/^O1 a broken marker/);
    expect(checkTable([m, { kind: 'undo', person: 'B', at: 30, removed: ['{B12}'] }], left)).toEqual([]);
    // Someone else's undo, or a clear long after the marker was typed, excuses no fragment.
    expect(checkTable([m, { kind: 'undo', person: 'A', at: 30, removed: ['{B12}'] }], left)[0]).toMatch(/^O1/);
    const clear = (at: number): TortureEvent => ({ kind: 'clear', person: 'A', cells: [{ row: 'r1', column: 'needed' }], at });
    expect(checkTable([m, clear(15)], table(['r1', { needed: '2} ' }]))).toEqual([]);
    expect(checkTable([m, clear(5_000)], table(['r1', { needed: '2} ' }]))[0]).toMatch(/^O1/);
  });

  // Table fuzzer seeds 69 and 91: C removed the row while B was typing "{B5}" in it and C's undo
  // brought the row back, as C had seen it, with B's "{B"; B's "5} " had gone into the gone row.
  it('O1 lets part of a marker stay in a row an undo brought back when the row was removed while the marker was typed', () => {
    const m: TortureEvent = { kind: 'marker', person: 'B', marker: '{B5}', cell: { row: 'r1', column: 'needed' }, at: 10, until: 20 };
    const removed = (at: number): TortureEvent => ({ kind: 'removeRow', person: 'C', row: 'r1', at });
    const back: TortureEvent = { kind: 'restoreRow', person: 'C', row: 'r9', from: 'r1', at: 30 };
    const left = table(['r9', { needed: '{B' }]);
    expect(checkTable([m, removed(15), back], left)).toEqual([]);
    // Not for a row removed long after the marker was typed, nor for a row nobody brought back.
    expect(checkTable([m, removed(5_000), back], left)[0]).toMatch(/^O1 a broken marker in row r9/);
    expect(checkTable([m, removed(15)], left)[0]).toMatch(/^O1 a broken marker in row r9/);
  });

  // Torture seed 14: B removed row r1 while C was typing "{C10} " in it; C's caret went into
  // r2's cell of that column, where "10} " was typed.
  it('O1 lets the rest of a marker stay in its column of another row when its row was removed while it was typed', () => {
    const m: TortureEvent = { kind: 'marker', person: 'C', marker: '{C10}', cell: { row: 'r1', column: 'suggestion' }, at: 10, until: 20 };
    const removed = (person: string, at: number): TortureEvent => ({ kind: 'removeRow', person, row: 'r1', at });
    const rest = table(['r2', { suggestion: '10} ', benefit: '' }]);
    expect(checkTable([m, removed('B', 15)], rest)).toEqual([]);
    // Not its start, not in another column, not for a removal long after the marker, nor the typist's own.
    expect(checkTable([m, removed('B', 15)], table(['r2', { suggestion: '{C1' }]))[0]).toMatch(/^O1 a broken marker in row r2/);
    expect(checkTable([m, removed('B', 15)], table(['r2', { suggestion: '', benefit: '10} ' }]))[0]).toMatch(/^O1 a broken marker in row r2/);
    expect(checkTable([m, removed('B', 5_000)], rest)[0]).toMatch(/^O1 a broken marker in row r2/);
    expect(checkTable([m, removed('C', 15)], rest)[0]).toMatch(/^O1 a broken marker in row r2/);
  });

  it('O1 takes a marker nobody typed for two fragments where fragments may stay, and only there', () => {
    const m: TortureEvent = { kind: 'marker', person: 'B', marker: '{B23}', cell: { row: 'r1', column: 'needed' }, at: 10, until: 20 };
    const clear: TortureEvent = { kind: 'clear', person: 'A', cells: [{ row: 'r1', column: 'needed' }], at: 15 };
    const fused = table(['r1', { needed: '{B2310} ' }]);
    expect(checkTable([m, clear], fused).filter((p) => p.startsWith('O1'))).toEqual([]);
    expect(checkTable([m], fused)).toContain('O1 {B2310} is in the table but nobody typed it');
  });

  it('O2 reports a doubled marker', () => {
    const events = [typed('A', '{A1}', 'r1', 'benefit', 1)];
    expect(checkTable(events, table(['r1', { benefit: '{A1} {A1} ' }]))[0]).toMatch(/^O2 \{A1\} is in the table 2 times/);
  });

  it('O3 reports a marker in another column or in another row that still exists', () => {
    const events = [typed('A', '{A1}', 'r1', 'benefit', 1)];
    expect(checkTable(events, table(['r1', { benefit: '', needed: '{A1}' }]))).toEqual(['O3 {A1} was typed in column benefit but is in column needed']);
    expect(checkTable(events, table(['r1', { benefit: '' }], ['r2', { benefit: '{A1}' }]))).toEqual(['O3 {A1} was typed in row r1 but is in row r2']);
  });

  it('O3 lets the markers of a removed row come back together in one new row (the remover undid), never apart', () => {
    const events: TortureEvent[] = [
      typed('A', '{A1}', 'r1', 'benefit', 1),
      typed('B', '{B1}', 'r1', 'needed', 2),
      { kind: 'removeRow', person: 'C', row: 'r1', at: 3 },
      { kind: 'undo', person: 'C', at: 4, removed: [] },
    ];
    expect(checkTable(events, table(['r9', { benefit: '{A1}', needed: '{B1}' }]))).toEqual([]);
    expect(checkTable(events, table(['r8', { benefit: '{A1}', needed: '' }], ['r9', { benefit: '', needed: '{B1}' }]))).toEqual([
      'O3 {B1} of the gone row r1 is in row r9, others of that row in r8',
    ]);
  });

  it('O4 reports a lost marker, and excuses the typist’s undo that took it, a removed row, a later clear and a later redo of a clear', () => {
    const events = [typed('A', '{A1}', 'r1', 'benefit', 10)];
    const empty = table(['r1', { benefit: '' }]);
    expect(checkTable(events, empty)).toEqual(['O4 {A1} typed by A in row r1, column benefit is lost: nothing took it away']);
    // Someone else's undo (even one that took it), the typist's undo of another marker, a clear of
    // another cell, a clear that ended before the marker began: no excuse.
    expect(
      checkTable(
        [
          ...events,
          { kind: 'undo', person: 'B', at: 11, removed: ['{A1}'] },
          { kind: 'undo', person: 'A', at: 12, removed: ['{A2}'] },
          { kind: 'clear', person: 'B', cells: [{ row: 'r1', column: 'needed' }], at: 12 },
          { kind: 'clear', person: 'B', cells: [{ row: 'r1', column: 'benefit' }], at: 9 },
        ],
        empty,
      ),
    ).toHaveLength(1);
    expect(checkTable([...events, { kind: 'undo', person: 'A', at: 11, removed: ['{A1}'] }], empty)).toEqual([]);
    expect(checkTable([...events, { kind: 'removeRow', person: 'B', row: 'r1', at: 5 }], table())).toEqual([]);
    expect(checkTable([...events, { kind: 'clear', person: 'B', cells: [{ row: 'r1', column: 'benefit' }], at: 11 }], empty)).toEqual([]);
    // B cleared the cell before A typed (so the clear alone excuses nothing), undid, then redid after A began.
    const redo: TortureEvent[] = [
      { kind: 'clear', person: 'B', cells: [{ row: 'r1', column: 'benefit' }], at: 5 },
      { kind: 'undo', person: 'B', at: 6, removed: [] },
      ...events,
      { kind: 'redo', person: 'B', at: 12 },
    ];
    expect(checkTable(redo, empty)).toEqual([]);
    // A clear does not excuse the marker its own action typed (Ctrl+A, then typing it).
    const own: TortureEvent[] = [
      { ...(events[0] as Extract<TortureEvent, { kind: 'marker' }>), action: 3 },
      { kind: 'clear', person: 'A', cells: [{ row: 'r1', column: 'benefit' }], at: 11, action: 3 },
    ];
    expect(checkTable(own, empty)).toHaveLength(1);
    expect(checkTable([...events, { kind: 'redo', person: 'B', at: 12 }], empty)).toHaveLength(1);
  });
});
