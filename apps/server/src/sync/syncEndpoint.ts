import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { documentAccess, findParticipant, parseDocName, type Actor, type Workshop } from '@roomtable/core';
import type { DocumentManager } from '@roomtable/sync';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import type { Presence } from './Presence';

/** Close codes the web app understands (4xxx: application codes, no point in reconnecting). */
export const CLOSE = {
  badToken: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooManyConnections: 4429,
} as const;

const PATH_PREFIX = '/sync/';

interface Deps {
  documents: DocumentManager;
  signer: TokenSigner;
  workshops: WorkshopService;
  presence: Presence;
  maxFrameBytes: number;
  maxConnectionsPerToken: number;
}

/**
 * The WebSocket side of `/sync/<docName>?token=…`: the stock y-websocket client's URL. Only
 * authenticates and forwards bytes; the protocol lives in `@roomtable/sync`. A connection is
 * checked before any document data is sent, and its write permission is asked again on every
 * incoming change, so the end of a break-out takes effect at once.
 */
export function attachSyncEndpoint(server: Server, deps: Deps): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes });
  const perToken = new Map<string, number>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(PATH_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url, deps, perToken));
  };
  server.on('upgrade', onUpgrade);

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function accept(ws: WebSocket, url: URL, deps: Deps, perToken: Map<string, number>): void {
  // Frames that arrive while we check the token wait here: the client sends sync step 1 at once.
  const early: Uint8Array[] = [];
  let deliver: ((data: Uint8Array) => void) | null = null;
  let closed = false;
  let onClosed = () => {};

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = isBinary ? toBytes(data) : new Uint8Array(0); // text frames are malformed here
    if (deliver) deliver(bytes);
    else early.push(bytes);
  });
  ws.on('close', () => {
    closed = true;
    onClosed();
  });
  ws.on('error', () => ws.terminate());

  void (async () => {
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(PATH_PREFIX.length));
    } catch {
      return ws.close(CLOSE.notFound, 'no such document');
    }
    const claims = deps.signer.verify(url.searchParams.get('token'));
    if (!claims) return ws.close(CLOSE.badToken, 'invalid or expired token');
    const holder = `${claims.w}:${claims.p ?? 'facilitator'}`;
    const open = perToken.get(holder) ?? 0;
    if (open >= deps.maxConnectionsPerToken) {
      return ws.close(CLOSE.tooManyConnections, 'too many connections open with this token; close other tabs');
    }
    perToken.set(holder, open + 1);
    let released = false;
    onClosed = () => {
      if (released) return; // the socket may close while the session is still being set up
      released = true;
      const n = (perToken.get(holder) ?? 1) - 1;
      if (n <= 0) perToken.delete(holder);
      else perToken.set(holder, n);
    };
    if (closed) return onClosed();
    const ref = parseDocName(name);
    if (!ref) return ws.close(CLOSE.notFound, 'no such document');
    if (ref.workshopId !== claims.w) return ws.close(CLOSE.forbidden, 'this token is for another workshop');
    const workshop = await deps.workshops.get(ref.workshopId);
    if (!workshop) return ws.close(CLOSE.notFound, 'no such workshop');
    const actor: Actor = { role: claims.r, participantId: claims.p };
    const access = documentAccess(workshop, actor, ref);
    if (access === 'none') {
      const roomMissing = ref.kind === 'room' && !workshop.rooms.some((r) => r.number === ref.room);
      return roomMissing
        ? ws.close(CLOSE.notFound, 'this room does not exist')
        : ws.close(CLOSE.forbidden, 'you may not open this document');
    }
    if (closed) return;

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
    const session = await deps.documents.connect(
      name,
      {
        send: (data) => {
          if (ws.readyState === ws.OPEN) ws.send(data);
        },
        close: (code, reason) => ws.close(code, reason),
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
      },
      {
        canWrite,
        // Presence shows who the token says this is, never what the page claims [SY10][SY11]; the
        // state document is written by the server alone, so nobody's presence belongs in it.
        identity: {
          key: claims.p ? `participant:${claims.p}` : 'facilitator',
          name: claims.p ? (findParticipant(workshop, claims.p)?.name ?? '') : null,
          role: claims.r,
        },
        awareness: ref.kind === 'state' ? 'none' : 'shown',
      },
    );
    if (claims.p) deps.presence.add(claims.w, claims.p);
    const releaseSlot = onClosed;
    let left = false;
    onClosed = () => {
      if (left) return;
      left = true;
      session.close();
      if (claims.p) deps.presence.remove(claims.w, claims.p);
      releaseSlot();
    };
    if (closed) return onClosed();
    deliver = (data) => session.message(data);
    for (const data of early.splice(0)) session.message(data);
  })().catch((err) => {
    console.error('[sync] connection failed', err);
    ws.close(1011, 'internal error');
  });
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
