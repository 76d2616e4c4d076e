import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../src/assignment';
import { askQuestion, endPoll, openPoll, setPointer, setPresentingRoom, upvoteQuestion, vote } from '../src/plenary';
import { buildPollItems } from '../src/polls';
import { StateReader, touchedStateKeys } from '../src/StateReader';
import { readPeople, readPlenary, readRooms } from '../src/stateDoc';
import { StateWriter } from '../src/StateWriter';
import { DEFAULT_TEMPLATE, type Row } from '../src/template';
import { addParticipant, assign, createWorkshop, moveParticipant, setPhase, setRapporteur, type Workshop } from '../src/workshop';

const T0 = 1_700_000_000_000;
const F = { role: 'facilitator', participantId: null } as const;
const P = (id: string) => ({ role: 'participant', participantId: id }) as const;
const row = (suggestion: string): Row => ({ suggestion, benefit: '', impact: 'H', needed: '', effort: 'L' });
const items = buildPollItems([{ number: 1, rows: Array.from({ length: 6 }, (_, i) => row(`Suggestion ${i + 1}`)) }], DEFAULT_TEMPLATE);

/** The server's document and a reader's replica of it, the replica following through updates as a client's does. */
function hall() {
  const server = new Y.Doc();
  const replica = new Y.Doc();
  server.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update));
  const writer = new StateWriter(server, 'server');
  const state = replica.getMap<unknown>('state');
  const write = (w: Workshop, now: number) => server.transact(() => writer.write(server.getMap('state'), w, now), 'server');
  return { state, write };
}

/** One random step of a workshop in reporting: the things a hall does, in any order. */
function step(w: Workshop, random: () => number, n: number): Workshop {
  const person = `p${Math.floor(random() * 40)}`;
  const pick = random();
  try {
    if (pick < 0.25) return setPointer(w, F, Math.floor(random() * 6), { id: 's', rowCount: 6 });
    if (pick < 0.35) return askQuestion(w, P(person), { id: `q${n}`, room: 1 + Math.floor(random() * 3), text: `Question ${n}?`, now: T0 + n });
    if (pick < 0.5 && w.plenary && w.plenary.questions.length > 0) {
      const q = w.plenary.questions[Math.floor(random() * w.plenary.questions.length)]!;
      return upvoteQuestion(w, P(person), q.id);
    }
    if (pick < 0.55) return openPoll(w, F, { id: `poll${n}`, kind: 'rating', snapshotId: 's', items, now: T0 + n });
    if (pick < 0.75 && w.plenary && w.plenary.polls.length > 0) {
      const poll = w.plenary.polls[Math.floor(random() * w.plenary.polls.length)]!;
      return vote(w, P(person), poll.id, { kind: 'rating', ratings: { [items[Math.floor(random() * items.length)]!.key]: { impact: 'H', effort: random() < 0.5 ? 'M' : 'L' } } });
    }
    if (pick < 0.78 && w.plenary && w.plenary.polls.length > 0) return endPoll(w, F, w.plenary.polls[0]!.id, T0 + n);
    if (pick < 0.85) return setPresentingRoom(w, F, 1 + Math.floor(random() * 3));
    if (pick < 0.9) return setRapporteur(w, 1 + Math.floor(random() * 3), person);
    if (pick < 0.95) return moveParticipant(w, person, 1 + Math.floor(random() * 3));
    return addParticipant(w, { id: `late${n}`, name: `Late ${n}`, now: T0 + n });
  } catch {
    return w; // refused by the domain (not this person's turn, poll closed): nothing changes
  }
}

describe('StateReader: the state document read again only where a change touched it', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`reads what the full readers read after every change of a random hall (seed ${seed})`, () => {
      const { state, write } = hall();
      let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Hall', rooms: 3 });
      for (let i = 0; i < 40; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
      w = setPresentingRoom(setPhase(setPhase(assign(w, 'seed'), 'breakout', T0), 'reporting', T0 + 1), F, 1);
      write(w, T0 + 1);
      const reader = new StateReader();
      let touched: Set<string> | undefined;
      state.observeDeep((events) => (touched = touchedStateKeys(events)));
      expect(reader.plenary(state)).toEqual(readPlenary(state));
      expect(reader.people(state)).toEqual(readPeople(state));
      const random = seededRandom(seed);
      let pointerMoves = 0;
      for (let n = 0; n < 300; n++) {
        const before = w.plenary?.pointer;
        w = step(w, random, n);
        if (w.plenary?.pointer !== before) pointerMoves++;
        touched = undefined;
        write(w, T0 + 2 + n);
        if (!touched) continue; // nothing changed: no event, and nothing to read
        expect(reader.plenary(state, touched), `step ${n}`).toEqual(readPlenary(state));
        expect(reader.people(state, touched), `step ${n}`).toEqual(readPeople(state));
        expect(reader.rooms(state, touched), `step ${n}`).toEqual(readRooms(state));
      }
      expect(pointerMoves).toBeGreaterThan(30);
      // 300 changes compared with three full reads each: ~1–2 s alone, longer on a loaded machine.
    }, 30_000);
  }

  it('a pointer move hands back the same questions, polls and people: nothing but the pointer is read again', () => {
    const { state, write } = hall();
    let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Hall', rooms: 2 });
    for (let i = 0; i < 10; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
    w = setPhase(setPhase(assign(w, 'seed'), 'breakout', T0), 'reporting', T0 + 1);
    w = setPresentingRoom(w, F, 1);
    w = askQuestion(w, P('p1'), { id: 'q1', room: 1, text: 'Why?', now: T0 });
    w = openPoll(w, F, { id: 'r', kind: 'rating', snapshotId: 's', items, now: T0 });
    write(w, T0 + 1);
    const reader = new StateReader();
    let touched = new Set<string>();
    state.observeDeep((events) => (touched = touchedStateKeys(events)));
    const before = reader.plenary(state)!;
    const people = reader.people(state);
    write(setPointer(w, F, 3, { id: 's', rowCount: 6 }), T0 + 2);
    expect([...touched]).toEqual(['plenary', 'plenary/pointer']);
    const after = reader.plenary(state, touched)!;
    expect(after.pointer?.row).toBe(3);
    expect(after.questions).toBe(before.questions);
    expect(after.polls).toBe(before.polls);
    expect(reader.people(state, touched)).toBe(people);
  });

  it('a change outside the plenary hands back the very same plenary', () => {
    const { state, write } = hall();
    let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Hall', rooms: 2 });
    w = addParticipant(w, { id: 'p1', name: 'Ana', now: T0 });
    w = setPhase(setPhase(assign(w, 'seed'), 'breakout', T0), 'reporting', T0 + 1);
    write(w, T0 + 1);
    const reader = new StateReader();
    let touched = new Set<string>();
    state.observeDeep((events) => (touched = touchedStateKeys(events)));
    const before = reader.plenary(state);
    write(addParticipant(w, { id: 'p2', name: 'Bo', now: T0 + 2 }), T0 + 2);
    expect(touched.has('people')).toBe(true);
    expect(reader.plenary(state, touched)).toBe(before);
    expect(reader.people(state, touched)?.map((p) => p.name)).toEqual(['Ana', 'Bo']);
  });
});
