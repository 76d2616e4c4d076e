// The close codes live here, not in packages/sync: the web app must read them and cannot import
// the sync layer (Node's Buffer, storage, Redis), while sync may import this package (it depends
// on core only), so imports keep flowing downwards: web, server, sync → contract → core.

/** WebSocket close codes of the sync protocol, the one table the server, the sync layer and the web app use. */
export const CloseCode = {
  /** The server is shutting down or restarting; clients should reconnect. */
  Restarting: 1012,
  /** The peer sent more than the bounded queue holds before its session existed (policy violation). */
  TooMuchTooEarly: 1008,
  /** A frame larger than the server takes (`ws`'s maxPayload); the change in it was refused. */
  FrameTooLarge: 1009,
  /**
   * The document is being reloaded from storage (or the change builds on changes the server does
   * not have): reconnect, and the sync handshake sends again whatever was not stored [SY15].
   */
  Reloading: 1013,
  /** The peer sent a frame that does not follow the protocol. */
  Malformed: 4400,
  /** The token is missing, invalid or expired. */
  BadToken: 4401,
  /** The token may not open this document. */
  Forbidden: 4403,
  /** No such document (or workshop, or room). */
  NotFound: 4404,
  /** The peer reads slower than the document changes; closing beats buffering without bound. */
  SlowConsumer: 4408,
  /** The facilitator removed this person; their token opens nothing any more [PE1]. */
  Removed: 4410,
  /** This facilitator link was revoked [FL2]. */
  Revoked: 4411,
  /** The change would grow the document past its size limit; nothing of it was applied. */
  DocumentTooLarge: 4413,
  /**
   * The change would take its author past one person's share of the document, or past what one
   * person may add per minute; nothing of it was applied, the others keep editing [SY24].
   */
  PersonalLimit: 4414,
  /**
   * The connection kept sending faster than its budget allows for longer than the server waits
   * (frames and bytes per second, awareness included); what was handled before stays [SY22].
   */
  TooFast: 4420,
  /**
   * The change would break the document's schema (a room table no longer a valid table of its
   * template); nothing of it was applied, stored or forwarded. The reason comes first in the close
   * reason, for a person [SY12].
   */
  Refused: 4422,
  /** Too many connections are open with one token. */
  TooManyConnections: 4429,
} as const;

/** A close code of the table. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** What a close code means to the person, and what the client does about it. */
export interface CloseEntry {
  /** Key of the web app's catalogues. */
  key: `sync.${string}` | `people.${string}`;
  /** One change of this client's was refused: re-sending it would be refused again, so the client stops and offers to drop it. */
  refusal: boolean;
  /** Reconnecting is pointless (4xxx application codes and refusals). */
  final: boolean;
}

/** Close code → catalogue key and what the client does; codes not listed reconnect (1006, 1001, 1012, 1013…). */
export const CLOSES: Readonly<Partial<Record<CloseCodeValue, CloseEntry>>> = {
  [CloseCode.BadToken]: { key: 'sync.closed.unauthorized', refusal: false, final: true },
  [CloseCode.Forbidden]: { key: 'sync.closed.forbidden', refusal: false, final: true },
  [CloseCode.NotFound]: { key: 'sync.closed.notFound', refusal: false, final: true },
  [CloseCode.Malformed]: { key: 'sync.closed.malformed', refusal: false, final: true },
  [CloseCode.FrameTooLarge]: { key: 'sync.refused.tooLarge', refusal: true, final: true },
  [CloseCode.SlowConsumer]: { key: 'sync.closed.slow', refusal: false, final: true },
  [CloseCode.DocumentTooLarge]: { key: 'sync.refused.documentFull', refusal: true, final: true },
  [CloseCode.Removed]: { key: 'people.closed.removed', refusal: false, final: true },
  [CloseCode.Revoked]: { key: 'people.closed.revoked', refusal: false, final: true },
  [CloseCode.PersonalLimit]: { key: 'sync.refused.personalLimit', refusal: true, final: true },
  [CloseCode.TooFast]: { key: 'sync.closed.tooFast', refusal: false, final: true },
  [CloseCode.Refused]: { key: 'sync.refused.schema', refusal: true, final: true },
  [CloseCode.TooManyConnections]: { key: 'sync.closed.tooManyConnections', refusal: false, final: true },
};

/** The catalogue key for a close code no entry names. */
export const OTHER_CLOSE_KEY = 'sync.closed.other';

/** The entry of a close code, if the table has one. */
export function closeEntry(code: number): CloseEntry | undefined {
  return (CLOSES as Record<number, CloseEntry | undefined>)[code];
}
