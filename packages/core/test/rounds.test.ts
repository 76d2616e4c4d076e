import { describe, expect, it } from 'vitest';
import { documentAccess } from '../src/permissions';
import { parseDocName, roomDocName } from '../src/docNames';
import { currentRound, repeatPairs, requireRound, roundsOf, startNextRound } from '../src/rounds';
import { askQuestion, openPoll, plenaryOf, setNoteTakers } from '../src/plenary';
import { addParticipant, createWorkshop, publicState, setPhase, setRapporteur } from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const F = { role: 'facilitator', participantId: null } as const;
const P = (id: string) => ({ role: 'participant', participantId: id }) as const;

/** `n` people in 3 rooms, at the plenary after round 1. */
function afterRoundOne(n = 12): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Stakeholder day', purpose: 'How do we share threat data?', rooms: 3 });
  for (let i = 0; i < n; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 + i });
  w = setPhase(w, 'breakout', T0 + MIN);
  return setPhase(w, 'reporting', T0 + 30 * MIN);
}
const groups = (w: Workshop) => w.rooms.map((r) => r.participantIds);

describe('rounds', () => {
  it('[RN1] a record without rounds is round 1; the public state names the round from round 2 on', () => {
    const w = afterRoundOne();
    expect(currentRound(w)).toBe(1);
    expect(roundsOf(w)).toEqual([expect.objectContaining({ number: 1, purpose: 'How do we share threat data?', assignment: 'fresh', rooms: groups(w) })]);
    expect(publicState(w, T0).workshop).not.toHaveProperty('round');
    // A stored record round-trips through JSON (the storage) unchanged.
    const next = startNextRound(w, { assignment: 'fresh', seed: 's2', purpose: 'Who acts first?' }, T0 + 45 * MIN);
    const stored = JSON.parse(JSON.stringify(next)) as Workshop;
    expect(currentRound(stored)).toBe(2);
    expect(roundsOf(stored).map((r) => [r.number, r.purpose])).toEqual([[1, 'How do we share threat data?'], [2, 'Who acts first?']]);
    expect(roundsOf(stored)[0]!.rooms).toEqual(groups(w));
    expect(publicState(stored, T0 + 45 * MIN).workshop).toMatchObject({ round: 2, purpose: 'Who acts first?' });
    expect(requireRound(stored, 1).number).toBe(1);
    refuses(() => requireRound(stored, 3), 'unknown_round', 404);
  });

  it('[RN2] starts from the plenary only, takes the new values, keeps the rest, and opens the break-out', () => {
    const w = afterRoundOne();
    refuses(() => startNextRound(setPhase(w, 'breakout', T0 + 31 * MIN), { assignment: 'same', seed: 's' }, T0), 'round_not_over', 409);
    refuses(() => startNextRound(w, { assignment: 'same', seed: 's', breakoutMinutes: 0 }, T0), 'invalid_breakoutMinutes', 400);
    refuses(() => startNextRound(w, { assignment: 'other' as never, seed: 's' }, T0), 'invalid_assignment', 400);
    const now = T0 + 40 * MIN;
    const next = startNextRound(w, { assignment: 'same', seed: 's', breakoutMinutes: 20 }, now);
    expect(next.phase).toBe('breakout');
    expect(next.clock).toMatchObject({ startedAt: now, durationMs: 20 * MIN });
    expect(next.settings).toMatchObject({ purpose: w.settings.purpose, reportingMinutes: 10, breakoutMinutes: 20, template: w.settings.template });
    expect(next.earlierRounds![0]).toMatchObject({ number: 1, breakoutMinutes: 30 });
    let many = w;
    for (let i = 0; i < 19; i++) many = setPhase(startNextRound(many, { assignment: 'same', seed: `s${i}` }, now), 'reporting', now);
    expect(currentRound(many)).toBe(20);
    refuses(() => startNextRound(many, { assignment: 'same', seed: 'x' }, now), 'too_many_rounds', 409);
  });

  it('[RN3] same rooms keep people and rapporteurs; fresh and newPeople reassign, newPeople avoids earlier pairs', () => {
    let w = afterRoundOne();
    w = setRapporteur(w, 1, w.rooms[0]!.participantIds[0]!);
    const same = startNextRound(w, { assignment: 'same', seed: 's' }, T0);
    expect(groups(same)).toEqual(groups(w));
    expect(same.rooms[0]!.rapporteurId).toBe(w.rooms[0]!.rapporteurId);
    const fresh = startNextRound(w, { assignment: 'fresh', seed: 'x' }, T0);
    expect(fresh.rooms.every((r) => r.rapporteurId === null)).toBe(true);
    expect(startNextRound(w, { assignment: 'fresh', seed: 'x' }, T0).rooms).toEqual(fresh.rooms);
    for (const seed of ['a', 'b', 'c', 'd']) {
      const fresh = startNextRound(w, { assignment: 'fresh', seed }, T0);
      const meet = startNextRound(w, { assignment: 'newPeople', seed }, T0);
      const sizes = meet.rooms.map((r) => r.participantIds.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(meet.participants.every((p) => p.room === meet.rooms.find((r) => r.participantIds.includes(p.id))!.number)).toBe(true);
      // 3 rooms of 4 after 3 rooms of 4: a new room's 4 people come from 3 earlier rooms, so two of
      // them met before; one repeated pair per room is the least there can be.
      expect(repeatPairs(groups(meet), [groups(w)])).toBeLessThanOrEqual(repeatPairs(groups(fresh), [groups(w)]));
      expect(repeatPairs(groups(meet), [groups(w)])).toBe(3);
    }
    // 9 people in 3 rooms: round 2 can mix everyone with people they have not met, and does.
    const nine = afterRoundOne(9);
    for (const seed of ['a', 'b', 'c', 'd', 'e']) expect(repeatPairs(groups(startNextRound(nine, { assignment: 'newPeople', seed }, T0)), [groups(nine)])).toBe(0);
    // Round 3 keeps apart the pairs of round 1 and of round 2.
    const two = setPhase(startNextRound(w, { assignment: 'newPeople', seed: 'a' }, T0), 'reporting', T0 + MIN);
    const three = startNextRound(two, { assignment: 'newPeople', seed: 'b' }, T0 + 2 * MIN);
    const rounds = roundsOf(three).map((r) => r.rooms);
    expect(repeatPairs(rounds[2]!, rounds.slice(0, 2))).toBeLessThanOrEqual(repeatPairs(startNextRound(two, { assignment: 'fresh', seed: 'b' }, T0).rooms.map((r) => r.participantIds), rounds.slice(0, 2)));
  });

  it('[RN3] meet new people together with the facilitator\'s constraints: one table host per room, regions spread, pins', () => {
    const REGIONS = ['Africa', 'Asia', 'Europe', 'Americas'];
    let w = createWorkshop({
      id: 'w1', joinCode: 'J', now: T0, title: 'Stakeholder day', rooms: 3,
      fields: [
        { key: 'region', label: 'Region', options: REGIONS },
        { key: 'host', label: 'Table host', options: ['yes', 'no'] },
      ],
    });
    for (let i = 0; i < 12; i++) w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 + i, answers: { region: REGIONS[i % 4], host: i % 4 === 0 ? 'yes' : 'no' } });
    w = setPhase(setPhase(w, 'breakout', T0 + MIN), 'reporting', T0 + 30 * MIN);
    const choice = { spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }], pins: { p5: 2 } };
    for (const seed of ['a', 'b', 'c']) {
      const meet = startNextRound(w, { assignment: 'newPeople', seed, choice }, T0);
      const fresh = startNextRound(w, { assignment: 'fresh', seed, choice }, T0);
      for (const next of [meet, fresh]) {
        expect(next.rooms.map((r) => r.participantIds.filter((id) => Number(id.slice(1)) % 4 === 0).length)).toEqual([1, 1, 1]);
        expect(next.rooms[1]!.participantIds).toContain('p5');
      }
      expect(repeatPairs(groups(meet), [groups(w)])).toBeLessThanOrEqual(repeatPairs(groups(fresh), [groups(w)]));
    }
    refuses(() => startNextRound(w, { assignment: 'newPeople', seed: 's', choice: { spread: ['nope'] } }, T0), 'invalid_constraints', 400);
  });

  it('[RN7] each round has its own plenary: the ending round keeps its questions and polls, the next starts empty', () => {
    let w = afterRoundOne();
    const asker = w.participants[0]!.id;
    w = askQuestion(w, P(asker), { id: 'q1', room: 1, text: 'Who runs the list?', now: T0 });
    w = openPoll(w, F, { id: 'poll1', kind: 'dots', dots: 3, snapshotId: 's1', items: [{ key: '1.0', room: 1, row: 0, suggestion: 'Share', ratings: {}, impact: null, effort: null }], now: T0 });
    w = setNoteTakers(w, F, [asker]);
    const next = startNextRound(w, { assignment: 'fresh', seed: 's' }, T0 + MIN);
    expect(plenaryOf(next)).toMatchObject({ questions: [], polls: [], presentingRoom: null, noteTakers: [asker] });
    const kept = roundsOf(next)[0]!.plenary!;
    expect(kept.questions.map((q) => q.text)).toEqual(['Who runs the list?']);
    expect(kept.polls.map((p) => [p.id, p.closedAt])).toEqual([['poll1', T0 + MIN]]);
    expect(roundsOf(next)[1]!.plenary).toEqual(plenaryOf(next));
  });

  it('[RN4] each round has its own room documents; earlier rounds are read-only, later ones do not exist', () => {
    expect(roomDocName('w1', 3)).toBe('w1/room/3');
    expect(roomDocName('w1', 3, 1)).toBe('w1/room/3');
    expect(roomDocName('w1', 3, 2)).toBe('w1/round/2/room/3');
    expect(parseDocName('w1/round/2/room/3')).toEqual({ workshopId: 'w1', kind: 'room', room: 3, round: 2 });
    expect(parseDocName('w1/room/3')).toEqual({ workshopId: 'w1', kind: 'room', room: 3, round: 1 });
    expect(parseDocName('w1/round/1/room/3')).toBeNull();
    expect(parseDocName('w1/round/0/room/3')).toBeNull();
    const w = afterRoundOne();
    const me = w.rooms[0]!.participantIds[0]!;
    const next = startNextRound(w, { assignment: 'fresh', seed: 's' }, T0);
    const mine = next.participants.find((p) => p.id === me)!.room!;
    const ref = (room: number, round: number) => parseDocName(roomDocName('w1', room, round))!;
    expect(documentAccess(w, F, ref(1, 2))).toBe('none');
    expect(documentAccess(next, F, ref(1, 1))).toBe('read');
    expect(documentAccess(next, P(me), ref(1, 1))).toBe('read');
    expect(documentAccess(next, P(me), ref(4, 1))).toBe('none');
    expect(documentAccess(next, P(me), ref(mine, 2))).toBe('write');
    expect(documentAccess(next, F, ref(mine, 2))).toBe('write');
    expect(documentAccess(next, F, ref(1, 3))).toBe('none');
  });
});
