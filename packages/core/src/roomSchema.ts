import * as Y from 'yjs';
import { ROOM_FIELD } from './roomTable';
import { COLUMN_ATTR, NODE, RATING_ATTR } from './tableSchema';
import { isRating } from './template';
import type { Column, Template } from './template';

// Any Yjs shared type: Yjs types each one's event handlers by its event, so only `any` takes them all.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<any>;

/** Bounds of a room table [RT8]: far beyond any real break-out, close enough to stop abuse. */
export const ROOM_LIMITS = {
  /** Body rows of the table: a 30-minute break-out fills a few dozen. */
  maxRows: 500,
  /** Characters of text in one cell (all its paragraphs): a long paragraph is about 1,000. */
  maxCellChars: 10_000,
  /** Paragraphs in one cell. */
  maxParagraphs: 200,
} as const;

/** The marks a room cell's text may carry [RT6]: what the editor's schema has. */
export const ROOM_MARKS: readonly string[] = ['bold', 'italic'];

/** One way a room document breaks its schema. */
export interface SchemaViolation {
  /** The rule's id in SPEC.md, e.g. "RT3". */
  rule: string;
  /** What is wrong and where, for a person: "a rating must be H, M or L (row 2, Impact H/M/L)". */
  message: string;
  /**
   * Names the offending thing (rule, node, detail), stable across edits elsewhere: a change is
   * refused only for a violation whose key the document did not already have [RT9].
   */
  key: string;
  /** For bounds: how far over; a change may shrink it, never grow it [RT9]. */
  amount?: number;
}

/** The violations that `after` has and `before` did not (or has worse) [RT9]; empty means "no worse". */
export function newViolations(before: SchemaViolation[], after: SchemaViolation[]): SchemaViolation[] {
  const known = new Map<string, number>();
  for (const v of before) known.set(v.key, Math.max(known.get(v.key) ?? 0, v.amount ?? 0));
  return after.filter((v) => !known.has(v.key) || (v.amount ?? 0) > (known.get(v.key) ?? 0));
}

/**
 * Every way the room document breaks the rules of a valid table of `template` (SPEC.md
 * [RT1]–[RT8]), at most `max` of them. Never recursive and never throws: the table's shape is
 * fixed (fragment, table, row, cell, paragraph, text), so the walk is a few nested loops and
 * never descends into anything that does not belong, however deep it is.
 */
export function roomViolations(doc: Y.Doc, template: Template, max = 20): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  try {
    walkRoom(doc, template, (v) => {
      out.push(v);
      return out.length < max;
    });
  } catch (error) {
    // A document Yjs itself cannot read (a root of another type, say) is not a table either.
    if (out.length < max) out.push({ rule: 'RT1', key: 'RT1:unreadable', message: `the document cannot be read as a table (${describe(error)})` });
  }
  return out;
}

/** Stops the walk when it returns false. */
type Report = (violation: SchemaViolation) => boolean;

class Stop extends Error {}

