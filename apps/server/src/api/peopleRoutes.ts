import {
  addFacilitatorLink,
  facilitatorLinksOf,
  mergeParticipants,
  removeParticipant,
  revokeFacilitatorLink,
  type Workshop,
} from '@roomtable/core';
import { Hono } from 'hono';
import { newId } from '../ids';
import type { TokenClaims, TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { ContractError } from '@roomtable/contract';
import { requireFacilitator, requireToken } from './auth';
import { facilitatorLinkBody, mergeBody } from './peopleSchemas';
import { FACILITATOR_TOKEN_TTL, PARTICIPANT_TOKEN_TTL } from './workshopRoutes';
import { jsonBody } from './validate';

interface Deps {
  workshops: WorkshopService;
  signer: TokenSigner;
}

function linksOf(w: Workshop) {
  return facilitatorLinksOf(w).map((l) => ({ id: l.id, label: l.label, createdAt: l.createdAt, revokedAt: l.revokedAt }));
}

function facilitatorToken(signer: TokenSigner, workshopId: string, linkId: string): string {
  return signer.sign({ w: workshopId, r: 'facilitator', p: null, k: linkId }, FACILITATOR_TOKEN_TTL);
}

/** A fresh token for the same person (seat, or facilitator link) as `claims`: a link to continue on another device. */
function sameHolderToken(signer: TokenSigner, claims: TokenClaims): string {
  if (claims.r === 'facilitator') {
    return signer.sign({ w: claims.w, r: 'facilitator', p: null, ...(claims.k ? { k: claims.k } : {}) }, FACILITATOR_TOKEN_TTL);
  }
  return signer.sign({ w: claims.w, r: 'participant', p: claims.p }, PARTICIPANT_TOKEN_TTL);
}

/**
 * People and roles: facilitator links for the owner and co-facilitators, shown again and revoked
 * [FL1][FL2]; a person's link to continue on another device [PE4]; removing and merging people
 * [PE1][PE2]. Rights taken away here stop at once in every process (the record is the truth, and
 * the tokens and open sockets follow it).
 */
export function peopleRoutes({ workshops, signer }: Deps): Hono {
  const api = new Hono();

  api.get('/workshops/:id/facilitators', async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    return c.json({ links: linksOf(w), current: claims.k ?? null });
  });

  api.post('/workshops/:id/facilitators', jsonBody(facilitatorLinkBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { label } = c.req.valid('json');
    const linkId = newId('k_');
    const w = await workshops.mutate(id, (current, at) => addFacilitatorLink(current, { id: linkId, label, now: at }));
    const link = linksOf(w).find((l) => l.id === linkId)!;
    return c.json({ link, token: facilitatorToken(signer, id, linkId) }, 201);
  });

  // POST, not GET: it makes a new secret, and the write limit per token applies.
  api.post('/workshops/:id/facilitators/:kid/token', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    const link = facilitatorLinksOf(w).find((l) => l.id === c.req.param('kid'));
    if (!link) throw new ContractError('unknown_link', 'There is no such facilitator link in this workshop.');
    if (link.revokedAt !== null) throw new ContractError('link_already_revoked', `The link "${link.label}" was revoked; invite again to make a new one.`);
    return c.json({ link: linksOf(w).find((l) => l.id === link.id)!, token: facilitatorToken(signer, id, link.id) });
  });

  api.delete('/workshops/:id/facilitators/:kid', async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const kid = c.req.param('kid');
    // Revoking the link in hand would lock this device out at once, possibly the last facilitator.
    if (claims.k === kid) throw new ContractError('own_link', 'This is the link you are using; open another facilitator link to revoke this one.');
    const w = await workshops.mutate(id, (current, at) => revokeFacilitatorLink(current, kid, at));
    return c.json({ link: linksOf(w).find((l) => l.id === kid)! });
  });

  api.post('/workshops/:id/device-link', async (c) => {
    const id = c.req.param('id');
    const claims = requireToken(c, signer, id);
    await workshops.require(id);
    return c.json({ token: sameHolderToken(signer, claims), role: claims.r, participantId: claims.p });
  });

  api.delete('/workshops/:id/participants/:pid', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const pid = c.req.param('pid');
    await workshops.mutate(id, (current) => removeParticipant(current, pid));
    return c.json({ removed: pid });
  });

  api.post('/workshops/:id/participants/:pid/merge', jsonBody(mergeBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const drop = c.req.param('pid');
    const { into } = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => mergeParticipants(current, into, drop));
    const kept = w.participants.find((p) => p.id === into)!;
    return c.json({ participant: { id: kept.id, name: kept.name, room: kept.room }, merged: drop });
  });

  return api;
}
