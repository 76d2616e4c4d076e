import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Roomtable's save check message type (see packages/sync/SPEC.md SY8). */
const SAVE_CHECK = 100;
const SYNC = 0;

/** A raw y-websocket client that also asks "is everything I sent on disk?" (the save check). */
export interface SaveCheckClient {
  doc: Y.Doc;
  ws: WebSocket;
  /** Resolves once the server has sent its sync step 2 (the document is loaded here). */
  synced: Promise<void>;
  /**
   * Sends `[100, nonce]`; resolves true when the server answers (every update this client sent
   * before is durably stored), false if the connection closes first.
   */
  saveCheck(): Promise<boolean>;
  /** Resolves with the close code and reason once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/**
 * Connects to `wsUrl/<docName>?token=…` and speaks the y-websocket sync protocol over a plain
 * `ws` socket: local changes of `doc` are sent as updates, remote ones applied.
 */
export function connectSaveCheckClient(wsUrl: string, docName: string, token: string, doc = new Y.Doc()): SaveCheckClient {
  const ws = new WebSocket(`${wsUrl}/${docName}?token=${encodeURIComponent(token)}`);
  ws.binaryType = 'arraybuffer';
  const remote = Symbol('remote');
  const pending = new Map<number, (answered: boolean) => void>();
  let nextNonce = 1;
  let isOpen = false;
  const queued: Uint8Array[] = [];

  const send = (data: Uint8Array) => {
    if (isOpen && ws.readyState === WebSocket.OPEN) ws.send(data);
    else if (!isOpen && ws.readyState === WebSocket.CONNECTING) queued.push(data);
  };

  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      isOpen = false;
      for (const answer of pending.values()) answer(false);
      pending.clear();
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on('error', () => undefined); // the close event carries what tests need

  ws.on('open', () => {
    isOpen = true;
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, SYNC);
    syncProtocol.writeSyncStep1(step1, doc);
    ws.send(encoding.toUint8Array(step1));
    for (const data of queued.splice(0)) ws.send(data);
  });

  ws.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, SYNC);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, doc, remote);
      if (syncType === syncProtocol.messageYjsSyncStep2) markSynced();
      if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
    } else if (type === SAVE_CHECK) {
      const nonce = decoding.readVarUint(decoder);
      pending.get(nonce)?.(true);
      pending.delete(nonce);
    }
    // awareness (1) and anything else: nothing this client needs
  });

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === remote) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SYNC);
    syncProtocol.writeUpdate(encoder, update);
    send(encoding.toUint8Array(encoder));
  });

  return {
    doc,
    ws,
    synced,
    closed,
    saveCheck() {
      if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
      const nonce = nextNonce++;
      const answer = new Promise<boolean>((resolve) => pending.set(nonce, resolve));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, SAVE_CHECK);
      encoding.writeVarUint(encoder, nonce);
      ws.send(encoding.toUint8Array(encoder));
      return answer;
    },
    close() {
      ws.close();
    },
  };
}
