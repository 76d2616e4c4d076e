import type { LiveState, RoomInfo, WorkshopInfo } from '@roomtable/contract';

/**
 * The live state with the workshop's clock replaced by room `room`'s own [TR3]: a room given more
 * time sees its own end (and its own warnings), not the break-out's. Outside the break-out, for a
 * room without an offset, or for no room, the state is returned as it is.
 */
export function withRoomClock(state: LiveState, room: number | null | undefined): LiveState {
  const info = room ? state.rooms.find((r) => r.number === room) : undefined;
  const offset = info?.offsetMs ?? 0;
  if (!info || offset === 0 || state.workshop.phase !== 'breakout') return state;
  return { ...state, workshop: roomWorkshop(state.workshop, info) };
}

/** The workshop info with room `info`'s own end and time left. */
export function roomWorkshop(workshop: WorkshopInfo, info: RoomInfo): WorkshopInfo {
  const offset = info.offsetMs ?? 0;
  const end = typeof workshop.endsAt === 'number' ? workshop.endsAt + offset : null;
  const left = workshop.remainingMs == null ? workshop.remainingMs : Math.max(0, workshop.remainingMs + offset);
  return { ...workshop, endsAt: info.endsAt ?? end, remainingMs: left };
}
