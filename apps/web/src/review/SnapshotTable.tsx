import type { Row, Template } from '@roomtable/core';
import { useTranslation } from 'react-i18next';
import { RowTable } from '../components/RowTable';

/** A room's rows as a read-only table, one column per template column. */
export function SnapshotTable({ rows, template, caption }: { rows: Row[]; template: Template; caption: string }) {
  const { t } = useTranslation();
  // A box that scrolls sideways when the table is wider than a phone, focusable so a keyboard can scroll it.
  return (
    <div className="wide-scroll" tabIndex={0} role="region" aria-label={caption}>
    <RowTable
      className="review-table"
      data-testid="snapshot-table"
      caption={caption}
      columns={template.columns}
      rows={rows}
      empty={t('review.noRows')}
      cell={(row, c) => (
        <td key={c.key} className={c.kind === 'rating' ? 'rating-cell' : undefined}>
          {row[c.key] ?? '–'}
        </td>
      )}
    />
    </div>
  );
}
