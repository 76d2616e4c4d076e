import type { DraftPlan } from './draftPlan';
import { renderPlanCsv } from './exportCsv';
import type { ExportFormat } from './exportFormat';
import { renderPlanHtml } from './exportHtml';
import { renderPlanJson } from './exportJson';
import { renderPlanMarkdown } from './exportMarkdown';

/** The draft plan rendered in `format`, chunk by chunk (join them for the whole file). */
export function renderPlan(plan: DraftPlan, format: ExportFormat): Generator<string> {
  switch (format) {
    case 'markdown':
      return renderPlanMarkdown(plan);
    case 'csv':
      return renderPlanCsv(plan);
    case 'json':
      return renderPlanJson(plan);
    case 'html':
      return renderPlanHtml(plan);
  }
}
