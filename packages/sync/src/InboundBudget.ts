import { MessageType } from './protocol';
import { TokenBucket } from './TokenBucket';

/**
 * What one session may send per second [SY21]. Sized from what an honest client sends: the
 * stock client sends one update per transaction (one per keystroke; a fast typist makes 10 to
 * 15 a second) and, with cursors, one awareness update per selection change (a mouse drag: up to
 * one per frame, 60 a second, for a moment); a reconnect sends sync step 1, one step 2 and its
 * awareness at once; a paste is one update of any size the document allows.
 */
export interface InboundLimits {
  /** Frames of any kind per second, sustained. */
  framesPerSecond: number;
  /** Frames taken at once before the rate applies. */
  frameBurst: number;
  /** Bytes per second, sustained. */
  bytesPerSecond: number;
  /** Bytes taken at once: at least one largest frame, so a paste never waits. */
  byteBurst: number;
  /** Awareness frames per second (they also count as frames). */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** A session whose frames keep waiting for its budget this long, without calming down, is closed with 4420. */
  closeAfterMs: number;
  /** Bytes waiting in a session's queue at which its transport is paused (resumed once it is empty). */
  pauseAtBytes: number;
  /** Frames waiting at which its transport is paused. */
  pauseAtFrames: number;
}

/** The defaults: 5× a fast typist's frames, 60 awareness updates a second, 1 MiB/s; 10 s over budget closes. */
export const DEFAULT_INBOUND_LIMITS: InboundLimits = {
  framesPerSecond: 100,
  frameBurst: 400,
  bytesPerSecond: 1024 * 1024,
  byteBurst: 16 * 1024 * 1024 + 64 * 1024,
  awarenessPerSecond: 60,
  awarenessBurst: 240,
  closeAfterMs: 10_000,
  pauseAtBytes: 1024 * 1024,
  pauseAtFrames: 256,
};

/**
 * Once a session has calmed down (this share of every burst is back) a later wait starts a new
 * over-budget period: an honest burst that touched the limit is never added to the next one.
 */
const CALM_FRACTION = 0.5;

/** One session's budget for what it sends [SY21]: frames and bytes, and awareness on top. */
export class InboundBudget {
  readonly #frames: TokenBucket;
  readonly #bytes: TokenBucket;
  readonly #awareness: TokenBucket;

  constructor(
    readonly limits: InboundLimits,
    now: () => number,
  ) {
    this.#frames = new TokenBucket(limits.framesPerSecond, limits.frameBurst, now);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
    this.#awareness = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, now);
  }

  /**
   * Milliseconds this frame has to wait; 0: its tokens are taken and it may be handled now.
   * Classified by its first byte only (decoding comes later, in order, when it is handled).
   */
  admit(frame: Uint8Array): number {
    const awareness = frame[0] === MessageType.Awareness;
    const wait = Math.max(
      this.#frames.waitMs(1),
      this.#bytes.waitMs(frame.byteLength),
      awareness ? this.#awareness.waitMs(1) : 0,
    );
    if (wait > 0) return wait;
    this.#frames.take(1);
    this.#bytes.take(frame.byteLength);
    if (awareness) this.#awareness.take(1);
    return 0;
  }

  /** Whether the session has been calm long enough that every bucket is half full again. */
  calm(): boolean {
    return this.#frames.refilled(CALM_FRACTION) && this.#bytes.refilled(CALM_FRACTION) && this.#awareness.refilled(CALM_FRACTION);
  }
}
