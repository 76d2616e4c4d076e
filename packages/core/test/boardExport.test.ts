import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addFrame,
  addNote,
  BOARD_CARD,
  boardExportOf,
  buildBoard,
  DEFAULT_TEMPLATE,
  escapeXml,
  mergeClusters,
  moveCluster,
  readBoard,
  readBoardAnnotations,
  renderBoardSvg,
  renderPlan,
  wrapText,
  writeBoard,
  type Board,
  type Row,
} from '../src';
import { parseCsv } from './fixtures/parseCsv';
import { SEED_ROOMS, seedPlan } from './fixtures/seedWorkshop';

const join = (chunks: Iterable<string>) => [...chunks].join('');
const LABELS = { y: 'Impact', x: 'Effort' };

/** The board as its document holds it, after `edit` (moves, merges) ran on it. */
function liveBoard(rooms = SEED_ROOMS, edit: (doc: Y.Doc, board: Board) => void = () => {}): Board {
  const doc = new Y.Doc();
  writeBoard(doc, buildBoard({ snapshotId: 's1', builtAt: Date.UTC(2020, 10, 5, 15, 0), template: DEFAULT_TEMPLATE, rooms }));
  edit(doc, readBoard(doc)!);
  return readBoard(doc)!;
}

/**
 * A strict check of the XML this code writes: every tag closed in order, attributes quoted, `&` only
 * in character references or the five named ones, no `<` in text. Returns the problem, or null.
 */
function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let at = 0;
  const text = (t: string) => {
    if (t.includes('<') || t.includes('>')) return `markup in text: ${JSON.stringify(t.slice(0, 60))}`;
    if (/&(?!#\d+;|#x[0-9a-f]+;|amp;|lt;|gt;|quot;|apos;)/i.test(t)) return `bare & in ${JSON.stringify(t.slice(0, 60))}`;
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(t)) return 'a control character XML cannot hold';
    return null;
  };
  for (const m of xml.matchAll(token)) {
    const p = text(xml.slice(at, m.index));
    if (p) return p;
    at = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const attrs = m[3] ?? '';
    for (const a of attrs.matchAll(/="([^"]*)"/g)) {
      const q = text(a[1] ?? '');
      if (q) return q;
    }
    if (m[1]) {
      if (stack.pop() !== m[2]) return `</${m[2]}> closes nothing open`;
    } else if (!m[4]) stack.push(m[2] as string);
  }
  return text(xml.slice(at)) ?? (stack.length > 0 ? `<${stack.join('><')}> left open` : null);
}

