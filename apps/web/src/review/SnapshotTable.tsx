import type { Row, Template } from '@roomtable/core';
import { useTranslation } from 'react-i18next';

/** A room's rows as a read-only table, one column per template column. */
export function SnapshotTable({ rows, template, caption }: { rows: Row[]; template: Template; caption: string }) {
  const { t } = useTranslation();
  return (
    <table className="review-table" data-testid="snapshot-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {template.columns.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={template.columns.length}>{t('review.noRows')}</td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr key={i}>
              {template.columns.map((c) => (
                <td key={c.key} className={c.kind === 'rating' ? 'rating-cell' : undefined}>
                  {row[c.key] ?? '–'}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
