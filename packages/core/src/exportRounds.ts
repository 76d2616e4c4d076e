import type { DraftPlan } from './draftPlan';
import { csvLine, tallyText } from './exportCsv';
import type { ExportFormat } from './exportFormat';
import { renderPlanHtml } from './exportHtml';
import { PLAN_JSON_FORMAT, renderPlanJson } from './exportJson';
import { renderPlanMarkdown } from './exportMarkdown';

/** One round's draft plan, named by its round [RN6]. */
export interface RoundPlan {
  round: number;
  plan: DraftPlan;
}

/** Identifies the all-rounds JSON export's shape for scripts that read it. */
export const ROUNDS_PLAN_JSON_FORMAT = 'roomtable.draft-plan-rounds/1';

/** A round's plan titled with its round, so every heading of the export says which round it is [RN6]. */
function titled({ round, plan }: RoundPlan): DraftPlan {
  return { ...plan, title: `${plan.title} — round ${round}` };
}

/**
 * The draft plans of every round in one file [RN6], each under its round's name: Markdown and
 * HTML one section per round, JSON `{format, title, rounds: [{round, plan}]}`, CSV one table with
 * a `round` column first (the columns of every round's template, in order of first use).
 */
export function* renderRoundsPlan(title: string, rounds: readonly RoundPlan[], format: ExportFormat): Generator<string> {
  switch (format) {
    case 'markdown':
      for (const [i, r] of rounds.entries()) {
        if (i > 0) yield '\n---\n\n';
        yield* renderPlanMarkdown(titled(r));
      }
      return;
    case 'html': {
      // One document: the first round's head, then every round's body.
      for (const [i, r] of rounds.entries()) {
        const html = [...renderPlanHtml(titled(r))].join('');
        const start = html.indexOf('<body>\n') + '<body>\n'.length;
        const end = html.lastIndexOf('</body>');
        yield i === 0 ? html.slice(0, end) : `<hr>\n${html.slice(start, end)}`;
      }
      yield '</body>\n</html>\n';
      return;
    }
    case 'json': {
      yield `{\n  "format": ${JSON.stringify(ROUNDS_PLAN_JSON_FORMAT)},\n  "title": ${JSON.stringify(title)},\n  "rounds": [`;
      for (const [i, r] of rounds.entries()) {
        const { format: _format, ...plan } = JSON.parse([...renderPlanJson(r.plan)].join('')) as { format: typeof PLAN_JSON_FORMAT };
        yield `${i === 0 ? '' : ','}\n    ${JSON.stringify({ round: r.round, plan })}`;
      }
      yield `${rounds.length > 0 ? '\n  ' : ''}]\n}\n`;
      return;
    }
    case 'csv': {
      const keys: string[] = [];
      for (const r of rounds) for (const c of r.plan.columns) if (!keys.includes(c.key)) keys.push(c.key);
      yield csvLine(['round', 'rank', 'group', 'group_impact', 'group_effort', 'rooms', 'room', ...keys, 'poll']);
      for (const { round, plan } of rounds) {
        for (const g of plan.groups) {
          const poll = g.polls.map((p) => `${p.question}: ${tallyText(p.tally)}`).join('; ');
          let chunk = '';
          for (const item of g.items) {
            chunk += csvLine([round, g.rank, g.id, g.impact ?? '', g.effort ?? '', g.rooms.join(' '), item.room, ...keys.map((k) => item.row[k] ?? ''), poll]);
          }
          yield chunk;
        }
      }
      return;
    }
  }
}
