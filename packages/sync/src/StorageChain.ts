/**
 * Runs storage operations one after another, so that stored rows are in change order and a
 * compaction never interleaves with an append of the same process.
 */
export class StorageChain {
  #chain: Promise<void> = Promise.resolve();

  /** Runs `op` after every operation queued before it; its failure is the caller's, never the chain's. */
  run(op: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(op);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every operation queued so far has finished (failed ones included). */
  idle(): Promise<void> {
    return this.#chain;
  }
}
