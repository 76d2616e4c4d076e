// The close-code table is the contract's, shared with the web app (which cannot import this
// package); sync depends on the contract, never the other way round.
export { CloseCode } from '@roomtable/contract';

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
