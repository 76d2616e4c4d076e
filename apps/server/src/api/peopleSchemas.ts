// A namespace import, not `{ z }`: the `z` object holds `z.locales`, so the bundler kept all 64
// of zod's message locales (590 KB of the server bundle, non-Latin-1 text that made V8 keep the
// whole bundle's source as two-byte); `import * as z` lets it keep only what is used.
import * as z from 'zod';

/** `POST /api/workshops/:id/facilitators` */
export const facilitatorLinkBody = z.object({ label: z.string().max(200) });

/** `POST /api/workshops/:id/participants/:pid/merge`: `:pid` is merged into `into`, who remains. */
export const mergeBody = z.object({ into: z.string().min(1).max(100) });
