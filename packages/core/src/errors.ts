/** HTTP statuses a domain rule can map to; the server sends them as they are. */
export type DomainStatus = 400 | 403 | 404 | 409 | 422;

/** A broken domain rule: a stable `code`, a message a person can act on, and the HTTP status it maps to. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: DomainStatus = 400,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
