import type { Route } from '../router/parseRoute';

/**
 * The code of each page that is not in the first download, by the page it shows. The home and
 * join pages are in the entry; everything that holds a live document (Yjs, y-websocket, the QR
 * code) is here, so a person opening the join link on venue Wi-Fi downloads neither. Each import
 * is a static path so Vite splits and hashes it; App.tsx renders them through React.lazy and
 * prefetchNextPages fetches them ahead of time, both through these functions.
 */
const loaders = {
  workshop: () => import('./WorkshopPage'),
  facilitate: () => import('./FacilitatorPage'),
  room: () => import('./RoomPage'),
  plenary: () => import('./PlenaryPage'),
  screen: () => import('./ScreenPage'),
  review: () => import('./ReviewPage'),
  print: () => import('./PrintPage'),
  workshops: () => import('./WorkshopsPage'),
  /** The room table's editor (TipTap, ProseMirror): the largest chunk, shown inside a page. */
  roomView: () => import('../room/RoomView'),
} satisfies Record<string, () => Promise<unknown>>;

/** The module of each chunk, once it is loaded. */
export type ChunkModule<K extends keyof typeof loaders> = Awaited<ReturnType<(typeof loaders)[K]>>;

const loaded: { [K in keyof typeof loaders]?: ChunkModule<K> } = {};

/** Each chunk's loader, noting the module once it is here. */
export const pageChunks = Object.fromEntries(
  Object.entries(loaders).map(([name, load]) => [
    name,
    () =>
      load().then((m) => {
        (loaded as Record<string, unknown>)[name] = m;
        return m;
      }),
  ]),
) as typeof loaders;

/**
 * The chunk's module if it is already loaded (prefetched, or awaited before navigating), else
 * undefined: App renders such a page at once instead of through React.lazy (see chunkPage there).
 */
export function loadedChunk<K extends keyof typeof loaders>(name: K): ChunkModule<K> | undefined {
  return loaded[name];
}

export type PageChunk = keyof typeof pageChunks;

/**
 * What a person on `route` is likely to open next, most likely first: whoever joins goes to the
 * lobby and then to their room's table; a facilitator who sets up a workshop lands in the console.
 */
export function nextChunks(route: Route): PageChunk[] {
  switch (route.page) {
    case 'home':
      return ['facilitate', 'workshop'];
    case 'join':
      return ['workshop', 'roomView'];
    case 'workshop':
      return ['roomView', 'plenary'];
    case 'facilitate':
      return ['room', 'roomView', 'plenary'];
    case 'room':
      return ['roomView'];
    default:
      return [];
  }
}

/**
 * Starts fetching the code of the page `route` shows, before the catalogue and the first render:
 * the page's own React.lazy import then finds it on the way (one import, shared by the browser)
 * instead of asking only once React has rendered the Suspense fallback. On a 400 ms link with a
 * slow CPU that is the language setup and a first render sooner.
 */
export function startPageChunk(route: Route): void {
  const load = (pageChunks as Partial<Record<Route['page'], () => Promise<unknown>>>)[route.page];
  // A failure here is not the page's error: its own import tries again and shows the error page.
  load?.().catch(() => undefined);
}
