import { describe, expect, it } from 'vitest';
import { bandOf, matrixAxes, matrixPoints, quadrantOf } from '../src/matrix';
import { documentAccess } from '../src/permissions';
import { parseDocName } from '../src/docNames';
import {
  askQuestion,
  endPoll,
  moderateQuestion,
  openPoll,
  plenaryOf,
  publicPlenary,
  setNoteTakers,
  setPointer,
  setPresentingRoom,
  upvoteQuestion,
  vote,
  withdrawUpvote,
} from '../src/plenary';
import { buildPollItems, castBallot, newPoll, ratingColumns, tallyPoll, validateBallot } from '../src/polls';
import type { PollItem } from '../src/polls';
import { DEFAULT_TEMPLATE } from '../src/template';
import type { Row } from '../src/template';
import { addParticipant, assign, createWorkshop, publicState, setPhase, setRapporteur } from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const F = { role: 'facilitator', participantId: null } as const;
const P = (id: string) => ({ role: 'participant', participantId: id }) as const;

/** Four people in two rooms, p0 reporting for its room, in the reporting phase. */
function reporting(): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Purpose review', rooms: 2 });
  for (let i = 0; i < 4; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 });
  w = assign(w, 'seed');
  const room = w.participants.find((p) => p.id === 'p0')!.room!;
  w = setRapporteur(w, room, 'p0');
  return setPhase(setPhase(w, 'breakout', T0), 'reporting', T0 + 1);
}

const row = (suggestion: string, impact: Row[string] = null, effort: Row[string] = null): Row => ({ suggestion, benefit: '', impact, needed: '', effort });

const ITEMS: PollItem[] = buildPollItems(
  [
    { number: 2, rows: [row('Translate documents', 'H', 'H')] },
    { number: 1, rows: [row('Publish minutes', 'H', 'L'), row('', 'L', 'L'), row('Weekly calls', 'M', null)] },
  ],
  DEFAULT_TEMPLATE,
);
const COLS = ratingColumns(DEFAULT_TEMPLATE);
const AXES = matrixAxes(COLS)!;

describe('[PL] poll items, ballots and tallies', () => {
  it('[PL1] items come from every room in room order, skip rows without a suggestion, keep row indexes and room ratings', () => {
    expect(ITEMS.map((i) => i.key)).toEqual(['1.0', '1.2', '2.0']);
    expect(ITEMS[0]).toEqual({ key: '1.0', room: 1, row: 0, suggestion: 'Publish minutes', ratings: { impact: 'H', effort: 'L' }, impact: 'H', effort: 'L' });
    expect(ITEMS[1]).toMatchObject({ impact: 'M', effort: null });
  });

  it('[PL2] a ballot must match the poll kind, name known items, use H/M/L, and spend at most N dots', () => {
    const rating = newPoll({ id: 'a', kind: 'rating', snapshotId: 's', columns: COLS, items: ITEMS, now: T0 });
    const dots = newPoll({ id: 'b', kind: 'dots', dots: 3, snapshotId: 's', columns: COLS, items: ITEMS, now: T0 });
    refuses(() => validateBallot(rating, { kind: 'dots', dots: { '1.0': 1 } }), 'invalid_ballot');
    refuses(() => validateBallot(rating, { kind: 'rating', ratings: { '7.7': { impact: 'H', effort: 'L' } } }), 'unknown_item', 422);
    refuses(() => validateBallot(rating, { kind: 'rating', ratings: { '1.0': { impact: 'high', effort: 'L' } } }), 'invalid_rating');
    refuses(() => validateBallot(rating, { kind: 'rating', ratings: {} }), 'empty_ballot');
    refuses(() => validateBallot(dots, { kind: 'dots', dots: { '1.0': 2, '2.0': 2 } }), 'too_many_dots');
    refuses(() => validateBallot(dots, { kind: 'dots', dots: { '1.0': 1.5 } }), 'invalid_dots');
    refuses(() => validateBallot(dots, { kind: 'dots', dots: { '1.0': 0 } }), 'empty_ballot');
    expect(validateBallot(dots, { kind: 'dots', dots: { '1.0': 3, '2.0': 0 } })).toEqual({ kind: 'dots', dots: { '1.0': 3 } });
    refuses(() => newPoll({ id: 'c', kind: 'dots', dots: 0, snapshotId: 's', columns: COLS, items: ITEMS, now: T0 }), 'invalid_dots');
    refuses(() => newPoll({ id: 'c', kind: 'rating', snapshotId: 's', columns: COLS, items: [], now: T0 }), 'no_suggestions', 409);
  });

  it('[PL3] one ballot per voter, replaced when cast again; tallies count it once; closed polls refuse ballots', () => {
    let poll = newPoll({ id: 'a', kind: 'rating', snapshotId: 's', columns: COLS, items: ITEMS, now: T0 });
    poll = castBallot(poll, 'p1', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'H' } } });
    poll = castBallot(poll, 'p1', { kind: 'rating', ratings: { '1.0': { impact: 'L', effort: 'M' } } });
    poll = castBallot(poll, 'p2', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'L' }, '2.0': { impact: 'M', effort: 'M' } } });
    const t = tallyPoll(poll);
    expect(t[0]).toEqual({
      key: '1.0',
      voters: 2,
      columns: { impact: { counts: { H: 1, M: 0, L: 1 }, mean: 2 }, effort: { counts: { H: 0, M: 1, L: 1 }, mean: 1.5 } },
      dots: 0,
      impact: { H: 1, M: 0, L: 1 },
      effort: { H: 0, M: 1, L: 1 },
      impactScore: 2,
      effortScore: 1.5,
    });
    expect(t[1]).toMatchObject({ key: '1.2', voters: 0, impactScore: null });
    expect(t[2]).toMatchObject({ voters: 1, impactScore: 2, effortScore: 2 });
    const closed = endPollOf(poll);
    refuses(() => castBallot(closed, 'p3', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'H' } } }), 'poll_closed', 409);

    let dots = newPoll({ id: 'b', kind: 'dots', dots: 5, snapshotId: 's', columns: COLS, items: ITEMS, now: T0 });
    dots = castBallot(dots, 'p1', { kind: 'dots', dots: { '1.0': 4, '2.0': 1 } });
    dots = castBallot(dots, 'p2', { kind: 'dots', dots: { '2.0': 5 } });
    expect(tallyPoll(dots).map((x) => [x.key, x.dots, x.voters])).toEqual([['1.0', 4, 1], ['1.2', 0, 0], ['2.0', 6, 2]]);
  });
});

