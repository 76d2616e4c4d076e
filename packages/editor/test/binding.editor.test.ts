// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextSelection } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import type { Editor } from '@tiptap/core';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { DEFAULT_TEMPLATE, ROOM_FIELD, readRows, seedRoomUpdate } from '@roomtable/core';
import { pasteTransaction } from '../src/tablePaste';
import { caretAt, cellPos, textPos, twoPeople as twoPeopleOn, typeKeys } from './roomEditor';

/** An empty body row of the default template, as "Add row" makes one. */
function emptyRow(editor: Editor) {
  return editor.schema.nodeFromJSON({
    type: 'tableRow',
    content: DEFAULT_TEMPLATE.columns.map((c) => ({
      type: 'tableCell',
      attrs: { column: c.key },
      content: [c.kind === 'rating' ? { type: 'rating' } : { type: 'paragraph' }],
    })),
  });
}

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

/** The seed as the first layout wrote it: empty paragraphs without a Y.XmlText (rooms seeded before). */
function firstLayoutSeed(): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, []));
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'paragraph' && child.toString() === '<paragraph></paragraph>') child.delete(0, child.length);
      else walk(child);
    }
  };
  walk(doc.getXmlFragment(ROOM_FIELD));
  return Y.encodeStateAsUpdate(doc);
}

/** Two people, each with their own document and editor on the same seeded room; they meet only through `sync`. */
const twoPeople = (suggestions: string[] = [], seed = seedRoomUpdate(DEFAULT_TEMPLATE, suggestions)) => twoPeopleOn(editors, seed);

/** Row index (0 = header) and column index of the cell holding the editor's caret. */
function caretCell(editor: Editor): [number, number] {
  const $pos = editor.state.selection.$head;
  return [$pos.index(1), $pos.index(2)];
}

