import { closeEntry, OTHER_CLOSE_KEY } from '@roomtable/contract';

/** The i18n key explaining why the server closed a live connection for good (from the contract's close table). */
export function closeReasonKey(code: number): string {
  return closeEntry(code)?.key ?? OTHER_CLOSE_KEY;
}

/**
 * Close codes by which the server refused one change of this browser's (it broke the room's
 * schema, 4422; the document would be too large, 4413; it is past this person's share of the
 * document or of the minute, 4414; the frame was too large, 1009). Re-sending it would be refused
 * again, so the room stops and offers to drop it (issue 12, issue 13, issue 21).
 */
export function isRefusal(code: number): boolean {
  return closeEntry(code)?.refusal ?? false;
}

/**
 * Reconnect after any close but a refusal and the 44xx codes, which say that retrying is pointless
 * (1013 reconnects). A 44xx code the table does not know yet is final too: a newer server's
 * application code means the same "do not retry".
 */
export function shouldReconnect(event: { code: number }): boolean {
  const entry = closeEntry(event.code);
  if (entry) return !entry.final;
  return !(event.code >= 4400 && event.code < 4500);
}
