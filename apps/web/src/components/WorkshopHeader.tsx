import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { BroadcastBanner } from './BroadcastBanner';
import { Countdown } from './Countdown';

interface Props {
  state: LiveState;
  clockOffset: number;
  subtitle?: string;
  /** Why the live connection stopped for good (an i18n key), shown as an alert; null while it is fine. */
  liveClosedKey?: string | null;
  /** Offered next to that alert, when the page can reconnect. */
  onRetry?: () => void;
}

/** Title, phase, clock, broadcast and a lost live connection: the same strip on every workshop page. */
export function WorkshopHeader({ state, clockOffset, subtitle, liveClosedKey, onRetry }: Props) {
  const { t } = useTranslation();
  const { workshop } = state;
  return (
    <header className="workshop-header">
      <div className="workshop-header-row">
        <div>
          <h1 data-testid="workshop-title">{workshop.title}</h1>
          {subtitle ? <p className="subtitle">{subtitle}</p> : null}
        </div>
        <div className="workshop-header-meta">
          {/* Named from round 2 on [RN1]: a one-round workshop has no rounds to tell apart. */}
          {workshop.round ? (
            <span className="round-badge" data-testid="round">
              {t('round.label', { round: workshop.round })}
            </span>
          ) : null}
          <span className={`phase phase-${workshop.phase}`} data-testid="phase">
            {t(`phase.${workshop.phase}`)}
          </span>
          <Countdown workshop={workshop} clockOffset={clockOffset} />
          <LanguagePicker />
        </div>
      </div>
      <BroadcastBanner broadcast={state.broadcast} />
      {liveClosedKey ? (
        <p role="alert" className="error-note">
          {t(liveClosedKey)}
          {onRetry ? (
            <>
              {' '}
              <button type="button" className="link-button" onClick={onRetry}>
                {t('action.retry')}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </header>
  );
}
