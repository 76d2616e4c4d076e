import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, encodeSaveCheck, type Connection } from '../../src/index';
import { MemoryTransport } from './MemoryTransport';

/**
 * A client that behaves like the stock y-websocket provider, built from y-protocols' own
 * client functions. Server frames queue in `inbox` until `deliver()`, so tests control order.
 */
export class TestClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  transport = new MemoryTransport();
  readonly inbox: Uint8Array[] = [];
  readonly saveAcks: number[] = [];
  #ackWaiters = new Map<number, () => void>();
  connection: Connection | null = null;

  constructor() {
    this.awareness.setLocalState(null);
    this.#wire(this.transport);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || !this.connection) return;
      this.connection.message(encoding.encode((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        syncProtocol.writeUpdate(e, update);
      }));
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === this || !this.connection) return;
      const changed = [...added, ...updated, ...removed];
      this.connection.message(encoding.encode((e) => {
        encoding.writeVarUint(e, MessageType.Awareness);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      }));
    });
  }

  #wire(transport: MemoryTransport): void {
    transport.onSend = (data) => {
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) === MessageType.SaveCheck) {
        const nonce = decoding.readVarUint(decoder);
        this.saveAcks.push(nonce);
        this.#ackWaiters.get(nonce)?.();
        return;
      }
      this.inbox.push(data);
    };
  }

  /** A fresh socket for the next connection (the old one may have been closed by the server). */
  newTransport(): MemoryTransport {
    this.inbox.length = 0;
    this.transport = new MemoryTransport();
    this.#wire(this.transport);
    return this.transport;
  }

  /** Does what the provider does on open: sync step 1, then its awareness state if any. */
  attach(connection: Connection): void {
    this.connection = connection;
    connection.message(encoding.encode((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      syncProtocol.writeSyncStep1(e, this.doc);
    }));
    if (this.awareness.getLocalState() !== null) {
      connection.message(encoding.encode((e) => {
        encoding.writeVarUint(e, MessageType.Awareness);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
      }));
    }
  }

  /** Processes queued server frames (at most `limit`), replying as the provider would. */
  deliver(limit = Infinity): number {
    let handled = 0;
    while (this.inbox.length > 0 && handled < limit) {
      const data = this.inbox.shift()!;
      handled++;
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.Sync) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MessageType.Sync);
        syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
        if (encoding.length(reply) > 1) this.connection?.message(encoding.toUint8Array(reply));
      } else if (type === MessageType.Awareness) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
      } else {
        throw new Error(`client got unexpected message type ${type}`);
      }
    }
    return handled;
  }

  /** Sends a save check and resolves when the server answers it. */
  saveCheck(nonce: number): Promise<void> {
    const answered = new Promise<void>((resolve) => this.#ackWaiters.set(nonce, resolve));
    this.connection?.message(encodeSaveCheck(nonce));
    return answered;
  }

  /** The socket closed: tell the server, stop sending. */
  disconnect(): void {
    const connection = this.connection;
    this.connection = null;
    this.inbox.length = 0; // frames in flight die with the socket
    connection?.close();
  }

  destroy(): void {
    this.disconnect();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Delivers every queued frame to every client until nobody has anything left. */
export function pump(clients: TestClient[]): void {
  for (let rounds = 0; rounds < 1000; rounds++) {
    if (clients.reduce((n, c) => n + c.deliver(), 0) === 0) return;
  }
  throw new Error('clients never went quiet');
}

/** A table-like edit: a row in a Y.Array of Y.Maps, as the room table does. */
export function addRow(doc: Y.Doc, suggestion: string): void {
  const row = new Y.Map<string>();
  row.set('suggestion', suggestion);
  doc.getArray<Y.Map<string>>('rows').push([row]);
}

/** The rows' suggestions, for comparing peers. */
export function rowsOf(doc: Y.Doc): string[] {
  return doc.getArray<Y.Map<string>>('rows').toArray().map((row) => row.get('suggestion') ?? '');
}
