import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConstraintScore, PerRoomRule } from '@roomtable/core';
import type { LiveState } from '@roomtable/contract';
import { apiRequest, errorMessage } from '../api/apiRequest';
import { ActionOutcome } from './ActionOutcome';
import { SpreadFieldsChoice } from './SpreadFieldsChoice';
import { useAction } from './useAction';

interface Preview {
  seed: string;
  rooms: { number: number; participantIds: string[]; language: string | null }[];
  scores: ConstraintScore[];
  baseline: ConstraintScore[];
}

const newSeed = () => `preview-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Rooms made from the people's answers [AP1][AP2]: choose which questions to spread, per-room
 * bounds on an answer (e.g. exactly one table host) and a language question; "Preview" shows the
 * rooms and how well each rule is met beside a plain random assignment; pins re-run the preview;
 * "Apply" asks the server for exactly the previewed rooms (it recomputes them and refuses if they
 * no longer match).
 */
export function AssignmentPanel({ state, token }: { state: LiveState; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction(token);
  const fields = state.workshop.fields ?? [];
  const [spread, setSpread] = useState<string[]>([]);
  const [rules, setRules] = useState<PerRoomRule[]>([]);
  const [languageField, setLanguageField] = useState('');
  const [pins, setPins] = useState<Record<string, number>>({});
  const [seed, setSeed] = useState(newSeed);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (fields.length === 0 || (state.workshop.phase !== 'lobby' && state.workshop.phase !== 'breakout')) return null;
  const base = `/api/workshops/${encodeURIComponent(state.workshop.id)}`;
  const choiceWith = (p: Record<string, number>, s: string) => ({ seed: s, spread, perRoom: rules, pins: p, ...(languageField ? { languageField } : {}) });
  const nameOf = (pid: string) => state.participants.find((p) => p.id === pid)?.name ?? pid;
  const labelOf = (key: string) => fields.find((f) => f.key === key)?.label ?? key;

  const run = async (p: Record<string, number>, s: string) => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await apiRequest<Preview>('POST', `${base}/assignment/preview`, { token, body: choiceWith(p, s) }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const pin = (pid: string, room: string) => {
    const next = { ...pins };
    if (room === '') delete next[pid];
    else next[pid] = Number(room);
    setPins(next);
    void run(next, seed);
  };
  const apply = async () => {
    if (!preview) return;
    const ok = await action.run('POST', `${base}/assignment`, { choice: choiceWith(pins, preview.seed), previewed: preview.rooms.map((r) => r.participantIds) }, t('assign.applied'));
    if (ok) setPreview(null);
  };
  const updateRule = (i: number, patch: Partial<PerRoomRule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const bound = (v: string) => (v.trim() === '' ? undefined : Math.max(0, Math.floor(Number(v)) || 0));

  const describe = (s: ConstraintScore) => {
    const [kind, rest = ''] = s.constraint.split(':');
    if (kind === 'spread') return t('assign.scoreSpread', { field: labelOf(rest) });
    if (kind === 'language') return t('assign.scoreLanguage', { field: labelOf(rest) });
    if (kind === 'perRoom') {
      const [field = '', value = ''] = rest.split('=');
      return t('assign.scorePerRoom', { field: labelOf(field), value });
    }
    return s.constraint;
  };

  return (
    <section className="card assignment-panel" aria-labelledby={`${id}-h`} data-testid="assignment-panel">
      <h2 id={`${id}-h`}>{t('assign.heading')}</h2>
      <SpreadFieldsChoice fields={fields} spread={spread} onChange={setSpread} testIdPrefix="spread-" />
      <fieldset className="choice-group">
        <legend>{t('assign.rulesLegend')}</legend>
        {rules.map((r, i) => {
          const field = fields.find((f) => f.key === r.field) ?? fields[0]!;
          return (
            <div key={i} className="rule-row" data-testid="rule">
              <label>
                {t('assign.ruleField')}
                <select value={r.field} onChange={(e) => updateRule(i, { field: e.target.value, value: fields.find((f) => f.key === e.target.value)?.options[0] ?? '' })} data-testid="rule-field">
                  {fields.map((f) => (
                    <option key={f.key} value={f.key}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('assign.ruleValue')}
                <select value={r.value} onChange={(e) => updateRule(i, { value: e.target.value })} data-testid="rule-value">
                  {field.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('assign.ruleMin')}
                <input type="number" inputMode="numeric" min={0} value={r.min ?? ''} onChange={(e) => updateRule(i, { min: bound(e.target.value) })} data-testid="rule-min" />
              </label>
              <label>
                {t('assign.ruleMax')}
                <input type="number" inputMode="numeric" min={0} value={r.max ?? ''} onChange={(e) => updateRule(i, { max: bound(e.target.value) })} data-testid="rule-max" />
              </label>
              <button type="button" className="secondary" onClick={() => setRules(rules.filter((_, j) => j !== i))} aria-label={t('assign.ruleRemove', { n: i + 1 })}>
                {t('setup.removeShort')}
              </button>
            </div>
          );
        })}
        <button type="button" className="secondary" onClick={() => setRules([...rules, { field: fields[0]!.key, value: fields[0]!.options[0] ?? '', min: 1, max: 1 }])} data-testid="rule-add">
          {t('assign.ruleAdd')}
        </button>
      </fieldset>
      <label className="field">
        {t('assign.languageLabel')}
        <select value={languageField} onChange={(e) => setLanguageField(e.target.value)} data-testid="language-field">
          <option value="">{t('assign.languageNone')}</option>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        <button type="button" disabled={busy || state.participants.length === 0} onClick={() => void run(pins, seed)} data-testid="preview-run">
          {t('assign.preview')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || state.participants.length === 0}
          onClick={() => {
            const s = newSeed();
            setSeed(s);
            void run(pins, s);
          }}
        >
          {t('assign.reshuffle')}
        </button>
      </div>
      <p role="status" aria-live="polite">
        {busy ? t('assign.previewing') : ''}
      </p>
      {error ? (
        <p className="error-note" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? (
        <div data-testid="preview">
          <table className="score-table">
            <caption>{t('assign.scoresCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assign.rule')}</th>
                <th scope="col">{t('assign.thisPreview')}</th>
                <th scope="col">{t('assign.random')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.scores.map((s, i) => (
                <tr key={s.constraint} data-testid="score">
                  <th scope="row">{describe(s)}</th>
                  <td>{s.violations === 0 ? t('assign.met') : t('assign.missed', { count: s.violations })}</td>
                  <td>{preview.baseline[i]?.violations === 0 ? t('assign.met') : t('assign.missed', { count: preview.baseline[i]?.violations ?? 0 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ol className="preview-rooms">
            {preview.rooms.map((r) => (
              <li key={r.number} data-testid={`preview-room-${r.number}`}>
                <h3>
                  {t('room.heading', { room: r.number })}
                  {r.language ? ` · ${r.language}` : ''}
                </h3>
                <ul>
                  {r.participantIds.map((pid) => (
                    <li key={pid}>
                      <span data-testid="preview-person">{nameOf(pid)}</span>
                      <select aria-label={t('assign.pinFor', { name: nameOf(pid) })} value={pins[pid] === undefined ? '' : String(pins[pid])} onChange={(e) => pin(pid, e.target.value)} data-testid={`pin-${pid}`}>
                        <option value="">{t('assign.notPinned')}</option>
                        {preview.rooms.map((x) => (
                          <option key={x.number} value={String(x.number)}>
                            {t('assign.pinTo', { room: x.number })}
                          </option>
                        ))}
                      </select>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          <button type="button" disabled={action.busy || busy} onClick={() => void apply()} data-testid="preview-apply">
            {t('assign.apply')}
          </button>
        </div>
      ) : null}
      <ActionOutcome action={action} />
    </section>
  );
}
