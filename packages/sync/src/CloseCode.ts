/** WebSocket close codes the sync layer uses. */
export const CloseCode = {
  /** The server is shutting down or restarting; clients should reconnect. */
  Restarting: 1012,
  /** The peer sent more than the bounded queue holds before its session existed (policy violation). */
  TooMuchTooEarly: 1008,
  /** The peer sent a frame that does not follow the protocol. */
  Malformed: 4400,
  /** The peer reads slower than the document changes; closing beats buffering without bound. */
  SlowConsumer: 4408,
  /** The change would grow the document past its size limit; nothing of it was applied. */
  DocumentTooLarge: 4413,
} as const;
