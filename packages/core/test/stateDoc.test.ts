import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { askQuestion, endPoll, moderateQuestion, openPoll, setPresentingRoom, upvoteQuestion, vote } from '../src/plenary';
import { buildPollItems } from '../src/polls';
import { readPeople, readPlenary, readRooms, sameJson, writePeople, writePlenary, writeState, type PublicPerson } from '../src/stateDoc';
import { raiseHelp } from '../src/help';
import { DEFAULT_TEMPLATE, type Row } from '../src/template';
import { addParticipant, assign, createWorkshop, publicState, setPhase, setRapporteur, type Workshop } from '../src/workshop';

const people = (n: number): PublicPerson[] => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, room: null }));

/** Runs `change` on the state map in one transaction; returns the update it produced, as a client would receive it. */
function updateOf(doc: Y.Doc, change: (state: Y.Map<unknown>) => void): Uint8Array {
  let update: Uint8Array = new Uint8Array(0);
  const capture = (u: Uint8Array) => (update = u);
  doc.on('update', capture);
  doc.transact(() => change(doc.getMap('state')));
  doc.off('update', capture);
  return update;
}

const write = (doc: Y.Doc, list: readonly PublicPerson[]) => updateOf(doc, (state) => writePeople(state, list));

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

describe('[SD2] the plenary in the state document', () => {
  const T0 = 1_700_000_000_000;
  const F = { role: 'facilitator', participantId: null } as const;
  const P = (id: string) => ({ role: 'participant', participantId: id }) as const;
  const row = (suggestion: string): Row => ({ suggestion, benefit: '', impact: 'H', needed: '', effort: 'L' });
  const items = buildPollItems(
    [{ number: 1, rows: Array.from({ length: 30 }, (_, i) => row(`Suggestion number ${i + 1}, worded as people word them`)) }],
    DEFAULT_TEMPLATE,
  );

  /** 60 people in reporting, 12 questions, a rating poll, a closed dot poll. */
  function busyPlenary(): Workshop {
    let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Purpose review', rooms: 3 });
    for (let i = 0; i < 60; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
    w = setPhase(setPhase(assign(w, 'seed'), 'breakout', T0), 'reporting', T0 + 1);
    for (let q = 0; q < 12; q++) w = askQuestion(w, P(`p${q}`), { id: `q${q}`, room: 1, text: `Question ${q}?`, now: T0 + q });
    for (let i = 0; i < 40; i++) w = upvoteQuestion(w, P(`p${i}`), `q${i % 5}`);
    w = openPoll(w, F, { id: 'dots', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 });
    w = endPoll(w, F, 'dots', T0 + 5);
    w = openPoll(w, F, { id: 'rating', kind: 'rating', snapshotId: 's', items, now: T0 + 6 });
    for (let i = 0; i < 30; i++) w = vote(w, P(`p${i}`), 'rating', { kind: 'rating', ratings: { [items[i % items.length]!.key]: { impact: 'H', effort: 'M' } } });
    return w;
  }

  const writeState = (doc: Y.Doc, w: Workshop) => updateOf(doc, (state) => writePlenary(state, publicState(w, T0).plenary));

  it('reads back exactly what publicPlenary gives, on another replica too, after every kind of change', () => {
    const doc = new Y.Doc();
    let w = busyPlenary();
    writeState(doc, w);
    const replica = new Y.Doc();
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(replica, u));
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const check = () => {
      const expected = publicState(w, T0).plenary;
      expect(readPlenary(doc.getMap('state'))).toEqual(expected);
      expect(readPlenary(replica.getMap('state'))).toEqual(expected);
    };
    check();
    // An upvote reorders the questions; moderation hides one; a ballot changes a tally; a poll ends.
    w = upvoteQuestion(w, P('p59'), 'q11');
    w = upvoteQuestion(w, P('p58'), 'q11');
    writeState(doc, w);
    check();
    w = moderateQuestion(w, F, 'q3', { hidden: true });
    w = setPresentingRoom(w, F, 2);
    writeState(doc, w);
    check();
    w = vote(w, P('p50'), 'rating', { kind: 'rating', ratings: { [items[0]!.key]: { impact: 'L', effort: 'L' } } });
    w = endPoll(w, F, 'rating', T0 + 9);
    writeState(doc, w);
    check();
  });

  it('is null before anything was written', () => {
    expect(readPlenary(new Y.Doc().getMap('state'))).toBeNull();
  });

  it('an upvote sends one question; a ballot its voter and the tallies it changed — never the items again', () => {
    const doc = new Y.Doc();
    let w = busyPlenary();
    const whole = writeState(doc, w).byteLength;
    w = upvoteQuestion(w, P('p55'), 'q7');
    const upvote = writeState(doc, w);
    expect(upvote.byteLength).toBeLessThan(300);
    w = vote(w, P('p56'), 'rating', { kind: 'rating', ratings: { [items[3]!.key]: { impact: 'M', effort: 'M' } } });
    const ballot = writeState(doc, w);
    expect(new TextDecoder().decode(ballot)).not.toContain('Suggestion number');
    expect(ballot.byteLength).toBeLessThan(400);
    // The same person changing their ballot sends only the changed tally.
    w = vote(w, P('p56'), 'rating', { kind: 'rating', ratings: { [items[3]!.key]: { impact: 'H', effort: 'M' } } });
    expect(writeState(doc, w).byteLength).toBeLessThan(300);
    // Before [SD2] each of these re-sent the whole plenary.
    expect(whole).toBeGreaterThan(40 * ballot.byteLength);
  });
});