function endPollOf(poll: ReturnType<typeof newPoll>) {
  return { ...poll, closedAt: T0 + 5 };
}

describe('[MX] impact/effort matrix', () => {
  it('[MX1] quadrants: quick wins high/low, big bets high/high, fill-ins low/low, time sinks low impact/high effort', () => {
    expect(quadrantOf(3, 1)).toBe('quickWins');
    expect(quadrantOf(3, 3)).toBe('bigBets');
    expect(quadrantOf(1, 1)).toBe('fillIns');
    expect(quadrantOf(1, 3)).toBe('timeSinks');
    expect(quadrantOf(2.5, 1.5)).toBe('quickWins');
  });

  it('[MX1] medium is its own band, never low: impact 2.0 is not a time sink', () => {
    expect(quadrantOf(2, 3)).toBe('middle'); // was 'timeSinks': "impact 2.0" under "low impact"
    expect(quadrantOf(2, 2)).toBe('middle'); // was 'fillIns'
    expect(quadrantOf(3, 2)).toBe('middle');
    expect([1, 1.66, 5 / 3, 2, 7 / 3, 2.34, 3].map(bandOf)).toEqual(['L', 'L', 'M', 'M', 'M', 'H', 'H']);
    const [point] = matrixPoints([{ ...ITEMS[0]!, ratings: { impact: 'M', effort: 'H' } }], AXES);
    expect(point).toMatchObject({ y: 2, x: 3, quadrant: 'middle', bands: { y: 'M', x: 'H' } });
  });

  it('[MX2] each suggestion is placed by its room\'s ratings (when both set) and by the poll\'s means (when rated)', () => {
    let poll = newPoll({ id: 'a', kind: 'rating', snapshotId: 's', columns: COLS, items: ITEMS, now: T0 });
    poll = castBallot(poll, 'p1', { kind: 'rating', ratings: { '1.2': { impact: 'L', effort: 'H' }, '1.0': { impact: 'H', effort: 'H' } } });
    const points = matrixPoints(ITEMS, AXES, tallyPoll(poll));
    expect(points.map((p) => [p.key, p.source, p.y, p.x, p.quadrant])).toEqual([
      ['1.0', 'room', 3, 1, 'quickWins'],
      ['1.0', 'poll', 3, 3, 'bigBets'],
      ['1.2', 'poll', 1, 3, 'timeSinks'],
      ['2.0', 'room', 3, 3, 'bigBets'],
    ]);
    expect(matrixPoints(ITEMS, AXES).filter((p) => p.source === 'poll')).toEqual([]);
  });
});

