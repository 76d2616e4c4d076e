import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { onTestFinished } from 'vitest';

/** A stock y-websocket client (Node has no WebSocket of its own before v22, so `ws` stands in). */
export function connectClient(wsUrl: string, docName: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  onTestFinished(() => {
    provider.destroy();
    doc.destroy();
  });
  return { doc, provider };
}

/** Resolves once the provider has completed its first sync with the server. */
export function waitForSync(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync within ${timeoutMs} ms`)), timeoutMs);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Resolves with the close event of the provider's next closed connection. */
export function waitForClose(provider: WebsocketProvider, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no close within ${timeoutMs} ms`)), timeoutMs);
    const onClose = (event: { code: number; reason: string } | null) => {
      clearTimeout(timer);
      provider.off('connection-close', onClose as never);
      resolve({ code: event?.code ?? 0, reason: String(event?.reason ?? '') });
    };
    provider.on('connection-close', onClose as never);
  });
}

/**
 * Sends a save check `[100, nonce]` (SY8) over a stock provider's socket and resolves once it is
 * answered: the server has then handled every frame the provider sent before (frames are
 * handled in order), whether it applied them or, for a reader, dropped them.
 */
export function roundTrip(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  const SAVE_CHECK = 100;
  const nonce = Math.floor(Math.random() * 2 ** 31);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to a save check within ${timeoutMs} ms`)), timeoutMs);
    // The provider copies its handler table, so a handler of our own for type 100 is this provider's alone.
    provider.messageHandlers[SAVE_CHECK] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== nonce) return;
      clearTimeout(timer);
      resolve();
    };
    provider.ws!.send(encoding.encode((e) => {
      encoding.writeVarUint(e, SAVE_CHECK);
      encoding.writeVarUint(e, nonce);
    }));
  });
}
