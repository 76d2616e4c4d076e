import type * as Y from 'yjs';
import type { BoardPosition } from './boardPlacement';
import { BOARD_COORDINATE_MAX, type BoardViolation } from './boardDoc';
import { LIMITS } from './workshopSettings';

/**
 * Sticky notes and frames on the board ([BN1]–[BN4]): written by the facilitator and the note-takers
 * in the board document, one map entry per note and per frame, so two people editing two notes at
 * the same moment never touch the same entry.
 */
export const BOARD_NOTE_ROOTS = { notes: 'notes', frames: 'frames' } as const;

/** A note's id: made by the client that adds it, random enough that two never collide. */
export const BOARD_NOTE_ID = /^note:[A-Za-z0-9_-]{6,40}$/;
/** A frame's id, made the same way. */
export const BOARD_FRAME_ID = /^frame:[A-Za-z0-9_-]{6,40}$/;

/** Every note is this size in board units (a little smaller than a card, so it reads as an aside). */
export const BOARD_NOTE_SIZE = { width: 200, height: 120 } as const;
/** A frame is at least this wide and tall, and at most BOARD_FRAME_MAX. */
export const BOARD_FRAME_MIN = 60;
export const BOARD_FRAME_MAX = 100_000;
/** How far a frame drawn around a group reaches beyond it, in board units (room for its name above). */
export const BOARD_FRAME_PAD = 24;

export interface BoardNote {
  id: string;
  x: number;
  y: number;
  text: string;
}

export interface BoardFrame {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  name: string;
}

export interface BoardRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The notes and frames of a board document now, each in id order (the plane's order is the caller's, [BN4]). */
export interface BoardAnnotations {
  notes: BoardNote[];
  frames: BoardFrame[];
}

const NOTE_FIELDS = 'text,x,y';
const FRAME_FIELDS = 'height,name,width,x,y';

const clamp = (n: number) => Math.max(-BOARD_COORDINATE_MAX, Math.min(BOARD_COORDINATE_MAX, Math.round(n)));
const size = (n: number) => Math.max(BOARD_FRAME_MIN, Math.min(BOARD_FRAME_MAX, Math.round(n)));
const noteText = (text: string) => text.slice(0, LIMITS.boardNoteTextMax);
const frameName = (name: string) => name.slice(0, LIMITS.boardFrameNameMax);

/**
 * Adds a note at `at` ([BN1]). Returns false (and writes nothing) when the id is not a note id, is
 * taken, or the board holds LIMITS.boardNotesMax notes already. Longer text is cut to the limit.
 */
export function addNote(doc: Y.Doc, id: string, at: BoardPosition, text = '', origin: unknown = null): boolean {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  if (!BOARD_NOTE_ID.test(id) || notes.has(id) || notes.size >= LIMITS.boardNotesMax) return false;
  doc.transact(() => notes.set(id, { x: clamp(at.x), y: clamp(at.y), text: noteText(text) }), origin);
  return true;
}

/**
 * Changes a note's text and/or place ([BN1]): its one entry is rewritten. A note someone deleted
 * meanwhile stays deleted (false): an edit never brings back what another person removed.
 */
export function updateNote(doc: Y.Doc, id: string, change: Partial<Pick<BoardNote, 'x' | 'y' | 'text'>>, origin: unknown = null): boolean {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  const now = readNote(id, notes.get(id));
  if (!now) return false;
  const next = {
    x: clamp(change.x ?? now.x),
    y: clamp(change.y ?? now.y),
    text: noteText(change.text ?? now.text),
  };
  if (next.x === now.x && next.y === now.y && next.text === now.text) return true;
  doc.transact(() => notes.set(id, next), origin);
  return true;
}

export function deleteNote(doc: Y.Doc, id: string, origin: unknown = null): void {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  if (notes.has(id)) doc.transact(() => notes.delete(id), origin);
}

/** Adds a frame ([BN2]); false (nothing written) for a bad or taken id or at LIMITS.boardFramesMax frames. */
export function addFrame(doc: Y.Doc, id: string, rect: BoardRect, name = '', origin: unknown = null): boolean {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  if (!BOARD_FRAME_ID.test(id) || frames.has(id) || frames.size >= LIMITS.boardFramesMax) return false;
  doc.transact(() => frames.set(id, { x: clamp(rect.x), y: clamp(rect.y), width: size(rect.width), height: size(rect.height), name: frameName(name) }), origin);
  return true;
}

/** Renames, moves or resizes a frame ([BN2]); a frame deleted meanwhile stays deleted (false). */
export function updateFrame(doc: Y.Doc, id: string, change: Partial<Omit<BoardFrame, 'id'>>, origin: unknown = null): boolean {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  const now = readFrame(id, frames.get(id));
  if (!now) return false;
  const next = {
    x: clamp(change.x ?? now.x),
    y: clamp(change.y ?? now.y),
    width: size(change.width ?? now.width),
    height: size(change.height ?? now.height),
    name: frameName(change.name ?? now.name),
  };
  doc.transact(() => frames.set(id, next), origin);
  return true;
}

export function deleteFrame(doc: Y.Doc, id: string, origin: unknown = null): void {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  if (frames.has(id)) doc.transact(() => frames.delete(id), origin);
}

