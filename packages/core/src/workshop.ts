import { assignRooms, roomCountFor, smallestRoom } from './assignment';
import { endsAt, extend, isExpired, isTimed, pause, remainingMs, resume, startClock, dueWarnings } from './clock';
import { helpOf, roomMessageSignalOf, type HelpRequest, type RoomMessage, type RoomMessageSignal } from './help';
import { phaseClock, roomEndsAt, roomOffsetMs, roomTimeAfterExtendingAll, type RoomTime } from './roomTime';
import type { Clock } from './clock';
import type { FacilitatorLink } from './facilitatorLinks';
import { DomainError } from './errors';
import { allowedTransitions, canTransition, parsePhase } from './phase';
import type { Phase } from './phase';
import { emptyPlenary, publicPlenary } from './plenary';
import type { Plenary, PublicPlenary } from './plenary';
import { publicAttributes, validateAnswers, validateFields, fieldsOf } from './participantFields';
import { LIMITS, requireInteger, requireText, validateSettings } from './workshopSettings';
import type { SettingsInput, WorkshopSettings } from './workshopSettings';
import type { ParticipantField } from './participantFields';
import type { Round, RoundAssignment } from './rounds';

export type { WorkshopSettings } from './workshopSettings';

/** Someone who joined with a name; `room` stays null until the assignment places them. */
export interface Participant {
  id: string;
  name: string;
  room: number | null;
  joinedAt: number;
  /** Answers to the participant fields, field key → option [PF2]; private unless the field is public [PF3]. */
  attributes?: Record<string, string>;
}

/** A break-out room: numbered from 1, its members, and the member who reports for it. */
export interface Room {
  number: number;
  participantIds: string[];
  rapporteurId: string | null;
}

/** One workshop as the server stores it (plain JSON). */
export interface Workshop {
  id: string;
  createdAt: number;
  joinCode: string;
  settings: WorkshopSettings;
  phase: Phase;
  clock: Clock;
  participants: Participant[];
  /** Empty until the first assignment. */
  rooms: Room[];
  assignmentSeed: string | null;
  broadcast: { message: string; at: number } | null;
  /** Warnings already sent for the current phase, in minutes left; 0 records that expiry was announced. */
  warningsSent: number[];
  /** Presenting room, pointer, questions, polls, note-takers; absent on records stored before the plenary existed. */
  plenary?: Plenary;
  /** The facilitator's review choices (draft-plan items kept out of groups); absent on older records. */
  review?: { ungrouped: string[] };
  /** The owner's and co-facilitators' links [FL1]; absent on records stored before links existed. */
  facilitatorLinks?: FacilitatorLink[];
  /** Participant ids merged away → the id they were merged into [PE2]; absent until a merge. */
  mergedInto?: Record<string, string>;
  /** Open calls for help, by room number [HP1]; break-out only, absent on older records. */
  help?: Record<string, HelpRequest>;
  /** The facilitator's message to one room, by room number [RM1]; break-out only. */
  roomMessages?: Record<string, RoomMessage>;
  /** Extra time per room on top of the break-out's clock [TR1]; break-out only. */
  roomTime?: RoomTime;
  /** The rounds before the current one, oldest first [RN1]; absent on records of one round (round 1). */
  earlierRounds?: Round[];
  /** How the current round's rooms were made [RN3]; absent in round 1. */
  roundAssignment?: RoundAssignment;
}

/** Something `tick` noticed that the server should announce. */
export type TickEvent = { type: 'warning'; minutesLeft: number } | { type: 'expired'; phase: Phase };

/** Marker in `warningsSent` for "time-up was announced", so it is announced once when not auto-advancing. */
const EXPIRY_SENT = 0;
const MINUTE = 60_000;
/** Where autoAdvance goes when a timed phase runs out. */
const NEXT_ON_EXPIRY: Partial<Record<Phase, Phase>> = { breakout: 'reporting', reporting: 'closed' };
// Control characters in a name would corrupt lists and exports; nothing legitimate needs them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Creates a workshop in the lobby from validated set-up input; rooms come later, with the assignment. */
export function createWorkshop(input: SettingsInput & { id: string; joinCode: string; now: number }): Workshop {
  const id = requireText(input.id, 'id', 1, LIMITS.idMax);
  const joinCode = requireText(input.joinCode, 'joinCode', 1, LIMITS.idMax);
  return {
    id,
    createdAt: input.now,
    joinCode,
    settings: withFields(validateSettings(input), validateFields(input.fields)),
    phase: 'lobby',
    clock: startClock('lobby', input.now, null),
    participants: [],
    rooms: [],
    assignmentSeed: null,
    broadcast: null,
    warningsSent: [],
    plenary: emptyPlenary(),
  };
}

