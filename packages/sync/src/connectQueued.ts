import type { Connection, DocumentManager } from './DocumentManager';
import type { SessionOptions, Transport } from './Transport';

/** Close code when a document cannot be opened (storage down, manager closing). */
const OPEN_FAILED = 1011;

/**
 * `manager.connect` for socket handlers that must attach listeners synchronously: frames that
 * arrive while the document loads are queued and replayed in order, and a socket that closes
 * before the load finishes is released as soon as it does.
 */
export function connectQueued(
  manager: DocumentManager,
  name: string,
  transport: Transport,
  options: SessionOptions,
): Connection & { ready: Promise<void> } {
  let connection: Connection | null = null;
  let closed = false;
  const queued: Uint8Array[] = [];
  const ready = manager.connect(name, transport, options).then(
    (opened) => {
      connection = opened;
      for (const data of queued.splice(0)) opened.message(data);
      if (closed) opened.close();
    },
    (error: unknown) => {
      if (!closed) {
        try {
          transport.close(OPEN_FAILED, `could not open document: ${error instanceof Error ? error.message : String(error)}`.slice(0, 120));
        } catch {
          // The socket is gone already.
        }
      }
      throw error;
    },
  );
  return {
    ready,
    message(data) {
      if (closed) return;
      if (connection) connection.message(data);
      else queued.push(data);
    },
    close() {
      if (closed) return;
      closed = true;
      queued.length = 0;
      connection?.close();
    },
  };
}
