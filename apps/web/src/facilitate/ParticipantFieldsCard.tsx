import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '@roomtable/contract';
import { FieldsEditor } from '../setup/FieldsEditor';
import { draftOf, fieldProblems, fieldsOfDraft, type DraftField } from '../setup/fieldsDraft';
import { ActionOutcome } from './ActionOutcome';
import { useAction } from './useAction';

/**
 * The questions the join form asks [PF1], in the console: listed always, editable in the lobby
 * until rooms are assigned [PF4] (the server refuses later changes too).
 */
export function ParticipantFieldsCard({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction(token);
  const fields = state.workshop.fields ?? [];
  const [draft, setDraft] = useState<DraftField[] | null>(null);
  const [checked, setChecked] = useState(false);
  const editable = state.workshop.phase === 'lobby' && state.rooms.length === 0;
  const save = async () => {
    if (!draft) return;
    setChecked(true);
    if (Object.keys(fieldProblems(draft)).length > 0) return;
    const ok = await action.run('PUT', `/api/workshops/${encodeURIComponent(state.workshop.id)}/fields`, { fields: fieldsOfDraft(draft) }, t('fields.saved'));
    if (ok) setDraft(null);
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="fields-card">
      <h2 id={`${id}-heading`}>{t('fields.heading')}</h2>
      {draft === null ? (
        <>
          {fields.length === 0 ? (
            <p>{t('fields.none')}</p>
          ) : (
            <ul className="field-summary">
              {fields.map((f) => (
                <li key={f.key}>
                  <strong>{f.label}</strong>: {f.options.join(' · ')}{' '}
                  <span className="hint">
                    ({f.required ? t('fields.required') : t('fields.optional')}, {f.public ? t('fields.publicShort') : t('fields.privateShort')})
                  </span>
                </li>
              ))}
            </ul>
          )}
          {editable ? (
            <button type="button" className="secondary" onClick={() => setDraft(draftOf(fields))} data-testid="fields-edit">
              {t('fields.edit')}
            </button>
          ) : (
            <p className="hint">{t('fields.locked')}</p>
          )}
        </>
      ) : (
        <>
          <FieldsEditor idBase={`${id}-f`} fields={draft} onChange={setDraft} problems={checked ? fieldProblems(draft) : null} />
          <div className="button-row">
            <button type="button" disabled={action.busy} onClick={() => void save()} data-testid="fields-save">
              {t('fields.save')}
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              {t('fields.cancel')}
            </button>
          </div>
        </>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}
