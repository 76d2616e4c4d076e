import { z } from 'zod';

/** `POST /api/workshops/:id/facilitators` */
export const facilitatorLinkBody = z.object({ label: z.string().max(200) });

/** `POST /api/workshops/:id/participants/:pid/merge`: `:pid` is merged into `into`, who remains. */
export const mergeBody = z.object({ into: z.string().min(1).max(100) });
