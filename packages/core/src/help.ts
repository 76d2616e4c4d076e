import { DomainError } from './errors';
import type { Workshop } from './workshop';
import { LIMITS, requireText } from './workshopSettings';

// Help from a room [HP1]–[HP4] and the facilitator's message to one room [RM1]–[RM2]. Both belong
// to the break-out: raised, answered and cleared in it, and gone when it ends. Who may call them
// (a member of that room, or the facilitator) is the server's check; these rules are what a call
// does once allowed. Nothing here names who raised help: a room asks, not a person [DESIGN: no
// per-person records].

/** A room's open call for help: since when it waits. */
export interface HelpRequest {
  raisedAt: number;
}

/** The facilitator's message to one room, shown in that room only. */
export interface RoomMessage {
  message: string;
  at: number;
}

/**
 * What every member learns of a room's message: that there is one, and since when [RM3]. The text
 * itself reaches only that room's members and the facilitators, through its own route: the state
 * document goes to every member, and "Bob, let the others speak" is not for the other rooms.
 */
export interface RoomMessageSignal {
  at: number;
}

function requireBreakoutRoom(w: Workshop, room: number, action: string): void {
  if (w.phase !== 'breakout') {
    throw new DomainError('not_in_breakout', `You can ${action} only during the break-out; the workshop is in ${w.phase}.`);
  }
  if (!w.rooms.some((r) => r.number === room)) {
    throw new DomainError('unknown_room', `Room ${String(room)} does not exist; this workshop has ${w.rooms.length} rooms.`);
  }
}

/** Room `room`'s open call for help, or null. */
export function helpOf(w: Workshop, room: number): HelpRequest | null {
  return w.help?.[String(room)] ?? null;
}

/** The facilitator's message to room `room`, or null. */
export function roomMessageOf(w: Workshop, room: number): RoomMessage | null {
  return w.roomMessages?.[String(room)] ?? null;
}

/** The signal of room `room`'s message for the public state [RM3], or null. */
export function roomMessageSignalOf(w: Workshop, room: number): RoomMessageSignal | null {
  const message = roomMessageOf(w, room);
  return message ? { at: message.at } : null;
}

/**
 * Raises room `room`'s call for help [HP1]; raising it again while it is open keeps the first
 * time, so the wait the facilitator sees is the room's whole wait.
 */
export function raiseHelp(w: Workshop, room: number, now: number): Workshop {
  requireBreakoutRoom(w, room, 'ask for help');
  if (helpOf(w, room)) return w;
  return { ...w, help: { ...(w.help ?? {}), [String(room)]: { raisedAt: now } } };
}

/** Lowers room `room`'s call for help (the room no longer needs it, or the facilitator answered) [HP2]; no-op when none is open. */
export function lowerHelp(w: Workshop, room: number): Workshop {
  if (!helpOf(w, room)) return w;
  const { [String(room)]: _lowered, ...rest } = w.help ?? {};
  return { ...w, help: rest };
}

/**
 * Sends `message` (1–500 characters) to room `room` only, replacing the one before [RM1]; it answers
 * the room's call for help, which is lowered [HP3].
 */
export function sendRoomMessage(w: Workshop, room: number, message: string, now: number): Workshop {
  requireBreakoutRoom(w, room, 'send a message to one room');
  const text = requireText(message, 'message', 1, LIMITS.broadcastMax);
  return lowerHelp({ ...w, roomMessages: { ...(w.roomMessages ?? {}), [String(room)]: { message: text, at: now } } }, room);
}

/** Removes the facilitator's message to room `room` [RM1]; no-op when there is none. */
export function clearRoomMessage(w: Workshop, room: number): Workshop {
  if (!roomMessageOf(w, room)) return w;
  const { [String(room)]: _cleared, ...rest } = w.roomMessages ?? {};
  return { ...w, roomMessages: rest };
}
