import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DEFAULT_TEMPLATE,
  ROOM_FIELD,
  ROOM_LIMITS,
  cellTextLength,
  isPlacedRating,
  notesViolations,
  readNotesText,
  readRows,
  readRowsFromUpdate,
  roomPlainEdits,
  roomViolations,
  seedRoomUpdate,
  textCellOfParagraph,
  textCellOfText,
} from '../src/index';
import type { Template } from '../src/index';

function seeded(suggestions: string[] = ['One', 'Two'], template: Template = DEFAULT_TEMPLATE): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(template, suggestions));
  return doc;
}

function table(doc: Y.Doc): Y.XmlElement {
  return doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
}

function at(parent: Y.XmlElement, ...path: number[]): Y.XmlElement {
  let node = parent;
  for (const i of path) node = node.get(i) as Y.XmlElement;
  return node;
}

function rulesOf(doc: Y.Doc, template: Template = DEFAULT_TEMPLATE): string[] {
  return roomViolations(doc, template).map((v) => v.rule);
}

function paragraph(text?: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  if (text !== undefined) p.insert(0, [new Y.XmlText(text)]);
  return p;
}

// Nests `depth` elements named by `name(i)` inside `parent`, one level at a time (a prelim chain
// that deep would overflow Yjs's own recursive integration), with `bottom` at the end.
function nest(parent: Y.XmlElement | Y.XmlFragment, depth: number, bottom: Y.XmlElement | Y.XmlText, name = (_i: number) => 'paragraph'): void {
  parent.doc!.transact(() => {
    let current = parent;
    for (let i = 0; i < depth; i++) {
      const next = new Y.XmlElement(name(i));
      current.insert(0, [next]);
      current = next;
    }
    current.insert(0, [bottom]);
  });
}

