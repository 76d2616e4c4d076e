/**
 * Fairness across documents [SY23]: each document (a lane) may handle `framesPerTurn` frames per
 * turn of the event loop; what is left waits and is served round-robin at the next turn, after
 * Node has read the other sockets. Without it, a document whose sessions had frames queued (a
 * busy room, a flood within its budget) handled them all in one go while every other document's
 * edits waited behind it.
 */
export class FairScheduler {
  readonly #used = new Map<object, number>();
  #waiting: Array<() => void> = [];
  #turnEnds = false;

  constructor(
    /** Frames one document handles per turn before the others get theirs. */
    readonly framesPerTurn = 64,
    /** Runs the next turn; setImmediate lets Node poll the sockets first. */
    private readonly defer: (run: () => void) => void = (run) => void setImmediate(run),
  ) {
    if (!(framesPerTurn >= 1)) throw new RangeError('framesPerTurn must be at least 1');
  }

  /** Whether the lane may handle another frame in this turn. */
  canRun(lane: object): boolean {
    return (this.#used.get(lane) ?? 0) < this.framesPerTurn;
  }

  /** Counts one frame handled by the lane in this turn. */
  ran(lane: object): void {
    this.#used.set(lane, (this.#used.get(lane) ?? 0) + 1);
    this.#endTurnSoon();
  }

  /** Runs `resume` at the next turn, after everything that asked before it (round-robin). */
  later(resume: () => void): void {
    this.#waiting.push(resume);
    this.#endTurnSoon();
  }

  #endTurnSoon(): void {
    if (this.#turnEnds) return;
    this.#turnEnds = true;
    this.defer(() => {
      this.#turnEnds = false;
      this.#used.clear();
      const waiting = this.#waiting;
      this.#waiting = [];
      for (const resume of waiting) resume();
    });
  }
}
