/** Spreads document updates between server processes that serve the same documents. */
export interface FanOut {
  publish(name: string, update: Uint8Array): void;
  /** Calls `onUpdate` for updates other processes publish; returns the unsubscribe function. */
  subscribe(name: string, onUpdate: (update: Uint8Array) => void): () => void;
}
