import { DomainError } from './errors';
import type { Actor } from './permissions';
import { castBallot, closePoll, newPoll, POLL_LIMITS, ratingColumns, tallyPoll, upgradePoll } from './polls';
import type { Ballot, ItemTally, Poll, PollItem, PollKind } from './polls';
import type { Template } from './template';
import type { Workshop } from './workshop';

/** A question asked on one room's report. */
export interface Question {
  id: string;
  room: number;
  text: string;
  /** Participant id, or "facilitator". */
  askedBy: string;
  askedAt: number;
  /** Who upvoted, once each. */
  voterIds: string[];
  answered: boolean;
  /** Hidden by the facilitator: kept in the record, shown to nobody in the live state. */
  hidden: boolean;
}

/** The row under discussion: a row index into the presenting room's rows of one snapshot. */
export interface Pointer {
  room: number;
  row: number;
  snapshotId: string;
}

/** The full-group part of a workshop record. */
export interface Plenary {
  presentingRoom: number | null;
  pointer: Pointer | null;
  questions: Question[];
  polls: Poll[];
  /** Participants the facilitator lets write the plenary notes. */
  noteTakers: string[];
}

/** A question as everyone sees it. */
export interface PublicQuestion {
  id: string;
  room: number;
  text: string;
  askedBy: string;
  askedAt: number;
  votes: number;
  voterIds: string[];
  answered: boolean;
}

/** A poll as everyone sees it: who voted and the live tallies, never the ballots themselves. */
export type PublicPoll = Omit<Poll, 'ballots'> & { voterIds: string[]; tally: ItemTally[] };

/** What every member sees of the plenary. */
export interface PublicPlenary {
  presentingRoom: number | null;
  pointer: Pointer | null;
  /** Visible questions, most upvoted first, then oldest first. */
  questions: PublicQuestion[];
  polls: PublicPoll[];
  noteTakers: string[];
}

/** Bounds that keep one workshop record small. */
export const PLENARY_LIMITS = { questionMax: 500, questionsMax: 500, noteTakersMax: 50 } as const;

/** Voter id of the facilitator (participants vote under their own id). */
export const FACILITATOR_VOTER = 'facilitator';

// Same rule as names: control characters would corrupt lists and exports.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** A plenary with nothing in it yet. */
export function emptyPlenary(): Plenary {
  return { presentingRoom: null, pointer: null, questions: [], polls: [], noteTakers: [] };
}

/**
 * The workshop's plenary; records stored before the plenary existed have none, and read as empty.
 * Polls stored before polls followed the template read as impact/effort polls.
 */
export function plenaryOf(w: Workshop): Plenary {
  const p = w.plenary ?? emptyPlenary();
  return { ...p, polls: p.polls.map((poll) => upgradePoll(poll, w.settings.template)) };
}

function withPlenary(w: Workshop, change: Partial<Plenary>): Workshop {
  return { ...w, plenary: { ...plenaryOf(w), ...change } };
}

/** The id a person votes and asks under: the participant id, or "facilitator". */
export function voterIdOf(w: Workshop, actor: Actor): string {
  if (actor.role === 'facilitator') return FACILITATOR_VOTER;
  if (!actor.participantId || !w.participants.some((p) => p.id === actor.participantId)) {
    throw new DomainError('not_a_member', 'You are not a participant of this workshop any more; join it again.');
  }
  return actor.participantId;
}

function requireFacilitator(actor: Actor, action: string): void {
  if (actor.role !== 'facilitator') throw new DomainError('forbidden', `Only the facilitator can ${action}.`);
}

function requireReporting(w: Workshop, action: string): void {
  if (w.phase !== 'reporting') {
    throw new DomainError('not_reporting', `You can ${action} only while the workshop is reporting to the full group; it is in ${w.phase}.`);
  }
}

