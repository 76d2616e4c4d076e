import type { BoardExport } from './boardExport';
import type { DraftPlan } from './draftPlan';

/** Identifies the JSON export's shape for scripts that read it. */
export const PLAN_JSON_FORMAT = 'roomtable.draft-plan/1';

/**
 * The draft plan as JSON: `{format, …plan}` with one group per line, so thousands of rows are
 * written out group by group instead of as one huge string. Parses to the {@link DraftPlan} plus `format`,
 * and `board` (its clusters with their places, cards and reasons, [BO4]) when there is one.
 */
export function* renderPlanJson(plan: DraftPlan, board: BoardExport | null = null): Generator<string> {
  const { groups, ...head } = plan;
  const headJson = JSON.stringify({ format: PLAN_JSON_FORMAT, ...head, ...(board ? { board } : {}) }, null, 2);
  // Reopen the head object to append "groups" as the last key.
  yield `${headJson.slice(0, -2)},\n  "groups": [`;
  let first = true;
  for (const g of groups) {
    yield `${first ? '' : ','}\n    ${JSON.stringify(g)}`;
    first = false;
  }
  yield `${groups.length > 0 ? '\n  ' : ''}]\n}\n`;
}
