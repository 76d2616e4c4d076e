import { useTranslation } from 'react-i18next';
import type { LiveState } from '../api/types';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { BroadcastBanner } from './BroadcastBanner';
import { Countdown } from './Countdown';

/** Title, phase, clock and broadcast: the same strip on every workshop page. */
export function WorkshopHeader({ state, clockOffset, subtitle }: { state: LiveState; clockOffset: number; subtitle?: string }) {
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
          <span className={`phase phase-${workshop.phase}`} data-testid="phase">
            {t(`phase.${workshop.phase}`)}
          </span>
          <Countdown workshop={workshop} clockOffset={clockOffset} />
          <LanguagePicker />
        </div>
      </div>
      <BroadcastBanner broadcast={state.broadcast} />
    </header>
  );
}
