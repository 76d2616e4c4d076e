/** The byte pipe a session talks through; a WebSocket in production, an array in tests. */
export interface Transport {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** bytes queued but not yet sent, if known */
  readonly bufferedAmount?: number;
  /** Stop reading from the peer (a WebSocket: stop reading its socket, so TCP pushes back) [SY21]. */
  pause?(): void;
  /** Read from the peer again. */
  resume?(): void;
}

/** Who a session speaks for, as its token says; the awareness states it sets say so, whatever they claim [SY17]. */
export interface SessionIdentity {
  /** the same for every session of one person: only they may set that person's awareness client ids [SY16] */
  key: string;
  /** shown as `user.name`; null leaves the name to the client (the facilitator, who has none on record) */
  name: string | null;
  /** shown as `user.role` */
  role: string;
  /**
   * shown as `user.id`: the participant the token speaks for, so a page can list a person once
   * however many tabs and devices they have open, and hide its own older connection's caret
   * (issue 15). Absent (the facilitator): `user.id` is absent, whatever the client claims.
   */
  participantId?: string | null;
  /**
   * shown as `user.link` where there is no participant id: the facilitator link the session signed
   * in with [FL3], so two co-facilitators are two people in the presence list and a facilitator's
   * own other tabs draw no caret. Absent: `user.link` is absent, whatever the client claims.
   */
  linkId?: string | null;
}

/** Per-connection rights, decided by the caller (the server knows tokens and phases, we do not). */
export interface SessionOptions {
  /** evaluated on EVERY incoming document change, so permissions that change (phase ends) apply at once */
  canWrite: () => boolean;
  /** who the session speaks for; without one, the states it sets pass as they are */
  identity?: SessionIdentity;
  /** 'none': nothing this session says about its presence is applied (a server-written document) [SY17] */
  awareness?: 'shown' | 'none';
  /** true: the person's share and rate of a document's bytes do not apply (the facilitator) [SY24] */
  exemptFromPersonalBudget?: boolean;
}
