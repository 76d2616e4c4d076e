import * as Y from 'yjs';
import type { PublicPlenary, PublicPoll, PublicQuestion } from './plenary';
import { PEOPLE_KEY, PLENARY_KEY, ROOMS_KEY, ROOM_MEMBERS_KEY, plenaryOfParts, readPeople, readPollsOf, readQuestionsOf, readRooms, type PublicPerson } from './stateDoc';
import type { PublicRoom } from './workshop';

/**
 * Which parts of the state document's `state` map a batch of its deep events (`observeDeep`)
 * touched: a key of the map itself (`workshop`, `people`, …) when that key was set or deleted or
 * something inside it changed, and for the plenary also `plenary/<key>` (`plenary/pointer`,
 * `plenary/questions`, …). A readers' page re-reads only those: a pointer moved 5 times a second
 * re-read every person, question and voter on every phone and the projector, and handed React a
 * new list of each.
 */
export function touchedStateKeys(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>): Set<string> {
  const touched = new Set<string>();
  for (const event of events) {
    // The path from the observed `state` map to the changed type.
    const path = event.path.map(String);
    const keys = event instanceof Y.YMapEvent ? [...(event.keysChanged as Set<string>)] : [];
    if (path.length === 0) {
      for (const key of keys) {
        touched.add(key);
        // A part replaced whole (an older layout's value, a fresh map) is all new.
        if (key === PLENARY_KEY) touched.add(`${PLENARY_KEY}/*`);
      }
      continue;
    }
    touched.add(path[0]!);
    if (path[0] !== PLENARY_KEY) continue;
    if (path.length === 1) for (const key of keys) touched.add(`${PLENARY_KEY}/${key}`);
    else touched.add(`${PLENARY_KEY}/${path[1]}`);
  }
  return touched;
}

const POLL_KEYS = ['polls', 'pollVoters', 'pollTally'].map((key) => `${PLENARY_KEY}/${key}`);

/**
 * Reads the state document the way `readPeople`, `readRooms` and `readPlenary` do, re-reading only
 * the parts a change touched (`touchedStateKeys`) and handing back the same objects for the rest,
 * so a page re-renders only what changed. Without `touched` (the first read, a resync) it reads
 * everything. One reader per document: it remembers what it read from that one.
 */
export class StateReader {
  #people: PublicPerson[] | null = null;
  #rooms: PublicRoom[] | null = null;
  #plenaryMap: Y.Map<unknown> | null = null;
  #questions: PublicQuestion[] = [];
  #polls: PublicPoll[] = [];
  #plenary: PublicPlenary | null = null;
  #read = new Set<'people' | 'rooms' | 'plenary'>();

  /** The people in join order [SD1]; null before the document has them. */
  people(state: Y.Map<unknown>, touched?: ReadonlySet<string>): PublicPerson[] | null {
    if (!this.#read.has('people') || !touched || touched.has(PEOPLE_KEY)) {
      this.#people = readPeople(state);
      this.#read.add('people');
    }
    return this.#people;
  }

  /** The rooms by number [SD4]; null before the document has them. */
  rooms(state: Y.Map<unknown>, touched?: ReadonlySet<string>): PublicRoom[] | null {
    if (!this.#read.has('rooms') || !touched || touched.has(ROOMS_KEY) || touched.has(ROOM_MEMBERS_KEY)) {
      this.#rooms = readRooms(state);
      this.#read.add('rooms');
    }
    return this.#rooms;
  }

  /** The plenary [SD2] (the same object while nothing of it changed); null before it was written. */
  plenary(state: Y.Map<unknown>, touched?: ReadonlySet<string>): PublicPlenary | null {
    const map = state.get(PLENARY_KEY);
    if (!(map instanceof Y.Map)) {
      this.#plenaryMap = this.#plenary = null;
      return null;
    }
    const m = map as Y.Map<unknown>;
    const all = !this.#read.has('plenary') || !touched || m !== this.#plenaryMap || touched.has(`${PLENARY_KEY}/*`);
    if (!all && !touched.has(PLENARY_KEY)) return this.#plenary;
    if (all || touched.has(`${PLENARY_KEY}/questions`)) this.#questions = readQuestionsOf(m);
    if (all || POLL_KEYS.some((key) => touched.has(key))) this.#polls = readPollsOf(m);
    this.#plenaryMap = m;
    this.#read.add('plenary');
    this.#plenary = plenaryOfParts(m, this.#questions, this.#polls);
    return this.#plenary;
  }
}
