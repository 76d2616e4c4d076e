import { assignRooms, seededRandom } from './assignment';
import { DomainError } from './errors';

/** One person to place: their id, the facilitator's fields (field → chosen option), and an optional pin. */
export interface AssignmentPerson {
  id: string;
  attributes?: Readonly<Record<string, string>>;
  /** 1-based room this person must be in (the facilitator pinned them). */
  pinnedRoom?: number;
}

/** How many people with `field = value` a room may hold: `min` and/or `max` (hard where the numbers allow). */
export interface PerRoomRule {
  field: string;
  value: string;
  min?: number;
  max?: number;
}

/** What the facilitator asked for; every part is optional. */
export interface AssignmentConstraints {
  /** Fields whose values are spread as evenly as the numbers allow (soft) [CA4]. */
  spread?: readonly string[];
  /** Per-room bounds on a value, e.g. exactly one table host per room (hard) [CA5]. */
  perRoom?: readonly PerRoomRule[];
  /** Pairs who must not share a room (hard) [CA6]. */
  keepApart?: readonly (readonly [string, string])[];
  /** Pairs who must share a room (hard) [CA6]. */
  keepTogether?: readonly (readonly [string, string])[];
  /** A field naming each person's language: people who chose one go to rooms of that language [CA3]. */
  languageField?: string;
  /** The rooms of earlier rounds (each a list of rooms of ids): pairs who met are kept apart where possible (soft) [CA7]. */
  previousRounds?: readonly (readonly (readonly string[])[])[];
}

/** How well one constraint is met: 0 violations means fully. */
export interface ConstraintScore {
  constraint: string;
  kind: 'hard' | 'soft';
  violations: number;
  /** Plain words for the preview: what was asked, and how far it was met. */
  detail: string;
}

export interface ConstrainedAssignment {
  /** Room `i` (0-based here; room number `i + 1`) holds these ids. */
  rooms: string[][];
  /** The language of each room, or null where the workshop has no language field or the room is mixed. */
  roomLanguages: (string | null)[];
  scores: ConstraintScore[];
  /** The same constraints scored on the plain random balanced assignment of the same seed, for comparison [CA8]. */
  baseline: ConstraintScore[];
}

const HARD = 1000;

interface Problem {
  people: AssignmentPerson[];
  index: Map<string, number>;
  roomCount: number;
  /** language of each person (null: any room) */
  language: (string | null)[];
  roomLanguage: (string | null)[];
  constraints: AssignmentConstraints;
  together: Map<number, number[]>;
  apart: Map<number, number[]>;
  met: Set<number>[];
}

/**
 * Places people in `roomCount` rooms from `seed` under the facilitator's constraints, and says how
 * well each was met. Deterministic [CA1]. It starts from exactly the random balanced assignment
 * `assignRooms` would give (when nothing restricts where people may go) and only ever takes swaps
 * that lower the cost, so it is never worse than that assignment on the constraints' own measure
 * [CA8]; swapping keeps every room's size, so sizes stay within one of each other within a language [CA2].
 */
export function assignWithConstraints(
  people: readonly AssignmentPerson[],
  roomCount: number,
  seed: string,
  constraints: AssignmentConstraints = {},
): ConstrainedAssignment {
  const problem = buildProblem(people, roomCount, constraints);
  const random = seededRandom(`${seed}:constraints`);
  const start = startingRooms(problem, seed);
  const rooms = improve(problem, start, random);
  const baselineRooms = assignRooms(problem.people.map((p) => p.id), roomCount, seed).map((room) => room.map((id) => problem.index.get(id)!));
  return {
    rooms: rooms.map((room) => room.map((i) => problem.people[i]!.id)),
    roomLanguages: [...problem.roomLanguage],
    scores: scoreRooms(problem, rooms),
    baseline: scoreRooms(problem, baselineRooms),
  };
}