function requireRoom(w: Workshop, room: unknown): number {
  if (typeof room !== 'number' || !w.rooms.some((r) => r.number === room)) {
    const range = w.rooms.length === 0 ? 'no rooms' : `rooms 1–${w.rooms.length}`;
    throw new DomainError('unknown_room', `Room ${String(room)} does not exist; this workshop has ${range}.`, { inArgument: true });
  }
  return room;
}

function rapporteurOf(w: Workshop, room: number): string | null {
  return w.rooms.find((r) => r.number === room)?.rapporteurId ?? null;
}

/** Sets which room presents (null: none); the facilitator, or that room's rapporteur. The pointer is cleared. */
export function setPresentingRoom(w: Workshop, actor: Actor, room: number | null): Workshop {
  const p = plenaryOf(w);
  const me = voterIdOf(w, actor);
  // Who may act is decided before what the phase allows, so a refusal never depends on timing.
  if (actor.role !== 'facilitator') {
    // Clearing is the current presenter's to do; choosing is the chosen room's rapporteur's.
    const target = room ?? p.presentingRoom;
    if (target === null || rapporteurOf(w, target) !== me) {
      throw new DomainError('forbidden', 'Only the facilitator or the rapporteur of that room can choose the presenting room.');
    }
  }
  requireReporting(w, 'choose the presenting room');
  if (room !== null) requireRoom(w, room);
  if (p.presentingRoom === room) return w;
  return withPlenary(w, { presentingRoom: room, pointer: null });
}

/**
 * Points at row `row` of the presenting room in snapshot `snapshot` (null clears it); the
 * presenting room's rapporteur or the facilitator. The row must exist in that snapshot.
 */
export function setPointer(w: Workshop, actor: Actor, row: number | null, snapshot: { id: string; rowCount: number } | null): Workshop {
  const p = plenaryOf(w);
  const me = voterIdOf(w, actor);
  if (actor.role !== 'facilitator' && !w.rooms.some((r) => r.rapporteurId === me)) {
    throw new DomainError('forbidden', 'Only a rapporteur or the facilitator can move the pointer.');
  }
  requireReporting(w, 'point at a row');
  if (p.presentingRoom === null) throw new DomainError('no_presenter', 'No room is presenting; choose the presenting room first.');
  if (actor.role !== 'facilitator' && rapporteurOf(w, p.presentingRoom) !== me) {
    throw new DomainError('forbidden', `Only the rapporteur of room ${p.presentingRoom} or the facilitator can move the pointer.`);
  }
  if (row === null) return p.pointer === null ? w : withPlenary(w, { pointer: null });
  if (!snapshot) throw new DomainError('no_snapshot', 'There is no snapshot of the rooms yet; take one first.');
  if (!Number.isInteger(row) || row < 0 || row >= snapshot.rowCount) {
    throw new DomainError('unknown_row', `Room ${p.presentingRoom} has ${snapshot.rowCount} rows in the latest snapshot; point at row 0–${Math.max(0, snapshot.rowCount - 1)}.`);
  }
  const pointer = { room: p.presentingRoom, row, snapshotId: snapshot.id };
  if (p.pointer && p.pointer.room === pointer.room && p.pointer.row === row && p.pointer.snapshotId === snapshot.id) return w;
  return withPlenary(w, { pointer });
}

/** Adds a question (1–500 characters) on room `room`'s report; any member may ask. */
export function askQuestion(w: Workshop, actor: Actor, input: { id: string; room: number; text: string; now: number }): Workshop {
  requireReporting(w, 'ask questions');
  const askedBy = voterIdOf(w, actor);
  const room = requireRoom(w, input.room);
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text.length === 0 || text.length > PLENARY_LIMITS.questionMax) {
    throw new DomainError('invalid_question', `A question is 1–${PLENARY_LIMITS.questionMax} characters (got ${text.length}).`);
  }
  if (CONTROL_CHARS.test(text)) throw new DomainError('invalid_question', 'The question contains control characters; use plain text.');
  const p = plenaryOf(w);
  if (p.questions.length >= PLENARY_LIMITS.questionsMax) {
    throw new DomainError('too_many_questions', `This workshop already has ${PLENARY_LIMITS.questionsMax} questions, its limit.`);
  }
  const q: Question = { id: input.id, room, text, askedBy, askedAt: input.now, voterIds: [], answered: false, hidden: false };
  return withPlenary(w, { questions: [...p.questions, q] });
}

