import { tallyText } from './exportCsv';
import type { BoardExport } from './boardExport';
import type { DraftPlan, PlanGroup, PlanSource } from './draftPlan';
import type { Row } from './template';

/** Escapes the characters Markdown would read as formatting, so a cell's text prints as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1').replace(/\r?\n/g, ' / ');
}

/** How the plan says where its rows came from. */
export function sourceText(source: PlanSource): string {
  return source.kind === 'live' ? 'the rooms’ current tables' : `snapshot ${source.id} of ${isoMinute(source.takenAt)}`;
}

/** `2024-11-05 14:03 UTC` */
export function isoMinute(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The draft plan as Markdown: a summary table, then each ranked suggestion in detail; yields chunk by chunk. */
export function* renderPlanMarkdown(plan: DraftPlan, board: BoardExport | null = null): Generator<string> {
  const md = escapeMarkdown;
  yield `# Draft plan: ${md(plan.title)}\n\n` +
    `Generated ${isoMinute(plan.generatedAt)} from ${sourceText(plan.source)}. ` +
    `Ranked by impact (high first), then effort (low first), then by how many rooms raised it.\n\n`;
  if (plan.purpose.trim()) yield `## Purpose\n\n${md(plan.purpose.trim())}\n\n`;
  yield '## Summary\n\n| Rank | Suggestion | Impact | Effort | Rooms |\n| ---: | --- | :-: | :-: | --- |\n';
  for (const g of plan.groups) {
    yield `| ${g.rank} | ${md(g.suggestion) || '(no suggestion text)'} | ${g.impact ?? '–'} | ${g.effort ?? '–'} | ${g.rooms.join(', ')} |\n`;
  }
  yield '\n## Suggestions\n\n';
  for (const g of plan.groups) yield groupMarkdown(plan, g);
  if (board && board.clusters.length > 0) yield boardMarkdown(board);
  if (plan.questions.length > 0) {
    yield '## Questions from the plenary\n\n';
    for (const q of plan.questions) {
      yield `- ${md(q.text)} (${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}${q.room != null ? `, room ${q.room}` : ''})\n`;
    }
    yield '\n';
  }
  if (plan.polls.length > 0) {
    yield '## Other polls\n\n';
    for (const p of plan.polls) yield `- ${md(p.question)}: ${tallyText(p.tally)}\n`;
    yield '\n';
  }
  if (plan.notes.trim()) {
    yield '## Notes from the plenary\n\n';
    yield `${plan.notes.trim().split(/\r?\n/).map(md).join('  \n')}\n`;
  }
}

/** The board's clusters in reading order, each with its cards, rooms, place and reason ([BO6]). */
function boardMarkdown(board: BoardExport): string {
  const md = escapeMarkdown;
  let out = `## Board clusters\n\nAs placed on the board (numbered top to bottom, then left to right; board built ${isoMinute(board.builtAt)}).\n\n`;
  for (const c of board.clusters) {
    const cards = board.cards.filter((card) => card.cluster === c.number);
    const first = cards.find((card) => card.id === c.cardIds[0]) ?? cards[0];
    const band = (b: string) => (b === 'none' ? 'not rated' : b);
    const where = c.cell.y && c.cell.x ? `impact ${band(c.cell.y)}, effort ${band(c.cell.x)}` : 'off the plane';
    out += `${c.number}. ${md(first?.text ?? '') || '(no suggestion text)'} (${cards.length === 1 ? '1 card' : `${cards.length} cards`}; ${where}; at ${c.x}, ${c.y})\n`;
    if (cards.length > 1) for (const card of cards) out += `   - Room ${card.room}: ${md(card.text) || '(no suggestion text)'}\n`;
    if (c.reason) out += `   - Why stacked: ${md(c.reason)}\n`;
    if (c.change) out += `   - ${c.change.kind === 'merge' ? 'Merged' : 'Split off'}: ${md(c.change.reason)}\n`;
  }
  // The frames and sticky notes people added, in the plane's reading order [BO7].
  if (board.frames.length > 0) out += `\nFrames:\n\n${board.frames.map((f) => `- ${md(f.name.trim()) || '(unnamed frame)'} (at ${f.x}, ${f.y}; ${f.width} × ${f.height})\n`).join('')}`;
  if (board.notes.length > 0) out += `\nSticky notes:\n\n${board.notes.map((n) => `- ${md(n.text.trim().replace(/\s+/g, ' ')) || '(empty note)'} (at ${n.x}, ${n.y})\n`).join('')}`;
  return `${out}\n`;
}

function groupMarkdown(plan: DraftPlan, g: PlanGroup): string {
  const md = escapeMarkdown;
  const { roles } = plan;
  const details = plan.columns.filter((c) => c.key !== roles.suggestion && c.key !== roles.impact && c.key !== roles.effort);
  const rating = (row: Row, key: string | null) => (key ? (row[key] ?? '–') : '–');
  let out = `### ${g.rank}. ${md(g.suggestion) || '(no suggestion text)'}\n\n`;
  out += `Impact **${g.impact ?? '–'}** · Effort **${g.effort ?? '–'}** · ${g.rooms.length === 1 ? 'Room' : 'Rooms'} ${g.rooms.join(', ')}\n\n`;
  for (const item of g.items) {
    const text = roles.suggestion ? String(item.row[roles.suggestion] ?? '') : '';
    out += `- Room ${item.room}: ${md(text) || '(no suggestion text)'} (impact ${rating(item.row, roles.impact)}, effort ${rating(item.row, roles.effort)})\n`;
    for (const c of details) {
      const value = item.row[c.key];
      if (value !== null && value !== undefined && value !== '') out += `  - ${md(c.label)}: ${md(String(value))}\n`;
    }
  }
  for (const p of g.polls) out += `- Poll “${md(p.question)}”: ${tallyText(p.tally)}\n`;
  if (g.links.length > 0) {
    out += `- Grouped as near-duplicates (shared words): ${g.links.map((l) => `${l.a} ≈ ${l.b} (${l.similarity.toFixed(2)})`).join('; ')}\n`;
  }
  return `${out}\n`;
}
