import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest, errorMessage } from '../api/apiRequest';
import type { ParticipantInfo } from '@roomtable/contract';

interface Props {
  workshopId: string;
  token: string;
  room: number;
  members: ParticipantInfo[];
  rapporteurId: string | null;
}

/** Lets a member of the room (or the facilitator) appoint the room's rapporteur. */
export function RapporteurPicker({ workshopId, token, room, members, rapporteurId }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const selected = choice || rapporteurId || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setStatus({ error: true, text: t('rapporteur.pickSomeone') });
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      await apiRequest('PUT', `/api/workshops/${encodeURIComponent(workshopId)}/rooms/${room}/rapporteur`, {
        token,
        body: { participantId: selected },
      });
      const name = members.find((m) => m.id === selected)?.name ?? '';
      setStatus({ error: false, text: t('rapporteur.appointed', { name }) });
      setChoice('');
    } catch (err) {
      setStatus({ error: true, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  if (members.length === 0) return null;
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid={`rapporteur-form-${room}`}>
      <label htmlFor={id}>{t('rapporteur.label')}</label>
      <select id={id} value={selected} onChange={(e) => setChoice(e.target.value)} data-testid="rapporteur-select">
        <option value="" disabled>
          {t('rapporteur.choose')}
        </option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy} className="secondary">
        {t('rapporteur.appoint')}
      </button>
      <span role="status" className={status?.error ? 'error-text' : 'ok-text'}>
        {status?.text ?? ''}
      </span>
    </form>
  );
}
