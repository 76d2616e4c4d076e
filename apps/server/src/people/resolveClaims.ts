import { facilitatorLinkActive, seatOf, type Workshop } from '@roomtable/core';
import type { Refusal, TokenClaims } from '../tokens';

/**
 * What a signed token of workshop `w` stands for now [PE3][FL2][FL3]: a facilitator token while its
 * link is not revoked; a participant token as the seat it leads to (the merged person for a
 * merged-away id), refused once that person was removed. A workshop this process does not hold is
 * left to the route, which answers 404.
 */
export function resolveClaims(w: Workshop | null, claims: TokenClaims): TokenClaims | Refusal {
  if (!w) return claims;
  if (claims.r === 'facilitator') return facilitatorLinkActive(w, claims.k) ? claims : 'revoked';
  const seat = claims.p === null ? null : seatOf(w, claims.p);
  if (seat === null) return 'removed';
  return seat === claims.p ? claims : { ...claims, p: seat };
}
