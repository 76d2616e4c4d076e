import { useTranslation } from 'react-i18next';
import type { ParticipantField } from '@roomtable/core';
import { FormField } from './FormField';

/**
 * The facilitator's questions on the join form [PF2], one choice each. Says under every question
 * who will see the answer [PF3], so nobody gives a private answer thinking it is private when it
 * is not, or the other way round.
 */
export function JoinQuestions({ idBase, fields, answers, onChange, missing }: {
  idBase: string;
  fields: readonly ParticipantField[];
  answers: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
  /** Keys of required questions left unanswered on the last try. */
  missing: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <>
      {fields.map((f) => (
        <FormField
          key={f.key}
          id={`${idBase}-${f.key}`}
          label={f.required ? t('join.questionRequired', { label: f.label }) : f.label}
          hint={f.public ? t('join.answerPublic') : t('join.answerPrivate')}
          error={missing.includes(f.key) ? t('join.answerRequired') : null}
        >
          {(control) => (
            <select {...control} value={answers[f.key] ?? ''} onChange={(e) => onChange({ ...answers, [f.key]: e.target.value })} data-testid={`join-field-${f.key}`}>
              <option value="">{f.required ? t('join.choose') : t('join.noAnswer')}</option>
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ))}
    </>
  );
}
