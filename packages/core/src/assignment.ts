import { DomainError } from './errors';

/** Default number of rooms when a workshop names neither a room count nor a room size. */
export const DEFAULT_ROOM_COUNT = 4;

// cyrb53-style mixing: turns any seed string into a well-spread 32-bit start state.
function hashSeed(seed: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * A deterministic PRNG (mulberry32): same seed, same sequence in [0, 1). A string seed is hashed; a
 * number is the 32-bit start state itself, so the numeric seeds tests record replay unchanged.
 */
export function seededRandom(seed: string | number): () => number {
  let state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits participants into `roomCount` rooms at random from `seed`: balanced, complete, reproducible. */
export function assignRooms(participantIds: readonly string[], roomCount: number, seed: string): string[][] {
  if (!Number.isInteger(roomCount) || roomCount < 1) {
    throw new DomainError('invalid_room_count', `The number of rooms must be a whole number of at least 1 (got ${String(roomCount)}).`);
  }
  const random = seededRandom(seed);
  const shuffled = [...participantIds];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  // Dealing round-robin keeps sizes within one of each other, so no room is empty while another has two.
  const rooms: string[][] = Array.from({ length: roomCount }, () => []);
  shuffled.forEach((id, i) => rooms[i % roomCount]?.push(id));
  return rooms;
}

/** How many rooms to open: the facilitator's fixed count, else enough rooms of `roomSize`, else the default. */
export function roomCountFor(participants: number, opts: { rooms?: number | null; roomSize?: number | null }): number {
  if (!Number.isInteger(participants) || participants < 0) {
    throw new DomainError('invalid_participant_count', `The number of participants must be a whole number of at least 0 (got ${String(participants)}).`);
  }
  if (opts.rooms != null) {
    if (!Number.isInteger(opts.rooms) || opts.rooms < 1) {
      throw new DomainError('invalid_room_count', `The number of rooms must be a whole number of at least 1 (got ${String(opts.rooms)}).`);
    }
    return opts.rooms;
  }
  if (opts.roomSize != null) {
    if (!Number.isInteger(opts.roomSize) || opts.roomSize < 1) {
      throw new DomainError('invalid_room_size', `The room size must be a whole number of at least 1 (got ${String(opts.roomSize)}).`);
    }
    // Rounding up means no room is ever larger than the size asked for.
    return Math.max(1, Math.ceil(participants / opts.roomSize));
  }
  return DEFAULT_ROOM_COUNT;
}

/** The room a late joiner goes to: the one with fewest members, lowest number on a tie. */
export function smallestRoom(rooms: readonly { number: number; participantIds: readonly string[] }[]): number {
  let best: { number: number; size: number } | null = null;
  for (const room of rooms) {
    const size = room.participantIds.length;
    if (best === null || size < best.size || (size === best.size && room.number < best.number)) {
      best = { number: room.number, size };
    }
  }
  if (best === null) throw new DomainError('no_rooms', 'There are no rooms yet; assign rooms first.');
  return best.number;
}
