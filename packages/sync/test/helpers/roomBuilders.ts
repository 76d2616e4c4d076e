import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, type Template } from '@roomtable/core';
import { encodeSyncUpdate } from '../../src/index';

// What tests (and the admission benchmark) write into room documents: the parts of a table, the
// app's empty row, and the hostile shapes of issues 12 and 21.

/** The room's table. */
export function table(doc: Y.Doc): Y.XmlElement {
  return doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
}

/** The element at `path` below the table (row, cell, paragraph …). */
export function at(doc: Y.Doc, ...path: number[]): Y.XmlElement {
  let node = table(doc);
  for (const i of path) node = node.get(i) as Y.XmlElement;
  return node;
}

/** A body row as the app's "Add row" writes it: each cell tagged with its column, a paragraph or a rating in it. */
export function emptyRow(template: Template = DEFAULT_TEMPLATE): Y.XmlElement {
  const row = new Y.XmlElement(NODE.row);
  row.insert(
    0,
    template.columns.map((column) => {
      const cell = new Y.XmlElement<Record<string, string | number>>(NODE.cell);
      cell.setAttribute('colspan', 1);
      cell.setAttribute('rowspan', 1);
      cell.setAttribute('column', column.key);
      cell.insert(0, [new Y.XmlElement(column.kind === 'rating' ? NODE.rating : NODE.paragraph)]);
      return cell as Y.XmlElement;
    }),
  );
  return row;
}

/** Nests `depth` elements named `name` into `parent`, one level at a time, in one transaction (issue 12). */
export function nest(parent: Y.XmlElement, depth: number, name = 'paragraph'): void {
  parent.doc!.transact(() => {
    let current = parent;
    for (let i = 0; i < depth; i++) {
      const next = new Y.XmlElement(name);
      current.insert(0, [next]);
      current = next;
    }
    current.insert(0, [new Y.XmlText('deep')]);
  });
}

/** A chain of `depth` nested Y.Maps under root map `deep`, key `c` (issue 21); returns its update. */
export function mapChain(doc: Y.Doc, depth: number): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => (update = u));
  doc.transact(() => {
    let map = doc.getMap<unknown>('deep');
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>();
      map.set('c', next);
      map = next;
    }
  });
  return update;
}

/** Issue 21's frame `00 02 0a 00 01 <client> 01 00 01`: a sync update deleting item (`client`, `clock`). */
export function deleteFrame(client: number, clock = 0): Uint8Array {
  const update = encoding.encode((e) => {
    encoding.writeVarUint(e, 0); // no structs
    encoding.writeVarUint(e, 1); // one client in the delete set
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 1); // one range
    encoding.writeVarUint(e, clock);
    encoding.writeVarUint(e, 1); // length 1
  });
  return encodeSyncUpdate(update);
}
