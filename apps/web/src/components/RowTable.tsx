import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Column } from '@roomtable/core';
import { columnLabel } from '../i18n/columnLabel';

type Heading = Pick<Column, 'key' | 'label'>;

interface Props<T, C extends Heading> extends Omit<HTMLAttributes<HTMLTableElement>, 'children'> {
  /** The template columns, one heading and one cell each, headings in the reader's language. */
  columns: C[];
  rows: T[];
  caption?: ReactNode;
  /** Header cells before the column headings (a marker, a rank …). */
  leadHeadings?: ReactNode;
  /** Cells of one row before its column cells, matching `leadHeadings`. */
  leadCells?: (row: T, index: number) => ReactNode;
  /** One column's cell of one row, a whole `<td>`. */
  cell: (row: T, column: C, index: number) => ReactNode;
  /** Attributes of one row's `<tr>`. */
  rowProps?: (row: T, index: number) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  rowKey?: (row: T, index: number) => string | number;
  /** Shown as a single row when there are no rows. */
  empty?: ReactNode;
  'data-testid'?: string;
}

/** A table of template rows: the layout the plenary report, the review's tables, the diff and the printed plan share. */
export function RowTable<T, C extends Heading>({ columns, rows, caption, leadHeadings, leadCells, cell, rowProps, rowKey, empty, ...tableProps }: Props<T, C>) {
  const { t } = useTranslation();
  return (
    <table {...tableProps}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {leadHeadings}
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {columnLabel(c, t)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr key={rowKey ? rowKey(row, i) : i} {...rowProps?.(row, i)}>
              {leadCells?.(row, i)}
              {columns.map((c) => cell(row, c, i))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
