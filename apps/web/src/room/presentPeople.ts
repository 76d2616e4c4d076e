import { personColor } from './personColor';

/** One person shown as present, however many tabs, devices or not-yet-dropped old connections they have. */
export interface PresentPerson {
  key: string;
  name: string;
  color: string;
  self: boolean;
}

interface ShownUser {
  id?: unknown;
  link?: unknown;
  name?: unknown;
  color?: unknown;
  role?: unknown;
}

/**
 * Whose a state is: the participant id the server writes into `user.id` from the token [SY17]
 * (never the page's claim), so two people of the same name stay two entries and one person's
 * tabs, devices and reloads are one; a facilitator has none, and is told apart by the facilitator
 * link the server writes into `user.link` (co-facilitators are several people, all called
 * "Facilitator"). A state with neither (an older server) is told apart by role and name.
 */
export function personKey(user: ShownUser): string {
  if (typeof user.id === 'string' && user.id) return `id:${user.id}`;
  if (typeof user.link === 'string' && user.link) return `link:${user.link}`;
  return `${typeof user.role === 'string' ? user.role : ''}:${typeof user.name === 'string' ? user.name : ''}`;
}

/**
 * Who has the room open, one entry per person (issue 15: after a reload a person was listed twice,
 * the old connection's ghost with them, until the server noticed it was gone; a second tab or a
 * phone listed them again). Grouped by `personKey`; the state owned by this client marks "you",
 * and every other state of the same person is that same entry.
 */
export function presentPeople(states: Map<number, unknown>, selfClientId: number): PresentPerson[] {
  const byPerson = new Map<string, PresentPerson>();
  states.forEach((state, clientId) => {
    const user = (state as { user?: ShownUser } | null)?.user;
    if (!user || typeof user.name !== 'string') return;
    const key = personKey(user);
    const self = clientId === selfClientId;
    const known = byPerson.get(key);
    if (known) {
      // This client's own state decides the name shown for "you".
      if (self) byPerson.set(key, { ...known, self: true, name: user.name });
      return;
    }
    byPerson.set(key, { key, name: user.name, color: personColor(key), self });
  });
  return [...byPerson.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}
