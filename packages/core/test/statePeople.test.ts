import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPeople, writePeople, type PublicPerson } from '../src/statePeople';

const people = (n: number): PublicPerson[] => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, room: null }));

/** Writes in one transaction and returns the update it produced, as a client would receive it. */
function write(doc: Y.Doc, list: readonly PublicPerson[]): Uint8Array {
  let update: Uint8Array = new Uint8Array(0);
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  doc.transact(() => writePeople(doc.getMap('state'), list));
  doc.off('update', capture);
  return update;
}

describe('[SD1] people in the state document', () => {
  it('reads back what was written, in join order, also on another replica', () => {
    const doc = new Y.Doc();
    const list = [
      { id: 'zed', name: 'Zed', room: null },
      { id: 'ana', name: 'Ana', room: 2 },
      { id: 'mo', name: 'Mo', room: 1 },
    ];
    write(doc, list);
    expect(readPeople(doc.getMap('state'))).toEqual(list);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(readPeople(replica.getMap('state'))).toEqual(list);
  });

  it('is null before anything was written', () => {
    expect(readPeople(new Y.Doc().getMap('state'))).toBeNull();
  });

  it('a join sends one small entry however many people are there already', () => {
    const doc = new Y.Doc();
    write(doc, people(500));
    const join = write(doc, people(501));
    expect(join.byteLength).toBeLessThan(120);
    // The same join as a whole list was ~17 KB: every person again.
    const list = new Y.Doc();
    list.getMap('state').set('participants', people(500));
    let whole = 0;
    list.on('update', (u: Uint8Array) => (whole = u.byteLength));
    list.getMap('state').set('participants', people(501));
    expect(whole).toBeGreaterThan(100 * join.byteLength);
  });

  it('writing the same people again changes nothing', () => {
    const doc = new Y.Doc();
    write(doc, people(20));
    expect(write(doc, people(20)).byteLength).toBe(0);
  });

  it('a move or a rename rewrites only that person; a person who left is removed', () => {
    const doc = new Y.Doc();
    const list = people(50);
    write(doc, list);
    const moved = list.map((p) => (p.id === 'p7' ? { ...p, room: 3 } : p));
    const move = write(doc, moved);
    expect(move.byteLength).toBeLessThan(120);
    expect(readPeople(doc.getMap('state'))!.find((p) => p.id === 'p7')!.room).toBe(3);
    const without = moved.filter((p) => p.id !== 'p49');
    write(doc, without);
    expect(readPeople(doc.getMap('state'))).toEqual(without);
  });
});
