import type { FairScheduler } from './FairScheduler';
import type { InboundLimits } from './InboundBudget';

/** How a session's incoming frames are paced: its budget [SY21] and its document's share of the event loop [SY23]. */
export interface SessionFlow {
  /** null: no budget, frames are handled as they come */
  limits: InboundLimits | null;
  /** null: no fairness across documents */
  scheduler: FairScheduler | null;
  /** the session's document, as the scheduler counts it */
  lane: object;
  now: () => number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}
