import { useTranslation } from 'react-i18next';
import type { LiveState, Phase, WorkshopInfo } from '@roomtable/contract';
import { useConfirm } from '../components/ConfirmDialog';
import { Countdown } from '../components/Countdown';
import { remainingMs } from '../live/remainingMs';
import { phaseNotice } from './phaseNotice';
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

/**
 * Phase buttons and the clock (pause, resume, +5 min). The server decides which moves are legal;
 * a move that ends something early or for good first says what it will do and asks.
 */
export function PhaseControls({ workshop, state, token, clockOffset }: { workshop: WorkshopInfo; state: LiveState; token: string; clockOffset: number }) {
  const { t } = useTranslation();
  const action = useAction(token);
  const confirm = useConfirm();
  const noticeFor = (phase: Phase) =>
    phaseNotice(phase, {
      phase: workshop.phase,
      remainingMs: remainingMs(workshop, Date.now() + clockOffset),
      rooms: state.rooms.length,
      people: state.participants.length,
      breakoutMinutes: workshop.breakoutMinutes ?? 30,
    });
  const move = (phase: Phase) => {
    const go = () => void action.run('POST', `${base}/phase`, { phase }, t('facilitate.phaseChanged', { phase: t(`phase.${phase}`) }));
    const notice = noticeFor(phase);
    if (notice?.kind === 'confirm') confirm.ask(t(notice.says.key, notice.says.vars), t(notice.confirmKey), go, notice.danger);
    else go();
  };
  const blocked = workshop.phase === 'lobby' ? noticeFor('breakout') : null;
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
            disabled={action.busy || workshop.phase === phase || (phase === 'breakout' && blocked?.kind === 'blocked')}
            aria-describedby={phase === 'breakout' && blocked?.kind === 'blocked' ? 'phase-blocked' : undefined}
            onClick={() => move(phase)}
            data-testid={`phase-${phase}`}
          >
            {t(key)}
          </button>
        ))}
      </div>
      {blocked?.kind === 'blocked' ? (
        <p className="hint" id="phase-blocked" data-testid="phase-blocked">
          {t(blocked.says.key, blocked.says.vars)}
        </p>
      ) : null}
      {confirm.dialog}
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
