/** What a process does with one document's channel; only `onUpdate` is required. */
export interface DocumentChannel {
  /** A document update another process made. */
  onUpdate(update: Uint8Array): void;
  /** Awareness from another process's sessions, as its room encoded it (the update and whose each client id is; opaque here). */
  onAwareness?(update: Uint8Array): void;
  /** This process's state vector of the document (`Y.encodeStateVector(doc)`), to ask for what it misses. */
  stateVector?(): Uint8Array;
  /** What a process with state vector `sv` misses (`Y.encodeStateAsUpdate(doc, sv)`). */
  diff?(stateVector: Uint8Array): Uint8Array;
  /** The awareness states to share with a process that just joined the channel, or null. */
  awareness?(): Uint8Array | null;
}

/** Spreads document updates (and, where supported, awareness) between server processes that serve the same documents. */
export interface FanOut {
  publish(name: string, update: Uint8Array): void;
  /** Sends an awareness update to the other processes; absent where there are none to tell. */
  publishAwareness?(name: string, update: Uint8Array): void;
  /**
   * Calls `handler` (or its `onUpdate`) for updates other processes publish; returns the
   * unsubscribe function. A {@link DocumentChannel} may also take part in resync handshakes.
   */
  subscribe(name: string, handler: ((update: Uint8Array) => void) | DocumentChannel): () => void;
  /**
   * Calls `listener` with the subscribed document names after a lost connection came back:
   * messages sent meanwhile are gone, so the listener re-reads those documents from storage.
   */
  onReconnect?(listener: (names: string[]) => void): () => void;
}
