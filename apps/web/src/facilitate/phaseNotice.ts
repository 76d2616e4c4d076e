import type { Phase } from '@roomtable/contract';

/** What the console needs to know to say what a phase change will do. */
export interface PhaseSituation {
  phase: Phase;
  /** Time left on the current phase's clock, ms; null when none runs. */
  remainingMs: number | null;
  /** Rooms assigned so far (0 before the assignment). */
  rooms: number;
  /** People who joined. */
  people: number;
  breakoutMinutes: number;
}

/** A message key with its values, for `t()`. */
export interface Said {
  key: string;
  vars: Record<string, number>;
}

/** A phase button's notice: refused with a reason, asked to confirm with what will happen, or neither. */
export type PhaseNotice = { kind: 'blocked'; says: Said } | { kind: 'confirm'; says: Said; confirmKey: string; danger: boolean } | null;

const minutes = (ms: number) => Math.ceil(ms / 60_000);

/**
 * Says what moving to `target` will do, before it is done (issue 15: "Start reporting" with 25
 * minutes left and "Close workshop" acted on one click; "Start break-out" was enabled with nobody
 * joined). Ending the break-out early, going back and closing ask; starting with nobody is refused
 * with the reason; starting before the assignment says that it assigns.
 */
export function phaseNotice(target: Phase, s: PhaseSituation): PhaseNotice {
  const left = s.remainingMs !== null && s.remainingMs > 0 ? minutes(s.remainingMs) : null;
  switch (target) {
    case 'breakout':
      if (s.phase === 'reporting') {
        return { kind: 'confirm', says: { key: 'people.phase.backToBreakout', vars: { minutes: s.breakoutMinutes } }, confirmKey: 'people.phase.confirmBreakout', danger: false };
      }
      if (s.people === 0) return { kind: 'blocked', says: { key: 'people.phase.nobody', vars: {} } };
      if (s.rooms === 0) {
        return { kind: 'confirm', says: { key: 'people.phase.startAssigns', vars: { people: s.people, minutes: s.breakoutMinutes } }, confirmKey: 'people.phase.confirmStart', danger: false };
      }
      return null;
    case 'reporting':
      if (s.phase !== 'breakout' || left === null) return null;
      return { kind: 'confirm', says: { key: 'people.phase.toReporting', vars: { rooms: s.rooms, minutes: left } }, confirmKey: 'people.phase.confirmReporting', danger: false };
    case 'closed':
      if (s.phase === 'breakout' && left !== null) {
        return { kind: 'confirm', says: { key: 'people.phase.closeBreakout', vars: { minutes: left } }, confirmKey: 'people.phase.confirmClose', danger: true };
      }
      return { kind: 'confirm', says: { key: 'people.phase.close', vars: {} }, confirmKey: 'people.phase.confirmClose', danger: true };
    case 'lobby':
      return null;
  }
}
