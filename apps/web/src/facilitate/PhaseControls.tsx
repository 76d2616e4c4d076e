import { useTranslation } from 'react-i18next';
import type { Phase, WorkshopInfo } from '../api/types';
import { Countdown } from '../components/Countdown';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from './useAction';

const PHASE_BUTTONS: { phase: Phase; key: string }[] = [
  { phase: 'lobby', key: 'facilitate.toLobby' },
  { phase: 'breakout', key: 'facilitate.startBreakout' },
  { phase: 'reporting', key: 'facilitate.startReporting' },
  { phase: 'closed', key: 'facilitate.close' },
];

/** Phase buttons and the clock (pause, resume, +5 min). The server decides which moves are legal. */
export function PhaseControls({ workshop, token, clockOffset }: { workshop: WorkshopInfo; token: string; clockOffset: number }) {
  const { t } = useTranslation();
  const action = useAction(token);
  const base = `/api/workshops/${encodeURIComponent(workshop.id)}`;
  const clock = (body: { action: 'pause' | 'resume' | 'extend'; minutes?: number }, done: string) =>
    void action.run('POST', `${base}/clock`, body, done);
  const hasClock = workshop.endsAt !== null || workshop.paused;

  return (
    <section className="card" aria-labelledby="phase-heading">
      <h2 id="phase-heading">{t('facilitate.phaseHeading')}</h2>
      <p>
        {t('facilitate.currentPhase')}{' '}
        <span className={`phase phase-${workshop.phase}`} data-testid="facilitator-phase">
          {t(`phase.${workshop.phase}`)}
        </span>
      </p>
      <div className="button-row">
        {PHASE_BUTTONS.map(({ phase, key }) => (
          <button
            key={phase}
            type="button"
            className={phase === 'closed' ? 'danger' : phase === 'lobby' ? 'secondary' : undefined}
            disabled={action.busy || workshop.phase === phase}
            onClick={() => void action.run('POST', `${base}/phase`, { phase }, t('facilitate.phaseChanged', { phase: t(`phase.${phase}`) }))}
            data-testid={`phase-${phase}`}
          >
            {t(key)}
          </button>
        ))}
      </div>
      <h3>{t('facilitate.clockHeading')}</h3>
      {hasClock ? <Countdown workshop={workshop} clockOffset={clockOffset} /> : <p>{t('facilitate.noClock')}</p>}
      <div className="button-row">
        {workshop.paused ? (
          <button type="button" disabled={action.busy || !hasClock} onClick={() => clock({ action: 'resume' }, t('facilitate.resumed'))} data-testid="clock-resume">
            {t('facilitate.resume')}
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            disabled={action.busy || !hasClock}
            onClick={() => clock({ action: 'pause' }, t('facilitate.paused'))}
            data-testid="clock-pause"
          >
            {t('facilitate.pause')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={action.busy || !hasClock}
          onClick={() => clock({ action: 'extend', minutes: 5 }, t('facilitate.extended'))}
          data-testid="clock-extend"
        >
          {t('facilitate.extend')}
        </button>
      </div>
      <p role="status" className="ok-text">
        {action.done}
      </p>
      <ErrorNote message={action.error} />
    </section>
  );
}
