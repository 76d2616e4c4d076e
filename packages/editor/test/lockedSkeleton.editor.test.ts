// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Editor, Extension } from '@tiptap/core';
import { AllSelection, NodeSelection, TextSelection } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import { ySyncPlugin } from '@tiptap/y-tiptap';
import { DEFAULT_TEMPLATE, ROOM_FIELD, readRows, seedRoomUpdate } from '@roomtable/core';
import {
  EDITOR_LIMITS,
  LockedSkeleton,
  ROW_COMMAND,
  TableEditing,
  assessmentSchemaExtensions,
  clearSelectedCells,
  createRoomUndoManager,
  emptyRow,
  parseTsv,
  pasteTransaction,
  readClipboard,
  selectCellText,
  typeOverCells,
  type SkeletonProblem,
} from '../src/index';
import { cellPos, textPos } from './roomEditor';

const editors: Editor[] = [];
afterEach(() => editors.splice(0).forEach((e) => e.destroy()));

/** A real editor on a seeded room with the locked skeleton and the table's editing rules. */
function lockedEditor(suggestions: string[] = ['One', 'Two']) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, suggestions));
  const refused: SkeletonProblem[] = [];
  const binding = Extension.create({ name: 'binding', addProseMirrorPlugins: () => [ySyncPlugin(doc.getXmlFragment(ROOM_FIELD))] });
  const editor = new Editor({
    element: document.createElement('div'),
    extensions: [
      ...assessmentSchemaExtensions(),
      binding,
      LockedSkeleton.configure({ template: DEFAULT_TEMPLATE, onRefused: (p) => refused.push(p) }),
      TableEditing.configure({ template: DEFAULT_TEMPLATE }),
    ],
  });
  editors.push(editor);
  const rows = () => readRows(doc, DEFAULT_TEMPLATE);
  return { doc, editor, refused, rows };
}

function caret(editor: Editor, pos: number) {
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)));
}

