import type { TFunction } from 'i18next';
import type { PollColumn } from '@roomtable/core';
import { columnLabel, defaultColumnKey } from '../i18n/columnLabel';

/**
 * A poll column's name in the reader's language. The default template's "Impact H/M/L" reads as
 * plain "Impact" here, since the H/M/L choices sit right beside it; a heading somebody wrote stays as written.
 */
export function pollColumnLabel(column: PollColumn, t: TFunction): string {
  const short = `column.${column.key}`;
  return defaultColumnKey(column.key, column.label) && (column.key === 'impact' || column.key === 'effort') ? t(short) : columnLabel(column, t);
}

/** A 1–3 mean with one decimal, in the locale's digits and decimal sign. */
export function formatMean(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}
