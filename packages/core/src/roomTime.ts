import { endsAt, isTimed, remainingMs, type Clock } from './clock';
import { DomainError } from './errors';
import type { Workshop } from './workshop';
import { LIMITS, requireInteger } from './workshopSettings';

// Time per room [TR1]–[TR5]. The break-out keeps one phase clock (pause, resume and "+5 min for
// everyone" act on it, as before); a room given more time carries its extra milliseconds on top of
// that clock. The break-out ends when the last room's time is up, so the phase's effective clock
// is the common clock plus the largest extra: every rule that asks "is time up?" asks that clock.

const MINUTE = 60_000;

/** Extra ms per room number (as a string key: the record is JSON) on top of the break-out's common clock. */
export type RoomTime = Record<string, number>;

/** The extra ms room `room` has over the common clock (0 when it was given none). */
export function roomExtraMs(w: Workshop, room: number): number {
  if (w.phase !== 'breakout') return 0;
  const extra = w.roomTime?.[String(room)];
  return typeof extra === 'number' && Number.isFinite(extra) && extra > 0 ? extra : 0;
}

/** The largest extra of any existing room: how far the break-out's end lies past the common clock's. */
function maxExtraMs(w: Workshop): number {
  return w.rooms.reduce((most, r) => Math.max(most, roomExtraMs(w, r.number)), 0);
}

/**
 * The phase's effective clock [TR2]: in the break-out, the common clock stretched to the last room's
 * end; otherwise the phase clock itself. Time-up, warnings and `endsAt` of the workshop read this.
 */
export function phaseClock(w: Workshop): Clock {
  const most = maxExtraMs(w);
  if (most === 0 || !isTimed(w.clock)) return w.clock;
  return { ...w.clock, durationMs: w.clock.durationMs + most };
}

/**
 * Where room `room`'s own time ends relative to the break-out's end, in ms (0 for the last room
 * or rooms, negative for a room whose time ends earlier) [TR3]. Constant while the clock is
 * paused, so a client derives the room's clock from the workshop's with one number.
 */
export function roomOffsetMs(w: Workshop, room: number): number {
  return roomExtraMs(w, room) - maxExtraMs(w);
}

/** The instant room `room`'s own time ends; null while paused or untimed (like the workshop's `endsAt`). */
export function roomEndsAt(w: Workshop, room: number): number | null {
  const end = endsAt(phaseClock(w));
  return end === null ? null : end + roomOffsetMs(w, room);
}

/** Ms left of room `room`'s own time at `now` (0 once up, frozen while paused); null when untimed. */
export function roomRemainingMs(w: Workshop, room: number, now: number): number | null {
  const left = remainingMs(phaseClock(w), now);
  return left === null ? null : Math.max(0, left + roomOffsetMs(w, room));
}

/** Ms to the end of `clock` from `now` (or from the pause), negative once overdue; null when untimed. */
function rawLeftMs(clock: Clock, now: number): number | null {
  if (!isTimed(clock)) return null;
  return clock.startedAt + clock.durationMs + clock.pausedMs - (clock.pausedAt ?? now);
}

/**
 * Gives one room `minutes` (1–120) more than it has [TR1]: its own end moves that much later, counted
 * from now when its time is already up (as [CL4] does for the whole break-out). Only during the
 * break-out, on a timed (running or paused) clock; other rooms keep their end. When it becomes the
 * last room the break-out's end moves with it, and the warnings and time-up notice ahead again are
 * re-armed.
 */
export function giveRoomTime(w: Workshop, room: number, minutes: number, now: number): Workshop {
  const checked = requireInteger(minutes, 'minutes', 1, LIMITS.extendMinutesMax);
  if (w.phase !== 'breakout') {
    throw new DomainError('not_in_breakout', `A room can be given more time only during the break-out; the workshop is in ${w.phase}.`);
  }
  if (!w.rooms.some((r) => r.number === room)) {
    throw new DomainError('unknown_room', `Room ${String(room)} does not exist; this workshop has ${w.rooms.length} rooms.`);
  }
  const common = rawLeftMs(w.clock, now);
  if (common === null) throw new DomainError('clock_untimed', 'This break-out has no timer, so there is no time to add.');
  // Unclamped, so a room whose time was up long ago gets its minutes from now, not from its past end.
  const roomLeft = common + roomExtraMs(w, room);
  const extra = Math.max(0, roomLeft) + checked * MINUTE - common;
  const next: Workshop = { ...w, roomTime: { ...(w.roomTime ?? {}), [String(room)]: extra } };
  return rearmed(next, now);
}

/**
 * "+N minutes for everyone" in the break-out [TR5]: every room's own end moves N minutes past
 * itself, or past now when its time is already up, so a room that was given time keeps exactly
 * what it had left plus N (not its lead over a common clock that was long over). Returns the new
 * extras for a common clock extended by [CL4]'s `extend` (which counts from now when overdue).
 */
export function roomTimeAfterExtendingAll(w: Workshop, minutes: number, now: number): RoomTime | undefined {
  const common = rawLeftMs(w.clock, now);
  if (w.phase !== 'breakout' || common === null || !w.roomTime) return w.roomTime;
  const newCommon = Math.max(0, common) + minutes * MINUTE;
  const roomTime: RoomTime = {};
  for (const r of w.rooms) {
    const extra = roomExtraMs(w, r.number);
    if (extra === 0) continue;
    roomTime[String(r.number)] = Math.max(0, Math.max(0, common + extra) + minutes * MINUTE - newCommon);
  }
  return roomTime;
}

/** Drops the sent warnings and the time-up notice that lie ahead again on the phase's effective clock. */
export function rearmed(w: Workshop, now: number): Workshop {
  const left = remainingMs(phaseClock(w), now) ?? 0;
  const warningsSent = w.warningsSent.filter((m) => m !== 0 && left <= m * MINUTE);
  return warningsSent.length === w.warningsSent.length ? w : { ...w, warningsSent };
}

/** True when room `room`'s own time is up at `now` while the break-out goes on for a later room [TR4]. */
export function roomTimeUp(w: Workshop, room: number, now: number): boolean {
  if (w.phase !== 'breakout' || w.clock.pausedAt !== null) return false;
  const left = roomRemainingMs(w, room, now);
  return left === 0;
}
