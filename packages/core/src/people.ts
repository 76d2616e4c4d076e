import { DomainError } from './errors';
import { plenaryOf } from './plenary';
import type { Plenary } from './plenary';
import type { Participant, Room, Workshop } from './workshop';

/** A merged id points at the id it was merged into; chains are followed at most this far. */
const MERGE_HOPS_MAX = 16;

function requirePerson(w: Workshop, id: unknown): Participant {
  const p = typeof id === 'string' ? w.participants.find((x) => x.id === id) : undefined;
  if (!p) throw new DomainError('unknown_participant', `There is no participant ${JSON.stringify(id)} in this workshop.`);
  return p;
}

/**
 * The seat a participant id speaks for now [PE3]: itself while it is a participant; the person it
 * was merged into (followed through later merges) once merged; null once removed. So the token of
 * a merged-away device keeps working as the merged person, and a removed person's stops at once.
 */
export function seatOf(w: Workshop, participantId: string): string | null {
  let id = participantId;
  for (let hop = 0; hop <= MERGE_HOPS_MAX; hop++) {
    if (w.participants.some((p) => p.id === id)) return id;
    const next = w.mergedInto?.[id];
    if (next === undefined) return null;
    id = next;
  }
  return null;
}

function replaceId(ids: string[], from: string, to: string): string[] {
  if (!ids.includes(from)) return ids;
  const out: string[] = [];
  for (const id of ids) {
    const v = id === from ? to : id;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Removes a person [PE1]: out of the participants, their room and its rapporteur role, and the
 * note-takers; ids merged into them lose their seat too. What they contributed stays: table text
 * (which never names anyone), questions, upvotes and ballots, as a person leaving a room leaves
 * what they wrote on the flip chart.
 */
export function removeParticipant(w: Workshop, participantId: string): Workshop {
  const person = requirePerson(w, participantId);
  const p = plenaryOf(w);
  const mergedInto = Object.fromEntries(Object.entries(w.mergedInto ?? {}).filter(([, to]) => to !== person.id));
  return {
    ...w,
    participants: w.participants.filter((x) => x.id !== person.id),
    rooms: w.rooms.map((r) =>
      r.participantIds.includes(person.id)
        ? { ...r, participantIds: r.participantIds.filter((id) => id !== person.id), rapporteurId: r.rapporteurId === person.id ? null : r.rapporteurId }
        : r,
    ),
    plenary: { ...p, noteTakers: p.noteTakers.filter((id) => id !== person.id) },
    mergedInto,
  };
}

/**
 * Merges the entry `dropId` into `keepId` [PE2] (one person who joined twice): one person, named as
 * `keepId`, who keeps a rapporteur role either entry held (and so that role's room; the kept
 * entry's role wins if both had one), else the kept entry's room (the dropped one's if the kept
 * one has none); note-taker rights if either had them; every upvote and question of both, an
 * upvote both gave counting once; per poll one ballot, the kept entry's if both voted. The dropped
 * id points at the kept one from now on, so its device continues as the merged person.
 */
export function mergeParticipants(w: Workshop, keepId: string, dropId: string): Workshop {
  const keep = requirePerson(w, keepId);
  const drop = requirePerson(w, dropId);
  if (keep.id === drop.id) throw new DomainError('same_participant', 'Choose two different people to merge.');
  const keepRole = w.rooms.find((r) => r.rapporteurId === keep.id);
  const dropRole = w.rooms.find((r) => r.rapporteurId === drop.id);
  const room = keepRole ? keepRole.number : dropRole ? dropRole.number : (keep.room ?? drop.room);
  const rooms: Room[] = w.rooms.map((r) => {
    const others = r.participantIds.filter((id) => id !== keep.id && id !== drop.id);
    // The kept id takes the dropped one's place in the list (or joins it at the end).
    const kept = replaceId(r.participantIds, drop.id, keep.id);
    const participantIds = r.number !== room ? others : kept.includes(keep.id) ? kept : [...kept, keep.id];
    let rapporteurId = r.rapporteurId;
    if (rapporteurId === drop.id) rapporteurId = !keepRole && r.number === room ? keep.id : null;
    if (rapporteurId === keep.id && r.number !== room) rapporteurId = null;
    return { ...r, participantIds, rapporteurId };
  });
  const p = plenaryOf(w);
  const plenary: Plenary = {
    ...p,
    noteTakers: replaceId(p.noteTakers, drop.id, keep.id),
    questions: p.questions.map((q) => {
      const askedBy = q.askedBy === drop.id ? keep.id : q.askedBy;
      const voterIds = replaceId(q.voterIds, drop.id, keep.id);
      return askedBy === q.askedBy && voterIds === q.voterIds ? q : { ...q, askedBy, voterIds };
    }),
    polls: p.polls.map((poll) => {
      const dropped = poll.ballots[drop.id];
      if (dropped === undefined) return poll;
      const ballots = { ...poll.ballots };
      delete ballots[drop.id];
      if (ballots[keep.id] === undefined) ballots[keep.id] = dropped;
      return { ...poll, ballots };
    }),
  };
  const mergedInto: Record<string, string> = {};
  for (const [from, to] of Object.entries(w.mergedInto ?? {})) mergedInto[from] = to === drop.id ? keep.id : to;
  mergedInto[drop.id] = keep.id;
  return {
    ...w,
    participants: w.participants
      .filter((x) => x.id !== drop.id)
      .map((x) => (x.id === keep.id ? { ...x, room: rooms.length > 0 ? room : null, joinedAt: Math.min(keep.joinedAt, drop.joinedAt) } : x)),
    rooms,
    plenary,
    mergedInto,
  };
}
