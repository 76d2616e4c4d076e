import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, type Template } from '@roomtable/core';
import * as Y from 'yjs';
import { emptyRow } from '../../packages/sync/test/helpers/roomBuilders';

/**
 * Marker strings written into a room table the way a person types: each marker (and a `|` after it)
 * at the end of a body text cell, one transaction each, so every marker is one small plain edit the
 * server takes on its fast path. A cell takes markers until it is nearly full; then the next text
 * cell does, and when every cell is full a new row is added, as "Add row" would. Tests that once
 * pushed markers into a `Y.Array` of the room document (which a room table may not hold) use these.
 */
const SEPARATOR = '|';
/**
 * Well under the server's 10,000 characters per cell [RT8]: each writer checks the fill against its
 * own copy, so writers on two processes appending to the same cell at once add up before they see
 * each other. 8,000 left too little slack under load (six crash-loop editors took a cell to 10,004
 * and were refused with 4422); 4,000 leaves 6,000 characters for what is still in flight.
 */
const CELL_FILL = 4000;

const cursors = new WeakMap<Y.Doc, number>();

/**
 * Resolves once `doc` holds a room table. A client synced with a process that loaded the room
 * before another process's seed reached storage or the fan-out holds an empty document for a
 * moment; the table follows over the fan-out (a browser shows "loading" meanwhile).
 */
export function whenTable(doc: Y.Doc): Promise<void> {
  if (tableOf(doc)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!tableOf(doc)) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

/** Appends `marker` to the room table held by `doc` (which must have synced: the table must be there). */
export function addMarker(doc: Y.Doc, marker: string, template: Template = DEFAULT_TEMPLATE): void {
  if (marker.includes(SEPARATOR)) throw new Error(`a marker may not contain "${SEPARATOR}"`);
  const table = tableOf(doc);
  if (!table) throw new Error('the room table has not arrived in this document yet: wait for the sync first');
  doc.transact(() => {
    let cells = textCells(table, template);
    let at = cursors.get(doc) ?? 0;
    while (at < cells.length && textLength(cells[at]!) + marker.length + 1 > CELL_FILL) at++;
    if (at >= cells.length) {
      table.insert(table.length, [emptyRow(template)]);
      cells = textCells(table, template);
    }
    cursors.set(doc, at);
    const paragraph = cells[at]!.get(0) as Y.XmlElement;
    let text = paragraph.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
    if (!text) {
      text = new Y.XmlText();
      paragraph.insert(0, [text]);
    }
    // A cell that holds other text (a seeded suggestion) gets a separator first, so the marker stands alone.
    const before = text.length > 0 && !text.toString().endsWith(SEPARATOR) ? SEPARATOR : '';
    text.insert(text.length, `${before}${marker}${SEPARATOR}`);
  });
}

/** Every marker in the room table, in table order (a cell's markers in the order they were typed; other text counts as one). */
export function markersIn(doc: Y.Doc, template: Template = DEFAULT_TEMPLATE): string[] {
  const table = tableOf(doc);
  if (!table) return [];
  const out: string[] = [];
  for (const cell of textCells(table, template)) {
    let all = '';
    for (const block of cell.toArray()) {
      if (!(block instanceof Y.XmlElement)) continue;
      for (const inline of block.toArray()) if (inline instanceof Y.XmlText) all += inline.toString();
    }
    out.push(...all.split(SEPARATOR).filter((m) => m !== ''));
  }
  return out;
}

function tableOf(doc: Y.Doc): Y.XmlElement | null {
  const table = doc.getXmlFragment(ROOM_FIELD).get(0);
  return table instanceof Y.XmlElement && table.nodeName === NODE.table ? table : null;
}

// The text cells of the body rows, row by row.
function textCells(table: Y.XmlElement, template: Template): Y.XmlElement[] {
  const textColumns = new Set(template.columns.filter((c) => c.kind === 'text').map((c) => c.key));
  const cells: Y.XmlElement[] = [];
  for (const row of table.toArray().slice(1)) {
    if (!(row instanceof Y.XmlElement)) continue;
    for (const cell of row.toArray()) {
      if (cell instanceof Y.XmlElement && textColumns.has(String(cell.getAttribute('column')))) cells.push(cell);
    }
  }
  return cells;
}

function textLength(cell: Y.XmlElement): number {
  let length = 0;
  for (const block of cell.toArray()) {
    if (block instanceof Y.XmlElement) for (const inline of block.toArray()) if (inline instanceof Y.XmlText) length += inline.length;
  }
  return length;
}