describe('the locked skeleton refuses every local change to the table’s structure', () => {
  it('[TE1] typing over the whole document (Ctrl+A of the browser) is refused; the table stays', () => {
    const { editor, refused, rows } = lockedEditor();
    editor.view.dispatch(editor.state.tr.setSelection(new AllSelection(editor.state.doc)));
    editor.view.dispatch(editor.state.tr.insertText('word'));
    expect(rows().map((r) => r.suggestion)).toEqual(['One', 'Two']);
    expect(refused).toEqual(['structure']);
  });

  it('[TE1] a row added or removed without the row command is refused; with it, it passes', () => {
    const { editor, refused, rows } = lockedEditor();
    const table = editor.state.doc.firstChild!;
    const end = table.nodeSize - 1;
    editor.view.dispatch(editor.state.tr.insert(end, editor.schema.nodeFromJSON(emptyRow(DEFAULT_TEMPLATE))));
    const second = 1 + table.child(0).nodeSize + table.child(1).nodeSize;
    editor.view.dispatch(editor.state.tr.delete(second, second + table.child(2).nodeSize));
    expect(rows()).toHaveLength(2);
    expect(refused).toEqual(['rows', 'rows']);
    editor.view.dispatch(editor.state.tr.insert(end, editor.schema.nodeFromJSON(emptyRow(DEFAULT_TEMPLATE))).setMeta(ROW_COMMAND, true));
    expect(rows()).toHaveLength(3);
  });

  it('[TE2] a heading cannot be typed into, and a caret put into one goes back where it was', () => {
    const { editor, refused, doc } = lockedEditor();
    caret(editor, textPos(editor, 1, 1));
    editor.view.dispatch(editor.state.tr.insertText('X', textPos(editor, 0, 0)));
    expect(refused).toEqual(['header']);
    caret(editor, textPos(editor, 0, 2));
    expect(editor.state.selection.from).toBe(textPos(editor, 1, 1));
    const header = ((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlElement).toString();
    expect(header).not.toContain('X');
  });

  it('[TE3] a rating cell keeps exactly its rating: replacing it with text, or adding to it, is refused', () => {
    const { editor, refused } = lockedEditor();
    const rating = cellPos(editor, 1, 2);
    editor.view.dispatch(editor.state.tr.setSelection(NodeSelection.create(editor.state.doc, rating)));
    editor.view.dispatch(editor.state.tr.insertText('a1 '));
    editor.view.dispatch(editor.state.tr.insert(rating + 1, editor.schema.nodes.paragraph!.create()));
    expect(editor.state.doc.nodeAt(rating)?.type.name).toBe('rating');
    expect(refused).toEqual(['structure', 'structure']);
    // Typing with a rating selected is taken by the rules, before it could even try.
    expect(editor.view.someProp('handleTextInput', (f) => f(editor.view, rating, rating + 1, 'a', () => editor.state.tr))).toBe(true);
  });

  it('[TE4] a cell never grows past the server’s bound; the change is refused whole', () => {
    const { editor, refused, rows } = lockedEditor();
    caret(editor, textPos(editor, 1, 1));
    editor.view.dispatch(editor.state.tr.insertText('x'.repeat(EDITOR_LIMITS.maxCellChars + 1)));
    expect(rows()[0]?.benefit).toBe('');
    expect(refused).toEqual(['cellTooLong']);
    editor.view.dispatch(editor.state.tr.insertText('x'.repeat(EDITOR_LIMITS.maxCellChars)));
    expect(rows()[0]?.benefit).toHaveLength(EDITOR_LIMITS.maxCellChars);
  });

  it('[TE1] changes from the binding (other people, undo) always pass, whatever they hold', () => {
    const { editor, doc } = lockedEditor();
    const table = doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
    doc.transact(() => table.delete(1, 1));
    expect(editor.state.doc.firstChild!.childCount).toBe(2);
  });
});

describe('keys and typing in the table', () => {
  it('[TE5] Ctrl+A selects the text of the caret’s cell, all its paragraphs', () => {
    const { editor } = lockedEditor(['First\nSecond']);
    caret(editor, textPos(editor, 1, 0) + 2);
    selectCellText(editor.state, editor.view.dispatch);
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to, '\n')).toBe('First\nSecond');
    editor.view.dispatch(editor.state.tr.insertText('Replaced'));
    expect(editor.state.doc.firstChild!.child(1).child(0).textContent).toBe('Replaced');
    expect(editor.state.doc.firstChild!.childCount).toBe(2);
  });

  it('[TE6] Delete over selected cells clears the text cells and leaves ratings and rows alone', () => {
    const { editor, rows } = lockedEditor(['One', 'Two']);
    editor.view.dispatch(editor.state.tr.setNodeAttribute(cellPos(editor, 1, 2), 'value', 'H'));
    caret(editor, textPos(editor, 1, 1));
    editor.view.dispatch(editor.state.tr.insertText('benefit'));
    const doc = editor.state.doc;
    editor.view.dispatch(editor.state.tr.setSelection(CellSelection.create(doc, cellPos(editor, 1, 0) - 1, cellPos(editor, 2, 3) - 1)));
    expect(clearSelectedCells(editor.state, editor.view.dispatch)).toBe(true);
    expect(rows()).toEqual([
      { suggestion: '', benefit: '', impact: 'H', needed: '', effort: null },
      { suggestion: '', benefit: '', impact: null, needed: '', effort: null },
    ]);
  });

  it('[TE6] typing over selected cells clears them and puts the text into the first text cell', () => {
    const { editor, rows } = lockedEditor(['One', 'Two']);
    editor.view.dispatch(editor.state.tr.setSelection(CellSelection.create(editor.state.doc, cellPos(editor, 1, 0) - 1, cellPos(editor, 2, 0) - 1)));
    editor.view.dispatch(typeOverCells(editor.state, 'N')!);
    editor.view.dispatch(editor.state.tr.insertText('ew'));
    expect(rows().map((r) => r.suggestion)).toEqual(['New', '']);
  });

  it('[TE7] Backspace at the start of a cell and Delete at its end do nothing; inside a cell they join lines', () => {
    const { editor, rows, refused } = lockedEditor(['One', 'Two']);
    const press = (key: string) =>
      editor.view.someProp('handleKeyDown', (f) => f(editor.view, new KeyboardEvent('keydown', { key })));
    caret(editor, textPos(editor, 2, 0));
    expect(press('Backspace')).toBe(true);
    caret(editor, textPos(editor, 1, 0) + 3);
    expect(press('Delete')).toBe(true);
    expect(rows().map((r) => r.suggestion)).toEqual(['One', 'Two']);
    expect(refused).toEqual([]);
  });
});