describe('room schema', () => {
  it('[RT1] the seed of any template is valid, with and without suggestions', () => {
    expect(roomViolations(seeded(), DEFAULT_TEMPLATE)).toEqual([]);
    expect(roomViolations(seeded([]), DEFAULT_TEMPLATE)).toEqual([]);
    const template: Template = { columns: [{ key: 'score', label: 'Score', kind: 'rating' }, { key: 'idea', label: 'Idea', kind: 'text' }] };
    expect(roomViolations(seeded(['A\nB'], template), template)).toEqual([]);
  });

  it('[RT6] edits people make keep it valid: text, bold and italic, paragraphs, empty or several text nodes', () => {
    const doc = seeded();
    const t = table(doc);
    doc.transact(() => {
      const text = new Y.XmlText();
      at(t, 1, 1, 0).insert(0, [text]);
      text.insert(0, 'More ');
      text.insert(5, 'trust', { bold: {} });
      text.insert(10, ' overall', { italic: {} });
      text.format(0, 3, { bold: null });
      at(t, 1, 3).insert(1, [paragraph(''), paragraph()]);
      at(t, 1, 3, 0).insert(0, [new Y.XmlText(''), new Y.XmlText('two nodes')]);
      at(t, 1, 2, 0).setAttribute('value', 'H');
      at(t, 2, 4, 0).setAttribute('value', null as unknown as string);
    });
    expect(roomViolations(doc, DEFAULT_TEMPLATE)).toEqual([]);
  });

  it('[RT1] text or other nodes beside the table, a second table, no table', () => {
    const text = seeded();
    text.getXmlFragment(ROOM_FIELD).insert(1, [new Y.XmlText('top-level')]);
    expect(roomViolations(text, DEFAULT_TEMPLATE)[0]).toMatchObject({ rule: 'RT1', message: 'text outside the table' });
    const second = seeded();
    second.getXmlFragment(ROOM_FIELD).insert(1, [new Y.XmlElement('table')]);
    expect(roomViolations(second, DEFAULT_TEMPLATE)[0]).toMatchObject({ rule: 'RT1', message: 'a second table' });
    const unknown = seeded();
    unknown.getXmlFragment(ROOM_FIELD).insert(0, [new Y.XmlElement('script')]);
    expect(rulesOf(unknown)).toContain('RT1');
    const empty = seeded();
    empty.getXmlFragment(ROOM_FIELD).delete(0, 1);
    expect(rulesOf(empty)).toEqual(['RT1']);
    expect(rulesOf(new Y.Doc())).toEqual(['RT1']);
  });

  it('[RT2] only rows in the table, no attributes on it', () => {
    const doc = seeded();
    table(doc).insert(1, [new Y.XmlText('text directly in the table')]);
    table(doc).setAttribute('class', 'x');
    expect(rulesOf(doc)).toEqual(['RT2', 'RT2']);
  });

  it('[RT3] the header row is the template\'s, unchanged', () => {
    const renamed = seeded();
    const heading = at(table(renamed), 0, 1, 0, 0) as unknown as Y.XmlText;
    heading.insert(0, 'My ');
    expect(roomViolations(renamed, DEFAULT_TEMPLATE)[0]).toMatchObject({ rule: 'RT3', message: 'the heading "Envisioned benefit (impact)" was changed' });
    const swapped = seeded();
    at(table(swapped), 0, 0).setAttribute('column', 'benefit');
    expect(rulesOf(swapped)).toEqual(['RT3']);
    const bodyCell = seeded();
    const header = at(table(bodyCell), 0);
    header.delete(0, 1);
    const cell = new Y.XmlElement('tableCell');
    cell.setAttribute('column', 'suggestion');
    cell.insert(0, [paragraph('Suggestion')]);
    header.insert(0, [cell]);
    expect(rulesOf(bodyCell)).toEqual(['RT3']);
    const noHeader = seeded();
    table(noHeader).delete(0, table(noHeader).length);
    expect(rulesOf(noHeader)).toEqual(['RT3']);
  });

  it('[RT4] body rows hold the template\'s columns in order: text directly in a row, a cell too many or missing, a wrong column', () => {
    const text = seeded();
    at(table(text), 1).insert(0, [new Y.XmlText('text in a row')]);
    expect(roomViolations(text, DEFAULT_TEMPLATE)[0]).toMatchObject({ rule: 'RT4' });
    const extra = seeded();
    const cell = new Y.XmlElement('tableCell');
    cell.insert(0, [paragraph('x')]);
    at(table(extra), 1).insert(5, [cell]);
    expect(rulesOf(extra)).toEqual(['RT4']);
    const missing = seeded();
    at(table(missing), 1).delete(4, 1);
    expect(roomViolations(missing, DEFAULT_TEMPLATE)[0]?.message).toBe('row 1 lacks the template\'s column "Effort H/M/L"');
    const wrong = seeded();
    at(table(wrong), 2, 0).setAttribute('column', 'benefit');
    expect(rulesOf(wrong)).toEqual(['RT4']);
    const header = seeded();
    const row = new Y.XmlElement('tableRow');
    row.insert(0, DEFAULT_TEMPLATE.columns.map((c) => {
      const h = new Y.XmlElement('tableHeader');
      h.setAttribute('column', c.key);
      h.insert(0, [paragraph(c.label)]);
      return h;
    }));
    table(header).insert(2, [row]);
    expect(rulesOf(header)).toEqual(['RT4', 'RT4', 'RT4', 'RT4', 'RT4']);
  });

  it('[RT5] cell attributes are the editor\'s only', () => {
    const doc = seeded();
    at(table(doc), 1, 0).setAttribute('onclick', 'x');
    at(table(doc), 1, 1).setAttribute('colspan', 2 as unknown as string);
    at(table(doc), 2, 1).setAttribute('colwidth', [100] as unknown as string);
    expect(rulesOf(doc)).toEqual(['RT5', 'RT5', 'RT5']);
    const bare = seeded();
    for (const cell of at(table(bare), 1).toArray() as Y.XmlElement[]) {
      cell.removeAttribute('colspan');
      cell.removeAttribute('rowspan');
    }
    expect(rulesOf(bare)).toEqual([]);
  });

  it('[RT6] text cells: paragraphs only, text only in paragraphs, the editor\'s marks only, no embeds', () => {
    const unknownNode = seeded();
    at(table(unknownNode), 1, 0).insert(1, [new Y.XmlElement('heading')]);
    expect(rulesOf(unknownNode)).toEqual(['RT6']);
    const noParagraph = seeded();
    at(table(noParagraph), 1, 1).delete(0, 1);
    expect(rulesOf(noParagraph)).toEqual(['RT6']);
    const nested = seeded();
    at(table(nested), 1, 1, 0).insert(0, [paragraph('inner')]);
    expect(rulesOf(nested)).toEqual(['RT6']);
    const mark = seeded();
    (at(table(mark), 1, 0, 0).get(0) as Y.XmlText).format(0, 2, { link: { href: 'http://evil.example' } });
    expect(roomViolations(mark, DEFAULT_TEMPLATE)[0]?.message).toBe('formatting "link" the editor does not have (row 1, Suggestion)');
    const embed = seeded();
    (at(table(embed), 1, 0, 0).get(0) as Y.XmlText).insertEmbed(0, { image: 'x' });
    expect(rulesOf(embed)).toEqual(['RT6']);
    const attr = seeded();
    at(table(attr), 1, 0, 0).setAttribute('style', 'x');
    expect(rulesOf(attr)).toEqual(['RT6']);
  });

  it('[RT7] a rating cell holds exactly one rating with H, M, L or nothing', () => {
    const bad = seeded();
    at(table(bad), 1, 2, 0).setAttribute('value', 'X');
    expect(roomViolations(bad, DEFAULT_TEMPLATE)).toEqual([
      expect.objectContaining({ rule: 'RT7', message: 'a rating must be H, M or L (row 1, Impact H/M/L)' }),
    ]);
    const text = seeded();
    at(table(text), 1, 2).delete(0, 1);
    at(table(text), 1, 2).insert(0, [paragraph('H')]);
    expect(rulesOf(text)).toEqual(['RT7']);
    const two = seeded();
    at(table(two), 1, 4).insert(1, [new Y.XmlElement('rating')]);
    expect(rulesOf(two)).toEqual(['RT7']);
    const inside = seeded();
    at(table(inside), 1, 4, 0).insert(0, [new Y.XmlText('x')]);
    expect(rulesOf(inside)).toEqual(['RT7']);
  });

  it('[RT8] bounds on rows, cell length and paragraphs, with how far over', () => {
    const long = seeded();
    (at(table(long), 1, 0, 0).get(0) as Y.XmlText).insert(0, 'x'.repeat(ROOM_LIMITS.maxCellChars));
    expect(roomViolations(long, DEFAULT_TEMPLATE)).toEqual([
      expect.objectContaining({ rule: 'RT8', amount: ROOM_LIMITS.maxCellChars + 3 }),
    ]);
    const rows = seeded([]);
    const row = () => Y.XmlElement.prototype.clone.call(at(table(rows), 1)) as Y.XmlElement;
    table(rows).insert(2, Array.from({ length: ROOM_LIMITS.maxRows }, row));
    expect(roomViolations(rows, DEFAULT_TEMPLATE)).toEqual([expect.objectContaining({ rule: 'RT8', amount: ROOM_LIMITS.maxRows + 1 })]);
    const paragraphs = seeded();
    at(table(paragraphs), 1, 1).insert(0, Array.from({ length: ROOM_LIMITS.maxParagraphs }, () => paragraph()));
    expect(rulesOf(paragraphs)).toEqual(['RT8']);
  });

  it('[RT9] keys name rule and node, so the same break elsewhere is a different one', () => {
    const doc = seeded();
    at(table(doc), 1, 2, 0).setAttribute('value', 'X');
    const [first] = roomViolations(doc, DEFAULT_TEMPLATE);
    at(table(doc), 1, 2, 0).setAttribute('value', 'Y');
    expect(roomViolations(doc, DEFAULT_TEMPLATE)[0]?.key).toBe(first?.key);
    at(table(doc), 2, 2, 0).setAttribute('value', 'X');
    const keys = roomViolations(doc, DEFAULT_TEMPLATE).map((v) => v.key);
    expect(new Set(keys).size).toBe(2);
  });

  it('[RT8] [RT1] a cell nested 6,000 paragraphs deep is found without recursion', () => {
    const doc = seeded();
    nest(at(table(doc), 1, 0), 6000, new Y.XmlText('deep'));
    expect(rulesOf(doc)).toEqual(['RT6']);
    const top = new Y.Doc();
    nest(top.getXmlFragment(ROOM_FIELD), 6000, new Y.XmlText('deep'));
    expect(rulesOf(top)).toEqual(['RT1', 'RT1']);
  });

  it('[RT1] never throws, even on a root of another kind', () => {
    const doc = new Y.Doc();
    doc.getMap(ROOM_FIELD).set('x', 1);
    expect(roomViolations(doc, DEFAULT_TEMPLATE)).toEqual([expect.objectContaining({ rule: 'RT1', key: 'RT1:unreadable' })]);
  });
});

