import { describe, expect, it } from 'vitest';
import { phaseNotice, type PhaseSituation } from '../src/facilitate/phaseNotice';

const MIN = 60_000;
const at = (s: Partial<PhaseSituation>): PhaseSituation => ({ phase: 'breakout', remainingMs: 25 * MIN, rooms: 3, people: 9, breakoutMinutes: 30, ...s });

describe('phase changes say what they will do', () => {
  it('ending the break-out early names the rooms and the minutes left; on time it just goes', () => {
    expect(phaseNotice('reporting', at({}))).toEqual({
      kind: 'confirm',
      says: { key: 'people.phase.toReporting', vars: { rooms: 3, minutes: 25 } },
      confirmKey: 'people.phase.confirmReporting',
      danger: false,
    });
    expect(phaseNotice('reporting', at({ remainingMs: 24 * MIN + 1 }))?.says.vars.minutes).toBe(25);
    expect(phaseNotice('reporting', at({ remainingMs: 0 }))).toBeNull();
  });

  it('closing always asks, and says so when break-out time is left', () => {
    expect(phaseNotice('closed', at({}))).toMatchObject({ kind: 'confirm', says: { key: 'people.phase.closeBreakout', vars: { minutes: 25 } }, danger: true });
    expect(phaseNotice('closed', at({ phase: 'reporting', remainingMs: 5 * MIN }))).toMatchObject({ kind: 'confirm', says: { key: 'people.phase.close' }, danger: true });
    expect(phaseNotice('closed', at({ phase: 'lobby', remainingMs: null }))).toMatchObject({ kind: 'confirm', says: { key: 'people.phase.close' } });
  });

  it('going back to the break-out asks, with the fresh clock', () => {
    expect(phaseNotice('breakout', at({ phase: 'reporting' }))).toMatchObject({ kind: 'confirm', says: { key: 'people.phase.backToBreakout', vars: { minutes: 30 } } });
  });

  it('starting with nobody joined is refused with the reason; before the assignment it says it assigns', () => {
    expect(phaseNotice('breakout', at({ phase: 'lobby', remainingMs: null, rooms: 0, people: 0 }))).toEqual({ kind: 'blocked', says: { key: 'people.phase.nobody', vars: {} } });
    expect(phaseNotice('breakout', at({ phase: 'lobby', remainingMs: null, rooms: 0, people: 7 }))).toMatchObject({ kind: 'confirm', says: { key: 'people.phase.startAssigns', vars: { people: 7, minutes: 30 } } });
    expect(phaseNotice('breakout', at({ phase: 'lobby', remainingMs: null, rooms: 2, people: 7 }))).toBeNull();
  });
});
