import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { errorBody } from '@roomtable/contract';
import { jsonDepthWithin, MAX_JSON_DEPTH } from './bodyGuard';

/** Says what is wrong with a body in words a person can act on: "name: too long (at most 80)". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates the JSON body against `schema`, answering 400 in the contract's error shape. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const validate = zValidator('json', schema, (result, c) => {
    if (!result.success) return c.json(errorBody('invalid_body', describeIssues(result.error as unknown as z.ZodError)), 400);
  });
  // A body nested past MAX_JSON_DEPTH is refused before JSON.parse sees it (the text is cached for the parse).
  const guarded: typeof validate = async (c, next) => {
    const json = /^application\/([a-z0-9.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '');
    if (json && !jsonDepthWithin(await c.req.text(), MAX_JSON_DEPTH)) {
      return c.json(errorBody('invalid_body', `The request body nests deeper than ${MAX_JSON_DEPTH} levels; no request of this API does.`), 400);
    }
    return validate(c, next);
  };
  return guarded;
}
