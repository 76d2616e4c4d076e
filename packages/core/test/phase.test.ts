import { describe, expect, it } from 'vitest';
import { refuses } from './fixtures/refuses';
import fc from 'fast-check';
import { allowedTransitions, canTransition, isPhase, parsePhase, PHASES } from '../src/phase';
import type { Phase } from '../src/phase';
import { dueWarnings, endsAt, extend, isExpired, pause, remainingMs, resume, startClock } from '../src/clock';
import type { Clock } from '../src/clock';

const MIN = 60_000;
const T0 = 1_700_000_000_000;
const running = (minutes: number, at = T0): Clock => startClock('breakout', at, minutes * MIN);

describe('phase machine', () => {
  it('[PH1] moves forward one step at a time', () => {
    expect(canTransition('lobby', 'breakout')).toBe(true);
    expect(canTransition('breakout', 'reporting')).toBe(true);
    expect(canTransition('reporting', 'closed')).toBe(true);
    expect(canTransition('lobby', 'reporting')).toBe(false);
  });

  it('[PH2] the only way back is reporting → breakout', () => {
    expect(canTransition('reporting', 'breakout')).toBe(true);
    const backwards = PHASES.flatMap((from, i) => PHASES.slice(0, i).map((to) => [from, to] as const));
    const allowedBack = backwards.filter(([from, to]) => canTransition(from, to));
    expect(allowedBack).toEqual([['reporting', 'breakout']]);
  });

  it('[PH3] closed is reachable from every phase and final', () => {
    for (const p of PHASES.filter((x) => x !== 'closed')) expect(canTransition(p, 'closed')).toBe(true);
    for (const p of PHASES) expect(canTransition('closed', p)).toBe(false);
    expect(allowedTransitions('closed')).toEqual([]);
  });

  it('[PH4] staying in the same phase is not a transition', () => {
    for (const p of PHASES) expect(canTransition(p, p)).toBe(false);
  });

  it('[PH1] allowedTransitions agrees with canTransition', () => {
    for (const from of PHASES) {
      for (const to of PHASES) expect(allowedTransitions(from).includes(to)).toBe(canTransition(from, to));
    }
  });

  it('[PH7] parsePhase accepts the four names and refuses others with the list', () => {
    for (const p of PHASES) expect(parsePhase(p)).toBe(p);
    for (const bad of ['Lobby', 'open', '', null, 3]) {
      expect(isPhase(bad)).toBe(false);
      refuses(() => parsePhase(bad), 'invalid_phase', 400);
    }
    expect(() => parsePhase('open')).toThrowError(/lobby, breakout, reporting, closed/);
  });
});

