import {
  clearRoomMessage,
  giveRoomTime,
  lowerHelp,
  raiseHelp,
  roomMessageOf,
  sendRoomMessage,
  type PublicRoom,
  publicState,
  type Workshop,
} from '@roomtable/core';
import { Hono, type Context } from 'hono';
import { ContractError } from '@roomtable/contract';
import type { TokenClaims, TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireFacilitator, requireToken } from './auth';
import { roomMessageBody, roomTimeBody } from '@roomtable/contract/requestSchemas';
import { jsonBody } from './validate';

interface Deps {
  workshops: WorkshopService;
  signer: TokenSigner;
  now: () => number;
}

/** Room `n` of the path as a number (NaN for anything else, which the domain answers 404). */
function roomParam(c: Context): number {
  const raw = c.req.param('n') ?? '';
  return /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
}

/**
 * A member of room `room` or the facilitator [HP1][HP2][RM3]: a participant of another room (or of
 * none) is refused before anything changes or is read, in every phase.
 */
function requireRoomMember(w: Workshop, claims: TokenClaims, room: number, action: string): void {
  if (claims.r === 'facilitator') return;
  const me = w.participants.find((p) => p.id === claims.p);
  if (!me || me.room !== room) {
    throw new ContractError('forbidden', `Only the members of this room (or the facilitator) can ${action}.`);
  }
}

const HELP_ACTION = 'raise or lower its call for help';

/** The room as the live state shows it. */
function roomOut(w: Workshop, room: number, now: number): PublicRoom | null {
  return publicState(w, now).rooms.find((r) => r.number === room) ?? null;
}

/** Help from a room, time per room and messages to one room: the facilitation routes of issue 17. */
export function facilitationRoutes({ workshops, signer, now }: Deps): Hono {
  const api = new Hono();

  const helpRoute = (raise: boolean) => async (c: Context) => {
    const id = c.req.param('id')!;
    const claims = requireToken(c, signer, id);
    const room = roomParam(c);
    requireRoomMember(await workshops.require(id), claims, room, HELP_ACTION);
    const w = await workshops.mutate(id, (current, at) => {
      // Checked again on the record the change applies to: the person may have been moved meanwhile.
      requireRoomMember(current, claims, room, HELP_ACTION);
      return raise ? raiseHelp(current, room, at) : lowerHelp(current, room);
    });
    return c.json({ room: roomOut(w, room, now()) });
  };
  api.post('/workshops/:id/rooms/:n/help', helpRoute(true));
  api.delete('/workshops/:id/rooms/:n/help', helpRoute(false));

  api.post('/workshops/:id/rooms/:n/time', jsonBody(roomTimeBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const room = roomParam(c);
    const { minutes } = c.req.valid('json');
    const w = await workshops.mutate(id, (current, at) => giveRoomTime(current, room, minutes, at));
    return c.json({ room: roomOut(w, room, now()), workshop: publicState(w, now()).workshop });
  });

  // The text of a room's message, for its members and the facilitators only [RM3]: the state
  // document every member holds says only that there is one.
  api.get('/workshops/:id/rooms/:n/message', async (c) => {
    const id = c.req.param('id');
    const claims = requireToken(c, signer, id);
    const room = roomParam(c);
    const w = await workshops.require(id);
    requireRoomMember(w, claims, room, "read the facilitator's message to it");
    return c.json({ message: roomMessageOf(w, room) });
  });

  api.put('/workshops/:id/rooms/:n/message', jsonBody(roomMessageBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const room = roomParam(c);
    const { message } = c.req.valid('json');
    const w = await workshops.mutate(id, (current, at) => sendRoomMessage(current, room, message, at));
    return c.json({ room: roomOut(w, room, now()) });
  });

  api.delete('/workshops/:id/rooms/:n/message', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const room = roomParam(c);
    const w = await workshops.mutate(id, (current) => clearRoomMessage(current, room));
    return c.json({ room: roomOut(w, room, now()) });
  });

  return api;
}
