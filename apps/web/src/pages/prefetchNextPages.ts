import type { Route } from '../router/parseRoute';
import { nextChunks, pageChunks } from './pageChunks';

/** Waits until the browser is idle (after first paint); Safari has no requestIdleCallback. */
function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(run, { timeout: 3000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(run, 200);
  return () => window.clearTimeout(handle);
}

/**
 * Fetches, once the page is idle, the code of the pages a person on `route` opens next, one after
 * the other so the likeliest arrives first on a slow link: the lobby then shows without a
 * "Loading…" after a person joins, and the room's table without waiting for the editor's chunk.
 * Returns a cancel for the not yet started fetches (the person moved on).
 */
export function prefetchNextPages(route: Route): () => void {
  let cancelled = false;
  const chunks = nextChunks(route);
  const cancelIdle = whenIdle(() => {
    void (async () => {
      for (const chunk of chunks) {
        if (cancelled) return;
        try {
          await pageChunks[chunk]();
        } catch {
          // A failed prefetch is not an error: the page's own import tries again when it is opened
          // (and shows the error page if that fails too).
        }
      }
    })();
  });
  return () => {
    cancelled = true;
    cancelIdle();
  };
}
