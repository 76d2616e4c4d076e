import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { admitUpdate } from './admitUpdate';
import { AwarenessOwners, decodeSharedAwareness, encodeSharedAwareness } from './AwarenessOwners';
import { CloseCode } from './CloseCode';
import type { DocumentPolicy } from './DocumentPolicy';
import type { FairScheduler } from './FairScheduler';
import type { InboundLimits } from './InboundBudget';
import { PersonalBudgets, type PersonalLimits } from './PersonalBudgets';
import { isLocalOrigin, remoteOrigin } from './origins';
import { presentedState } from './presentedState';
import {
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSaveCheck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type AwarenessEntry,
  type IncomingMessage,
} from './protocol';
import { Session, type SessionHost } from './Session';
import type { SessionFlow } from './SessionFlow';
import type { SessionOptions, Transport } from './Transport';

/** 16 MiB: a few full snapshots of a large table; past that the client is not keeping up. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** 16 MiB: a room table of hundreds of rows with long history is under 1 MiB; far past that is abuse. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Hooks that connect a room to persistence and fan-out; all optional so tests can run bare. */
export interface DocumentRoomOptions {
  /** receives every change made in this process (not loaded from storage, not from fan-out) */
  onLocalChange?: (update: Uint8Array, origin: unknown) => void;
  /** resolves once every change handed to `onLocalChange` so far is durably stored */
  whenDurable?: () => Promise<void>;
  /** close a session with 4408 once its transport has more than this many bytes queued */
  maxBufferedBytes?: number;
  /** called when the last session leaves */
  onEmpty?: () => void;
  /** refuse (and close with 4413) a client change that would grow the document past this size */
  maxDocumentBytes?: number;
  /** receives every awareness change made by this process's sessions (not by other processes), to fan out; `applyRemoteAwareness` reads it */
  onAwarenessChange?: (update: Uint8Array) => void;
  /** the rules a client's update must keep before it touches the document [SY10]; none: any well-formed update */
  policy?: () => DocumentPolicy | null;
  /**
   * called once when Yjs threw while applying a change to the live document: it may now differ
   * from what is stored, so the room has stopped and the owner reloads it from storage [SY14]
   */
  onFault?: (error: unknown) => void;
  /** counts how updates were admitted, for stats and benchmarks */
  admissions?: AdmissionCounts;
  /** what each session may send per second; past it its frames wait, and it is closed if it keeps on [SY21][SY22]; none: no budget */
  inbound?: InboundLimits;
  /** shares the event loop fairly between documents [SY23]; none: frames are handled as they come */
  scheduler?: FairScheduler;
  /** what one person may add to this document [SY24]; none: no personal budget */
  personal?: PersonalLimits;
  /** the clock and timers budgets use (default: the real ones) */
  clock?: RoomClock;
  /**
   * [SY26] Send this document's changes to its sessions at most once per this many ms: the first
   * change goes at once, the ones made during the window are merged and sent when it ends. For a
   * document many read and the server alone writes (the state document). 0 or absent: each at once.
   */
  spreadWindowMs?: number;
}

/** The clock and timers of a room's budgets, injectable for tests. */
export interface RoomClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: RoomClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How many client updates took each path of admission [SY13]. */
export interface AdmissionCounts {
  fast: number;
  slow: number;
  refused: number;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** `[1, <awareness update of no client>]`: a frame every client reads and ignores [SY18]. */
const EMPTY_AWARENESS = encodeAwareness(new Uint8Array([0]));

/** One live document: its Y.Doc, its awareness and its sessions. Pure: no sockets, no storage. */
export class DocumentRoom implements SessionHost {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly #sessions = new Set<Session>();
  /** Who may speak for each awareness client id [SY16]. */
  readonly #owners = new AwarenessOwners();
  readonly #onLeave = new Map<Session, () => void>();
  readonly #options: DocumentRoomOptions;
  #destroyed = false;
  /** Set when Yjs threw mid-apply: nothing more is applied, forwarded, stored or acknowledged [SY14]. */
  #faulted = false;
  /** While a change is being applied, its side effects wait here until it applied whole [SY14]. */
  #held: Array<[Uint8Array, unknown]> | null = null;
  /** Encoded size of the document so far, counted lazily; it only grows until a compaction recounts. */
  #size: number | null = null;
  /** Whether {@link #size} was counted (not estimated by adding update sizes) [SY20]. */
  #sizeExact = false;
  readonly #personal: PersonalBudgets | null;
  /** [SY26] While a spread window is open: the changes made during it, to send when it ends. */
  #windowed: Array<[Uint8Array, unknown]> | null = null;
  #windowTimer: unknown = null;

