import * as Y from 'yjs';
import type { BoardPosition } from './boardPlacement';
import { textChange, type TextChange } from './textChange';
import { BOARD_COORDINATE_MAX, type BoardViolation } from './boardDoc';
import { LIMITS } from './workshopSettings';

/**
 * Sticky notes and frames on the board ([BN1]–[BN5]): written by the facilitator and the note-takers
 * in the board document. A note's text is one `notes` entry and a frame's name one `frames` entry,
 * each a shared text (Y.Text) that two people type into at once character by character ([BN5]);
 * where each is (and a frame's size) is one `places` entry. So two people editing two notes never
 * touch the same entry, and someone moving a note while another types in it loses no keystroke (one
 * entry holding both, the move's write carried the text as it was and could win over a keystroke).
 */
export const BOARD_NOTE_ROOTS = { notes: 'notes', frames: 'frames', places: 'places' } as const;

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

const NOTE_PLACE_FIELDS = 'x,y';
const FRAME_PLACE_FIELDS = 'height,width,x,y';
/**
 * Places of notes and frames that are gone may stay behind (someone moved a note as another deleted
 * it): reading ignores them and they are no violation, up to this many places in all.
 */
export const BOARD_PLACES_MAX = (LIMITS.boardNotesMax + LIMITS.boardFramesMax) * 2;

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
  doc.transact(() => {
    notes.set(id, new Y.Text(noteText(text)));
    doc.getMap<unknown>(BOARD_NOTE_ROOTS.places).set(id, { x: clamp(at.x), y: clamp(at.y) });
    dropOrphanPlaces(doc);
  }, origin);
  return true;
}

/**
 * Changes a note's text and/or place ([BN1]): its one entry is rewritten. A note someone deleted
 * meanwhile stays deleted (false): an edit never brings back what another person removed.
 */
export function updateNote(doc: Y.Doc, id: string, change: Partial<Pick<BoardNote, 'x' | 'y' | 'text'>>, origin: unknown = null): boolean {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  const places = doc.getMap<unknown>(BOARD_NOTE_ROOTS.places);
  const now = readNote(id, notes.get(id), places.get(id));
  if (!now) return false;
  const text = noteText(change.text ?? now.text);
  const x = clamp(change.x ?? now.x);
  const y = clamp(change.y ?? now.y);
  doc.transact(() => {
    // Only what changes is written: a move leaves the text alone, and typing the place; the text
    // changes by the characters that differ ([BN5]), never by a new whole text.
    const change = textChange(now.text, text);
    if (change) editBoardText(doc, id, change, origin);
    if (x !== now.x || y !== now.y) places.set(id, { x, y });
  }, origin);
  return true;
}

export function deleteNote(doc: Y.Doc, id: string, origin: unknown = null): void {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  if (notes.has(id)) {
    doc.transact(() => {
      notes.delete(id);
      doc.getMap<unknown>(BOARD_NOTE_ROOTS.places).delete(id);
    }, origin);
  }
}

/** Adds a frame ([BN2]); false (nothing written) for a bad or taken id or at LIMITS.boardFramesMax frames. */
export function addFrame(doc: Y.Doc, id: string, rect: BoardRect, name = '', origin: unknown = null): boolean {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  if (!BOARD_FRAME_ID.test(id) || frames.has(id) || frames.size >= LIMITS.boardFramesMax) return false;
  doc.transact(() => {
    frames.set(id, new Y.Text(frameName(name)));
    doc.getMap<unknown>(BOARD_NOTE_ROOTS.places).set(id, { x: clamp(rect.x), y: clamp(rect.y), width: size(rect.width), height: size(rect.height) });
    dropOrphanPlaces(doc);
  }, origin);
  return true;
}

