import { useTranslation } from 'react-i18next';
import { isRating, type Row, type Template } from '@roomtable/core';

interface Props {
  room: number;
  rows: Row[];
  template: Template;
  /** Row under discussion in this room, or null. */
  pointerRow: number | null;
  /** Set when this person may move the pointer. */
  onPoint: ((row: number | null) => void) | null;
}

/** One room's table from the snapshot, large enough for a projector, with the pointer's row highlighted. */
export function ReportTable({ room, rows, template, pointerRow, onPoint }: Props) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="card">{t('plenary.noRows')}</p>;
  return (
    <div className="table-scroll">
      <table className="report-table" data-testid="report-table" aria-label={t('plenary.tableOf', { room })}>
        <thead>
          <tr>
            {onPoint ? <th scope="col"><span className="visually-hidden">{t('plenary.pointer')}</span></th> : null}
            {template.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const current = pointerRow === i;
            return (
              <tr key={i} className={current ? 'pointed' : undefined} aria-current={current ? 'true' : undefined} data-testid="report-row">
                {onPoint ? (
                  <td>
                    <button
                      type="button"
                      className="secondary point-button"
                      aria-pressed={current}
                      onClick={() => onPoint(current ? null : i)}
                      data-testid="point-row"
                    >
                      {current ? t('plenary.unpoint') : t('plenary.point')}
                      <span className="visually-hidden"> {t('plenary.rowNumber', { n: i + 1 })}</span>
                    </button>
                  </td>
                ) : null}
                {template.columns.map((c) => {
                  const value = row[c.key];
                  if (c.kind === 'rating') {
                    return (
                      <td key={c.key} className="rating-cell">
                        {isRating(value) ? <span className={`rating-chip rating-${value}`}>{t(`rating.${value}`)}</span> : <span className="muted">{t('plenary.unrated')}</span>}
                      </td>
                    );
                  }
                  return (
                    <td key={c.key} className="text-cell">
                      {value || ''}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {pointerRow !== null ? (
        <p className="visually-hidden" role="status">
          {t('plenary.pointerAt', { n: pointerRow + 1 })}
        </p>
      ) : null}
    </div>
  );
}