  constructor(
    readonly name: string,
    options: DocumentRoomOptions = {},
  ) {
    this.#options = options;
    this.#personal = options.personal
      ? new PersonalBudgets(options.personal, options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES, () => (options.clock ?? REAL_CLOCK).now())
      : null;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#onDocUpdate);
    this.awareness.on('update', this.#onAwarenessUpdate);
  }

  /** Number of open sessions. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** The document's approximate encoded size in bytes (exact after a load or a compaction). */
  get size(): number {
    if (this.#size === null) this.#recount();
    return this.#size!;
  }

  /** Records the exact encoded size, known after a compaction encoded the whole document. */
  noteSize(bytes: number): void {
    this.#size = bytes;
    this.#sizeExact = true;
  }

  #recount(): void {
    this.noteSize(Y.encodeStateAsUpdate(this.doc).byteLength);
  }

  /** False once a change made Yjs throw: the room takes nothing more and is being replaced [SY14]. */
  get healthy(): boolean {
    return !this.#faulted && !this.#destroyed;
  }

  /**
   * Applies an update that needs no admission (from the server itself, storage or fan-out) with the
   * same safety net as a client's [SY14]; throws when Yjs threw, after the room stopped.
   */
  applyUpdate(update: Uint8Array, origin: unknown): void {
    if (!this.healthy) throw new Error(`document "${this.name}" is being reloaded; try again`);
    const error = this.#applyWhole(update, origin);
    if (error !== null) throw new Error(`document "${this.name}" could not apply the update: ${describe(error)}`, { cause: error });
  }

  /**
   * Applies awareness another process's room sent (`onAwarenessChange`, `encodeAwarenessStates`):
   * forwarded to sessions, never fanned out again; ownership rules as for a session's [SY16].
   */
  applyRemoteAwareness(payload: Uint8Array): void {
    if (this.#destroyed) return;
    const { update, people } = decodeSharedAwareness(payload);
    const accepted = decodeAwarenessUpdate(update).filter((entry) => {
      const person = people.get(entry.clientID);
      return person !== undefined && this.#owners.acceptRemote(entry, person, this.#clockOf(entry.clientID));
    });
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), remoteOrigin);
  }

  /**
   * The awareness states this process's sessions set, for a process that just joined, or null.
   * Only those: each process answers for its own, and repeating another's would make it look
   * as if that person had moved here.
   */
  encodeAwarenessStates(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()].filter((id) => this.#owners.isLocal(id));
    return ids.length === 0 ? null : this.#shared(ids);
  }

