/** What this browser holds for one workshop: the bearer token and whose it is. */
export interface Session {
  token: string;
  role: 'facilitator' | 'participant';
  participantId: string | null;
}

const key = (workshopId: string) => `roomtable:${workshopId}`;

/** The stored session for a workshop, or null when this browser never joined it. */
export function loadSession(workshopId: string): Session | null {
  try {
    const raw = localStorage.getItem(key(workshopId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== 'string' || (value.role !== 'facilitator' && value.role !== 'participant')) {
      return null;
    }
    return { token: value.token, role: value.role, participantId: value.participantId ?? null };
  } catch {
    // Private mode or a corrupted entry: behave as if never joined rather than crash.
    return null;
  }
}

/** Remembers a session so that a reload keeps the person in their workshop. */
export function saveSession(workshopId: string, session: Session): void {
  localStorage.setItem(key(workshopId), JSON.stringify(session));
}
