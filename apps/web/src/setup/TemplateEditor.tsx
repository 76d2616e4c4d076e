import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@roomtable/core';
import { moveItem, newColumnId, type DraftColumn, type DraftProblems } from './templateDraft';
import './setup.css';

interface Props {
  /** Prefix for element ids, unique on the page. */
  idBase: string;
  columns: DraftColumn[];
  onChange: (next: DraftColumn[]) => void;
  /** Problems to show; the form shows them once the facilitator tries to create the workshop. */
  problems: DraftProblems | null;
  onReset: () => void;
}

/**
 * Edits the assessment table's columns: rename, text or H/M/L, add, remove, move up and down.
 * Buttons, not drag and drop, so every change works from the keyboard; focus follows the moved
 * column and a status line says what happened.
 */
export function TemplateEditor({ idBase, columns, onChange, problems, onReset }: Props) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  // Where focus goes after the next render: a control's element id.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const name = (c: DraftColumn, i: number) => c.label.trim() || t('setup.columnN', { n: i + 1 });
  const update = (id: string, patch: Partial<DraftColumn>) =>
    onChange(columns.map((c) => (c.id === id ? { ...c, ...patch } : c)));

  const move = (i: number, to: number, button: 'up' | 'down') => {
    const c = columns[i];
    if (!c || to < 0 || to >= columns.length) return;
    onChange(moveItem(columns, i, to));
    // Keep focus on the same button of the moved column, unless it is now disabled at either end.
    const stillEnabled = button === 'up' ? to > 0 : to < columns.length - 1;
    focusNext.current = `${idBase}-${c.id}-${stillEnabled ? button : button === 'up' ? 'down' : 'up'}`;
    setStatus(t('setup.moved', { name: name(c, i), position: to + 1, total: columns.length }));
  };
  const remove = (i: number) => {
    const c = columns[i];
    if (!c || columns.length <= 1) return;
    const next = columns.filter((x) => x.id !== c.id);
    onChange(next);
    const neighbour = next[Math.min(i, next.length - 1)];
    focusNext.current = neighbour ? `${idBase}-${neighbour.id}-label` : `${idBase}-add`;
    setStatus(t('setup.removed', { name: name(c, i) }));
  };
  const add = () => {
    const c: DraftColumn = { id: newColumnId(), label: '', kind: 'text', defaultKey: null };
    onChange([...columns, c]);
    focusNext.current = `${idBase}-${c.id}-label`;
    setStatus(t('setup.added', { n: columns.length + 1 }));
  };

  const columnError = (c: DraftColumn) => {
    const p = problems?.columns[c.id];
    if (!p) return null;
    return p === 'labelTooLong' ? t('setup.labelTooLong', { max: LIMITS.columnLabelMax }) : t(`setup.${p}`);
  };

  return (
    <div className="template-editor" data-testid="template-editor">
      <p className="hint" id={`${idBase}-help`}>
        {t('setup.templateHelp', { max: LIMITS.columnsMax })}
      </p>
      <ol className="template-columns" aria-describedby={`${idBase}-help`}>
        {columns.map((c, i) => {
          const base = `${idBase}-${c.id}`;
          const error = columnError(c);
          const label = name(c, i);
          return (
            <li key={c.id} className="template-column" data-testid="template-column">
              <div className="field">
                <label htmlFor={`${base}-label`}>{t('setup.columnName', { n: i + 1 })}</label>
                <input
                  id={`${base}-label`}
                  value={c.label}
                  maxLength={LIMITS.columnLabelMax + 20}
                  autoComplete="off"
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${base}-error` : undefined}
                  onChange={(e) => update(c.id, { label: e.target.value })}
                  data-testid="template-label"
                />
              </div>
              <div className="field">
                <label htmlFor={`${base}-kind`}>{t('setup.columnKind', { n: i + 1 })}</label>
                <select id={`${base}-kind`} value={c.kind} onChange={(e) => update(c.id, { kind: e.target.value === 'rating' ? 'rating' : 'text' })} data-testid="template-kind">
                  <option value="text">{t('setup.kindText')}</option>
                  <option value="rating">{t('setup.kindRating')}</option>
                </select>
              </div>
              <div className="template-column-actions">
                <button type="button" className="secondary icon" id={`${base}-up`} disabled={i === 0} onClick={() => move(i, i - 1, 'up')} aria-label={t('setup.moveUp', { name: label })} title={t('setup.moveUp', { name: label })}>
                  <span aria-hidden="true">↑</span>
                </button>
                <button type="button" className="secondary icon" id={`${base}-down`} disabled={i === columns.length - 1} onClick={() => move(i, i + 1, 'down')} aria-label={t('setup.moveDown', { name: label })} title={t('setup.moveDown', { name: label })}>
                  <span aria-hidden="true">↓</span>
                </button>
                <button type="button" className="secondary" disabled={columns.length <= 1} onClick={() => remove(i)} aria-label={t('setup.remove', { name: label })} data-testid="template-remove">
                  {t('setup.removeShort')}
                </button>
              </div>
              {error ? (
                <p className="error-text template-column-error" id={`${base}-error`}>
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {problems?.table ? (
        <p className="error-note" role="alert" data-testid="template-table-error">
          {t('setup.needsText')}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="secondary" id={`${idBase}-add`} disabled={columns.length >= LIMITS.columnsMax} onClick={add} data-testid="template-add">
          {t('setup.addColumn')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onReset();
            setStatus(t('setup.resetDone'));
          }}
          data-testid="template-reset"
        >
          {t('setup.reset')}
        </button>
      </div>
      <p role="status" className="visually-hidden">
        {status}
      </p>
    </div>
  );
}
