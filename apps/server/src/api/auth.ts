import type { Context } from 'hono';
import type { TokenClaims, TokenSigner } from '../tokens';
import { ContractError } from '@roomtable/contract';

/** The verified claims of the request's bearer token, which must belong to workshop `id`. */
export function requireToken(c: Context, signer: TokenSigner, workshopId: string): TokenClaims {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ContractError('unauthorized', 'Send your token as "Authorization: Bearer <token>".');
  const checked = signer.check(match[1]);
  if ('refused' in checked) {
    if (checked.refused === 'removed') throw new ContractError('person_removed', 'The facilitator removed you from this workshop.');
    if (checked.refused === 'revoked') throw new ContractError('link_revoked', 'This facilitator link was revoked; ask the facilitator for a new one.');
    throw new ContractError('unauthorized', 'This token is invalid or has expired; join the workshop again.');
  }
  const claims = checked.claims;
  if (claims.w !== workshopId) throw new ContractError('forbidden', 'This token belongs to another workshop.');
  return claims;
}

/** As `requireToken`, and only the facilitator may go on. */
export function requireFacilitator(c: Context, signer: TokenSigner, workshopId: string): TokenClaims {
  const claims = requireToken(c, signer, workshopId);
  if (claims.r !== 'facilitator') throw new ContractError('forbidden', 'Only the facilitator can do this.');
  return claims;
}
