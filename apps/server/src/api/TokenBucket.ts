/**
 * Token buckets by key (a bearer token, an address): each key may spend `capacity` actions at
 * once and regains `refillPerSecond`. One flooding key is limited without slowing anyone else.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    private readonly now: () => number = Date.now,
    /** Past this many keys, the oldest full buckets are forgotten so memory stays bounded. */
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one action for `key` (`cost` -1 gives one back); returns 0 when allowed, else the seconds to wait. */
  take(key: string, cost: 1 | -1 = 1): number {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    this.buckets.delete(key); // re-insert: Map order becomes least-recently-used first
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (cost < 0) {
      b.tokens = Math.min(this.capacity, b.tokens + 1);
      return 0;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.refillPerSecond);
  }
}
