import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { COLUMN_ATTR, NODE, RATING_ATTR, ROOM_FIELD } from '@roomtable/core';
import type { CellRef } from './oracle';

/**
 * The room table as one page or the server holds it, in one shape so they can be compared: the
 * header texts, and per body row its Yjs id (`client:clock` of the row element, the same on every
 * replica) and its cells in order, a text cell as its lines joined by "\n", a rating cell as
 * `rating:H` (`rating:` when not rated). `problems` lists what is not a row of cells at all.
 */
export interface TableSnapshot {
  header: string[];
  rows: Array<{ id: string; columns: string[]; cells: string[] }>;
  problems: string[];
}

/** The table in the server's (or any) Yjs document. */
export function yTableSnapshot(doc: Y.Doc): TableSnapshot {
  const fragment = doc.getXmlFragment(ROOM_FIELD);
  const problems: string[] = [];
  if (fragment.length !== 1) problems.push(`the document holds ${fragment.length} top-level nodes`);
  const table = fragment.get(0);
  if (!(table instanceof Y.XmlElement) || table.nodeName !== NODE.table) return { header: [], rows: [], problems: [...problems, 'no table'] };
  const textOf = (el: Y.XmlElement | Y.XmlText): string =>
    el instanceof Y.XmlText
      ? (el.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')
      : el.toArray().map((c) => textOf(c as Y.XmlElement | Y.XmlText)).join('');
  const snapshot: TableSnapshot = { header: [], rows: [], problems };
  table.toArray().forEach((row, r) => {
    if (!(row instanceof Y.XmlElement) || row.nodeName !== NODE.row) {
      problems.push(`table child ${r} is not a row`);
      return;
    }
    const cells = row.toArray();
    if (r === 0) {
      snapshot.header = cells.map((c) => textOf(c as Y.XmlElement));
      return;
    }
    const out = { id: `${row._item!.id.client}:${row._item!.id.clock}`, columns: [] as string[], cells: [] as string[] };
    for (const cell of cells) {
      if (!(cell instanceof Y.XmlElement) || cell.nodeName !== NODE.cell) {
        problems.push(`row ${out.id} holds a ${cell instanceof Y.XmlElement ? cell.nodeName : 'text'}, not a cell`);
        continue;
      }
      out.columns.push(String(cell.getAttribute(COLUMN_ATTR)));
      const blocks = cell.toArray();
      const rating = blocks.find((b) => b instanceof Y.XmlElement && b.nodeName === NODE.rating) as Y.XmlElement | undefined;
      if (rating) {
        if (blocks.length !== 1) problems.push(`a rating cell of row ${out.id} holds ${blocks.length} nodes`);
        out.cells.push(`rating:${rating.getAttribute(RATING_ATTR) ?? ''}`);
        continue;
      }
      for (const b of blocks) if (!(b instanceof Y.XmlElement) || b.nodeName !== NODE.paragraph) problems.push(`a text cell of row ${out.id} holds more than paragraphs`);
      out.cells.push(blocks.map((b) => textOf(b as Y.XmlElement)).join('\n'));
    }
    snapshot.rows.push(out);
  });
  return snapshot;
}

/** Names the page-side functions need (they run in the browser, where nothing is imported). */
const NAMES = { row: NODE.row, cell: NODE.cell, header: NODE.header, rating: NODE.rating, column: COLUMN_ATTR, value: RATING_ATTR };

/**
 * Runs in the page: the TipTap editor of the room table, a function giving the Yjs id of a row
 * node (through the binding's mapping of Yjs types to ProseMirror nodes), and the cell around a
 * position. Kept in one string so every page-side helper shares it.
 */
const PAGE_PRELUDE = `
  const editor = document.querySelector('[data-testid="room-table"]').editor;
  const view = editor.view;
  const state = view.state;
  const sync = state.plugins.find((p) => p.key.startsWith('y-sync$'));
  const mapping = sync.getState(state).binding.mapping;
  const ids = new Map();
  for (const [type, node] of mapping) if (type._item) ids.set(node, type._item.id.client + ':' + type._item.id.clock);
  const cellAt = (pos) => {
    const $pos = state.doc.resolve(pos);
    for (let d = $pos.depth; d > 0; d--) {
      if ($pos.node(d).type.name === N.cell) return { row: ids.get($pos.node(d - 1)) ?? 'unbound', column: String($pos.node(d).attrs[N.column]) };
      if ($pos.node(d).type.name === N.header) return null;
    }
    return null;
  };
`;

const inPage = <A extends object, R>(page: Page, body: string, arg: A): Promise<R> =>
  page.evaluate(
    new Function('arg', `const N = arg.N; ${PAGE_PRELUDE} return (${body})(arg);`) as (arg: unknown) => R,
    { ...arg, N: NAMES },
  );

/** The table as the page's editor holds it. */
export function pageTableSnapshot(page: Page): Promise<TableSnapshot> {
  return inPage(
    page,
    `() => {
      const table = state.doc.firstChild;
      const out = { header: [], rows: [], problems: [] };
      table.forEach((row, _o, r) => {
        const cells = [];
        row.forEach((c) => cells.push(c));
        if (r === 0) { out.header = cells.map((c) => c.textContent); return; }
        out.rows.push({
          id: ids.get(row) ?? 'unbound',
          columns: cells.map((c) => String(c.attrs[N.column])),
          cells: cells.map((c) => c.firstChild && c.firstChild.type.name === N.rating
            ? 'rating:' + (c.firstChild.attrs[N.value] ?? '')
            : (() => { const lines = []; c.forEach((p) => lines.push(p.textContent)); return lines.join('\\n'); })()),
        });
      });
      return out;
    }`,
    {},
  );
}

/**
 * The text cells the person's selection is in, as the browser shows it: the caret's cell, or every
 * body text cell of a cell selection (what Delete or typing would clear).
 */
export function selectedCells(page: Page): Promise<CellRef[]> {
  return inPage(
    page,
    `() => {
      const sel = state.selection;
      if (typeof sel.forEachCell === 'function') {
        const out = [];
        sel.forEachCell((cell, pos) => {
          if (cell.type.name === N.cell && !(cell.firstChild && cell.firstChild.type.name === N.rating)) {
            const c = cellAt(pos + 1);
            if (c) out.push(c);
          }
        });
        return out;
      }
      const dom = document.getSelection();
      const at = dom && dom.anchorNode && view.dom.contains(dom.anchorNode) ? view.posAtDOM(dom.anchorNode, dom.anchorOffset) : sel.from;
      const c = cellAt(at);
      return c ? [c] : [];
    }`,
    {},
  );
}

/**
 * Pastes as a person's Ctrl+V would (a `paste` event carrying the clipboard's text and HTML), at the
 * editor's selection, and says in the same turn of the page (no remote change in between) which cell
 * the caret was in and which rows followed it from there.
 */
export function pasteIntoEditor(page: Page, clip: { text: string; html?: string }): Promise<{ cell: CellRef | null; rowsFrom: string[] }> {
  return inPage(
    page,
    `(arg) => {
      const cell = cellAt(state.selection.from);
      const data = new DataTransfer();
      data.setData('text/plain', arg.text);
      if (arg.html) data.setData('text/html', arg.html);
      view.dom.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      const after = view.state;
      const afterIds = new Map();
      for (const [type, node] of after.plugins.find((p) => p.key.startsWith('y-sync$')).getState(after).binding.mapping) {
        if (type._item) afterIds.set(node, type._item.id.client + ':' + type._item.id.clock);
      }
      const rows = [];
      after.doc.firstChild.forEach((row) => rows.push(afterIds.get(row) ?? 'unbound'));
      const start = cell ? rows.indexOf(cell.row) : -1;
      return { cell, rowsFrom: start < 0 ? [] : rows.slice(start) };
    }`,
    clip,
  );
}

/**
 * Arms the page so that the next click on the button `testId` notes the row the caret is in at that
 * moment, in the same turn of the page as the app's handler (the remove-row command removes that
 * row); {@link notedRow} reads it. The caret's row when the person placed it is not enough: on a
 * loaded machine the click comes later, and a row someone removed meanwhile takes the caret into
 * another row, which the click then removes.
 */
export function noteRowOnClick(page: Page, testId: string): Promise<void> {
  return inPage(
    page,
    `(arg) => {
      const w = window;
      w.__tortureNotedRow = null;
      const button = document.querySelector('[data-testid="' + arg.testId + '"]');
      if (!button) return;
      button.addEventListener('click', () => {
        const now = view.state;
        const binding = now.plugins.find((p) => p.key.startsWith('y-sync$')).getState(now).binding;
        const $from = now.selection.$from;
        let row = null;
        for (let d = $from.depth; d > 0 && !row; d--) if ($from.node(d).type.name === N.row) row = $from.node(d);
        if (!row && $from.nodeAfter && $from.nodeAfter.type.name === N.row) row = $from.nodeAfter;
        for (const [type, node] of binding.mapping) if (row && node === row && type._item) w.__tortureNotedRow = type._item.id.client + ':' + type._item.id.clock;
      }, { capture: true, once: true });
    }`,
    { testId },
  );
}

/** The row {@link noteRowOnClick} noted, or null (no click yet, or the caret was in no bound row). */
export function notedRow(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as { __tortureNotedRow?: string | null }).__tortureNotedRow ?? null);
}

