import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Broadcast } from '@roomtable/contract';
import { FormField } from '../components/FormField';
import { ActionOutcome } from './ActionOutcome';
import { useAction } from './useAction';

/** Sends a message every page shows at once, or clears it. */
export function BroadcastForm({ workshopId, token, current }: { workshopId: string; token: string; current: Broadcast | null }) {
  const { t } = useTranslation();
  const id = useId();
  const [message, setMessage] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const action = useAction(token);
  const path = `/api/workshops/${encodeURIComponent(workshopId)}/broadcast`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = message.trim();
    if (!text) return setFieldError(t('broadcast.required'));
    setFieldError(null);
    // The draft is cleared only once the server has it, so a failure loses nothing.
    if (await action.run('POST', path, { message: text }, t('broadcast.sent'))) setMessage('');
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('broadcast.heading')}</h2>
      {current ? (
        <p>
          {t('broadcast.current')} <q data-testid="broadcast-current" dir="auto">{current.message}</q>
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <FormField id={id} label={t('broadcast.label')} error={fieldError}>
          {(control) => <textarea {...control} rows={2} value={message} onChange={(e) => setMessage(e.target.value)} data-testid="broadcast-input" />}
        </FormField>
        <div className="button-row">
          <button type="submit" disabled={action.busy} data-testid="broadcast-send">
            {t('broadcast.send')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={action.busy || !current}
            onClick={() => void action.run('DELETE', path, undefined, t('broadcast.cleared'))}
            data-testid="broadcast-clear"
          >
            {t('broadcast.clear')}
          </button>
        </div>
      </form>
      <ActionOutcome action={action} />
    </section>
  );
}