/** Renames, moves or resizes a frame ([BN2]); a frame deleted meanwhile stays deleted (false). */
export function updateFrame(doc: Y.Doc, id: string, change: Partial<Omit<BoardFrame, 'id'>>, origin: unknown = null): boolean {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  const places = doc.getMap<unknown>(BOARD_NOTE_ROOTS.places);
  const now = readFrame(id, frames.get(id), places.get(id));
  if (!now) return false;
  const name = frameName(change.name ?? now.name);
  const place = { x: clamp(change.x ?? now.x), y: clamp(change.y ?? now.y), width: size(change.width ?? now.width), height: size(change.height ?? now.height) };
  doc.transact(() => {
    const change = textChange(now.name, name);
    if (change) editBoardText(doc, id, change, origin);
    if (place.x !== now.x || place.y !== now.y || place.width !== now.width || place.height !== now.height) places.set(id, place);
  }, origin);
  return true;
}

export function deleteFrame(doc: Y.Doc, id: string, origin: unknown = null): void {
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  if (frames.has(id)) {
    doc.transact(() => {
      frames.delete(id);
      doc.getMap<unknown>(BOARD_NOTE_ROOTS.places).delete(id);
    }, origin);
  }
}

/**
 * The shared text of note or frame `id` ([BN5]), or null when there is none (gone, or written before
 * notes had shared text: see `editBoardText`). What a text box binds to.
 */
export function boardItemText(doc: Y.Doc, id: string): Y.Text | null {
  const v = doc.getMap<unknown>(rootOf(id)).get(id);
  return v instanceof Y.Text ? v : null;
}

/**
 * Applies one text box change to note or frame `id`'s text ([BN5]): deletes and inserts only the
 * characters that changed, so what another person typed at the same moment elsewhere in the text
 * stays. An insertion is cut so the text keeps to its limit (the note's or the frame name's). A note
 * or frame stored before shared text (`{text}` / `{name}`) gets one holding its text first, in the
 * same transaction: it is upgraded on its first edit. Returns the text, or null (nothing written)
 * when the note or frame is gone: an edit never brings back what another person removed.
 */
export function editBoardText(doc: Y.Doc, id: string, change: TextChange, origin: unknown = null): Y.Text | null {
  const root = rootOf(id);
  const map = doc.getMap<unknown>(root);
  const stored = map.get(id);
  const max = root === BOARD_NOTE_ROOTS.notes ? LIMITS.boardNoteTextMax : LIMITS.boardFrameNameMax;
  const legacy = stored instanceof Y.Text ? null : storedText(stored, root === BOARD_NOTE_ROOTS.notes ? 'text' : 'name', max);
  if (!(stored instanceof Y.Text) && legacy === null) return null;
  let text: Y.Text = stored instanceof Y.Text ? stored : new Y.Text(legacy ?? '');
  doc.transact(() => {
    if (!(stored instanceof Y.Text)) {
      map.set(id, text);
      // Yjs gives the integrated type back; the preliminary one no longer takes edits.
      text = map.get(id) as Y.Text;
    }
    const index = Math.max(0, Math.min(change.index, text.length));
    const remove = Math.max(0, Math.min(change.remove, text.length - index));
    if (remove > 0) text.delete(index, remove);
    let insert = change.insert.slice(0, Math.max(0, max - text.length));
    // A cut through an emoji keeps neither half: a lone surrogate would show as a broken character.
    if (insert.length < change.insert.length && /[\uD800-\uDBFF]$/.test(insert)) insert = insert.slice(0, -1);
    if (insert) text.insert(index, insert);
  }, origin);
  return text;
}

const rootOf = (id: string) => (BOARD_FRAME_ID.test(id) ? BOARD_NOTE_ROOTS.frames : BOARD_NOTE_ROOTS.notes);

