import { LIMITS } from '@roomtable/core';
import { z } from 'zod';

// Shapes only; `@roomtable/core` checks the rules (who, when, which rows) and words the errors.
const rating = z.enum(['H', 'M', 'L']);
const itemKey = z.string().max(20);
/** More keys than any poll can hold is a malformed ballot, refused before it reaches the domain. */
const MAX_KEYS = 300;
const fewKeys = (v: Record<string, unknown>) => Object.keys(v).length <= MAX_KEYS;

/** `PUT /api/workshops/:id/plenary/presenting` */
export const presentingBody = z.object({ room: z.number().int().nullable() });

/** `PUT /api/workshops/:id/plenary/pointer` */
export const pointerBody = z.object({ row: z.number().int().min(0).nullable() });

/** `PUT /api/workshops/:id/plenary/note-takers` */
export const noteTakersBody = z.object({ participantIds: z.array(z.string().max(100)).max(50) });

/** `POST /api/workshops/:id/questions` */
export const questionBody = z.object({ room: z.number().int(), text: z.string().max(2000) });

/** `PATCH /api/workshops/:id/questions/:qid` */
export const moderateBody = z
  .object({ answered: z.boolean().optional(), hidden: z.boolean().optional() })
  .refine((v) => v.answered !== undefined || v.hidden !== undefined, 'give "answered" and/or "hidden"');

/** `POST /api/workshops/:id/polls` */
export const pollBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rating') }),
  z.object({ kind: z.literal('dots'), dots: z.number().int() }),
]);

/** `PUT /api/workshops/:id/polls/:pid/ballot` */
export const ballotBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rating'),
    // One rating per template rating column, keyed by column key; the domain checks which columns.
    ratings: z
      .record(itemKey, z.record(z.string().max(40), rating).refine((v) => Object.keys(v).length <= LIMITS.columnsMax, `at most ${LIMITS.columnsMax} columns`))
      .refine(fewKeys, `at most ${MAX_KEYS} suggestions`),
  }),
  z.object({
    kind: z.literal('dots'),
    dots: z.record(itemKey, z.number().int().min(0).max(100)).refine(fewKeys, `at most ${MAX_KEYS} suggestions`),
  }),
]);
