import { useTranslation } from 'react-i18next';
import { isRating, type Row, type Template } from '@roomtable/core';
import { RowTable } from '../components/RowTable';

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
    // Without a pointer button the table has nothing to focus, so on a phone a keyboard could not
    // scroll it sideways (axe: scrollable-region-focusable): the scroll box takes focus then, as the room's does.
    <div className="table-scroll" tabIndex={onPoint ? undefined : 0} role={onPoint ? undefined : 'region'} aria-label={onPoint ? undefined : t('plenary.tableOf', { room })}>
      <RowTable
        className="report-table"
        data-testid="report-table"
        aria-label={t('plenary.tableOf', { room })}
        columns={template.columns}
        rows={rows}
        leadHeadings={
          onPoint ? (
            <th scope="col">
              <span className="visually-hidden">{t('plenary.pointer')}</span>
            </th>
          ) : null
        }
        rowProps={(_, i) => ({ className: pointerRow === i ? 'pointed' : undefined, 'aria-current': pointerRow === i ? 'true' : undefined, 'data-testid': 'report-row' })}
        leadCells={(_, i) =>
          onPoint ? (
            <td>
              <button
                type="button"
                className="secondary point-button"
                aria-pressed={pointerRow === i}
                onClick={() => onPoint(pointerRow === i ? null : i)}
                data-testid="point-row"
              >
                {pointerRow === i ? t('plenary.unpoint') : t('plenary.point')}
                <span className="visually-hidden"> {t('plenary.rowNumber', { n: i + 1 })}</span>
              </button>
            </td>
          ) : null
        }
        cell={(row, c) => {
          const value = row[c.key];
          return c.kind === 'rating' ? (
            <td key={c.key} className="rating-cell">
              {isRating(value) ? <span className={`rating-chip rating-${value}`}>{t(`rating.${value}`)}</span> : <span className="muted">{t('plenary.unrated')}</span>}
            </td>
          ) : (
            <td key={c.key} className="text-cell">
              {value || ''}
            </td>
          );
        }}
      />
      {pointerRow !== null ? (
        <p className="visually-hidden" role="status">
          {t('plenary.pointerAt', { n: pointerRow + 1 })}
        </p>
      ) : null}
    </div>
  );
}