// Places whose note or frame is gone (a move that crossed a deletion): the next add clears them.
function dropOrphanPlaces(doc: Y.Doc): void {
  const notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
  const frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
  const places = doc.getMap<unknown>(BOARD_NOTE_ROOTS.places);
  for (const key of [...places.keys()]) if (!notes.has(key) && !frames.has(key)) places.delete(key);
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
  const places = doc.getMap<unknown>(BOARD_NOTE_ROOTS.places);
  doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes).forEach((v, k) => {
    const n = readNote(k, v, places.get(k));
    if (n) notes.push(n);
  });
  doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames).forEach((v, k) => {
    const f = readFrame(k, v, places.get(k));
    if (f) frames.push(f);
  });
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { notes: notes.sort(byId), frames: frames.sort(byId) };
}

/**
 * What clients may write in `notes`, `frames` and `places` ([BN3]): at most LIMITS.boardNotesMax
 * notes, each a note id holding exactly `{text}` (at most LIMITS.boardNoteTextMax characters); at
 * most LIMITS.boardFramesMax frames, each a frame id holding exactly `{name}` (at most
 * LIMITS.boardFrameNameMax characters); at most BOARD_PLACES_MAX places, a note id's exactly `{x, y}`
 * and a frame id's exactly `{x, y, width, height}` (finite within ±BOARD_COORDINATE_MAX, sizes
 * BOARD_FRAME_MIN–BOARD_FRAME_MAX). Never throws; lists at most 20 breaks.
 */
export function boardAnnotationViolations(doc: Y.Doc): BoardViolation[] {
  const out: BoardViolation[] = [];
  if (!Object.values(BOARD_NOTE_ROOTS).some((r) => doc.share.has(r))) return out;
  let notes: Y.Map<unknown>;
  let frames: Y.Map<unknown>;
  let places: Y.Map<unknown>;
  try {
    notes = doc.getMap<unknown>(BOARD_NOTE_ROOTS.notes);
    frames = doc.getMap<unknown>(BOARD_NOTE_ROOTS.frames);
    places = doc.getMap<unknown>(BOARD_NOTE_ROOTS.places);
  } catch {
    return [{ rule: 'BN3', message: 'the board notes cannot be read', key: 'BN3:unreadable' }];
  }
  if (notes.size > LIMITS.boardNotesMax) out.push({ rule: 'BN3', message: `at most ${LIMITS.boardNotesMax} notes on the board`, key: 'BN3:too-many-notes' });
  if (frames.size > LIMITS.boardFramesMax) out.push({ rule: 'BN3', message: `at most ${LIMITS.boardFramesMax} frames on the board`, key: 'BN3:too-many-frames' });
  if (places.size > BOARD_PLACES_MAX) out.push({ rule: 'BN3', message: `at most ${BOARD_PLACES_MAX} places of notes and frames`, key: 'BN3:too-many-places' });
  for (const [key, value] of notes.entries()) {
    if (out.length >= 20) return out;
    if (!BOARD_NOTE_ID.test(key)) out.push({ rule: 'BN3', message: `"${key.slice(0, 80)}" is not a note's id`, key: `BN3:note-id:${key}` });
    else if (!isPlainText(value, LIMITS.boardNoteTextMax)) {
      out.push({ rule: 'BN3', message: `a note is exactly a shared text of at most ${LIMITS.boardNoteTextMax} characters`, key: `BN3:note:${key}` });
    }
  }
  for (const [key, value] of frames.entries()) {
    if (out.length >= 20) return out;
    if (!BOARD_FRAME_ID.test(key)) out.push({ rule: 'BN3', message: `"${key.slice(0, 80)}" is not a frame's id`, key: `BN3:frame-id:${key}` });
    else if (!isPlainText(value, LIMITS.boardFrameNameMax)) {
      out.push({ rule: 'BN3', message: `a frame is exactly a shared text (its name) of at most ${LIMITS.boardFrameNameMax} characters`, key: `BN3:frame:${key}` });
    }
  }
  for (const [key, value] of places.entries()) {
    if (out.length >= 20) return out;
    const note = BOARD_NOTE_ID.test(key);
    if (!note && !BOARD_FRAME_ID.test(key)) out.push({ rule: 'BN3', message: `"${key.slice(0, 80)}" is not a note's or frame's id`, key: `BN3:place-id:${key}` });
    else if (note ? !isNotePlace(value) : !isFramePlace(value)) {
      out.push({
        rule: 'BN3',
        message: note
          ? `a note's place is exactly x and y within ±${BOARD_COORDINATE_MAX}`
          : `a frame's place is exactly x and y within ±${BOARD_COORDINATE_MAX}, a width and a height of ${BOARD_FRAME_MIN}–${BOARD_FRAME_MAX}`,
        key: `BN3:place:${key}`,
      });
    }
  }
  return out;
}

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * A shared text clients may write ([BN3], [BN5]): at most `max` characters, plain characters only
 * (no formatting, no embedded objects or types: nothing a page would have to render but text).
 */
