import type { BoardExport } from './boardExport';
import type { DraftPlan } from './draftPlan';
import { renderPlanCsv } from './exportCsv';
import type { ExportFormat } from './exportFormat';
import { renderPlanHtml } from './exportHtml';
import { renderPlanJson } from './exportJson';
import { renderPlanMarkdown } from './exportMarkdown';

/**
 * The draft plan rendered in `format`, chunk by chunk (join them for the whole file); with the
 * board (`boardExportOf`) each format shows it too ([BO2]–[BO6]).
 */
export function renderPlan(plan: DraftPlan, format: ExportFormat, board: BoardExport | null = null): Generator<string> {
  switch (format) {
    case 'markdown':
      return renderPlanMarkdown(plan, board);
    case 'csv':
      return renderPlanCsv(plan, board);
    case 'json':
      return renderPlanJson(plan, board);
    case 'html':
      return renderPlanHtml(plan, board);
  }
}
