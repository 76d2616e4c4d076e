/** WebSocket close codes the sync layer uses. */
export const CloseCode = {
  /** The server is shutting down or restarting; clients should reconnect. */
  Restarting: 1012,
  /** The peer sent more than the bounded queue holds before its session existed (policy violation). */
  TooMuchTooEarly: 1008,
  /**
   * The document is being reloaded from storage (or the change builds on changes the server does
   * not have): reconnect, and the sync handshake sends again whatever was not stored [SY15].
   */
  Reloading: 1013,
  /** The peer sent a frame that does not follow the protocol. */
  Malformed: 4400,
  /** The peer reads slower than the document changes; closing beats buffering without bound. */
  SlowConsumer: 4408,
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
} as const;

/** The first `max` bytes of a close reason (a WebSocket close frame allows 123; `ws` throws past it), cut on a character boundary. */
export function fitCloseReason(reason: string, max = 123): string {
  const bytes = Buffer.byteLength(reason, 'utf8');
  if (bytes <= max) return reason;
  let out = '';
  let used = 0;
  for (const char of reason) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > max - 3) break; // room for the ellipsis (3 bytes)
    out += char;
    used += size;
  }
  return `${out}…`;
}