describe('the editor binding keeps everybody’s typing where it was typed', () => {
  it.each([
    ['seeded now', () => twoPeople()],
    ['seeded by the first layout, without texts in empty paragraphs', () => twoPeople([], firstLayoutSeed())],
  ])('[TE11] two people typing the first letters of the same empty cell at once keep both runs whole (%s)', (_name, setUp) => {
    const { a, b, docs, sync } = setUp();
    const at = textPos(a, 1, 1);
    caretAt(a, at);
    caretAt(b, at);
    typeKeys(a, 'A');
    typeKeys(b, 'Z');
    sync();
    typeKeys(a, 'lpha words here. ');
    typeKeys(b, 'ulu text there. ');
    sync();
    typeKeys(a, 'More.');
    typeKeys(b, 'Again.');
    sync();
    const text = readRows(docs[0], DEFAULT_TEMPLATE)[0]?.benefit;
    expect(['Alpha words here. More.Zulu text there. Again.', 'Zulu text there. Again.Alpha words here. More.']).toContain(text);
    expect(readRows(docs[1], DEFAULT_TEMPLATE)).toEqual(readRows(docs[0], DEFAULT_TEMPLATE));
    expect(a.state.doc.toJSON()).toEqual(b.state.doc.toJSON());
  });

  it('[TE11] every paragraph the editor creates holds its text node from the start, so first letters meet in one text', () => {
    const { a, docs } = twoPeople();
    caretAt(a, textPos(a, 1, 0));
    typeKeys(a, 'One');
    a.commands.splitBlock();
    const cell = ((docs[0].getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement;
    const paragraphs = cell.toArray() as Y.XmlElement[];
    expect(paragraphs).toHaveLength(2);
    for (const p of paragraphs) {
      expect(p.length).toBe(1);
      expect(p.get(0)).toBeInstanceOf(Y.XmlText);
    }
    // Emptying a paragraph keeps its text node.
    a.commands.setTextSelection({ from: textPos(a, 1, 0), to: textPos(a, 1, 0) + 3 });
    a.commands.deleteSelection();
    expect((cell.get(0) as Y.XmlElement).get(0)).toBeInstanceOf(Y.XmlText);
  });

  it('[TE10] a row added above by someone else leaves my caret in my empty cell, not in the row that took its place', () => {
    const { a, b, sync } = twoPeople(['One', 'Two']);
    // Ana's caret at the start of the empty "benefit" cell of the second body row.
    caretAt(a, textPos(a, 2, 1));
    expect(caretCell(a)).toEqual([2, 1]);
    // Bo adds an empty row above the first body row.
    const rowPos = 1 + b.state.doc.child(0).child(0).nodeSize;
    b.view.dispatch(b.state.tr.insert(rowPos, emptyRow(b)));
    sync();
    expect(caretCell(a)).toEqual([3, 1]);
    expect(a.state.selection.$head.node(2).child(0).textContent).toBe('Two');
  });

  it('[TE10] my caret stays in its cell when someone replaces the line it was on (a pasted block, a cleared cell)', () => {
    const { a, b, docs, sync } = twoPeople(['One', 'Two']);
    // Ana writes two lines in the "needed" cell of the first body row and stays on the second.
    caretAt(a, textPos(a, 1, 3));
    typeKeys(a, 'first');
    a.commands.splitBlock();
    typeKeys(a, 'second');
    sync();
    expect(caretCell(a)).toEqual([1, 3]);
    // Bo replaces the cell's lines with one new line, as a pasted block does: Ana's line is gone.
    const cellPos = b.state.doc.resolve(textPos(b, 1, 3)).before(3);
    const cell = b.state.doc.nodeAt(cellPos)!;
    b.view.dispatch(b.state.tr.replaceWith(cellPos + 1, cellPos + cell.nodeSize - 1, b.schema.nodes.paragraph!.create(null, b.schema.text('pasted'))));
    sync();
    // Upstream the lost caret searched forward out of the cell, into the next row's first cell.
    expect(caretCell(a)).toEqual([1, 3]);
    typeKeys(a, '!');
    sync();
    const rows = readRows(docs[1], DEFAULT_TEMPLATE);
    expect(['pasted!', '!pasted']).toContain(rows[0]?.needed);
    expect(rows[1]).toEqual(expect.objectContaining({ suggestion: 'Two', needed: '' }));
  });

  it('[TE10] a letter typed before an equal letter of someone else stays mine: removing theirs leaves my word whole', () => {
    const { a, b, docs, sync } = twoPeople(['One']);
    // Bo's own changes, undone as his undo button does.
    const bosUndo = new Y.UndoManager(docs[1].getXmlFragment(ROOM_FIELD), { trackedOrigins: new Set([ySyncPluginKey]) });
    caretAt(b, textPos(b, 1, 3));
    typeKeys(b, '{C0} ');
    sync();
    // Ana types "{" at the start, before Bo's "{": the same letter on both sides of her caret.
    caretAt(a, textPos(a, 1, 3));
    typeKeys(a, '{');
    sync();
    // Bo takes his word back, then Ana goes on typing.
    bosUndo.undo();
    sync();
    typeKeys(a, 'A0} ');
    sync();
    // Upstream the "{" went into Yjs after Bo's, Ana's caret hung on his letter and fell before hers.
    expect(readRows(docs[0], DEFAULT_TEMPLATE)[0]?.needed).toBe('{A0}');
    expect(readRows(docs[1], DEFAULT_TEMPLATE)[0]?.needed).toBe('{A0}');
  });

  it('[TE10] lines pasted at the start of a cell keep the line someone is typing at the end of, whole and in place', () => {
    const { a, b, docs, sync } = twoPeople(['One']);
    caretAt(a, textPos(a, 1, 3));
    typeKeys(a, 'Ana types');
    sync();
    // Bo pastes two lines at the start of the same cell: "one" and "two" + Ana's line.
    caretAt(b, textPos(b, 1, 3));
    b.view.dispatch(pasteTransaction(b.state, { kind: 'text', text: 'one\ntwo' }, DEFAULT_TEMPLATE)!);
    sync();
    typeKeys(a, ' on');
    sync();
    // Upstream Ana's line was re-created as new letters in the second line while her caret stayed
    // in the first: her next letters landed after "one".
    expect(readRows(docs[0], DEFAULT_TEMPLATE)[0]?.needed).toBe('one\ntwoAna types on');
    expect(readRows(docs[1], DEFAULT_TEMPLATE)[0]?.needed).toBe('one\ntwoAna types on');
  });

  it('[TE10] lines pasted before the first letter someone typed in an empty cell leave that letter theirs: their word stays whole (torture seeds 13, 14, 19, 27)', () => {
    const { a, b, docs, sync } = twoPeople(['One']);
    // Ana has typed the first "{" of her marker into the empty cell; Bo's caret is before it.
    caretAt(a, textPos(a, 1, 3));
    typeKeys(a, '{');
    sync();
    caretAt(b, textPos(b, 1, 3));
    // Bo pastes two lines there, each starting with "{" too: "{B1}" and "{B2}" + Ana's "{".
    b.view.dispatch(pasteTransaction(b.state, { kind: 'text', text: '{B1}\n{B2}' }, DEFAULT_TEMPLATE)!);
    sync();
    typeKeys(a, 'A3} ');
    sync();
    // Before, the one-letter line "{" looked as much like "{B1}" as like "{B2}{" and the tie gave
    // Ana's line to "{B1}": her "{" was deleted and re-created as Bo's letter in the second line,
    // and her caret, hanging on the deleted letter, stayed in the first: "{B1}A3} " and "{B2}{".
    expect(readRows(docs[0], DEFAULT_TEMPLATE)[0]?.needed).toBe('{B1}\n{B2}{A3}');
    expect(readRows(docs[1], DEFAULT_TEMPLATE)[0]?.needed).toBe('{B1}\n{B2}{A3}');
  });

  it('[TE10] a word typed over someone else’s selected word is all mine: their undo leaves it whole', () => {
    const { a, b, docs, sync } = twoPeople(['One']);
    const bosUndo = new Y.UndoManager(docs[1].getXmlFragment(ROOM_FIELD), { trackedOrigins: new Set([ySyncPluginKey]) });
    caretAt(b, textPos(b, 1, 3));
    typeKeys(b, '{C0} ');
    sync();
    // Ana selects Bo's word and types hers over it; both start with "{".
    const start = textPos(a, 1, 3);
    a.view.dispatch(a.state.tr.setSelection(TextSelection.create(a.state.doc, start, start + '{C0} '.length)));
    typeKeys(a, '{A0} ');
    sync();
    bosUndo.undo();
    sync();
    // Upstream Ana's "{" was Bo's kept letter, and his undo took it from her word.
    expect(readRows(docs[0], DEFAULT_TEMPLATE)[0]?.needed).toBe('{A0}');
    expect(readRows(docs[1], DEFAULT_TEMPLATE)[0]?.needed).toBe('{A0}');
  });

  it('[TE10] a block pasted over someone else’s text is all new letters: their undo leaves it whole', () => {
    const { a, b, docs, sync } = twoPeople(['One']);
    const bosUndo = new Y.UndoManager(docs[1].getXmlFragment(ROOM_FIELD), { trackedOrigins: new Set([ySyncPluginKey]) });
    caretAt(b, textPos(b, 1, 3));
    typeKeys(b, '{C0}');
    sync();
    // Ana pastes a spreadsheet block into the same cell; the new text ends like the old one.
    caretAt(a, textPos(a, 1, 3));
    a.view.dispatch(pasteTransaction(a.state, { kind: 'cells', rows: [['{A0}', 'M']] }, DEFAULT_TEMPLATE)!);
    sync();
    bosUndo.undo();
    sync();
    // Upstream the pasted "}" was Bo's kept letter, and his undo took it.
    expect(readRows(docs[0], DEFAULT_TEMPLATE)[0]).toEqual(expect.objectContaining({ needed: '{A0}', effort: 'M' }));
    expect(readRows(docs[1], DEFAULT_TEMPLATE)[0]?.needed).toBe('{A0}');
  });

  it('[TE6] [TE10] someone else typing leaves my selection of cells a selection of the same cells (torture seed 2)', () => {
    const { a, b, docs, sync } = twoPeople(['One', 'Two']);
    // Ana shift+clicks from the first body row's suggestion to its "needed" cell.
    const anchor = cellPos(a, 1, 0) - 1;
    const head = cellPos(a, 1, 3) - 1;
    a.view.dispatch(a.state.tr.setSelection(CellSelection.create(a.state.doc, anchor, head)));
    caretAt(b, textPos(b, 2, 1));
    typeKeys(b, 'Bo');
    sync();
    // Upstream the binding restored it as a text selection from cell to cell, which Delete
    // cannot clear (the locked skeleton refuses the merge) and typing cannot type over.
    const selection = a.state.selection;
    expect(selection).toBeInstanceOf(CellSelection);
    expect([(selection as CellSelection).$anchorCell.pos, (selection as CellSelection).$headCell.pos]).toEqual([anchor, head]);
    a.commands.keyboardShortcut('Delete');
    sync();
    expect(readRows(docs[1], DEFAULT_TEMPLATE)).toEqual([
      expect.objectContaining({ suggestion: '', benefit: '', needed: '' }),
      expect.objectContaining({ suggestion: 'Two', benefit: 'Bo' }),
    ]);
  });
});
