import { TokenBucket } from './TokenBucket';

/** Takes one action for a requester: 0 when allowed, else the seconds to wait. */
export interface RateLimiter {
  /** `cost` -1 gives one back (capped at the capacity), for a charge a request turned out not to owe. */
  take(key: string, cost?: 1 | -1): number | Promise<number>;
}

/** Makes the named limiter: a bucket of `capacity` actions refilled at `refillPerSecond`. */
export type RateLimiters = (name: string, capacity: number, refillPerSecond: number) => RateLimiter;

/** Limiters of this process alone. */
export function localRateLimiters(now: () => number = Date.now): RateLimiters {
  return (_name, capacity, refillPerSecond) => new TokenBucket(capacity, refillPerSecond, now);
}