// A workshop without participant fields keeps the shape it always had (stored records, exports).
function withFields(settings: WorkshopSettings, fields: ParticipantField[]): WorkshopSettings {
  return fields.length === 0 ? settings : { ...settings, fields };
}

/** The participant with `id`, if any. */
export function findParticipant(w: Workshop, id: string): Participant | undefined {
  return w.participants.find((p) => p.id === id);
}

/** The room number `participantId` is in, or null when unassigned or unknown. */
export function roomOf(w: Workshop, participantId: string): number | null {
  return w.rooms.find((r) => r.participantIds.includes(participantId))?.number ?? null;
}

function requireParticipant(w: Workshop, id: unknown): Participant {
  const p = typeof id === 'string' ? findParticipant(w, id) : undefined;
  if (!p) throw new DomainError('unknown_participant', `There is no participant ${JSON.stringify(id)} in this workshop.`);
  return p;
}

function roomRange(w: Workshop): string {
  if (w.rooms.length === 0) return 'no rooms yet; assign rooms first';
  return w.rooms.length === 1 ? 'only room 1' : `rooms 1–${w.rooms.length}`;
}

function requireRoom(w: Workshop, room: unknown, inArgument: boolean): Room {
  const found = typeof room === 'number' ? w.rooms.find((r) => r.number === room) : undefined;
  if (!found) throw new DomainError('unknown_room', `Room ${String(room)} does not exist; this workshop has ${roomRange(w)}.`, { inArgument });
  return found;
}

function requireOpen(w: Workshop, action: string): void {
  if (w.phase === 'closed') throw new DomainError('workshop_closed', `This workshop is closed; you can no longer ${action}.`);
}

/** Adds a person by name; once rooms exist, a late joiner goes to the smallest room. */
export function addParticipant(w: Workshop, input: { id: string; name: string; now: number; answers?: unknown }): Workshop {
  requireOpen(w, 'join it');
  const id = requireText(input.id, 'id', 1, LIMITS.idMax);
  const name = requireText(input.name, 'name', 1, LIMITS.nameMax);
  if (CONTROL_CHARS.test(name)) throw new DomainError('invalid_name', 'The name contains control characters; use letters, digits and punctuation only.');
  if (findParticipant(w, id)) throw new DomainError('duplicate_participant', `A participant with id "${id}" already joined.`);
  if (w.participants.length >= LIMITS.participantsMax) {
    throw new DomainError('workshop_full', `This workshop already has ${LIMITS.participantsMax} participants, its limit.`);
  }
  const fields = fieldsOf(w);
  const answers = fields.length > 0 || input.answers !== undefined ? validateAnswers(fields, input.answers) : undefined;
  const room = w.rooms.length > 0 ? smallestRoom(w.rooms) : null;
  const person: Participant = answers === undefined ? { id, name, room, joinedAt: input.now } : { id, name, room, joinedAt: input.now, attributes: answers };
  return {
    ...w,
    participants: [...w.participants, person],
    rooms: w.rooms.map((r) => (r.number === room ? { ...r, participantIds: [...r.participantIds, id] } : r)),
  };
}

/** (Re)shuffles everyone into rooms from `seed`; a rapporteur keeps the role only if still in that room. */
export function assign(w: Workshop, seed: string): Workshop {
  if (w.phase !== 'lobby' && w.phase !== 'breakout') {
    throw new DomainError('assignment_closed', `Rooms can be assigned in the lobby or during the break-out; the workshop is in ${w.phase}.`);
  }
  const checkedSeed = requireText(seed, 'seed', 1, LIMITS.seedMax);
  const ids = w.participants.map((p) => p.id);
  const count = roomCountFor(ids.length, { rooms: w.settings.rooms, roomSize: w.settings.roomSize });
  return placeInRooms(w, assignRooms(ids, count, checkedSeed), checkedSeed);
}

