import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';
import { NODE, RATING_ATTR, isRating, type Rating, type Template } from '@roomtable/core';
import { cellDepth, isRatingCell, paragraphsOf, setCellText, typeOverCells } from './cellEditing';
import { emptyRow } from './emptyRow';
import { ROW_COMMAND } from './lockedSkeleton';

/** What a paste brings: a block of cells (from a spreadsheet or an HTML table), or text. */
export type Pasted = { kind: 'cells'; rows: string[][] } | { kind: 'text'; text: string };

/**
 * Splits tab-separated text as spreadsheets write it: rows by line break, cells by tab, a cell
 * holding a tab, a line break or a quote wrapped in quotes with inner quotes doubled.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quotedStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quotedStart && ch === '"') {
      // A quoted field runs to the next quote that is not doubled.
      let j = i + 1;
      let value = '';
      for (; j < text.length; j++) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j++;
          } else break;
        } else value += text[j];
      }
      const next = text[j + 1];
      if (j < text.length && (next === undefined || next === '\t' || next === '\n' || next === '\r')) {
        field += value;
        i = j + 1;
        quotedStart = false;
        continue;
      }
    }
    quotedStart = false;
    if (ch === '\t') {
      row.push(field);
      field = '';
      quotedStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      quotedStart = true;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const BLOCKS = new Set(['P', 'DIV', 'LI', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TABLE', 'UL', 'OL']);

/** The text of an HTML fragment, a line per block, as a person reads it; scripts and styles are not text. */
function htmlText(root: Element): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) out += (node.textContent ?? '').replace(/\s+/g, ' ');
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') return;
    if (el.tagName === 'BR') out += '\n';
    const block = BLOCKS.has(el.tagName);
    if (block && out !== '' && !out.endsWith('\n')) out += '\n';
    el.childNodes.forEach(walk);
    if (block && !out.endsWith('\n')) out += '\n';
  };
  walk(root);
  return out
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * Reads a clipboard as the room table takes it [TE8]: tab-separated text (a spreadsheet's copy) or
 * an HTML table becomes cells; anything else becomes plain text, line by line. Nothing pasted is
 * ever structure of its own.
 */
export function readClipboard(plain: string, html: string): Pasted | null {
  if (plain.includes('\t')) return { kind: 'cells', rows: parseTsv(plain) };
  const parsed = html && typeof DOMParser !== 'undefined' ? new DOMParser().parseFromString(html, 'text/html') : null;
  // Spreadsheets put the copied range into an HTML table beside the text: one column of cells
  // comes as lines without a tab, and must still fill cells downwards.
  const table = parsed?.querySelector('table');
  // Only a copied range is cells: a table within other copied text goes in as text, all of it.
  const onlyTable = table && (parsed!.body.textContent ?? '').trim() === (table.textContent ?? '').trim();
  if (table && onlyTable) {
    const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => htmlText(c)));
    if (rows.some((r) => r.length > 0)) return { kind: 'cells', rows };
  }
  if (plain !== '') return { kind: 'text', text: plain.replace(/\r\n?/g, '\n') };
  return parsed ? { kind: 'text', text: htmlText(parsed.body) } : null;
}

/** A rating from pasted text: H, M, L (or High, Medium, Low), or null for an empty cell; undefined otherwise. */
function ratingOf(text: string): Rating | null | undefined {
  const word = text.trim().toUpperCase();
  if (word === '') return null;
  const letter = { HIGH: 'H', MEDIUM: 'M', LOW: 'L' }[word] ?? word;
  return isRating(letter) ? letter : undefined;
}

/** Start positions of the cells of body row `row` (1 = first body row), or null when there is no such row. */
function rowCells(doc: PMNode, row: number): number[] | null {
  const table = doc.firstChild;
  if (!table || row >= table.childCount) return null;
  let pos = 1;
  for (let r = 0; r < row; r++) pos += table.child(r).nodeSize;
  const cells: number[] = [];
  let at = pos + 1;
  table.child(row).forEach((cell) => {
    cells.push(at);
    at += cell.nodeSize;
  });
  return cells;
}

/** The row and column of the cell where a paste starts: the caret's cell, or the first of selected cells. */
function startCell(state: EditorState): [number, number] | null {
  const { selection } = state;
  let $pos = selection.$from;
  if (selection instanceof CellSelection) {
    $pos = selection.$anchorCell.pos < selection.$headCell.pos ? selection.$anchorCell : selection.$headCell;
    $pos = state.doc.resolve($pos.pos + 1);
  } else if (selection instanceof NodeSelection) {
    $pos = state.doc.resolve(selection.from + 1);
  }
  const depth = cellDepth($pos);
  if (depth < 0 || $pos.node(depth).type.name !== NODE.cell) return null;
  return [$pos.index(1), $pos.index(2)];
}

/**
 * The transaction that pastes `pasted` at the selection, or null when the selection is not in a
 * body cell [TE8]. Cells fill the table from the caret's cell rightwards and downwards, like a
 * spreadsheet: text cells take the text, rating cells a rating the text names; rows missing below
 * are added as "Add row" adds them (a row command). Text goes in at the caret, a line per
 * paragraph; over selected cells it is typed over them.
 */
export function pasteTransaction(state: EditorState, pasted: Pasted, template: Template): Transaction | null {
  const start = startCell(state);
  if (!start) return null;
  const { selection, schema } = state;
  if (pasted.kind === 'text') {
    if (selection instanceof CellSelection) return typeOverCells(state, pasted.text.replace(/\n/g, ' '));
    if (selection instanceof NodeSelection) {
      const rating = ratingOf(pasted.text);
      return rating === undefined ? state.tr : state.tr.setNodeAttribute(selection.from, RATING_ATTR, rating);
    }
    const lines = paragraphsOf(schema, pasted.text);
    return state.tr.replaceSelection(new Slice(Fragment.from(lines), 1, 1)).scrollIntoView();
  }
  const [row0, col0] = start;
  const tr = state.tr;
  pasted.rows.forEach((fields, i) => {
    let cells = rowCells(tr.doc, row0 + i);
    if (!cells) {
      tr.insert(tr.doc.firstChild!.nodeSize - 1, schema.nodeFromJSON(emptyRow(template)));
      tr.setMeta(ROW_COMMAND, true);
      cells = rowCells(tr.doc, row0 + i)!;
    }
    // From the right, so that each replacement leaves the positions of the cells before it alone.
    for (let j = Math.min(fields.length, cells.length - col0) - 1; j >= 0; j--) {
      const pos = cells[col0 + j]!;
      const cell = tr.doc.nodeAt(pos)!;
      const text = fields[j]!;
      if (isRatingCell(cell)) {
        const rating = ratingOf(text);
        if (rating !== undefined && cell.firstChild!.attrs[RATING_ATTR] !== rating) tr.setNodeAttribute(pos + 1, RATING_ATTR, rating);
      } else setCellText(tr, pos, text);
    }
  });
  const last = rowCells(tr.doc, row0)?.[col0];
  if (last !== undefined) tr.setSelection(TextSelection.near(tr.doc.resolve(last + 1)));
  return tr.scrollIntoView();
}
