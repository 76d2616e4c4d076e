import { describe, expect, it } from 'vitest';
import { addParticipant, assign, createWorkshop, moveParticipant, extendClock, pauseClock, publicState, resumeClock, setPhase, tick, type Workshop } from '../src/workshop';
import { clearRoomMessage, lowerHelp, raiseHelp, roomMessageOf, sendRoomMessage } from '../src/help';
import { giveRoomTime, roomEndsAt, roomRemainingMs, roomTimeUp } from '../src/roomTime';
import { roomProgress } from '../src/roomProgress';
import { DEFAULT_TEMPLATE } from '../src/template';
import { refuses } from './fixtures/refuses';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** Six people in three rooms, in a 30-minute break-out started at T0. */
function breakout(extra: { autoAdvance?: boolean } = {}): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Review', rooms: 3, ...extra });
  for (let i = 0; i < 6; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
  return setPhase(w, 'breakout', T0);
}

describe('help from a room', () => {
  it('[HP1] a room raises help; raising again keeps the first time; the live state shows it on that room only', () => {
    const w = raiseHelp(raiseHelp(breakout(), 2, T0 + MIN), 2, T0 + 3 * MIN);
    const rooms = publicState(w, T0 + 4 * MIN).rooms;
    expect(rooms.find((r) => r.number === 2)!.help).toEqual({ raisedAt: T0 + MIN });
    expect(rooms.filter((r) => r.help !== null).map((r) => r.number)).toEqual([2]);
  });

  it('[HP1] only during the break-out, only for a room that exists', () => {
    const lobby = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Review' });
    refuses(() => raiseHelp(lobby, 1, T0), 'not_in_breakout', 409);
    refuses(() => raiseHelp(breakout(), 9, T0), 'unknown_room', 404);
  });

  it('[HP2] lowering clears it (and is a no-op when none is open)', () => {
    const raised = raiseHelp(breakout(), 1, T0);
    expect(publicState(lowerHelp(raised, 1), T0).rooms[0]!.help).toBeNull();
    const none = breakout();
    expect(lowerHelp(none, 1)).toBe(none);
  });

  it('[HP3][RM1][RM3] a message to one room answers its help; the public state says only that there is one', () => {
    const w = sendRoomMessage(raiseHelp(raiseHelp(breakout(), 1, T0), 2, T0), 1, '  I am coming to room 1 ', T0 + MIN);
    const rooms = publicState(w, T0 + MIN).rooms;
    expect(roomMessageOf(w, 1)).toEqual({ message: 'I am coming to room 1', at: T0 + MIN });
    expect(rooms[0]!.message).toEqual({ at: T0 + MIN });
    expect(JSON.stringify(publicState(w, T0 + MIN))).not.toContain('coming');
    expect(rooms[0]!.help).toBeNull();
    expect(rooms[1]!.message).toBeNull();
    expect(rooms[1]!.help).not.toBeNull();
    expect(publicState(clearRoomMessage(w, 1), T0).rooms[0]!.message).toBeNull();
    refuses(() => sendRoomMessage(breakout(), 1, '   ', T0), 'invalid_message', 400);
    refuses(() => sendRoomMessage(breakout(), 1, 'x'.repeat(501), T0), 'invalid_message', 400);
  });

  it('[HP4][RM2][TR4] ending the break-out clears help, room messages and time per room', () => {
    let w = giveRoomTime(sendRoomMessage(raiseHelp(breakout(), 1, T0), 2, 'Hi', T0), 3, 5, T0);
    w = setPhase(w, 'reporting', T0 + MIN);
    expect(w.help).toBeUndefined();
    expect(w.roomMessages).toBeUndefined();
    expect(w.roomTime).toBeUndefined();
    const back = setPhase(w, 'breakout', T0 + 2 * MIN);
    expect(publicState(back, T0 + 2 * MIN).rooms.every((r) => r.help === null && r.message === null && r.offsetMs === 0)).toBe(true);
  });
});

describe('reshuffling', () => {
  it('[HP5] a reshuffle in the break-out clears calls, messages and extra time; moving one person keeps them', () => {
    const w = giveRoomTime(sendRoomMessage(raiseHelp(raiseHelp(breakout(), 1, T0), 3, T0), 2, 'Hi', T0), 3, 5, T0);
    const reshuffled = assign(w, 'again');
    expect(publicState(reshuffled, T0).rooms.every((r) => r.help === null && r.message === null && r.offsetMs === 0)).toBe(true);
    expect(publicState(reshuffled, T0).workshop.endsAt).toBe(T0 + 30 * MIN);
    const someone = w.rooms[0]!.participantIds[0]!;
    const moved = moveParticipant(w, someone, 2);
    expect(publicState(moved, T0).rooms.map((r) => r.help !== null)).toEqual([true, false, true]);
    expect(publicState(moved, T0).workshop.endsAt).toBe(T0 + 35 * MIN);
  });
});

