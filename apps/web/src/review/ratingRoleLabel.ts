import type { TFunction } from 'i18next';
import type { DraftPlan } from '@roomtable/core';
import { columnLabel } from '../i18n/columnLabel';

/**
 * The heading for the column ranked as impact or effort: "Impact"/"Effort" for the default table's
 * columns, the facilitator's own heading for a custom one (e.g. "Priority"), null when there is none.
 */
export function ratingRoleLabel(plan: Pick<DraftPlan, 'roles' | 'columns'>, role: 'impact' | 'effort', t: TFunction): string | null {
  const key = plan.roles[role];
  if (!key) return null;
  if (key === role) return t(`print.${role}`);
  const column = plan.columns.find((c) => c.key === key);
  return column ? columnLabel(column, t) : key;
}
