import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, SEED_CLIENT_ID, readRows, seedRoomIfEmpty, seedRoomUpdate } from '../src/index';

/** Every paragraph element of a document, depth first. */
function paragraphs(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === NODE.paragraph) out.push(child);
      else walk(child);
    }
  };
  walk(doc.getXmlFragment(ROOM_FIELD));
  return out;
}

/** A room as the first seed layout wrote it (client id 1, empty paragraphs without a text). */
function seededByTheOldLayout(): Y.Doc {
  const old = new Y.Doc();
  old.clientID = 1;
  const table = new Y.XmlElement(NODE.table);
  const header = new Y.XmlElement(NODE.row);
  const body = new Y.XmlElement(NODE.row);
  header.insert(
    0,
    DEFAULT_TEMPLATE.columns.map((c) => {
      const cell = new Y.XmlElement(NODE.header);
      cell.setAttribute('column', c.key);
      const p = new Y.XmlElement(NODE.paragraph);
      p.insert(0, [new Y.XmlText(c.label)]);
      cell.insert(0, [p]);
      return cell;
    }),
  );
  body.insert(
    0,
    DEFAULT_TEMPLATE.columns.map((c) => {
      const cell = new Y.XmlElement(NODE.cell);
      cell.setAttribute('column', c.key);
      cell.insert(0, [new Y.XmlElement(c.kind === 'rating' ? NODE.rating : NODE.paragraph)]);
      return cell;
    }),
  );
  table.insert(0, [header, body]);
  old.getXmlFragment(ROOM_FIELD).insert(0, [table]);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(old));
  return doc;
}

describe('seeding a room', () => {
  it('[SE1] gives every paragraph exactly one Y.XmlText, empty lines and empty cells included', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, ['One', 'Two\n\nlines', '']));
    const all = paragraphs(doc);
    expect(all.length).toBe(5 + 3 * 3 + 2);
    for (const p of all) {
      expect(p.length).toBe(1);
      expect(p.get(0)).toBeInstanceOf(Y.XmlText);
    }
    expect(readRows(doc, DEFAULT_TEMPLATE).map((r) => r.suggestion)).toEqual(['One', 'Two\n\nlines', '']);
  });

  it('[SE2] writes under its own client id, never the one of the first layout', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seedRoomUpdate(DEFAULT_TEMPLATE, []));
    expect(SEED_CLIENT_ID).not.toBe(1);
    expect(Y.decodeStateVector(Y.encodeStateVector(doc))).toEqual(new Map([[SEED_CLIENT_ID, expect.any(Number)]]));
  });

  it('[SE3] seeds an empty room once, however often and by however many processes it is asked', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(seedRoomIfEmpty(a, DEFAULT_TEMPLATE, ['One'])).toBe(true);
    expect(seedRoomIfEmpty(a, DEFAULT_TEMPLATE, ['One'])).toBe(false);
    expect(seedRoomIfEmpty(b, DEFAULT_TEMPLATE, ['One'])).toBe(true);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getXmlFragment(ROOM_FIELD).length).toBe(1);
    expect(readRows(a, DEFAULT_TEMPLATE)).toEqual(readRows(b, DEFAULT_TEMPLATE));
    expect(readRows(a, DEFAULT_TEMPLATE)).toHaveLength(1);
  });

  it('[SE3] leaves a room seeded by the first layout alone, with what people wrote in it', () => {
    const doc = seededByTheOldLayout();
    const cell = ((doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement;
    (cell.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Written before the upgrade')]);
    const before = Y.encodeStateAsUpdate(doc);
    expect(seedRoomIfEmpty(doc, DEFAULT_TEMPLATE, [])).toBe(false);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(readRows(doc, DEFAULT_TEMPLATE)).toEqual([{ suggestion: 'Written before the upgrade', benefit: '', impact: null, needed: '', effort: null }]);
  });
});
