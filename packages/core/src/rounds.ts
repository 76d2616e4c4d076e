import { assignRooms, roomCountFor } from './assignment';
import { constraintsOf, type AssignmentChoice } from './assignmentPreview';
import { assignWithConstraints } from './constrainedAssignment';
import { DomainError } from './errors';
import { emptyPlenary, plenaryOf, type Plenary } from './plenary';
import type { Template } from './template';
import { placeInRooms, setPhase, type Workshop } from './workshop';
import { LIMITS, requireInteger, requireText, validateSettings, validateTemplate } from './workshopSettings';

/** How the next round's rooms are made [RN3]. */
export type RoundAssignment = 'fresh' | 'same' | 'newPeople';

/** Every assignment mode, in the order the console offers them. */
export const ROUND_ASSIGNMENTS: readonly RoundAssignment[] = ['newPeople', 'fresh', 'same'];

/** At most this many rounds in one workshop: a long day has four or five. */
export const ROUNDS_MAX = 20;

/** One round of a workshop: what its rooms worked on, for how long, and who sat where [RN1]. */
export interface Round {
  number: number;
  /** The round's statement (the question the rooms work on). */
  purpose: string;
  suggestions: string[];
  template: Template;
  breakoutMinutes: number;
  reportingMinutes: number;
  assignment: RoundAssignment;
  /** Member ids per room, room i + 1 first; for the current round, its rooms now. */
  rooms: string[][];
  /** The questions and polls of the round's plenary [RN7]; for the current round, the plenary now. */
  plenary?: Plenary;
}

/** What the facilitator sets for the next round; anything left out stays as in the round before [RN2]. */
export interface NextRoundInput {
  assignment: RoundAssignment;
  seed: string;
  purpose?: string;
  suggestions?: string[];
  template?: Template;
  breakoutMinutes?: number;
  reportingMinutes?: number;
  /**
   * The facilitator's constraints for `fresh` and `newPeople` rooms (spread, per-room bounds,
   * rooms by language, pins), as in the assignment panel [AP1]; its seed is the round's.
   */
  choice?: Omit<AssignmentChoice, 'seed'>;
}

/** The number of the round the workshop is in; a record stored before rounds existed is in round 1 [RN1]. */
export function currentRound(w: Workshop): number {
  return (w.earlierRounds?.length ?? 0) + 1;
}

/** The current round as a {@link Round}, read from the workshop's settings and rooms. */
function roundNow(w: Workshop): Round {
  const s = w.settings;
  return {
    number: currentRound(w),
    purpose: s.purpose,
    suggestions: [...s.suggestions],
    template: s.template,
    breakoutMinutes: s.breakoutMinutes,
    reportingMinutes: s.reportingMinutes,
    assignment: w.roundAssignment ?? 'fresh',
    rooms: w.rooms.map((r) => [...r.participantIds]),
    plenary: plenaryOf(w),
  };
}

/** Every round so far, oldest first, the current one last [RN1]. */
export function roundsOf(w: Workshop): Round[] {
  return [...(w.earlierRounds ?? []), roundNow(w)];
}

/** Round `n` of the workshop, or a 404-style error naming the rounds there are. */
export function requireRound(w: Workshop, n: unknown): Round {
  const found = typeof n === 'number' ? roundsOf(w).find((r) => r.number === n) : undefined;
  if (!found) {
    const count = currentRound(w);
    throw new DomainError('unknown_round', `Round ${String(n)} does not exist; this workshop has ${count === 1 ? 'only round 1' : `rounds 1–${count}`}.`);
  }
  return found;
}

/** Parses an assignment mode from untrusted input. */
export function parseRoundAssignment(value: unknown): RoundAssignment {
  if (typeof value === 'string' && (ROUND_ASSIGNMENTS as readonly string[]).includes(value)) return value as RoundAssignment;
  throw new DomainError('invalid_assignment', `"${String(value)}" is not an assignment mode; use one of ${ROUND_ASSIGNMENTS.join(', ')}.`);
}

/**
 * Starts the next round from the plenary [RN2]: the round that ends is kept as it was (its rooms,
 * statement, template and durations), the settings become the new round's, rooms are made by
 * `assignment` [RN3], and the workshop goes to the break-out with the new round's clock. The new
 * round's rooms are new documents [RN4]; nothing of the earlier rounds is changed.
 */
