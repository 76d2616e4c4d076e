// @vitest-environment happy-dom
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Editor } from '@tiptap/core';
import { DEFAULT_TEMPLATE, ROOM_FIELD, seedRoomUpdate } from '@roomtable/core';
import { pasteTransaction } from '../src/tablePaste';
import { caretAt, textPos, twoPeople, typeKeys } from './roomEditor';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

const cellOf = (doc: Y.Doc, row: number, col: number) =>
  ((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(row) as Y.XmlElement).get(col) as Y.XmlElement;

/** Two people on a room whose first suggestion cell has three lines; `lines` reads that cell. */
function threeLineCell() {
  const people = twoPeople(editors, seedRoomUpdate(DEFAULT_TEMPLATE, ['First line', 'Other']));
  const [docA] = people.docs;
  cellOf(docA, 1, 0).insert(1, ['Second line', 'Third line'].map((text) => {
    const line = new Y.XmlElement('paragraph');
    line.insert(0, [new Y.XmlText(text)]);
    return line;
  }));
  people.sync();
  const lines = (doc: Y.Doc) => (cellOf(doc, 1, 0).toArray() as Y.XmlElement[]).map((p) => p.toArray().map((t) => t.toString()).join(''));
  return { ...people, lines };
}

// Table fuzzer seed 22 (and others): new lines at the start of a cell of three or more lines
// rewrote the old first line into the new one and re-created its text as new letters in a new
// paragraph. Whoever was typing in that line at the same moment typed into the deleted copy (their
// marker lost or broken), and an undo of a concurrent clear brought the old text back beside the
// copy (the marker twice).
for (const [how, act] of [
  ['presses Enter', (b: Editor) => b.commands.splitBlock()],
  ['pastes two lines', (b: Editor) => b.view.dispatch(pasteTransaction(b.state, { kind: 'text', text: '{B1}\n{B2}' }, DEFAULT_TEMPLATE)!)],
] as const) {
  it(`[TF1] when Bo ${how} at the start of a three-line cell while Ana types at the end of its first line, Ana's letters stay in her line`, () => {
    const { a, b, docs, sync, lines } = threeLineCell();
    caretAt(a, textPos(a, 1, 0) + 'First line'.length);
    caretAt(b, textPos(b, 1, 0));
    act(b);
    typeKeys(a, ' {A1}');
    sync();
    const expected = how === 'presses Enter' ? ['', 'First line {A1}', 'Second line', 'Third line'] : ['{B1}', '{B2}First line {A1}', 'Second line', 'Third line'];
    expect(lines(docs[0])).toEqual(expected);
    expect(lines(docs[1])).toEqual(expected);
  });
}
