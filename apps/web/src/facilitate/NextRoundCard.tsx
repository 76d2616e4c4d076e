import { DEFAULT_TEMPLATE, LIMITS, ROUND_ASSIGNMENTS, type RoundAssignment } from '@roomtable/core';
import type { LiveState } from '@roomtable/contract';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormField } from '../components/FormField';
import { TemplateEditor } from '../setup/TemplateEditor';
import { draftIsValid, draftProblems, type DraftProblems } from '../setup/templateDraft';
import { ActionOutcome } from './ActionOutcome';
import { SpreadFieldsChoice } from './SpreadFieldsChoice';
import { useAction } from './useAction';
import { useRoundTemplateDraft } from './useRoundTemplateDraft';

/**
 * Starts the next round from the plenary [RN2]: its statement, durations and table (the current
 * round's by default; the table's columns can be edited as at set-up, the server checks them the
 * same way) and how its rooms are made; "meet new people" first, since that
 * is what a second round is for. Outside the plenary it says when it can be used.
 */
export function NextRoundCard({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { workshop } = state;
  const round = workshop.round ?? 1;
  const [purpose, setPurpose] = useState(workshop.purpose);
  const [breakout, setBreakout] = useState(String(workshop.breakoutMinutes));
  const [reporting, setReporting] = useState(String(workshop.reportingMinutes));
  const [assignment, setAssignment] = useState<RoundAssignment>('newPeople');
  // The questions people answered can be spread over the new rooms too [RN3].
  const fields = workshop.fields ?? [];
  const [spread, setSpread] = useState<string[]>([]);
  const [fieldError, setFieldError] = useState<string | null>(null);
  // The table: kept unless the facilitator opens it to edit (before, the card offered no change).
  const [editTemplate, setEditTemplate] = useState(false);
  const draft = useRoundTemplateDraft(workshop.template ?? DEFAULT_TEMPLATE);
  const [templateProblems, setTemplateProblems] = useState<DraftProblems | null>(null);
  const action = useAction(token);
  // Problems show once a start was tried, then follow the facilitator's fixes (as at set-up).
  const changeColumns = (next: typeof draft.columns) => {
    draft.setColumns(next);
    if (templateProblems) setTemplateProblems(draftProblems(next));
  };
  const ready = workshop.phase === 'reporting';

  const minutes = (value: string) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 && n <= LIMITS.minutesMax ? n : null;
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const breakoutMinutes = minutes(breakout);
    const reportingMinutes = minutes(reporting);
    if (breakoutMinutes === null || reportingMinutes === null) return setFieldError(t('nextRound.minutesInvalid', { max: LIMITS.minutesMax }));
    setFieldError(null);
    if (editTemplate) {
      const problems = draftProblems(draft.columns);
      setTemplateProblems(problems);
      if (!draftIsValid(problems)) {
        // Take the facilitator to the first thing to fix, as the set-up form does.
        const firstBad = draft.columns.find((c) => problems.columns[c.id]);
        requestAnimationFrame(() => document.getElementById(firstBad ? `${id}-tpl-${firstBad.id}-label` : `${id}-tpl-add`)?.focus());
        return;
      }
    }
    await action.run(
      'POST',
      `/api/workshops/${encodeURIComponent(workshop.id)}/rounds`,
      { assignment, purpose: purpose.trim(), breakoutMinutes, reportingMinutes, ...(editTemplate ? { template: draft.toTemplate() } : {}), ...(spread.length > 0 && assignment !== 'same' ? { choice: { spread } } : {}) },
      t('nextRound.started', { round: round + 1 }),
    );
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid="next-round">
      <h2 id={`${id}-heading`}>{t('nextRound.heading')}</h2>
      {!ready ? (
        <p className="hint" data-testid="next-round-wait">
          {t('nextRound.onlyFromPlenary', { round })}
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <p className="hint">{t('nextRound.explain', { round: round + 1, current: round })}</p>
          <FormField id={`${id}-purpose`} label={t('nextRound.statement')} error={null}>
            {(control) => <textarea {...control} rows={3} maxLength={LIMITS.purposeMax} value={purpose} onChange={(e) => setPurpose(e.target.value)} dir="auto" data-testid="next-round-statement" />}
          </FormField>
          <div className="button-row">
            <FormField id={`${id}-breakout`} label={t('nextRound.breakoutMinutes')} error={null}>
              {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={LIMITS.minutesMax} value={breakout} onChange={(e) => setBreakout(e.target.value)} data-testid="next-round-breakout" />}
            </FormField>
            <FormField id={`${id}-reporting`} label={t('nextRound.reportingMinutes')} error={null}>
              {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={LIMITS.minutesMax} value={reporting} onChange={(e) => setReporting(e.target.value)} data-testid="next-round-reporting" />}
            </FormField>
          </div>
          <fieldset className="stack">
            <legend>{t('nextRound.assignment')}</legend>
            {ROUND_ASSIGNMENTS.map((mode) => (
              <label key={mode} className="choice">
                <input type="radio" name={`${id}-assignment`} value={mode} checked={assignment === mode} onChange={() => setAssignment(mode)} data-testid={`next-round-${mode}`} />
                {t(`nextRound.mode.${mode}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="stack next-round-template">
            <legend>{t('nextRound.template')}</legend>
            <label className="choice">
              <input type="radio" name={`${id}-template`} checked={!editTemplate} onChange={() => setEditTemplate(false)} data-testid="next-round-template-keep" />
              {t('nextRound.templateKeep', { columns: (workshop.template ?? DEFAULT_TEMPLATE).columns.length })}
            </label>
            <label className="choice">
              <input type="radio" name={`${id}-template`} checked={editTemplate} onChange={() => setEditTemplate(true)} data-testid="next-round-template-edit" />
              {t('nextRound.templateEdit', { round: round + 1 })}
            </label>
            {editTemplate ? <TemplateEditor idBase={`${id}-tpl`} columns={draft.columns} onChange={changeColumns} problems={templateProblems} onReset={draft.reset} /> : null}
          </fieldset>
          {fields.length > 0 && assignment !== 'same' ? (
            <SpreadFieldsChoice fields={fields} spread={spread} onChange={setSpread} testIdPrefix="next-round-spread-" />
          ) : null}
          {fieldError ? (
            <p role="alert" className="error-note">
              {fieldError}
            </p>
          ) : null}
          <div className="button-row">
            <button type="submit" disabled={action.busy} data-testid="next-round-start">
              {t('nextRound.start', { round: round + 1 })}
            </button>
          </div>
        </form>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}
