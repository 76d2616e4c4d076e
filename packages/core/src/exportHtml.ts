import { tallyText } from './exportCsv';
import { isoMinute, sourceText } from './exportMarkdown';
import type { BoardExport } from './boardExport';
import { renderBoardSvg } from './boardSvg';
import type { DraftPlan } from './draftPlan';

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const PRINT_CSS = `body{font:11pt/1.4 system-ui,sans-serif;margin:2rem;color:#111}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem .4rem;vertical-align:top;text-align:left}
th{background:#eee}td.r{text-align:center;font-weight:600}ul{margin:0;padding-left:1.1rem}.meta{color:#444}
@media print{body{margin:0}tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit}}`;

/**
 * The draft plan as a standalone printable HTML page (the browser prints it to PDF); yields chunk by
 * chunk. With the board, a section shows its plane as SVG and lists its clusters in full ([BO2]).
 */
export function* renderPlanHtml(plan: DraftPlan, board: BoardExport | null = null): Generator<string> {
  const h = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');
  const { roles } = plan;
  const details = plan.columns.filter((c) => c.key !== roles.suggestion && c.key !== roles.impact && c.key !== roles.effort);
  yield `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Draft plan: ${h(plan.title)}</title>\n<style>${PRINT_CSS}</style>\n</head>\n<body>\n`;
  yield `<h1>Draft plan: ${h(plan.title)}</h1>\n<p class="meta">Generated ${isoMinute(plan.generatedAt)} from ${h(sourceText(plan.source))}. Ranked by impact (high first), then effort (low first).</p>\n`;
  if (plan.purpose.trim()) yield `<h2>Purpose</h2>\n<p>${h(plan.purpose.trim())}</p>\n`;
  yield `<table>\n<thead><tr><th>Rank</th><th>Suggestion</th><th>Impact</th><th>Effort</th><th>Rooms</th>${details.map((c) => `<th>${h(c.label)}</th>`).join('')}</tr></thead>\n<tbody>\n`;
  for (const g of plan.groups) {
    const wordings = g.items.map((it) => `<li>Room ${it.room}: ${h(String(roles.suggestion ? (it.row[roles.suggestion] ?? '') : ''))}</li>`).join('');
    const polls = g.polls.map((p) => `<li>Poll “${h(p.question)}”: ${h(tallyText(p.tally))}</li>`).join('');
    const cells = details.map((c) => {
      const values = g.items.filter((it) => it.row[c.key]).map((it) => `<li>${g.items.length > 1 ? `Room ${it.room}: ` : ''}${h(String(it.row[c.key]))}</li>`);
      return `<td>${values.length > 0 ? `<ul>${values.join('')}</ul>` : ''}</td>`;
    });
    const suggestion = g.items.length > 1 || polls ? `<ul>${wordings}${polls}</ul>` : h(g.suggestion);
    yield `<tr><td class="r">${g.rank}</td><td>${suggestion}</td><td class="r">${g.impact ?? '–'}</td><td class="r">${g.effort ?? '–'}</td><td>${g.rooms.join(', ')}</td>${cells.join('')}</tr>\n`;
  }
  yield '</tbody>\n</table>\n';
  if (board && board.clusters.length > 0) yield boardHtml(plan, board);
  if (plan.questions.length > 0) {
    yield `<h2>Questions from the plenary</h2>\n<ul>${plan.questions.map((q) => `<li>${h(q.text)} (${q.votes} votes)</li>`).join('')}</ul>\n`;
  }
  if (plan.polls.length > 0) {
    yield `<h2>Other polls</h2>\n<ul>${plan.polls.map((p) => `<li>${h(p.question)}: ${h(tallyText(p.tally))}</li>`).join('')}</ul>\n`;
  }
  if (plan.notes.trim()) yield `<h2>Notes from the plenary</h2>\n<p>${h(plan.notes.trim())}</p>\n`;
  yield '</body>\n</html>\n';
}

/** The board's section: the plane as SVG, then every cluster in full under its number ([BO2]). */
function boardHtml(plan: DraftPlan, board: BoardExport): string {
  const h = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');
  // The default table's columns are "Impact" and "Effort", as the table above heads them (not "Impact H/M/L").
  const label = (key: string | null, role: 'impact' | 'effort', fallback: string) =>
    key === role ? fallback : (plan.columns.find((c) => c.key === key)?.label ?? fallback);
  const svg = renderBoardSvg(board, { y: label(board.axes.y, 'impact', 'Impact'), x: label(board.axes.x, 'effort', 'Effort') });
  const items = board.clusters.map((c) => {
    const cards = board.cards.filter((card) => card.cluster === c.number);
    const wordings = cards.map((card) => `<li>Room ${card.room}: ${h(card.text) || '(no suggestion text)'}</li>`).join('');
    const why = [c.reason ? `<li>Why stacked: ${h(c.reason)}</li>` : '', c.change ? `<li>${c.change.kind === 'merge' ? 'Merged' : 'Split off'}: ${h(c.change.reason)}</li>` : ''].join('');
    return `<li><ul>${wordings}${why}</ul></li>`;
  });
  // Its styles travel with it (the page's sheet is the plan's alone): the plane fills the width, on a page of its own in print.
  return `<section class="board" style="break-before:page">\n<h2>The board</h2>\n<p class="meta">Clusters where the plenary left them, numbered top to bottom, then left to right.</p>\n${svg}<ol class="clusters">${items.join('\n')}</ol>\n</section>\n`;
}
