// Every route of the API, with what the server mounts in front of it. createServer mounts the rate
// limits and body limits from this table, and test/integration/routeTable.test.ts checks that
// every route the server mounts has a row here and in docs/ACCESS.md (with the same roles).

/** Who may call a route (the handler checks it; docs/ACCESS.md spells it out per role). */
export type RouteRole =
  /** Anyone, without a token. */
  | 'anyone'
  /** Any member of the workshop: a participant or the facilitator. */
  | 'member'
  /** The members of room `:n` and the facilitator. */
  | 'roomMember'
  /** A rapporteur and the facilitator. */
  | 'rapporteur'
  /** The facilitator alone. */
  | 'facilitator';

/**
 * Rate-limit buckets, applied in the order a route lists them. `joins`, `codeLookups` and
 * `lookups` count per client address (they hand out tokens or answer guesses); the others per
 * token. Their sizes are the server's (apps/server/src/createServer.ts).
 */
export type RateClass = 'joins' | 'codeLookups' | 'lookups' | 'writes' | 'questions' | 'votes';

/** Bytes of body a route reads at most (the server's MAX_BODY_BYTES caps every one of them). */
export const BODY_LIMIT = {
  /** The route reads no body. */
  none: 0,
  /** A few fields: the largest (a broadcast, a question) is far below this even with every character escaped. */
  small: 64 * 1024,
  /** A workshop's whole set-up (purpose 20,000 characters, 100 suggestions), a ballot of 300 items, 200 tokens. */
  large: 1024 * 1024,
} as const;

/** The HTTP methods of the API. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route of the API. */
export interface RouteSpec {
  method: RouteMethod;
  /** The path below `/api`, with Hono's `:param` placeholders. */
  path: string;
  role: RouteRole;
  rateLimits: readonly RateClass[];
  /** Bytes of body read at most; 0: none. */
  bodyLimit: number;
}

const route = (method: RouteMethod, path: string, role: RouteRole, rateLimits: readonly RateClass[], body: keyof typeof BODY_LIMIT): RouteSpec => ({
  method,
  path,
  role,
  rateLimits,
  bodyLimit: BODY_LIMIT[body],
});

// Every write under /workshops/:id is limited per token ("writes"), but joining, which a whole
// venue does from one address at once, is limited per address; the lookup is both (the writes
// bucket first, as the server always did).
/** The API's routes. */
export const ROUTES: readonly RouteSpec[] = [
  route('POST', '/workshops', 'anyone', ['joins'], 'large'),
  route('GET', '/join/:code', 'anyone', ['codeLookups'], 'none'),
  route('POST', '/workshops/lookup', 'anyone', ['writes', 'lookups'], 'large'),
  route('POST', '/workshops/:id/participants', 'anyone', ['joins'], 'small'),
  route('GET', '/workshops/:id', 'member', [], 'none'),
  route('PATCH', '/workshops/:id', 'facilitator', ['writes'], 'small'),
  route('PUT', '/workshops/:id/fields', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/attributes', 'facilitator', [], 'none'),
  route('POST', '/workshops/:id/people/import', 'facilitator', ['writes'], 'large'),
  route('POST', '/workshops/:id/assignment', 'facilitator', ['writes'], 'large'),
  route('POST', '/workshops/:id/assignment/preview', 'facilitator', ['writes'], 'large'),
  route('PATCH', '/workshops/:id/participants/:pid', 'facilitator', ['writes'], 'small'),
  route('DELETE', '/workshops/:id/participants/:pid', 'facilitator', ['writes'], 'none'),
  route('POST', '/workshops/:id/participants/:pid/merge', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/facilitators', 'facilitator', [], 'none'),
  route('POST', '/workshops/:id/facilitators', 'facilitator', ['writes'], 'small'),
  route('POST', '/workshops/:id/facilitators/:kid/token', 'facilitator', ['writes'], 'small'),
  route('DELETE', '/workshops/:id/facilitators/:kid', 'facilitator', ['writes'], 'none'),
  route('POST', '/workshops/:id/device-link', 'member', ['writes'], 'small'),
  route('POST', '/workshops/:id/phase', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/rounds', 'member', [], 'none'),
  route('POST', '/workshops/:id/rounds', 'facilitator', ['writes'], 'large'),
  route('POST', '/workshops/:id/clock', 'facilitator', ['writes'], 'small'),
  route('POST', '/workshops/:id/broadcast', 'facilitator', ['writes'], 'small'),
  route('DELETE', '/workshops/:id/broadcast', 'facilitator', ['writes'], 'none'),
  route('PUT', '/workshops/:id/rooms/:n/rapporteur', 'roomMember', ['writes'], 'small'),
  route('GET', '/workshops/:id/progress', 'facilitator', [], 'none'),
  route('POST', '/workshops/:id/rooms/:n/help', 'roomMember', ['writes'], 'none'),
  route('DELETE', '/workshops/:id/rooms/:n/help', 'roomMember', ['writes'], 'none'),
  route('POST', '/workshops/:id/rooms/:n/time', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/rooms/:n/message', 'roomMember', [], 'none'),
  route('PUT', '/workshops/:id/rooms/:n/message', 'facilitator', ['writes'], 'small'),
  route('DELETE', '/workshops/:id/rooms/:n/message', 'facilitator', ['writes'], 'none'),
  route('GET', '/workshops/:id/snapshots', 'member', [], 'none'),
  route('POST', '/workshops/:id/snapshots', 'facilitator', ['writes'], 'none'),
  route('GET', '/workshops/:id/snapshots/newest', 'member', [], 'none'),
  route('GET', '/workshops/:id/snapshots/:sid', 'member', [], 'none'),
  route('GET', '/workshops/:id/snapshots/:sid/download', 'member', [], 'none'),
  route('GET', '/workshops/:id/snapshots/:sid/board', 'member', [], 'none'),
  route('PUT', '/workshops/:id/plenary/presenting', 'rapporteur', ['writes'], 'small'),
  route('PUT', '/workshops/:id/plenary/pointer', 'rapporteur', ['writes'], 'small'),
  route('PUT', '/workshops/:id/plenary/note-takers', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/questions', 'member', [], 'none'),
  route('POST', '/workshops/:id/questions', 'member', ['writes', 'questions'], 'small'),
  route('POST', '/workshops/:id/questions/:qid/upvote', 'member', ['writes', 'votes'], 'none'),
  route('DELETE', '/workshops/:id/questions/:qid/upvote', 'member', ['writes', 'votes'], 'none'),
  route('PATCH', '/workshops/:id/questions/:qid', 'facilitator', ['writes'], 'small'),
  route('POST', '/workshops/:id/polls', 'facilitator', ['writes'], 'small'),
  route('GET', '/workshops/:id/polls/:pid/ballot', 'member', [], 'none'),
  route('PUT', '/workshops/:id/polls/:pid/ballot', 'member', ['writes', 'votes'], 'large'),
  route('POST', '/workshops/:id/polls/:pid/close', 'facilitator', ['writes'], 'none'),
  route('GET', '/workshops/:id/plan', 'facilitator', [], 'none'),
  route('PUT', '/workshops/:id/review/ungrouped', 'facilitator', ['writes'], 'large'),
  route('GET', '/workshops/:id/export', 'member', [], 'none'),
  route('GET', '/workshops/:id/diff', 'member', [], 'none'),
  route('POST', '/workshops/:id/rooms/:n/restore', 'facilitator', ['writes'], 'small'),
  route('DELETE', '/workshops/:id', 'facilitator', ['writes'], 'small'),
];
