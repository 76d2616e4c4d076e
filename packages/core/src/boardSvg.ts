import { BOARD_CARD } from './boardPlacement';
import type { BoardBand } from './boardPlacement';
import type { BoardExport } from './boardExport';

/** How the SVG names the plane's axes: the template's labels of the impact and effort columns. */
export interface BoardSvgLabels {
  y: string;
  x: string;
}

/**
 * Characters per line and lines of a cluster's text on the SVG, and of its footer (rooms, cards,
 * similarity) in the smaller type: the rest is in the list under it ([BO2]). Measured in Chromium
 * with the system sans-serif: 28 characters of 15-unit text reached the card's right edge, and a
 * footer of 41 characters at 12 units ran past it, so both keep a margin.
 */
export const BOARD_SVG_LINE_CHARS = 26;
export const BOARD_SVG_LINES = 4;
export const BOARD_SVG_FOOT_CHARS = 32;

// Room for the axis caption above the plane, in board units.
const TOP = 40;
const PAD = 16;

const BAND_NAME: Record<BoardBand, string> = { H: 'high', M: 'medium', L: 'low', none: 'not rated' };

/**
 * Text for XML content and quoted attributes ([BO2]): `& < > " '` as character references, and what
 * XML 1.0 cannot hold at all (C0 controls but tab, CR and LF; U+FFFE, U+FFFF; lone surrogates) as
 * U+FFFD, so no text a person typed makes the SVG unreadable or adds markup to it.
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML cannot hold
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
  );
}

/**
 * Words into at most `lines` lines of at most `width` characters (code points, so a pair of
 * surrogates is never cut); a word longer than a line is cut; text that does not fit ends in "…".
 */
export function wrapText(text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0).flatMap((w) => {
    const chars = Array.from(w);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += width) parts.push(chars.slice(i, i + width).join(''));
    return parts;
  });
  const out: string[] = [];
  let line = '';
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    const next = line ? `${line} ${word}` : word;
    if (Array.from(next).length <= width) {
      line = next;
      continue;
    }
    out.push(line);
    line = word;
    if (out.length === lines) break;
  }
  if (out.length < lines) {
    if (line) out.push(line);
    return out;
  }
  // Cut short: the last line shows that more follows.
  const last = Array.from(out[lines - 1] as string);
  out[lines - 1] = `${last.slice(0, width - 1).join('')}…`;
  return out;
}

/** One thing drawn on the plane, in board units: a rectangle, or lines of text starting at (x, y). */
export type BoardSvgShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; stroke: string; rx?: number; dash?: string; strokeWidth?: number }
  | {
      kind: 'text';
      x: number;
      y: number;
      size: number;
      fill: string;
      weight?: number;
      lines: string[];
      lineHeight?: number;
      /** Bold at the start of the first line (a cluster's number: what a reader finds in the list under a printed plane). */
      lead?: string;
    };

/** What the SVG says, so the printable page can say it in the reader's language and the export in English. */
export interface BoardSvgText {
  title: (clusters: number, cards: number) => string;
  caption: string;
  cell: (y: BoardBand, x: BoardBand) => string;
  foot: (rooms: readonly number[], cards: number, score: number | null) => string;
  empty: string;
  /** A frame whose name is empty. */
  unnamedFrame: string;
}

/** The board's plane as shapes ([BO2]): the same drawing as a string (the export) or as elements (the page). */
export interface BoardSvgScene {
  viewBox: [number, number, number, number];
  title: string;
  background: BoardSvgShape[];
  /** Frames, drawn over the plane's cells and under everything else ([BO7]). */
  frames: Array<{ id: string; shapes: BoardSvgShape[] }>;
  clusters: Array<{ id: string; number: number; shapes: BoardSvgShape[] }>;
  /** Sticky notes, drawn last: on the board they lie on top of the stacks ([BO7]). */
  notes: Array<{ id: string; shapes: BoardSvgShape[] }>;
}

/** Characters per line and lines of a note's text on the SVG (a note is 200 × 120 units, its text 14). */
export const BOARD_SVG_NOTE_CHARS = 24;
export const BOARD_SVG_NOTE_LINES = 6;

