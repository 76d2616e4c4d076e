import { COLUMN_KEY, IMPORT_CSV_MAX, LIMITS, PER_ROOM_RULES_MAX, PLENARY_LIMITS, POLL_LIMITS } from '@roomtable/core';
// A namespace import, not `{ z }`: the `z` object holds `z.locales`, so the bundler kept all 64
// of zod's message locales (590 KB of the server bundle, non-Latin-1 text that made V8 keep the
// whole bundle's source as two-byte); `import * as z` lets it keep only what is used.
import * as z from 'zod';

// Request shapes, their bounds taken from the core's limits so that the two layers cannot
// disagree: a bound written here by hand once refused a 6,000-character purpose (core allows
// 20,000) and a column key "Impact" that core's pattern allows. The domain still checks the rules
// (who, when, which rows) and words those errors.

/**
 * Text of at most `max` characters once trimmed, as the domain counts it (`requireText` trims
 * first): a bound on the raw length would refuse a text the domain takes.
 */
function text(max: number, what: string) {
  return z.string().refine((s) => s.trim().length <= max, `${what} is at most ${max} characters`);
}

const column = z.object({
  key: z.string().regex(COLUMN_KEY, 'a column key is a letter, then up to 39 letters, digits or underscores, such as "impact"'),
  label: text(LIMITS.columnLabelMax, 'a column label'),
  kind: z.enum(['text', 'rating']),
});

/** A participant field [PF1]; the domain checks uniqueness and words the errors. */
const participantField = z.object({
  key: z.string().regex(COLUMN_KEY, 'a field key is a letter, then up to 39 letters, digits or underscores, such as "region"'),
  label: text(LIMITS.fieldLabelMax, 'a field label'),
  options: z.array(text(LIMITS.fieldOptionMax, 'an option')).min(1).max(LIMITS.fieldOptionsMax),
  required: z.boolean().optional(),
  public: z.boolean().optional(),
});
const participantFields = z.array(participantField).max(LIMITS.fieldsMax);

/** `PUT /api/workshops/:id/fields` [PF4] */
export const fieldsBody = z.object({ fields: participantFields });

/** `POST /api/workshops/:id/people/import` [PI1]: CSV text; the domain reads and checks it. */
export const importBody = z.object({ csv: z.string().max(IMPORT_CSV_MAX) });

/** A person's answers, field key → option [PF2]. */
const answers = z.record(z.string().max(40), z.string().max(LIMITS.fieldOptionMax)).refine((v) => Object.keys(v).length <= LIMITS.fieldsMax, `at most ${LIMITS.fieldsMax} answers`);

const minutes = z.number().int().min(1).max(LIMITS.minutesMax);

/** `POST /api/workshops` */
export const createWorkshopBody = z.object({
  title: text(LIMITS.titleMax, 'the title'),
  purpose: text(LIMITS.purposeMax, 'the purpose').optional(),
  rooms: z.number().int().min(1).max(LIMITS.roomsMax).optional(),
  roomSize: z.number().int().min(1).max(LIMITS.roomSizeMax).optional(),
  suggestions: z.array(text(LIMITS.suggestionMax, 'a suggestion')).max(LIMITS.suggestionsMax).optional(),
  breakoutMinutes: minutes.optional(),
  reportingMinutes: minutes.optional(),
  autoAdvance: z.boolean().optional(),
  template: z.object({ columns: z.array(column).min(1).max(LIMITS.columnsMax) }).optional(),
  fields: participantFields.optional(),
});

/** `POST /api/workshops/:id/participants` */
export const joinBody = z.object({
  name: text(LIMITS.nameMax, 'a name'),
  joinCode: z.string().max(LIMITS.idMax),
  answers: answers.optional(),
});

const fieldKey = z.string().max(40);
/** The facilitator's constraints for one assignment [AP1]; the domain checks them against the questions. */
export const assignmentChoice = z.object({
  seed: z.string().min(1).max(LIMITS.seedMax),
  spread: z.array(fieldKey).max(LIMITS.fieldsMax).optional(),
  perRoom: z
    .array(
      z.object({
        field: fieldKey,
        value: z.string().max(LIMITS.fieldOptionMax),
        min: z.number().int().min(0).max(LIMITS.roomSizeMax).optional(),
        max: z.number().int().min(0).max(LIMITS.roomSizeMax).optional(),
      }),
    )
    .max(PER_ROOM_RULES_MAX)
    .optional(),
  languageField: fieldKey.optional(),
  pins: z
    .record(z.string().max(LIMITS.idMax), z.number().int())
    .refine((v) => Object.keys(v).length <= LIMITS.participantsMax, `at most ${LIMITS.participantsMax} pins`)
    .optional(),
});

/** `POST /api/workshops/:id/assignment/preview` [AP1] */
export const previewBody = assignmentChoice;

/**
 * `POST /api/workshops/:id/assignment`: random from `seed`, or with the constraints of `choice`
 * [AP2]; `previewed` is the preview's rooms, applied only if the server still computes exactly them.
 */
export const assignmentBody = z.object({
  seed: z.string().min(1).max(LIMITS.seedMax).optional(),
  choice: assignmentChoice.optional(),
  previewed: z.array(z.array(z.string().max(LIMITS.idMax)).max(LIMITS.participantsMax)).max(LIMITS.roomsMax).optional(),
});

/**
 * `POST /api/workshops/:id/rounds`: the next round [RN2]; what is left out stays as in the round
 * that ends. The seed is the server's when not given.
 */
