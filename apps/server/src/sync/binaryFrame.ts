/**
 * A WebSocket binary message as the server writes it on the wire (RFC 6455 §5.2: FIN, opcode 2,
 * the payload's length, no mask), header and payload in one buffer.
 *
 * Why not `ws.send`: a document change goes to every other person in the room, and ws frames
 * each send on its own (a new header, the payload wrapped as a Buffer) and writes header and
 * payload as two corked writes, so Node gathers them into a `writev` through its write queue.
 * Under steady editing ws's sender and that queue made ~8.9 KiB of the 32.5 KiB of garbage per
 * keystroke (sampling heap profiler, BENCHMARKS.md). Framed once, the same bytes go to all of
 * them, each as one plain write.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerBytes = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82;
  if (length < 126) frame[1] = length;
  else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    // Frames are capped far below 2^53 (maxFrameBytes): the high word is 0 in practice.
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerBytes);
  return frame;
}

/**
 * Frames a message once for all the sockets it is sent to in a row: a room's fan-out hands the
 * same bytes to each session one after another, so remembering the last one framed is enough.
 */
export class FrameCache {
  #payload: Uint8Array | null = null;
  #frame: Buffer | null = null;

  frame(payload: Uint8Array): Buffer {
    if (payload !== this.#payload) {
      this.#frame = binaryFrame(payload);
      this.#payload = payload;
    }
    return this.#frame!;
  }
}