/**
 * Puts everyone in the rooms `groups` (room i + 1 holds groups[i]); the random assignment and the
 * one with constraints [AP2] both end here. A rapporteur keeps the role only if still in that room.
 */
export function placeInRooms(w: Workshop, groups: readonly (readonly string[])[], checkedSeed: string): Workshop {
  const rooms: Room[] = groups.map((participantIds, i) => {
    const previous = w.rooms.find((r) => r.number === i + 1)?.rapporteurId ?? null;
    return { number: i + 1, participantIds: [...participantIds], rapporteurId: previous !== null && participantIds.includes(previous) ? previous : null };
  });
  const roomById = new Map<string, number>();
  for (const r of rooms) for (const id of r.participantIds) roomById.set(id, r.number);
  // A reshuffle makes new groups [HP5]: a call for help, a message or extra time was for the people
  // who were in that room, not for whoever now has its number.
  const { help: _help, roomMessages: _messages, roomTime: _time, ...kept } = w;
  return {
    ...kept,
    rooms,
    assignmentSeed: checkedSeed,
    participants: w.participants.map((p) => ({ ...p, room: roomById.get(p.id) ?? null })),
  };
}

/** Moves one person to another existing room, clearing the old room's rapporteur if it was them. */
export function moveParticipant(w: Workshop, participantId: string, room: number): Workshop {
  requireOpen(w, 'move people');
  const person = requireParticipant(w, participantId);
  if (w.rooms.length === 0) throw new DomainError('no_rooms', 'Rooms have not been assigned yet; assign rooms first, then move people.');
  const target = requireRoom(w, room, true);
  if (person.room === target.number) return w;
  return {
    ...w,
    participants: w.participants.map((p) => (p.id === person.id ? { ...p, room: target.number } : p)),
    rooms: w.rooms.map((r) => {
      if (r.number === target.number) return { ...r, participantIds: [...r.participantIds, person.id] };
      if (!r.participantIds.includes(person.id)) return r;
      return {
        ...r,
        participantIds: r.participantIds.filter((id) => id !== person.id),
        rapporteurId: r.rapporteurId === person.id ? null : r.rapporteurId,
      };
    }),
  };
}

function phaseMinutes(w: Workshop, phase: Phase): number | null {
  if (phase === 'breakout') return w.settings.breakoutMinutes;
  if (phase === 'reporting') return w.settings.reportingMinutes;
  return null;
}

/** Moves to phase `to` and starts its clock; entering the break-out without rooms assigns them first. */
export function setPhase(w: Workshop, to: Phase, now: number): Workshop {
  const target = parsePhase(to);
  if (target === w.phase) return w;
  if (!canTransition(w.phase, target)) {
    const moves = allowedTransitions(w.phase);
    const hint = moves.length === 0 ? 'it cannot change phase any more' : `it can move to ${moves.join(' or ')}`;
    throw new DomainError('invalid_transition', `The workshop is in ${w.phase}; ${hint}, not ${target}.`);
  }
  // Seeded from id and time so an automatic assignment is still reproducible from the stored record.
  const ready = target === 'breakout' && w.rooms.length === 0 ? assign(w, `${w.id}:${now}`) : w;
  const minutes = phaseMinutes(w, target);
  // Help, room messages and time per room belong to one break-out [HP4][RM2][TR4]: none outlives it.
  const { help: _help, roomMessages: _messages, roomTime: _time, ...kept } = ready;
  return {
    ...kept,
    ...leavingPhase(ready, now),
    phase: target,
    clock: startClock(target, now, minutes === null ? null : minutes * MINUTE),
    warningsSent: [],
  };
}

/**
 * What a phase change ends [PH9]: the broadcast (it was said for the phase that is over: a
 * break-out's "5 minutes left, pick a rapporteur" stayed on screen into the reporting), and, on
 * leaving the reporting, the presenting room, its pointer and any open poll (closed with its
 * results kept), so no page goes on saying "Room 2 is presenting" or "you can change your ballot"
 * once the plenary is over.
 */