export const nextRoundBody = z.object({
  assignment: z.enum(['newPeople', 'fresh', 'same']),
  seed: z.string().min(1).max(LIMITS.seedMax).optional(),
  purpose: text(LIMITS.purposeMax, 'the statement').optional(),
  suggestions: z.array(text(LIMITS.suggestionMax, 'a suggestion')).max(LIMITS.suggestionsMax).optional(),
  breakoutMinutes: minutes.optional(),
  reportingMinutes: minutes.optional(),
  template: z.object({ columns: z.array(column).min(1).max(LIMITS.columnsMax) }).optional(),
  /** The assignment panel's constraints (its seed is the round's) for fresh and meet-new-people rooms. */
  choice: assignmentChoice.omit({ seed: true }).optional(),
});

/** `PATCH /api/workshops/:id/participants/:pid` */
export const moveBody = z.object({ room: z.number().int() });

/** `POST /api/workshops/:id/phase` */
export const phaseBody = z.object({ phase: z.string() });

/** `POST /api/workshops/:id/clock` */
export const clockBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('resume') }),
  z.object({ action: z.literal('extend'), minutes: z.number().int() }),
]);

/** `POST /api/workshops/:id/broadcast` */
export const broadcastBody = z.object({ message: text(LIMITS.broadcastMax, 'a broadcast') });

/** `POST /api/workshops/:id/rooms/:n/time`: more minutes for one room [TR1]. */
export const roomTimeBody = z.object({ minutes: z.number().int() });

/** `PUT /api/workshops/:id/rooms/:n/message`: the facilitator's message to one room [RM1]. */
export const roomMessageBody = z.object({ message: text(LIMITS.broadcastMax, 'a message') });

/** `PUT /api/workshops/:id/rooms/:n/rapporteur` */
export const rapporteurBody = z.object({ participantId: z.string().max(LIMITS.idMax).nullable() });

/** `PATCH /api/workshops/:id` */
export const settingsBody = z.object({ autoAdvance: z.boolean().optional() });

const rating = z.enum(['H', 'M', 'L']);
const itemKey = z.string().max(20);
/** More keys than any poll can hold is a malformed ballot, refused before it reaches the domain. */
const fewKeys = (v: Record<string, unknown>) => Object.keys(v).length <= POLL_LIMITS.itemsMax;

/** `PUT /api/workshops/:id/plenary/presenting` */
export const presentingBody = z.object({ room: z.number().int().nullable() });

/** `PUT /api/workshops/:id/plenary/pointer` */
export const pointerBody = z.object({ row: z.number().int().min(0).nullable() });

/** `PUT /api/workshops/:id/plenary/note-takers` */
export const noteTakersBody = z.object({ participantIds: z.array(z.string().max(LIMITS.idMax)).max(PLENARY_LIMITS.noteTakersMax) });

/** `POST /api/workshops/:id/questions` */
export const questionBody = z.object({ room: z.number().int(), text: text(PLENARY_LIMITS.questionMax, 'a question') });

/** `PATCH /api/workshops/:id/questions/:qid` */
export const moderateBody = z
  .object({ answered: z.boolean().optional(), hidden: z.boolean().optional() })
  .refine((v) => v.answered !== undefined || v.hidden !== undefined, 'give "answered" and/or "hidden"');

// What to poll, picked on the board ([BP1]): cluster and card ids; neither means one item per cluster.
const boardIds = z.array(z.string().max(200)).max(POLL_LIMITS.itemsMax).optional();

/** `POST /api/workshops/:id/polls` */
export const pollBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rating'), clusters: boardIds, cards: boardIds }),
  z.object({ kind: z.literal('dots'), dots: z.number().int(), clusters: boardIds, cards: boardIds }),
]);

/** `PUT /api/workshops/:id/polls/:pid/ballot` */
export const ballotBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rating'),
    // One rating per template rating column, keyed by column key; the domain checks which columns.
    ratings: z
      .record(itemKey, z.record(z.string().max(40), rating).refine((v) => Object.keys(v).length <= LIMITS.columnsMax, `at most ${LIMITS.columnsMax} columns`))
      .refine(fewKeys, `at most ${POLL_LIMITS.itemsMax} suggestions`),
  }),
  z.object({
    kind: z.literal('dots'),
    dots: z.record(itemKey, z.number().int().min(0).max(100)).refine(fewKeys, `at most ${POLL_LIMITS.itemsMax} suggestions`),
  }),
]);

/** The body of `POST /api/workshops`, as the web app sends it. */
export type CreateWorkshopRequest = z.input<typeof createWorkshopBody>;

/** At most this many tokens per lookup: one browser holding more workshops than that is not a person. */
export const LOOKUP_MAX = 200;
const snapshotId = z.string().min(1).max(64);

/** `POST /api/workshops/lookup` (tokens in the body, never the URL). */
export const lookupBody = z.object({ tokens: z.array(z.string().min(1).max(2000)).max(LOOKUP_MAX) });

/** `PUT /api/workshops/:id/review/ungrouped` */
export const ungroupedBody = z.object({ ungrouped: z.array(z.string().min(1).max(200)).max(5000) });

/** `POST /api/workshops/:id/rooms/:n/restore` */
export const restoreBody = z.object({ snapshotId });

/** `DELETE /api/workshops/:id` */
export const deleteBody = z.object({ confirm: z.string().max(400) });

/** A snapshot id in a query or path. */
export const snapshotIdParam = snapshotId;
