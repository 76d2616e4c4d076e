import { describe, expect, it } from 'vitest';
import { addFacilitatorLink, FACILITATOR_LINKS_MAX, facilitatorLinkActive, revokeFacilitatorLink } from '../src/facilitatorLinks';
import { documentAccess } from '../src/permissions';
import { mergeParticipants, removeParticipant, seatOf } from '../src/people';
import { askQuestion, endPoll, openPoll, plenaryOf, publicPlenary, setNoteTakers, setPresentingRoom, upvoteQuestion, vote } from '../src/plenary';
import { buildPollItems } from '../src/polls';
import { DEFAULT_TEMPLATE } from '../src/template';
import { addParticipant, assign, createWorkshop, setBroadcast, setPhase } from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const F = { role: 'facilitator', participantId: null } as const;
const P = (id: string) => ({ role: 'participant', participantId: id }) as const;

/** Ana (a0) in room 1 and her rapporteur role; her second entry a1 joined late into room 2. */
function duplicated(): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Purpose review', rooms: 2 });
  w = addParticipant(w, { id: 'a0', name: 'Ana', now: T0 });
  w = addParticipant(w, { id: 'b0', name: 'Bo', now: T0 + 1 });
  w = addParticipant(w, { id: 'c0', name: 'Cy', now: T0 + 2 });
  w = assign(w, 'seed');
  // Put Ana in room 1 with Cy, Bo in room 2, whatever the seed did.
  w = { ...w, rooms: [{ number: 1, participantIds: ['a0', 'c0'], rapporteurId: 'a0' }, { number: 2, participantIds: ['b0'], rapporteurId: null }], participants: w.participants.map((p) => ({ ...p, room: p.id === 'b0' ? 2 : 1 })) };
  w = setPhase(w, 'breakout', T0 + 10);
  w = addParticipant(w, { id: 'a1', name: 'Ana', now: T0 + 20 }); // late joiner: smallest room, 2
  return w;
}

const items = buildPollItems([{ number: 1, rows: [{ suggestion: 'Publish minutes', benefit: '', impact: 'H', needed: '', effort: 'L' }] }], DEFAULT_TEMPLATE);

function invariants(w: Workshop): void {
  for (const p of w.participants) {
    const rooms = w.rooms.filter((r) => r.participantIds.includes(p.id));
    expect(rooms.length, p.id).toBe(p.room === null ? 0 : 1);
    if (p.room !== null) expect(rooms[0]!.number).toBe(p.room);
  }
  for (const r of w.rooms) {
    expect(new Set(r.participantIds).size).toBe(r.participantIds.length);
    if (r.rapporteurId !== null) expect(r.participantIds).toContain(r.rapporteurId);
  }
}

