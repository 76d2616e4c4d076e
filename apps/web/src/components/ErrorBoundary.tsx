import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  failed: boolean;
}

/**
 * The app's last line: an error while rendering a page (a lazy page's code that no longer exists
 * after a deploy, a bug) used to unmount everything and leave a blank page. It shows a plain page
 * instead, with a reload and the way home. Full page loads on purpose: whatever state broke the
 * page is left behind.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  // React logs the error itself (console.error, with the component stack saying which page it was).
  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashPage /> : this.props.children;
  }
}

function CrashPage() {
  const { t } = useTranslation();
  return (
    <main className="page narrow" data-testid="crash-page">
      <h1>{t('crash.title')}</h1>
      <p>{t('crash.explain')}</p>
      <p>
        <button type="button" data-testid="crash-reload" onClick={() => location.reload()}>
          {t('crash.reload')}
        </button>
      </p>
      <p>
        <a href="/">{t('crash.home')}</a>
      </p>
    </main>
  );
}
