/** The fields `requireText` checks; each has its own `invalid_<field>` code. */
export type TextField = 'id' | 'joinCode' | 'label' | 'name' | 'message' | 'purpose' | 'title' | 'seed';
/** The fields `requireInteger` checks; each has its own `invalid_<field>` code. */
export type IntegerField = 'minutes' | 'breakoutMinutes' | 'reportingMinutes' | 'rooms' | 'roomSize';

/**
 * Every code a domain rule can break. The HTTP layer maps each to a status and each to a message
 * in the person's language through one table (`@roomtable/contract` ERRORS), which must hold every
 * code here: the compiler checks it.
 */
export type DomainErrorCode =
  | `invalid_${TextField | IntegerField}`
  | 'already_upvoted'
  | 'assignment_closed'
  | 'invalid_assignment'
  | 'round_not_over'
  | 'too_many_rounds'
  | 'unknown_round'
  | 'clock_expired'
  | 'clock_untimed'
  | 'duplicate_link'
  | 'duplicate_participant'
  | 'empty_ballot'
  | 'fields_locked'
  | 'forbidden'
  | 'invalid_answers'
  | 'invalid_autoAdvance'
  | 'invalid_fields'
  | 'invalid_import'
  | 'invalid_constraints'
  | 'invalid_ballot'
  | 'invalid_dots'
  | 'invalid_participant_count'
  | 'invalid_phase'
  | 'invalid_poll'
  | 'invalid_question'
  | 'invalid_rating'
  | 'invalid_room_count'
  | 'invalid_room_size'
  | 'invalid_suggestions'
  | 'invalid_template'
  | 'invalid_transition'
  | 'invalid_ungrouped'
  | 'no_presenter'
  | 'no_rating_columns'
  | 'no_rooms'
  | 'no_snapshot'
  | 'no_suggestions'
  | 'not_a_member'
  | 'not_in_breakout'
  | 'not_in_room'
  | 'not_reporting'
  | 'poll_closed'
  | 'preview_changed'
  | 'poll_open'
  | 'same_participant'
  | 'too_many_dots'
  | 'too_many_links'
  | 'too_many_note_takers'
  | 'too_many_polls'
  | 'too_many_questions'
  | 'too_many_suggestions'
  | 'unknown_item'
  | 'unknown_link'
  | 'unknown_participant'
  | 'unknown_poll'
  | 'unknown_question'
  | 'unknown_room'
  | 'unknown_row'
  | 'workshop_closed'
  | 'workshop_full';

/** What a domain error may say beyond its code and message. */
export interface DomainErrorOptions {
  /**
   * The thing that is missing or wrong was named by a value the caller passed along (a room to
   * move someone to), not the thing the call is about (the room whose rapporteur is set). Over
   * HTTP the first is a 422 (the body names nothing), the second a 404 (the address does).
   */
  inArgument?: boolean;
}

/**
 * A broken domain rule: a stable `code` and a message a person can act on. It carries no HTTP
 * status: the core knows nothing of HTTP; the server maps the code through the contract's table.
 */
export class DomainError extends Error {
  readonly inArgument: boolean;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.inArgument = options.inArgument ?? false;
  }
}
