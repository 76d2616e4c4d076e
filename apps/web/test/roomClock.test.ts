import { describe, expect, it } from 'vitest';
import type { LiveState, RoomInfo, WorkshopInfo } from '@roomtable/contract';
import { DEFAULT_TEMPLATE } from '@roomtable/core';
import { withRoomClock } from '../src/roomHelp/roomClock';
import { roomsAskingForHelp } from '../src/facilitate/useHelpAlert';

const MIN = 60_000;
const END = 1_700_000_000_000;

function state(phase: WorkshopInfo['phase'], rooms: RoomInfo[], paused = false): LiveState {
  return {
    workshop: {
      id: 'w', title: 'T', purpose: '', suggestions: [], phase, endsAt: paused ? null : END, remainingMs: paused ? 10 * MIN : undefined,
      paused, template: DEFAULT_TEMPLATE, breakoutMinutes: 30, reportingMinutes: 10, autoAdvance: false, joinCode: 'J',
    },
    rooms,
    participants: [],
    broadcast: null,
  };
}
const room = (number: number, offsetMs: number, extra: Partial<RoomInfo> = {}): RoomInfo => ({
  number, participantIds: [], rapporteurId: null, offsetMs, endsAt: END + offsetMs, help: null, message: null, ...extra,
});

describe('a room page counts down to its own end [TR3]', () => {
  it('a room that ends 5 minutes before the break-out shows its own end', () => {
    const s = state('breakout', [room(1, -5 * MIN), room(2, 0)]);
    expect(withRoomClock(s, 1).workshop.endsAt).toBe(END - 5 * MIN);
    expect(withRoomClock(s, 2)).toBe(s);
    expect(withRoomClock(s, null)).toBe(s);
  });

  it('while paused, the frozen time left is the room’s own (never below zero)', () => {
    const s = state('breakout', [room(1, -5 * MIN, { endsAt: null }), room(2, -15 * MIN, { endsAt: null })], true);
    expect(withRoomClock(s, 1).workshop.remainingMs).toBe(5 * MIN);
    expect(withRoomClock(s, 2).workshop.remainingMs).toBe(0);
    expect(withRoomClock(s, 1).workshop.endsAt).toBeNull();
  });

  it('outside the break-out, and for rooms from an older state document, the workshop clock stands', () => {
    const reporting = state('reporting', [room(1, -5 * MIN)]);
    expect(withRoomClock(reporting, 1)).toBe(reporting);
    const old = state('breakout', [{ number: 1, participantIds: [], rapporteurId: null }]);
    expect(withRoomClock(old, 1)).toBe(old);
  });
});

describe('the help queue [HP1]', () => {
  it('lists the rooms asking, longest waiting first', () => {
    const rooms = [room(1, 0), room(2, 0, { help: { raisedAt: 30 } }), room(3, 0, { help: { raisedAt: 10 } })];
    expect(roomsAskingForHelp(rooms).map((r) => r.number)).toEqual([3, 2]);
  });
});
