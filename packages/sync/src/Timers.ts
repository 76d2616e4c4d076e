/** The timer functions the document manager and its parts use, injectable so that grace periods and flush windows are testable. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Runs `callback` once the current event-loop turn is done (the 0 ms flush window). Optional:
   * timers without it (a test's fake clock) leave that turn to Node's own setImmediate.
   */
  setImmediate?(callback: () => void): unknown;
  /** milliseconds on a monotonic clock, for budgets (default performance.now) */
  now?(): number;
}

/** The process's own timers. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (callback) => setImmediate(callback),
};
