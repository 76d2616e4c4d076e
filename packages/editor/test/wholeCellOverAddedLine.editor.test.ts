// @vitest-environment happy-dom
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import { DEFAULT_TEMPLATE, ROOM_FIELD, seedRoomUpdate } from '@roomtable/core';
import { selectCellText } from '../src/cellEditing';
import { pasteTransaction } from '../src/tablePaste';
import { caretAt, textEndPos, textPos, twoPeople, typeKeys } from './roomEditor';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

const cellText = (doc: Y.Doc) => {
  const cell = ((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement;
  return (cell.toArray() as Y.XmlElement[]).map((p) => p.toArray().map((t) => t.toString()).join('')).join('\n');
};

/*
 * Table fuzzer seeds 67, 122 and 132, reduced to two people. New lines above a cell's first line
 * (Enter, or a paste of lines, at its start) keep that line's Yjs element and insert theirs before
 * it (patched binding, `reconcileUnanchoredChildren`, for seed 22). A change that leaves a cell
 * one line (Ctrl+A then a key or Delete, a paste over the cell, a clear) keeps the cell's first
 * Yjs paragraph and deletes the others (patched binding, `updateYFragment`, for the server's
 * "page differs"). So Bo, who added the line, keeps the added line and deletes the cell's own;
 * Ana, who has not seen the added line, types into the cell's own line, and Yjs deletes what is
 * inserted into a deleted element: her letters are lost.
 *
 * Known to fail (it.fails): the line to keep depends on what the person typing had seen, which
 * Bo's binding cannot know. The last two tests give Bo the same view and keys, with Ana typing in
 * the added line, which she has seen: they pass only because Bo keeps the added line. Every rule
 * tried for the line to keep (the cell's own first line, that one only if Bo added the lines above
 * it, only if it holds more text) made these pass and those fail, and in the 200-seed sweep fixed
 * 67, 122 and 132 but broke 3 to 6 seeds that pass, the same shape the other way round (of 4, 22,
 * 30, 76, 136, 172, 180 and 184; 184 under every rule). A fix has to work where Ana typed: e.g.
 * her binding putting back letters of hers that a concurrent deletion of their line took, which
 * needs the deletions the remote update itself carried (Yjs deletes unseen children implicitly).
 */
const addLinesAbove = [
  ['presses Enter at the start of the cell', (b: Editor) => b.commands.splitBlock()],
  ['pastes two lines at the start of the cell', (b: Editor) => b.view.dispatch(pasteTransaction(b.state, { kind: 'text', text: '{B0}\n{B1}' }, DEFAULT_TEMPLATE)!)],
] as const;
const wholeCell = [
  ['types {B2} over the whole cell (Ctrl+A)', (b: Editor) => { selectCellText(b.state, b.view.dispatch); typeKeys(b, '{B2}'); }],
  ['deletes the whole cell (Ctrl+A, Delete)', (b: Editor) => { selectCellText(b.state, b.view.dispatch); b.view.dispatch(b.state.tr.deleteSelection()); }],
  ['pastes {B2} from a spreadsheet over the cell', (b: Editor) => b.view.dispatch(pasteTransaction(b.state, { kind: 'cells', rows: [['{B2}']] }, DEFAULT_TEMPLATE)!)],
] as const;
for (const [added, add] of addLinesAbove) {
  for (const [how, change] of wholeCell) {
    it.fails(`[TF1] when Bo ${added}, then ${how}, while Ana types at the end of its line, Ana's letters stay`, () => {
      const { a, b, docs, sync } = twoPeople(editors, seedRoomUpdate(DEFAULT_TEMPLATE, ['Own line', 'Other']));
      caretAt(b, textPos(b, 1, 0));
      add(b);
      change(b);
      caretAt(a, textEndPos(a, 1, 0));
      typeKeys(a, ' {A1}');
      sync();
      expect(cellText(docs[0])).toContain(' {A1}');
      expect(cellText(docs[1])).toEqual(cellText(docs[0]));
    });
  }
}

for (const [added, add] of addLinesAbove) {
  it(`[TF1] when Bo ${added} and Ana, who saw the new line, types at its start while Bo clears the cell, Ana's letters stay`, () => {
    const { a, b, docs, sync } = twoPeople(editors, seedRoomUpdate(DEFAULT_TEMPLATE, ['Own line', 'Other']));
    caretAt(b, textPos(b, 1, 0));
    add(b);
    sync();
    selectCellText(b.state, b.view.dispatch);
    b.view.dispatch(b.state.tr.deleteSelection());
    caretAt(a, textPos(a, 1, 0));
    typeKeys(a, '{A1}');
    sync();
    expect(cellText(docs[0])).toBe('{A1}');
    expect(cellText(docs[1])).toBe('{A1}');
  });
}