describe('the board in the exports', () => {
  it('[BO3] numbers clusters in reading order and says where each one is now, moves and merges included', () => {
    const moved = liveBoard(SEED_ROOMS, (doc, b) => {
      // The "HYPERLINK" card (impact L, effort H) is carried to the top-left corner of the plane.
      const hyper = b.clusters.find((c) => c.cardIds.some((id) => id.startsWith('2:hyperlink')))!;
      moveCluster(doc, hyper.id, { x: 4, y: 4 });
    });
    const ex = boardExportOf(moved);
    expect(ex.clusters.map((c) => c.number)).toEqual(ex.clusters.map((_, i) => i + 1));
    const first = ex.clusters[0]!;
    expect(first.cardIds[0]).toMatch(/^2:hyperlink/);
    expect({ x: first.x, y: first.y, cell: first.cell }).toEqual({ x: 4, y: 4, cell: { y: 'H', x: 'L' } });
    // Every card names the cluster it is in, and every cluster's cards are listed.
    expect(ex.cards).toHaveLength(moved.cards.length);
    for (const c of ex.clusters) expect(ex.cards.filter((card) => card.cluster === c.number).map((card) => card.id).sort()).toEqual([...c.cardIds].sort());

    const merged = liveBoard(SEED_ROOMS, (doc, b) => {
      const [a, z] = [b.clusters[0]!, b.clusters[b.clusters.length - 1]!];
      mergeClusters(doc, a.id, [z.id], 'Same ask, said twice', 5);
    });
    const m = boardExportOf(merged);
    expect(m.clusters).toHaveLength(moved.clusters.length - 1);
    expect(m.clusters.find((c) => c.change)?.change).toEqual({ kind: 'merge', reason: 'Same ask, said twice', at: 5 });
  });

  it('[BO2] draws every cluster at exactly its place on the board, in a viewBox that holds clusters moved off the plane', () => {
    const b = liveBoard(SEED_ROOMS, (doc, board) => moveCluster(doc, board.clusters[1]!.id, { x: -500, y: 5000 }));
    const ex = boardExportOf(b);
    const svg = renderBoardSvg(ex, LABELS);
    expect(xmlProblem(svg)).toBeNull();
    const groups = [...svg.matchAll(/<g data-cluster="([^"]*)" data-number="(\d+)">(?:<rect x="[^"]*" y="[^"]*"[^>]*\/>)?<rect x="(-?\d+)" y="(-?\d+)"/g)];
    expect(groups).toHaveLength(ex.clusters.length);
    for (const g of groups) {
      const c = ex.clusters[Number(g[2]) - 1]!;
      expect([Number(g[3]), Number(g[4])]).toEqual([c.x, c.y]);
    }
    const [vx, vy, vw, vh] = svg.match(/viewBox="([^"]+)"/)![1]!.split(' ').map(Number) as [number, number, number, number];
    expect(vx).toBeLessThanOrEqual(-500);
    expect(vy + vh).toBeGreaterThanOrEqual(5000 + BOARD_CARD.height);
    expect(vx + vw).toBeGreaterThanOrEqual(ex.plane.width);
    // A stack of several cards shows as a stack, with its count.
    const stacked = ex.clusters.find((c) => c.cardIds.length > 1)!;
    expect(svg).toContain(`data-number="${stacked.number}"><rect x="${stacked.x + 6}"`);
    expect(svg).toContain(`${stacked.cardIds.length} cards`);
    // Each stack's number, bold, starts its text: the key to the list printed under the plane.
    for (const c of ex.clusters) expect(svg).toMatch(new RegExp(`data-number="${c.number}">.*<tspan font-weight="700">${c.number}\\.</tspan>`));
    // Nothing fetched, run or linked: it prints under the export's CSP.
    expect(svg).not.toMatch(/<script|<image|<foreignObject|href=|url\(|@import|on\w+=/i);
  });

  it('[BO2] hostile card text stays text: no markup, no broken XML, nothing lost but what XML cannot hold', () => {
    const hostile = '</text></g></svg><script>alert(1)</script> & "quoted" \'single\' \u0001bell \ud800lone';
    const rows: Row[] = [{ suggestion: hostile, benefit: '', impact: 'H', needed: '', effort: 'L' }];
    const ex = boardExportOf(liveBoard([{ number: 1, rows }]));
    const svg = renderBoardSvg(ex, { y: 'Impact <b>', x: 'Effort & "co"' });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&#60;/text&#62;&#60;/g&#62;');
    expect(svg).toContain('Impact &#60;b&#62;');
    expect(escapeXml('a\u0001b\ud800c\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ud83d\ude00');
    const html = join(renderPlan(seedPlan({ rooms: [{ number: 1, rows }] }), 'html', ex));
    expect(html).not.toContain('<script');
    expect(xmlProblem(html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6))).toBeNull();
  });

  it('[BO2] wraps long text into lines of whole words, cut with … only when it does not fit', () => {
    expect(wrapText('Share information among ccTLDs', 28, 4)).toEqual(['Share information among', 'ccTLDs']);
    // A footer of two lines leaves the text three, so the two never overlap.
    const rooms = Array.from({ length: 14 }, (_, i) => ({ number: i + 1, rows: [{ suggestion: 'Publish minutes of every meeting of the council, its committees and working groups', benefit: '', impact: 'H', needed: '', effort: 'L' } as Row] }));
    const svg = renderBoardSvg(boardExportOf(liveBoard(rooms)), LABELS);
    const texts = [...svg.matchAll(/<text [^>]*>(.*?)<\/text>/g)].map((m) => (m[1]!.match(/<tspan x=/g) ?? []).length);
    expect(texts.slice(-2)).toEqual([3, 2]);
    const long = wrapText('word '.repeat(60), 28, 4);
    expect(long).toHaveLength(4);
    expect(long[3]!.endsWith('…')).toBe(true);
    expect(wrapText('x'.repeat(60), 28, 4)).toEqual(['x'.repeat(28), 'x'.repeat(28), 'xxxx']);
    // A pair of surrogates is one character: never cut in half.
    expect(wrapText('😀'.repeat(30), 28, 1)).toEqual([`${'😀'.repeat(27)}…`]);
  });

  it('[BO2] the printable plan holds the SVG and every cluster in full; without a board it is as before', () => {
    const ex = boardExportOf(liveBoard());
    const html = join(renderPlan(seedPlan(), 'html', ex));
    expect(html).toContain('<h2>The board</h2>');
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html.match(/<ol class="clusters">[\s\S]*?<\/ol>/)![0].match(/<li><ul>/g)).toHaveLength(ex.clusters.length);
    expect(join(renderPlan(seedPlan(), 'html'))).not.toContain('<svg');
  });

  it('[BO4] the JSON export carries the board: clusters with their places and reasons, cards with their cluster', () => {
    const b = liveBoard(SEED_ROOMS, (doc, board) => moveCluster(doc, board.clusters[0]!.id, { x: 777, y: 888 }));
    const parsed = JSON.parse(join(renderPlan(seedPlan(), 'json', boardExportOf(b)))) as { board: ReturnType<typeof boardExportOf>; groups: unknown[] };
    const moved = parsed.board.clusters.find((c) => c.id === b.clusters[0]!.id)!;
    expect({ x: moved.x, y: moved.y }).toEqual({ x: 777, y: 888 });
    const stacked = parsed.board.clusters.find((c) => c.cardIds.length > 1)!;
    expect(stacked.reason).toMatch(/^Stacked with/);
    expect(parsed.board.cards.map((c) => c.id).sort()).toEqual(b.cards.map((c) => c.id).sort());
    expect(parsed.groups).toHaveLength(seedPlan().groups.length);
    expect('board' in JSON.parse(join(renderPlan(seedPlan(), 'json')))).toBe(false);
  });

  it('[BO5] the CSV gets the cluster, its id and its place per row, formula-safe; rows without a card leave them empty', () => {
    const ex = boardExportOf(liveBoard());
    const rows = parseCsv(join(renderPlan(seedPlan(), 'csv', ex)));
    const head = rows[0]!;
    expect(head.slice(-4)).toEqual(['cluster', 'cluster_id', 'board_x', 'board_y']);
    const col = (name: string) => head.indexOf(name);
    const suggestion = col('suggestion');
    for (const r of rows.slice(1)) {
      const c = ex.clusters[Number(r[col('cluster')]) - 1]!;
      expect(r[col('cluster_id')]!.replace(/^'/, '')).toBe(c.id);
      expect([Number(r[col('board_x')]), Number(r[col('board_y')])]).toEqual([c.x, c.y]);
      // The row is one of that cluster's cards: same room, same text.
      const text = r[suggestion]!.replace(/^'(?=[=+\-@])/, '');
      expect(ex.cards.some((k) => k.cluster === c.number && k.room === Number(r[col('room')]) && k.text === text)).toBe(true);
    }
    // The HYPERLINK row's cluster id starts with its room ("2:…"), its text with "=": neutralised.
    const hyper = rows.find((r) => r[suggestion]!.includes('HYPERLINK'))!;
    expect(hyper[suggestion]!.startsWith("'=")).toBe(true);
    // A row written after the board was built is in the plan but on no card.
    const later = seedPlan({ rooms: [...SEED_ROOMS, { number: 4, rows: [{ suggestion: 'Late row', benefit: '', impact: 'H', needed: '', effort: 'L' }] }] });
    const lateRow = parseCsv(join(renderPlan(later, 'csv', ex))).find((r) => r[suggestion] === 'Late row')!;
    expect(lateRow.slice(-4)).toEqual(['', '', '', '']);
    expect(parseCsv(join(renderPlan(seedPlan(), 'csv')))[0]).not.toContain('cluster');
  });

  it('[BO6] the Markdown lists the clusters in reading order with their cards, place and reason, escaped', () => {
    const ex = boardExportOf(liveBoard());
    const md = join(renderPlan(seedPlan(), 'markdown', ex));
    const section = md.slice(md.indexOf('## Board clusters'));
    expect(section.length).toBeLessThan(md.length);
    for (const c of ex.clusters) expect(section).toContain(`\n${c.number}. `);
    expect(section).toMatch(/Why stacked: Stacked with/);
    expect(section).toContain('(1 card; impact H, effort not rated; at ');
    const hostile: Row[] = [{ suggestion: '<img src=x> *loud* [link](http://evil.example) | pipe', benefit: '', impact: 'H', needed: '', effort: 'L' }];
    const bad = join(renderPlan(seedPlan({ rooms: [{ number: 1, rows: hostile }] }), 'markdown', boardExportOf(liveBoard([{ number: 1, rows: hostile }]))));
    const listed = bad.slice(bad.indexOf('## Board clusters'));
    expect(listed).toContain('1. \\<img src=x\\> \\*loud\\* \\[link\\](http://evil.example) \\| pipe (1 card;');
  });

  it('[BO7] sticky notes and frames go into the SVG, the JSON and the Markdown, where they are now, hostile text as text', () => {
    const doc = new Y.Doc();
    writeBoard(doc, buildBoard({ snapshotId: 's1', builtAt: Date.UTC(2020, 10, 5, 15, 0), template: DEFAULT_TEMPLATE, rooms: SEED_ROOMS }));
    addNote(doc, 'note:far-away-1', { x: 5000, y: -900 }, 'Ask the GAC </text><script>alert(1)</script> & the ALAC');
    addNote(doc, 'note:near-12345', { x: 40, y: 40 }, '');
    addFrame(doc, 'frame:quickwins1', { x: 0, y: 0, width: 600, height: 400 }, 'Quick wins "now"');
    const ex = boardExportOf(readBoard(doc)!, readBoardAnnotations(doc));
    // Reading order: the far note is above everything, so it comes first.
    expect(ex.notes.map((n) => n.id)).toEqual(['note:far-away-1', 'note:near-12345']);
    expect(ex.frames).toEqual([{ id: 'frame:quickwins1', x: 0, y: 0, width: 600, height: 400, name: 'Quick wins "now"' }]);
    const svg = renderBoardSvg(ex, LABELS);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).not.toContain('<script');
    // The note's text is wrapped into lines; every piece of it is there as text.
    const noteGroup = svg.slice(svg.indexOf('<g data-note="note:far-away-1">'));
    const noteText = noteGroup.slice(0, noteGroup.indexOf('</g>')).replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    expect(noteText).toBe(escapeXml('Ask the GAC </text><script>alert(1)</script> & the ALAC').replace(/\s+/g, ''));
    expect(svg).toContain('Quick wins &#34;now&#34;');
    expect(svg).toMatch(/<g data-frame="frame:quickwins1"><rect x="0" y="0" width="600" height="400" rx="10" fill="none" stroke="#1f5fa8" stroke-dasharray="10 6" stroke-width="3"\/>/);
    // Frames under the stacks, notes over them.
    expect(svg.indexOf('data-frame=')).toBeLessThan(svg.indexOf('data-cluster='));
    expect(svg.lastIndexOf('data-cluster=')).toBeLessThan(svg.indexOf('data-note='));
    const [vx, vy, vw, vh] = svg.match(/viewBox="([^"]+)"/)![1]!.split(' ').map(Number) as [number, number, number, number];
    for (const n of ex.notes) {
      expect(n.x).toBeGreaterThanOrEqual(vx);
      expect(n.y).toBeGreaterThanOrEqual(vy);
      expect(n.x + n.width).toBeLessThanOrEqual(vx + vw);
      expect(n.y + n.height).toBeLessThanOrEqual(vy + vh);
    }
    const json = JSON.parse(join(renderPlan(seedPlan(), 'json', ex))) as { board: typeof ex };
    expect(json.board.notes[0]).toEqual({ id: 'note:far-away-1', x: 5000, y: -900, width: 200, height: 120, text: 'Ask the GAC </text><script>alert(1)</script> & the ALAC' });
    expect(json.board.frames[0]!.name).toBe('Quick wins "now"');
    const md = join(renderPlan(seedPlan(), 'markdown', ex));
    expect(md).toContain('Frames:\n\n- Quick wins "now" (at 0, 0; 600 × 400)\n');
    expect(md).toContain('Sticky notes:\n\n- Ask the GAC \\</text\\>\\<script\\>alert(1)\\</script\\> & the ALAC (at 5000, -900)\n- (empty note) (at 40, 40)\n');
    // A board without notes or frames draws and lists none.
    const plain = boardExportOf(liveBoard());
    expect([plain.notes, plain.frames]).toEqual([[], []]);
    expect(renderBoardSvg(plain, LABELS)).not.toMatch(/data-(note|frame)=/);
  });
});