describe('clock', () => {
  it('[CL1] survives a restart: a JSON round trip gives the same remaining time at any later now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 700 * MIN }), fc.integer({ min: 0, max: 700 * MIN }), (minutes, pausedAfter, later) => {
        let clock = running(minutes);
        clock = pause(clock, T0 + Math.min(pausedAfter, minutes * MIN - 1));
        clock = resume(clock, T0 + pausedAfter + 10);
        const restored = JSON.parse(JSON.stringify(clock)) as Clock;
        const now = T0 + pausedAfter + 10 + later;
        expect(remainingMs(restored, now)).toBe(remainingMs(clock, now));
        expect(endsAt(restored)).toBe(endsAt(clock));
      }),
    );
  });

  it('[CL1] the remaining time is computed from now, not stored', () => {
    const clock = running(30);
    expect(remainingMs(clock, T0)).toBe(30 * MIN);
    expect(remainingMs(clock, T0 + 10 * MIN)).toBe(20 * MIN);
    expect(remainingMs(clock, T0 + 40 * MIN)).toBe(0);
    expect(endsAt(clock)).toBe(T0 + 30 * MIN);
  });

  it('[CL2] untimed clocks have no end and no remaining time', () => {
    const lobby = startClock('lobby', T0, null);
    expect(endsAt(lobby)).toBeNull();
    expect(remainingMs(lobby, T0 + 1)).toBeNull();
    expect(isExpired(lobby, T0 + 10_000 * MIN)).toBe(false);
  });

  it('[CL2] pausing freezes the remaining time and resuming pushes the end back by the pause', () => {
    const paused = pause(running(30), T0 + 10 * MIN);
    expect(endsAt(paused)).toBeNull();
    expect(remainingMs(paused, T0 + 10 * MIN)).toBe(20 * MIN);
    expect(remainingMs(paused, T0 + 500 * MIN)).toBe(20 * MIN);
    expect(isExpired(paused, T0 + 500 * MIN)).toBe(false);
    const resumed = resume(paused, T0 + 15 * MIN);
    expect(endsAt(resumed)).toBe(T0 + 35 * MIN);
    expect(remainingMs(resumed, T0 + 15 * MIN)).toBe(20 * MIN);
    // A second pause adds up.
    const again = resume(pause(resumed, T0 + 20 * MIN), T0 + 22 * MIN);
    expect(endsAt(again)).toBe(T0 + 37 * MIN);
    expect(again.pausedMs).toBe(7 * MIN);
  });

  it('[CL3] pause and resume are idempotent', () => {
    const paused = pause(running(30), T0 + MIN);
    expect(pause(paused, T0 + 2 * MIN)).toBe(paused);
    const clock = running(30);
    expect(resume(clock, T0 + MIN)).toBe(clock);
  });

  it('[CL3] pause, resume and extend on an untimed clock → 409', () => {
    const lobby = startClock('lobby', T0, null);
    refuses(() => pause(lobby, T0), 'clock_untimed', 409);
    refuses(() => resume(lobby, T0), 'clock_untimed', 409);
    refuses(() => extend(lobby, 5, T0), 'clock_untimed', 409);
    expect(() => pause(lobby, T0)).toThrowError(/lobby phase has no timer/);
  });

  it('[CL3] pausing once time is up → 409 clock_expired', () => {
    refuses(() => pause(running(1), T0 + MIN), 'clock_expired', 409);
  });

  it('[CL4] extend adds minutes to a running or paused clock', () => {
    expect(endsAt(extend(running(30), 5, T0 + MIN))).toBe(T0 + 35 * MIN);
    const paused = pause(running(30), T0 + 10 * MIN);
    expect(remainingMs(extend(paused, 5, T0 + 12 * MIN), T0 + 99 * MIN)).toBe(25 * MIN);
  });

  it('[CL4] extending after time is up counts from now', () => {
    const late = extend(running(30), 5, T0 + 50 * MIN);
    expect(endsAt(late)).toBe(T0 + 55 * MIN);
    expect(isExpired(late, T0 + 50 * MIN)).toBe(false);
  });

  it('[CL4] extend refuses non-positive minutes', () => {
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => extend(running(30), bad, T0)).toThrowError(expect.objectContaining({ code: 'invalid_minutes' }));
    }
  });

  it('[CL5] warnings at 5 and 1 minutes left, each once', () => {
    const clock = running(30);
    expect(dueWarnings(clock, T0, [])).toEqual([]);
    expect(dueWarnings(clock, T0 + 25 * MIN - 1, [])).toEqual([]);
    expect(dueWarnings(clock, T0 + 25 * MIN, [])).toEqual([5]);
    expect(dueWarnings(clock, T0 + 26 * MIN, [5])).toEqual([]);
    expect(dueWarnings(clock, T0 + 29 * MIN, [5])).toEqual([1]);
    expect(dueWarnings(clock, T0 + 29.5 * MIN, [5, 1])).toEqual([]);
  });

  it('[CL5] both thresholds are due when crossed together', () => {
    expect(dueWarnings(running(30), T0 + 29.5 * MIN, [])).toEqual([5, 1]);
  });

  it('[CL5] no warning for a phase not longer than the threshold', () => {
    expect(dueWarnings(running(5), T0, [])).toEqual([]);
    expect(dueWarnings(running(5), T0 + 4 * MIN, [])).toEqual([1]);
    expect(dueWarnings(running(1), T0 + 0.5 * MIN, [])).toEqual([]);
  });

  it('[CL5] no stale warnings once time is up, none for untimed clocks', () => {
    expect(dueWarnings(running(30), T0 + 30 * MIN, [])).toEqual([]);
    expect(dueWarnings(startClock('closed', T0, null), T0, [])).toEqual([]);
  });

  it('[CL6] isExpired exactly at the end, not a millisecond before', () => {
    const clock = running(10);
    expect(isExpired(clock, T0 + 10 * MIN - 1)).toBe(false);
    expect(isExpired(clock, T0 + 10 * MIN)).toBe(true);
  });

  it('[CL2] remaining time never goes up while running and never below zero', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 * MIN }), { maxLength: 30 }), (steps) => {
        const clock = running(30);
        let now = T0;
        let last = remainingMs(clock, now) ?? 0;
        for (const step of steps) {
          now += step;
          const left = remainingMs(clock, now) ?? -1;
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBeLessThanOrEqual(last);
          last = left;
        }
      }),
    );
  });
});

it('phase names are exactly the four of the contract', () => {
  const expected: Phase[] = ['lobby', 'breakout', 'reporting', 'closed'];
  expect(PHASES).toEqual(expected);
});