function buildProblem(people: readonly AssignmentPerson[], roomCount: number, constraints: AssignmentConstraints): Problem {
  if (!Number.isInteger(roomCount) || roomCount < 1) {
    throw new DomainError('invalid_room_count', `The number of rooms must be a whole number of at least 1 (got ${String(roomCount)}).`);
  }
  const index = new Map<string, number>();
  people.forEach((p, i) => {
    if (index.has(p.id)) throw new DomainError('invalid_constraints', `"${p.id}" is listed twice.`);
    index.set(p.id, i);
    if (p.pinnedRoom !== undefined && (!Number.isInteger(p.pinnedRoom) || p.pinnedRoom < 1 || p.pinnedRoom > roomCount)) {
      throw new DomainError('invalid_constraints', `"${p.id}" is pinned to room ${String(p.pinnedRoom)}, but the rooms are 1 to ${roomCount}.`);
    }
  });
  const pairs = (list: AssignmentConstraints['keepApart'], what: string) => {
    const out = new Map<number, number[]>();
    for (const [a, b] of list ?? []) {
      const ia = index.get(a);
      const ib = index.get(b);
      if (ia === undefined || ib === undefined || ia === ib) {
        throw new DomainError('invalid_constraints', `A ${what} pair names "${a}" and "${b}"; both must be different people of this workshop.`);
      }
      out.set(ia, [...(out.get(ia) ?? []), ib]);
      out.set(ib, [...(out.get(ib) ?? []), ia]);
    }
    return out;
  };
  for (const rule of constraints.perRoom ?? []) {
    if ((rule.min !== undefined && (!Number.isInteger(rule.min) || rule.min < 0)) || (rule.max !== undefined && (!Number.isInteger(rule.max) || rule.max < 0))) {
      throw new DomainError('invalid_constraints', `The bounds for ${rule.field} = ${rule.value} must be whole numbers of at least 0.`);
    }
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
      throw new DomainError('invalid_constraints', `For ${rule.field} = ${rule.value} the minimum (${rule.min}) is above the maximum (${rule.max}).`);
    }
  }
  const met = people.map(() => new Set<number>());
  for (const round of constraints.previousRounds ?? []) {
    for (const room of round) {
      const members = room.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      for (const a of members) for (const b of members) if (a !== b) met[a]!.add(b);
    }
  }
  const language = people.map((p) => (constraints.languageField ? (p.attributes?.[constraints.languageField] ?? null) || null : null));
  return {
    people: [...people],
    index,
    roomCount,
    language,
    roomLanguage: roomLanguages(language, roomCount),
    constraints,
    together: pairs(constraints.keepTogether, 'keep-together'),
    apart: pairs(constraints.keepApart, 'keep-apart'),
    met,
  };
}

/**
 * Rooms per language by largest remainder on the number of people who chose it, at least one each
 * [CA3]; rooms beyond that stay mixed (null) only when nobody chose a language.
 */
function roomLanguages(language: (string | null)[], roomCount: number): (string | null)[] {
  const counts = new Map<string, number>();
  for (const l of language) if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (counts.size === 0) return Array.from({ length: roomCount }, () => null);
  if (counts.size > roomCount) {
    throw new DomainError('invalid_constraints', `${counts.size} languages were chosen but there are only ${roomCount} rooms; open at least one room per language.`);
  }
  const languages = [...counts.keys()].sort();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const share = languages.map((l) => ({ l, exact: ((counts.get(l) ?? 0) / total) * roomCount }));
  const given = share.map((s) => Math.max(1, Math.floor(s.exact)));
  let left = roomCount - given.reduce((a, b) => a + b, 0);
  // Ones handed out above the floor may overshoot; take back from the largest allocations first.
  while (left < 0) {
    const most = given.indexOf(Math.max(...given));
    given[most]!--;
    left++;
  }
  const byRemainder = share.map((s, i) => ({ i, rest: s.exact - given[i]! })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) given[byRemainder[k]!.i]!++;
  return languages.flatMap((l, i) => Array.from({ length: given[i]! }, () => l));
}

function allowed(problem: Problem, person: number, room: number): boolean {
  const pin = problem.people[person]!.pinnedRoom;
  if (pin !== undefined) return pin - 1 === room;
  const l = problem.language[person]!;
  return l === null || problem.roomLanguage[room] === l;
}

/**
 * Shuffles as `assignRooms` does, places the pinned first, then deals everyone else to the
 * smallest room they may go to (lowest number on a tie): with no pins and no languages this is
 * exactly `assignRooms`'s round-robin. People who chose no language go last, into whichever rooms
 * are smallest, which keeps sizes within one inside every language.
 */
function startingRooms(problem: Problem, seed: string): number[][] {
  const order = assignRooms(problem.people.map((_, i) => String(i)), 1, seed)[0]!.map(Number);
  const rooms: number[][] = Array.from({ length: problem.roomCount }, () => []);
  const place = (person: number) => {
    let best = -1;
    for (let r = 0; r < problem.roomCount; r++) {
      if (allowed(problem, person, r) && (best < 0 || rooms[r]!.length < rooms[best]!.length)) best = r;
    }
    rooms[best]!.push(person);
  };
  const pinned = order.filter((i) => problem.people[i]!.pinnedRoom !== undefined);
  const chose = order.filter((i) => problem.people[i]!.pinnedRoom === undefined && problem.language[i] !== null);
  const free = order.filter((i) => problem.people[i]!.pinnedRoom === undefined && problem.language[i] === null);
  for (const i of [...pinned, ...chose, ...free]) place(i);
  return rooms;
}

function valueOf(problem: Problem, person: number, field: string): string | undefined {
  return problem.people[person]!.attributes?.[field];
}

