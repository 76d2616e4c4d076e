import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FacilitatorPage } from './pages/FacilitatorPage';
import { HomePage } from './pages/HomePage';
import { JoinPage } from './pages/JoinPage';
import { RoomPage } from './pages/RoomPage';
import { WorkshopPage } from './pages/WorkshopPage';
import { Link } from './router/Link';
import { useRoute } from './router/useRoute';

/** Picks the page for the current path. */
export function App() {
  const { t } = useTranslation();
  const route = useRoute();

  useEffect(() => {
    document.title = t('app.name');
  }, [route, t]);

  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'join':
      return <JoinPage key={route.code ?? ''} code={route.code} />;
    case 'workshop':
      return <WorkshopPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'facilitate':
      return <FacilitatorPage key={route.workshopId} workshopId={route.workshopId} />;
    case 'room':
      return <RoomPage key={`${route.workshopId}/${route.room}`} workshopId={route.workshopId} room={route.room} />;
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