describe('[PN] plenary rules on the workshop', () => {
  it('[PN1] the presenting room is chosen by the facilitator or that room\'s rapporteur, only while reporting; it clears the pointer', () => {
    const w = reporting();
    const room = w.participants.find((p) => p.id === 'p0')!.room!;
    const other = room === 1 ? 2 : 1;
    const mate = w.rooms.find((r) => r.number === room)!.participantIds.find((id) => id !== 'p0')!;
    refuses(() => setPresentingRoom(w, P(mate), room), 'forbidden', 403);
    refuses(() => setPresentingRoom(w, P('p0'), other), 'forbidden', 403);
    refuses(() => setPresentingRoom(w, F, 9), 'unknown_room', 422);
    refuses(() => setPresentingRoom(setPhase(w, 'closed', T0), F, 1), 'not_reporting', 409);
    let next = setPresentingRoom(w, P('p0'), room);
    next = setPointer(next, P('p0'), 1, { id: 's1', rowCount: 2 });
    expect(plenaryOf(next).pointer).toEqual({ room, row: 1, snapshotId: 's1' });
    refuses(() => setPointer(next, P(mate), 0, { id: 's1', rowCount: 2 }), 'forbidden', 403);
    refuses(() => setPointer(next, P('p0'), 2, { id: 's1', rowCount: 2 }), 'unknown_row', 422);
    next = setPresentingRoom(next, F, other);
    expect(plenaryOf(next)).toMatchObject({ presentingRoom: other, pointer: null });
    expect(setPresentingRoom(next, F, other)).toBe(next);
  });

  it('[PN2] one upvote per person; hidden questions vanish from the public state; only the facilitator moderates', () => {
    let w = askQuestion(reporting(), P('p1'), { id: 'q1', room: 1, text: '  Who pays?  ', now: T0 });
    w = askQuestion(w, F, { id: 'q2', room: 2, text: 'When?', now: T0 + 1 });
    refuses(() => askQuestion(w, P('p1'), { id: 'q3', room: 1, text: ' ', now: T0 }), 'invalid_question');
    refuses(() => askQuestion(w, P('ghost'), { id: 'q3', room: 1, text: 'Hi', now: T0 }), 'not_a_member', 403);
    w = upvoteQuestion(w, P('p2'), 'q2');
    refuses(() => upvoteQuestion(w, P('p2'), 'q2'), 'already_upvoted', 409);
    expect(publicPlenary(plenaryOf(w)).questions.map((q) => [q.id, q.votes, q.text])).toEqual([['q2', 1, 'When?'], ['q1', 0, 'Who pays?']]);
    expect(withdrawUpvote(withdrawUpvote(w, P('p2'), 'q2'), P('p2'), 'q2')).toEqual(withdrawUpvote(w, P('p2'), 'q2'));
    refuses(() => moderateQuestion(w, P('p1'), 'q1', { hidden: true }), 'forbidden', 403);
    w = moderateQuestion(w, F, 'q1', { hidden: true });
    expect(publicState(w, T0).plenary.questions.map((q) => q.id)).toEqual(['q2']);
    refuses(() => upvoteQuestion(w, P('p2'), 'q1'), 'unknown_question', 404);
  });

  it('[PN3] polls: facilitator opens one at a time, people vote once (changeable), publicState shows tallies and voters but never ballots', () => {
    let w = reporting();
    refuses(() => openPoll(w, P('p1'), { id: 'a', kind: 'rating', snapshotId: 's', items: ITEMS, now: T0 }), 'forbidden', 403);
    w = openPoll(w, F, { id: 'a', kind: 'rating', snapshotId: 's', items: ITEMS, now: T0 });
    refuses(() => openPoll(w, F, { id: 'b', kind: 'rating', snapshotId: 's', items: ITEMS, now: T0 }), 'poll_open', 409);
    w = vote(w, P('p1'), 'a', { kind: 'rating', ratings: { '1.0': { impact: 'L', effort: 'L' } } });
    w = vote(w, P('p1'), 'a', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'L' } } });
    const poll = publicState(w, T0).plenary.polls[0]!;
    expect(poll.voterIds).toEqual(['p1']);
    expect(poll.tally[0]).toMatchObject({ voters: 1, impact: { H: 1, M: 0, L: 0 } });
    expect(JSON.stringify(publicState(w, T0))).not.toContain('ballots');
    w = endPoll(w, F, 'a', T0 + 9);
    refuses(() => vote(w, P('p2'), 'a', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'L' } } }), 'poll_closed', 409);
    expect(publicState(w, T0).plenary.polls[0]!.closedAt).toBe(T0 + 9);
  });

  it('[PN4] note-takers write the plenary document; others read it; records without a plenary still work', () => {
    let w = reporting();
    const doc = { workshopId: 'w1', kind: 'plenary' } as const;
    expect(documentAccess(w, P('p1'), doc)).toBe('read');
    refuses(() => setNoteTakers(w, P('p1'), ['p1']), 'forbidden', 403);
    refuses(() => setNoteTakers(w, F, ['ghost']), 'unknown_participant', 422);
    w = setNoteTakers(w, F, ['p1', 'p1']);
    expect(plenaryOf(w).noteTakers).toEqual(['p1']);
    expect(documentAccess(w, P('p1'), doc)).toBe('write');
    expect(documentAccess(w, P('p2'), doc)).toBe('read');
    const { plenary: _gone, ...old } = w;
    expect(publicState(old as Workshop, T0).plenary).toEqual({ presentingRoom: null, pointer: null, questions: [], polls: [], noteTakers: [] });
    expect(documentAccess(old as Workshop, P('p1'), doc)).toBe('read');
  });

  it('[BD6] the board is moved by the facilitator and the note-takers, read by everyone else', () => {
    expect(parseDocName('w1/board')).toEqual({ workshopId: 'w1', kind: 'board' });
    const board = { workshopId: 'w1', kind: 'board' } as const;
    const w = setNoteTakers(reporting(), F, ['p1']);
    expect(documentAccess(w, F, board)).toBe('write');
    expect(documentAccess(w, P('p1'), board)).toBe('write');
    expect(documentAccess(w, P('p2'), board)).toBe('read');
  });
});