describe('writeState: the whole public state', () => {
  it('leaves out remainingMs, writes nothing when nothing changed, and removes the list of older documents', () => {
    let w = createWorkshop({ id: 'w1', joinCode: 'J', now: 1_000, title: 'Purpose review', rooms: 2 });
    w = addParticipant(w, { id: 'p1', name: 'Ana', now: 1_000 });
    w = setPhase(w, 'breakout', 1_000); // a running clock: remainingMs differs at every read
    expect(publicState(w, 2_000).workshop.remainingMs).not.toBe(publicState(w, 9_000).workshop.remainingMs);
    const doc = new Y.Doc();
    doc.getMap('state').set('participants', [{ id: 'p1', name: 'Ana', room: null }]);
    updateOf(doc, (state) => writeState(state, publicState(w, 2_000)));
    const state = doc.getMap<any>('state');
    expect(state.has('participants')).toBe(false);
    expect(readPeople(state)).toEqual(publicState(w, 2_000).participants);
    expect(state.get('workshop')).not.toHaveProperty('remainingMs');
    expect(state.get('workshop')).toMatchObject({ id: 'w1', title: 'Purpose review', phase: 'breakout' });
    expect(readRooms(state)).toEqual(publicState(w, 2_000).rooms);
    expect(state.get('broadcast')).toBeNull();
    expect(readPlenary(state)).toEqual(publicState(w, 2_000).plenary);
    // A later clock alone changes nothing in the document.
    expect(updateOf(doc, (s) => writeState(s, publicState(w, 9_000))).byteLength).toBe(0);
  });
});

describe('sameJson: the state document rewrites an entry only when its JSON changed', () => {
  it('equal whatever the key order, with undefined members as absent; different on any value, length or type', () => {
    expect(sameJson({ a: 1, b: { c: [1, 'x', null] } }, { b: { c: [1, 'x', null] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, gone: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ 0: 1 }, [1])).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson({ room: null }, { room: 0 })).toBe(false);
  });

  it('agrees with comparing JSON.stringify of key-sorted copies on random values', () => {
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 2 || r < 0.3) return [null, 0, 1, 'a', 'b', true][Math.floor(rand() * 6)];
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 3) }, () => [['x', 'y', 'z'][Math.floor(rand() * 3)]!, value(depth + 1)]));
    };
    for (let n = 0; n < 2000; n++) {
      const a = value(0);
      const b = rand() < 0.5 ? JSON.parse(JSON.stringify(a)) : value(0);
      expect(sameJson(a, b)).toBe(JSON.stringify(sorted(a)) === JSON.stringify(sorted(b)));
    }
  });
});

describe('[SD4] rooms in the state document', () => {
  function hall(people: number, rooms: number): Workshop {
    let w = createWorkshop({ id: 'w1', joinCode: 'J', now: 1_000, title: 'Hall', rooms });
    for (let i = 0; i < people; i++) w = addParticipant(w, { id: `p_${String(i).padStart(16, '0')}`, name: `Person ${i}`, now: 1_000 });
    return setPhase(assign(w, 'seed'), 'breakout', 1_000);
  }

  it('reads back every room with its members, on another replica too', () => {
    const w = hall(40, 4);
    const doc = new Y.Doc();
    const update = updateOf(doc, (state) => writeState(state, publicState(w, 2_000)));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, update);
    expect(readRooms(replica.getMap('state'))).toEqual(publicState(w, 2_000).rooms);
    expect(readRooms(new Y.Doc().getMap('state'))).toBeNull();
  });

  it("a room's call for help or rapporteur sends that room's entry, not every room's members", () => {
    const w = hall(500, 50);
    const doc = new Y.Doc();
    const first = updateOf(doc, (state) => writeState(state, publicState(w, 2_000)));
    expect(first.byteLength).toBeGreaterThan(10_000);
    const helped = raiseHelp(w, 7, 3_000);
    const help = updateOf(doc, (state) => writeState(state, publicState(helped, 3_000)));
    expect(help.byteLength).toBeLessThan(300);
    const rapporteur = setRapporteur(helped, 7, helped.rooms[6]!.participantIds[0]!);
    expect(updateOf(doc, (state) => writeState(state, publicState(rapporteur, 3_000))).byteLength).toBeLessThan(300);
    expect(readRooms(doc.getMap('state'))).toEqual(publicState(rapporteur, 3_000).rooms);
    // The end of the break-out changes every room's end time: the members are not sent again.
    const ended = setPhase(rapporteur, 'reporting', 4_000);
    const end = updateOf(doc, (state) => writeState(state, publicState(ended, 4_000)));
    expect(end.byteLength).toBeLessThan(first.byteLength / 2);
    expect(readRooms(doc.getMap('state'))).toEqual(publicState(ended, 4_000).rooms);
  });

  it('reads a document written before [SD4] (one list) as it is, and the next write replaces it', () => {
    const w = hall(10, 2);
    const doc = new Y.Doc();
    doc.getMap('state').set('rooms', publicState(w, 2_000).rooms);
    expect(readRooms(doc.getMap('state'))).toEqual(publicState(w, 2_000).rooms);
    updateOf(doc, (state) => writeState(state, publicState(w, 2_000)));
    expect(doc.getMap('state').get('rooms')).toBeInstanceOf(Y.Map);
    expect(readRooms(doc.getMap('state'))).toEqual(publicState(w, 2_000).rooms);
  });
});
