import type { RateClass, RouteSpec } from '@roomtable/contract';
import type { Hono, MiddlewareHandler } from 'hono';
import type { TrustProxy } from '../config';
import type { TokenSigner } from '../tokens';
import { bodyGuard } from './bodyGuard';
import { byAddress, byRequester, rateLimit, tooMany, type RequesterKey } from './rateLimit';
import type { RateLimiters } from './RateLimiter';

interface Deps {
  limiter: RateLimiters;
  signer: TokenSigner;
  trustProxy: TrustProxy | null;
  /** The server's MAX_BODY_BYTES: no route reads more, whatever its row says. */
  maxBodyBytes: number;
}

/**
 * Mounts, in front of each route of `routes` (paths below `/api`), its body limit and its rate
 * limits in the order the row lists them. Call before the routes themselves are mounted.
 */
export function mountRouteMiddleware(app: Hono, routes: readonly RouteSpec[], deps: Deps): void {
  const buckets = rateBuckets(deps);
  for (const r of routes) {
    const handlers: MiddlewareHandler[] = [];
    // A route without a body gets no guard of its own; the app-wide guard still caps it.
    if (r.bodyLimit > 0 && r.bodyLimit < deps.maxBodyBytes) handlers.push(bodyGuard(r.bodyLimit));
    for (const cls of r.rateLimits) handlers.push(buckets[cls](r));
    if (handlers.length > 0) app.on(r.method, [`/api${r.path}`], ...handlers);
  }
}

/** The middleware of each rate class for a route; one bucket per class, shared by the routes that list it. */
function rateBuckets({ limiter, signer, trustProxy }: Deps): Record<RateClass, (r: RouteSpec) => MiddlewareHandler> {
  // A whole venue may join from one address (conference Wi-Fi), so joins are limited generously
  // per address; every other write is limited per token, so one flooding client slows only itself.
  const address = byAddress(trustProxy);
  const requester: RequesterKey = byRequester(signer, trustProxy);
  // Creating a workshop and joining one share the bucket; the 429 names what was refused.
  const joins = limiter('joins', 500, 50);
  // Join codes are six characters, so looking them up is a guessing game: the whole venue looks
  // its code up at once (generous per address), but an address gets only a few wrong guesses
  // (200, then one every 5 s). Each lookup pays for a miss up front and is paid back when the
  // code was right, so a burst of parallel guesses cannot all pass before the first miss counts.
  const codeLookups = limiter('code-lookups', 500, 50);
  const codeMisses = limiter('code-misses', 200, 0.2);
  const lookups = rateLimit(limiter('lookups', 30, 1), 'workshop lookups', address);
  const writes = rateLimit(limiter('writes', 60, 10), 'changes', requester);
  // Tighter than the general write limit: a question is read by a whole room, so a burst of five,
  // then one every five seconds; votes are cheap clicks, so a burst of 30 and three a second.
  const questions = rateLimit(limiter('questions', 5, 0.2), 'questions', requester);
  const votes = rateLimit(limiter('votes', 30, 3), 'votes', requester);
  return {
    joins: (r) => rateLimit(joins, r.path === '/workshops' ? 'workshops created' : 'joins', address),
    codeLookups: () => async (c, next) => {
      const key = address(c);
      const busy = await codeLookups.take(key);
      if (busy > 0) return tooMany(c, busy, 'join-code lookups');
      const wait = await codeMisses.take(key);
      if (wait > 0) return tooMany(c, wait, 'wrong join codes');
      await next();
      if (c.res.status !== 404) await codeMisses.take(key, -1);
    },
    // The workshops list verifies up to 200 tokens per call; one browser asks once per page load.
    lookups: () => lookups,
    writes: () => writes,
    questions: () => questions,
    votes: () => votes,
  };
}
