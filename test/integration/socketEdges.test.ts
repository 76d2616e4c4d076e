import net from 'node:net';
import { plenaryDocName, readNotesText, roomDocName } from '@roomtable/core';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { writeNotes } from '../helpers/notesText';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

async function roomInBreakout(url: string, names: string[]) {
  const w = await createWorkshopWith(url, names, { rooms: 1 });
  await startBreakout(url, w.workshopId, w.facilitatorToken, 's');
  return w;
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

/** Resolves once the server has closed (or reset) this raw socket. */
function socketEnds(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
  });
}

describe('[ED5] any change the document limit allows fits in a frame', () => {
  it('a 4.99 MiB transaction from a stock client reaches the others and storage (it closed with 1009 before, for good)', async () => {
    const server = await startTestServer();
    const w = await roomInBreakout(server.url, ['Ana', 'Bo']);
    // The plenary notes take a paste this large (a room table bounds every cell): the facilitator
    // writes, a member reads.
    const name = plenaryDocName(w.workshopId);
    const ana = connectClient(server.wsUrl, name, w.facilitatorToken);
    const bo = connectClient(server.wsUrl, name, w.participants[1]!.token);
    await Promise.all([waitForSync(ana.provider), waitForSync(bo.provider)]);
    const closes: number[] = [];
    ana.provider.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
    const big = 'x'.repeat(5_232_000); // 4.99 MiB in one transaction
    writeNotes(ana.doc, big);
    await vi.waitFor(() => expect(readNotesText(bo.doc).split('\n')[0]?.length).toBe(big.length), 20_000);
    // A small edit after it arrives too: the writer is not locked out.
    writeNotes(ana.doc, 'still here');
    await vi.waitFor(() => expect(readNotesText(bo.doc).split('\n')[1]).toBe('still here'), 5000);
    await server.documents.flush();
    const stored = await server.storage.loadDocument(name);
    expect(stored.updates.reduce((n, u) => n + u.byteLength, 0)).toBeGreaterThan(big.length);
    expect(closes).toEqual([]);
  }, 60_000);

  it('a frame limit set below the document limit stops the start with a message saying why', async () => {
    await expect(startTestServer({ env: { MAX_FRAME_BYTES: '4194304' } })).rejects.toThrow(/MAX_FRAME_BYTES \(4194304\) must be at least MAX_DOCUMENT_BYTES \+ 64/);
  });
});

