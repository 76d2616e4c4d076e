import { DomainError } from './errors';

/** The stages of a workshop, in order. */
export type Phase = 'lobby' | 'breakout' | 'reporting' | 'closed';

/** Every phase in the order a workshop goes through them. */
export const PHASES: readonly Phase[] = ['lobby', 'breakout', 'reporting', 'closed'];

const MOVES: Readonly<Record<Phase, readonly Phase[]>> = {
  lobby: ['breakout', 'closed'],
  breakout: ['reporting', 'closed'],
  // Going back lets a facilitator reopen the rooms when the plenary shows a room needs more time.
  reporting: ['breakout', 'closed'],
  closed: [],
};

/** The phases a workshop may move to from `from` (see SPEC.md [PH1]–[PH4]). */
export function allowedTransitions(from: Phase): readonly Phase[] {
  return MOVES[from];
}

/** True when a workshop in `from` may move to `to`; staying in the same phase is not a transition. */
export function canTransition(from: Phase, to: Phase): boolean {
  return MOVES[from].includes(to);
}

/** True when `value` names a phase. */
export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** Parses a phase from untrusted input, with an error listing the valid names. */
export function parsePhase(value: unknown): Phase {
  if (isPhase(value)) return value;
  throw new DomainError('invalid_phase', `"${String(value)}" is not a phase; use one of ${PHASES.join(', ')}.`);
}
