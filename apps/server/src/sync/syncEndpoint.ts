import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { documentAccess, findParticipant, parseDocName, type Actor, type Workshop } from '@roomtable/core';
import { CloseCode, connectQueued, type Connection, type DocumentManager, type Transport } from '@roomtable/sync';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ConnectionBudget } from '../ops/ConnectionBudget';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { FrameCache } from './binaryFrame';
import type { Presence } from './Presence';
import { SEAT_CLOSE, type OpenSockets } from '../people/OpenSockets';

const PATH_PREFIX = '/sync/';

/**
 * How long a peer has to answer the server's close frame before its socket is cut. ws waits 30 s
 * by default, so a client refused for a bad token that never answered held its socket that long.
 */
const CLOSE_GRACE_MS = 5000;

/** Bytes the queue before a session may hold beyond one largest frame (a step 1, awareness, a save check). */
const EARLY_SLACK_BYTES = 64 * 1024;

interface Deps {
  documents: DocumentManager;
  signer: TokenSigner;
  workshops: WorkshopService;
  presence: Presence;
  maxFrameBytes: number;
  maxConnectionsPerToken: number;
  /** The server pings every socket this often and cuts one that did not answer the last ping. */
  pingIntervalMs: number;
  /** Refuses upgrades with 503 before the process runs out of descriptors. */
  budget?: ConnectionBudget;
  /** Closes a socket once its token stops counting (person removed or merged, link revoked) [PE1][FL2]. */
  sockets?: OpenSockets;
}

/** A plain HTTP answer on a socket that asked to upgrade; nothing else is ever written to it. */
function refuseUpgrade(socket: Duplex, status: string, text: string, extra = ''): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n${extra}Connection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * The WebSocket side of `/sync/<docName>?token=…`: the stock y-websocket client's URL. Only
 * authenticates and forwards bytes; the protocol lives in `@roomtable/sync`. A connection is
 * checked before any document data is sent, and its write permission is asked again on every
 * incoming change, so the end of a break-out takes effect at once.
 */
