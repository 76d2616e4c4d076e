import {
  addFacilitatorLink,
  addParticipant,
  applyAssignment,
  assign,
  clearBroadcast,
  createWorkshop,
  extendClock,
  facilitatorLinksOf,
  fieldsOf,
  moveParticipant,
  parsePhase,
  pauseClock,
  publicState,
  resumeClock,
  setAutoAdvance,
  setBroadcast,
  setPhase,
  setRapporteur,
  type Workshop,
} from '@roomtable/core';
import { Hono, type Context } from 'hono';
import { newId } from '../ids';
import type { TokenClaims, TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import type { Presence } from '../sync/Presence';
import { ContractError } from '@roomtable/contract';
import { requireFacilitator, requireToken } from './auth';
import {
  assignmentBody,
  broadcastBody,
  clockBody,
  createWorkshopBody,
  joinBody,
  moveBody,
  phaseBody,
  rapporteurBody,
  settingsBody,
} from '@roomtable/contract/requestSchemas';
import { jsonBody } from './validate';

const DAY = 24 * 60 * 60 * 1000;
/** Facilitators come back to review for weeks; participants need their token for the session. */
export const FACILITATOR_TOKEN_TTL = 90 * DAY;
export const PARTICIPANT_TOKEN_TTL = 7 * DAY;

interface Deps {
  workshops: WorkshopService;
  signer: TokenSigner;
  presence: Presence;
  now: () => number;
}

/** The label of the co-facilitator link the token names; null for the owner's link (the first) and participants. */
function coFacilitatorLabel(w: Workshop, claims: TokenClaims): string | null {
  if (claims.r !== 'facilitator' || !claims.k) return null;
  const links = facilitatorLinksOf(w);
  const link = links.find((l) => l.id === claims.k);
  return link && link !== links[0] ? link.label : null;
}

/** The live state as the API returns it: the public state, who is asking, and the server's clock. */
export function stateFor(w: Workshop, claims: TokenClaims, now: number) {
  return {
    ...publicState(w, now),
    me: { role: claims.r, participantId: claims.p, facilitatorLabel: coFacilitatorLabel(w, claims) },
    serverNow: now,
  };
}

/** The seat of workshop `w` that the request's bearer token (if any) still holds [PE3][PE4]. */
function heldSeat(c: Context, signer: TokenSigner, w: Workshop) {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  const claims = match ? signer.verify(match[1]) : null;
  if (!claims || claims.w !== w.id || claims.r !== 'participant' || claims.p === null) return null;
  return w.participants.find((p) => p.id === claims.p) ?? null;
}

/** `/api/workshops…` and `/api/join/:code`: the workshop routes of the public contract. */
export function workshopRoutes({ workshops, signer, presence, now }: Deps): Hono {
  const api = new Hono();

  api.post('/workshops', jsonBody(createWorkshopBody), async (c) => {
    const body = c.req.valid('json');
    // The owner's facilitator link is made with the workshop [FL1]: the token names it, so it can be
    // shown again from the console and revoked like any co-facilitator's.
    const ownerLink = newId('k_');
    const workshop = await workshops.create((joinCode) =>
      addFacilitatorLink(createWorkshop({ ...body, id: newId(), joinCode, now: now() }), { id: ownerLink, label: 'Owner', now: now() }),
    );
    const facilitatorToken = signer.sign({ w: workshop.id, r: 'facilitator', p: null, k: ownerLink }, FACILITATOR_TOKEN_TTL);
    return c.json({ workshop: publicState(workshop, now()).workshop, facilitatorToken, joinCode: workshop.joinCode }, 201);
  });

  api.get('/join/:code', async (c) => {
    const w = await workshops.findByJoinCode(c.req.param('code'));
    if (!w) throw new ContractError('unknown_join_code', 'No workshop has this join code; check it with your facilitator.');
    // The join form asks the participant fields [PF2]: their definitions, never anyone's answers.
    return c.json({ workshop: { id: w.id, title: w.settings.title, phase: w.phase, fields: fieldsOf(w) } });
  });

  api.post('/workshops/:id/participants', jsonBody(joinBody), async (c) => {
    const id = c.req.param('id');
    const { name, joinCode, answers } = c.req.valid('json');
    const existing = await workshops.require(id);
    if (existing.joinCode !== joinCode.toUpperCase().replace(/[\s-]/g, '')) {
      throw new ContractError('wrong_join_code', 'This join code is not the code of this workshop.');
    }
    // A device that already holds a seat here continues it [PE4]: opening the join link again and
    // typing the same name used to add a second, identical person (the first "offline" for good).
    const held = heldSeat(c, signer, existing);
    if (held) {
      const token = signer.sign({ w: id, r: 'participant', p: held.id }, PARTICIPANT_TOKEN_TTL);
      return c.json({ participant: { id: held.id, name: held.name, room: held.room }, token, continued: true }, 200);
    }
    const participantId = newId('p_');
    const w = await workshops.mutate(id, (current, at) => addParticipant(current, { id: participantId, name, now: at, answers }));
    const participant = w.participants.find((p) => p.id === participantId)!;
    const token = signer.sign({ w: id, r: 'participant', p: participantId }, PARTICIPANT_TOKEN_TTL);
    return c.json({ participant: { id: participant.id, name: participant.name, room: participant.room }, token }, 201);
  });

  api.get('/workshops/:id', async (c) => {
    const id = c.req.param('id');
    const claims = requireToken(c, signer, id);
    const w = await workshops.require(id);
    if (claims.r === 'participant' && !w.participants.some((p) => p.id === claims.p)) {
      throw new ContractError('forbidden', 'You are no longer a participant of this workshop.');
    }
    return c.json(stateFor(w, claims, now()));
  });

  api.patch('/workshops/:id', jsonBody(settingsBody), async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const body = c.req.valid('json');
    const w = await workshops.mutate(id, (current) =>
      body.autoAdvance === undefined ? current : setAutoAdvance(current, body.autoAdvance),
    );
    return c.json(stateFor(w, claims, now()));
  });

  api.post('/workshops/:id/assignment', jsonBody(assignmentBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { seed, choice, previewed } = c.req.valid('json');
    // With constraints the server recomputes the rooms from the choice [AP2]; the rooms a client
    // sends are only compared with them, never applied.
    const w = await workshops.mutate(id, (current, at) => (choice ? applyAssignment(current, choice, previewed) : assign(current, seed ?? `${current.id}:${at}`)));
    return c.json({ rooms: w.rooms.map((r) => ({ number: r.number, participantIds: r.participantIds })), seed: w.assignmentSeed });
  });

  api.patch('/workshops/:id/participants/:pid', jsonBody(moveBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const pid = c.req.param('pid');
    const { room } = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => moveParticipant(current, pid, room));
    const p = w.participants.find((x) => x.id === pid)!;
    return c.json({ participant: { id: p.id, name: p.name, room: p.room } });
  });

  api.post('/workshops/:id/phase', jsonBody(phaseBody), async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const phase = parsePhase(c.req.valid('json').phase);
    const w = await workshops.mutate(id, (current, at) => setPhase(current, phase, at));
    return c.json(stateFor(w, claims, now()));
  });

  api.post('/workshops/:id/clock', jsonBody(clockBody), async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const body = c.req.valid('json');
    const w = await workshops.mutate(id, (current, at) => {
      switch (body.action) {
        case 'pause':
          return pauseClock(current, at);
        case 'resume':
          return resumeClock(current, at);
        case 'extend':
          return extendClock(current, body.minutes, at);
      }
    });
    return c.json(stateFor(w, claims, now()));
  });

  api.post('/workshops/:id/broadcast', jsonBody(broadcastBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { message } = c.req.valid('json');
    const w = await workshops.mutate(id, (current, at) => setBroadcast(current, message, at));
    return c.json({ broadcast: w.broadcast });
  });

  api.delete('/workshops/:id/broadcast', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    await workshops.mutate(id, (current) => clearBroadcast(current));
    return c.json({ broadcast: null });
  });

  api.put('/workshops/:id/rooms/:n/rapporteur', jsonBody(rapporteurBody), async (c) => {
    const id = c.req.param('id');
    const claims = requireToken(c, signer, id);
    const room = Number(c.req.param('n'));
    const { participantId } = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => {
      if (claims.r === 'participant') {
        const me = current.participants.find((p) => p.id === claims.p);
        if (!me || me.room !== room) {
          throw new ContractError('forbidden', 'Only members of this room (or the facilitator) can appoint its rapporteur.');
        }
      }
      return setRapporteur(current, room, participantId);
    });
    const r = w.rooms.find((x) => x.number === room)!;
    return c.json({ room: { number: r.number, participantIds: r.participantIds, rapporteurId: r.rapporteurId } });
  });

  api.get('/workshops/:id/progress', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    const online = presence.online(id);
    const rooms = await workshops.progress(w);
    return c.json({
      rooms: rooms.map((r) => ({
        ...r,
        online: (w.rooms.find((x) => x.number === r.number)?.participantIds ?? []).filter((p) => online.has(p)),
      })),
      lobbyOnline: w.participants.filter((p) => p.room === null && online.has(p.id)).map((p) => p.id),
    });
  });

  return api;
}
