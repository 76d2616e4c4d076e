import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * What a fan-out message carries. SyncRequest: "here is my state vector, send me what I miss",
 * broadcast on joining a channel and after a reconnect. SyncAnswer: the reply's other half, to
 * the requester only: "and here is mine".
 */
export const FanOutMessageKind = { Update: 0, Awareness: 1, SyncRequest: 2, SyncAnswer: 3 } as const;
/** One of the {@link FanOutMessageKind} values. */
export type FanOutMessageKind = (typeof FanOutMessageKind)[keyof typeof FanOutMessageKind];

/** One message on a document's channel. */
export interface FanOutFrame {
  kind: FanOutMessageKind;
  /** the sending process's id (a process ignores its own messages) */
  sender: string;
  /** for a SyncAnswer only: the process it answers; every other process ignores it */
  target?: string;
  payload: Uint8Array;
}

/**
 * The longest process id a frame carries, in UTF-8 bytes. Below 128 lib0's length prefix is one
 * byte, so frames are byte for byte those of the hand-sliced format before them (a kind byte, a
 * length byte, the id, for an answer a length byte and the target, then the payload): processes of
 * both versions can share a Redis during a rolling deploy.
 */
export const MAX_PROCESS_ID_BYTES = 127;

const KINDS = new Set<number>(Object.values(FanOutMessageKind));

/** The bytes of `frame`: `uint8 kind, varString sender, [varString target], payload to the end`. */
export function encodeFanOutFrame(frame: FanOutFrame): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeUint8(e, frame.kind);
    encoding.writeVarString(e, frame.sender);
    if (frame.kind === FanOutMessageKind.SyncAnswer) encoding.writeVarString(e, frame.target ?? '');
    encoding.writeUint8Array(e, frame.payload);
  });
}

/**
 * Reads a frame another process (or anyone with access to the Redis) published. Throws on a
 * short, truncated or unknown frame, and on an id that is not UTF-8; the payload is a copy (the
 * message may be a view on a pooled buffer, and handlers may keep what they get).
 */
export function decodeFanOutFrame(bytes: Uint8Array): FanOutFrame {
  const d = decoding.createDecoder(bytes);
  if (!decoding.hasContent(d)) throw new Error('empty fan-out message');
  const kind = decoding.readUint8(d);
  if (!KINDS.has(kind)) throw new Error(`unknown fan-out message kind ${kind}`);
  const sender = readId(d);
  const target = kind === FanOutMessageKind.SyncAnswer ? readId(d) : undefined;
  const payload = new Uint8Array(decoding.readTailAsUint8Array(d));
  return { kind: kind as FanOutMessageKind, sender, ...(target === undefined ? {} : { target }), payload };
}

function readId(d: decoding.Decoder): string {
  // lib0 checks every length against the message (a short frame throws, never reads past it);
  // its UTF-8 decoder is fatal, so a malformed id throws too.
  const id = decoding.readVarString(d);
  if (Buffer.byteLength(id) > MAX_PROCESS_ID_BYTES) throw new Error('fan-out process id too long');
  return id;
}
