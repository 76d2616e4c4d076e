import type { DomainError, DomainErrorCode } from '@roomtable/core';

/** The HTTP statuses an API error is sent with (0: the web app's own "no answer at all"). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/** One error code: the status it is sent with, and the catalogue key that says it in the person's language. */
export interface ErrorEntry {
  status: ErrorStatus;
  /** The status when the missing thing was named inside the body (`DomainError.inArgument`), not by the address. */
  argumentStatus?: ErrorStatus;
  /** Key of the web app's catalogues (apps/web/src/i18n/*.json); the server's English text is only the fallback. */
  key: `error.${string}`;
}

const entry = (status: ErrorStatus, code: string, argumentStatus?: ErrorStatus): ErrorEntry =>
  argumentStatus === undefined ? { status, key: `error.${code}` } : { status, argumentStatus, key: `error.${code}` };

// Grouped by status; the key is always `error.<code>`, so a catalogue is checked by code alone.
const DOMAIN = {
  invalid_id: entry(400, 'invalid_id'),
  invalid_joinCode: entry(400, 'invalid_joinCode'),
  invalid_name: entry(400, 'invalid_name'),
  invalid_message: entry(400, 'invalid_message'),
  invalid_purpose: entry(400, 'invalid_purpose'),
  invalid_title: entry(400, 'invalid_title'),
  invalid_seed: entry(400, 'invalid_seed'),
  invalid_minutes: entry(400, 'invalid_minutes'),
  invalid_breakoutMinutes: entry(400, 'invalid_breakoutMinutes'),
  invalid_reportingMinutes: entry(400, 'invalid_reportingMinutes'),
  invalid_rooms: entry(400, 'invalid_rooms'),
  invalid_roomSize: entry(400, 'invalid_roomSize'),
  invalid_autoAdvance: entry(400, 'invalid_autoAdvance'),
  invalid_ballot: entry(400, 'invalid_ballot'),
  invalid_dots: entry(400, 'invalid_dots'),
  invalid_participant_count: entry(400, 'invalid_participant_count'),
  invalid_phase: entry(400, 'invalid_phase'),
  invalid_poll: entry(400, 'invalid_poll'),
  invalid_question: entry(400, 'invalid_question'),
  invalid_rating: entry(400, 'invalid_rating'),
  invalid_room_count: entry(400, 'invalid_room_count'),
  invalid_label: entry(400, 'invalid_label'),
  same_participant: entry(400, 'same_participant'),
  duplicate_link: entry(409, 'duplicate_link'),
  too_many_links: entry(409, 'too_many_links'),
  unknown_link: entry(404, 'unknown_link'),
  invalid_constraints: entry(400, 'invalid_constraints'),
  invalid_room_size: entry(400, 'invalid_room_size'),
  invalid_suggestions: entry(400, 'invalid_suggestions'),
  invalid_template: entry(400, 'invalid_template'),
  invalid_fields: entry(400, 'invalid_fields'),
  invalid_answers: entry(400, 'invalid_answers'),
  invalid_import: entry(400, 'invalid_import'),
  fields_locked: entry(409, 'fields_locked'),
  preview_changed: entry(409, 'preview_changed'),
  invalid_ungrouped: entry(400, 'invalid_ungrouped'),
  empty_ballot: entry(400, 'empty_ballot'),
  not_in_room: entry(400, 'not_in_room'),
  too_many_dots: entry(400, 'too_many_dots'),
  too_many_note_takers: entry(400, 'too_many_note_takers'),
  forbidden: entry(403, 'forbidden'),
  not_a_member: entry(403, 'not_a_member'),
  unknown_participant: entry(404, 'unknown_participant', 422),
  unknown_poll: entry(404, 'unknown_poll'),
  unknown_question: entry(404, 'unknown_question'),
  unknown_room: entry(404, 'unknown_room', 422),
  already_upvoted: entry(409, 'already_upvoted'),
  assignment_closed: entry(409, 'assignment_closed'),
  invalid_assignment: entry(400, 'invalid_assignment'),
  round_not_over: entry(409, 'round_not_over'),
  too_many_rounds: entry(409, 'too_many_rounds'),
  unknown_round: entry(404, 'unknown_round'),
  clock_expired: entry(409, 'clock_expired'),
  clock_untimed: entry(409, 'clock_untimed'),
  duplicate_participant: entry(409, 'duplicate_participant'),
  invalid_transition: entry(409, 'invalid_transition'),
  no_presenter: entry(409, 'no_presenter'),
  no_rating_columns: entry(409, 'no_rating_columns'),
  no_rooms: entry(409, 'no_rooms'),
  no_snapshot: entry(409, 'no_snapshot'),
  no_suggestions: entry(409, 'no_suggestions'),
  not_in_breakout: entry(409, 'not_in_breakout'),
  not_reporting: entry(409, 'not_reporting'),
  poll_closed: entry(409, 'poll_closed'),
  poll_open: entry(409, 'poll_open'),
  too_many_polls: entry(409, 'too_many_polls'),
  too_many_questions: entry(409, 'too_many_questions'),
  workshop_closed: entry(409, 'workshop_closed'),
  workshop_full: entry(409, 'workshop_full'),
  too_many_suggestions: entry(422, 'too_many_suggestions'),
  unknown_item: entry(422, 'unknown_item'),
  unknown_row: entry(422, 'unknown_row'),
} satisfies Record<DomainErrorCode, ErrorEntry>;

