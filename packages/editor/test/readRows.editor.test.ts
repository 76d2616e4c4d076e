// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, ROOM_FIELD, readRows, readRowsFromUpdate, roomStats, seedRoomUpdate } from '@roomtable/core';
import type { Editor } from '@tiptap/core';
import type { Row } from '@roomtable/core';
import { cellPos, createRoomEditor, setRating, textEndPos, textPos } from './roomEditor';

const EMPTY: Row = { suggestion: '', benefit: '', impact: null, needed: '', effort: null };
const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

function seededEditor(suggestions: string[]): { doc: Y.Doc; editor: Editor } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, suggestions));
  const editor = createRoomEditor(doc);
  editors.push(editor);
  return { doc, editor };
}

/** A body row as the web app inserts one: every cell tagged with its column, ratings as rating nodes. */
function rowJSON(values: Record<string, string>): Record<string, unknown> {
  return {
    type: 'tableRow',
    content: DEFAULT_TEMPLATE.columns.map((c) => ({
      type: 'tableCell',
      attrs: { column: c.key },
      content:
        c.kind === 'rating'
          ? [{ type: 'rating', attrs: { value: values[c.key] ?? null } }]
          : [{ type: 'paragraph', content: values[c.key] ? [{ type: 'text', text: values[c.key] }] : [] }],
    })),
  };
}

describe('readRows on documents written by the real editor', () => {
  it('reads typed, formatted, multi-paragraph text and ratings, skipping empty cells', () => {
    const { doc, editor } = seededEditor(['Publish minutes', 'Run a survey']);
    // benefit of row 1: "More trust overall" with "trust" bold and "overall" italic
    editor.chain().setTextSelection(textPos(editor, 1, 1)).insertContent('More trust overall').run();
    const start = textPos(editor, 1, 1);
    editor.chain().setTextSelection({ from: start + 5, to: start + 10 }).toggleBold().run();
    editor.chain().setTextSelection({ from: start + 11, to: start + 18 }).toggleItalic().run();
    // needed of row 1: two paragraphs, made with Enter
    editor.chain().setTextSelection(textPos(editor, 1, 3)).insertContent('Staff time').run();
    editor.commands.splitBlock();
    editor.commands.insertContent('Budget');
    setRating(editor, 1, 2, 'H');
    setRating(editor, 1, 4, 'L');
    setRating(editor, 2, 4, 'M');
    // a suggestion appended to by typing at its end
    editor.chain().setTextSelection(textEndPos(editor, 2, 0)).insertContent(' of members').run();

    expect(editor.state.doc.child(0).child(1).child(1).firstChild?.child(1).marks.map((m) => m.type.name)).toEqual(['bold']);
    expect(() => editor.state.doc.check()).not.toThrow();
    // the marks really are in the Yjs document, as formatting that readRows must drop
    expect(doc.getXmlFragment(ROOM_FIELD).toString()).toContain('<bold>trust</bold>');
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      { suggestion: 'Publish minutes', benefit: 'More trust overall', impact: 'H', needed: 'Staff time\nBudget', effort: 'L' },
      { ...EMPTY, suggestion: 'Run a survey of members', effort: 'M' },
    ]);
  });

  it('reads a cell whose text was typed and then deleted as empty', () => {
    const { doc, editor } = seededEditor(['Delete me', 'Keep me']);
    const from = textPos(editor, 1, 0);
    editor.chain().setTextSelection({ from, to: from + 'Delete me'.length }).deleteSelection().run();
    expect(editor.state.doc.child(0).child(1).child(0).textContent).toBe('');
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([EMPTY, { ...EMPTY, suggestion: 'Keep me' }]);
  });

  it('reads rows added and deleted with the table commands', () => {
    const { doc, editor } = seededEditor(['One', 'Two', 'Three']);
    // delete "Two"
    editor.chain().setTextSelection(textPos(editor, 2, 0)).deleteRow().run();
    // the stock command adds cells with no column attribute and a paragraph where a rating would be
    editor.chain().setTextSelection(textPos(editor, 2, 0)).addRowAfter().run();
    expect(editor.state.doc.child(0).child(3).child(0).attrs.column).toBeNull();
    editor.chain().setTextSelection(textPos(editor, 3, 0)).insertContent('Added').run();
    editor.chain().setTextSelection(textPos(editor, 3, 3)).insertContent('Needs').run();
    // a row as the web app inserts it, after the header
    editor.commands.insertContentAt(cellPos(editor, 1, 0) - 2, rowJSON({ suggestion: 'First now', impact: 'M' }));

    expect(() => editor.state.doc.check()).not.toThrow();
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      { ...EMPTY, suggestion: 'First now', impact: 'M' },
      { ...EMPTY, suggestion: 'One' },
      { ...EMPTY, suggestion: 'Three' },
      { ...EMPTY, suggestion: 'Added', needed: 'Needs' },
    ]);
  });

  it('reads a row given with fewer cells than the template after the editor pads it', () => {
    const { doc, editor } = seededEditor(['One']);
    const short = {
      type: 'tableRow',
      content: [
        { type: 'tableCell', attrs: { column: 'needed' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'N' }] }] },
        { type: 'tableCell', attrs: { column: 'suggestion' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'S' }] }] },
      ],
    };
    const end = cellPos(editor, 1, 0) - 2 + editor.state.doc.child(0).child(1).nodeSize;
    editor.commands.insertContentAt(end, short);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      { ...EMPTY, suggestion: 'One' },
      { ...EMPTY, suggestion: 'S', needed: 'N' },
    ]);
  });

  it('reads the same rows on a peer that only received the updates, and from a snapshot', () => {
    const { doc, editor } = seededEditor(['Shared']);
    const peer = new Y.Doc();
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(peer, u));
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    editor.chain().setTextSelection(textPos(editor, 1, 1)).insertContent('Benefit').run();
    setRating(editor, 1, 2, 'L');
    setRating(editor, 1, 2, 'M');
    const expected: Row[] = [{ ...EMPTY, suggestion: 'Shared', benefit: 'Benefit', impact: 'M' }];
    expect(readRows(peer, DEFAULT_TEMPLATE)).toEqual(expected);
    expect(readRowsFromUpdate(Y.encodeStateAsUpdate(peer), DEFAULT_TEMPLATE)).toEqual(expected);
    expect(roomStats(expected, DEFAULT_TEMPLATE)).toEqual({ rows: 1, ratingsFilled: 1, ratingsTotal: 2 });
  });

  it('converges two editors editing the same room concurrently', () => {
    const a = seededEditor(['Shared']);
    const b = seededEditor(['Shared']);
    a.editor.chain().setTextSelection(textPos(a.editor, 1, 1)).insertContent('From A').run();
    setRating(a.editor, 1, 2, 'H');
    b.editor.chain().setTextSelection(textPos(b.editor, 1, 3)).insertContent('From B').run();
    b.editor.chain().setTextSelection(textPos(b.editor, 1, 0)).addRowAfter().run();
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
    const rows = readRows(a.doc, DEFAULT_TEMPLATE);
    expect(rows).toEqual([{ ...EMPTY, suggestion: 'Shared', benefit: 'From A', impact: 'H', needed: 'From B' }, EMPTY]);
    expect(readRows(b.doc, DEFAULT_TEMPLATE)).toEqual(rows);
    expect(b.editor.state.doc.child(0).child(1).child(1).textContent).toBe('From A');
  });
});