/** The export's English texts. */
export function englishBoardSvgText(labels: BoardSvgLabels): BoardSvgText {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return {
    title: (clusters, cards) => `The board: ${n(clusters, 'cluster', 'clusters')} of ${n(cards, 'card', 'cards')} on the plane of ${labels.y} (high at the top) and ${labels.x} (low at the left)`,
    caption: `↑ ${labels.y} (high at the top) · ${labels.x} → (low at the left)`,
    cell: (y, x) => `${labels.y} ${BAND_NAME[y]} · ${labels.x} ${BAND_NAME[x]}`,
    foot: (rooms, cards, score) =>
      `${rooms.length === 1 ? 'Room' : 'Rooms'} ${rooms.join(', ')}${cards > 1 ? ` · ${cards} cards` : ''}${score !== null ? ` · similarity ${score.toFixed(2)}` : ''}`,
    empty: '(no suggestion text)',
    unnamedFrame: '(unnamed frame)',
  };
}

/**
 * The drawing of the board's plane ([BO2]): the bands of both axes as cells, every cluster as a
 * card (a stack when it holds several) with its number, the start of its first card's text, its
 * rooms and card count, at exactly the place it holds on the board (the viewBox is in board units
 * and grows to hold clusters moved off the plane).
 */
export function boardSvgScene(board: BoardExport, text: BoardSvgText): BoardSvgScene {
  const { plane } = board;
  const W = BOARD_CARD.width;
  const H = BOARD_CARD.height;
  // A stack shows as a second card 6 units down and right; a frame's name sits above its top edge.
  const boxes = [
    ...board.clusters.map((c) => ({ x: c.x, y: c.y, width: W + 6, height: H + 6 })),
    ...board.notes,
    ...board.frames.map((f) => ({ x: f.x, y: f.y - 22, width: f.width, height: f.height + 22 })),
  ];
  const right = Math.max(plane.width, ...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(plane.height, ...boxes.map((b) => b.y + b.height));
  const left = Math.min(0, ...boxes.map((b) => b.x));
  const top = Math.min(0, ...boxes.map((b) => b.y));
  const background: BoardSvgShape[] = [{ kind: 'text', x: left, y: top - 14, size: 16, weight: 700, fill: '#111', lines: [text.caption] }];
  plane.y.forEach((yb, i) => {
    plane.x.forEach((xb, j) => {
      background.push({ kind: 'rect', x: xb.from, y: yb.from, width: xb.to - xb.from, height: yb.to - yb.from, fill: (i + j) % 2 === 0 ? '#f4f4f4' : '#e9e9e9', stroke: '#bbb' });
      background.push({ kind: 'text', x: xb.from + 6, y: yb.from + 16, size: 12, fill: '#555', lines: [text.cell(yb.band, xb.band)] });
    });
  });
  const clusters = board.clusters.map((c) => {
    const cards = board.cards.filter((card) => card.cluster === c.number);
    const first = cards.find((card) => card.id === c.cardIds[0]) ?? cards[0];
    const rooms = [...new Set(cards.map((card) => card.room))].sort((a, b) => a - b);
    const shapes: BoardSvgShape[] = [];
    if (cards.length > 1) shapes.push({ kind: 'rect', x: c.x + 6, y: c.y + 6, width: W, height: H, rx: 8, fill: '#fff', stroke: '#777' });
    shapes.push({ kind: 'rect', x: c.x, y: c.y, width: W, height: H, rx: 8, fill: '#fff', stroke: '#333' });
    // The footer sits on the bottom edge; a footer of two lines leaves the text three.
    const foot = wrapText(text.foot(rooms, cards.length, c.score), BOARD_SVG_FOOT_CHARS, 2);
    const lead = `${c.number}.`;
    const lines = wrapText(`${lead} ${first?.text.trim() || text.empty}`, BOARD_SVG_LINE_CHARS, foot.length > 1 ? BOARD_SVG_LINES - 1 : BOARD_SVG_LINES);
    // The number is a word of its own, so the first line always starts with it.
    lines[0] = (lines[0] as string).slice(lead.length);
    shapes.push({ kind: 'text', x: c.x + 12, y: c.y + 26, size: 15, fill: '#111', lines, lineHeight: 19, lead });
    shapes.push({ kind: 'text', x: c.x + 12, y: c.y + H - 10 - 15 * (foot.length - 1), size: 12, fill: '#444', lines: foot, lineHeight: 15 });
    return { id: c.id, number: c.number, shapes };
  });
  const frames = board.frames.map((f) => ({
    id: f.id,
    shapes: [
      { kind: 'rect', x: f.x, y: f.y, width: f.width, height: f.height, rx: 10, fill: 'none', stroke: '#1f5fa8', dash: '10 6', strokeWidth: 3 },
      { kind: 'text', x: f.x + 4, y: f.y - 6, size: 16, weight: 700, fill: '#1f5fa8', lines: wrapText(f.name.trim() || text.unnamedFrame, Math.max(8, Math.floor(f.width / 9)), 1) },
    ] satisfies BoardSvgShape[],
  }));
  const notes = board.notes.map((n) => ({
    id: n.id,
    shapes: [
      { kind: 'rect', x: n.x, y: n.y, width: n.width, height: n.height, rx: 4, fill: '#fff3a8', stroke: '#b39b00' },
      { kind: 'text', x: n.x + 10, y: n.y + 22, size: 14, fill: '#111', lines: wrapText(n.text, BOARD_SVG_NOTE_CHARS, BOARD_SVG_NOTE_LINES), lineHeight: 17 },
    ] satisfies BoardSvgShape[],
  }));
  return {
    viewBox: [left - PAD, top - TOP, right - left + 2 * PAD, bottom - top + TOP + PAD],
    title: text.title(board.clusters.length, board.cards.length),
    background,
    frames,
    clusters,
    notes,
  };
}

function shapeSvg(s: BoardSvgShape): string {
  const x = escapeXml;
  if (s.kind === 'rect') {
    const dash = s.dash ? ` stroke-dasharray="${x(s.dash)}"` : '';
    const width = s.strokeWidth ? ` stroke-width="${s.strokeWidth}"` : '';
    return `<rect x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}"${s.rx ? ` rx="${s.rx}"` : ''} fill="${x(s.fill)}" stroke="${x(s.stroke)}"${dash}${width}/>`;
  }
  const head = `<text x="${s.x}" y="${s.y}" font-size="${s.size}"${s.weight ? ` font-weight="${s.weight}"` : ''} fill="${x(s.fill)}">`;
  const lead = s.lead ? `<tspan font-weight="700">${x(s.lead)}</tspan>` : '';
  if (s.lines.length === 1) return `${head}${lead}${x(s.lines[0] as string)}</text>`;
  return `${head}${s.lines.map((l, i) => `<tspan x="${s.x}" dy="${i === 0 ? 0 : (s.lineHeight ?? s.size)}">${i === 0 ? lead : ''}${x(l)}</tspan>`).join('')}</text>`;
}

/**
 * The board's plane as a standalone SVG ([BO2]), the {@link boardSvgScene} in English. System fonts
 * only, no scripts, no links, nothing fetched: it prints under the export's Content-Security-Policy.
 */
export function renderBoardSvg(board: BoardExport, labels: BoardSvgLabels): string {
  const scene = boardSvgScene(board, englishBoardSvgText(labels));
  let out = `<svg xmlns="http://www.w3.org/2000/svg" class="board-svg" role="img" aria-labelledby="board-svg-title" viewBox="${scene.viewBox.join(' ')}" width="100%" style="display:block;max-height:95vh;break-inside:avoid" font-family="system-ui, sans-serif">\n`;
  out += `<title id="board-svg-title">${escapeXml(scene.title)}</title>\n`;
  out += scene.background.map(shapeSvg).join('\n');
  out += '\n';
  for (const f of scene.frames) out += `<g data-frame="${escapeXml(f.id)}">${f.shapes.map(shapeSvg).join('')}</g>\n`;
  for (const c of scene.clusters) out += `<g data-cluster="${escapeXml(c.id)}" data-number="${c.number}">${c.shapes.map(shapeSvg).join('')}</g>\n`;
  for (const n of scene.notes) out += `<g data-note="${escapeXml(n.id)}">${n.shapes.map(shapeSvg).join('')}</g>\n`;
  return `${out}</svg>\n`;
}