describe('time per room', () => {
  it('[TR1][TR3] one room gets 5 more minutes: its own end moves, the others keep theirs', () => {
    const w = giveRoomTime(breakout(), 2, 5, T0 + 10 * MIN);
    expect(roomEndsAt(w, 2)).toBe(T0 + 35 * MIN);
    expect(roomEndsAt(w, 1)).toBe(T0 + 30 * MIN);
    const s = publicState(w, T0 + 10 * MIN);
    expect(s.workshop.endsAt).toBe(T0 + 35 * MIN);
    expect(s.rooms.map((r) => [r.number, r.offsetMs, r.endsAt])).toEqual([
      [1, -5 * MIN, T0 + 30 * MIN],
      [2, 0, T0 + 35 * MIN],
      [3, -5 * MIN, T0 + 30 * MIN],
    ]);
    // Twice adds up.
    expect(roomEndsAt(giveRoomTime(w, 2, 3, T0 + 11 * MIN), 2)).toBe(T0 + 38 * MIN);
  });

  it('[TR1] a room whose time is up gets its minutes from now', () => {
    const w = giveRoomTime(giveRoomTime(breakout(), 2, 5, T0), 1, 2, T0 + 33 * MIN);
    expect(roomEndsAt(w, 1)).toBe(T0 + 35 * MIN);
    expect(roomEndsAt(w, 2)).toBe(T0 + 35 * MIN);
    expect(roomEndsAt(w, 3)).toBe(T0 + 30 * MIN);
  });

  it('[TR1] refused outside the break-out, for an unknown room, or with minutes outside 1–120', () => {
    refuses(() => giveRoomTime(breakout(), 9, 5, T0), 'unknown_room', 404);
    refuses(() => giveRoomTime(breakout(), 1, 0, T0), 'invalid_minutes', 400);
    refuses(() => giveRoomTime(breakout(), 1, 121, T0), 'invalid_minutes', 400);
    refuses(() => giveRoomTime(setPhase(breakout(), 'reporting', T0), 1, 5, T0), 'not_in_breakout', 409);
  });

  it('[TR2] the automatic end comes when the last room is done, not before', () => {
    const w = giveRoomTime(breakout({ autoAdvance: true }), 3, 5, T0 + MIN);
    expect(tick(w, T0 + 30 * MIN).workshop.phase).toBe('breakout');
    expect(tick(w, T0 + 35 * MIN - 1).workshop.phase).toBe('breakout');
    expect(tick(w, T0 + 35 * MIN).workshop.phase).toBe('reporting');
    // Without autoAdvance, time-up is announced once, at the last room's end.
    const manual = giveRoomTime(breakout(), 3, 5, T0 + MIN);
    expect(tick(manual, T0 + 30 * MIN).events.filter((e) => e.type === 'expired')).toEqual([]);
    expect(tick(manual, T0 + 35 * MIN).events).toContainEqual({ type: 'expired', phase: 'breakout' });
    // The facilitator can still end it at once.
    expect(setPhase(w, 'reporting', T0 + 2 * MIN).phase).toBe('reporting');
  });

  it('[TR2] giving a room time after the announced time-up re-arms the notice', () => {
    const up = tick(breakout(), T0 + 30 * MIN).workshop;
    expect(up.warningsSent).toContain(0);
    const more = giveRoomTime(up, 1, 5, T0 + 31 * MIN);
    expect(more.warningsSent).not.toContain(0);
    expect(roomEndsAt(more, 1)).toBe(T0 + 36 * MIN);
    expect(tick(more, T0 + 36 * MIN).events).toContainEqual({ type: 'expired', phase: 'breakout' });
  });

  it('[TR4] a room whose own time is up is told so while the break-out goes on', () => {
    const w = giveRoomTime(breakout(), 2, 5, T0);
    expect(roomTimeUp(w, 1, T0 + 31 * MIN)).toBe(true);
    expect(roomTimeUp(w, 2, T0 + 31 * MIN)).toBe(false);
    expect(roomRemainingMs(w, 2, T0 + 31 * MIN)).toBe(4 * MIN);
  });

  it('[TR3] pause freezes every room; resume keeps each room’s lead; pausing works while a room still runs', () => {
    const w = giveRoomTime(breakout(), 2, 5, T0);
    const paused = pauseClock(w, T0 + 31 * MIN);
    expect(roomEndsAt(paused, 2)).toBeNull();
    expect(roomRemainingMs(paused, 2, T0 + 50 * MIN)).toBe(4 * MIN);
    const resumed = resumeClock(paused, T0 + 40 * MIN);
    expect(roomEndsAt(resumed, 2)).toBe(T0 + 44 * MIN);
  });

  it('[TR5] "+5 for everyone" gives every room 5 more than it has, counted from now once up', () => {
    const w = giveRoomTime(breakout(), 2, 10, T0);
    const later = extendClock(w, 5, T0 + 32 * MIN);
    expect(roomEndsAt(later, 1)).toBe(T0 + 37 * MIN);
    expect(roomEndsAt(later, 2)).toBe(T0 + 45 * MIN);
    const early = extendClock(w, 5, T0 + MIN);
    expect(roomEndsAt(early, 1)).toBe(T0 + 35 * MIN);
    expect(roomEndsAt(early, 2)).toBe(T0 + 45 * MIN);
  });
});

describe('room progress', () => {
  it('[RP1] counts rows in use, rows complete in every column, and missing ratings', () => {
    const rows = [
      { suggestion: 'A', benefit: 'b', impact: 'H', needed: 'n', effort: 'L' },
      { suggestion: 'B', benefit: ' ', impact: 'M', needed: '', effort: null },
      { suggestion: '', benefit: '', impact: null, needed: '', effort: null },
    ] as const;
    expect(roomProgress(rows.map((r) => ({ ...r })), DEFAULT_TEMPLATE)).toEqual({
      rows: 2,
      completeRows: 1,
      ratingsFilled: 3,
      ratingsTotal: 4,
      ratingsMissing: 1,
    });
  });
});
