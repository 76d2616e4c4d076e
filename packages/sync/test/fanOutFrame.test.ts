import { describe, expect, it } from 'vitest';
import { FanOutMessageKind, MAX_PROCESS_ID_BYTES, decodeFanOutFrame, encodeFanOutFrame, type FanOutFrame } from '../src/fanOutFrame';

/** The frames as RedisFanOut sliced them by hand before lib0 (kept here to pin wire compatibility). */
function handSliced(kind: number, sender: string, payload: Uint8Array, target?: string): Uint8Array {
  const id = Buffer.from(sender, 'utf8');
  const parts = [Buffer.from([kind, id.length]), id];
  if (target !== undefined) {
    const t = Buffer.from(target, 'utf8');
    parts.push(Buffer.from([t.length]), t);
  }
  parts.push(Buffer.from(payload));
  return new Uint8Array(Buffer.concat(parts));
}

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = Object.values(FanOutMessageKind);

describe('[RF8] fan-out frames: lib0 round trips, the old wire format, hostile frames refused', () => {
  it('every kind round-trips, with empty and large payloads and non-ASCII ids', () => {
    const frames: FanOutFrame[] = [
      { kind: FanOutMessageKind.Update, sender: 'a1b2c3d4e5f60718', payload: new Uint8Array([1, 2, 3]) },
      { kind: FanOutMessageKind.Awareness, sender: 'é—进程', payload: new Uint8Array() },
      { kind: FanOutMessageKind.SyncRequest, sender: 'p', payload: new Uint8Array(70_000).fill(7) },
      { kind: FanOutMessageKind.SyncAnswer, sender: 'p', target: 'q'.repeat(MAX_PROCESS_ID_BYTES), payload: new Uint8Array([0]) },
      { kind: FanOutMessageKind.Update, sender: 'x'.repeat(MAX_PROCESS_ID_BYTES), payload: new Uint8Array([9]) },
    ];
    for (const frame of frames) expect(decodeFanOutFrame(encodeFanOutFrame(frame))).toEqual(frame);
  });

  it('byte for byte the hand-sliced format for ids up to 127 bytes, both ways (a rolling deploy mixes versions)', () => {
    const next = random(1);
    for (let i = 0; i < 500; i++) {
      const kind = KINDS[Math.floor(next() * KINDS.length)]!;
      const sender = 'p'.repeat(Math.floor(next() * (MAX_PROCESS_ID_BYTES + 1)));
      const target = kind === FanOutMessageKind.SyncAnswer ? 't'.repeat(Math.floor(next() * (MAX_PROCESS_ID_BYTES + 1))) : undefined;
      const payload = new Uint8Array(Math.floor(next() * 300)).map(() => Math.floor(next() * 256));
      const old = handSliced(kind, sender, payload, target);
      const frame: FanOutFrame = { kind, sender, ...(target === undefined ? {} : { target }), payload };
      expect(encodeFanOutFrame(frame)).toEqual(old);
      expect(decodeFanOutFrame(old)).toEqual(frame);
    }
  });

  it('short, truncated, unknown and malformed frames throw an Error (reported by the fan-out), never read past the frame', () => {
    const hostile: Array<[string, number[]]> = [
      ['empty', []],
      ['unknown kind', [9, 1, 120]],
      ['no sender length', [0]],
      ['sender longer than the frame', [0, 5, 120, 121]],
      ['length prefix cut off', [0, 0x80]],
      ['length prefix that never ends', [0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
      ['sender not UTF-8', [0, 2, 0xff, 0xfe]],
      ['answer without a target', [3, 1, 120]],
      ['answer with a short target', [3, 1, 120, 4, 121]],
      ['sender over 127 bytes', [0, 0x80, 0x01, ...new Array<number>(128).fill(120)]],
    ];
    for (const [what, bytes] of hostile) {
      expect(() => decodeFanOutFrame(new Uint8Array(bytes)), what).toThrow(Error);
    }
  });

  it('a frame that is a view on a larger buffer (a pooled Buffer) cannot reach the bytes after it', () => {
    // The sender's length says 4, but the frame ends after 2 of them; the pool goes on.
    const pool = Buffer.from([0, 4, 120, 121, 122, 123, 7, 7]);
    expect(() => decodeFanOutFrame(pool.subarray(0, 4))).toThrow(/Unexpected end of array/);
    // And a good frame's payload is a copy, not a view that later pool writes would change.
    const good = Buffer.from([0, 1, 120, 5, 6, 99]);
    const frame = decodeFanOutFrame(good.subarray(0, 5));
    good[3] = 0;
    expect(frame.payload).toEqual(new Uint8Array([5, 6]));
  });

  it('random bytes either decode or throw an Error; nothing else escapes', () => {
    const next = random(2);
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 12)).map(() => (next() < 0.5 ? Math.floor(next() * 4) : Math.floor(next() * 256)));
      try {
        const frame = decodeFanOutFrame(bytes);
        expect(decodeFanOutFrame(encodeFanOutFrame(frame))).toEqual(frame);
        decoded++;
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
      }
    }
    // Both outcomes happen, so the loop tested something either way.
    expect(decoded).toBeGreaterThan(100);
    expect(decoded).toBeLessThan(5000);
  });
});