describe('[ED6] a frame over the limit closes with the documented 1009, not 1006', () => {
  it('10 of 10 connections sending 2 MiB past a 64 KiB limit are told 1009 and the room is untouched', async () => {
    const server = await startTestServer({ env: { MAX_DOCUMENT_BYTES: '65536' } });
    const w = await roomInBreakout(server.url, ['Ana']);
    const name = roomDocName(w.workshopId, 1);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(w.participants[0]!.token)}`);
      ws.on('error', () => undefined);
      await opened(ws);
      const closed = closeOf(ws);
      ws.send(new Uint8Array(2 * 1024 * 1024));
      codes.push((await closed).code);
    }
    expect(codes).toEqual(Array(10).fill(1009));
    expect(await server.storage.countUpdates(name)).toBeLessThanOrEqual(1);
  });
});

/**
 * A raw WebSocket client: the upgrade by hand, then one frame that declares `declared` bytes,
 * streamed in 256 KiB pieces for as long as the socket takes them. Resolves with the close code
 * of the server's first frame, or 1006 when the connection ended without a close frame.
 */
function rawOversizedFrame(port: number, path: string, declared: number, firstFrame: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(code);
    };
    socket.on('error', () => finish(1006));
    socket.on('close', () => finish(1006));
    socket.on('connect', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        const header = Buffer.alloc(14);
        header[0] = 0x82; // FIN, binary
        header[1] = 0x80 | 127; // masked, 64-bit length
        header.writeBigUInt64BE(BigInt(declared), 2);
        header.writeUInt32BE(0x01020304, 10); // mask key
        // First a sync step 1 the server answers with the whole (large) document, read only
        // later: the server's close frame then has to wait behind it in the socket's buffer.
        const head = Buffer.from([0x82, 0x80 | firstFrame.length, 0, 0, 0, 0]);
        socket.write(Buffer.concat([head, firstFrame]));
        socket.pause();
        setImmediate(() => socket.resume());
        socket.write(header);
        const piece = Buffer.alloc(256 * 1024, 7);
        const pump = () => {
          while (!done && !socket.destroyed && socket.write(piece));
          if (!done && !socket.destroyed) socket.once('drain', pump);
        };
        pump();
      }
      // Server frames are unmasked: skip data frames (sync step 1), stop at the close frame.
      while (upgraded && buffered.length >= 2) {
        const short = buffered[1]! & 0x7f;
        const offset = short === 126 ? 4 : short === 127 ? 10 : 2;
        if (buffered.length < offset) return;
        const length = short === 126 ? buffered.readUInt16BE(2) : short === 127 ? Number(buffered.readBigUInt64BE(2)) : short;
        if (buffered.length < offset + length) return;
        if ((buffered[0]! & 0x0f) === 8) return finish(length >= 2 ? buffered.readUInt16BE(offset) : 1005);
        buffered = buffered.subarray(offset + length);
      }
    });
  });
}

describe('[ED6] raw clients', () => {
  it('20 of 20 raw connections that keep streaming a frame declared past the limit read a 1009 close frame', async () => {
    const server = await startTestServer({ env: { MAX_DOCUMENT_BYTES: String(8 * 1024 * 1024) } });
    const w = await roomInBreakout(server.url, ['Ana']);
    const name = roomDocName(w.workshopId, 1);
    const bulk = new Y.Doc();
    bulk.getText('bulk').insert(0, 'b'.repeat(6 * 1024 * 1024));
    await server.documents.applyUpdate(name, Y.encodeStateAsUpdate(bulk));
    const step1 = encoding.encode((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, new Y.Doc());
    });
    const path = `/sync/${name}?token=${encodeURIComponent(w.participants[0]!.token)}`;
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push(await rawOversizedFrame(server.port, path, 100 * 1024 * 1024, step1));
    expect(codes).toEqual(Array(20).fill(1009));
  });
});

describe('[ED7] the server pings; a socket that stops answering is cut', () => {
  it('a half-open socket loses its slot in the per-token cap and its person goes offline', async () => {
    const server = await startTestServer({ env: { PING_INTERVAL_MS: '150', MAX_CONNECTIONS_PER_TOKEN: '1' } });
    const w = await roomInBreakout(server.url, ['Ana']);
    const name = roomDocName(w.workshopId, 1);
    const token = w.participants[0]!.token;
    // autoPong off: the socket stays open but never answers, as one whose peer vanished.
    const silent = new WebSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(token)}`, { autoPong: false });
    silent.on('error', () => undefined);
    await opened(silent);
    const progress = () => api(server.url, 'GET', `/workshops/${w.workshopId}/progress`, undefined, w.facilitatorToken);
    await vi.waitFor(async () => expect((await progress()).body.rooms[0].online).toEqual([w.participants[0]!.id]), 5000);
    expect((await closeOf(silent)).code).toBe(1006); // terminated: nothing to say to a peer that is gone
    expect((await progress()).body.rooms[0].online).toEqual([]);
    // The slot is free again (the cap is one), and a client that answers pings stays.
    const back = connectClient(server.wsUrl, name, token);
    await waitForSync(back.provider);
    let pings = 0;
    (back.provider.ws as unknown as WebSocket).on('ping', () => pings++);
    await vi.waitFor(() => expect(pings).toBeGreaterThanOrEqual(3), 5000);
    expect(back.provider.wsconnected).toBe(true);
  });
});

describe('[ED8] header and idle timeouts: slow or silent sockets do not stay', () => {
  it('slow headers (a plain request and an upgrade) and a socket that says nothing are all closed', async () => {
    const server = await startTestServer({ env: { HEADERS_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '400' } });
    const { port } = new URL(server.url);
    const sockets: net.Socket[] = [];
    const heads = [
      'GET /healthz HTTP/1.1\r\nHost: x\r\n',
      'GET /sync/w/room/1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n',
      '',
    ];
    for (let i = 0; i < 30; i++) {
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.on('connect', () => socket.write(heads[i % heads.length]!));
      sockets.push(socket);
    }
    // Trickle a header line every 100 ms into the first two kinds: each line alone is in time.
    const trickle = setInterval(() => {
      for (const [i, s] of sockets.entries()) if (i % 3 !== 2 && !s.destroyed) s.write(`X-Slow-${Date.now()}: 1\r\n`);
    }, 100);
    const ended = sockets.map(() => false);
    try {
      await Promise.race([
        Promise.all(sockets.map((s, i) => socketEnds(s).then(() => (ended[i] = true)))),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`still open: ${ended.flatMap((e, i) => (e ? [] : [i])).join(', ')}`)), 10_000)),
      ]);
    } finally {
      clearInterval(trickle);
    }
    expect(sockets.every((s) => s.destroyed)).toBe(true);
    // Honest requests still get through.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
