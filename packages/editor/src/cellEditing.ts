import type { Node as PMNode, ResolvedPos, Schema } from '@tiptap/pm/model';
import { NodeSelection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import { NODE } from '@roomtable/core';

/** A command in ProseMirror's shape: true when it applies (and, given `dispatch`, applied). */
type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;

/** The depth of the body or header cell around `$pos`, or -1. */
export function cellDepth($pos: ResolvedPos): number {
  for (let d = $pos.depth; d > 0; d--) {
    const name = $pos.node(d).type.name;
    if (name === NODE.cell || name === NODE.header) return d;
  }
  return -1;
}

/** True for a cell holding a rating (its only content), false for a text cell. */
export function isRatingCell(cell: PMNode): boolean {
  return cell.firstChild?.type.name === NODE.rating;
}

/** Paragraphs holding `text`, one per line (an empty text gives one empty paragraph). */
export function paragraphsOf(schema: Schema, text: string): PMNode[] {
  return text.split(/\r\n|\r|\n/).map((line) => schema.nodes[NODE.paragraph]!.create(null, line === '' ? null : schema.text(line)));
}

/**
 * Transaction meta of a change that sets whole cell texts. The patched Yjs binding then writes
 * every letter of the new text as new: its text diff would otherwise keep a letter of the old text
 * that equals one of the new (a cleared cell's "{" as the first letter of a pasted "{C2}"), and
 * the pasted word would lose that letter when the old text's author undid theirs (issue 12).
 */
export const REPLACE_TEXTS = 'roomtable.replaceTexts';

/** Replaces the whole content of the text cell starting at `cellPos` with `text`'s lines. */
export function setCellText(tr: Transaction, cellPos: number, text: string): void {
  const cell = tr.doc.nodeAt(cellPos);
  if (!cell || isRatingCell(cell)) return;
  const replacement = paragraphsOf(tr.doc.type.schema, text);
  const current = cell.content;
  if (current.childCount === replacement.length && replacement.every((p, i) => p.eq(current.child(i)))) return;
  tr.replaceWith(cellPos + 1, cellPos + cell.nodeSize - 1, replacement);
  tr.setMeta(REPLACE_TEXTS, true);
}

/** The text cells of a cell selection, with their positions, in document order. */
function selectedTextCells(selection: CellSelection): number[] {
  const out: number[] = [];
  selection.forEachCell((cell, pos) => {
    if (cell.type.name === NODE.cell && !isRatingCell(cell)) out.push(pos);
  });
  return out.sort((a, b) => a - b);
}

/**
 * Ctrl+A selects the text of the cell the caret is in, never the table [TE5]. In a rating, or
 * with cells selected, it does nothing: there is no text of one cell to select.
 */
export const selectCellText: Command = (state, dispatch) => {
  const { selection } = state;
  if (selection instanceof CellSelection || selection instanceof NodeSelection) return true;
  const depth = cellDepth(selection.$from);
  if (depth < 0 || cellDepth(selection.$to) !== depth || selection.$to.before(depth) !== selection.$from.before(depth)) return true;
  const cell = selection.$from.node(depth);
  const start = selection.$from.start(depth);
  const from = TextSelection.near(state.doc.resolve(start), 1).from;
  const to = TextSelection.near(state.doc.resolve(start + cell.content.size), -1).to;
  dispatch?.(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
  return true;
};

/**
 * Delete or Backspace over selected cells clears the text of the text cells only: the rows stay,
 * ratings stay [TE6] (prosemirror-tables' own command would put a paragraph into rating cells).
 */
export const clearSelectedCells: Command = (state, dispatch) => {
  const { selection } = state;
  if (!(selection instanceof CellSelection)) return false;
  const tr = state.tr;
  for (const pos of selectedTextCells(selection).reverse()) setCellText(tr, pos, '');
  if (tr.docChanged) dispatch?.(tr.scrollIntoView());
  return true;
};

/**
 * Typing over selected cells clears their text (ratings stay) and puts what was typed into the
 * first selected text cell, the caret after it [TE6].
 */
export function typeOverCells(state: EditorState, text: string): Transaction | null {
  const { selection } = state;
  if (!(selection instanceof CellSelection)) return null;
  const cells = selectedTextCells(selection);
  const tr = state.tr;
  for (const pos of [...cells].reverse()) setCellText(tr, pos, '');
  const first = cells[0];
  if (first === undefined) return tr;
  const at = first + 2; // inside the first paragraph of the (now empty) cell
  tr.insertText(text, at);
  return tr.setSelection(TextSelection.create(tr.doc, at + text.length)).scrollIntoView();
}

/**
 * Backspace at the start of a cell (or Delete at its end) does nothing: cells never merge and a
 * neighbouring rating is never selected for deletion [TE7]. Within a cell, paragraphs join as usual.
 */
export function atCellEdge(direction: 'backward' | 'forward'): Command {
  return (state) => {
    const { selection } = state;
    if (selection instanceof NodeSelection && selection.node.type.name === NODE.rating) return true;
    if (selection instanceof CellSelection || !selection.empty) return false;
    const { $from } = selection;
    const depth = cellDepth($from);
    if (depth < 0) return false;
    if (direction === 'backward') return $from.parentOffset === 0 && $from.index(depth) === 0;
    return $from.parentOffset === $from.parent.content.size && $from.index(depth) === $from.node(depth).childCount - 1;
  };
}

/** Keys that would act on a selected rating or selected cells as if they were text do nothing. */
export const keepStructure: Command = (state) => {
  const { selection } = state;
  return selection instanceof CellSelection || (selection instanceof NodeSelection && selection.node.type.name === NODE.rating);
};
