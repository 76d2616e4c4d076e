import { useTranslation } from 'react-i18next';
import type { Phase, WorkshopInfo } from '@roomtable/contract';
import { Countdown } from '../components/Countdown';
import '../setup/setup.css';
import { ActionOutcome } from './ActionOutcome';
import { AutoAdvanceToggle } from './AutoAdvanceToggle';
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
  const hasClock = workshop.endsAt !== null || workshop.paused;
  // Resume is the one thing to do while paused, so only it is a primary button; "extend" adds 5 minutes.
  const clockButton = (move: 'pause' | 'resume' | 'extend', label: string, done: string) => (
    <button
      type="button"
      className={move === 'resume' ? undefined : 'secondary'}
      disabled={action.busy || !hasClock}
      onClick={() => void action.run('POST', `${base}/clock`, move === 'extend' ? { action: move, minutes: 5 } : { action: move }, done)}
      data-testid={`clock-${move}`}
    >
      {label}
    </button>
  );

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
        {workshop.paused ? clockButton('resume', t('facilitate.resume'), t('facilitate.resumed')) : clockButton('pause', t('facilitate.pause'), t('facilitate.paused'))}
        {clockButton('extend', t('facilitate.extend'), t('facilitate.extended'))}
      </div>
      <ActionOutcome action={action} />
      <AutoAdvanceToggle workshop={workshop} token={token} />
    </section>
  );
}
