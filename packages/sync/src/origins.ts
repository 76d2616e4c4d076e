/** Transaction origin of updates read back from storage: never re-persisted nor re-published. */
export const storageOrigin = Symbol('roomtable.storage');

/** Transaction origin of updates received through fan-out: sent to local sessions only. */
export const remoteOrigin = Symbol('roomtable.remote');

/** Whether a change with this origin must be persisted and published (it was made here). */
export function isLocalOrigin(origin: unknown): boolean {
  return origin !== storageOrigin && origin !== remoteOrigin;
}
