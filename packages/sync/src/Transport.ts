/** The byte pipe a session talks through; a WebSocket in production, an array in tests. */
export interface Transport {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** bytes queued but not yet sent, if known */
  readonly bufferedAmount?: number;
}

/** Per-connection rights, decided by the caller (the server knows tokens and phases, we do not). */
export interface SessionOptions {
  /** evaluated on EVERY incoming document change, so permissions that change (phase ends) apply at once */
  canWrite: () => boolean;
}