function leavingPhase(w: Workshop, now: number): Pick<Workshop, 'broadcast'> & Partial<Pick<Workshop, 'plenary'>> {
  if (w.phase !== 'reporting' || !w.plenary) return { broadcast: null };
  const p = w.plenary;
  return {
    broadcast: null,
    plenary: { ...p, presentingRoom: null, pointer: null, polls: p.polls.map((poll) => (poll.closedAt === null ? { ...poll, closedAt: now } : poll)) },
  };
}

/** Turns moving on by itself when time is up on or off; allowed in any phase, it takes effect at the next tick. */
export function setAutoAdvance(w: Workshop, on: boolean): Workshop {
  if (typeof on !== 'boolean') throw new DomainError('invalid_autoAdvance', `autoAdvance must be true or false (got ${String(on)}).`);
  if (w.settings.autoAdvance === on) return w;
  return { ...w, settings: { ...w.settings, autoAdvance: on } };
}

/** Pauses the phase clock (no-op when already paused). */
export function pauseClock(w: Workshop, now: number): Workshop {
  // Checked on the phase's effective clock [TR2]: a room given more time is still running after the common clock ran out.
  const checked = pause(phaseClock(w), now);
  return checked.pausedAt === w.clock.pausedAt ? w : { ...w, clock: { ...w.clock, pausedAt: checked.pausedAt } };
}

/** Resumes the phase clock with the time that was left (no-op when running). */
export function resumeClock(w: Workshop, now: number): Workshop {
  const clock = resume(w.clock, now);
  return clock === w.clock ? w : { ...w, clock };
}

/** Gives the current phase 1–120 more minutes; warnings and the time-up notice that are ahead again get re-armed. */
export function extendClock(w: Workshop, minutes: number, now: number): Workshop {
  const checked = requireInteger(minutes, 'minutes', 1, LIMITS.extendMinutesMax);
  const clock = extend(w.clock, checked, now);
  const roomTime = roomTimeAfterExtendingAll(w, checked, now);
  const next: Workshop = roomTime === undefined ? { ...w, clock } : { ...w, clock, roomTime };
  const left = remainingMs(phaseClock(next), now) ?? 0;
  return { ...next, warningsSent: w.warningsSent.filter((m) => m !== EXPIRY_SENT && left <= m * MINUTE) };
}

/** Called by the server every second: sends due warnings once, and on time-up announces it and, with autoAdvance, moves on. */
export function tick(w: Workshop, now: number): { workshop: Workshop; events: TickEvent[] } {
  // The break-out ends when the last room's time is up [TR2], so its effective clock is asked.
  const clock = phaseClock(w);
  if (!isTimed(clock)) return { workshop: w, events: [] };
  const events: TickEvent[] = [];
  let sent = w.warningsSent;
  const due = dueWarnings(clock, now, sent);
  if (due.length > 0) {
    // Only the closest threshold is announced; a larger one crossed at the same moment would be stale.
    events.push({ type: 'warning', minutesLeft: Math.min(...due) });
    sent = [...sent, ...due];
  }
  if (isExpired(clock, now)) {
    const announced = sent.includes(EXPIRY_SENT);
    if (!announced) events.push({ type: 'expired', phase: w.phase });
    const next = NEXT_ON_EXPIRY[w.phase];
    // Checked even after the announcement, so switching autoAdvance on after time-up still moves on.
    if (w.settings.autoAdvance && next) return { workshop: setPhase(w, next, now), events };
    if (!announced) sent = [...sent, EXPIRY_SENT];
  }
  return { workshop: sent === w.warningsSent ? w : { ...w, warningsSent: sent }, events };
}

/** Appoints the rapporteur of `room` (who must be one of its members), or clears it with null. */
export function setRapporteur(w: Workshop, room: number, participantId: string | null): Workshop {
  requireOpen(w, 'change rapporteurs');
  const target = requireRoom(w, room, false);
  if (participantId !== null) {
    const person = requireParticipant(w, participantId);
    if (!target.participantIds.includes(person.id)) {
      const where = person.room === null ? 'not in any room' : `in room ${person.room}`;
      throw new DomainError('not_in_room', `${person.name} is ${where}; only a member of room ${target.number} can be its rapporteur.`);
    }
  }
  if (target.rapporteurId === participantId) return w;
  return { ...w, rooms: w.rooms.map((r) => (r.number === target.number ? { ...r, rapporteurId: participantId } : r)) };
}

