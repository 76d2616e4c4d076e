import { TokenBucket } from './TokenBucket';

/**
 * What one person may add to one document [SY24]: a share of the document's size limit while it
 * is live, and bytes per minute. One member could fill a room to the 16 MiB limit in 2.2 s (100 KB
 * inserts, then top-ups), after which everyone was refused: the room was read-only for good.
 */
export interface PersonalLimits {
  /** Share of `maxDocumentBytes` one person's accepted changes may add while the document is live (0 < share ≤ 1). */
  share: number;
  /** Bytes one person's changes may add per minute, sustained. */
  bytesPerMinute: number;
  /** Bytes taken at once before the rate applies. */
  burstBytes: number;
}

/**
 * A person's share is a quarter of the limit (4 MiB of 16: a room of hundreds of rows with a long
 * history is under 1 MiB, all its members together); 1 MiB a minute after a 2 MiB burst (a long
 * paste is tens of KB).
 */
export const DEFAULT_PERSONAL_LIMITS: PersonalLimits = { share: 0.25, bytesPerMinute: 1024 * 1024, burstBytes: 2 * 1024 * 1024 };

interface Spent {
  added: number;
  rate: TokenBucket;
}

/** The personal budgets of one live document, keyed by person (identity key, or the session itself). */
export class PersonalBudgets {
  readonly #spent = new Map<unknown, Spent>();
  readonly #maxShare: number;

  constructor(
    readonly limits: PersonalLimits,
    maxDocumentBytes: number,
    private readonly now: () => number,
  ) {
    if (!(limits.share > 0 && limits.share <= 1)) throw new RangeError('a personal share must be above 0 and at most 1');
    this.#maxShare = Math.floor(maxDocumentBytes * limits.share);
  }

  /** Why `person` may not add `bytes` now (a reason for the close frame), or null. Takes nothing. */
  refusal(person: unknown, bytes: number): string | null {
    const spent = this.#of(person);
    if (spent.added + bytes > this.#maxShare) {
      return `one person's share of this document is used up (${kib(this.#maxShare)} KiB): this change was not saved`;
    }
    if (spent.rate.waitMs(bytes) > 0) return `too much added in the last minute (${kib(this.limits.bytesPerMinute)} KiB a minute): this change was not saved`;
    return null;
  }

  /** Counts an applied change against its author. */
  spend(person: unknown, bytes: number): void {
    const spent = this.#of(person);
    spent.added += bytes;
    spent.rate.take(bytes);
  }

  #of(person: unknown): Spent {
    let spent = this.#spent.get(person);
    if (!spent) {
      spent = { added: 0, rate: new TokenBucket(this.limits.bytesPerMinute / 60, this.limits.burstBytes, this.now) };
      this.#spent.set(person, spent);
    }
    return spent;
  }
}

function kib(bytes: number): number {
  return Math.round(bytes / 1024);
}
