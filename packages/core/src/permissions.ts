import type { DocRef } from './docNames';
import { plenaryOf } from './plenary';
import type { Workshop } from './workshop';

/** What a connection may do with a document. */
export type Access = 'none' | 'read' | 'write';

/** Who holds a token: the facilitator, or one participant. */
export interface Actor {
  role: 'facilitator' | 'participant';
  participantId: string | null;
}

/**
 * The document permission matrix (role × document × phase), the document table of docs/ACCESS.md [AC2]:
 * the state document is only ever read by clients; a room is writable by its own members during
 * the break-out and by the facilitator, readable by every member of the workshop; the plenary
 * notes are written by the facilitator and by the note-takers the facilitator names.
 */
export function documentAccess(workshop: Workshop, actor: Actor, doc: DocRef): Access {
  if (doc.workshopId !== workshop.id) return 'none';
  const participant =
    actor.role === 'participant'
      ? workshop.participants.find((p) => p.id === actor.participantId)
      : undefined;
  if (actor.role === 'participant' && !participant) return 'none';
  switch (doc.kind) {
    case 'state':
      return 'read';
    // The board is moved by whoever writes the plenary's notes: the facilitator and the note-takers.
    case 'plenary':
    case 'board':
      if (actor.role === 'facilitator') return 'write';
      return plenaryOf(workshop).noteTakers.includes(participant!.id) && workshop.phase !== 'closed' ? 'write' : 'read';
    case 'room': {
      // An earlier round's room stays readable and is never written again [RN4]; a later one does not exist yet.
      const round = (workshop.earlierRounds?.length ?? 0) + 1;
      if (doc.round > round) return 'none';
      if (doc.round < round) return (workshop.earlierRounds?.[doc.round - 1]?.rooms.length ?? 0) >= doc.room ? 'read' : 'none';
      if (!workshop.rooms.some((r) => r.number === doc.room)) return 'none';
      if (actor.role === 'facilitator') return 'write';
      return participant!.room === doc.room && workshop.phase === 'breakout' ? 'write' : 'read';
    }
  }
}
