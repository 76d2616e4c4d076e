import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FrameCache, binaryFrame } from '../src/sync/binaryFrame';

/** A ws server whose first connection writes `frames` on the raw socket, with ws's own ping between them. */
async function serveFrames(payloads: Uint8Array[]): Promise<string> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  const cache = new FrameCache();
  server.on('upgrade', (req, socket: Duplex, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      payloads.forEach((payload, i) => {
        socket.write(cache.frame(payload));
        // ws's own frames share the socket: they must land between ours, in order.
        if (i % 2 === 0) ws.ping();
      });
      ws.close(1000, 'done');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function filled(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

describe('binaryFrame', () => {
  it('is read by a stock ws client as the same binary messages, at every length boundary, between ws pings and before its close', async () => {
    const lengths = [0, 1, 125, 126, 127, 65535, 65536, 70000, 2];
    const payloads = lengths.map((n, i) => filled(n, i));
    const url = await serveFrames(payloads);
    const client = new WebSocket(url);
    const received: Buffer[] = [];
    let pings = 0;
    client.on('ping', () => pings++);
    client.on('message', (data, isBinary) => {
      expect(isBinary).toBe(true);
      received.push(data as Buffer);
    });
    const closed = await new Promise<number>((resolve, reject) => {
      client.on('close', (code) => resolve(code));
      client.on('error', reject);
    });
    expect(closed).toBe(1000);
    expect(pings).toBe(5);
    expect(received.map((b) => b.byteLength)).toEqual(lengths);
    received.forEach((b, i) => expect(new Uint8Array(b)).toEqual(payloads[i]));
  });

  it('writes FIN, the binary opcode and the shortest length form, unmasked (RFC 6455 §5.2)', () => {
    expect([...binaryFrame(new Uint8Array([7, 8]))]).toEqual([0x82, 2, 7, 8]);
    expect([...binaryFrame(filled(126, 0)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126]);
    expect([...binaryFrame(filled(65536, 0)).subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('frames a message once for consecutive sends, and anew for another message', () => {
    const cache = new FrameCache();
    const a = new Uint8Array([1, 2, 3]);
    const first = cache.frame(a);
    expect(cache.frame(a)).toBe(first);
    const b = new Uint8Array([1, 2, 3]);
    expect(cache.frame(b)).not.toBe(first);
    expect(cache.frame(b)).toEqual(first);
  });
});