/**
 * The rectangle a frame drawn around `items` takes ([BN2]): their bounding box and BOARD_FRAME_PAD
 * on every side (twice above, for the name). Null for no items.
 */
export function frameAround(items: readonly BoardRect[]): BoardRect | null {
  if (items.length === 0) return null;
  const left = Math.min(...items.map((r) => r.x));
  const top = Math.min(...items.map((r) => r.y));
  const right = Math.max(...items.map((r) => r.x + r.width));
  const bottom = Math.max(...items.map((r) => r.y + r.height));
  return { x: left - BOARD_FRAME_PAD, y: top - BOARD_FRAME_PAD * 2, width: right - left + BOARD_FRAME_PAD * 2, height: bottom - top + BOARD_FRAME_PAD * 3 };
}

/** The notes and frames stored now; never throws, entries that are not what clients write are skipped ([BN3]). */
export function readBoardAnnotations(doc: Y.Doc): BoardAnnotations {
  const notes: BoardNote[] = [];
  const frames: BoardFrame[] = [];
  doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes).forEach((v, k) => {
    const n = readNote(k, v);
    if (n) notes.push(n);
  });
  doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames).forEach((v, k) => {
    const f = readFrame(k, v);
    if (f) frames.push(f);
  });
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { notes: notes.sort(byId), frames: frames.sort(byId) };
}

/**
 * What clients may write in `notes` and `frames` ([BN3]): at most LIMITS.boardNotesMax notes, each a
 * note id holding exactly `{x, y, text}` (finite numbers within ±BOARD_COORDINATE_MAX, text of at
 * most LIMITS.boardNoteTextMax characters), and at most LIMITS.boardFramesMax frames, each a frame id
 * holding exactly `{x, y, width, height, name}` (sizes BOARD_FRAME_MIN–BOARD_FRAME_MAX, a name of at
 * most LIMITS.boardFrameNameMax characters). Never throws; lists at most 20 breaks.
 */
export function boardAnnotationViolations(doc: Y.Doc): BoardViolation[] {
  const out: BoardViolation[] = [];
  if (!doc.share.has(BOARD_NOTE_ROOTS.notes) && !doc.share.has(BOARD_NOTE_ROOTS.frames)) return out;
  let notes: Y.Map<unknown>;
  let frames: Y.Map<unknown>;
  try {
    notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
    frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  } catch {
    return [{ rule: 'BN3', message: 'the board notes cannot be read', key: 'BN3:unreadable' }];
  }
  if (notes.size > LIMITS.boardNotesMax) out.push({ rule: 'BN3', message: `at most ${LIMITS.boardNotesMax} notes on the board`, key: 'BN3:too-many-notes' });
  if (frames.size > LIMITS.boardFramesMax) out.push({ rule: 'BN3', message: `at most ${LIMITS.boardFramesMax} frames on the board`, key: 'BN3:too-many-frames' });
  for (const [key, value] of notes.entries()) {
    if (out.length >= 20) return out;
    if (!BOARD_NOTE_ID.test(key)) out.push({ rule: 'BN3', message: `"${key.slice(0, 80)}" is not a note's id`, key: `BN3:note-id:${key}` });
    else if (!readNote(key, value) || fieldsOf(value) !== NOTE_FIELDS) {
      out.push({ rule: 'BN3', message: `a note is exactly x and y within ±${BOARD_COORDINATE_MAX} and a text of at most ${LIMITS.boardNoteTextMax} characters`, key: `BN3:note:${key}` });
    }
  }
  for (const [key, value] of frames.entries()) {
    if (out.length >= 20) return out;
    if (!BOARD_FRAME_ID.test(key)) out.push({ rule: 'BN3', message: `"${key.slice(0, 80)}" is not a frame's id`, key: `BN3:frame-id:${key}` });
    else if (!readFrame(key, value) || fieldsOf(value) !== FRAME_FIELDS) {
      out.push({
        rule: 'BN3',
        message: `a frame is exactly x, y, a width and height of ${BOARD_FRAME_MIN}–${BOARD_FRAME_MAX} and a name of at most ${LIMITS.boardFrameNameMax} characters`,
        key: `BN3:frame:${key}`,
      });
    }
  }
  return out;
}

function fieldsOf(v: unknown): string {
  return isObject(v) ? Object.keys(v).sort().join(',') : '';
}

function readNote(id: string, v: unknown): BoardNote | null {
  if (!BOARD_NOTE_ID.test(id) || !isObject(v) || !isCoordinate(v.x) || !isCoordinate(v.y)) return null;
  if (typeof v.text !== 'string' || v.text.length > LIMITS.boardNoteTextMax) return null;
  return { id, x: v.x, y: v.y, text: v.text };
}

function readFrame(id: string, v: unknown): BoardFrame | null {
  if (!BOARD_FRAME_ID.test(id) || !isObject(v) || !isCoordinate(v.x) || !isCoordinate(v.y) || !isSize(v.width) || !isSize(v.height)) return null;
  if (typeof v.name !== 'string' || v.name.length > LIMITS.boardFrameNameMax) return null;
  return { id, x: v.x, y: v.y, width: v.width, height: v.height, name: v.name };
}

function isCoordinate(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= BOARD_COORDINATE_MAX;
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= BOARD_FRAME_MIN && n <= BOARD_FRAME_MAX;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}
