import { Editor, Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { ySyncPlugin, yUndoPlugin } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { ROOM_FIELD } from '@roomtable/core';
import { assessmentSchemaExtensions, createRoomUndoManager } from '../src/index';

/**
 * A real TipTap editor on the room schema, bound to `doc` the way TipTap's Collaboration extension
 * binds it (`ySyncPlugin` on the room field). Needs a DOM (run the test under happy-dom).
 */
export function createRoomEditor(doc: Y.Doc, options: { undo?: boolean } = {}): Editor {
  const fragment = doc.getXmlFragment(ROOM_FIELD);
  // With `undo`, also the room's undo of this person's own changes, as the web app plugs it in.
  const undo = options.undo ? [yUndoPlugin({ undoManager: createRoomUndoManager(fragment) })] : [];
  const Collaboration = Extension.create({
    name: 'roomCollaboration',
    addProseMirrorPlugins: () => [ySyncPlugin(fragment), ...undo],
  });
  return new Editor({
    element: document.createElement('div'),
    extensions: [...assessmentSchemaExtensions(), Collaboration],
  });
}

/** Position just inside cell `col` of row `row` of the editor's table (row 0 is the header). */
export function cellPos(editor: Editor, row: number, col: number): number {
  const table = editor.state.doc.child(0);
  let pos = 1; // inside the table node
  for (let r = 0; r < row; r++) pos += table.child(r).nodeSize;
  const tableRow = table.child(row);
  pos += 1; // inside the row
  for (let c = 0; c < col; c++) pos += tableRow.child(c).nodeSize;
  return pos + 1;
}

/** Position where text typed at the start of the cell's first paragraph goes. */
export function textPos(editor: Editor, row: number, col: number): number {
  return cellPos(editor, row, col) + 1;
}

/** Position at the end of the cell's last paragraph. */
export function textEndPos(editor: Editor, row: number, col: number): number {
  const start = cellPos(editor, row, col);
  const cell = editor.state.doc.resolve(start).parent;
  return start + cell.content.size - 1;
}

/** Sets the rating in a rating cell as the rating node view does: new attributes on the atom node. */
export function setRating(editor: Editor, row: number, col: number, value: 'H' | 'M' | 'L' | null): void {
  const pos = cellPos(editor, row, col);
  const node = editor.state.doc.nodeAt(pos);
  if (node?.type.name !== 'rating') throw new Error(`no rating node at row ${row}, column ${col}`);
  editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, value }));
}

/**
 * Two people, each with their own document and editor on the room seeded by `seed`; they meet only
 * through `sync`. The editors go into `track`, for the test's afterEach to destroy.
 */
export function twoPeople(track: Editor[], seed: Uint8Array, options: { undo?: boolean } = {}) {
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  for (const doc of docs) Y.applyUpdate(doc, seed);
  const [a, b] = docs.map((doc) => {
    const editor = createRoomEditor(doc, options);
    track.push(editor);
    return editor;
  }) as [Editor, Editor];
  const sync = () => {
    const [x, y] = docs;
    Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)));
    Y.applyUpdate(x, Y.encodeStateAsUpdate(y, Y.encodeStateVector(x)));
  };
  return { a, b, docs, sync };
}

/** Types `text` one key at a time at the editor's caret, as keystrokes do. */
export function typeKeys(editor: Editor, text: string): void {
  for (const ch of text) editor.view.dispatch(editor.state.tr.insertText(ch));
}

/** Puts the editor's caret at `pos`. */
export function caretAt(editor: Editor, pos: number): void {
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)));
}