export function attachSyncEndpoint(server: Server, deps: Deps): { close(): void } {
  // closeTimeout is ws ≥ 8.19's option; its type declarations do not list it yet.
  const options = { noServer: true, maxPayload: deps.maxFrameBytes, closeTimeout: CLOSE_GRACE_MS };
  const wss = new WebSocketServer(options);
  const perToken = new Map<string, number>();
  // Sockets that answered (pong or any frame) since the last ping. A half-open socket (a laptop
  // lid closed, a NAT that forgot) never says anything again: without pings it kept its slot in
  // the per-token cap and its person "online" until the kernel gave up, hours later.
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(PATH_PREFIX)) return refuseUpgrade(socket, '404 Not Found', 'No such endpoint.');
    if (deps.budget && !deps.budget.admitUpgrade()) {
      return refuseUpgrade(socket, '503 Service Unavailable', 'This server holds as many connections as it can; try again shortly.', 'Retry-After: 5\r\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      accept(ws, socket, url, deps, perToken, () => alive.add(ws));
    });
  };
  server.on('upgrade', onUpgrade);

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, deps.pingIntervalMs);
  pinger.unref();

  return {
    close() {
      clearInterval(pinger);
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** Closes with a code unless a close is under way already (ws cuts the socket after CLOSE_GRACE_MS). */
function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
}

/** One for all sockets: a room's change is framed once, whoever it goes to (see binaryFrame). */
const frames = new FrameCache();

function accept(ws: WebSocket, socket: Duplex, url: URL, deps: Deps, perToken: Map<string, number>, heard: () => void): void {
  const transport: Transport = {
    // Written on the socket ws upgraded, not through ws.send: ws writes its own frames (pings,
    // pongs, the close) to it at once too (no compression, no Blobs: its sender never queues), so
    // the order on the wire is the order of the calls, and ws.bufferedAmount still counts these.
    // Turning on perMessageDeflate would make ws queue its frames behind compression and break
    // that order: send through ws.send again then.
    send: (data) => {
      if (ws.readyState === ws.OPEN) socket.write(frames.frame(data));
    },
    close: (code, reason) => closeSocket(ws, code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    // Backpressure for a session over its budget [SY21]: ws stops reading the socket, so the
    // flooder's frames pile up in its own TCP buffers, not in this process.
    pause: () => ws.pause(),
    resume: () => ws.resume(),
  };
  const refuse = (code: number, reason: string): null => {
    closeSocket(ws, code, reason);
    return null;
  };

  // Frames that arrive while the token, the workshop and the document are checked and loaded
  // wait in one bounded queue (the client sends sync step 1 at once) [SY19].
  const connection = connectQueued(
    async (cancelled): Promise<Connection | null> => {
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice(PATH_PREFIX.length));
      } catch {
        return refuse(CloseCode.NotFound, 'no such document');
      }
      const checked = deps.signer.check(url.searchParams.get('token'));
      if ('refused' in checked) {
        if (checked.refused === 'removed') return refuse(SEAT_CLOSE.removed, 'the facilitator removed you from this workshop');
        if (checked.refused === 'revoked') return refuse(SEAT_CLOSE.revoked, 'this facilitator link was revoked');
        return refuse(CloseCode.BadToken, 'invalid or expired token');
      }
      const claims = checked.claims;
      const holder = `${claims.w}:${claims.p ?? 'facilitator'}`;
      const open = perToken.get(holder) ?? 0;
      if (open >= deps.maxConnectionsPerToken) {
        return refuse(CloseCode.TooManyConnections, 'too many connections open with this token; close other tabs');
      }
      perToken.set(holder, open + 1);
      let released = false;
      const releaseSlot = () => {
        if (released) return;
        released = true;
        const n = (perToken.get(holder) ?? 1) - 1;
        if (n <= 0) perToken.delete(holder);
        else perToken.set(holder, n);
      };
      try {
        const ref = parseDocName(name);
        if (!ref) return (releaseSlot(), refuse(CloseCode.NotFound, 'no such document'));
        if (ref.workshopId !== claims.w) return (releaseSlot(), refuse(CloseCode.Forbidden, 'this token is for another workshop'));
        const workshop = await deps.workshops.get(ref.workshopId);
        if (!workshop) return (releaseSlot(), refuse(CloseCode.NotFound, 'no such workshop'));
        const actor: Actor = { role: claims.r, participantId: claims.p };
        const access = documentAccess(workshop, actor, ref);
        if (access === 'none') {
          const roomMissing = ref.kind === 'room' && !workshop.rooms.some((r) => r.number === ref.room);
          releaseSlot();
          return roomMissing ? refuse(CloseCode.NotFound, 'this room does not exist') : refuse(CloseCode.Forbidden, 'you may not open this document');
        }
        if (cancelled()) return (releaseSlot(), null);

        // Asked on every incoming change: decided once per workshop version (a changed workshop is a
        // new object), not by scanning hundreds of participants for every keystroke.
        let decidedFor: Workshop | null = null;
        let writable = false;
        const canWrite = () => {
          const current = deps.workshops.peek(ref.workshopId);
          if (current !== decidedFor) {
            decidedFor = current;
            writable = current !== null && documentAccess(current, actor, ref) === 'write';
          }
          return writable;
        };
        const session = await deps.documents.connect(name, transport, {
          canWrite,
          // Presence shows who the token says this is, never what the page claims [SY16][SY17]; the
          // state document is written by the server alone, so nobody's presence belongs in it.
          identity: {
            key: claims.p ? `participant:${claims.p}` : 'facilitator',
            name: claims.p ? (findParticipant(workshop, claims.p)?.name ?? '') : null,
            role: claims.r,
            participantId: claims.p,
            linkId: claims.p ? null : (claims.k ?? null),
          },
          awareness: ref.kind === 'state' ? 'none' : 'shown',
          // The facilitator runs the workshop and restores its rooms: no personal share applies [SY24].
          exemptFromPersonalBudget: claims.p === null,
        });
        if (claims.p) deps.presence.add(claims.w, claims.p);
        const forget = deps.sockets?.add(claims, (code, reason) => closeSocket(ws, code, reason));
        let left = false;
        return {
          message: (data) => session.message(data),
          close: () => {
            if (left) return;
            left = true;
            forget?.();
            session.close();
            if (claims.p) deps.presence.remove(claims.w, claims.p);
            releaseSlot();
          },
        };
      } catch (error) {
        releaseSlot();
        throw error;
      }
    },
    transport,
    { maxBytes: deps.maxFrameBytes + EARLY_SLACK_BYTES },
  );
  connection.ready.catch((err: unknown) => console.error('[sync] connection failed', err));

  ws.on('message', (data: RawData, isBinary: boolean) => {
    heard();
    connection.message(isBinary ? toBytes(data) : new Uint8Array(0)); // text frames are malformed here
  });
  ws.on('close', () => connection.close());
  // ws has already begun the closing handshake with the right code (1009 for a frame over the
  // limit) when it reports an error; terminating here cut the socket before that close frame
  // left, so the peer saw 1006 (18 of 20 raw tries). The close grace still cuts a silent peer.
  ws.on('error', () => closeSocket(ws, 1011, 'socket error'));
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
