/** Bytes gathered before a chunk goes out: big enough to keep writes few, small enough to stream. */
const CHUNK_BYTES = 16 * 1024;

/**
 * A byte stream that pulls text from `chunks` only as fast as the client reads, so an export of
 * thousands of rows is never held as one string. Small pieces are batched to about 16 KiB.
 */
export function streamText(chunks: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let batch = '';
      for (;;) {
        const next = chunks.next();
        if (next.done) {
          if (batch) controller.enqueue(encoder.encode(batch));
          controller.close();
          return;
        }
        batch += next.value;
        if (batch.length >= CHUNK_BYTES) {
          controller.enqueue(encoder.encode(batch));
          return;
        }
      }
    },
  });
}
