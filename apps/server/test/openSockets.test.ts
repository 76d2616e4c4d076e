import { addParticipant, assign, createWorkshop, removeParticipant, setPresentingRoom, setPhase, type Workshop } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import { OpenSockets, SEAT_CLOSE } from '../src/people/OpenSockets';
import { resolveClaims } from '../src/people/resolveClaims';
import type { TokenClaims } from '../src/tokens';

function workshop(people: number): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Sockets' });
  for (let i = 0; i < people; i++) w = addParticipant(w, { id: `p${i}`, name: `Person ${i}`, now: 0 });
  return assign(w, 'seed');
}

function openAll(sockets: OpenSockets, w: Workshop) {
  const closed: Array<{ p: string | null; code: number }> = [];
  for (const p of w.participants) {
    const claims: TokenClaims = { w: w.id, r: 'participant', p: p.id, exp: Infinity };
    sockets.add(claims, (code) => closed.push({ p: claims.p, code }));
  }
  return closed;
}

describe('OpenSockets', () => {
  it('re-checks the sockets only when the people, merges or links of the record changed', () => {
    let resolved = 0;
    const sockets = new OpenSockets((w, claims) => {
      resolved++;
      return resolveClaims(w, claims);
    });
    let w = setPhase(workshop(20), 'breakout', 1);
    const closed = openAll(sockets, w);
    sockets.recheck(w);
    expect(resolved).toBe(20);
    // A phase, the presenting room: the people are the same objects, nothing to re-check.
    w = setPhase(w, 'reporting', 2);
    sockets.recheck(w);
    w = setPresentingRoom(w, { role: 'facilitator', participantId: null }, 1);
    sockets.recheck(w);
    expect(resolved).toBe(20);
    // A person removed: every socket is resolved again and theirs is closed.
    w = removeParticipant(w, 'p3');
    sockets.recheck(w);
    expect(resolved).toBe(40);
    expect(closed).toEqual([{ p: 'p3', code: SEAT_CLOSE.removed }]);
    expect(sockets.count('w1')).toBe(19);
  });

  it('re-checks again after a socket opened, whatever record its claims were resolved against', () => {
    const sockets = new OpenSockets(resolveClaims);
    const w = workshop(3);
    openAll(sockets, w);
    sockets.recheck(w);
    // A socket opened with claims read from an older record, for a person this record no longer has.
    const gone = removeParticipant(w, 'p1');
    const closed: number[] = [];
    sockets.recheck(gone);
    sockets.add({ w: 'w1', r: 'participant', p: 'p1', exp: Infinity }, (code) => closed.push(code));
    sockets.recheck(gone);
    expect(closed).toEqual([SEAT_CLOSE.removed]);
  });

  it('re-checks a record read back from storage (a copy: new objects) in full', () => {
    let resolved = 0;
    const sockets = new OpenSockets((w, claims) => {
      resolved++;
      return resolveClaims(w, claims);
    });
    const w = workshop(5);
    openAll(sockets, w);
    sockets.recheck(w);
    sockets.recheck(JSON.parse(JSON.stringify(w)) as Workshop);
    expect(resolved).toBe(10);
  });
});