describe('plain edits of a room', () => {
  it('[RT9] text cells of body rows take text; headings, ratings and odd places do not', () => {
    const doc = seeded();
    const t = table(doc);
    const edits = roomPlainEdits(DEFAULT_TEMPLATE);
    const bodyText = at(t, 1, 0, 0).get(0) as Y.XmlText;
    expect(textCellOfText(bodyText, DEFAULT_TEMPLATE)).toBe(at(t, 1, 0));
    expect(edits.text(bodyText)).toEqual({ group: at(t, 1, 0), length: 3, max: ROOM_LIMITS.maxCellChars });
    expect(edits.newText(at(t, 2, 1, 0))).not.toBeNull();
    expect(textCellOfText(at(t, 0, 0, 0).get(0) as Y.XmlText, DEFAULT_TEMPLATE)).toBeNull();
    expect(textCellOfParagraph(at(t, 1, 2, 0), DEFAULT_TEMPLATE)).toBeNull();
    expect(edits.attribute(at(t, 1, 2, 0), 'value', 'H')).toBe(true);
    expect(edits.attribute(at(t, 1, 2, 0), 'value', undefined)).toBe(true);
    expect(edits.attribute(at(t, 1, 2, 0), 'value', 'X')).toBe(false);
    expect(edits.attribute(at(t, 1, 2, 0), 'other', 'H')).toBe(false);
    expect(edits.attribute(at(t, 1, 0), 'column', 'benefit')).toBe(false);
    expect(isPlacedRating(at(t, 1, 4, 0), DEFAULT_TEMPLATE)).toBe(true);
    expect(edits.format('bold', {})).toBe(true);
    expect(edits.format('link', {})).toBe(false);
    expect(cellTextLength(at(t, 1, 0))).toBe(3);
    // A second table's cells are no plain place, nor a deleted row's.
    const second = Y.XmlElement.prototype.clone.call(t) as Y.XmlElement;
    doc.getXmlFragment(ROOM_FIELD).insert(1, [second]);
    expect(textCellOfParagraph(at(second, 1, 0, 0), DEFAULT_TEMPLATE)).toBeNull();
    const removed = at(t, 2, 0, 0);
    t.delete(2, 1);
    expect(textCellOfParagraph(removed, DEFAULT_TEMPLATE)).toBeNull();
  });
});

