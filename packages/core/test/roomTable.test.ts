import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DEFAULT_TEMPLATE,
  ROOM_FIELD,
  isEmptyRow,
  readRows,
  readRowsFromUpdate,
  roomStats,
  seedRoomUpdate,
} from '../src/index';
import type { Row, Template } from '../src/index';

const EMPTY: Row = { suggestion: '', benefit: '', impact: null, needed: '', effort: null };

function seeded(suggestions: string[], template: Template = DEFAULT_TEMPLATE): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedRoomUpdate(template, suggestions));
  return doc;
}

function table(doc: Y.Doc): Y.XmlElement {
  const t = doc.getXmlFragment(ROOM_FIELD).get(0);
  if (!(t instanceof Y.XmlElement)) throw new Error('no table');
  return t;
}

function element(parent: Y.XmlElement, ...path: number[]): Y.XmlElement {
  let node: Y.XmlElement = parent;
  for (const i of path) {
    const next = node.get(i);
    if (!(next instanceof Y.XmlElement)) throw new Error(`no element at ${path.join('/')}`);
    node = next;
  }
  return node;
}

describe('seedRoomUpdate', () => {
  it('writes one table: a header row with labels, then one row per suggestion', () => {
    const doc = seeded(['Publish minutes', 'Run a survey']);
    const fragment = doc.getXmlFragment(ROOM_FIELD);
    expect(fragment.length).toBe(1);
    const t = table(doc);
    expect(t.nodeName).toBe('table');
    expect(t.length).toBe(3);
    const header = element(t, 0);
    expect(header.nodeName).toBe('tableRow');
    expect(header.toArray().map((c) => (c as Y.XmlElement).nodeName)).toEqual(Array(5).fill('tableHeader'));
    expect(header.toArray().map((c) => (c as Y.XmlElement).getAttribute('column'))).toEqual(
      DEFAULT_TEMPLATE.columns.map((c) => c.key),
    );
    expect(element(header, 1, 0).toString()).toBe('<paragraph>Envisioned benefit (impact)</paragraph>');
    const body = element(t, 1);
    expect(body.toArray().map((c) => (c as Y.XmlElement).nodeName)).toEqual(Array(5).fill('tableCell'));
    expect(element(body, 0).toString()).toContain('<paragraph>Publish minutes</paragraph>');
    expect(element(body, 1).toArray().map((c) => c.toString())).toEqual(['<paragraph></paragraph>']);
    expect(element(body, 2, 0).nodeName).toBe('rating');
    expect(element(body, 2, 0).getAttribute('value')).toBeUndefined();
  });

  it('writes one empty body row when there are no suggestions', () => {
    const doc = seeded([]);
    expect(table(doc).length).toBe(2);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([EMPTY]);
  });

  it('is byte-identical for the same input and different for different input', () => {
    const a = seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two']);
    const b = seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two']);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(seedRoomUpdate(DEFAULT_TEMPLATE, ['One'])).equals(Buffer.from(a))).toBe(false);
  });

  it('applied twice to one document (retry, second server) still gives one table', () => {
    const update = seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two']);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    element(table(doc), 1, 2, 0).setAttribute('value', 'H');
    Y.applyUpdate(doc, update);
    Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two']));
    expect(doc.getXmlFragment(ROOM_FIELD).length).toBe(1);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      { ...EMPTY, suggestion: 'One', impact: 'H' },
      { ...EMPTY, suggestion: 'Two' },
    ]);
  });

  it('applied by two peers independently converges to one table', () => {
    const update = seedRoomUpdate(DEFAULT_TEMPLATE, ['One']);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, update);
    Y.applyUpdate(b, update);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getXmlFragment(ROOM_FIELD).length).toBe(1);
    expect(readRows(b, DEFAULT_TEMPLATE)).toEqual(readRows(a, DEFAULT_TEMPLATE));
    expect(readRows(a, DEFAULT_TEMPLATE)).toHaveLength(1);
  });

  it('keeps a multi-line suggestion as paragraphs', () => {
    const doc = seeded(['First line\r\n\nThird line']);
    expect(element(table(doc), 1, 0).length).toBe(3);
    expect(readRows(doc, DEFAULT_TEMPLATE)[0]?.suggestion).toBe('First line\n\nThird line');
  });

  it('puts suggestions in the first text column of any template', () => {
    const template: Template = {
      columns: [
        { key: 'score', label: 'Score', kind: 'rating' },
        { key: 'idea', label: 'Idea', kind: 'text' },
      ],
    };
    expect(readRows(seeded(['A'], template), template)).toEqual([{ score: null, idea: 'A' }]);
  });

  it('refuses bad input with a clear error', () => {
    const ratingsOnly: Template = { columns: [{ key: 'r', label: 'R', kind: 'rating' }] };
    expect(() => seedRoomUpdate(ratingsOnly, ['x'])).toThrow(/no text column/);
    expect(() => seedRoomUpdate(ratingsOnly, [])).not.toThrow();
    expect(() => seedRoomUpdate({ columns: [] }, [])).toThrow(/at least one column/);
    const dup: Template = { columns: [{ key: 'a', label: 'A', kind: 'text' }, { key: 'a', label: 'B', kind: 'text' }] };
    expect(() => seedRoomUpdate(dup, [])).toThrow(/two columns with the key "a"/);
    expect(() => seedRoomUpdate(DEFAULT_TEMPLATE, [42 as unknown as string])).toThrow(/array of strings/);
  });
});

