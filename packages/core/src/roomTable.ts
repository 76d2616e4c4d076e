import * as Y from 'yjs';
import { COLUMN_ATTR, NODE, RATING_ATTR } from './tableSchema';
import { isRating } from './template';
import type { Column, Row, Template } from './template';

/** Name of the Y.XmlFragment holding a room's table: the TipTap Collaboration extension's default field. */
export const ROOM_FIELD = 'default';

/**
 * Client id under which every seed is written. Fixed so that the same seed always carries the same
 * Yjs item ids: a second application (another server process, a retry) is then recognised by Yjs
 * as already known and ignored instead of adding a second table. It is 2 since seeds give every
 * empty paragraph its Y.XmlText: rooms seeded before (client id 1) hold the older layout under
 * ids this seed must never reuse for different content.
 */
export const SEED_CLIENT_ID = 2;

/** Counts shown on the facilitator's progress view for one room. */
export interface RoomStats {
  /** Body rows holding any content. */
  rows: number;
  /** Rating cells with a value, within those rows. */
  ratingsFilled: number;
  /** Rating cells within those rows. */
  ratingsTotal: number;
}

/**
 * A Yjs update holding a room's whole initial table: a header row with the template's labels, one
 * body row per suggestion (its text in the first text column), or a single empty body row when there
 * are none. Deterministic: it is built in a fresh Y.Doc with the fixed client id {@link SEED_CLIENT_ID},
 * so the same template and suggestions give a byte-identical update and applying it twice to one
 * document changes nothing the second time. Apply only one seed per document: two different seeds
 * would reuse the same item ids for different content.
 */
export function seedRoomUpdate(template: Template, suggestions: string[]): Uint8Array {
  checkTemplate(template);
  if (!Array.isArray(suggestions) || suggestions.some((s) => typeof s !== 'string')) {
    throw new TypeError('Suggestions must be an array of strings.');
  }
  const suggestionColumn = template.columns.find((c) => c.kind === 'text');
  if (suggestions.length > 0 && !suggestionColumn) {
    throw new Error('The template has no text column to hold the suggestions; add one or give no suggestions.');
  }
  const doc = new Y.Doc();
  doc.clientID = SEED_CLIENT_ID;
  const table = new Y.XmlElement(NODE.table);
  const header = new Y.XmlElement(NODE.row);
  header.insert(0, template.columns.map((c) => cellElement(NODE.header, c, [paragraph(c.label)])));
  const bodies = (suggestions.length > 0 ? suggestions : ['']).map((text) => {
    const row = new Y.XmlElement(NODE.row);
    row.insert(0, template.columns.map((c) => bodyCell(c, c === suggestionColumn ? text : '')));
    return row;
  });
  table.insert(0, [header, ...bodies]);
  doc.transact(() => doc.getXmlFragment(ROOM_FIELD).insert(0, [table]));
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Seeds a room document that has no table yet, and leaves any other alone (one seeded before,
 * under an older layout, included): true when it seeded. Several processes seeding the same empty
 * room at once apply the same deterministic update, which Yjs merges into one table.
 */
export function seedRoomIfEmpty(doc: Y.Doc, template: Template, suggestions: string[], origin: unknown = null): boolean {
  const update = seedRoomUpdate(template, suggestions);
  if (doc.getXmlFragment(ROOM_FIELD).length > 0) return false;
  Y.applyUpdate(doc, update, origin);
  return true;
}

/**
 * The body rows of a room's table as plain JSON, one key per template column, in document order.
 * Rows made only of header cells (and rows with no cells) are skipped; every table in the fragment is
 * read, so content is never dropped even if a document ends up holding more than one.
 */
export function readRows(doc: Y.Doc, template: Template): Row[] {
  checkTemplate(template);
  const rows: Row[] = [];
  for (const table of childElements(doc.getXmlFragment(ROOM_FIELD), NODE.table)) {
    for (const row of childElements(table, NODE.row)) {
      const cells = row.toArray().filter(isCell);
      if (cells.every((c) => c.nodeName === NODE.header)) continue;
      rows.push(readRow(cells, template));
    }
  }
  return rows;
}

/** The body rows of the room document encoded in `update` (a stored snapshot or state), read as by {@link readRows}. */
export function readRowsFromUpdate(update: Uint8Array, template: Template): Row[] {
  const doc = new Y.Doc();
  try {
    try {
      Y.applyUpdate(doc, update);
    } catch {
      // A damaged stored state: read what Yjs could take rather than nothing [RT10].
    }
    return readRows(doc, template);
  } finally {
    doc.destroy();
  }
}

/** True when no cell of `row` holds text or a rating. */
export function isEmptyRow(row: Row): boolean {
  return Object.values(row).every((v) => v === null || v === undefined || v === '');
}

/** Progress of one room for the facilitator: rows with content, and how many of their ratings are set. */
export function roomStats(rows: Row[], template: Template): RoomStats {
  const ratingKeys = template.columns.filter((c) => c.kind === 'rating').map((c) => c.key);
  const filled = rows.filter((r) => !isEmptyRow(r));
  let ratingsFilled = 0;
  for (const row of filled) {
    for (const key of ratingKeys) if (isRating(row[key])) ratingsFilled++;
  }
  return { rows: filled.length, ratingsFilled, ratingsTotal: filled.length * ratingKeys.length };
}

function checkTemplate(template: Template): void {
  if (!template || !Array.isArray(template.columns) || template.columns.length === 0) {
    throw new Error('The template must have at least one column.');
  }
  const seen = new Set<string>();
  for (const c of template.columns) {
    if (typeof c.key !== 'string' || c.key === '') throw new Error('Every template column needs a non-empty key.');
    if (seen.has(c.key)) throw new Error(`The template has two columns with the key "${c.key}".`);
    seen.add(c.key);
  }
}

// Attributes exactly as y-tiptap writes the editor's cells (it skips null attributes), so the
// editor's first sync finds nothing to rewrite.
function cellElement(name: string, column: Column, content: Y.XmlElement[]): Y.XmlElement {
  const cell = new Y.XmlElement<Record<string, string | number>>(name);
  cell.setAttribute('colspan', 1);
  cell.setAttribute('rowspan', 1);
  cell.setAttribute(COLUMN_ATTR, column.key);
  cell.insert(0, content);
  return cell as Y.XmlElement;
}

function bodyCell(column: Column, text: string): Y.XmlElement {
  if (column.kind === 'rating') return cellElement(NODE.cell, column, [new Y.XmlElement(NODE.rating)]);
  return cellElement(NODE.cell, column, text.split(/\r?\n/).map(paragraph));
}

// Every paragraph holds its Y.XmlText from the start, an empty line included, as the editor writes
// them: two people typing the first letters of an empty cell at once then type into one text
// instead of creating one each (issue 12: letters stranded or doubled).
function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement(NODE.paragraph);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

function childElements(parent: Y.XmlFragment | Y.XmlElement, name: string): Y.XmlElement[] {
  return parent.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === name);
}

