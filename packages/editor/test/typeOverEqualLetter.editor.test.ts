// @vitest-environment happy-dom
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import { DEFAULT_TEMPLATE, ROOM_FIELD, seedRoomUpdate } from '@roomtable/core';
import { CellSelection } from '@tiptap/pm/tables';
import { selectCellText, typeOverCells } from '../src/cellEditing';
import { caretAt, cellPos, textPos, twoPeople, typeKeys } from './roomEditor';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

const cellText = (doc: Y.Doc) =>
  (((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement)
    .toArray()
    .map((p) => (p as Y.XmlElement).toArray().map((t) => t.toString()).join(''))
    .join('\n');

// Table fuzzer seed 47: Bo pressed Ctrl+A in a cell whose first line was Ana's "{" (she was
// typing "{A21}") and typed "{B29} " over it. The binding saw the cell's first line still read
// "{" and took the line as unchanged: Bo's "{" was Ana's letter. Both went on typing after that one
// letter, and when Ana's next letters came Bo's marker was "B29} " after hers, its "{" gone.
// Seed 68: the same with a cell of the one line "{": the row and the cell read as before too.
for (const lines of [2, 1]) for (const [ana, bo] of [[1, 2], [2, 1]] as const) {
  it(`[TF1] typing over a selection that starts with the same letter writes my letter, not the old one (${lines} lines, client ids ${ana}, ${bo})`, () => {
    const { a, b, docs, sync } = twoPeople(editors, seedRoomUpdate(DEFAULT_TEMPLATE, ['', '']));
    docs[0].clientID = ana;
    docs[1].clientID = bo;
    caretAt(a, textPos(a, 1, 0));
    typeKeys(a, '{');
    if (lines === 2) {
      a.commands.splitBlock();
      typeKeys(a, 'x');
    }
    sync();
    // Bo selects the whole cell ("{", and "x" on a second line) and types his marker over it; Ana, not having seen
    // that, goes on typing hers after her "{" (as far as she knows the first line's).
    caretAt(b, textPos(b, 1, 0));
    selectCellText(b.state, b.view.dispatch);
    typeKeys(b, '{B1} ');
    caretAt(a, textPos(a, 1, 0) + 1);
    typeKeys(a, 'A1} ');
    sync();
    expect(cellText(docs[0])).toBe(cellText(docs[1]));
    // Bo's marker is whole; of Ana's only what she typed after Bo removed her "{" is left.
    expect(cellText(docs[0]).match(/\{B1\} /g)).toHaveLength(1);
    expect(cellText(docs[0]).replace('{B1} ', '')).toBe('A1} ');
  });
}

// Seed 67: typing over selected cells (a change that sets whole texts, `REPLACE_TEXTS`) in a cell
// that read "{" (Bo's marker, being typed) put Cy's "{" into an equal line, taken as unchanged:
// Cy's marker went on after Bo's letter, Bo's too, and one of the two had no "{".
for (const [bo, cy] of [[1, 2], [2, 1]] as const) {
  it(`[TF1] typing over selected cells writes my letter even when the cell read the same (client ids ${bo}, ${cy})`, () => {
    const { a: b, b: c, docs, sync } = twoPeople(editors, seedRoomUpdate(DEFAULT_TEMPLATE, ['', '']));
    docs[0].clientID = bo;
    docs[1].clientID = cy;
    caretAt(b, textPos(b, 1, 0));
    typeKeys(b, '{');
    sync();
    const from = cellPos(c, 1, 0) - 1;
    c.view.dispatch(c.state.tr.setSelection(CellSelection.create(c.state.doc, from, cellPos(c, 1, 1) - 1)));
    c.view.dispatch(typeOverCells(c.state, '{')!);
    typeKeys(c, 'C1} ');
    typeKeys(b, 'B1} ');
    sync();
    expect(cellText(docs[0])).toBe(cellText(docs[1]));
    // Cy's clear took Bo's "{" (he was typing it as she cleared); her marker is whole, and hers.
    expect(cellText(docs[0]).replace('{C1} ', '')).toBe('B1} ');
  });
}
