import type { SessionIdentity } from './Transport';

/** Longest name a client may give itself where its identity leaves the name to it (the facilitator's). */
const MAX_OWN_NAME = 80;

/** A CSS hex colour, the only kind the web app's carets and swatches use. */
const COLOR = /^#[0-9a-fA-F]{3,8}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The awareness state the server lets a session show [SY17]: `user` says who the session's
 * token says it is (name, role, participant id or facilitator link from its identity, a colour if it is one), whatever the
 * client claims; a session that may not write shows its `user` and nothing else (no caret, no
 * other field a reader could use to put text in front of everyone). `null` (gone) stays null.
 */
export function presentedState(state: unknown, identity: SessionIdentity | undefined, writable: boolean): unknown {
  if (state === null) return null;
  if (!isRecord(state)) return {};
  const out: Record<string, unknown> = writable ? { ...state } : {};
  if (!('user' in state)) return out;
  if (!identity) {
    if (writable) return out;
    out.user = state.user;
    return out;
  }
  const claimed = isRecord(state.user) ? state.user : {};
  const user: Record<string, unknown> = {};
  const name = identity.name ?? (typeof claimed.name === 'string' ? claimed.name.slice(0, MAX_OWN_NAME) : undefined);
  if (name !== undefined) user.name = name;
  user.role = identity.role;
  // The verified participant id, never the client's claim: the web groups presence by it, so a
  // claimed id would let anyone hide behind (or as) somebody else.
  if (identity.participantId) user.id = identity.participantId;
  else if (identity.linkId) user.link = identity.linkId;
  if (typeof claimed.color === 'string' && COLOR.test(claimed.color)) user.color = claimed.color;
  out.user = user;
  return out;
}
