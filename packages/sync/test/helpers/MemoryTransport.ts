import type { Transport } from '../../src/index';

/** A transport that records what the server sends and how it closed the connection. */
export class MemoryTransport implements Transport {
  readonly sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  bufferedAmount = 0;
  onSend: ((data: Uint8Array) => void) | null = null;
  onClose: ((code: number, reason: string) => void) | null = null;
  /** Set by tests that watch backpressure [SY21]. */
  pause?: () => void;
  resume?: () => void;

  send(data: Uint8Array): void {
    if (this.closed) throw new Error('send on a closed transport');
    this.sent.push(data);
    this.onSend?.(data);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.onClose?.(code, reason);
  }
}
