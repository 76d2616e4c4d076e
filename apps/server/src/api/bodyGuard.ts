import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '@roomtable/contract';

/**
 * Deeper than any body of the API (a template's columns sit at depth 4): a 1 MiB body of nested
 * arrays took JSON.parse 120 ms of the event loop, and four at once stalled `/healthz` for
 * seconds. Counting brackets first is one linear pass and never recurses.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Every route reads at most `maxBytes` of body: a declared Content-Length past it gets 413 before
 * a byte is read, a chunked body is cut off at the limit. A 100 MiB JSON body used to be buffered
 * and parsed whole before its 400.
 */
export function bodyGuard(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The rest of the body is never read, so this connection cannot carry another request: say
      // so. Without it the 413 went out as keep-alive, the client sent its next request on the
      // same socket, and the server's close met it ("other side closed").
      c.header('Connection', 'close');
      return c.json(errorBody('body_too_large', `The request body is larger than ${maxBytes} bytes, the limit; nothing was changed.`), 413);
    },
  });
}

/** True when no array or object in `text` nests deeper than `max` (strings are skipped, escapes honoured). */
export function jsonDepthWithin(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return false;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return true;
}
