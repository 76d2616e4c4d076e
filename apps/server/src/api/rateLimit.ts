import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { errorBody } from './ApiError';
import type { RateLimiter } from './RateLimiter';

/** Who a request counts against: its bearer token when it has one, else its address. */
export function requesterKey(c: Context): string {
  const auth = c.req.header('authorization');
  if (auth) return `t:${auth.slice(-64)}`;
  try {
    return `a:${getConnInfo(c).remote.address ?? 'unknown'}`;
  } catch {
    return 'a:unknown';
  }
}

/**
 * Hono middleware answering 429 with a Retry-After header (and the contract's error body) once a
 * requester has used up its bucket.
 */
export function rateLimit(bucket: RateLimiter, what: string): MiddlewareHandler {
  return async (c, next) => {
    const wait = await bucket.take(requesterKey(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.json(errorBody('rate_limited', `Too many ${what} at once; try again in ${wait} s.`), 429);
    }
    await next();
  };
}
