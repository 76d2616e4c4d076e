import * as Y from 'yjs';
import { compareQuestions, type PublicPlenary, type PublicPoll, type PublicQuestion } from './plenary';
import type { PublicRoom, PublicState } from './workshop';

// The layout of the `<id>/state` document's people and plenary: the server writes it, the web
// app and tests read it, both through this file. Lists that grow with the audience are kept one
// entry per item, so a change sends its holders that item, not the whole list again.

/** One person as every member of the workshop sees them. */
export interface PublicPerson {
  id: string;
  name: string;
  room: number | null;
  /** Answers to public participant fields only [PF3]; absent when there are none. */
  attributes?: Record<string, string>;
}

/** Key of the people map inside the state document's `state` map. */
export const PEOPLE_KEY = 'people';
/** Key of the plenary map inside the state document's `state` map. */
export const PLENARY_KEY = 'plenary';
/** Key of the rooms' map (one entry per room, without its members) inside the `state` map [SD4]. */
export const ROOMS_KEY = 'rooms';
/** Key of the rooms' members map (one entry per room: who is in it) inside the `state` map [SD4]. */
export const ROOM_MEMBERS_KEY = 'roomMembers';

/** What the rooms map holds per room: everything but its members, which change apart [SD4]. */
type RoomEntry = Omit<PublicRoom, 'participantIds'>;
/** What the members map holds per room. */
interface RoomMembersEntry {
  number: number;
  participantIds: string[];
}

/** What the people map holds per person: the person and their place in join order. */
interface PersonEntry extends PublicPerson {
  order: number;
}

/** A poll without what every ballot changes, and its place among the polls. */
type PollDefinition = Omit<PublicPoll, 'voterIds' | 'tally'> & { order: number };
/** One voter of a poll, and their place among its voters. */
interface PollVoter {
  poll: string;
  voter: string;
  order: number;
}
/** One item's tally in a poll, and its place in the poll's tally. */
interface PollItemTally {
  poll: string;
  order: number;
  tally: PublicPoll['tally'][number];
}

/**
 * Writes the public state into the state document's `state` map, only what changed: the workshop
 * (without `remainingMs`, which changes every millisecond: clients count down from `endsAt`),
 * rooms and broadcast as values, the people [SD1] and the plenary [SD2] one entry per item.
 * Call inside a transaction.
 */
export function writeState(state: Y.Map<unknown>, publicState: PublicState): void {
  writeHead(state, publicState);
  writePeople(state, publicState.participants);
  writePlenary(state, publicState.plenary);
  // Documents written before [SD1] kept everyone in one list under this key.
  if (state.has('participants')) state.delete('participants');
}

/** The workshop (without `remainingMs`) and broadcast, small values compared whole; the rooms [SD4]. */
export function writeHead(state: Y.Map<unknown>, parts: Pick<PublicState, 'workshop' | 'rooms' | 'broadcast'>): void {
  const { remainingMs: _volatile, ...workshop } = parts.workshop;
  setIfChanged(state, 'workshop', workshop);
  writeRooms(state, parts.rooms);
  setIfChanged(state, 'broadcast', parts.broadcast);
}

/**
 * The rooms, one entry per room, and their members apart [SD4]. Kept as one list, any room's
 * change (a call for help, a rapporteur, a minute more) re-sent every room's member list to every
 * reader: 14 KiB to each of 500 people at 50 rooms, and the same at the end of every break-out,
 * when each room's end time changes. Now a room's change is that room's entry, and the members
 * (which change only when people are assigned or moved) are not sent again with it.
 */
export function writeRooms(state: Y.Map<unknown>, rooms: readonly PublicRoom[]): void {
  syncEntries(
    childMap<RoomEntry>(state, ROOMS_KEY),
    rooms.map(({ participantIds: _members, ...room }) => [String(room.number), room]),
  );
  syncEntries(
    childMap<RoomMembersEntry>(state, ROOM_MEMBERS_KEY),
    rooms.map((room) => [String(room.number), { number: room.number, participantIds: [...room.participantIds] }]),
  );
}

/** The rooms in the state document, by number [SD4]; null when it has none yet. A list under `rooms` (documents written before [SD4]) reads as it is. */
export function readRooms(state: Y.Map<unknown>): PublicRoom[] | null {
  const map = state.get(ROOMS_KEY);
  if (Array.isArray(map)) return map as PublicRoom[];
  if (!(map instanceof Y.Map)) return null;
  const members = state.get(ROOM_MEMBERS_KEY);
  const membersOf = (n: number) => (members instanceof Y.Map ? ((members as Y.Map<RoomMembersEntry>).get(String(n))?.participantIds ?? []) : []);
  return [...(map as Y.Map<RoomEntry>).values()]
    .filter((room): room is RoomEntry => typeof room === 'object' && room !== null && typeof room.number === 'number')
    .sort((a, b) => a.number - b.number)
    .map((room) => ({ ...room, participantIds: [...membersOf(room.number)] }));
}

