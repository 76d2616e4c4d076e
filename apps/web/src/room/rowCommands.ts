import type { Editor } from '@tiptap/core';
import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { NODE, RATING_ATTR, type Template } from '@roomtable/core';
import { ROW_COMMAND, emptyRow } from '@roomtable/editor';

/** A row command is one undo step of its own, never merged with the typing before or after it. */
function ownUndoStep(editor: Editor): void {
  yUndoPluginKey.getState(editor.state)?.undoManager?.stopCapturing();
}

/** The table row around a position, with where it starts. */
export interface FoundRow {
  node: PMNode;
  pos: number;
}

/** The row containing `$pos`, or null outside any row. */
export function rowAt($pos: ResolvedPos): FoundRow | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (node.type.name === NODE.row) return { node, pos: $pos.before(depth) };
  }
  // A node selection on a row sits just before it.
  const after = $pos.nodeAfter;
  if (after?.type.name === NODE.row) return { node: after, pos: $pos.pos };
  return null;
}

/** True for the row of column headings. */
export function isHeaderRow(row: PMNode): boolean {
  return row.firstChild?.type.name === NODE.header;
}

/** True when a person typed or rated anything in the row. */
export function rowHasContent(row: PMNode): boolean {
  if (row.textContent.trim() !== '') return true;
  let rated = false;
  row.descendants((child) => {
    if (child.type.name === NODE.rating && child.attrs[RATING_ATTR]) rated = true;
    return !rated;
  });
  return rated;
}

/** Appends an empty row after the row holding the cursor, or at the end; puts the cursor in it. */
export function addRow(editor: Editor, template: Template): boolean {
  const { doc, selection } = editor.state;
  const table = doc.firstChild;
  if (!table || table.type.name !== NODE.table) return false;
  const current = rowAt(selection.$from);
  // The table starts at 0, so its last row ends at its size minus the closing token.
  const at = current ? current.pos + current.node.nodeSize : table.nodeSize - 1;
  ownUndoStep(editor);
  const added = editor
    .chain()
    .insertContentAt(at, emptyRow(template), { updateSelection: false })
    .command(({ tr }) => {
      tr.setMeta(ROW_COMMAND, true);
      tr.setSelection(TextSelection.near(tr.doc.resolve(at + 1))).scrollIntoView();
      return true;
    })
    .run();
  ownUndoStep(editor);
  // Focus now, not on the next frame (TipTap's focus command waits for one): the person keeps
  // typing straight into the new row, and a screen reader announces the cell at once.
  if (added) editor.view.focus();
  return added;
}

/** The body row the cursor is in, or why there is none to remove. */
export function removableRow(editor: Editor): FoundRow | 'noRow' | 'header' {
  const row = rowAt(editor.state.selection.$from);
  if (!row) return 'noRow';
  if (isHeaderRow(row.node)) return 'header';
  return row;
}

/**
 * Deletes exactly this row version. A collaborator may have edited or moved it while the person
 * confirmed; then nothing is deleted (false) so nobody loses text they did not see.
 */
export function deleteRow(editor: Editor, row: PMNode): boolean {
  const table = editor.state.doc.firstChild;
  if (!table) return false;
  let at = -1;
  let previous = -1;
  table.forEach((child, offset) => {
    if (child === row) at = offset + 1;
    else if (at < 0) previous = offset + 1;
  });
  if (at < 0) return false;
  ownUndoStep(editor);
  const removed = editor
    .chain()
    .command(({ tr }) => {
      tr.setMeta(ROW_COMMAND, true);
      tr.delete(at, at + row.nodeSize);
      // The caret goes to the first cell of the row that took this one's place, or of the row
      // above when it was the last; never into a rating, whose control would take the focus.
      const next = tr.doc.nodeAt(at)?.type.name === NODE.row ? at : previous;
      if (next >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(next + 1))).scrollIntoView();
      return true;
    })
    .run();
  ownUndoStep(editor);
  return removed;
}
