import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection, TextSelection } from '@tiptap/pm/state';
import { NODE } from '@roomtable/core';
import { endUndoStep } from './RoomUndo';

/** A table cell (header or body) and where it starts in the document. */
interface CellAt {
  node: PMNode;
  pos: number;
}

/**
 * Every body cell of the room table, row by row, in reading order. Headings are not among them:
 * they are read-only, so neither Tab nor focusing the table ever puts the caret into one.
 */
function cells(doc: PMNode): CellAt[] {
  const out: CellAt[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === NODE.header) return false;
    if (node.type.name === NODE.cell) {
      out.push({ node, pos });
      return false;
    }
    return true;
  });
  return out;
}

/** Index of the cell containing document position `pos`, or -1. */
function cellIndexAt(list: CellAt[], pos: number): number {
  return list.findIndex((c) => pos > c.pos && pos < c.pos + c.node.nodeSize);
}

/**
 * Moves the selection `step` cells on from the cell holding `from` (default: the selection).
 * A rating cell gets its rating node selected (its control then takes focus); a text cell
 * gets the cursor at the end of its text. False at either end of the table, so Tab can leave it.
 */
export function moveToCell(editor: Editor, step: 1 | -1, from?: number): boolean {
  const { state } = editor;
  const list = cells(state.doc);
  const index = cellIndexAt(list, from ?? state.selection.from);
  // Outside every body cell (the editor just got focus): start at the first body cell, or the last.
  const target = index < 0 ? (step > 0 ? list[0] : list.at(-1)) : list[index + step];
  if (!target) return false;
  selectCell(editor, target);
  return true;
}

/** Puts the caret into the first body cell unless the selection is already inside a body cell. */
export function enterTable(editor: Editor): void {
  const list = cells(editor.state.doc);
  if (cellIndexAt(list, editor.state.selection.from) >= 0) return;
  const first = list[0];
  if (first) selectCell(editor, first);
}

function selectCell(editor: Editor, target: CellAt): void {
  // Typing in the next cell is an undo step of its own, as after a click.
  endUndoStep(editor.view);
  const { state } = editor;
  const first = target.node.firstChild;
  const tr = state.tr;
  if (first?.type.name === NODE.rating) {
    tr.setSelection(NodeSelection.create(state.doc, target.pos + 1));
  } else {
    const end = target.pos + target.node.nodeSize - 1;
    tr.setSelection(TextSelection.near(state.doc.resolve(end), -1));
  }
  editor.view.dispatch(tr.scrollIntoView());
}
