import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { PersonName } from '../components/PersonName';
import { useConfirm } from '../components/ConfirmDialog';
import { ActionOutcome } from './ActionOutcome';
import { duplicateNames, PersonActions } from './PersonActions';
import { useAction } from './useAction';
import { useAttributes } from './useAttributes';

/** Everyone who joined, room assignment, moving one person to another room, removing and merging people. */
export function ParticipantsPanel({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const action = useAction(token);
  const base = `/api/workshops/${encodeURIComponent(state.workshop.id)}`;
  const assigned = state.participants.some((p) => p.room !== null);
  const rapporteurs = new Set(state.rooms.map((r) => r.rapporteurId).filter(Boolean));
  const confirm = useConfirm();
  const duplicates = duplicateNames(state.participants);
  const answers = useAttributes(state, token);
  const fields = state.workshop.fields ?? [];

  return (
    <section className="card" aria-labelledby="participants-heading">
      <h2 id="participants-heading" aria-live="polite" data-testid="participant-count">
        {t('lobby.joined', { count: state.participants.length })}
      </h2>
      <div className="button-row">
        <button
          type="button"
          disabled={action.busy || state.participants.length === 0}
          onClick={() => void action.run('POST', `${base}/assignment`, {}, assigned ? t('facilitate.reshuffled') : t('facilitate.assigned'))}
          data-testid="assign-rooms"
        >
          {assigned ? t('facilitate.reshuffle') : t('facilitate.assign')}
        </button>
      </div>
      <ActionOutcome action={action} />
      {duplicates.map((name) => (
        <p key={name} className="hint warn" data-testid="duplicate-hint">
          {t('people.people.duplicate', { name })}
        </p>
      ))}
      {confirm.dialog}
      {state.participants.length === 0 ? (
        <p>{t('lobby.empty')}</p>
      ) : (
        <ul className="participant-list" data-testid="facilitator-participants">
          {state.participants.map((p) => (
            <li key={p.id}>
              <PersonName name={p.name} rapporteur={rapporteurs.has(p.id)} />
              {answers?.[p.id] ? (
                <span className="hint person-answers" data-testid={`answers-${p.id}`}>
                  {fields.filter((f) => answers[p.id]?.[f.key]).map((f) => `${f.label}: ${answers[p.id]?.[f.key] ?? ''}`).join(' · ')}
                </span>
              ) : null}
              <select
                aria-label={t('facilitate.roomFor', { name: p.name })}
                value={p.room === null ? '' : String(p.room)}
                disabled={action.busy || state.rooms.length === 0}
                onChange={(e) =>
                  void action.run(
                    'PATCH',
                    `${base}/participants/${encodeURIComponent(p.id)}`,
                    { room: Number(e.target.value) },
                    t('facilitate.moved', { name: p.name, room: e.target.value }),
                  )
                }
                data-testid={`move-${p.id}`}
              >
                <option value="" disabled>
                  {t('facilitate.unassigned')}
                </option>
                {state.rooms.map((r) => (
                  <option key={r.number} value={String(r.number)}>
                    {t('room.heading', { room: r.number })}
                  </option>
                ))}
              </select>
              <PersonActions person={p} people={state.participants} base={base} action={action} ask={confirm.ask} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
