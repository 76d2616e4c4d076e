import { CloseCode } from './CloseCode';
import type { Connection } from './DocumentManager';
import type { Transport } from './Transport';

/** Close code when a document cannot be opened (storage down, manager closing). */
const OPEN_FAILED = 1011;

/** Bounds of what a connection may send before its session exists. */
export interface QueueLimits {
  /** frames held at most (default 256: a stock client sends two or three before its first answer) */
  maxFrames?: number;
  /** bytes held at most, all frames together (default 16 MiB + 64 KiB: one largest change and some) */
  maxBytes?: number;
}

const DEFAULT_MAX_FRAMES = 256;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024 + 64 * 1024;

/**
 * Puts a queue in front of a connection that is still being opened (a token checked, a
 * workshop read, a document loaded), for socket handlers that must attach listeners
 * synchronously: frames that arrive meanwhile are replayed in order once `open` resolves. The
 * queue is bounded: a peer that sends more than `limits` allow before it is answered is closed
 * with 1008 and its frames dropped (unbounded, it could hold memory for as long as the opening
 * took). `open` resolving null means it refused and closed the transport itself; a socket that
 * closes first is released as soon as the opening finishes (`cancelled()` lets `open` stop early).
 */
export function connectQueued(
  open: (cancelled: () => boolean) => Promise<Connection | null>,
  transport: Transport,
  limits: QueueLimits = {},
): Connection & { ready: Promise<void> } {
  const maxFrames = limits.maxFrames ?? DEFAULT_MAX_FRAMES;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  let connection: Connection | null = null;
  let closed = false;
  let queued: Uint8Array[] = [];
  let queuedBytes = 0;
  const tryClose = (code: number, reason: string) => {
    try {
      transport.close(code, reason);
    } catch {
      // The socket is gone already.
    }
  };
  const ready = open(() => closed).then(
    (opened) => {
      if (!opened) {
        closed = true;
        queued = [];
        return;
      }
      if (closed) return opened.close();
      connection = opened;
      for (const data of queued.splice(0)) opened.message(data);
      queuedBytes = 0;
    },
    (error: unknown) => {
      if (!closed) tryClose(OPEN_FAILED, `could not open document: ${error instanceof Error ? error.message : String(error)}`.slice(0, 120));
      closed = true;
      queued = [];
      throw error;
    },
  );
  return {
    ready,
    message(data) {
      if (closed) return;
      if (connection) return connection.message(data);
      queuedBytes += data.byteLength;
      if (queued.length >= maxFrames || queuedBytes > maxBytes) {
        closed = true;
        queued = [];
        tryClose(CloseCode.TooMuchTooEarly, 'too much sent before the document opened');
        return;
      }
      queued.push(data);
    },
    close() {
      closed = true;
      queued = [];
      const wasOpen = connection;
      connection = null;
      wasOpen?.close();
    },
  };
}
