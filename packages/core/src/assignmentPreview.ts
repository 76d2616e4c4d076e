import { roomCountFor } from './assignment';
import { assignWithConstraints, type AssignmentConstraints, type ConstrainedAssignment, type PerRoomRule } from './constrainedAssignment';
import { DomainError } from './errors';
import { fieldsOf } from './participantFields';
import { placeInRooms, type Workshop } from './workshop';
import { LIMITS, requireText } from './workshopSettings';

/** What the facilitator chose in the console's assignment panel [AP1]. */
export interface AssignmentChoice {
  seed: string;
  /** Field keys whose answers are spread over the rooms. */
  spread?: string[];
  /** Per-room bounds on one answer, e.g. exactly one table host: field `host`, value `yes`, min 1, max 1. */
  perRoom?: PerRoomRule[];
  /** A field whose answers are languages: rooms by language. */
  languageField?: string;
  /** Participant id → room number the facilitator pinned them to. */
  pins?: Record<string, number>;
}

/** At most this many per-room rules: one or two per field is what a facilitator asks. */
export const PER_ROOM_RULES_MAX = 12;

function requireField(w: Workshop, key: unknown, what: string) {
  const field = fieldsOf(w).find((f) => f.key === key);
  if (!field) throw new DomainError('invalid_constraints', `${what} names the question ${JSON.stringify(key)}, which this workshop does not ask.`);
  return field;
}

/** The constraints of a choice, checked against the workshop's questions and people [AP1]; a new round's rooms use them too [RN3]. */
export function constraintsOf(w: Workshop, choice: AssignmentChoice, roomCount: number): AssignmentConstraints {
  const spread = [...new Set(choice.spread ?? [])].map((k) => requireField(w, k, 'Spread').key);
  const rules = choice.perRoom ?? [];
  if (rules.length > PER_ROOM_RULES_MAX) throw new DomainError('invalid_constraints', `At most ${PER_ROOM_RULES_MAX} per-room rules.`);
  const perRoom = rules.map((r) => {
    const field = requireField(w, r.field, 'A per-room rule');
    if (!field.options.includes(r.value)) throw new DomainError('invalid_constraints', `"${field.label}" has no answer ${JSON.stringify(r.value)}.`);
    return { field: field.key, value: r.value, ...(r.min === undefined ? {} : { min: r.min }), ...(r.max === undefined ? {} : { max: r.max }) };
  });
  const languageField = choice.languageField === undefined ? undefined : requireField(w, choice.languageField, 'Rooms by language').key;
  for (const [id, room] of Object.entries(choice.pins ?? {})) {
    if (!w.participants.some((p) => p.id === id)) throw new DomainError('invalid_constraints', `A pin names ${JSON.stringify(id)}, who is not in this workshop.`);
    if (!Number.isInteger(room) || room < 1 || room > roomCount) throw new DomainError('invalid_constraints', `A pin puts someone in room ${String(room)}; the rooms are 1 to ${roomCount}.`);
  }
  return { spread, perRoom, ...(languageField ? { languageField } : {}) };
}

/**
 * The rooms the choice gives now [AP1]: the same seed, questions, answers and people give the same
 * rooms (constrainedAssignment [CA1]), so the server recomputes them to apply, rather than taking
 * the rooms a client sends back [AP2].
 */
export function previewAssignment(w: Workshop, choice: AssignmentChoice): ConstrainedAssignment {
  if (w.phase !== 'lobby' && w.phase !== 'breakout') {
    throw new DomainError('assignment_closed', `Rooms can be assigned in the lobby or during the break-out; the workshop is in ${w.phase}.`);
  }
  const seed = requireText(choice.seed, 'seed', 1, LIMITS.seedMax);
  const roomCount = roomCountFor(w.participants.length, { rooms: w.settings.rooms, roomSize: w.settings.roomSize });
  const constraints = constraintsOf(w, choice, roomCount);
  const pins = choice.pins ?? {};
  const people = w.participants.map((p) => {
    const pinned = pins[p.id];
    return { id: p.id, attributes: p.attributes ?? {}, ...(pinned === undefined ? {} : { pinnedRoom: pinned }) };
  });
  return assignWithConstraints(people, roomCount, seed, constraints);
}

/** Whether two room lists are the same rooms, member order aside. */
export function sameRooms(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean {
  const key = (rooms: readonly (readonly string[])[]) => JSON.stringify(rooms.map((r) => [...r].sort()));
  return key(a) === key(b);
}

/**
 * Applies a choice [AP2]: recomputes its rooms and, when the facilitator's preview is given, applies
 * only if they are still exactly those rooms (`preview_changed` when someone joined or left, or an
 * answer changed, in between), so "Apply" never gives rooms other than the ones the facilitator saw.
 */
export function applyAssignment(w: Workshop, choice: AssignmentChoice, previewed?: readonly (readonly string[])[]): Workshop {
  const result = previewAssignment(w, choice);
  if (previewed !== undefined && !sameRooms(previewed, result.rooms)) {
    throw new DomainError('preview_changed', 'The people or their answers changed since the preview; preview again, then apply.');
  }
  return placeInRooms(w, result.rooms, choice.seed.trim());
}