export function startNextRound(w: Workshop, input: NextRoundInput, now: number): Workshop {
  if (w.phase !== 'reporting') {
    throw new DomainError('round_not_over', `The next round starts from the plenary; the workshop is in ${w.phase}.`);
  }
  if (currentRound(w) >= ROUNDS_MAX) throw new DomainError('too_many_rounds', `A workshop has at most ${ROUNDS_MAX} rounds.`);
  const assignment = parseRoundAssignment(input.assignment);
  const seed = requireText(input.seed, 'seed', 1, LIMITS.seedMax);
  const s = w.settings;
  // The set-up rules check the new values; anything left out is the ending round's.
  const checked = validateSettings({
    title: s.title,
    purpose: input.purpose ?? s.purpose,
    suggestions: input.suggestions ?? s.suggestions,
    breakoutMinutes: input.breakoutMinutes === undefined ? s.breakoutMinutes : requireInteger(input.breakoutMinutes, 'breakoutMinutes', 1, LIMITS.minutesMax),
    reportingMinutes: input.reportingMinutes === undefined ? s.reportingMinutes : requireInteger(input.reportingMinutes, 'reportingMinutes', 1, LIMITS.minutesMax),
  });
  const template = input.template === undefined ? s.template : validateTemplate(input.template);
  // The ending round keeps its plenary as the phase change would leave it: open polls closed with
  // their results, nobody presenting [PH9]. The new round's plenary starts empty [RN7]: its rooms
  // are other groups, so "room 2's report" and its questions are about other people's table.
  const last = plenaryOf(w);
  const ending: Round = {
    ...roundNow(w),
    plenary: { ...last, presentingRoom: null, pointer: null, polls: last.polls.map((p) => (p.closedAt === null ? { ...p, closedAt: now } : p)) },
  };
  const earlierRounds = [...(w.earlierRounds ?? []), ending];
  const next: Workshop = {
    ...w,
    earlierRounds,
    roundAssignment: assignment,
    // The note-takers go on writing the same notes.
    plenary: { ...emptyPlenary(), noteTakers: [...last.noteTakers] },
    settings: { ...s, purpose: checked.purpose, suggestions: checked.suggestions, template, breakoutMinutes: checked.breakoutMinutes, reportingMinutes: checked.reportingMinutes },
    // A new round's rooms choose their own rapporteur, unless they are the same rooms [RN3].
    rooms: assignment === 'same' ? w.rooms : w.rooms.map((r) => ({ ...r, rapporteurId: null })),
  };
  return setPhase(placeInRooms(next, roomsFor(next, assignment, seed, earlierRounds, input.choice), seed), 'breakout', now);
}

/**
 * The rooms of a new round [RN3]: `same` keeps everyone where they are (late joiners stay in the
 * room they were given); `fresh` is a new random balanced assignment; `newPeople` keeps pairs who
 * already shared a room in any earlier round apart where the numbers allow (constrainedAssignment
 * [CA7]), never worse on that than `fresh` with the same seed [CA8]. The facilitator's
 * constraints, when given, hold in `fresh` and `newPeople` rooms as in the assignment panel.
 */
function roomsFor(w: Workshop, assignment: RoundAssignment, seed: string, earlier: readonly Round[], choice: NextRoundInput['choice']): string[][] {
  if (assignment === 'same') return w.rooms.map((r) => [...r.participantIds]);
  const ids = w.participants.map((p) => p.id);
  const count = roomCountFor(ids.length, { rooms: w.settings.rooms, roomSize: w.settings.roomSize });
  if (assignment === 'fresh' && choice === undefined) return assignRooms(ids, count, seed);
  const constraints = choice === undefined ? {} : constraintsOf(w, { ...choice, seed }, count);
  const pins = choice?.pins ?? {};
  const people = w.participants.map((p) => {
    const pinned = pins[p.id];
    return { id: p.id, attributes: p.attributes ?? {}, ...(pinned === undefined ? {} : { pinnedRoom: pinned }) };
  });
  const previousRounds = assignment === 'newPeople' ? { previousRounds: earlier.map((r) => r.rooms) } : {};
  return assignWithConstraints(people, count, seed, { ...constraints, ...previousRounds }).rooms;
}

/** How many pairs in `rooms` already shared a room in one of `earlier` (what "meet new people" lowers). */
export function repeatPairs(rooms: readonly (readonly string[])[], earlier: readonly (readonly (readonly string[])[])[]): number {
  const met = new Set<string>();
  for (const round of earlier) for (const room of round) for (const a of room) for (const b of room) if (a < b) met.add(`${a}\n${b}`);
  let repeats = 0;
  for (const room of rooms) for (const a of room) for (const b of room) if (a < b && met.has(`${a}\n${b}`)) repeats++;
  return repeats;
}
