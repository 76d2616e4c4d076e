import type { Workshop } from '@roomtable/core';
import { CloseCode } from '@roomtable/sync';
import type { Refusal, TokenClaims } from '../tokens';

/** Close codes for a socket whose token stopped counting (4xxx: the web app does not reconnect). */
export const SEAT_CLOSE = {
  /** The facilitator removed this person [PE1]. */
  removed: CloseCode.Removed,
  /** This facilitator link was revoked [FL2]. */
  revoked: CloseCode.Revoked,
  /** The seat was merged into another entry: reconnect, and the same token opens the merged seat [PE2]. */
  merged: 1013,
} as const;

interface Open {
  claims: TokenClaims;
  close: (code: number, reason: string) => void;
}

/**
 * The live sockets of each workshop with the claims they were opened with, so that a change of the
 * record that takes a token's rights away (a person removed or merged, a link revoked) closes its
 * sockets at once, in whichever process holds them: every process re-checks on every record it
 * stores or hears of from another process.
 */
export class OpenSockets {
  private readonly byWorkshop = new Map<string, Set<Open>>();
  /**
   * Per workshop, the parts of the record a token's rights are read from, as last re-checked. The
   * record is immutable and a change that leaves the people, the merges and the links alone keeps
   * those same objects, so such a record (a pointer move, a ballot, a phase) skips the re-check: it
   * resolved every socket against every participant (O(sockets × people)), 5 ms of each of a
   * 1,000-person hall's pointer moves.
   */
  private readonly checked = new Map<string, { participants: unknown; mergedInto: unknown; links: unknown }>();

  constructor(private readonly resolve: (w: Workshop, claims: TokenClaims) => TokenClaims | Refusal) {}

  /** Keeps a socket opened with (resolved) `claims`; the returned function forgets it. */
  add(claims: TokenClaims, close: (code: number, reason: string) => void): () => void {
    const entry: Open = { claims, close };
    // Its claims were resolved against whatever record the caller read, maybe not the one
    // re-checked last: the next record re-checks every socket again.
    this.checked.delete(claims.w);
    let set = this.byWorkshop.get(claims.w);
    if (!set) this.byWorkshop.set(claims.w, (set = new Set()));
    set.add(entry);
    return () => {
      const current = this.byWorkshop.get(claims.w);
      if (!current) return;
      current.delete(entry);
      if (current.size > 0) return;
      this.byWorkshop.delete(claims.w);
      this.checked.delete(claims.w);
    };
  }

  /** How many sockets of workshop `id` are open here. */
  count(id: string): number {
    return this.byWorkshop.get(id)?.size ?? 0;
  }

  /** Closes the sockets of `w` whose token no longer speaks for the same person. */
  recheck(w: Workshop): void {
    const set = this.byWorkshop.get(w.id);
    if (!set) return;
    const last = this.checked.get(w.id);
    if (last && last.participants === w.participants && last.mergedInto === w.mergedInto && last.links === w.facilitatorLinks) return;
    this.checked.set(w.id, { participants: w.participants, mergedInto: w.mergedInto, links: w.facilitatorLinks });
    for (const entry of [...set]) {
      const now = this.resolve(w, entry.claims);
      if (now === 'removed') entry.close(SEAT_CLOSE.removed, 'the facilitator removed you from this workshop');
      else if (now === 'revoked') entry.close(SEAT_CLOSE.revoked, 'this facilitator link was revoked');
      else if (now.p !== entry.claims.p) entry.close(SEAT_CLOSE.merged, 'merged with another entry; reconnect');
      else continue;
      set.delete(entry);
    }
    if (set.size > 0) return;
    this.byWorkshop.delete(w.id);
    this.checked.delete(w.id);
  }
}
