import { vi } from 'vitest';
import * as Y from 'yjs';
import { Editor, Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import { redo, undo, ySyncPlugin, yUndoPlugin, yUndoPluginKey } from '@tiptap/y-tiptap';
import { DEFAULT_TEMPLATE, ROOM_FIELD, roomViolations, seedRoomUpdate } from '@roomtable/core';
import {
  LockedSkeleton, ROW_COMMAND, TableEditing, assessmentSchemaExtensions, clearSelectedCells, createRoomUndoManager, emptyRow,
  pasteTransaction, selectCellText, typeOverCells,
} from '../src/index';
import { checkTable, MARKER, type CellRef, type FinalTable, type TortureEvent } from '../../../test/helpers/torture/oracle';
import { yTableSnapshot } from '../../../test/helpers/torture/tableSnapshot';

/**
 * A headless, seeded table fuzzer: three people, each with a real TipTap editor bound by the
 * patched y-tiptap binding and the room undo, type markers, press Enter, Ctrl+A, Delete, select
 * cells, paste lines and spreadsheet blocks, undo, redo, add and remove rows, while their updates
 * reach each other in random pieces and order (each sender's updates stay in order, as over one
 * socket). At the end every update is delivered and the torture oracle (test/helpers/torture/
 * oracle.ts) judges the table: every marker a person typed and did not undo survives intact and
 * in its cell, every editor equals every other, and the document passes the room schema check.
 * Everything random comes from the seed, so a seed replays exactly.
 */

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return {
    int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const COLS = DEFAULT_TEMPLATE.columns;
const TEXT = COLS.map((c, i) => [c, i] as const).filter(([c]) => c.kind === 'text').map(([, i]) => i);
const KINDS = ['type', 'type', 'ctrlA', 'delete', 'shift', 'enter', 'pasteLines', 'pasteTsv', 'undo', 'undo', 'redo', 'redo', 'addRow', 'removeRow'] as const;

interface Person {
  name: string;
  letter: string;
  doc: Y.Doc;
  ed: Editor;
  typed: number;
  pending: { marker: string; rest: string; cell: CellRef; at: number; action: number } | null;
  /** Updates from each other person not yet delivered, in their order. */
  inbox: Uint8Array[][];
}

export interface FuzzResult {
  problems: string[];
  /** What each person did, one line an action (printed for a failing seed). */
  log: string[];
}

export function runTableFuzzSeed(seed: number, people = 3, steps = 400): FuzzResult {
  const r = rng(seed);
  const seedUpdate = seedRoomUpdate(DEFAULT_TEMPLATE, ['First idea', 'Second idea']);
  const ps: Person[] = [];
  const log: string[] = [];
  const events: TortureEvent[] = [];
  // Y.UndoManager groups changes less than 500 ms apart by the wall clock: a fake clock that
  // moves 100 ms a step makes the grouping, and so the seed, the same on any machine.
  vi.useFakeTimers({ toFake: ['Date'], now: 0 });
  try {
    for (let i = 0; i < people; i++) {
      const doc = new Y.Doc();
      doc.clientID = 1000 + i; // fixed, so that a seed replays the same concurrent orderings
      Y.applyUpdate(doc, seedUpdate);
      const fragment = doc.getXmlFragment(ROOM_FIELD);
      const um = createRoomUndoManager(fragment);
      const binding = Extension.create({ name: 'binding', addProseMirrorPlugins: () => [ySyncPlugin(fragment), yUndoPlugin({ undoManager: um })] });
      const ed = new Editor({
        element: document.createElement('div'),
        extensions: [...assessmentSchemaExtensions(), binding, LockedSkeleton.configure({ template: DEFAULT_TEMPLATE }), TableEditing.configure({ template: DEFAULT_TEMPLATE })],
      });
      ps.push({ name: `Person ${'ABCD'[i]}`, letter: 'ABCD'[i]!, doc, ed, typed: 0, pending: null, inbox: [] });
    }
    ps.forEach((p) => { p.inbox = ps.map(() => []); });
    ps.forEach((p, i) => p.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'net') ps.forEach((q, j) => { if (j !== i) q.inbox[i]!.push(u); });
    }));
    const deliver = (q: Person, all = false) => q.inbox.forEach((box) => {
      for (const u of box.splice(0, all ? box.length : r.int(0, box.length))) Y.applyUpdate(q.doc, u, 'net');
    });
    let clock = 0;
    const undoManager = (p: Person) => yUndoPluginKey.getState(p.ed.state)!.undoManager;
    const rowId = (p: Person, index: number) => {
      const row = (p.doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(index) as Y.XmlElement;
      return `${row._item!.id.client}:${row._item!.id.clock}`;
    };
    const caretCell = (p: Person): CellRef | null => {
      const $h = p.ed.state.selection.$head;
      if ($h.depth < 3) return null;
      const cell = $h.node(3);
      if (cell.type.name !== 'tableCell') return null;
      return { row: rowId(p, $h.index(1)), column: String(cell.attrs.column) };
    };
    const rows = (p: Person) => p.ed.state.doc.firstChild!.childCount - 1;
    /** The position before cell `col` of table row `row` (row 0 is the header). */
    const cellStart = (p: Person, row: number, col: number) => {
      const table = p.ed.state.doc.firstChild!;
      let pos = 2;
      for (let i = 0; i < row; i++) pos += table.child(i).nodeSize;
      for (let c = 0; c < col; c++) pos += table.child(row).child(c).nodeSize;
      return pos;
    };
    const click = (p: Person, row: number, col: number) => {
      undoManager(p).stopCapturing();
      p.ed.view.dispatch(p.ed.state.tr.setSelection(TextSelection.create(p.ed.state.doc, cellStart(p, row, col) + 2)));
    };
    const own = (p: Person) => yTableSnapshot(p.doc).rows.flatMap((x) => x.cells.join(' ').match(MARKER) ?? []).filter((m) => m[1] === p.letter);
    const startMarker = (p: Person, action: number, first = '') => {
      const cell = caretCell(p);
      if (!cell) return;
      const m = `{${p.letter}${++p.typed}}`;
      p.pending = { marker: m, rest: `${m} `.slice(first.length), cell, at: clock++, action };
    };
    const rowIds = (p: Person) => new Set(yTableSnapshot(p.doc).rows.map((x) => x.id));
    const typeNext = (p: Person) => {
      const pending = p.pending!;
      // A person whose row someone removed while they typed in it sees the row go and stops: the
      // fuzzer used to type the rest of the marker blind, wherever the binding had put the caret
      // (the next row), and the oracle blamed the product for that fragment ("} " in a row the
      // typist never chose). The marker stays on record: its row's removal excuses its loss.
      if (!rowIds(p).has(pending.cell.row)) {
        events.push({ kind: 'marker', person: p.name, marker: pending.marker, cell: pending.cell, at: pending.at, until: clock++, action: pending.action });
        p.pending = null;
        return;
      }
      p.ed.view.dispatch(p.ed.state.tr.insertText(pending.rest[0]!));
      pending.rest = pending.rest.slice(1);
      if (pending.rest) return;
      events.push({ kind: 'marker', person: p.name, marker: pending.marker, cell: pending.cell, at: pending.at, until: clock++, action: pending.action });
      p.pending = null;
    };
    let actionNo = 0;
    for (let step = 0; step < steps; step++) {
      vi.setSystemTime(step * 100);
      const p = r.pick(ps);
      if (r.chance(0.3)) {
        log.push(`${step} ${p.letter} receives ${JSON.stringify(p.inbox.map((b) => b.length))}`);
        deliver(p);
        continue;
      }
      if (p.pending) {
        if (r.chance(0.1)) undoManager(p).stopCapturing(); // a pause inside the marker
        typeNext(p);
        continue;
      }
      const n = rows(p);
      if (n < 1) continue;
      const row = r.int(1, n);
      const col = r.pick(TEXT);
      const kind = r.pick(KINDS);
      const action = actionNo++;
      log.push(`${step} ${p.letter} ${kind} row ${row} col ${col} (of ${n} rows)`);
      switch (kind) {
        case 'type': click(p, row, col); startMarker(p, action); break;
        case 'enter': click(p, row, col); p.ed.commands.splitBlock(); startMarker(p, action); break;
        case 'ctrlA': case 'delete': {
          click(p, row, col);
          selectCellText(p.ed.state, p.ed.view.dispatch);
          const cells = [caretCell(p)!];
          if (kind === 'ctrlA') startMarker(p, action); else p.ed.view.dispatch(p.ed.state.tr.deleteSelection());
          events.push({ kind: 'clear', person: p.name, cells, at: clock++, action });
          break;
        }
        case 'shift': {
          const row2 = r.int(1, n);
          const col2 = r.pick(TEXT);
          if (row2 === row && col2 === col) break;
          click(p, row, col);
          const sel = CellSelection.create(p.ed.state.doc, cellStart(p, row, col), cellStart(p, row2, col2));
          p.ed.view.dispatch(p.ed.state.tr.setSelection(sel));
          const cells: CellRef[] = [];
          sel.forEachCell((c, pos) => {
            if (c.type.name === 'tableCell' && c.firstChild?.type.name !== 'rating') cells.push({ row: rowId(p, p.ed.state.doc.resolve(pos).index(1)), column: String(c.attrs.column) });
          });
          if (r.chance(0.5)) clearSelectedCells(p.ed.state, p.ed.view.dispatch);
          else {
            const tr = typeOverCells(p.ed.state, '{'); // the first key over the cells, the rest typed
            if (tr) { p.ed.view.dispatch(tr); startMarker(p, action, '{'); }
          }
          events.push({ kind: 'clear', person: p.name, cells, at: clock++, action });
          break;
        }
        case 'pasteLines': {
          click(p, row, col);
          const cell = caretCell(p)!;
          const ms = [0, 1].map(() => `{${p.letter}${++p.typed}}`);
          p.ed.view.dispatch(pasteTransaction(p.ed.state, { kind: 'text', text: ms.join('\n') }, DEFAULT_TEMPLATE)!);
          const at = clock++;
          for (const m of ms) events.push({ kind: 'marker', person: p.name, marker: m, cell, at, action });
          break;
        }
        case 'pasteTsv': {
          click(p, row, col);
          const lines = r.int(1, 2);
          const block = Array.from({ length: lines }, () => COLS.slice(col).map((c) => (c.kind === 'text' ? `{${p.letter}${++p.typed}}` : r.pick(['H', 'M', 'L']))));
          const at = clock++;
          p.ed.view.dispatch(pasteTransaction(p.ed.state, { kind: 'cells', rows: block }, DEFAULT_TEMPLATE)!);
          const cells: CellRef[] = [];
          block.forEach((fields, i) => fields.forEach((f, j) => {
            if (COLS[col + j]!.kind !== 'text') return;
            const ref = { row: rowId(p, row + i), column: COLS[col + j]!.key };
            cells.push(ref);
            events.push({ kind: 'marker', person: p.name, marker: f, cell: ref, at, action });
          }));
          events.push({ kind: 'clear', person: p.name, cells, at: clock++, action });
          break;
        }
        case 'undo': case 'redo': {
          const before = own(p);
          const rowsBefore = rowIds(p);
          (kind === 'undo' ? undo : redo)(p.ed.state);
          // An undo of my added row, or a redo of my removal, removes a row on purpose, as the
          // remove-row command does: tell the oracle, which excuses what others typed in it
          // meanwhile (before, their markers were "lost: nothing took it away").
          const rowsAfter = rowIds(p);
          for (const id of rowsBefore) if (!rowsAfter.has(id)) events.push({ kind: 'removeRow', person: p.name, row: id, at: clock++ });
          // A row the undo brought back is a new row (Yjs re-creates what it restores); Yjs notes
          // on the gone row's item which one, and the oracle reads the new row as the gone one.
          for (const id of rowsAfter) {
            if (rowsBefore.has(id)) continue;
            for (const e of events) {
              if (e.kind !== 'removeRow') continue;
              const [client, at] = e.row.split(':').map(Number) as [number, number];
              if (Y.getState(p.doc.store, client) <= at) continue; // a row this person never saw
              const redone = (Y.getItem(p.doc.store, Y.createID(client, at)) as Y.Item).redone;
              if (redone && `${redone.client}:${redone.clock}` === id) events.push({ kind: 'restoreRow', person: p.name, row: id, from: e.row, at: clock++ });
            }
          }
          if (kind === 'redo') events.push({ kind, person: p.name, at: clock++ });
          else {
            const after = new Set(own(p));
            events.push({ kind, person: p.name, at: clock++, removed: before.filter((m) => !after.has(m)) });
          }
          break;
        }
        case 'addRow': {
          undoManager(p).stopCapturing();
          const tr = p.ed.state.tr.insert(p.ed.state.doc.firstChild!.nodeSize - 1, p.ed.schema.nodeFromJSON(emptyRow(DEFAULT_TEMPLATE)));
          p.ed.view.dispatch(tr.setMeta(ROW_COMMAND, true));
          undoManager(p).stopCapturing();
          break;
        }
        case 'removeRow': {
          if (n <= 1) break;
          const id = rowId(p, row);
          undoManager(p).stopCapturing();
          const pos = cellStart(p, row, 0) - 1;
          p.ed.view.dispatch(p.ed.state.tr.delete(pos, pos + p.ed.state.doc.nodeAt(pos)!.nodeSize).setMeta(ROW_COMMAND, true));
          undoManager(p).stopCapturing();
          events.push({ kind: 'removeRow', person: p.name, row: id, at: clock++ });
          break;
        }
      }
    }
    for (const p of ps) while (p.pending) typeNext(p);
    for (let k = 0; k < 3; k++) for (const p of ps) deliver(p, true);

    const problems: string[] = [];
    const snaps = ps.map((p) => yTableSnapshot(p.doc));
    const pms = ps.map((p) => JSON.stringify(p.ed.state.doc.toJSON()));
    if (snaps.some((s) => JSON.stringify(s) !== JSON.stringify(snaps[0]))) problems.push('the Yjs documents differ');
    if (pms.some((s) => s !== pms[0])) problems.push('the editors differ');
    ps.forEach((p) => {
      const v = roomViolations(p.doc, DEFAULT_TEMPLATE);
      if (v.length) problems.push(`${p.name}'s document breaks the room schema: ${JSON.stringify(v)}`);
      const pmRows = p.ed.state.doc.firstChild!.childCount - 1;
      if (pmRows !== snaps[0]!.rows.length) problems.push(`${p.name}'s editor has ${pmRows} rows, the document ${snaps[0]!.rows.length}`);
      p.ed.state.doc.firstChild!.forEach((rowNode, _o, i) => {
        if (i > 0) rowNode.forEach((c) => { if (c.attrs.column == null) problems.push(`${p.name}'s editor: row ${i} has a cell without column`); });
      });
    });
    const isText = (key: string) => COLS.find((c) => c.key === key)?.kind === 'text';
    const final: FinalTable = {
      rows: snaps[0]!.rows.map((x) => ({ id: x.id, cells: Object.fromEntries(x.columns.map((k, c): [string, string] => [k, x.cells[c] ?? '']).filter(([k]) => isText(k))) })),
    };
    problems.push(...checkTable(events, final));
    return { problems, log };
  } catch (e) {
    return { problems: [`threw ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`], log };
  } finally {
    ps.forEach((p) => p.ed.destroy());
    vi.useRealTimers();
  }
}