describe('[PE] one person, one seat', () => {
  it('[PE2] merging the late duplicate into the first entry keeps room, rapporteur role and note-taking, one entry left', () => {
    let w = duplicated();
    expect(w.participants.find((p) => p.id === 'a1')!.room).toBe(2);
    w = setNoteTakers(w, F, ['a1']);
    const merged = mergeParticipants(w, 'a0', 'a1');
    invariants(merged);
    expect(merged.participants.map((p) => p.id)).toEqual(['a0', 'b0', 'c0']);
    expect(merged.rooms).toEqual([
      { number: 1, participantIds: ['a0', 'c0'], rapporteurId: 'a0' },
      { number: 2, participantIds: ['b0'], rapporteurId: null },
    ]);
    expect(plenaryOf(merged).noteTakers).toEqual(['a0']);
    expect(seatOf(merged, 'a1')).toBe('a0');
    expect(w.participants).toHaveLength(4); // input not mutated
  });

  it('[PE2] merging the other way moves the kept entry into the rapporteur role and its room', () => {
    const merged = mergeParticipants(duplicated(), 'a1', 'a0');
    invariants(merged);
    expect(merged.participants.find((p) => p.id === 'a1')!.room).toBe(1);
    expect(merged.rooms.find((r) => r.number === 1)).toEqual({ number: 1, participantIds: ['a1', 'c0'], rapporteurId: 'a1' });
    expect(merged.rooms.find((r) => r.number === 2)!.participantIds).toEqual(['b0']);
    // The rapporteur may still present once the reporting starts [PN1].
    const reporting = setPhase(merged, 'reporting', T0 + 100);
    expect(plenaryOf(setPresentingRoom(reporting, P('a1'), 1)).presentingRoom).toBe(1);
    // …and the token of the dropped entry speaks for the kept one.
    expect(seatOf(merged, 'a0')).toBe('a1');
    expect(plenaryOf(setPresentingRoom(reporting, P(seatOf(merged, 'a0')!), 1)).presentingRoom).toBe(1);
  });

  it('[PE2] ballots and upvotes of both entries count once; questions move to the kept entry', () => {
    let w = setPhase(duplicated(), 'reporting', T0 + 100);
    w = askQuestion(w, P('a1'), { id: 'q1', room: 1, text: 'Who pays?', now: T0 + 101 });
    w = askQuestion(w, F, { id: 'q2', room: 1, text: 'When?', now: T0 + 102 });
    w = upvoteQuestion(w, P('a0'), 'q2');
    w = upvoteQuestion(w, P('a1'), 'q2');
    w = upvoteQuestion(w, P('b0'), 'q2');
    w = upvoteQuestion(w, P('a1'), 'q1');
    w = openPoll(w, F, { id: 'poll1', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 + 103 });
    w = vote(w, P('a0'), 'poll1', { kind: 'dots', dots: { '1.0': 1 } });
    w = vote(w, P('a1'), 'poll1', { kind: 'dots', dots: { '1.0': 3 } });
    w = endPoll(w, F, 'poll1', T0 + 104);
    w = openPoll(w, F, { id: 'poll2', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 + 104 });
    w = vote(w, P('a1'), 'poll2', { kind: 'dots', dots: { '1.0': 2 } });
    const merged = mergeParticipants(w, 'a0', 'a1');
    const pub = publicPlenary(plenaryOf(merged));
    const q2 = pub.questions.find((q) => q.id === 'q2')!;
    expect(q2.votes).toBe(2);
    expect(q2.voterIds).toEqual(['a0', 'b0']);
    const q1 = pub.questions.find((q) => q.id === 'q1')!;
    expect([q1.askedBy, q1.voterIds]).toEqual(['a0', ['a0']]);
    const [p1, p2] = pub.polls;
    expect(p1!.voterIds).toEqual(['a0']); // both voted: the kept entry's ballot, once
    expect(p1!.tally[0]).toMatchObject({ dots: 1 });
    expect(p2!.voterIds).toEqual(['a0']); // only the dropped entry voted: its ballot moves over
    expect(p2!.tally[0]).toMatchObject({ dots: 2 });
  });

  it('[PE2] merging refuses the same person twice and unknown people', () => {
    const w = duplicated();
    refuses(() => mergeParticipants(w, 'a0', 'a0'), 'same_participant', 400);
    refuses(() => mergeParticipants(w, 'a0', 'zz'), 'unknown_participant', 404);
    refuses(() => mergeParticipants(w, 'zz', 'a0'), 'unknown_participant', 404);
  });

  it('[PE2][PE3] a chain of merges leads every old id to the one remaining seat', () => {
    let w = addParticipant(duplicated(), { id: 'a2', name: 'Ana', now: T0 + 30 });
    w = mergeParticipants(w, 'a1', 'a2');
    w = mergeParticipants(w, 'a0', 'a1');
    invariants(w);
    expect(['a0', 'a1', 'a2'].map((id) => seatOf(w, id))).toEqual(['a0', 'a0', 'a0']);
    expect(w.participants.filter((p) => p.name === 'Ana')).toHaveLength(1);
  });

  it('[PE1] removing a person clears their room, role and note-taking; their questions and upvotes stay', () => {
    let w = setPhase(duplicated(), 'reporting', T0 + 100);
    w = setNoteTakers(w, F, ['a0', 'b0']);
    w = askQuestion(w, P('a0'), { id: 'q1', room: 1, text: 'Who pays?', now: T0 + 101 });
    w = upvoteQuestion(w, P('b0'), 'q1');
    w = upvoteQuestion(w, P('a0'), 'q1');
    const removed = removeParticipant(w, 'a0');
    invariants(removed);
    expect(removed.participants.map((p) => p.id)).toEqual(['b0', 'c0', 'a1']);
    expect(removed.rooms.find((r) => r.number === 1)).toEqual({ number: 1, participantIds: ['c0'], rapporteurId: null });
    expect(plenaryOf(removed).noteTakers).toEqual(['b0']);
    expect(publicPlenary(plenaryOf(removed)).questions[0]).toMatchObject({ id: 'q1', askedBy: 'a0', votes: 2 });
    expect(seatOf(removed, 'a0')).toBeNull();
    // Their token opens nothing any more [PM].
    expect(documentAccess(removed, P('a0'), { workshopId: 'w1', kind: 'state' })).toBe('none');
    refuses(() => removeParticipant(removed, 'a0'), 'unknown_participant', 404);
  });

  it('[PE1][PE3] removing the merged person takes the seat from every id merged into them', () => {
    const w = removeParticipant(mergeParticipants(duplicated(), 'a0', 'a1'), 'a0');
    expect(seatOf(w, 'a1')).toBeNull();
    expect(seatOf(w, 'a0')).toBeNull();
    expect(seatOf(w, 'b0')).toBe('b0');
  });
});

