import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@roomtable/core';
import { newDraftField, type DraftField, type FieldProblem } from './fieldsDraft';
import './setup.css';

interface Props {
  /** Prefix for element ids, unique on the page. */
  idBase: string;
  fields: DraftField[];
  onChange: (next: DraftField[]) => void;
  problems: Record<string, FieldProblem> | null;
}

/**
 * Edits the questions the join form asks [PF1]: a label, options one per line, required or not,
 * answers shown to everyone or to the facilitators only (the default). Plain controls, so it works
 * from the keyboard and on a phone; focus goes to a new question's label.
 */
export function FieldsEditor({ idBase, fields, onChange, problems }: Props) {
  const { t } = useTranslation();
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });
  const update = (key: string, patch: Partial<DraftField>) => onChange(fields.map((f) => (f.key === key ? { ...f, ...patch } : f)));
  const add = () => {
    const f = newDraftField(fields);
    onChange([...fields, f]);
    focusNext.current = `${idBase}-${f.key}-label`;
  };
  const remove = (i: number) => {
    const next = fields.filter((_, j) => j !== i);
    onChange(next);
    const neighbour = next[Math.min(i, next.length - 1)];
    focusNext.current = neighbour ? `${idBase}-${neighbour.key}-label` : `${idBase}-add`;
  };

  return (
    <div className="fields-editor" data-testid="fields-editor">
      <p className="hint">{t('fields.help', { max: LIMITS.fieldsMax })}</p>
      {fields.length === 0 ? <p className="hint">{t('fields.none')}</p> : null}
      <ol className="template-columns">
        {fields.map((f, i) => {
          const base = `${idBase}-${f.key}`;
          const problem = problems?.[f.key];
          const name = f.label.trim() || t('fields.questionN', { n: i + 1 });
          return (
            <li key={f.key} className="field-question" data-testid="field-question">
              <div className="field">
                <label htmlFor={`${base}-label`}>{t('fields.label', { n: i + 1 })}</label>
                <input
                  id={`${base}-label`}
                  value={f.label}
                  maxLength={LIMITS.fieldLabelMax + 20}
                  autoComplete="off"
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${base}-error` : undefined}
                  onChange={(e) => update(f.key, { label: e.target.value })}
                  data-testid="field-label"
                />
              </div>
              <div className="field">
                <label htmlFor={`${base}-options`}>{t('fields.options', { n: i + 1 })}</label>
                <p className="hint" id={`${base}-options-hint`}>
                  {t('fields.optionsHint')}
                </p>
                <textarea
                  id={`${base}-options`}
                  rows={4}
                  value={f.options}
                  aria-describedby={`${base}-options-hint`}
                  onChange={(e) => update(f.key, { options: e.target.value })}
                  data-testid="field-options"
                />
              </div>
              <div className="choice-row">
                <label className="choice">
                  <input type="checkbox" checked={f.required} onChange={(e) => update(f.key, { required: e.target.checked })} data-testid="field-required" />
                  {t('fields.required')}
                </label>
                <label className="choice">
                  <input type="checkbox" checked={f.public} onChange={(e) => update(f.key, { public: e.target.checked })} data-testid="field-public" />
                  {t('fields.public')}
                </label>
                <button type="button" className="secondary" onClick={() => remove(i)} aria-label={t('fields.remove', { name })} data-testid="field-remove">
                  {t('setup.removeShort')}
                </button>
              </div>
              {problem ? (
                <p className="error-text" id={`${base}-error`}>
                  {t(`fields.${problem}`, { max: LIMITS.fieldLabelMax })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="button-row">
        <button type="button" className="secondary" id={`${idBase}-add`} disabled={fields.length >= LIMITS.fieldsMax} onClick={add} data-testid="field-add">
          {t('fields.add')}
        </button>
      </div>
    </div>
  );
}
