/** One person shown as present, however many tabs, devices or not-yet-dropped old connections they have. */
export interface PresentPerson {
  key: string;
  name: string;
  color: string;
  self: boolean;
}

/**
 * Who has the room open, one entry per person (issue 15: after a reload a person was listed twice,
 * the old connection's ghost with them, until the server noticed it was gone; a second tab or a
 * phone listed them again). The server writes each state's `user.name` and `user.role` from the
 * token [SY17], so the name and role say whose it is; the state owned by this client marks "you".
 */
export function presentPeople(states: Map<number, unknown>, selfClientId: number): PresentPerson[] {
  const byPerson = new Map<string, PresentPerson>();
  states.forEach((state, clientId) => {
    const user = (state as { user?: { name?: unknown; color?: unknown; role?: unknown } } | null)?.user;
    if (!user || typeof user.name !== 'string') return;
    const key = `${typeof user.role === 'string' ? user.role : ''}:${user.name}`;
    const self = clientId === selfClientId;
    const known = byPerson.get(key);
    if (known) {
      // This client's own state decides the colour shown for "you".
      if (self) byPerson.set(key, { ...known, self: true, color: typeof user.color === 'string' ? user.color : known.color });
      return;
    }
    byPerson.set(key, { key, name: user.name, color: typeof user.color === 'string' ? user.color : '#455a64', self });
  });
  return [...byPerson.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}
