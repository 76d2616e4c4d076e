import * as Y from 'yjs';

/** One person as every member of the workshop sees them. */
export interface PublicPerson {
  id: string;
  name: string;
  room: number | null;
}

/** Key of the people map inside the state document's `state` map. */
export const PEOPLE_KEY = 'people';

/** What the map holds per person: the person and their place in join order. */
interface PersonEntry extends PublicPerson {
  order: number;
}

/**
 * Writes the workshop's people into the state document as one entry per person [SD1], touching
 * only the entries that changed: a join adds one entry, a move changes one. (Kept as a single list,
 * every join re-sent the whole list to everyone holding the document: with 500 people in the
 * lobby, ~35 KB to each of them per join.) Call inside a transaction.
 */
export function writePeople(state: Y.Map<unknown>, people: readonly PublicPerson[]): void {
  let map = state.get(PEOPLE_KEY);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<PersonEntry>();
    state.set(PEOPLE_KEY, map);
  }
  const entries = map as Y.Map<PersonEntry>;
  const present = new Set<string>();
  people.forEach((person, order) => {
    present.add(person.id);
    const current = entries.get(person.id);
    if (current && current.name === person.name && current.room === person.room && current.order === order) return;
    entries.set(person.id, { id: person.id, name: person.name, room: person.room, order });
  });
  for (const id of [...entries.keys()]) if (!present.has(id)) entries.delete(id);
}

/** The people in the state document, in join order [SD1]; null when the document has none yet. */
export function readPeople(state: Y.Map<unknown>): PublicPerson[] | null {
  const map = state.get(PEOPLE_KEY);
  if (!(map instanceof Y.Map)) return null;
  return [...(map as Y.Map<PersonEntry>).values()]
    .filter(isEntry)
    .sort((a, b) => a.order - b.order)
    .map(({ id, name, room }) => ({ id, name, room }));
}

function isEntry(value: unknown): value is PersonEntry {
  const v = value as PersonEntry | null;
  return !!v && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.order === 'number' && (v.room === null || typeof v.room === 'number');
}
