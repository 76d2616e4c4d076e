import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addParticipant,
  assign,
  clearBroadcast,
  createWorkshop,
  extendClock,
  findParticipant,
  moveParticipant,
  pauseClock,
  publicState,
  resumeClock,
  roomOf,
  setAutoAdvance,
  setBroadcast,
  setPhase,
  setRapporteur,
  tick,
} from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { DomainError } from '../src/errors';
import { DEFAULT_TEMPLATE } from '../src/template';
import type { Phase } from '../src/phase';
import { refuses } from './fixtures/refuses';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function base(extra: Partial<Parameters<typeof createWorkshop>[0]> = {}): Workshop {
  return createWorkshop({ id: 'w1', joinCode: 'JOIN42', now: T0, title: 'Purpose review', ...extra });
}

function withPeople(n: number, w = base()): Workshop {
  let out = w;
  for (let i = 0; i < n; i++) out = addParticipant(out, { id: `p${i}`, name: `Person ${i}`, now: T0 + i });
  return out;
}

function checkInvariants(w: Workshop): void {
  const seen = new Map<string, number>();
  for (const r of w.rooms) {
    for (const id of r.participantIds) {
      expect(seen.has(id)).toBe(false);
      seen.set(id, r.number);
    }
    if (r.rapporteurId !== null) expect(r.participantIds).toContain(r.rapporteurId);
  }
  expect(w.rooms.map((r) => r.number)).toEqual(w.rooms.map((_, i) => i + 1));
  for (const p of w.participants) {
    expect(p.room).toBe(seen.get(p.id) ?? null);
    if (w.rooms.length > 0) expect(p.room).not.toBeNull();
  }
  expect(seen.size).toBe(w.rooms.length > 0 ? w.participants.length : 0);
}

