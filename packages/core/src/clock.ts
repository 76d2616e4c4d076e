import { DomainError } from './errors';
import type { Phase } from './phase';

const MINUTE = 60_000;

/** Warnings sent before time runs out, in minutes left, largest first. */
export const WARNING_MINUTES: readonly number[] = [5, 1];

/** The phase clock as plain JSON: absolute instants, so the remaining time survives a server restart. */
export interface Clock {
  phase: Phase;
  /** When the phase started (ms); null for a clock that was never started. */
  startedAt: number | null;
  /** Planned length of the phase including extensions (ms); null when the phase is untimed. */
  durationMs: number | null;
  /** When the clock was paused (ms); null while running. */
  pausedAt: number | null;
  /** Total ms spent paused before `pausedAt`. */
  pausedMs: number;
}

/** A clock for `phase` starting at `now`, running for `durationMs` or untimed when null. */
export function startClock(phase: Phase, now: number, durationMs: number | null): Clock {
  return { phase, startedAt: now, durationMs, pausedAt: null, pausedMs: 0 };
}

/** True when the clock counts down (started and has a duration). */
export function isTimed(clock: Clock): clock is Clock & { startedAt: number; durationMs: number } {
  return clock.startedAt !== null && clock.durationMs !== null;
}

/** The instant the phase ends, or null when the clock is paused or untimed. */
export function endsAt(clock: Clock): number | null {
  if (!isTimed(clock) || clock.pausedAt !== null) return null;
  return clock.startedAt + clock.durationMs + clock.pausedMs;
}

/** Ms left at `now` (0 once expired, frozen while paused), or null when untimed. */
export function remainingMs(clock: Clock, now: number): number | null {
  if (!isTimed(clock)) return null;
  const end = clock.startedAt + clock.durationMs + clock.pausedMs;
  return Math.max(0, end - (clock.pausedAt ?? now));
}

/** True when a running, timed clock has reached its end at `now`. */
export function isExpired(clock: Clock, now: number): boolean {
  const end = endsAt(clock);
  return end !== null && now >= end;
}

function requireTimed(clock: Clock, action: string): asserts clock is Clock & { startedAt: number; durationMs: number } {
  if (!isTimed(clock)) {
    throw new DomainError('clock_untimed', `The ${clock.phase} phase has no timer to ${action}; only break-out and reporting are timed.`);
  }
}

/** Stops the countdown at `now`; pausing a paused clock changes nothing. */
export function pause(clock: Clock, now: number): Clock {
  requireTimed(clock, 'pause');
  if (clock.pausedAt !== null) return clock;
  if (isExpired(clock, now)) {
    throw new DomainError('clock_expired', 'Time is already up; extend the clock to give more time.');
  }
  return { ...clock, pausedAt: now };
}

/** Restarts the countdown at `now` with the time that was left; resuming a running clock changes nothing. */
export function resume(clock: Clock, now: number): Clock {
  requireTimed(clock, 'resume');
  if (clock.pausedAt === null) return clock;
  return { ...clock, pausedAt: null, pausedMs: clock.pausedMs + Math.max(0, now - clock.pausedAt) };
}

/** Adds `minutes`; when time is already up at `now`, the extra minutes count from `now`, not from the past end. */
export function extend(clock: Clock, minutes: number, now: number): Clock {
  requireTimed(clock, 'extend');
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new DomainError('invalid_minutes', `Extend by a positive number of minutes (got ${String(minutes)}).`);
  }
  const end = endsAt(clock);
  const overdue = end !== null && now > end ? now - end : 0;
  return { ...clock, durationMs: clock.durationMs + overdue + minutes * MINUTE };
}

/**
 * Warnings (minutes left, from WARNING_MINUTES) that are due at `now` and not in `alreadySent`, largest first.
 * A warning is never due for a phase no longer than it (no "5 minutes left" at the start of a 5-minute
 * phase) nor once time is up (a server back from downtime sends no stale warnings).
 */
export function dueWarnings(clock: Clock, now: number, alreadySent: readonly number[]): number[] {
  const left = remainingMs(clock, now);
  if (left === null || left === 0 || clock.durationMs === null) return [];
  const duration = clock.durationMs;
  return WARNING_MINUTES.filter((m) => !alreadySent.includes(m) && left <= m * MINUTE && duration > m * MINUTE);
}
