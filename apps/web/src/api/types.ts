import type { Template } from '@roomtable/core';

/** Where a workshop is in its flow. */
export type Phase = 'lobby' | 'breakout' | 'reporting' | 'closed';

/** The workshop as the live state shows it. */
export interface WorkshopInfo {
  id: string;
  title: string;
  purpose?: string;
  phase: Phase;
  endsAt: number | string | null;
  remainingMs?: number | null;
  paused?: boolean;
  template?: Template;
  joinCode?: string;
  /** When time is up, the server moves to the next phase by itself. */
  autoAdvance?: boolean;
  breakoutMinutes?: number;
  reportingMinutes?: number;
}

/** One break-out room and who is in it. */
export interface RoomInfo {
  number: number;
  participantIds: string[];
  rapporteurId: string | null;
}

/** A person who joined, and the room they are in (null until assigned). */
export interface ParticipantInfo {
  id: string;
  name: string;
  room: number | null;
}

/** The facilitator's message to everyone. */
export interface Broadcast {
  message: string;
  at: number;
}

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
}