function requireQuestion(w: Workshop, actor: Actor, id: string): Question {
  const q = plenaryOf(w).questions.find((x) => x.id === id);
  // A hidden question is gone for everyone but the facilitator.
  if (!q || (q.hidden && actor.role !== 'facilitator')) throw new DomainError('unknown_question', 'There is no such question (it may have been hidden).');
  return q;
}

function replaceQuestion(w: Workshop, q: Question): Workshop {
  return withPlenary(w, { questions: plenaryOf(w).questions.map((x) => (x.id === q.id ? q : x)) });
}

/** Upvotes a question once per person; a second upvote by the same person is refused (409). */
export function upvoteQuestion(w: Workshop, actor: Actor, questionId: string): Workshop {
  requireReporting(w, 'upvote questions');
  const me = voterIdOf(w, actor);
  const q = requireQuestion(w, actor, questionId);
  if (q.voterIds.includes(me)) throw new DomainError('already_upvoted', 'You have already upvoted this question; one upvote per person.');
  return replaceQuestion(w, { ...q, voterIds: [...q.voterIds, me] });
}

/** Takes back one's upvote; a no-op when there was none. */
export function withdrawUpvote(w: Workshop, actor: Actor, questionId: string): Workshop {
  requireReporting(w, 'change upvotes');
  const me = voterIdOf(w, actor);
  const q = requireQuestion(w, actor, questionId);
  if (!q.voterIds.includes(me)) return w;
  return replaceQuestion(w, { ...q, voterIds: q.voterIds.filter((v) => v !== me) });
}

/** Marks a question answered and/or hidden (or undoes either); facilitator only, in any phase but closed. */
export function moderateQuestion(w: Workshop, actor: Actor, questionId: string, change: { answered?: boolean; hidden?: boolean }): Workshop {
  requireFacilitator(actor, 'mark questions answered or hide them');
  if (w.phase === 'closed') throw new DomainError('workshop_closed', 'This workshop is closed; questions can no longer change.');
  const q = requireQuestion(w, actor, questionId);
  const next = { ...q, answered: change.answered ?? q.answered, hidden: change.hidden ?? q.hidden };
  if (next.answered === q.answered && next.hidden === q.hidden) return w;
  return replaceQuestion(w, next);
}

/** Names the participants who may write the plenary notes (replacing the list); facilitator only. */
export function setNoteTakers(w: Workshop, actor: Actor, participantIds: string[]): Workshop {
  requireFacilitator(actor, 'choose note-takers');
  if (w.phase === 'closed') throw new DomainError('workshop_closed', 'This workshop is closed; the notes are final.');
  const ids = [...new Set(participantIds)];
  if (ids.length > PLENARY_LIMITS.noteTakersMax) throw new DomainError('too_many_note_takers', `At most ${PLENARY_LIMITS.noteTakersMax} note-takers.`);
  for (const id of ids) {
    if (!w.participants.some((p) => p.id === id)) throw new DomainError('unknown_participant', `There is no participant ${JSON.stringify(id)} in this workshop.`, { inArgument: true });
  }
  const current = plenaryOf(w).noteTakers;
  if (current.length === ids.length && current.every((id, i) => id === ids[i])) return w;
  return withPlenary(w, { noteTakers: ids });
}

/**
 * Opens a poll (items built by the caller from the latest snapshot) on the template's rating columns;
 * one open poll at a time; facilitator only. A rating poll needs a rating column (409 otherwise).
 */