describe('paste into the table', () => {
  it('[TE8] reads spreadsheet TSV with quoted cells, HTML tables and HTML text', () => {
    expect(parseTsv('a\tb\n"two\nlines"\t"say ""hi"""\n')).toEqual([
      ['a', 'b'],
      ['two\nlines', 'say "hi"'],
    ]);
    expect(readClipboard('', '<table><tr><td>x</td><td>y</td></tr></table>')).toEqual({ kind: 'cells', rows: [['x', 'y']] });
    expect(readClipboard('', '<p>one <b>bold</b></p><p>two</p><script>alert(1)</script>')).toEqual({ kind: 'text', text: 'one bold\ntwo' });
    expect(readClipboard('plain\r\nlines', '<p>ignored</p>')).toEqual({ kind: 'text', text: 'plain\nlines' });
    // A spreadsheet's single column: lines in the text, cells in the HTML.
    expect(readClipboard('a\nb', '<table><tr><td>a</td></tr><tr><td>b</td></tr></table>')).toEqual({ kind: 'cells', rows: [['a'], ['b']] });
    // A table inside other copied text is text, all of it: nothing around the table is dropped.
    expect(readClipboard('Intro\na\nb', '<p>Intro</p><table><tr><td>a</td></tr><tr><td>b</td></tr></table>')).toEqual({
      kind: 'text',
      text: 'Intro\na\nb',
    });
  });

  it('[TE8] a TSV block fills cells from the caret like a spreadsheet, ratings included, adding rows with the row command', () => {
    const { editor, rows, refused } = lockedEditor(['One']);
    caret(editor, textPos(editor, 1, 1));
    const tr = pasteTransaction(editor.state, { kind: 'cells', rows: [['b1', 'h', 'n1', 'Low', 'extra'], ['b2', 'x', 'n2'], ['b3']] }, DEFAULT_TEMPLATE)!;
    editor.view.dispatch(tr);
    expect(refused).toEqual([]);
    expect(rows()).toEqual([
      { suggestion: 'One', benefit: 'b1', impact: 'H', needed: 'n1', effort: 'L' },
      { suggestion: '', benefit: 'b2', impact: null, needed: 'n2', effort: null },
      { suggestion: '', benefit: 'b3', impact: null, needed: '', effort: null },
    ]);
  });

  it('[TE8] multi-line text goes into the caret’s cell as lines of text, never as new cells', () => {
    const { editor, doc } = lockedEditor(['One']);
    caret(editor, textPos(editor, 1, 0) + 3);
    editor.view.dispatch(pasteTransaction(editor.state, { kind: 'text', text: ' a\nb\nc' }, DEFAULT_TEMPLATE)!);
    expect(readRows(doc, DEFAULT_TEMPLATE)[0]?.suggestion).toBe('One a\nb\nc');
    expect(editor.state.doc.firstChild!.childCount).toBe(2);
  });
});

describe('undo of my own changes', () => {
  it('[TE9] undoing an added row removes it only while it is empty; text someone wrote in it stays', () => {
    const { editor, doc } = lockedEditor(['One']);
    const undo = createRoomUndoManager(doc.getXmlFragment(ROOM_FIELD));
    const end = editor.state.doc.firstChild!.nodeSize - 1;
    editor.view.dispatch(editor.state.tr.insert(end, editor.schema.nodeFromJSON(emptyRow(DEFAULT_TEMPLATE))).setMeta(ROW_COMMAND, true));
    undo.stopCapturing();
    // Someone else types into the new row.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const row = (other.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(2) as Y.XmlElement;
    (((row.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Theirs');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    undo.undo();
    expect(readRows(doc, DEFAULT_TEMPLATE).map((r) => r.suggestion)).toEqual(['One', 'Theirs']);
    // An empty added row goes.
    editor.view.dispatch(editor.state.tr.insert(editor.state.doc.firstChild!.nodeSize - 1, editor.schema.nodeFromJSON(emptyRow(DEFAULT_TEMPLATE))).setMeta(ROW_COMMAND, true));
    undo.stopCapturing();
    expect(readRows(doc, DEFAULT_TEMPLATE)).toHaveLength(3);
    undo.undo();
    expect(readRows(doc, DEFAULT_TEMPLATE)).toHaveLength(2);
    undo.destroy();
  });
});
