import { CloseCode, fitCloseReason } from './CloseCode';
import { InboundBudget } from './InboundBudget';
import { MessageType, ProtocolError, decodeMessage, type IncomingMessage } from './protocol';
import type { SessionFlow } from './SessionFlow';
import type { SessionOptions, Transport } from './Transport';

/** What a session needs from the room that owns it. */
export interface SessionHost {
  handleMessage(session: Session, message: IncomingMessage): void;
  detach(session: Session): void;
  /** Whether the frame only repeats what others said about their presence (an echo, dropped by SY16) [SY25]. */
  isEcho?(session: Session, data: Uint8Array): boolean;
}

/** Frames a session handles in a row before the others of its turn get theirs [SY23]. */
const FRAMES_PER_SLICE = 16;

/**
 * How far past its pause point a session's queue may grow (frames the transport had read before
 * it paused) before the transport is taken not to pause at all and the session is closed [SY21].
 */
const HARD_QUEUE_FACTOR = 4;

/**
 * Frames one socket read can still hold after a pause: ws parses what it has read (64 KiB at a
 * time) to the end, and a 64 KiB read of 2-byte frames is 32,768 of them. With 1,024 a flooder
 * was cut for "too much queued" by one read instead of by its budget.
 */
const FRAMES_PER_READ = 32 * 1024;

/** Echoes a session may owe at most (awareness frames others made that it was sent and has not echoed yet) [SY25]. */
const MAX_ECHO_CREDIT = 1024;

/** One connection to one document: decodes its frames, guards its transport, ends it once. */
export class Session {
  #open = true;
  /** Whether anything was sent since the last {@link wasQuiet} (keep-alive, SY18). */
  #sent = false;
  readonly #budget: InboundBudget | null;
  /** Frames received and not yet handled, in order [SY21]. */
  #inbox: Uint8Array[] = [];
  #inboxBytes = 0;
  #paused = false;
  /** When this session's frames first had to wait for its budget, since it last was calm [SY22]. */
  #overSince: number | null = null;
  #timer: unknown = null;
  #waitingForTurn = false;
  /**
   * Awareness frames made by others that were sent to this session and not echoed yet [SY25]. The
   * stock client sends every awareness change it receives back to the server, so an honest client
   * in a room with a busy (or flooding) presence would otherwise spend its own budget on echoes
   * of it and be closed for someone else's flood. Only a true echo is free (every entry is
   * another person's client id, so nothing of it applies), and no more of them than others made
   * for it: its own states always pay, so two flooders cannot earn each other free frames.
   */
  #echoCredit = 0;

  constructor(
    private readonly host: SessionHost,
    private readonly transport: Transport,
    readonly options: SessionOptions,
    private readonly maxBufferedBytes: number,
    private readonly flow: SessionFlow | null = null,
  ) {
    this.#budget = flow?.limits ? new InboundBudget(flow.limits, flow.now) : null;
  }