export function openPoll(w: Workshop, actor: Actor, input: { id: string; kind: PollKind; dots?: number | null; snapshotId: string; items: PollItem[]; now: number }): Workshop {
  requireFacilitator(actor, 'open polls');
  requireReporting(w, 'open a poll');
  const p = plenaryOf(w);
  if (p.polls.some((x) => x.closedAt === null)) throw new DomainError('poll_open', 'A poll is already open; close it before opening another.');
  if (p.polls.length >= POLL_LIMITS.pollsMax) throw new DomainError('too_many_polls', `This workshop already has ${POLL_LIMITS.pollsMax} polls, its limit.`);
  return withPlenary(w, { polls: [...p.polls, newPoll({ ...input, columns: ratingColumns(w.settings.template) })] });
}

function requirePoll(w: Workshop, id: string): Poll {
  const poll = plenaryOf(w).polls.find((x) => x.id === id);
  if (!poll) throw new DomainError('unknown_poll', 'There is no such poll in this workshop.');
  return poll;
}

function replacePoll(w: Workshop, poll: Poll): Workshop {
  return withPlenary(w, { polls: plenaryOf(w).polls.map((x) => (x.id === poll.id ? poll : x)) });
}

/** Casts or replaces the person's one ballot in an open poll. */
export function vote(w: Workshop, actor: Actor, pollId: string, ballot: unknown): Workshop {
  const me = voterIdOf(w, actor);
  const poll = requirePoll(w, pollId);
  if (w.phase === 'closed') throw new DomainError('workshop_closed', 'This workshop is closed; polls are final.');
  return replacePoll(w, castBallot(poll, me, ballot));
}

/** Closes a poll for good, keeping its results; facilitator only. */
export function endPoll(w: Workshop, actor: Actor, pollId: string, now: number): Workshop {
  requireFacilitator(actor, 'close polls');
  const poll = requirePoll(w, pollId);
  const closed = closePoll(poll, now);
  return closed === poll ? w : replacePoll(w, closed);
}

/** The person's own ballot in a poll, or null when they have not voted. */
export function ballotOf(w: Workshop, actor: Actor, pollId: string): Ballot | null {
  const me = voterIdOf(w, actor);
  return requirePoll(w, pollId).ballots[me] ?? null;
}

/** The order questions are shown in: most upvoted first, then oldest first. */
export function compareQuestions(a: Pick<PublicQuestion, 'votes' | 'askedAt'>, b: Pick<PublicQuestion, 'votes' | 'askedAt'>): number {
  return b.votes - a.votes || a.askedAt - b.askedAt;
}

/** What everyone may see of the plenary: no ballots, no hidden questions; `template` labels polls stored before polls followed it. */
export function publicPlenary(p: Plenary, template?: Template): PublicPlenary {
  return {
    presentingRoom: p.presentingRoom,
    pointer: p.pointer === null ? null : { ...p.pointer },
    questions: publicQuestions(p),
    polls: p.polls.map((stored) => publicPoll(stored, template)),
    noteTakers: [...p.noteTakers],
  };
}

/** The questions everyone sees, most upvoted first (hidden ones left out). */
export function publicQuestions(p: Plenary): PublicQuestion[] {
  return p.questions
    .filter((q) => !q.hidden)
    .map((q) => ({ id: q.id, room: q.room, text: q.text, askedBy: q.askedBy, askedAt: q.askedAt, votes: q.voterIds.length, voterIds: [...q.voterIds], answered: q.answered }))
    .sort(compareQuestions);
}

/** One poll as everyone sees it: who voted (not how) and the tally. */
export function publicPoll(stored: Poll, template?: Template): PublicPoll {
  const poll = upgradePoll(stored, template);
  return {
    id: poll.id,
    kind: poll.kind,
    dots: poll.dots,
    snapshotId: poll.snapshotId,
    columns: poll.columns.map((c) => ({ ...c })),
    items: poll.items.map((i) => ({ ...i, ratings: { ...i.ratings } })),
    voterIds: Object.keys(poll.ballots),
    tally: tallyPoll(poll),
    openedAt: poll.openedAt,
    closedAt: poll.closedAt,
  };
}