/**
 * The text cells of the page's cell selection, read in one turn of the page; null when the
 * selection is not a selection of cells or its head cell (where the shift+click landed) holds a
 * rating: the rating then takes the keyboard (a node selection), and typing goes nowhere in the table.
 */
export function selectedTextCellsOfCellSelection(page: Page): Promise<CellRef[] | null> {
  return inPage(
    page,
    `() => {
      const sel = state.selection;
      if (typeof sel.forEachCell !== 'function') return null;
      const isRating = (cell) => !!(cell && cell.firstChild && cell.firstChild.type.name === N.rating);
      if (isRating(sel.$headCell.nodeAfter)) return null;
      const out = [];
      sel.forEachCell((cell, pos) => {
        if (cell.type.name === N.cell && !isRating(cell)) {
          const c = cellAt(pos + 1);
          if (c) out.push(c);
        }
      });
      return out;
    }`,
    {},
  );
}

/**
 * The rows an undo or redo on this page brought back, as `{ row, from }`: `from` a removed row (by
 * Yjs id), `row` the new row Yjs re-created for it. Yjs notes that on the removed row's item
 * (`redone`) only in the document of the person whose undo did it, so every page is asked.
 */
export function restoredRows(page: Page, removed: string[]): Promise<Array<{ row: string; from: string }>> {
  return inPage(
    page,
    `(arg) => {
      const store = sync.getState(state).binding.doc.store;
      const find = (client, clock) => {
        const structs = store.clients.get(client);
        if (!structs) return null;
        let low = 0;
        let high = structs.length - 1;
        while (low <= high) {
          const mid = (low + high) >> 1;
          const s = structs[mid];
          if (clock < s.id.clock) high = mid - 1;
          else if (clock >= s.id.clock + s.length) low = mid + 1;
          else return s;
        }
        return null;
      };
      const out = [];
      for (const from of arg.removed) {
        const [client, clock] = from.split(':').map(Number);
        const seen = new Set([from]);
        let at = from;
        let item = find(client, clock);
        while (item && item.redone) {
          const next = item.redone.client + ':' + item.redone.clock;
          if (seen.has(next)) break;
          seen.add(next);
          out.push({ row: next, from: at });
          at = next;
          item = find(item.redone.client, item.redone.clock);
        }
      }
      return out;
    }`,
    { removed },
  );
}