/**
 * How far past its limit a note's text (or a frame's name) may grow by merging [BN6]: every client
 * keeps its own typing within the limit (`editBoardText`), but two people typing at once near it
 * each stay within it and their merge does not. Refusing that merge (4422) threw one person's
 * typing away; the document still has a bound (300 notes of at most 2,000 characters).
 */
export const BOARD_TEXT_MERGE_FACTOR = 4;

function isPlainText(v: unknown, limit: number): boolean {
  if (!(v instanceof Y.Text) || v.length > limit * BOARD_TEXT_MERGE_FACTOR) return false;
  try {
    return v.toDelta().every((op: { insert?: unknown; attributes?: unknown }) => typeof op.insert === 'string' && op.attributes === undefined);
  } catch {
    return false;
  }
}

function isNotePlace(v: unknown): v is { x: number; y: number } {
  return isObject(v) && fieldsOf(v) === NOTE_PLACE_FIELDS && isCoordinate(v.x) && isCoordinate(v.y);
}

function isFramePlace(v: unknown): v is { x: number; y: number; width: number; height: number } {
  return isObject(v) && fieldsOf(v) === FRAME_PLACE_FIELDS && isCoordinate(v.x) && isCoordinate(v.y) && isSize(v.width) && isSize(v.height);
}

function fieldsOf(v: unknown): string {
  return isObject(v) ? Object.keys(v).sort().join(',') : '';
}

/**
 * A note as stored, or null. One whose place is missing or unusable (its text written again as
 * someone deleted it) still shows, at the plane's top-left corner, where anyone may move or delete it.
 */
function readNote(id: string, v: unknown, place: unknown): BoardNote | null {
  const text = BOARD_NOTE_ID.test(id) ? storedText(v, 'text', LIMITS.boardNoteTextMax) : null;
  if (text === null) return null;
  const p = isObject(place) && isCoordinate(place.x) && isCoordinate(place.y) ? place : { x: 0, y: 0 };
  return { id, x: p.x as number, y: p.y as number, text };
}

/**
 * A note's text or frame's name as stored ([BN5]): a shared text, or an entry written before notes
 * had one (`{text}` / `{name}`), read as it was. Null when it is neither (or too long).
 */
function storedText(v: unknown, field: 'text' | 'name', max: number): string | null {
  // Shared text merged past the limit by people typing at once is still theirs, shown whole [BN6].
  if (v instanceof Y.Text) return v.length <= max * BOARD_TEXT_MERGE_FACTOR ? v.toString() : null;
  return isObject(v) && isText(v[field], max) ? v[field] : null;
}

function readFrame(id: string, v: unknown, place: unknown): BoardFrame | null {
  const name = BOARD_FRAME_ID.test(id) ? storedText(v, 'name', LIMITS.boardFrameNameMax) : null;
  if (name === null) return null;
  const p = isObject(place) && isCoordinate(place.x) && isCoordinate(place.y) && isSize(place.width) && isSize(place.height) ? place : { x: 0, y: 0, width: BOARD_FRAME_MIN * 4, height: BOARD_FRAME_MIN * 3 };
  return { id, x: p.x as number, y: p.y as number, width: p.width as number, height: p.height as number, name };
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
