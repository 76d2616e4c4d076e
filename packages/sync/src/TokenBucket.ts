/**
 * A token bucket on an injected clock: `burst` tokens at most, refilled at `perSecond`. A cost
 * larger than the burst is let through once the bucket is full and leaves it in debt, so one
 * large frame (a paste) is always admitted eventually and pays for itself afterwards.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(perSecond > 0) || !(burst > 0)) throw new RangeError('a token bucket needs a positive rate and burst');
    this.#tokens = burst;
    this.#at = now();
  }

  /** Milliseconds until `cost` can be taken; 0: it can be taken now. */
  waitMs(cost: number): number {
    this.#refill();
    const need = Math.min(cost, this.burst);
    return this.#tokens >= need ? 0 : Math.ceil(((need - this.#tokens) * 1000) / this.perSecond);
  }

  /** Takes `cost` tokens (call after {@link waitMs} said 0). */
  take(cost: number): void {
    this.#refill();
    this.#tokens -= cost;
  }

  /** Whether at least `fraction` of the burst is available again (the bucket's owner has been calm). */
  refilled(fraction: number): boolean {
    this.#refill();
    return this.#tokens >= this.burst * fraction;
  }

  #refill(): void {
    const t = this.now();
    if (t > this.#at) this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#at) * this.perSecond) / 1000);
    this.#at = t;
  }
}
