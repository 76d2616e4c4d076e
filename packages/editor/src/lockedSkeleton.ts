import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Mapping } from '@tiptap/pm/transform';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { COLUMN_ATTR, DEFAULT_TEMPLATE, NODE, type Template } from '@roomtable/core';

/**
 * Meta key of the app's own row commands (add row, remove row, a pasted block that adds rows): the
 * only local transactions that may change how many rows the table has [TE1].
 */
export const ROW_COMMAND = 'roomtable.rowCommand';

/**
 * The editor's bounds: never more than the server accepts (`ROOM_LIMITS` of the room schema,
 * rule RT8), so nothing a person does here is refused there.
 */
export const EDITOR_LIMITS = {
  maxRows: 500,
  maxCellChars: 10_000,
  maxParagraphs: 200,
} as const;

/** Why a local change was refused, for the message the room shows. */
export type SkeletonProblem = 'structure' | 'header' | 'rows' | 'tooManyRows' | 'cellTooLong';

/** True for a transaction the Yjs binding dispatched: remote changes, undo, redo, first render. */
export function isBindingTransaction(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey) !== undefined;
}

function cellProblem(cell: PMNode, column: Template['columns'][number]): SkeletonProblem | null {
  if (cell.type.name !== NODE.cell || cell.attrs[COLUMN_ATTR] !== column.key) return 'structure';
  if (cell.attrs.colspan !== 1 || cell.attrs.rowspan !== 1 || cell.attrs.colwidth != null) return 'structure';
  if (column.kind === 'rating') {
    return cell.childCount === 1 && cell.firstChild?.type.name === NODE.rating ? null : 'structure';
  }
  if (cell.childCount === 0) return 'structure';
  let chars = 0;
  let problem: SkeletonProblem | null = null;
  cell.forEach((block) => {
    if (block.type.name !== NODE.paragraph) problem = 'structure';
    chars += block.textContent.length;
  });
  if (problem) return problem;
  return chars > EDITOR_LIMITS.maxCellChars || cell.childCount > EDITOR_LIMITS.maxParagraphs ? 'cellTooLong' : null;
}

/** What is wrong with a body row for this template, or null: exactly its columns, in order, each with its content. */
export function bodyRowProblem(row: PMNode, template: Template): SkeletonProblem | null {
  if (row.type.name !== NODE.row || row.childCount !== template.columns.length) return 'structure';
  for (let i = 0; i < row.childCount; i++) {
    const problem = cellProblem(row.child(i), template.columns[i]!);
    if (problem) return problem;
  }
  return null;
}

/**
 * Why `after` may not follow `before` through a person's own change, or null [TE1]–[TE3]: one
 * table; its header row untouched; as many rows as before unless a row command made the change;
 * every body row the change touched still a row of the template. A row that was already broken
 * (content stored before these rules) may stay as broken, never become worse.
 */
export function skeletonProblem(before: PMNode, after: PMNode, template: Template, rowCommand: boolean): SkeletonProblem | null {
  const oldTable = before.firstChild;
  const table = after.firstChild;
  if (after.childCount !== 1 || !table || table.type.name !== NODE.table || !oldTable) return 'structure';
  const oldHeader = oldTable.firstChild;
  const header = table.firstChild;
  if (!oldHeader || !header) return 'structure';
  if (!header.eq(oldHeader)) {
    const sameCells = header.childCount === oldHeader.childCount && header.content.content.every((c, i) => c.sameMarkup(oldHeader.child(i)));
    return sameCells ? 'header' : 'structure';
  }
  if (!rowCommand && table.childCount !== oldTable.childCount) return 'rows';
  if (table.childCount > oldTable.childCount && table.childCount - 1 > EDITOR_LIMITS.maxRows) return 'tooManyRows';
  for (let r = 1; r < table.childCount; r++) {
    const row = table.child(r);
    const old = r < oldTable.childCount ? oldTable.child(r) : null;
    if (row === old) continue;
    const problem = bodyRowProblem(row, template);
    if (problem && !(old && !rowCommand && bodyRowProblem(old, template) === problem)) return problem;
  }
  return null;
}

/** True when the position is inside a header cell. */
function inHeader(doc: PMNode, pos: number): boolean {
  const $pos = doc.resolve(pos);
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name === NODE.header) return true;
  return false;
}

/**
 * The locked skeleton of the room table [TE1]–[TE4]: people edit cell text and ratings, nothing
 * else. Every local transaction that would change the table's structure, a heading, or a rating
 * cell's content is refused before it applies;
 * transactions of the Yjs binding always pass, since refusing one would part ProseMirror from
 * the shared document. A refused change is reported to `onRefused`. A caret never stays in a heading.
 */
export const LockedSkeleton = Extension.create<{ template: Template; onRefused: (problem: SkeletonProblem) => void }>({
  name: 'lockedSkeleton',
  priority: 1100,
  addOptions() {
    return { template: DEFAULT_TEMPLATE, onRefused: () => {} };
  },
  addProseMirrorPlugins() {
    const { template, onRefused } = this.options;
    return [
      new Plugin({
        key: new PluginKey('lockedSkeleton'),
        filterTransaction: (tr, state) => {
          if (!tr.docChanged || isBindingTransaction(tr)) return true;
          const problem = skeletonProblem(state.doc, tr.doc, template, tr.getMeta(ROW_COMMAND) === true);
          if (problem) onRefused(problem);
          return problem === null;
        },
        appendTransaction: (transactions, old, state) => {
          if (transactions.every(isBindingTransaction)) return null;
          const { selection } = state;
          if (!(selection instanceof TextSelection) || !(inHeader(state.doc, selection.from) || inHeader(state.doc, selection.to))) return null;
          // A click or an arrow key into a heading leaves the caret where it was.
          const before = old.selection;
          if (!inHeader(old.doc, before.from) && !inHeader(old.doc, before.to)) {
            const mapping = new Mapping();
            for (const tr of transactions) mapping.appendMapping(tr.mapping);
            return state.tr.setSelection(before.map(state.doc, mapping));
          }
          // The caret had no place yet (it starts in the document's first heading): the first body
          // cell below its heading takes it.
          const table = state.doc.firstChild;
          const header = table?.firstChild;
          if (!table || !header || table.childCount < 2) return null;
          const $from = state.doc.resolve(selection.from);
          const column = Math.min($from.index(2), header.childCount - 1);
          let pos = 1 + header.nodeSize + 1;
          for (let c = 0; c < column; c++) pos += table.child(1).child(c).nodeSize;
          return state.tr.setSelection(TextSelection.near(state.doc.resolve(pos + 1)));
        },
      }),
    ];
  },
});