describe('createWorkshop', () => {
  it('[WS1] fills in defaults and starts in the lobby without rooms', () => {
    const w = base();
    expect(w.phase).toBe('lobby');
    expect(w.rooms).toEqual([]);
    expect(w.participants).toEqual([]);
    expect(w.settings).toEqual({
      title: 'Purpose review',
      purpose: '',
      suggestions: [],
      rooms: 4,
      roomSize: null,
      template: DEFAULT_TEMPLATE,
      breakoutMinutes: 30,
      reportingMinutes: 10,
      autoAdvance: false,
    });
    expect(w.settings.template).not.toBe(DEFAULT_TEMPLATE);
    expect(w.clock).toEqual({ phase: 'lobby', startedAt: T0, durationMs: null, pausedAt: null, pausedMs: 0 });
    expect(w.createdAt).toBe(T0);
  });

  it('[WS1] keeps valid input, trimmed, and drops blank suggestions', () => {
    const w = base({
      title: '  Review  ',
      purpose: 'The ccNSO is…',
      suggestions: [' more outreach ', '', '   ', 'clearer scope'],
      roomSize: 5,
      breakoutMinutes: 45,
      reportingMinutes: 15,
      autoAdvance: true,
      template: { columns: [{ key: 'idea', label: ' Idea ', kind: 'text' }, { key: 'impact', label: 'Impact', kind: 'rating' }] },
    });
    expect(w.settings.title).toBe('Review');
    expect(w.settings.suggestions).toEqual(['more outreach', 'clearer scope']);
    expect(w.settings.rooms).toBeNull();
    expect(w.settings.roomSize).toBe(5);
    expect(w.settings.template.columns[0]).toEqual({ key: 'idea', label: 'Idea', kind: 'text' });
    expect(w.settings.autoAdvance).toBe(true);
  });

  it('[WS1] refuses every bad field with a clear error', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ title: '   ' }, 'invalid_title', /title is empty/],
      [{ title: 'x'.repeat(201) }, 'invalid_title', /201 characters.*limit is 200/],
      [{ title: 42 }, 'invalid_title', /must be text/],
      [{ purpose: 'x'.repeat(20_001) }, 'invalid_purpose', /limit/],
      [{ rooms: 0 }, 'invalid_rooms', /1 to 100/],
      [{ rooms: 101 }, 'invalid_rooms', /1 to 100/],
      [{ rooms: 2.5 }, 'invalid_rooms', /whole number/],
      [{ roomSize: 0 }, 'invalid_roomSize', /1 to 100/],
      [{ rooms: 3, roomSize: 4 }, 'invalid_rooms', /not both/],
      [{ breakoutMinutes: 0 }, 'invalid_breakoutMinutes', /1 to 600/],
      [{ breakoutMinutes: 601 }, 'invalid_breakoutMinutes', /1 to 600/],
      [{ reportingMinutes: -1 }, 'invalid_reportingMinutes', /1 to 600/],
      [{ reportingMinutes: '10' }, 'invalid_reportingMinutes', /"10"/],
      [{ autoAdvance: 'yes' }, 'invalid_autoAdvance', /true or false/],
      [{ suggestions: 'one' }, 'invalid_suggestions', /list/],
      [{ suggestions: ['ok', 3] }, 'invalid_suggestions', /Suggestion 2 must be text/],
      [{ suggestions: ['x'.repeat(1001)] }, 'invalid_suggestions', /Suggestion 1 is 1001/],
      [{ suggestions: Array.from({ length: 101 }, (_, i) => `s${i}`) }, 'invalid_suggestions', /101 suggestions/],
      [{ template: { columns: [] } }, 'invalid_template', /0 columns/],
      [{ template: { columns: Array.from({ length: 13 }, (_, i) => ({ key: `c${i}`, label: 'C', kind: 'text' })) } }, 'invalid_template', /13 columns/],
      [{ template: {} }, 'invalid_template', /list of columns/],
      [{ template: { columns: [{ key: 'a', label: 'A', kind: 'text' }, { key: 'a', label: 'B', kind: 'text' }] } }, 'invalid_template', /repeats the key "a"/],
      [{ template: { columns: [{ key: '1a', label: 'A', kind: 'text' }] } }, 'invalid_template', /column 1 has key "1a"/],
      [{ template: { columns: [{ key: 'a', label: ' ', kind: 'text' }] } }, 'invalid_template', /needs a label/],
      [{ template: { columns: [{ key: 'a', label: 'A', kind: 'number' }] } }, 'invalid_template', /"text" or "rating"/],
      [{ template: { columns: ['a'] } }, 'invalid_template', /must be an object/],
      [{ template: { columns: [{ key: 'a', label: 'A', kind: 'rating' }] } }, 'invalid_template', /at least one text column/],
      [{ id: '' }, 'invalid_id', /empty/],
      [{ joinCode: 7 }, 'invalid_joinCode', /text/],
    ];
    for (const [extra, code, message] of cases) {
      refuses(() => base(extra as Partial<Parameters<typeof createWorkshop>[0]>), code, 400, message);
    }
  });

  it('[WS1] accepts the boundaries', () => {
    expect(base({ title: 'x'.repeat(200), rooms: 100, breakoutMinutes: 600, reportingMinutes: 1 }).settings.rooms).toBe(100);
    expect(base({ suggestions: Array.from({ length: 100 }, () => 'x'.repeat(1000)) }).settings.suggestions).toHaveLength(100);
    expect(base({ rooms: 1 }).settings.rooms).toBe(1);
  });
});

describe('addParticipant', () => {
  it('[WS2] adds a trimmed name with no room before the assignment', () => {
    const w = addParticipant(base(), { id: 'a', name: '  Ana  ', now: T0 + 5 });
    expect(w.participants).toEqual([{ id: 'a', name: 'Ana', room: null, joinedAt: T0 + 5 }]);
    expect(findParticipant(w, 'a')?.name).toBe('Ana');
    expect(roomOf(w, 'a')).toBeNull();
  });

  it('[WS2] refuses bad names, duplicate ids and closed workshops', () => {
    const w = withPeople(1);
    refuses(() => addParticipant(w, { id: 'x', name: '   ', now: T0 }), 'invalid_name', 400, /name is empty/);
    refuses(() => addParticipant(w, { id: 'x', name: 'x'.repeat(81), now: T0 }), 'invalid_name', 400, /limit is 80/);
    refuses(() => addParticipant(w, { id: 'x', name: 'A\u0000B', now: T0 }), 'invalid_name', 400, /control characters/);
    refuses(() => addParticipant(w, { id: 'x', name: null as unknown as string, now: T0 }), 'invalid_name', 400, /text/);
    refuses(() => addParticipant(w, { id: 'p0', name: 'Again', now: T0 }), 'duplicate_participant', 409);
    refuses(() => addParticipant(w, { id: '', name: 'Ana', now: T0 }), 'invalid_id', 400);
    const closed = setPhase(w, 'closed', T0);
    refuses(() => addParticipant(closed, { id: 'x', name: 'Ana', now: T0 }), 'workshop_closed', 409, /closed/);
    expect(addParticipant(w, { id: 'x', name: 'x'.repeat(80), now: T0 }).participants).toHaveLength(2);
  });

  it('[WS2] a late joiner goes to the smallest room', () => {
    let w = assign(withPeople(9, base({ rooms: 4 })), 'seed');
    const sizes = () => w.rooms.map((r) => r.participantIds.length);
    expect(sizes()).toEqual([3, 2, 2, 2]);
    w = addParticipant(w, { id: 'late1', name: 'Late', now: T0 });
    expect(roomOf(w, 'late1')).toBe(2);
    expect(findParticipant(w, 'late1')?.room).toBe(2);
    w = addParticipant(w, { id: 'late2', name: 'Later', now: T0 });
    expect(roomOf(w, 'late2')).toBe(3);
    checkInvariants(w);
  });

  it('[WS2] refuses joiners beyond the participant limit', () => {
    const w = withPeople(2000);
    refuses(() => addParticipant(w, { id: 'one-more', name: 'X', now: T0 }), 'workshop_full', 409, /2000/);
  });
});

