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

/** Retries an assertion until it passes or the time is up (events, not sleeps, drive the wait). */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
