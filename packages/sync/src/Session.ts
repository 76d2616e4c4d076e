import { CloseCode, fitCloseReason } from './CloseCode';
import { ProtocolError, decodeMessage, type IncomingMessage } from './protocol';
import type { SessionOptions, Transport } from './Transport';

/** What a session needs from the room that owns it. */
export interface SessionHost {
  handleMessage(session: Session, message: IncomingMessage): void;
  detach(session: Session): void;
}

/** One connection to one document: decodes its frames, guards its transport, ends it once. */
export class Session {
  #open = true;
  /** Whether anything was sent since the last {@link wasQuiet} (keep-alive, SY18). */
  #sent = false;

  constructor(
    private readonly host: SessionHost,
    private readonly transport: Transport,
    readonly options: SessionOptions,
    private readonly maxBufferedBytes: number,
  ) {}

  /** False once the peer left or the server closed the session. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Handles one incoming frame; a bad frame closes this session only and touches nothing. */
  receive(data: Uint8Array): void {
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

  /** Sends a frame, or closes the session if the peer is too far behind to take it. */
  send(data: Uint8Array): void {
    if (!this.#open) return;
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
    this.host.detach(this);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