describe('assign', () => {
  it('[WS3] shuffles everyone into balanced rooms numbered from 1, reproducibly', () => {
    const w = withPeople(10);
    const a = assign(w, 'seed-1');
    expect(a.rooms.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(a.rooms.map((r) => r.participantIds.length)).toEqual([3, 3, 2, 2]);
    expect(a.assignmentSeed).toBe('seed-1');
    expect(assign(w, 'seed-1').rooms).toEqual(a.rooms);
    expect(assign(w, 'seed-2').rooms).not.toEqual(a.rooms);
    checkInvariants(a);
  });

  it('[WS3] uses the room size when set', () => {
    const a = assign(withPeople(11, base({ roomSize: 3 })), 's');
    expect(a.rooms.map((r) => r.participantIds.length)).toEqual([3, 3, 3, 2]);
  });

  it('[WS3] assigns into at least one room even with nobody there', () => {
    const a = assign(base({ roomSize: 3 }), 's');
    expect(a.rooms).toEqual([{ number: 1, participantIds: [], rapporteurId: null }]);
  });

  it('[WS3] a reshuffle keeps a rapporteur only if still in the same room', () => {
    let w = assign(withPeople(8, base({ rooms: 2 })), 's1');
    const r1 = w.rooms[0]!.participantIds[0]!;
    const r2 = w.rooms[1]!.participantIds[0]!;
    w = setRapporteur(setRapporteur(w, 1, r1), 2, r2);
    for (let s = 0; s < 20; s++) {
      const again = assign(w, `s${s}`);
      expect(again.rooms[0]!.rapporteurId).toBe(again.rooms[0]!.participantIds.includes(r1) ? r1 : null);
      expect(again.rooms[1]!.rapporteurId).toBe(again.rooms[1]!.participantIds.includes(r2) ? r2 : null);
      checkInvariants(again);
    }
  });

  it('[WS3] allowed in lobby and break-out only; refuses a bad seed', () => {
    const w = withPeople(4);
    const breakout = setPhase(w, 'breakout', T0);
    expect(assign(breakout, 'x').assignmentSeed).toBe('x');
    const reporting = setPhase(breakout, 'reporting', T0);
    refuses(() => assign(reporting, 'x'), 'assignment_closed', 409, /in reporting/);
    refuses(() => assign(setPhase(w, 'closed', T0), 'x'), 'assignment_closed', 409);
    refuses(() => assign(w, ''), 'invalid_seed', 400);
    refuses(() => assign(w, 'x'.repeat(201)), 'invalid_seed', 400);
  });
});

describe('moveParticipant', () => {
  const assigned = () => assign(withPeople(8), 's');

  it('[WS4] moves one person and keeps the room lists consistent', () => {
    const w = assigned();
    const who = w.rooms[0]!.participantIds[0]!;
    const moved = moveParticipant(w, who, 3);
    expect(roomOf(moved, who)).toBe(3);
    expect(findParticipant(moved, who)?.room).toBe(3);
    expect(moved.rooms[0]!.participantIds).not.toContain(who);
    checkInvariants(moved);
    expect(moveParticipant(moved, who, 3)).toBe(moved);
  });

  it('[WS4] clears the old room’s rapporteur if it was them', () => {
    let w = assigned();
    const [a, b] = w.rooms[0]!.participantIds as [string, string];
    w = setRapporteur(w, 1, a);
    expect(moveParticipant(w, b, 2).rooms[0]!.rapporteurId).toBe(a);
    expect(moveParticipant(w, a, 2).rooms[0]!.rapporteurId).toBeNull();
  });

  it('[WS4] refuses unknown people, missing rooms, and moves before assignment', () => {
    const w = assigned();
    refuses(() => moveParticipant(w, 'nobody', 1), 'unknown_participant', 404, /nobody/);
    refuses(() => moveParticipant(w, 'p0', 7), 'unknown_room', 422, /Room 7 does not exist; this workshop has rooms 1–4\./);
    refuses(() => moveParticipant(w, 'p0', 0), 'unknown_room', 422);
    refuses(() => moveParticipant(withPeople(2), 'p0', 1), 'no_rooms', 409, /assign rooms first/);
    refuses(() => moveParticipant(assign(withPeople(2, base({ rooms: 1 })), 's'), 'p0', 2), 'unknown_room', 422, /only room 1/);
    refuses(() => moveParticipant(setPhase(w, 'closed', T0), 'p0', 1), 'workshop_closed', 409);
  });
});

describe('setPhase', () => {
  it('[PH5] starts a timed clock for break-out and reporting, untimed for lobby and closed', () => {
    let w = withPeople(4, base({ breakoutMinutes: 20, reportingMinutes: 5 }));
    w = setPhase(w, 'breakout', T0 + MIN);
    expect(w.clock).toEqual({ phase: 'breakout', startedAt: T0 + MIN, durationMs: 20 * MIN, pausedAt: null, pausedMs: 0 });
    w = setPhase(w, 'reporting', T0 + 30 * MIN);
    expect(publicState(w, T0 + 31 * MIN).workshop.endsAt).toBe(T0 + 35 * MIN);
    w = setPhase(w, 'closed', T0 + 40 * MIN);
    expect(w.clock.durationMs).toBeNull();
    expect(publicState(w, T0 + 41 * MIN).workshop.endsAt).toBeNull();
  });

  it('[PH5] resets the warnings sent in the previous phase', () => {
    let w = setPhase(withPeople(2), 'breakout', T0);
    w = tick(w, T0 + 26 * MIN).workshop;
    expect(w.warningsSent).toEqual([5]);
    expect(setPhase(w, 'reporting', T0 + 27 * MIN).warningsSent).toEqual([]);
  });

  it('[PH6] entering the break-out without rooms assigns, reproducibly from id and now', () => {
    const w = withPeople(6);
    const b = setPhase(w, 'breakout', T0 + 7);
    expect(b.assignmentSeed).toBe('w1:' + String(T0 + 7));
    expect(b.rooms).toEqual(assign(w, `w1:${T0 + 7}`).rooms);
    checkInvariants(b);
    // Reopening from reporting keeps the rooms.
    const back = setPhase(setPhase(b, 'reporting', T0 + MIN), 'breakout', T0 + 2 * MIN);
    expect(back.rooms).toEqual(b.rooms);
    expect(back.clock.startedAt).toBe(T0 + 2 * MIN);
  });

  it('[PH6] keeps an existing assignment when entering the break-out', () => {
    const w = assign(withPeople(6), 'mine');
    expect(setPhase(w, 'breakout', T0).rooms).toEqual(w.rooms);
  });

  it('[PH4] the same phase is a no-op that does not restart the clock', () => {
    const w = setPhase(withPeople(2), 'breakout', T0);
    expect(setPhase(w, 'breakout', T0 + 5 * MIN)).toBe(w);
  });

  it('[PH7] refuses moves the machine does not allow, naming the allowed ones', () => {
    const w = withPeople(2);
    refuses(() => setPhase(w, 'reporting', T0), 'invalid_transition', 409, /in lobby; it can move to breakout or closed, not reporting/);
    const closed = setPhase(w, 'closed', T0);
    refuses(() => setPhase(closed, 'lobby', T0), 'invalid_transition', 409, /cannot change phase/);
    refuses(() => setPhase(setPhase(w, 'breakout', T0), 'lobby', T0), 'invalid_transition', 409);
    refuses(() => setPhase(w, 'plenary' as Phase, T0), 'invalid_phase', 400, /lobby, breakout, reporting, closed/);
  });
});

describe('clock operations', () => {
  const inBreakout = () => setPhase(withPeople(3), 'breakout', T0);

  it('[CL2] pause and resume through the workshop', () => {
    const paused = pauseClock(inBreakout(), T0 + 10 * MIN);
    expect(publicState(paused, T0 + 50 * MIN).workshop).toMatchObject({ paused: true, endsAt: null, remainingMs: 20 * MIN });
    expect(pauseClock(paused, T0 + 11 * MIN)).toBe(paused);
    const resumed = resumeClock(paused, T0 + 12 * MIN);
    expect(publicState(resumed, T0 + 12 * MIN).workshop).toMatchObject({ paused: false, endsAt: T0 + 32 * MIN, remainingMs: 20 * MIN });
    expect(resumeClock(resumed, T0 + 13 * MIN)).toBe(resumed);
  });

  it('[CL3] clock operations in an untimed phase → 409', () => {
    const lobby = withPeople(1);
    refuses(() => pauseClock(lobby, T0), 'clock_untimed', 409);
    refuses(() => resumeClock(lobby, T0), 'clock_untimed', 409);
    refuses(() => extendClock(lobby, 5, T0), 'clock_untimed', 409);
  });

  it('[CL4] extendClock takes whole minutes 1–120', () => {
    const w = inBreakout();
    expect(publicState(extendClock(w, 120, T0), T0).workshop.endsAt).toBe(T0 + 150 * MIN);
    for (const bad of [0, 121, 1.5, -3]) refuses(() => extendClock(w, bad, T0), 'invalid_minutes', 400, /1 to 120/);
  });

  it('[CL5] extending re-arms the warnings that are ahead again, and the time-up notice', () => {
    let w = inBreakout();
    w = tick(w, T0 + 29.5 * MIN).workshop;
    expect(w.warningsSent.sort()).toEqual([1, 5]);
    w = extendClock(w, 3, T0 + 29.5 * MIN); // 3.5 minutes left: the 5-minute warning stays sent
    expect(w.warningsSent).toEqual([5]);
    w = tick(w, T0 + 40 * MIN).workshop;
    expect(w.warningsSent).toContain(0);
    w = extendClock(w, 10, T0 + 40 * MIN);
    expect(w.warningsSent).toEqual([]);
  });
});

describe('tick', () => {
  it('[WS6] sends each warning once, then announces time-up once without autoAdvance', () => {
    let w = setPhase(withPeople(3), 'breakout', T0);
    const events: unknown[] = [];
    for (let t = T0; t <= T0 + 35 * MIN; t += 1000) {
      const r = tick(w, t);
      events.push(...r.events);
      w = r.workshop;
    }
    expect(events).toEqual([
      { type: 'warning', minutesLeft: 5 },
      { type: 'warning', minutesLeft: 1 },
      { type: 'expired', phase: 'breakout' },
    ]);
    expect(w.phase).toBe('breakout');
  });

  it('[WS6] with autoAdvance moves break-out → reporting → closed', () => {
    let w = setPhase(withPeople(3, base({ autoAdvance: true, breakoutMinutes: 2, reportingMinutes: 3 })), 'breakout', T0);
    let r = tick(w, T0 + 2 * MIN);
    expect(r.events).toEqual([{ type: 'expired', phase: 'breakout' }]);
    w = r.workshop;
    expect(w.phase).toBe('reporting');
    expect(w.clock.startedAt).toBe(T0 + 2 * MIN);
    r = tick(w, T0 + 5 * MIN);
    expect(r.events).toEqual([{ type: 'expired', phase: 'reporting' }]);
    expect(r.workshop.phase).toBe('closed');
    expect(tick(r.workshop, T0 + 99 * MIN)).toEqual({ workshop: r.workshop, events: [] });
  });

  it('[WS6] announces only the closest warning when several are crossed at once', () => {
    const w = setPhase(withPeople(1), 'breakout', T0);
    const r = tick(w, T0 + 29.5 * MIN);
    expect(r.events).toEqual([{ type: 'warning', minutesLeft: 1 }]);
    expect(tick(r.workshop, T0 + 29.6 * MIN).events).toEqual([]);
  });

  it('[WS6] switching autoAdvance on after time-up still moves on', () => {
    let w = setPhase(withPeople(1), 'breakout', T0);
    w = tick(w, T0 + 31 * MIN).workshop;
    expect(w.phase).toBe('breakout');
    const r = tick(setAutoAdvance(w, true), T0 + 32 * MIN);
    expect(r.events).toEqual([]);
    expect(r.workshop.phase).toBe('reporting');
  });

  it('[WS6] nothing happens while paused, in the lobby, or when nothing is due', () => {
    const lobby = withPeople(1);
    expect(tick(lobby, T0 + 999 * MIN)).toEqual({ workshop: lobby, events: [] });
    const paused = pauseClock(setPhase(lobby, 'breakout', T0), T0 + 10 * MIN);
    expect(tick(paused, T0 + 999 * MIN).workshop).toBe(paused);
    const running = setPhase(lobby, 'breakout', T0);
    expect(tick(running, T0 + MIN).workshop).toBe(running);
  });

  it('setAutoAdvance refuses a non-boolean and is a no-op when unchanged', () => {
    const w = base();
    expect(setAutoAdvance(w, false)).toBe(w);
    expect(setAutoAdvance(w, true).settings.autoAdvance).toBe(true);
    refuses(() => setAutoAdvance(w, 'yes' as unknown as boolean), 'invalid_autoAdvance', 400);
  });
});

describe('setRapporteur', () => {
  const assigned = () => assign(withPeople(8), 's');

  it('[WS5] appoints a member and clears with null', () => {
    const w = assigned();
    const member = w.rooms[1]!.participantIds[0]!;
    const set = setRapporteur(w, 2, member);
    expect(set.rooms[1]!.rapporteurId).toBe(member);
    expect(setRapporteur(set, 2, member)).toBe(set);
    expect(setRapporteur(set, 2, null).rooms[1]!.rapporteurId).toBeNull();
  });

  it('[WS5] refuses non-members, unknown people and unknown rooms', () => {
    const w = assigned();
    const outsider = w.rooms[0]!.participantIds[0]!;
    refuses(() => setRapporteur(w, 2, outsider), 'not_in_room', 400, /is in room 1; only a member of room 2/);
    refuses(() => setRapporteur(w, 2, 'ghost'), 'unknown_participant', 404);
    refuses(() => setRapporteur(w, 9, null), 'unknown_room', 404, /Room 9 does not exist; this workshop has rooms 1–4/);
    refuses(() => setRapporteur(withPeople(2), 1, 'p0'), 'unknown_room', 404, /no rooms yet/);
    refuses(() => setRapporteur(setPhase(w, 'closed', T0), 1, null), 'workshop_closed', 409);
  });
});

describe('broadcast', () => {
  it('[WS7] sets a trimmed message with its time and clears it', () => {
    const w = setBroadcast(base(), '  Five minutes left, wrap up  ', T0 + 3);
    expect(w.broadcast).toEqual({ message: 'Five minutes left, wrap up', at: T0 + 3 });
    expect(clearBroadcast(w).broadcast).toBeNull();
    const none = base();
    expect(clearBroadcast(none)).toBe(none);
  });

  it('[WS7] refuses empty or over-long messages', () => {
    refuses(() => setBroadcast(base(), '  ', T0), 'invalid_message', 400, /empty/);
    refuses(() => setBroadcast(base(), 'x'.repeat(501), T0), 'invalid_message', 400, /500/);
    expect(setBroadcast(base(), 'x'.repeat(500), T0).broadcast?.message).toHaveLength(500);
  });
});

describe('publicState', () => {
  it('[WS8] shows the live state and no secrets', () => {
    let w = assign(withPeople(3, base({ purpose: 'Why we exist' })), 'secret-seed');
    w = setBroadcast(setPhase(w, 'breakout', T0), 'hello', T0);
    const s = publicState(w, T0 + 10 * MIN);
    expect(s.workshop).toEqual({
      id: 'w1',
      title: 'Purpose review',
      purpose: 'Why we exist',
      suggestions: [],
      phase: 'breakout',
      endsAt: T0 + 30 * MIN,
      remainingMs: 20 * MIN,
      paused: false,
      template: DEFAULT_TEMPLATE,
      breakoutMinutes: 30,
      reportingMinutes: 10,
      autoAdvance: false,
      joinCode: 'JOIN42',
    });
    // Each room also carries its own end, help and message [TR3][HP1][RM1].
    expect(s.rooms.map(({ number, participantIds, rapporteurId }) => ({ number, participantIds, rapporteurId }))).toEqual(w.rooms);
    expect(s.rooms.every((r) => r.help === null && r.message === null && r.offsetMs === 0)).toBe(true);
    expect(s.participants).toEqual(w.participants.map(({ id, name, room }) => ({ id, name, room })));
    expect(s.broadcast).toEqual({ message: 'hello', at: T0 });
    const text = JSON.stringify(s);
    expect(text).not.toContain('secret-seed');
    expect(text).not.toContain('joinedAt');
    expect(text).not.toMatch(/token/i);
  });

  it('[WS8] is a copy: changing it does not change the workshop', () => {
    const w = assign(withPeople(3), 's');
    const s = publicState(w, T0);
    s.rooms[0]!.participantIds.push('intruder');
    s.workshop.template.columns.pop();
    expect(w.rooms[0]!.participantIds).not.toContain('intruder');
    expect(w.settings.template.columns).toHaveLength(5);
  });
});

describe('[WS9] any sequence of operations', () => {
  type Op =
    | { kind: 'join'; name: string }
    | { kind: 'assign'; seed: string }
    | { kind: 'move'; who: number; room: number }
    | { kind: 'phase'; to: Phase }
    | { kind: 'rapporteur'; room: number; who: number | null }
    | { kind: 'appoint'; room: number; member: number }
    | { kind: 'pause' }
    | { kind: 'resume' }
    | { kind: 'extend'; minutes: number }
    | { kind: 'wait'; ms: number };
  // Weighted towards joins, moves and appointments so runs rarely close before those meet.
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('join' as const), name: fc.oneof(fc.string({ maxLength: 90 }), fc.constant('Ana')) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('assign' as const), seed: fc.string({ maxLength: 10 }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('move' as const), who: fc.nat(6), room: fc.integer({ min: -1, max: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('phase' as const), to: fc.constantFrom<Phase>('lobby', 'breakout', 'reporting', 'closed') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rapporteur' as const), room: fc.integer({ min: 0, max: 6 }), who: fc.option(fc.nat(6)) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('appoint' as const), room: fc.integer({ min: 1, max: 5 }), member: fc.nat(10) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), minutes: fc.integer({ min: -5, max: 130 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 * MIN }) }) },
  );

  it('keeps every participant in exactly one room, rapporteurs in their rooms, inputs untouched', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 3, 5), fc.boolean(), fc.array(op, { minLength: 20, maxLength: 80 }), (rooms, autoAdvance, ops) => {
        let w = deepFreeze(base({ rooms, autoAdvance, breakoutMinutes: 10, reportingMinutes: 5 }));
        let now = T0;
        let joined = 0;
        for (const o of ops) {
          const before = JSON.stringify(w);
          const id = (i: number) => `p${i}`;
          try {
            switch (o.kind) {
              case 'join':
                w = addParticipant(w, { id: id(joined), name: o.name, now });
                joined++;
                break;
              case 'assign':
                w = assign(w, o.seed);
                break;
              case 'move':
                w = moveParticipant(w, id(o.who), o.room);
                break;
              case 'phase':
                w = setPhase(w, o.to, now);
                break;
              case 'rapporteur':
                w = setRapporteur(w, o.room, o.who === null ? null : id(o.who));
                break;
              case 'appoint': {
                // Picks a real member so that appointments succeed often enough to meet later moves.
                const members = w.rooms[o.room - 1]?.participantIds ?? [];
                w = setRapporteur(w, o.room, members[o.member % Math.max(1, members.length)] ?? null);
                break;
              }
              case 'pause':
                w = pauseClock(w, now);
                break;
              case 'resume':
                w = resumeClock(w, now);
                break;
              case 'extend':
                w = extendClock(w, o.minutes, now);
                break;
              case 'wait':
                now += o.ms;
                w = tick(w, now).workshop;
                break;
            }
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            expect(JSON.stringify(w)).toBe(before);
          }
          w = deepFreeze(w);
          checkInvariants(w);
          const state = publicState(w, now);
          if (state.workshop.remainingMs !== null) expect(state.workshop.remainingMs).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