function walkRoom(doc: Y.Doc, template: Template, report: Report): void {
  const emit = (rule: string, at: unknown, message: string, detail = '', amount?: number) => {
    const violation: SchemaViolation = { rule, message, key: `${rule}:${nodeKey(at)}${detail ? `:${detail}` : ''}` };
    if (amount !== undefined) violation.amount = amount;
    if (!report(violation)) throw new Stop();
  };
  try {
    const existing = doc.share.get(ROOM_FIELD);
    if (existing === undefined) return emit('RT1', null, 'the document holds no table');
    const fragment = doc.getXmlFragment(ROOM_FIELD);
    if (liveKeys(fragment).length > 0) emit('RT1', null, 'the table fragment has attributes');
    const tables: Y.XmlElement[] = [];
    for (const child of children(fragment)) {
      if (child instanceof Y.XmlElement && child.nodeName === NODE.table) tables.push(child);
      else emit('RT1', child, `${describeNode(child)} outside the table`);
    }
    if (tables.length === 0) return emit('RT1', null, 'the document holds no table');
    for (const extra of tables.slice(1)) emit('RT1', extra, 'a second table');
    checkTable(tables[0]!, template, emit);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
}

type Emit = (rule: string, at: unknown, message: string, detail?: string, amount?: number) => void;

function checkTable(table: Y.XmlElement, template: Template, emit: Emit): void {
  if (liveKeys(table).length > 0) emit('RT2', table, 'the table has attributes');
  const rows: Y.XmlElement[] = [];
  for (const child of children(table)) {
    if (child instanceof Y.XmlElement && child.nodeName === NODE.row) rows.push(child);
    else emit('RT2', child, `${describeNode(child)} directly in the table`);
  }
  const [header, ...body] = rows;
  if (!header) return emit('RT3', table, 'the table has no header row');
  checkRow(header, template, 0, emit);
  if (body.length > ROOM_LIMITS.maxRows) {
    emit('RT8', table, `the table has ${body.length} rows; at most ${ROOM_LIMITS.maxRows} are allowed`, '', body.length);
  }
  body.forEach((row, i) => checkRow(row, template, i + 1, emit));
}

function checkRow(row: Y.XmlElement, template: Template, index: number, emit: Emit): void {
  const isHeader = index === 0;
  const where = isHeader ? 'the header row' : `row ${index}`;
  if (liveKeys(row).length > 0) emit(isHeader ? 'RT3' : 'RT4', row, `${where} has attributes`);
  const cells = children(row);
  const cellName = isHeader ? NODE.header : NODE.cell;
  const columns = template.columns;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const column = columns[i];
    if (!column) {
      emit(isHeader ? 'RT3' : 'RT4', cell, `${where} has more cells than the template's ${columns.length} columns`);
      continue;
    }
    const at = `${where}, ${column.label}`;
    if (!(cell instanceof Y.XmlElement) || cell.nodeName !== cellName) {
      emit(isHeader ? 'RT3' : 'RT4', cell, `${describeNode(cell)} in place of a ${isHeader ? 'heading' : 'cell'} (${at})`);
      continue;
    }
    if (cell.getAttribute(COLUMN_ATTR) !== column.key) {
      emit(isHeader ? 'RT3' : 'RT4', cell, `a cell in the wrong column (${at})`);
    }
    checkCellAttributes(cell, at, emit);
    if (isHeader) {
      checkTextCell(cell, at, emit);
      if (cellText(cell) !== column.label) emit('RT3', cell, `the heading "${column.label}" was changed`, cellText(cell).slice(0, 40));
    } else if (column.kind === 'rating') {
      checkRatingCell(cell, at, emit);
    } else {
      checkTextCell(cell, at, emit);
    }
  }
  if (cells.length < columns.length) {
    emit(isHeader ? 'RT3' : 'RT4', row, `${where} lacks the template's column "${columns[cells.length]!.label}"`);
  }
}

const CELL_ATTRIBUTES = new Set([COLUMN_ATTR, 'colspan', 'rowspan', 'colwidth']);

function checkCellAttributes(cell: Y.XmlElement, at: string, emit: Emit): void {
  for (const key of liveKeys(cell)) {
    const value: unknown = cell.getAttribute(key);
    if (!CELL_ATTRIBUTES.has(key)) emit('RT5', cell, `a cell attribute "${key.slice(0, 30)}" the editor does not know (${at})`, key.slice(0, 30));
    else if ((key === 'colspan' || key === 'rowspan') && value !== 1) emit('RT5', cell, `a merged or split cell (${at})`, key);
    else if (key === 'colwidth' && value !== null) emit('RT5', cell, `a column width on a cell (${at})`, key);
  }
}

