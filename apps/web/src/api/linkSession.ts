import { saveSession, type Session } from './session';

/** The fragment that carries a token in a private link: never sent to the server, never in a Referer. */
const KEY = 'key';

/** The private link that signs a device in with `token`: the console for a facilitator, the workshop for a participant. */
export function privateLink(workshopId: string, token: string, role: Session['role']): string {
  const page = role === 'facilitator' ? `/w/${encodeURIComponent(workshopId)}/facilitate` : `/w/${encodeURIComponent(workshopId)}`;
  return `${location.origin}${page}#${KEY}=${encodeURIComponent(token)}`;
}

/**
 * Who a token says it is, read from its (signed, not secret) claims without checking the
 * signature: the server checks it on every request. Null for anything that is not a Roomtable token.
 */
export function tokenHolder(
  token: string,
): { workshopId: string; role: Session['role']; participantId: string | null; linkId: string | null } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'rt1') return null;
  try {
    const json = atob((parts[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { w?: unknown; r?: unknown; p?: unknown; k?: unknown };
    if (typeof claims.w !== 'string' || (claims.r !== 'facilitator' && claims.r !== 'participant')) return null;
    return {
      workshopId: claims.w,
      role: claims.r,
      participantId: typeof claims.p === 'string' ? claims.p : null,
      // The facilitator link the token was made for [FL3]; the server shows it as `user.link` [SY17].
      linkId: typeof claims.k === 'string' ? claims.k : null,
    };
  } catch {
    return null;
  }
}

/**
 * Signs this device in from a private link opened on it (`#key=<token>`), then takes the token out
 * of the address bar so it is not left in the history or shown over a shoulder. A token of another
 * workshop is ignored. Returns the session it stored, or null.
 */
export function takeLinkSession(workshopId: string): Session | null {
  const match = new RegExp(`(?:^#|&)${KEY}=([^&]+)`).exec(location.hash);
  if (!match) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  let token: string;
  try {
    token = decodeURIComponent(match[1] ?? '');
  } catch {
    return null;
  }
  const holder = tokenHolder(token);
  if (!holder || holder.workshopId !== workshopId) return null;
  const session: Session = { token, role: holder.role, participantId: holder.participantId };
  saveSession(workshopId, session);
  return session;
}
