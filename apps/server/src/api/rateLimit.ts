import type { Context, MiddlewareHandler } from 'hono';
import type { TrustProxy } from '../config';
import type { TokenSigner } from '../tokens';
import { errorBody } from '@roomtable/contract';
import { clientAddress } from './clientAddress';
import type { RateLimiter } from './RateLimiter';

/** Who a request counts against. */
export type RequesterKey = (c: Context) => string;

/**
 * Keys by address only, whatever token the request carries: for the routes that hand out tokens
 * or answer guesses (create, join, join-code lookup), where a token of one's own would be a fresh
 * allowance for the asking.
 */
export function byAddress(trust: TrustProxy | null): RequesterKey {
  return (c) => `a:${clientAddress(c, trust)}`;
}

/**
 * Keys by the person a verified bearer token speaks for, else by address. An unverified header
 * never becomes a key: a random bearer per request used to be a fresh bucket per request
 * (1,000 joins, none refused).
 */
export function byRequester(signer: TokenSigner, trust: TrustProxy | null): RequesterKey {
  return (c) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const claims = match ? signer.verify(match[1]) : null;
    return claims ? `t:${claims.w}:${claims.p ?? 'facilitator'}` : `a:${clientAddress(c, trust)}`;
  };
}

/** The contract's 429: a Retry-After header and the error body. */
export function tooMany(c: Context, wait: number, what: string): Response {
  c.header('Retry-After', String(wait));
  return c.json(errorBody('rate_limited', `Too many ${what} at once; try again in ${wait} s.`), 429);
}

/**
 * Hono middleware answering 429 with a Retry-After header (and the contract's error body) once a
 * requester has used up its bucket.
 */
export function rateLimit(bucket: RateLimiter, what: string, key: RequesterKey): MiddlewareHandler {
  return async (c, next) => {
    const wait = await bucket.take(key(c));
    if (wait > 0) return tooMany(c, wait, what);
    await next();
  };
}