function checkTextCell(cell: Y.XmlElement, at: string, emit: Emit): void {
  const blocks = children(cell);
  if (blocks.length === 0) emit('RT6', cell, `a text cell without a paragraph (${at})`);
  if (blocks.length > ROOM_LIMITS.maxParagraphs) {
    emit('RT8', cell, `a cell with ${blocks.length} paragraphs; at most ${ROOM_LIMITS.maxParagraphs} are allowed (${at})`, 'paragraphs', blocks.length);
  }
  let chars = 0;
  for (const block of blocks) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== NODE.paragraph) {
      emit('RT6', block, `${describeNode(block)} in a text cell (${at})`);
      continue;
    }
    if (liveKeys(block).length > 0) emit('RT6', block, `a paragraph with attributes (${at})`);
    for (const inline of children(block)) {
      if (!(inline instanceof Y.XmlText)) {
        emit('RT6', inline, `${describeNode(inline)} inside a paragraph (${at})`);
        continue;
      }
      if (liveKeys(inline).length > 0) emit('RT6', inline, `text with attributes (${at})`);
      chars += inline.length;
      for (let item = inline._start; item !== null; item = item.right) {
        if (item.deleted) continue;
        const content = item.content;
        if (content instanceof Y.ContentString) continue;
        if (content instanceof Y.ContentFormat) {
          if (!isRoomMark(content.key, content.value)) emit('RT6', inline, `formatting "${content.key.slice(0, 30)}" the editor does not have (${at})`, content.key.slice(0, 30));
          continue;
        }
        emit('RT6', inline, `an object embedded in text (${at})`, 'embed');
      }
    }
  }
  if (chars > ROOM_LIMITS.maxCellChars) {
    emit('RT8', cell, `a cell with ${chars} characters; at most ${ROOM_LIMITS.maxCellChars} are allowed (${at})`, 'chars', chars);
  }
}

function checkRatingCell(cell: Y.XmlElement, at: string, emit: Emit): void {
  const inner = children(cell);
  const rating = inner[0];
  if (inner.length !== 1 || !(rating instanceof Y.XmlElement) || rating.nodeName !== NODE.rating) {
    emit('RT7', cell, `a rating cell that does not hold exactly one rating (${at})`);
    return;
  }
  if (children(rating).length > 0) emit('RT7', rating, `a rating with content inside (${at})`);
  for (const key of liveKeys(rating)) {
    if (key !== RATING_ATTR) emit('RT7', rating, `a rating attribute "${key.slice(0, 30)}" the editor does not know (${at})`, key.slice(0, 30));
  }
  if (!isRatingValue(rating.getAttribute(RATING_ATTR))) emit('RT7', rating, `a rating must be H, M or L (${at})`);
}

/** True for what a rating's `value` may be [RT7]: H, M, L, or nothing (null or absent). */
export function isRatingValue(value: unknown): boolean {
  return value === undefined || value === null || isRating(value);
}

/** True for formatting a room cell's text may carry [RT6]: bold or italic, set (no attributes) or cleared. */
export function isRoomMark(key: string, value: unknown): boolean {
  if (!ROOM_MARKS.includes(key)) return false;
  if (value === null || value === true) return true;
  return typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0;
}

// ---- Where a plain edit lands: used by the server's fast path for typing and rating ----

/**
 * The body cell of a text column that `paragraph` belongs to, when the paragraph sits exactly where
 * the rules put one (paragraph → text cell of its column → body row → the table → the room field),
 * nothing on the way deleted; otherwise null. Text typed into such a paragraph can break no rule but
 * the cell's length [RT8], so the server accepts it without walking the table.
 */
export function textCellOfParagraph(paragraph: Y.XmlElement, template: Template): Y.XmlElement | null {
  if (paragraph.nodeName !== NODE.paragraph) return null;
  const cell = placedParent(paragraph, NODE.cell);
  if (!cell) return null;
  const column = columnOfCell(cell, template);
  return column?.kind === 'text' && inBody(cell) ? cell : null;
}

/** The text cell of {@link textCellOfParagraph} for a text node directly inside such a paragraph, or null. */
export function textCellOfText(text: Y.XmlText, template: Template): Y.XmlElement | null {
  const paragraph = text._item && !text._item.deleted && text._item.parentSub === null ? text._item.parent : null;
  return paragraph instanceof Y.XmlElement ? textCellOfParagraph(paragraph, template) : null;
}

/** True when `element` is the rating of a rating column's body cell, placed as the rules want it [RT7]. */
export function isPlacedRating(element: Y.XmlElement, template: Template): boolean {
  if (element.nodeName !== NODE.rating) return false;
  const cell = placedParent(element, NODE.cell);
  if (!cell) return false;
  return columnOfCell(cell, template)?.kind === 'rating' && inBody(cell);
}

/** Where typed text counts against the cell bound [RT8]: the cell, its characters now, the bound. */
export interface CellRoom {
  group: Y.XmlElement;
  length: number;
  max: number;
}

