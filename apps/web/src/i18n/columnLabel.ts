import type { TFunction } from 'i18next';
import { DEFAULT_TEMPLATE, type Column } from '@roomtable/core';

const DEFAULT_LABELS = new Map(DEFAULT_TEMPLATE.columns.map((c) => [c.key, c.label]));

/**
 * The i18n key for a column heading that is still the default template's English label, else null.
 * The heading is text inside the room document, so it is translated where it is shown, never stored.
 */
export function defaultColumnKey(key: string, label: string): string | null {
  return DEFAULT_LABELS.get(key) === label.trim() ? `template.column.${key}` : null;
}

/** A column's heading in the reader's language; a heading somebody wrote stays as written. */
export function columnLabel(column: Pick<Column, 'key' | 'label'>, t: TFunction): string {
  const key = defaultColumnKey(column.key, column.label);
  return key ? t(key) : column.label;
}