/**
 * Writes the workshop's people into the state document as one entry per person [SD1], touching
 * only the entries that changed: a join adds one entry, a move changes one. (Kept as a single list,
 * every join re-sent the whole list to everyone holding the document.) Call inside a transaction.
 */
export function writePeople(state: Y.Map<unknown>, people: readonly PublicPerson[]): void {
  const entries = childMap<PersonEntry>(state, PEOPLE_KEY);
  syncEntries(
    entries,
    // Field by field, never the whole object: only what every member may see reaches the document [PF3].
    people.map((person, order) => [
      person.id,
      person.attributes ? { id: person.id, name: person.name, room: person.room, attributes: { ...person.attributes }, order } : { id: person.id, name: person.name, room: person.room, order },
    ]),
  );
}

/** The people in the state document, in join order [SD1]; null when the document has none yet. */
export function readPeople(state: Y.Map<unknown>): PublicPerson[] | null {
  const map = state.get(PEOPLE_KEY);
  if (!(map instanceof Y.Map)) return null;
  return [...(map as Y.Map<PersonEntry>).values()]
    .filter(isPersonEntry)
    .sort((a, b) => a.order - b.order)
    .map(({ id, name, room, attributes }) => (attributes ? { id, name, room, attributes } : { id, name, room }));
}

/**
 * Writes the plenary [SD2]: one entry per question; per poll its definition, one entry per voter
 * and one per item's tally. An upvote sends that question; a ballot the tallies of the items it
 * changed (and the voter, the first time) — never every question, every voter or the items'
 * texts again. Call inside a transaction.
 */
export function writePlenary(state: Y.Map<unknown>, plenary: PublicPlenary): void {
  const map = writePlenaryHead(state, plenary);
  writeQuestions(state, plenary.questions);
  syncEntries(
    childMap<PollDefinition>(map, 'polls'),
    plenary.polls.map(({ voterIds: _v, tally: _t, ...definition }, order) => [definition.id, { ...definition, order }]),
  );
  syncEntries(
    childMap<PollVoter>(map, 'pollVoters'),
    plenary.polls.flatMap((poll) => poll.voterIds.map((voter, order): [string, PollVoter] => [`${poll.id} ${voter}`, { poll: poll.id, voter, order }])),
  );
  syncEntries(
    childMap<PollItemTally>(map, 'pollTally'),
    plenary.polls.flatMap((poll) => poll.tally.map((tally, order): [string, PollItemTally] => [`${poll.id} ${order}`, { poll: poll.id, order, tally }])),
  );
}

/** The presenting room, the pointer and the note-takers; returns the plenary map. */
export function writePlenaryHead(state: Y.Map<unknown>, plenary: Pick<PublicPlenary, 'presentingRoom' | 'pointer' | 'noteTakers'>): Y.Map<unknown> {
  const map = childMap<unknown>(state, PLENARY_KEY);
  setIfChanged(map, 'presentingRoom', plenary.presentingRoom);
  setIfChanged(map, 'pointer', plenary.pointer);
  setIfChanged(map, 'noteTakers', plenary.noteTakers);
  return map;
}

/** The questions, one entry each [SD2]. */
export function writeQuestions(state: Y.Map<unknown>, questions: readonly PublicQuestion[]): void {
  syncEntries(childMap<PublicQuestion>(childMap<unknown>(state, PLENARY_KEY), 'questions'), questions.map((q) => [q.id, q]));
}

/**
 * One poll's definition, voters and item tallies [SD2], given `before`, what this same writer last
 * wrote for it (so what the document holds for it): only entries that differ from `before` are
 * written and the ones it no longer has deleted, without reading the document, so a ballot costs
 * this poll's lists compared in memory, not every poll's entries read and compared.
 */
export function writePoll(state: Y.Map<unknown>, poll: PublicPoll, order: number, before: PublicPoll, beforeOrder: number): void {
  const map = childMap<unknown>(state, PLENARY_KEY);
  const { voterIds, tally, ...definition } = poll;
  const { voterIds: beforeVoters, tally: beforeTally, ...beforeDefinition } = before;
  if (order !== beforeOrder || !sameJson(definition, beforeDefinition)) childMap<PollDefinition>(map, 'polls').set(poll.id, { ...definition, order });
  const voters = childMap<PollVoter>(map, 'pollVoters');
  voterIds.forEach((voter, i) => {
    if (beforeVoters[i] !== voter) voters.set(`${poll.id} ${voter}`, { poll: poll.id, voter, order: i });
  });
  const now = new Set(voterIds);
  for (const voter of beforeVoters) if (!now.has(voter)) voters.delete(`${poll.id} ${voter}`);
  const tallies = childMap<PollItemTally>(map, 'pollTally');
  tally.forEach((t, i) => {
    if (!sameJson(beforeTally[i], t)) tallies.set(`${poll.id} ${i}`, { poll: poll.id, order: i, tally: t });
  });
  for (let i = tally.length; i < beforeTally.length; i++) tallies.delete(`${poll.id} ${i}`);
}