/**
 * The plain edits of a room table [RT9], in the shape the sync layer's fast path asks about: text
 * typed, formatted or deleted in a body text cell's paragraph (and a text node made or dropped
 * there), and a rating's value set to H, M or L or cleared. Each answer walks only from the edited
 * node up to the room field, never the table.
 */
export function roomPlainEdits(template: Template) {
  const room = (cell: Y.XmlElement | null): CellRoom | null =>
    cell ? { group: cell, length: cellTextLength(cell), max: ROOM_LIMITS.maxCellChars } : null;
  return {
    text: (text: Y.XmlText): CellRoom | null => room(textCellOfText(text, template)),
    newText: (element: Y.XmlElement): CellRoom | null => room(textCellOfParagraph(element, template)),
    format: (key: string, value: unknown): boolean => isRoomMark(key, value),
    attribute: (element: Y.XmlElement, key: string, value: unknown): boolean =>
      key === RATING_ATTR && isRatingValue(value) && isPlacedRating(element, template),
  };
}

/** Characters of text in a cell, all paragraphs together (what [RT8] bounds). */
export function cellTextLength(cell: Y.XmlElement): number {
  let chars = 0;
  for (const block of children(cell)) {
    if (!(block instanceof Y.XmlElement)) continue;
    for (const inline of children(block)) if (inline instanceof Y.XmlText) chars += inline.length;
  }
  return chars;
}

function columnOfCell(cell: Y.XmlElement, template: Template): Column | undefined {
  const key = cell.getAttribute(COLUMN_ATTR);
  return typeof key === 'string' ? template.columns.find((c) => c.key === key) : undefined;
}

// The cell's row is a body row (not the first) of the one table, which is the room field's first child.
function inBody(cell: Y.XmlElement): boolean {
  const row = placedParent(cell, NODE.row);
  const table = row && placedParent(row, NODE.table);
  if (!row || !table || firstChild(table) === row) return false;
  // The room field may still be Yjs's untyped placeholder (a server that has not read it as a
  // fragment yet), so it is recognised by being the document's root of that name.
  const fragment = table._item?.parent;
  if (!(fragment instanceof Y.AbstractType) || fragment._item !== null) return false;
  return fragment.doc?.share.get(ROOM_FIELD) === fragment && firstChild(fragment) === table;
}

function placedParent(node: SharedType, name: string): Y.XmlElement | null {
  const item = node._item;
  if (!item || item.deleted || item.parentSub !== null) return null;
  const parent = item.parent;
  return parent instanceof Y.XmlElement && parent.nodeName === name && !parent._item?.deleted ? parent : null;
}

function firstChild(type: SharedType): SharedType | null {
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted) return item.content instanceof Y.ContentType ? item.content.type : null;
  }
  return null;
}

// ---- small readers, never recursive ----

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook | SharedType | unknown;

// Every visible child item's value (types, and the raw values a hostile client may put in a list).
function children(type: SharedType): Child[] {
  const out: Child[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentType) out.push(item.content.type);
    else for (const value of item.content.getContent()) out.push(value);
  }
  return out;
}

// Attribute names with a live value.
function liveKeys(type: SharedType): string[] {
  const keys: string[] = [];
  for (const [key, item] of type._map) if (!item.deleted) keys.push(key);
  return keys;
}

function cellText(cell: Y.XmlElement): string {
  const lines: string[] = [];
  for (const block of children(cell)) {
    if (!(block instanceof Y.XmlElement)) continue;
    let line = '';
    for (const inline of children(block)) if (inline instanceof Y.XmlText) line += plain(inline);
    lines.push(line);
  }
  return lines.join('\n');
}

function plain(text: Y.XmlText): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) out += item.content.str;
  }
  return out;
}

function describeNode(node: Child): string {
  if (node instanceof Y.XmlHook) return 'a hook';
  if (node instanceof Y.XmlElement) return `a "${node.nodeName.slice(0, 30)}" element`;
  if (node instanceof Y.XmlText) return 'text';
  if (node instanceof Y.AbstractType) return 'a shared object';
  return 'a raw value';
}

function nodeKey(type: unknown): string {
  const item = type instanceof Y.AbstractType ? type._item : null;
  return item ? `${item.id.client}.${item.id.clock}` : 'root';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