function isCell(node: unknown): node is Y.XmlElement {
  return node instanceof Y.XmlElement && (node.nodeName === NODE.cell || node.nodeName === NODE.header);
}

// Cells naming a template column take it; cells without one take their position's column if no
// named cell claimed it. A cell naming an unknown column is not part of this template and is ignored.
function readRow(cells: Y.XmlElement[], template: Template): Row {
  const byKey = new Map<string, Y.XmlElement>();
  const keys = new Set(template.columns.map((c) => c.key));
  for (const cell of cells) {
    const key = cell.getAttribute(COLUMN_ATTR);
    if (typeof key === 'string' && keys.has(key) && !byKey.has(key)) byKey.set(key, cell);
  }
  cells.forEach((cell, i) => {
    const column = template.columns[i];
    if (column && cell.getAttribute(COLUMN_ATTR) == null && !byKey.has(column.key)) byKey.set(column.key, cell);
  });
  const row: Row = {};
  for (const column of template.columns) {
    const cell = byKey.get(column.key);
    row[column.key] = column.kind === 'rating' ? cellRating(cell) : cell ? blockText(cell).trim() : '';
  }
  return row;
}

function cellRating(cell: Y.XmlElement | undefined): Row[string] {
  if (!cell) return null;
  const rating = findElement(cell, NODE.rating);
  const value = rating?.getAttribute(RATING_ATTR);
  return isRating(value) ? value : null;
}

// Depth first, in document order, with a stack of its own: stored content may nest thousands deep
// (an old or hostile document), and recursion would overflow on it [RT10].
function findElement(parent: Y.XmlElement, name: string): Y.XmlElement | undefined {
  const stack: unknown[] = parent.toArray().reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (!(node instanceof Y.XmlElement)) continue;
    if (node.nodeName === name) return node;
    const children = node.toArray();
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

// Block children (paragraphs) become lines; text within a block is joined as is. `toDelta()` gives the
// bare text where `toString()` would wrap formatted runs in mark tags. Each element's text is its own
// inline text (first) and then its child elements' texts, one per line; the walk keeps a stack of
// its own instead of recursing, so any depth of stored nesting reads without overflowing [RT10].
function blockText(element: Y.XmlElement): string {
  interface Frame {
    children: unknown[];
    next: number;
    inline: string;
    hasInline: boolean;
    lines: string[];
  }
  const frame = (el: Y.XmlElement): Frame => ({ children: el.toArray(), next: 0, inline: '', hasInline: false, lines: [] });
  const stack: Frame[] = [frame(element)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (child instanceof Y.XmlText) {
        top.inline += deltaText(child);
        top.hasInline = true;
      } else if (child instanceof Y.XmlElement) {
        stack.push(frame(child));
      }
      continue;
    }
    stack.pop();
    if (top.hasInline) top.lines.unshift(top.inline);
    const text = top.lines.join('\n');
    const parent = stack[stack.length - 1];
    if (!parent) return text;
    parent.lines.push(text);
  }
}

function deltaText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[])
    .map((d) => (typeof d.insert === 'string' ? d.insert : ''))
    .join('');
}
