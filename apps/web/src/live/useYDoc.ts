import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { LiveDoc, type LiveDocOptions, type LiveDocStatus } from './LiveDoc';
import { SharedRegistry } from './SharedRegistry';

/**
 * How long a document nobody holds any more stays open: long enough for StrictMode's unmount and
 * remount, and for a move to another page of the app that holds it too (the plenary back to the
 * console): that page's chunk may still be on its way, and React 19 keeps the Suspense fallback
 * it showed for at least 300 ms, so a grace of 300 ms (before) closed the state document's socket
 * and opened it again on such a move (oneSocketPerDocument, under load, 2 runs of 2). Short enough
 * that a page left for good soon leaves the room's presence.
 */
export const GRACE_MS = 1500;

/**
 * The page's documents, one per name and token. Before this, each hook opened its own socket: the
 * plenary page opened two for the same `<id>/state` document (the live state and the plenary).
 */
const liveDocs = new SharedRegistry<LiveDoc>({ destroy: (live) => live.destroy(), graceMs: GRACE_MS });

const NOT_OPEN: LiveDocStatus = { synced: false, connection: 'connecting', closedKey: null, refused: false, destroyed: false };
const noSubscription = () => () => {};
const notOpen = () => NOT_OPEN;

export interface YDocResult {
  /** The shared document; null until the first effect has run, and without a name or a token. */
  live: LiveDoc | null;
  status: LiveDocStatus;
  /** Drops this browser's copy of the document (a refused change in it) and opens it anew from the server. */
  dropLocalCopy: () => Promise<void>;
}

/**
 * The live document `name`, shared with every other component of the page that asks for it with
 * the same token: one Y.Doc and one socket, closed after the last of them unmounts.
 */
export function useYDoc(name: string | null, token: string | null, options: LiveDocOptions = {}): YDocResult {
  const key = name && token ? `${name}\n${token}` : null;
  const [held, setHeld] = useState<{ key: string; live: LiveDoc } | null>(null);
  // Bumped when the held document was destroyed under this component (dropped by a holder).
  const [generation, setGeneration] = useState(0);
  const { persist = false, presence = false } = options;

  useEffect(() => {
    if (!key || !name || !token) return;
    const lease = liveDocs.acquire(key, () => new LiveDoc(name, token, { persist, presence }));
    setHeld({ key, live: lease.value });
    return () => lease.release();
  }, [key, name, token, persist, presence, generation]);

  const live = held && held.key === key ? held.live : null;
  const status = useSyncExternalStore(live ? live.subscribe : noSubscription, live ? live.status : notOpen);

  useEffect(() => {
    if (status.destroyed) setGeneration((g) => g + 1);
  }, [status.destroyed]);

  const dropLocalCopy = useCallback(async () => {
    if (!live || !key) return;
    await live.dropLocalCopy();
    // Everyone holding it (the drop's own component included) opens the document again.
    liveDocs.discard(key, live);
  }, [live, key]);

  return { live: status.destroyed ? null : live, status: status.destroyed ? NOT_OPEN : status, dropLocalCopy };
}
