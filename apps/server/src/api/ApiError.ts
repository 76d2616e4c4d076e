import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error the API answers with `{"error":{"code","message"}}` and a 4xx status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The contract's error body. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