  /** False once the peer left or the server closed the session. */
  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Takes one incoming frame. Without a budget or scheduler it is handled at once; with them it
   * is handled at once when nothing of this session waits, its budget allows it and its document
   * has frames left in this turn, otherwise it waits in order (and past a bound the transport is
   * paused, so the peer's own TCP buffers hold the rest) [SY21][SY23].
   */
  receive(data: Uint8Array): void {
    if (!this.#open) return;
    if (!this.flow || (!this.#budget && !this.flow.scheduler)) return this.#handle(data);
    const limits = this.#budget?.limits;
    // Calm again since its last wait: a new over-budget period starts from scratch [SY22].
    if (this.#inbox.length === 0 && this.#overSince !== null && this.#budget?.calm()) this.#overSince = null;
    this.#inbox.push(data);
    this.#inboxBytes += data.byteLength;
    if (limits) {
      if (this.#inbox.length > limits.pauseAtFrames * HARD_QUEUE_FACTOR + FRAMES_PER_READ || this.#inboxBytes > limits.pauseAtBytes * HARD_QUEUE_FACTOR + Math.max(limits.byteBurst, data.byteLength)) {
        this.close(CloseCode.TooFast, 'sending too fast: too much queued');
        return;
      }
      if (!this.#paused && (this.#inbox.length >= limits.pauseAtFrames || this.#inboxBytes >= limits.pauseAtBytes)) {
        this.#paused = true;
        this.#call(() => this.transport.pause?.());
      }
    }
    if (this.#inbox.length === 1 && this.#timer === null && !this.#waitingForTurn) this.#pump();
  }

  /** Frames waiting to be handled (for tests and stats). */
  get queuedFrames(): number {
    return this.#inbox.length;
  }

  /** Whether this session's transport is paused because its frames wait [SY21]. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Handles waiting frames while the budget and the document's turn allow, then waits for whichever is short. */
  readonly #pump = (): void => {
    this.#timer = null;
    this.#waitingForTurn = false;
    const flow = this.flow!;
    let handled = 0;
    while (this.#open && this.#inbox.length > 0) {
      if (flow.scheduler && (!flow.scheduler.canRun(flow.lane) || handled >= FRAMES_PER_SLICE)) {
        this.#waitingForTurn = true;
        flow.scheduler.later(this.#pump);
        return;
      }
      const frame = this.#inbox[0]!;
      const echo = frame[0] === MessageType.Awareness && this.#echoCredit > 0 && this.host.isEcho?.(this, frame) === true;
      const wait = echo ? 0 : (this.#budget?.admit(frame) ?? 0);
      if (wait > 0) {
        const now = flow.now();
        this.#overSince ??= now;
        const left = this.#budget!.limits.closeAfterMs - (now - this.#overSince);
        if (left <= 0) {
          this.close(CloseCode.TooFast, `sending too fast: over budget for ${Math.round((now - this.#overSince) / 1000)} s`);
          return;
        }
        this.#timer = flow.setTimer(this.#pump, Math.max(1, Math.min(wait, left)));
        return;
      }
      if (echo) this.#echoCredit--;
      this.#inbox.shift();
      this.#inboxBytes -= frame.byteLength;
      flow.scheduler?.ran(flow.lane);
      handled++;
      this.#handle(frame);
    }
    if (this.#open && this.#paused && this.#inbox.length === 0) {
      this.#paused = false;
      this.#call(() => this.transport.resume?.());
    }
  };

  /** Decodes and handles one frame; a bad frame closes this session only and touches nothing. */
  #handle(data: Uint8Array): void {
    if (!this.#open) return;
    let message: IncomingMessage;
    try {
      message = decodeMessage(data);
    } catch (error) {
      this.close(CloseCode.Malformed, `malformed message: ${describe(error)}`);
      return;
    }
    try {
      this.host.handleMessage(this, message);
    } catch (error) {
      // Decoding succeeded, so this is Yjs refusing the content; still the sender's fault.
      const prefix = error instanceof ProtocolError ? 'malformed message' : 'rejected message';
      this.close(CloseCode.Malformed, `${prefix}: ${describe(error)}`);
    }
  }

  /** True when nothing was sent to the peer since the last call. */
  wasQuiet(): boolean {
    const quiet = !this.#sent;
    this.#sent = false;
    return quiet;
  }

  /**
   * Sends a frame, or closes the session if the peer is too far behind to take it. `echoable`: an
   * awareness change made by someone else, which the stock client will send back [SY25].
   */
  send(data: Uint8Array, echoable = false): void {
    if (!this.#open) return;
    if (echoable && this.#budget) this.#echoCredit = Math.min(MAX_ECHO_CREDIT, this.#echoCredit + 1);
    const buffered = this.transport.bufferedAmount;
    if (buffered !== undefined && buffered > this.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'slow consumer');
      return;
    }
    this.#sent = true;
    try {
      this.transport.send(data);
    } catch {
      // A transport that cannot send is dead; forget it rather than fail the sender's update.
      this.leave();
    }
  }

  /** The server ends the session: tells the peer why, then detaches. */
  close(code: number, reason: string): void {
    if (!this.#open) return;
    this.leave();
    // A paused transport never reads the peer's answer to the close frame: the peer saw the
    // close only when the server cut the socket, 5 s later (the close grace). Reading again lets
    // the handshake finish; frames still arriving are dropped (the session is closed).
    if (this.#paused) {
      this.#paused = false;
      this.#call(() => this.transport.resume?.());
    }
    try {
      // `ws` throws on a reason past 123 bytes and would leave the socket open: cut it to fit.
      this.transport.close(code, fitCloseReason(reason));
    } catch {
      // Already closed underneath us: nothing left to tell.
    }
  }

  /** The peer went away (socket closed): detach without writing to the transport. */
  leave(): void {
    if (!this.#open) return;
    this.#open = false;
    // Frames still waiting were never handled: nothing of them was applied or acknowledged.
    this.#inbox = [];
    this.#inboxBytes = 0;
    if (this.#timer !== null) this.flow?.clearTimer(this.#timer);
    this.#timer = null;
    this.host.detach(this);
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch {
      // A transport that cannot pause or resume is gone already.
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
