import { CloseCode, closeEntry } from '@roomtable/contract';

/**
 * Why a workshop page cannot show the workshop at all, each with its own plain page
 * (ProblemPage): deleted, this person removed, this facilitator link revoked, this browser's
 * sign-in no longer valid. Before, these showed the technical text of the API or of the socket's
 * close ("This document does not exist. Try again", `There is no workshop with id "…"` with a
 * Try-again button that could never work) beside a stale copy of the workshop (issue 15).
 */
export type PlainProblem = 'deleted' | 'removed' | 'revoked' | 'expired';

/** API error code → problem. A `not_found` comes only after the token checked out, so the workshop existed: deleted. */
const BY_ERROR_CODE: Readonly<Record<string, PlainProblem>> = {
  not_found: 'deleted',
  person_removed: 'removed',
  link_revoked: 'revoked',
  unauthorized: 'expired',
};

/**
 * Close code of the workshop's state document → problem. The state document exists as long as
 * the workshop does, so its 4404 means the workshop is gone (the server closes every session of
 * a deleted workshop with it); a room's 4404 may be a room only, and is not read here.
 */
const BY_STATE_CLOSE: ReadonlyMap<number, PlainProblem> = new Map<number, PlainProblem>([
  [CloseCode.NotFound, 'deleted'],
  [CloseCode.Removed, 'removed'],
  [CloseCode.Revoked, 'revoked'],
  [CloseCode.BadToken, 'expired'],
]);

const BY_CLOSE_KEY: ReadonlyMap<string, PlainProblem> = new Map(
  [...BY_STATE_CLOSE].flatMap(([code, problem]) => {
    const key = closeEntry(code)?.key;
    return key ? [[key, problem] as const] : [];
  }),
);

/**
 * The plain problem of a workshop page, from the code of its failed load and the catalogue key
 * of its state document's final close (useLiveState gives both), or null when there is none.
 */
export function plainProblem(errorCode: string | null | undefined, stateClosedKey: string | null | undefined): PlainProblem | null {
  if (stateClosedKey) {
    const problem = BY_CLOSE_KEY.get(stateClosedKey);
    if (problem) return problem;
  }
  if (errorCode && Object.hasOwn(BY_ERROR_CODE, errorCode)) return BY_ERROR_CODE[errorCode] ?? null;
  return null;
}
