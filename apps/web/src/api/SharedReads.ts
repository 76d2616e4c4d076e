import { SharedRegistry, type RegistryTimers } from '../live/SharedRegistry';

/** Sends one GET; `signal` aborts it. */
export type Read = (path: string, token: string, signal: AbortSignal) => Promise<unknown>;

interface InFlight {
  controller: AbortController;
  promise: Promise<unknown>;
}

/** The rejection of a read its caller aborted, as fetch gives it. */
function aborted(): DOMException {
  return new DOMException('The read was aborted', 'AbortError');
}

/**
 * Identical GETs asked for at the same moment, sent once: two hooks of one page that both need
 * the workshop (the live state and the plenary) made two requests for the same answer. Only reads
 * in flight are shared: one asked for after the answer arrived is sent anew (the live state reads
 * the server's clock three times in a row, and each reading must be its own). The request is
 * aborted once every caller has aborted.
 */
export class SharedReads {
  private readonly inFlight: SharedRegistry<InFlight>;

  constructor(
    private readonly read: Read,
    timers?: RegistryTimers,
  ) {
    this.inFlight = new SharedRegistry<InFlight>({ destroy: (entry) => entry.controller.abort(), graceMs: 0, ...(timers ? { timers } : {}) });
  }

  get<T>(path: string, token: string, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(aborted());
    const key = `${path}\n${token}`;
    const lease = this.inFlight.acquire(key, () => {
      const controller = new AbortController();
      const promise = this.read(path, token, controller.signal);
      const entry = { controller, promise };
      // Settled: later callers send their own request (aborting a settled request does nothing).
      const settle = () => this.inFlight.discard(key, entry);
      promise.then(settle, settle);
      return entry;
    });
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        lease.release();
        reject(aborted());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      lease.value.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          lease.release();
          resolve(value as T);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          lease.release();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