// The codes only the HTTP layer and the services behind it give (no domain rule says them).
const SERVER = {
  bad_request: entry(400, 'bad_request'),
  invalid_body: entry(400, 'invalid_body'),
  invalid_query: entry(400, 'invalid_query'),
  invalid_room: entry(400, 'invalid_room'),
  unknown_format: entry(400, 'unknown_format'),
  unauthorized: entry(401, 'unauthorized'),
  person_removed: entry(401, 'person_removed'),
  link_revoked: entry(401, 'link_revoked'),
  link_already_revoked: entry(409, 'link_already_revoked'),
  own_link: entry(409, 'own_link'),
  wrong_join_code: entry(403, 'wrong_join_code'),
  not_found: entry(404, 'not_found'),
  room_not_in_snapshot: entry(404, 'room_not_in_snapshot'),
  unknown_join_code: entry(404, 'unknown_join_code'),
  unknown_snapshot: entry(404, 'unknown_snapshot'),
  conflict: entry(409, 'conflict'),
  room_not_restorable: entry(409, 'room_not_restorable'),
  other_round: entry(409, 'other_round'),
  body_too_large: entry(413, 'body_too_large'),
  confirmation_mismatch: entry(422, 'confirmation_mismatch'),
  snapshot_not_restorable: entry(422, 'snapshot_not_restorable'),
  rate_limited: entry(429, 'rate_limited'),
  internal: entry(500, 'internal'),
  change_incomplete: entry(503, 'change_incomplete'),
  change_not_made: entry(503, 'change_not_made'),
} as const satisfies Record<string, ErrorEntry>;

/** Every error code of the API: code → HTTP status → catalogue key. The one table; nothing else lists codes. */
export const ERRORS: Readonly<Record<ErrorCode, ErrorEntry>> = { ...DOMAIN, ...SERVER };

/** A code the API may answer with in `{"error":{"code","message"}}`. */
export type ErrorCode = DomainErrorCode | keyof typeof SERVER;

/** True for a code of the table (a body from an older or newer server may carry others). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** The HTTP status a domain error is answered with. */
export function statusOfDomainError(error: DomainError): ErrorStatus {
  const found = ERRORS[error.code];
  return (error.inArgument ? found.argumentStatus : undefined) ?? found.status;
}

/**
 * An error a service or a route refuses a request with, by a code of the table; the HTTP layer
 * sends it with the code's status. Services throw this (or a DomainError), never an HTTP type.
 */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }

  /** The status this error is sent with. */
  get status(): ErrorStatus {
    return ERRORS[this.code].status;
  }
}

/** The contract's error body: `{"error":{"code","message"}}`. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}
