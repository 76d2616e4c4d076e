import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { AwarenessEntry } from './protocol';
import type { Session } from './Session';

/**
 * Who speaks for each awareness client id of one document [SY16].
 *
 * An id belongs to the person (identity key) whose session first announced it, here or on
 * another process, for as long as the document is live; only a session of that person may set
 * it again, and it takes the id over only with a newer state (a reconnect whose old socket is
 * not yet known dead). Why not "whoever last named it": stock clients re-send every awareness
 * update they receive, so ownership moved to an echoing client; the real owner's abrupt drop
 * then removed nothing (a ghost until the 30-s timeout) and the echoer's leaving removed other
 * people's states (flicker), and anyone could rename anyone.
 */
export class AwarenessOwners {
  /** identity key of the person each client id belongs to; kept while the document is live */
  readonly #person = new Map<number, string>();
  /** the local session speaking for each client id now */
  readonly #session = new Map<number, Session>();
  readonly #anonymous = new WeakMap<Session, string>();
  #nextAnonymous = 0;

  /**
   * Whether `session` may set `entry` (`clock` is the id's current clock here, 0 when unknown);
   * if so the session speaks for the id from now on.
   */
  claim(session: Session, entry: AwarenessEntry, clock: number): boolean {
    const key = this.keyOf(session);
    const person = this.#person.get(entry.clientID);
    if (person !== undefined && person !== key) return false;
    if (person !== undefined && this.#session.get(entry.clientID) !== session && entry.clock <= clock) return false;
    this.#person.set(entry.clientID, key);
    this.#session.set(entry.clientID, session);
    return true;
  }

  /** Whether the client id belongs to a person other than `session`'s (what `session` says about it is dropped) [SY25]. */
  ownedByOthers(session: Session, clientID: number): boolean {
    const person = this.#person.get(clientID);
    return person !== undefined && person !== this.keyOf(session);
  }

  /** Whether a state another process sent, set by person `key`, may apply here (the same rules as {@link claim}). */
  acceptRemote(entry: AwarenessEntry, key: string, clock: number): boolean {
    const person = this.#person.get(entry.clientID);
    if (person !== undefined && person !== key) return false;
    // Spoken for here: only the same person's newer state elsewhere takes it away (a move to another process).
    if (this.#session.has(entry.clientID) && entry.clock <= clock) return false;
    this.#person.set(entry.clientID, key);
    this.#session.delete(entry.clientID);
    return true;
  }

  /** The client ids `session` speaks for, which it speaks for no longer (it left). */
  release(session: Session): number[] {
    const owned: number[] = [];
    for (const [clientID, owner] of this.#session) if (owner === session) owned.push(clientID);
    for (const clientID of owned) this.#session.delete(clientID);
    return owned;
  }

  /** Whether a session of this process speaks for the id. */
  isLocal(clientID: number): boolean {
    return this.#session.has(clientID);
  }

  /** The identity key of the person a client id belongs to ('' when unknown). */
  personOf(clientID: number): string {
    return this.#person.get(clientID) ?? '';
  }

  /** The identity key of a session: its person's, or one of its own when it has no identity. */
  keyOf(session: Session): string {
    const key = session.options.identity?.key;
    if (key !== undefined) return `p:${key}`;
    let own = this.#anonymous.get(session);
    if (own === undefined) this.#anonymous.set(session, (own = `s:${this.#nextAnonymous++}:${Math.random().toString(36).slice(2)}`));
    return own;
  }
}

/**
 * Awareness as it travels between processes: the y-protocols update, then for each client id in
 * it the identity key of its person, so every process applies the same ownership rules.
 */
export function encodeSharedAwareness(update: Uint8Array, people: ReadonlyArray<[number, string]>): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint8Array(e, update);
    encoding.writeVarUint(e, people.length);
    for (const [clientID, key] of people) {
      encoding.writeVarUint(e, clientID);
      encoding.writeVarString(e, key);
    }
  });
}

/** Decodes {@link encodeSharedAwareness}; throws on anything else. */
export function decodeSharedAwareness(payload: Uint8Array): { update: Uint8Array; people: Map<number, string> } {
  const decoder = decoding.createDecoder(payload);
  const update = decoding.readVarUint8Array(decoder);
  const count = decoding.readVarUint(decoder);
  const people = new Map<number, string>();
  for (let i = 0; i < count; i++) people.set(decoding.readVarUint(decoder), decoding.readVarString(decoder));
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after shared awareness');
  return { update, people };
}