describe('readRows', () => {
  it('reads the seed', () => {
    expect(readRows(seeded(['One', '  Two  ']), DEFAULT_TEMPLATE)).toEqual([
      { ...EMPTY, suggestion: 'One' },
      { ...EMPTY, suggestion: 'Two' },
    ]);
  });

  it('reads nothing from an empty document', () => {
    expect(readRows(new Y.Doc(), DEFAULT_TEMPLATE)).toEqual([]);
  });

  it('reads edits made with plain Yjs calls: text, formatting, ratings, added and deleted rows', () => {
    const doc = seeded(['One', 'Two', 'Three']);
    const t = table(doc);
    doc.transact(() => {
      // formatted text in the benefit cell
      const benefit = element(t, 1, 1, 0);
      const text = new Y.XmlText();
      benefit.insert(0, [text]);
      text.insert(0, 'More ');
      text.insert(5, 'trust', { bold: {} });
      text.insert(10, ' overall', { italic: {} });
      // a second paragraph in the needed cell
      const needed = element(t, 1, 3);
      needed.insert(1, [new Y.XmlElement('paragraph')]);
      const p1 = new Y.XmlText();
      const p2 = new Y.XmlText();
      element(needed, 0).insert(0, [p1]);
      element(needed, 1).insert(0, [p2]);
      p1.insert(0, 'Staff time');
      p2.insert(0, 'Budget');
      element(t, 1, 2, 0).setAttribute('value', 'H');
      element(t, 1, 4, 0).setAttribute('value', 'nonsense');
      element(t, 3, 4, 0).setAttribute('value', 'L');
      t.delete(2, 1); // row "Two"
    });
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      { suggestion: 'One', benefit: 'More trust overall', impact: 'H', needed: 'Staff time\nBudget', effort: null },
      { ...EMPTY, suggestion: 'Three', effort: 'L' },
    ]);
  });

  it('maps cells by their column attribute, by position when absent, and fills missing cells', () => {
    const doc = seeded([]);
    const t = table(doc);
    const cell = (column: string | null, text: string): Y.XmlElement => {
      const c = new Y.XmlElement('tableCell');
      if (column) c.setAttribute('column', column);
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      c.insert(0, [p]);
      return c;
    };
    const rating = (column: string, value: string): Y.XmlElement => {
      const c = new Y.XmlElement('tableCell');
      c.setAttribute('column', column);
      const r = new Y.XmlElement('rating');
      r.setAttribute('value', value);
      c.insert(0, [r]);
      return c;
    };
    const swapped = new Y.XmlElement('tableRow');
    swapped.insert(0, [cell('needed', 'N'), rating('effort', 'M'), cell('suggestion', 'S')]);
    const positional = new Y.XmlElement('tableRow');
    positional.insert(0, [cell(null, 'first'), cell(null, 'second')]);
    const unknown = new Y.XmlElement('tableRow');
    unknown.insert(0, [cell('removedColumn', 'old'), cell('benefit', 'B')]);
    const noCells = new Y.XmlElement('tableRow');
    t.insert(2, [swapped, positional, unknown, noCells]);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([
      EMPTY,
      { ...EMPTY, suggestion: 'S', needed: 'N', effort: 'M' },
      { ...EMPTY, suggestion: 'first', benefit: 'second' },
      { ...EMPTY, benefit: 'B' },
    ]);
  });

  it('treats a rating cell holding text as unrated', () => {
    const doc = seeded(['x']);
    const impact = element(table(doc), 1, 2);
    impact.delete(0, 1);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('H')]);
    impact.insert(0, [p]);
    expect(readRows(doc, DEFAULT_TEMPLATE)[0]?.impact).toBeNull();
  });

  it('reads a snapshot update', () => {
    const doc = seeded(['Snap']);
    element(table(doc), 1, 4, 0).setAttribute('value', 'M');
    expect(readRowsFromUpdate(Y.encodeStateAsUpdate(doc), DEFAULT_TEMPLATE)).toEqual([
      { ...EMPTY, suggestion: 'Snap', effort: 'M' },
    ]);
  });
});

describe('isEmptyRow and roomStats', () => {
  it('counts rows with content and their ratings', () => {
    const rows: Row[] = [
      EMPTY,
      { ...EMPTY, suggestion: 'A', impact: 'H' },
      { ...EMPTY, benefit: 'only benefit' },
      { ...EMPTY, impact: 'L', effort: 'M' },
    ];
    expect(rows.map(isEmptyRow)).toEqual([true, false, false, false]);
    expect(roomStats(rows, DEFAULT_TEMPLATE)).toEqual({ rows: 3, ratingsFilled: 3, ratingsTotal: 6 });
    expect(roomStats([], DEFAULT_TEMPLATE)).toEqual({ rows: 0, ratingsFilled: 0, ratingsTotal: 0 });
  });
});