describe('reading stored content', () => {
  it('[RT10] a cell nested 6,000 paragraphs deep reads as text, without overflowing', () => {
    const doc = seeded(['x']);
    nest(at(table(doc), 1, 1), 6000, new Y.XmlText('deep'));
    const rows = readRows(doc, DEFAULT_TEMPLATE);
    expect(rows[0]?.benefit).toBe('deep');
    expect(readRowsFromUpdate(Y.encodeStateAsUpdate(doc), DEFAULT_TEMPLATE)).toEqual(rows);
  });

  it('[RT10] a rating found 6,000 deep, unknown nodes and a top-level text read without throwing', () => {
    const doc = seeded(['x']);
    const impact = at(table(doc), 1, 2);
    impact.delete(0, 1);
    const rating = new Y.XmlElement('rating');
    rating.setAttribute('value', 'M');
    nest(impact, 6000, rating);
    doc.getXmlFragment(ROOM_FIELD).insert(0, [new Y.XmlText('stray'), new Y.XmlElement('script')]);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([{ suggestion: 'x', benefit: '', impact: 'M', needed: '', effort: null }]);
  });

  it('[RT10] a damaged stored state reads as far as it goes', () => {
    const update = Y.encodeStateAsUpdate(seeded(['Kept']));
    expect(() => readRowsFromUpdate(update.slice(0, update.length - 3), DEFAULT_TEMPLATE)).not.toThrow();
  });

  it('[RT10] [NT1] notes 6,000 lists deep read as text; bare top-level text is a violation', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('default');
    nest(fragment, 6000, paragraph('bottom'), (i) => (i % 2 ? 'listItem' : 'bulletList'));
    fragment.insert(0, [paragraph('first')]);
    expect(readNotesText(doc)).toBe('first\nbottom');
    expect(notesViolations(doc)).toEqual([]);
    fragment.insert(0, [new Y.XmlText('bare')]);
    expect(notesViolations(doc).map((v) => v.rule)).toEqual(['NT1']);
  });
});
