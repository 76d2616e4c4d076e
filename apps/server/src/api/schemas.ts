import { z } from 'zod';

// Shapes only; the domain (`@roomtable/core`) checks the rules and says what is wrong in words.
const column = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,31}$/, 'a column key is a short identifier such as "impact"'),
  label: z.string().min(1).max(120),
  kind: z.enum(['text', 'rating']),
});

/** `POST /api/workshops` */
export const createWorkshopBody = z.object({
  title: z.string().max(200),
  purpose: z.string().max(5000).optional(),
  rooms: z.number().int().min(1).max(100).optional(),
  roomSize: z.number().int().min(1).max(100).optional(),
  suggestions: z.array(z.string().max(1000)).max(100).optional(),
  breakoutMinutes: z.number().int().min(1).max(600).optional(),
  reportingMinutes: z.number().int().min(1).max(600).optional(),
  autoAdvance: z.boolean().optional(),
  template: z.object({ columns: z.array(column).min(1).max(12) }).optional(),
});

/** `POST /api/workshops/:id/participants` */
export const joinBody = z.object({
  name: z.string().max(200),
  joinCode: z.string().max(32),
});

/** `POST /api/workshops/:id/assignment` */
export const assignmentBody = z.object({ seed: z.string().min(1).max(200).optional() });

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
export const broadcastBody = z.object({ message: z.string().max(2000) });

/** `PUT /api/workshops/:id/rooms/:n/rapporteur` */
export const rapporteurBody = z.object({ participantId: z.string().max(100).nullable() });

/** `PATCH /api/workshops/:id` */
export const settingsBody = z.object({ autoAdvance: z.boolean().optional() });
