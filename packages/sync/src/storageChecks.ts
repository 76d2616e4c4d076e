// Argument checks shared by every Storage implementation, so bad input fails the same way
// everywhere and before anything is written.

/** Throws unless `value` is a non-empty string. */
export function checkName(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${what} must be a non-empty string`);
}

/** Throws unless `value` is a string (empty allowed, e.g. a prefix). */
export function checkString(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
}

/** Throws unless `value` is a non-empty Uint8Array. */
export function checkBytes(what: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) throw new TypeError(`${what} must be a non-empty Uint8Array`);
}

/** Throws unless `value` is a non-negative safe integer. */
export function checkCount(what: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer`);
  }
}

/** Throws unless `value` is a finite number. */
export function checkNumber(what: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number`);
}

/** Validates a whole append batch before any of it is written. */
export function checkBatch(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): void {
  if (!Array.isArray(batch)) throw new TypeError('batch must be an array');
  batch.forEach((row, i) => {
    checkName(`batch[${i}].name`, row?.name);
    checkBytes(`batch[${i}].update`, row?.update);
  });
}

/** Validates a snapshot before it is written. */
export function checkSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): void {
  checkName('snapshot id', s?.id);
  checkName('snapshot workshopId', s.workshopId);
  checkNumber('snapshot takenAt', s.takenAt);
  checkString('snapshot reason', s.reason);
  checkString('snapshot data', s.data);
}