  /**
   * [SY18] Sends a frame that changes nothing to every session that was sent nothing since the
   * last call. y-websocket's client closes and reopens a socket that brought no message for
   * 30 s: a reader alone on a document (the state document has no awareness at all) would
   * otherwise reconnect every 30 s.
   */
  keepAlive(): void {
    for (const session of [...this.#sessions]) if (session.wasQuiet()) session.send(EMPTY_AWARENESS);
  }

  /** Opens a session (`onLeave` runs once when it ends, whoever ends it): sends sync step 1 and the known awareness states to the newcomer. */
  join(transport: Transport, options: SessionOptions, onLeave?: () => void): Session {
    if (!this.healthy) throw new Error(`document "${this.name}" is closed`);
    const { inbound, scheduler } = this.#options;
    const clock = this.#options.clock ?? REAL_CLOCK;
    const flow: SessionFlow | null =
      inbound || scheduler
        ? {
            limits: inbound ?? null,
            scheduler: scheduler ?? null,
            lane: this,
            now: () => clock.now(),
            setTimer: (callback, ms) => clock.setTimeout(callback, ms),
            clearTimer: (handle) => clock.clearTimeout(handle),
          }
        : null;
    const session = new Session(this, transport, options, this.#options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES, flow);
    this.#sessions.add(session);
    if (onLeave) this.#onLeave.set(session, onLeave);
    session.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (this.awareness.getStates().size > 0) {
      session.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
    }
    return session;
  }

  /** Closes every session with the given code, e.g. 1012 on shutdown. */
  closeAll(code: number, reason: string): void {
    for (const session of [...this.#sessions]) session.close(code, reason);
  }

  /** Closes all sessions and frees the doc; the room cannot be used afterwards. */
  destroy(code = 1001, reason = 'document closed'): void {
    if (this.#destroyed) return;
    // What a spread window held still goes out before the sessions close [SY26].
    if (this.#windowTimer !== null) (this.#options.clock ?? REAL_CLOCK).clearTimeout(this.#windowTimer);
    this.#windowTimer = null;
    if (!this.#faulted) this.#sendWindowed();
    this.#windowed = null;
    this.closeAll(code, reason);
    this.#destroyed = true;
    this.doc.off('update', this.#onDocUpdate);
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** @internal Called by a session for each decoded frame. */
  handleMessage(session: Session, message: IncomingMessage): void {
    switch (message.type) {
      case 'sync-step1':
        session.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'sync-step2':
      case 'sync-update':
        // Read-only changes are dropped silently: stock clients keep working, nothing spreads.
        if (!session.options.canWrite()) return;
        if (this.#tooLarge(message.update)) {
          session.close(CloseCode.DocumentTooLarge, 'document too large: this change was not saved');
          return;
        }
        this.#applyWithinPersonalBudget(session, message.update);
        return;
      case 'awareness':
        this.#applySessionAwareness(session, message.entries);
        return;
      case 'query-awareness':
        session.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return;
      case 'save-check': {
        // A faulted room's document may differ from what is stored: no answer is the truth [SY14].
        if (!this.healthy) return;
        const { nonce } = message;
        const durable = this.#options.whenDurable?.() ?? Promise.resolve();
        // Not durable means no answer: the client keeps its edit marked unsaved, which is the truth.
        durable.then(
          () => session.send(encodeSaveCheck(nonce)),
          () => undefined,
        );
        return;
      }
      case 'auth':
        return;
    }
  }

  /** @internal Whether an awareness frame only repeats other people's states (its entries would all be dropped) [SY25]. */
  isEcho(session: Session, data: Uint8Array): boolean {
    let message: IncomingMessage;
    try {
      message = decodeMessage(data);
    } catch {
      return false;
    }
    return message.type === 'awareness' && message.entries.length > 0 && message.entries.every((entry) => this.#owners.ownedByOthers(session, entry.clientID));
  }

  /** @internal Called once when a session ends, whoever ended it. */
  detach(session: Session): void {
    if (!this.#sessions.delete(session)) return;
    const owned = this.#owners.release(session);
    if (owned.length > 0 && !this.#destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, owned, session);
    const onLeave = this.#onLeave.get(session);
    this.#onLeave.delete(session);
    onLeave?.();
    if (this.#sessions.size === 0) this.#options.onEmpty?.();
  }

  /** [SY24] A change past its author's share or rate of this document is refused (4414); an applied one is counted against them. */
  #applyWithinPersonalBudget(session: Session, update: Uint8Array): void {
    const budgets = session.options.exemptFromPersonalBudget ? null : this.#personal;
    if (!budgets) {
      this.#applyFromSession(session, update);
      return;
    }
    const person = session.options.identity?.key ?? session;
    const refusal = budgets.refusal(person, update.byteLength);
    if (refusal !== null) {
      session.close(CloseCode.PersonalLimit, refusal);
      return;
    }
    if (this.#applyFromSession(session, update)) budgets.spend(person, update.byteLength);
  }

  /**
   * A session's change: admitted by the document's policy first [SY10]–[SY13], refused whole with a
   * reason when it breaks a rule [SY12], then applied whole or not at all [SY14].
   */
  #applyFromSession(session: Session, update: Uint8Array): boolean {
    if (!this.healthy) return false;
    const policy = this.#options.policy?.() ?? null;
    if (policy) {
      const admission = admitUpdate(this.doc, update, policy);
      const counts = this.#options.admissions;
      switch (admission.verdict) {
        case 'accept':
          if (counts) counts[admission.path]++;
          break;
        case 'refuse':
          if (counts) counts.refused++;
          session.close(CloseCode.Refused, admission.reason);
          return false;
        case 'malformed':
          if (counts) counts.refused++;
          session.close(CloseCode.Malformed, `rejected message: ${admission.reason}`);
          return false;
        case 'incomplete':
          session.close(CloseCode.Reloading, admission.reason);
          return false;
      }
    }
    const error = this.#applyWhole(update, session);
    if (error !== null && session.isOpen) session.close(CloseCode.Malformed, `rejected message: ${describe(error)}`);
    return error === null;
  }

  /**
   * Whether a client change would grow the document past its limit [SY20]. The running size only
   * adds up the changes applied since it was last counted, so deletions and a facilitator's
   * restore never made it smaller: a room that once reached the limit refused everyone for good
   * (issue 21). So an estimate over the limit is counted again before anything is refused, and a
   * change that inserts nothing (deletions only) is never refused for size: it cannot grow it.
   */
  #tooLarge(update: Uint8Array): boolean {
    const max = this.#options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    if (this.size + update.byteLength <= max) return false;
    if (!this.#sizeExact) {
      this.#recount();
      if (this.size + update.byteLength <= max) return false;
    }
    return !insertsNothing(update);
  }

  /**
   * Applies an update with its side effects held back until Yjs finished: if Yjs throws half-way
   * (a recursive delete overflowing, a bad reference), the live document may now differ from what
   * is stored and Yjs may even have stopped reporting changes, so nothing of it is forwarded, stored
   * or acknowledged; the room stops, closes its sessions with 1013 and its owner reloads it [SY14].
   * Returns the error, or null when the update applied.
   */
  #applyWhole(update: Uint8Array, origin: unknown): unknown {
    const held: Array<[Uint8Array, unknown]> = [];
    this.#held = held;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      this.#held = null;
      this.#fault(error, origin);
      return error;
    }
    this.#held = null;
    for (const [change, changeOrigin] of held) this.#spread(change, changeOrigin);
    return null;
  }

  #fault(error: unknown, origin: unknown): void {
    if (this.#faulted) return;
    this.#faulted = true;
    for (const session of [...this.#sessions]) {
      if (session === origin) session.close(CloseCode.Malformed, `rejected message: ${describe(error)}`);
      else session.close(CloseCode.Reloading, 'document reloading: reconnect');
    }
    this.#options.onFault?.(error);
  }

  // The single path every document change takes, whoever made it: encode once, send to all
  // but the author, then persist/publish if it was made here. Held while a change applies [SY14].
  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.#faulted) return;
    if (this.#held) {
      this.#held.push([update, origin]);
      return;
    }
    this.#spread(update, origin);
  };

  #spread(update: Uint8Array, origin: unknown): void {
    if (this.#faulted) return;
    if (this.#size !== null) {
      this.#size += update.byteLength;
      this.#sizeExact = false;
    }
    const windowMs = this.#options.spreadWindowMs ?? 0;
    if (windowMs <= 0) this.#send(update, origin);
    else if (this.#windowed !== null) this.#windowed.push([update, origin]);
    else {
      this.#send(update, origin);
      this.#openWindow(windowMs);
    }
    // Storing and fan-out never wait for a spread window: only what sessions are sent does.
    if (isLocalOrigin(origin)) this.#options.onLocalChange?.(update, origin);
  }

  #send(update: Uint8Array, origin: unknown): void {
    const message = encodeSyncUpdate(update);
    // The set itself, not a copy, for every keystroke: a session that fails to send leaves (and
    // is deleted from it) during the loop, which a Set's iteration allows; nobody joins inside it.
    for (const session of this.#sessions) {
      if (session !== origin) session.send(message);
    }
  }

  /**
   * [SY26] At a poll of hundreds the server writes the state document for each ballot, and each
   * write went to every reader: 500 readers × 50 ballots a second was 25,000 frames a second to
   * send, and as many updates for the readers to decode. Within a window the changes are merged
   * (Yjs updates commute) and sent as one; a lone change (a pointer moved 5 times a second) still
   * goes at once.
   */
  #openWindow(windowMs: number): void {
    const clock = this.#options.clock ?? REAL_CLOCK;
    this.#windowed = [];
    this.#windowTimer = clock.setTimeout(() => {
      this.#windowTimer = null;
      const sent = this.#sendWindowed();
      this.#windowed = null;
      // Something went out: the next change waits for the end of a new window.
      if (sent && !this.#destroyed && !this.#faulted) this.#openWindow(windowMs);
    }, windowMs);
  }

  /** Sends what the window held, merged; false when it held nothing. */
  #sendWindowed(): boolean {
    const held = this.#windowed;
    if (held === null || held.length === 0 || this.#faulted) return false;
    this.#windowed = [];
    if (held.length === 1) {
      this.#send(held[0]![0], held[0]![1]);
      return true;
    }
    // A session is never sent its own change back: each one gets the merge of the others'.
    const authors = new Set(held.map(([, origin]) => origin).filter((origin) => origin instanceof Session));
    const all = encodeSyncUpdate(Y.mergeUpdates(held.map(([update]) => update)));
    for (const session of [...this.#sessions]) {
      if (!authors.has(session)) session.send(all);
      else {
        const others = held.filter(([, origin]) => origin !== session).map(([update]) => update);
        if (others.length > 0) session.send(encodeSyncUpdate(Y.mergeUpdates(others)));
      }
    }
    return true;
  }

  /**
   * [SY16][SY17] What a session says about presence applies to the client ids it owns only (the
   * others are dropped: mostly echoes, as stock clients re-send whatever they receive), and
   * shows who its token says it is.
   */
  #applySessionAwareness(session: Session, entries: AwarenessEntry[]): void {
    if (session.options.awareness === 'none') return;
    const writable = session.options.canWrite();
    const accepted = entries
      .filter((entry) => this.#owners.claim(session, entry, this.#clockOf(entry.clientID)))
      .map((entry) => ({ ...entry, state: presentedState(entry.state, session.options.identity, writable) }));
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), session);
  }

  #clockOf(clientID: number): number {
    return this.awareness.meta.get(clientID)?.clock ?? 0;
  }

  #shared(ids: number[]): Uint8Array {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    return encodeSharedAwareness(update, ids.map((id) => [id, this.#owners.personOf(id)]));
  }

  readonly #onAwarenessUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    // Only what this process's sessions said spreads: remote states came from fan-out, and
    // timeouts happen in every process by itself.
    if (origin instanceof Session) this.#options.onAwarenessChange?.(this.#shared(changed));
    if (this.#sessions.size === 0) return;
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    // [SY18] To every session, its author included, as the reference server does: a client alone
    // on a document hears its own renewal (every 15 s) back, so its 30-s watchdog never fires.
    // The author ignores it (same clock), and an echo of it to the server is dropped [SY16].
    // Stock clients send every awareness change they receive back to the server (echoes, dropped
    // by SY16): what this session may echo without paying its budget grows with each one [SY25].
    for (const session of this.#sessions) session.send(message, session !== origin);
  };
}

/** Whether an update only deletes (decoded whole; only asked of a change to a full document). */
function insertsNothing(update: Uint8Array): boolean {
  try {
    return Y.decodeUpdate(update).structs.length === 0;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
