import { useTranslation } from 'react-i18next';
import type { ParticipantInfo } from '@roomtable/contract';
import { ActionText } from '../facilitate/ActionOutcome';
import { useAction } from '../facilitate/useAction';

/** The facilitator names who may write the plenary notes. */
export function NoteTakersPicker({ workshopId, token, participants, noteTakers }: { workshopId: string; token: string; participants: ParticipantInfo[]; noteTakers: string[] }) {
  const { t } = useTranslation();
  const action = useAction(token);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...noteTakers, id] : noteTakers.filter((x) => x !== id);
    void action.run('PUT', `/api/workshops/${encodeURIComponent(workshopId)}/plenary/note-takers`, { participantIds: next }, t('plenary.notes.saved'));
  };
  return (
    <details className="note-takers">
      <summary>{t('plenary.notes.takers', { count: noteTakers.length })}</summary>
      <fieldset disabled={action.busy}>
        <legend className="visually-hidden">{t('plenary.notes.takersLegend')}</legend>
        {participants.map((p) => (
          <label key={p.id} className="field-row">
            <input type="checkbox" checked={noteTakers.includes(p.id)} onChange={(e) => toggle(p.id, e.target.checked)} />
            <span>{p.name}</span>
          </label>
        ))}
      </fieldset>
      <p role="status" className="toolbar-message">
        <ActionText action={action} />
      </p>
    </details>
  );
}
