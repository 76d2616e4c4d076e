import type { Phase, PublicRoom, PublicState, Room, RoomMessage } from '@roomtable/core';

// The bodies the API answers with, as their readers see them; built from the core's PublicState
// so that a field the core adds or changes reaches every reader at once (the web app's own copy
// had drifted: `endsAt: number | string | null` where the server only ever sends a number).

export type { Phase };

/**
 * The workshop as the live state shows it. The state document leaves out `remainingMs` (it
 * changes every millisecond; clients count down from `endsAt`), so it is there only after a GET.
 */
export type WorkshopInfo = Omit<PublicState['workshop'], 'remainingMs'> & { remainingMs?: number | null };

/**
 * One break-out room and who is in it; its own end, help and message [TR3][HP1][RM1] are optional
 * to its readers, since a state document written before they existed lacks them.
 */
export type RoomInfo = Room & Partial<Omit<PublicRoom, keyof Room>>;

/** A person who joined, and the room they are in (null until assigned). */
export type ParticipantInfo = PublicState['participants'][number];

/** The facilitator's message to everyone. */
export type Broadcast = NonNullable<PublicState['broadcast']>;

/** The read-only live state, as the GET and the state document give it. */
export interface LiveState {
  workshop: WorkshopInfo;
  rooms: RoomInfo[];
  participants: ParticipantInfo[];
  broadcast: Broadcast | null;
}

/** Who the token belongs to. */
export interface Me {
  role: 'facilitator' | 'participant';
  participantId: string | null;
  /**
   * A co-facilitator's link label ("Bo (co-facilitator)"), so pages can tell co-facilitators apart
   * in presence and carets; null for the owner's link and for participants.
   */
  facilitatorLabel?: string | null;
}

/** `GET /api/workshops/:id`. */
export interface LiveStateResponse extends LiveState {
  me: Me;
  serverNow: number;
}

/** One room's card in the facilitator's progress view. */
export interface RoomProgress {
  number: number;
  rows: number;
  ratingsFilled: number;
  ratingsTotal: number;
  rapporteurId: string | null;
  online: string[];
  /** Rows with every column filled [RP1]. */
  completeRows: number;
  /** Ratings still to give in the rows in use [RP1]. */
  ratingsMissing: number;
  /** The last change anyone made to the room's table that this server saw (ms), or null when it saw none [RP2]. */
  lastActivityAt: number | null;
  /** When the room raised its call for help, or null [HP1]. */
  helpSince: number | null;
}

/** `GET /api/workshops/:id/progress`. */
export interface ProgressResponse {
  rooms: RoomProgress[];
  /** Ids of the people in the lobby (no room yet) who are online. */
  lobbyOnline: string[];
}

/** `GET /api/workshops/:id/rooms/:n/message`: the text for that room's members and the facilitators [RM3]. */
export interface RoomMessageResponse {
  message: RoomMessage | null;
}

/** The error body every 4xx and 5xx of the API carries. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
