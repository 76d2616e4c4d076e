/** The i18n key explaining why the server closed a live connection for good. */
export function closeReasonKey(code: number): string {
  switch (code) {
    case 4401:
      return 'sync.closed.unauthorized';
    case 4403:
      return 'sync.closed.forbidden';
    case 4404:
      return 'sync.closed.notFound';
    case 4400:
      return 'sync.closed.malformed';
    case 1009:
      return 'sync.refused.tooLarge';
    case 4408:
      return 'sync.closed.slow';
    case 4413:
      return 'sync.refused.documentFull';
    case 4422:
      return 'sync.refused.schema';
    case 4429:
      return 'sync.closed.tooManyConnections';
    // The facilitator removed this person, or revoked this facilitator link (people and roles).
    case 4410:
      return 'people.closed.removed';
    case 4411:
      return 'people.closed.revoked';
    default:
      return 'sync.closed.other';
  }
}

/**
 * Close codes by which the server refused one change of this browser's (it broke the room's
 * schema, 4422; the document would be too large, 4413; the frame was too large, 1009). Re-sending
 * it would be refused again, so the room stops and offers to drop it (issue 12, issue 13).
 */
export function isRefusal(code: number): boolean {
  return code === 4422 || code === 4413 || code === 1009;
}

/** Reconnect after any close but a refusal and the 44xx codes, which say that retrying is pointless (1013 reconnects). */
export function shouldReconnect(event: { code: number }): boolean {
  return !isRefusal(event.code) && !(event.code >= 4400 && event.code < 4500);
}