/** Shows `message` (1–500 characters) to everyone until cleared or replaced. */
export function setBroadcast(w: Workshop, message: string, now: number): Workshop {
  return { ...w, broadcast: { message: requireText(message, 'message', 1, LIMITS.broadcastMax), at: now } };
}

/** Removes the broadcast message. */
export function clearBroadcast(w: Workshop): Workshop {
  return w.broadcast === null ? w : { ...w, broadcast: null };
}

/**
 * A room as every member sees it: its own end and its offset from the break-out's end [TR3], its
 * open call for help [HP1] and the facilitator's message to it [RM1] (pages show that message in
 * that room only).
 */
export interface PublicRoom extends Room {
  /** When this room's own time ends; null while paused or untimed. */
  endsAt: number | null;
  /** This room's end minus the break-out's end, in ms: 0 for the last room, negative for one that ends earlier. */
  offsetMs: number;
  help: HelpRequest | null;
  /** That the facilitator left this room a message, and when; its text only through its own route [RM3]. */
  message: RoomMessageSignal | null;
}

/** What every member of the workshop sees: no tokens, no seed, no join times. */
export interface PublicState {
  workshop: {
    id: string;
    title: string;
    purpose: string;
    suggestions: string[];
    phase: Phase;
    endsAt: number | null;
    remainingMs: number | null;
    paused: boolean;
    template: WorkshopSettings['template'];
    breakoutMinutes: number;
    reportingMinutes: number;
    autoAdvance: boolean;
    joinCode: string;
    /** The questions the join form asks (definitions only, never anyone's answers); absent when none. */
    fields?: ParticipantField[];
    /** The round the workshop is in [RN1]; absent in round 1, so a one-round workshop keeps its shape. */
    round?: number;
  };
  rooms: PublicRoom[];
  /** Only public fields' answers ever appear here [PF3]. */
  participants: Array<{ id: string; name: string; room: number | null; attributes?: Record<string, string> }>;
  broadcast: { message: string; at: number } | null;
  plenary: PublicPlenary;
}

/** The live state at `now`: the body of `GET /api/workshops/:id` and of the state document. */
export function publicState(w: Workshop, now: number): PublicState {
  return {
    workshop: publicWorkshopInfo(w, now),
    rooms: publicRooms(w),
    participants: publicParticipants(w),
    broadcast: w.broadcast === null ? null : { ...w.broadcast },
    plenary: publicPlenary(w.plenary ?? emptyPlenary()),
  };
}

/** The workshop part of the public state at `now`. */
export function publicWorkshopInfo(w: Workshop, now: number): PublicState['workshop'] {
  const s = w.settings;
  const clock = phaseClock(w);
  return {
    id: w.id,
    title: s.title,
    purpose: s.purpose,
    suggestions: [...s.suggestions],
    phase: w.phase,
    endsAt: endsAt(clock),
    remainingMs: remainingMs(clock, now),
    paused: w.clock.pausedAt !== null,
    template: { columns: s.template.columns.map((c) => ({ ...c })) },
    breakoutMinutes: s.breakoutMinutes,
    reportingMinutes: s.reportingMinutes,
    autoAdvance: s.autoAdvance,
    joinCode: w.joinCode,
    ...(fieldsOf(w).length > 0 ? { fields: fieldsOf(w).map((f) => ({ ...f, options: [...f.options] })) } : {}),
    ...(w.earlierRounds?.length ? { round: w.earlierRounds.length + 1 } : {}),
  };
}

/** The rooms as everyone sees them: members, rapporteur, own end, help and the message signal. */
export function publicRooms(w: Workshop): PublicRoom[] {
  return w.rooms.map((r) => ({
    number: r.number,
    participantIds: [...r.participantIds],
    rapporteurId: r.rapporteurId,
    endsAt: roomEndsAt(w, r.number),
    offsetMs: roomOffsetMs(w, r.number),
    help: helpOf(w, r.number),
    message: roomMessageSignalOf(w, r.number),
  }));
}

/** Everyone who joined, with public fields' answers only [PF3]. */
export function publicParticipants(w: Workshop): PublicState['participants'] {
  return w.participants.map((p) => {
    const attributes = publicAttributes(w, p);
    return attributes ? { id: p.id, name: p.name, room: p.room, attributes } : { id: p.id, name: p.name, room: p.room };
  });
}