describe('[FL] facilitator links', () => {
  const base = () => createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'T' });

  it('[FL1] links are added with a label, unique ids, and a bound', () => {
    let w = addFacilitatorLink(base(), { id: 'k1', label: 'Owner', now: T0 });
    expect(w.facilitatorLinks).toEqual([{ id: 'k1', label: 'Owner', createdAt: T0, revokedAt: null }]);
    refuses(() => addFacilitatorLink(w, { id: 'k1', label: 'Again', now: T0 }), 'duplicate_link', 409);
    refuses(() => addFacilitatorLink(w, { id: 'k2', label: '  ', now: T0 }), 'invalid_label', 400);
    for (let i = 2; i <= FACILITATOR_LINKS_MAX; i++) w = addFacilitatorLink(w, { id: `k${i}`, label: `L${i}`, now: T0 });
    refuses(() => addFacilitatorLink(w, { id: 'kx', label: 'One more', now: T0 }), 'too_many_links', 409);
  });

  it('[FL2][FL3] a revoked link is refused for good; tokens from before links existed still work', () => {
    let w = addFacilitatorLink(addFacilitatorLink(base(), { id: 'k1', label: 'Owner', now: T0 }), { id: 'k2', label: 'Bo', now: T0 });
    expect(facilitatorLinkActive(w, 'k2')).toBe(true);
    w = revokeFacilitatorLink(w, 'k2', T0 + 5);
    expect(facilitatorLinkActive(w, 'k2')).toBe(false);
    expect(facilitatorLinkActive(w, 'k1')).toBe(true);
    expect(revokeFacilitatorLink(w, 'k2', T0 + 9)).toBe(w);
    expect(facilitatorLinkActive(w, 'unknown')).toBe(false);
    expect(facilitatorLinkActive(w, undefined)).toBe(true);
    refuses(() => revokeFacilitatorLink(w, 'nope', T0), 'unknown_link', 404);
  });
});

describe('[PH9] a phase change ends what belonged to the phase before', () => {
  it('[PH9] the broadcast goes with the phase it was said in', () => {
    let w = setPhase(duplicated(), 'breakout', T0);
    w = setBroadcast(w, 'Five minutes left: pick a rapporteur', T0 + 1);
    expect(setPhase(w, 'reporting', T0 + 2).broadcast).toBeNull();
  });

  it('[PH9] leaving the reporting clears the presenting room and pointer and closes the open poll, results kept', () => {
    let w = setPhase(duplicated(), 'reporting', T0 + 100);
    w = setPresentingRoom(w, F, 1);
    w = openPoll(w, F, { id: 'poll1', kind: 'dots', dots: 3, snapshotId: 's', items, now: T0 + 101 });
    w = vote(w, P('b0'), 'poll1', { kind: 'dots', dots: { '1.0': 2 } });
    for (const to of ['closed', 'breakout'] as const) {
      const next = setPhase(w, to, T0 + 200);
      const p = plenaryOf(next);
      expect(p.presentingRoom).toBeNull();
      expect(p.pointer).toBeNull();
      expect(p.polls[0]!.closedAt).toBe(T0 + 200);
      expect(publicPlenary(p).polls[0]!.tally[0]).toMatchObject({ dots: 2 });
    }
  });
});
