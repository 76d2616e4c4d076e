import { BOARD_CARD } from './boardPlacement';
import type { BoardBand } from './boardPlacement';
import type { BoardExport } from './boardExport';

/** How the SVG names the plane's axes: the template's labels of the impact and effort columns. */
export interface BoardSvgLabels {
  y: string;
  x: string;
}

/** Characters per line and lines of a cluster's text on the SVG: the rest is in the list beside it ([BO2]). */
export const BOARD_SVG_LINE_CHARS = 28;
export const BOARD_SVG_LINES = 4;

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

/**
 * The board's plane as a standalone SVG ([BO2]): the bands of both axes as cells, every cluster as a
 * card (a stack when it holds several) with its number, the start of its first card's text, its
 * rooms and card count, drawn at exactly the place it holds on the board (the viewBox is in board
 * units and grows to hold clusters moved off the plane). System fonts only, no scripts, no links,
 * nothing fetched: it prints under the export's Content-Security-Policy.
 */
export function renderBoardSvg(board: BoardExport, labels: BoardSvgLabels): string {
  const x = escapeXml;
  const { plane } = board;
  const W = BOARD_CARD.width;
  const H = BOARD_CARD.height;
  // A stack shows as a second card 6 units down and right.
  const right = Math.max(plane.width, ...board.clusters.map((c) => c.x + W + 6));
  const bottom = Math.max(plane.height, ...board.clusters.map((c) => c.y + H + 6));
  const left = Math.min(0, ...board.clusters.map((c) => c.x));
  const top = Math.min(0, ...board.clusters.map((c) => c.y));
  const vb = [left - PAD, top - TOP, right - left + 2 * PAD, bottom - top + TOP + PAD];
  const title = `The board: ${board.clusters.length} ${board.clusters.length === 1 ? 'cluster' : 'clusters'} of ${board.cards.length} ${board.cards.length === 1 ? 'card' : 'cards'} on the plane of ${labels.y} (high at the top) and ${labels.x} (low at the left)`;
  let out = `<svg xmlns="http://www.w3.org/2000/svg" class="board-svg" role="img" aria-labelledby="board-svg-title" viewBox="${vb.join(' ')}" width="100%" style="display:block;max-height:95vh;break-inside:avoid" font-family="system-ui, sans-serif">\n`;
  out += `<title id="board-svg-title">${x(title)}</title>\n`;
  out += `<text x="${left}" y="${top - 14}" font-size="16" font-weight="700" fill="#111">${x(`↑ ${labels.y} (high at the top) · ${labels.x} → (low at the left)`)}</text>\n`;
  plane.y.forEach((yb, i) => {
    plane.x.forEach((xb, j) => {
      const fill = (i + j) % 2 === 0 ? '#f4f4f4' : '#e9e9e9';
      out += `<rect x="${xb.from}" y="${yb.from}" width="${xb.to - xb.from}" height="${yb.to - yb.from}" fill="${fill}" stroke="#bbb"/>`;
      out += `<text x="${xb.from + 6}" y="${yb.from + 16}" font-size="12" fill="#555">${x(`${labels.y} ${BAND_NAME[yb.band]} · ${labels.x} ${BAND_NAME[xb.band]}`)}</text>\n`;
    });
  });
  for (const c of board.clusters) {
    const cards = board.cards.filter((card) => card.cluster === c.number);
    const first = cards.find((card) => card.id === c.cardIds[0]) ?? cards[0];
    const rooms = [...new Set(cards.map((card) => card.room))].sort((a, b) => a - b);
    const lines = wrapText(`${c.number}. ${first?.text.trim() || '(no suggestion text)'}`, BOARD_SVG_LINE_CHARS, BOARD_SVG_LINES);
    const foot = `${rooms.length === 1 ? 'Room' : 'Rooms'} ${rooms.join(', ')}${cards.length > 1 ? ` · ${cards.length} cards` : ''}${c.score !== null ? ` · similarity ${c.score.toFixed(2)}` : ''}`;
    out += `<g data-cluster="${x(c.id)}" data-number="${c.number}">`;
    if (cards.length > 1) out += `<rect x="${c.x + 6}" y="${c.y + 6}" width="${W}" height="${H}" rx="8" fill="#fff" stroke="#777"/>`;
    out += `<rect x="${c.x}" y="${c.y}" width="${W}" height="${H}" rx="8" fill="#fff" stroke="#333"/>`;
    out += `<text x="${c.x + 12}" y="${c.y + 26}" font-size="15" fill="#111">`;
    out += lines.map((l, i) => `<tspan x="${c.x + 12}" dy="${i === 0 ? 0 : 19}">${x(l)}</tspan>`).join('');
    out += `</text><text x="${c.x + 12}" y="${c.y + H - 10}" font-size="12" fill="#444">${x(foot)}</text></g>\n`;
  }
  return `${out}</svg>\n`;
}