/** The part of the cost that depends on one room alone. */
function roomCost(problem: Problem, room: readonly number[]): number {
  let cost = 0;
  for (const rule of problem.constraints.perRoom ?? []) {
    const n = room.filter((p) => valueOf(problem, p, rule.field) === rule.value).length;
    if (rule.max !== undefined && n > rule.max) cost += HARD * (n - rule.max);
    if (rule.min !== undefined && n < rule.min) cost += HARD * (rule.min - n);
  }
  for (const field of problem.constraints.spread ?? []) {
    const counts = new Map<string, number>();
    for (const p of room) {
      const v = valueOf(problem, p, field);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    // With every value's total fixed, the sum of squares is smallest when each value is dealt as
    // evenly over the rooms as it can be, which also puts it in as many rooms as possible.
    for (const n of counts.values()) cost += n * n;
  }
  for (let a = 0; a < room.length; a++) {
    for (let b = a + 1; b < room.length; b++) {
      const pa = room[a]!;
      const pb = room[b]!;
      if (problem.apart.get(pa)?.includes(pb)) cost += HARD;
      if (problem.met[pa]!.has(pb)) cost += 2;
    }
  }
  return cost;
}

/** Keep-together pairs split by the rooms in `roomOf` that involve one of `people` (each pair once). */
function togetherCost(problem: Problem, roomOf: Int32Array, people: readonly number[]): number {
  let cost = 0;
  const seen = new Set<string>();
  for (const p of people) {
    for (const q of problem.together.get(p) ?? []) {
      const key = p < q ? `${p}:${q}` : `${q}:${p}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (roomOf[p] !== roomOf[q]) cost += HARD;
    }
  }
  return cost;
}

/**
 * A cost no rooms can go below: no hard rule broken, nobody meeting again, and every spread value
 * dealt as evenly as its number allows (q or q + 1 per room). The search stops when it gets there.
 */
function lowestCost(problem: Problem): number {
  let floor = 0;
  const rooms = problem.roomCount;
  for (const field of problem.constraints.spread ?? []) {
    const totals = new Map<string, number>();
    for (let p = 0; p < problem.people.length; p++) {
      const v = valueOf(problem, p, field);
      if (v !== undefined) totals.set(v, (totals.get(v) ?? 0) + 1);
    }
    for (const t of totals.values()) {
      const q = Math.floor(t / rooms);
      const r = t % rooms;
      floor += q * q * (rooms - r) + (q + 1) * (q + 1) * r;
    }
  }
  return floor;
}

/** Passes in a row that may find no better rooms before the search stops (see `improve`). */
const PLATEAU_PASSES = 6;

/**
 * Hill climbing by swaps of two people in different rooms (sizes never change), in an order drawn
 * from the seed, taking any swap that lowers the cost, until the work bound is reached or
 * `PLATEAU_PASSES` passes in a row find nothing better. A swap must keep both people in rooms they
 * may be in (pins, languages).
 *
 * Swaps alone stall on plateaus: with P5 pinned to room 1 beside the other Asia-Pacific person, who
 * is a table host, the better rooms are two swaps away (the two hosts trade rooms, then a second
 * Europe person moves), and the first swap alone costs exactly as much as before, so a search that
 * takes only strictly better swaps stopped short in 80 of 300 seeds. After a pass that found
 * nothing better it may also take swaps of equal cost (half of them, drawn from the seed) to walk
 * the plateau; it returns the best rooms it saw, never a later equal or worse state, so with nothing
 * to improve (no constraints) the rooms stay exactly the starting ones [CA1] and the result is never
 * worse than the start [CA8].
 */
function improve(problem: Problem, start: number[][], random: () => number): number[][] {
  const rooms = start.map((r) => [...r]);
  const roomOf = new Int32Array(problem.people.length);
  rooms.forEach((room, r) => room.forEach((p) => (roomOf[p] = r)));
  const costs = rooms.map((room) => roomCost(problem, room));
  const movable = problem.people.map((_, i) => i).filter((i) => problem.people[i]!.pinnedRoom === undefined);
  const all = problem.people.map((_, i) => i);
  const total = () => costs.reduce((a, b) => a + b, 0) + togetherCost(problem, roomOf, all);
  let best = rooms.map((r) => [...r]);
  let bestCost = total();
  const floor = lowestCost(problem);
  let sideways = false;
  let flat = 0;
  // Bounded so a 300-person preview answers at once: every pass is O(n²) swaps of O(size²) each.
  const maxPasses = 40;
  for (let pass = 0; pass < maxPasses && bestCost > floor; pass++) {
    let improved = false;
    const order = [...movable];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let x = 0; x < order.length; x++) {
      for (let y = x + 1; y < order.length; y++) {
        const p = order[x]!;
        const q = order[y]!;
        const rp = roomOf[p]!;
        const rq = roomOf[q]!;
        if (rp === rq || !allowed(problem, p, rq) || !allowed(problem, q, rp)) continue;
        const before = costs[rp]! + costs[rq]! + togetherCost(problem, roomOf, [p, q]);
        const roomP = rooms[rp]!.map((m) => (m === p ? q : m));
        const roomQ = rooms[rq]!.map((m) => (m === q ? p : m));
        roomOf[p] = rq;
        roomOf[q] = rp;
        const costP = roomCost(problem, roomP);
        const costQ = roomCost(problem, roomQ);
        const after = costP + costQ + togetherCost(problem, roomOf, [p, q]);
        if (after < before || (sideways && after === before && random() < 0.5)) {
          rooms[rp] = roomP;
          rooms[rq] = roomQ;
          costs[rp] = costP;
          costs[rq] = costQ;
          if (after < before) improved = true;
        } else {
          roomOf[p] = rp;
          roomOf[q] = rq;
        }
      }
    }
    const cost = total();
    if (cost < bestCost) {
      best = rooms.map((r) => [...r]);
      bestCost = cost;
      flat = 0;
    } else if (++flat >= PLATEAU_PASSES) break;
    sideways = !improved;
  }
  return best;
}

/** The score of every constraint asked for, on `rooms` (indices into `problem.people`). */
function scoreRooms(problem: Problem, rooms: readonly (readonly number[])[]): ConstraintScore[] {
  const scores: ConstraintScore[] = [];
  const { constraints } = problem;
  const roomOf = new Int32Array(problem.people.length);
  rooms.forEach((room, r) => room.forEach((p) => (roomOf[p] = r)));
  if (constraints.languageField) {
    const wrong = problem.people.filter((_, p) => problem.language[p] !== null && problem.roomLanguage[roomOf[p]!] !== problem.language[p]).length;
    scores.push({ constraint: `language:${constraints.languageField}`, kind: 'hard', violations: wrong, detail: `${wrong} people in a room of another language than the one they chose` });
  }
  for (const field of constraints.spread ?? []) {
    const totals = new Map<string, number>();
    for (let p = 0; p < problem.people.length; p++) {
      const v = valueOf(problem, p, field);
      if (v !== undefined) totals.set(v, (totals.get(v) ?? 0) + 1);
    }
    let missing = 0;
    const parts: string[] = [];
    for (const [value, total] of [...totals].sort((a, b) => a[0].localeCompare(b[0]))) {
      const covered = rooms.filter((room) => room.some((p) => valueOf(problem, p, field) === value)).length;
      const possible = Math.min(total, rooms.length);
      missing += possible - covered;
      parts.push(`${value} in ${covered} of ${possible} rooms possible`);
    }
    scores.push({ constraint: `spread:${field}`, kind: 'soft', violations: missing, detail: parts.join('; ') });
  }
  for (const rule of constraints.perRoom ?? []) {
    const bad = rooms.filter((room) => {
      const n = room.filter((p) => valueOf(problem, p, rule.field) === rule.value).length;
      return (rule.max !== undefined && n > rule.max) || (rule.min !== undefined && n < rule.min);
    }).length;
    const bounds = rule.min === rule.max ? `exactly ${rule.min}` : [rule.min !== undefined ? `at least ${rule.min}` : '', rule.max !== undefined ? `at most ${rule.max}` : ''].filter(Boolean).join(' and ');
    scores.push({ constraint: `perRoom:${rule.field}=${rule.value}`, kind: 'hard', violations: bad, detail: `${bounds} ${rule.field} = ${rule.value} per room: ${bad} of ${rooms.length} rooms outside` });
  }
  const pairScore = (list: AssignmentConstraints['keepApart'], together: boolean) => {
    let bad = 0;
    for (const [a, b] of list ?? []) {
      const same = roomOf[problem.index.get(a)!] === roomOf[problem.index.get(b)!];
      if (same !== together) bad++;
    }
    return bad;
  };
  if (constraints.keepApart?.length) {
    const bad = pairScore(constraints.keepApart, false);
    scores.push({ constraint: 'keepApart', kind: 'hard', violations: bad, detail: `${bad} of ${constraints.keepApart.length} keep-apart pairs share a room` });
  }
  if (constraints.keepTogether?.length) {
    const bad = pairScore(constraints.keepTogether, true);
    scores.push({ constraint: 'keepTogether', kind: 'hard', violations: bad, detail: `${bad} of ${constraints.keepTogether.length} keep-together pairs are split` });
  }
  if (constraints.previousRounds?.length) {
    let repeats = 0;
    for (const room of rooms) for (let a = 0; a < room.length; a++) for (let b = a + 1; b < room.length; b++) if (problem.met[room[a]!]!.has(room[b]!)) repeats++;
    scores.push({ constraint: 'newPeople', kind: 'soft', violations: repeats, detail: `${repeats} pairs meet again from an earlier round` });
  }
  return scores;
}
