import type { Row, RowDiff, SnapshotDiff, Template } from '@roomtable/core';
import { useTranslation } from 'react-i18next';
import { RowTable } from '../components/RowTable';

const MARK: Record<RowDiff['kind'], string> = { added: '+', removed: '−', changed: '~', unchanged: ' ' };

/**
 * A diff of one room between two snapshots. Each row says what happened in words and with a
 * +/−/~ marker (not colour alone); a changed cell shows the old value struck through and the new one.
 */
export function DiffView({ diff, template }: { diff: SnapshotDiff; template: Template }) {
  const { t } = useTranslation();
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined || v === '' ? '–' : v);
  return (
    <div>
      <p role="status" data-testid="diff-summary">
        {t('review.diffSummary', { added: diff.added, removed: diff.removed, changed: diff.changed, unchanged: diff.unchanged })}
      </p>
      {/* Scrolls sideways inside its own box on a phone, focusable so a keyboard can scroll it. */}
      <div className="wide-scroll" tabIndex={0} role="region" aria-label={t('review.compareHeading')}>
      <RowTable
        className="review-table diff-table"
        data-testid="diff-table"
        columns={template.columns}
        rows={diff.rows}
        leadHeadings={<th scope="col">{t('review.diffChange')}</th>}
        rowProps={(d) => ({ className: `diff-${d.kind}`, 'data-testid': `diff-row-${d.kind}` })}
        leadCells={(d) => (
          <th scope="row" className="diff-mark">
            <span aria-hidden="true">{MARK[d.kind]} </span>
            {t(`review.diff.${d.kind}`)}
          </th>
        )}
        cell={(d, c) => {
          const row = d.kind === 'changed' ? d.to : d.row;
          const change = d.kind === 'changed' ? d.cells.find((x) => x.key === c.key) : undefined;
          return (
            <td key={c.key} className={change ? 'diff-cell-changed' : undefined}>
              {change ? (
                <>
                  <del>
                    <span className="visually-hidden">{t('review.diffWas')} </span>
                    {cell(change.from)}
                  </del>{' '}
                  <ins>
                    <span className="visually-hidden">{t('review.diffNow')} </span>
                    {cell(change.to)}
                  </ins>
                </>
              ) : d.kind === 'removed' ? (
                <del>{cell(row[c.key])}</del>
              ) : d.kind === 'added' ? (
                <ins>{cell(row[c.key])}</ins>
              ) : (
                cell(row[c.key])
              )}
            </td>
          );
        }}
      />
      </div>
    </div>
  );
}
