import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from './components/ErrorBoundary';
import { HomePage } from './pages/HomePage';
import { JoinPage } from './pages/JoinPage';
import { loadedChunk, pageChunks, type ChunkModule, type PageChunk } from './pages/pageChunks';
import { prefetchNextPages } from './pages/prefetchNextPages';
import { Link } from './router/Link';
import type { Route } from './router/parseRoute';
import { useRoute } from './router/useRoute';

// Only the home and join pages are in the first download. Every page that holds a live document
// loads on demand: eager, the lobby, console and room pages put Yjs, y-websocket and the QR code
// (~30 KB gzip) into the JavaScript a person fetches before they can even type the join code.
// prefetchNextPages fetches the likely next page once the first one is idle, so "Loading…" is rare.
const WorkshopPage = chunkPage('workshop', (m) => m.WorkshopPage);
const FacilitatorPage = chunkPage('facilitate', (m) => m.FacilitatorPage);
const RoomPage = chunkPage('room', (m) => m.RoomPage);
const PlenaryPage = chunkPage('plenary', (m) => m.PlenaryPage);
const ScreenPage = chunkPage('screen', (m) => m.ScreenPage);
const ReviewPage = chunkPage('review', (m) => m.ReviewPage);
const PrintPage = chunkPage('print', (m) => m.PrintPage);
const WorkshopsPage = chunkPage('workshops', (m) => m.WorkshopsPage);

/**
 * A page from its chunk: rendered at once when the chunk is already loaded, through React.lazy
 * otherwise. A lazy page suspends on its first render even when its code is here, and React 19
 * keeps a fallback it committed for at least 300 ms before it shows the content: the lobby's move
 * to the plenary (which waits for the plenary's chunk) left the state document unheld for longer
 * than useYDoc's grace (300 ms), so its socket closed and opened again (one socket per document).
 */
function chunkPage<K extends PageChunk, P extends object>(name: K, pick: (m: ChunkModule<K>) => ComponentType<P>) {
  const Lazy = lazy(() => (pageChunks[name]() as Promise<ChunkModule<K>>).then((m) => ({ default: pick(m) })));
  return function ChunkPage(props: P) {
    // Chosen once per mount: switching from Lazy to the page itself would mount the page again.
    const [Component] = useState<ComponentType<P>>(() => {
      const here = loadedChunk(name);
      return here ? pick(here) : Lazy;
    });
    return <Component {...props} />;
  };
}

function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<p className="loading page narrow">{t('status.loading')}</p>}>{children}</Suspense>;
}

/** Picks the page for the current path. */
export function App() {
  const { t } = useTranslation();
  const route = useRoute();

  useEffect(() => {
    document.title = t('app.name');
  }, [route, t]);
  // Effects run after the page painted; the fetches wait for idle on top of that.
  useEffect(() => prefetchNextPages(route), [route]);

  // Eager pages render straight through; the lazy ones show "Loading…" while their code arrives.
  // A page that throws while rendering (or whose code cannot be loaded) shows the error page, not
  // a blank one; keyed by the route, so going to another page (the back button) starts afresh.
  return (
    <ErrorBoundary key={JSON.stringify(route)}>
      <Loading>
        <Page route={route} />
      </Loading>
    </ErrorBoundary>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'join':
      return <JoinPage key={route.code ?? ''} code={route.code} />;
    case 'workshop':
      return <WorkshopPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'facilitate':
      return <FacilitatorPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'plenary':
      return <PlenaryPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'screen':
      return <ScreenPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'room':
      return <RoomPage key={`${route.workshopId}/${route.room}`} workshopId={route.workshopId} room={route.room} />;
    case 'workshops':
      return <WorkshopsPage />;
    case 'review':
      return <ReviewPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'print':
      return <PrintPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'notFound':
      return (
        <main className="page narrow">
          <h1>{t('notFound.title')}</h1>
          <p>
            <Link href="/">{t('notFound.home')}</Link>
          </p>
        </main>
      );
  }
}