/** The plenary as `publicPlenary` gives it (questions most upvoted first) [SD2]; null before it was written. */
export function readPlenary(state: Y.Map<unknown>): PublicPlenary | null {
  const map = state.get(PLENARY_KEY);
  if (!(map instanceof Y.Map)) return null;
  const m = map as Y.Map<unknown>;
  return plenaryOfParts(m, readQuestionsOf(m), readPollsOf(m));
}

/** @internal The plenary map's questions, most upvoted first (PlenaryReader re-reads them alone). */
export function readQuestionsOf(plenary: Y.Map<unknown>): PublicQuestion[] {
  return [...entriesOf<PublicQuestion>(plenary, 'questions')].sort(compareQuestions);
}

/** @internal The plenary map's polls with their voters and tallies, in order. */
export function readPollsOf(plenary: Y.Map<unknown>): PublicPoll[] {
  const voters = groupByPoll(entriesOf<PollVoter>(plenary, 'pollVoters'));
  const tallies = groupByPoll(entriesOf<PollItemTally>(plenary, 'pollTally'));
  return [...entriesOf<PollDefinition>(plenary, 'polls')]
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...definition }): PublicPoll => ({
      ...definition,
      voterIds: (voters.get(definition.id) ?? []).map((v) => v.voter),
      tally: (tallies.get(definition.id) ?? []).map((t) => t.tally),
    }));
}

/** @internal The plenary from its map's small values and its lists, read already. */
export function plenaryOfParts(plenary: Y.Map<unknown>, questions: PublicQuestion[], polls: PublicPoll[]): PublicPlenary {
  return {
    presentingRoom: (plenary.get('presentingRoom') as number | null | undefined) ?? null,
    pointer: (plenary.get('pointer') as PublicPlenary['pointer'] | undefined) ?? null,
    questions,
    polls,
    noteTakers: (plenary.get('noteTakers') as string[] | undefined) ?? [],
  };
}

/** Entries of every poll, by poll id, each poll's in order. */
function groupByPoll<T extends { poll: string; order: number }>(entries: T[]): Map<string, T[]> {
  const byPoll = new Map<string, T[]>();
  for (const entry of entries) {
    const list = byPoll.get(entry.poll);
    if (list) list.push(entry);
    else byPoll.set(entry.poll, [entry]);
  }
  for (const list of byPoll.values()) list.sort((a, b) => a.order - b.order);
  return byPoll;
}

/** The Y.Map under `key`, created (replacing a plain value of an older layout) when missing. */
function childMap<T>(parent: Y.Map<unknown>, key: string): Y.Map<T> {
  const current = parent.get(key);
  if (current instanceof Y.Map) return current as Y.Map<T>;
  const created = new Y.Map<T>();
  parent.set(key, created);
  return created;
}

function entriesOf<T>(parent: Y.Map<unknown>, key: string): T[] {
  const map = parent.get(key);
  return map instanceof Y.Map ? [...(map as Y.Map<T>).values()] : [];
}

/** Makes `map` hold exactly `entries`: sets those whose JSON differs, deletes the rest. */
function syncEntries<T>(map: Y.Map<T>, entries: Array<[string, T]>): void {
  const present = new Set<string>();
  for (const [key, value] of entries) {
    present.add(key);
    setIfChanged(map, key, value);
  }
  for (const key of [...map.keys()]) if (!present.has(key)) map.delete(key);
}

function setIfChanged<T>(map: Y.Map<T>, key: string, value: T): void {
  if (map.has(key) && sameJson(map.get(key), value)) return;
  map.set(key, value);
}

/**
 * Whether two JSON values are equal, key order aside (a stored value and a fresh one). It runs
 * once per entry on every write of the state document, so for every person and every voter on
 * every ballot: comparing in place instead of serialising both sides made a ballot's write of a
 * 500-person workshop several times cheaper (test/bench/stateWrite.ts). `undefined` members count
 * as absent, as JSON.stringify drops them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    defined++;
    if (!sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) defined--;
  return defined === 0;
}

function isPersonEntry(value: unknown): value is PersonEntry {
  const v = value as PersonEntry | null;
  return !!v && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.order === 'number' && (v.room === null || typeof v.room === 'number');
}
