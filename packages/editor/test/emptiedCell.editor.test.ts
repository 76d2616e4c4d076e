// @vitest-environment happy-dom
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import { DEFAULT_TEMPLATE, ROOM_FIELD, roomViolations, seedRoomUpdate } from '@roomtable/core';
import { createRoomEditor } from './roomEditor';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

const cellOf = (doc: Y.Doc, row: number, col: number) =>
  ((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(row) as Y.XmlElement).get(col) as Y.XmlElement;

// Table fuzzer seed 2: A and C each deleted the line of a two-line cell that the other kept, so
// the merged cell had no paragraph; the binding deleted the cell it could not render, the row's
// cells slid a column left and the table appended a cell without its column (a rating in the
// benefit column, a row the server refuses).
it('[TF1] a cell two people emptied at once (each deleting the line the other kept) stays in its column, with an empty line', () => {
  const seed = seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two']);
  const [a, c, b] = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  for (const doc of [a, c, b]) Y.applyUpdate(doc, seed);
  const line = new Y.XmlElement('paragraph');
  line.insert(0, [new Y.XmlText('second line')]);
  cellOf(a, 1, 1).insert(1, [line]);
  const twoLines = Y.encodeStateAsUpdate(a);
  Y.applyUpdate(c, twoLines);
  Y.applyUpdate(b, twoLines);
  const editor = createRoomEditor(b);
  editors.push(editor);

  const before = [Y.encodeStateVector(a), Y.encodeStateVector(c)];
  cellOf(a, 1, 1).delete(0, 1); // A keeps the second line
  cellOf(c, 1, 1).delete(1, 1); // C keeps the first
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, before[0]));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(c, before[1]));

  const row = editor.state.doc.firstChild!.child(1);
  expect(row.childCount).toBe(DEFAULT_TEMPLATE.columns.length);
  row.forEach((cell, _o, i) => expect(cell.attrs.column).toBe(DEFAULT_TEMPLATE.columns[i]!.key));
  expect(row.child(1).textContent).toBe('');
  expect(roomViolations(b, DEFAULT_TEMPLATE)).toEqual([]);
  expect(cellOf(b, 1, 1).getAttribute('column')).toBe(DEFAULT_TEMPLATE.columns[1]!.key);
});
