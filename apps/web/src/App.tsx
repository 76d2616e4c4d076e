import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from './components/ErrorBoundary';
import { FacilitatorPage } from './pages/FacilitatorPage';
import { HomePage } from './pages/HomePage';
import { JoinPage } from './pages/JoinPage';
import { RoomPage } from './pages/RoomPage';
import { WorkshopPage } from './pages/WorkshopPage';
import { Link } from './router/Link';
import type { Route } from './router/parseRoute';
import { useRoute } from './router/useRoute';

// Pages most people never open (or open only after the break-out) load on demand, which keeps
// the JavaScript a participant downloads to join and edit their room small.
const PlenaryPage = lazy(() => import('./pages/PlenaryPage').then((m) => ({ default: m.PlenaryPage })));
const ScreenPage = lazy(() => import('./pages/ScreenPage').then((m) => ({ default: m.ScreenPage })));
const ReviewPage = lazy(() => import('./pages/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const PrintPage = lazy(() => import('./pages/PrintPage').then((m) => ({ default: m.PrintPage })));
const WorkshopsPage = lazy(() => import('./pages/WorkshopsPage').then((m) => ({ default: m.WorkshopsPage })));

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
