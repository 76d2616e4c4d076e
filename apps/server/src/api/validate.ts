import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { errorBody } from './ApiError';

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
  return zValidator('json', schema, (result, c) => {
    if (!result.success) return c.json(errorBody('invalid_body', describeIssues(result.error as unknown as z.ZodError)), 400);
  });
}
