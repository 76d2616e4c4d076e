import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_FRAME_PAD,
  LIMITS,
  addFrame,
  addNote,
  boardAnnotationViolations,
  deleteFrame,
  deleteNote,
  frameAround,
  readBoardAnnotations,
  updateFrame,
  updateNote,
} from '../src/index';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('sticky notes and frames on the board', () => {
  it('[BN1] two people editing two notes at once both keep their text; a late edit does not bring back a deleted note', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(addNote(a, 'note:aaaaaa', { x: 10.4, y: 20 }, 'first')).toBe(true);
    expect(addNote(a, 'note:bbbbbb', { x: 300, y: 20 })).toBe(true);
    sync(a, b);
    expect(updateNote(a, 'note:aaaaaa', { text: 'first, edited by A' })).toBe(true);
    expect(updateNote(b, 'note:bbbbbb', { text: 'second, by B', x: 320 })).toBe(true);
    sync(a, b);
    for (const doc of [a, b]) {
      expect(readBoardAnnotations(doc).notes).toEqual([
        { id: 'note:aaaaaa', x: 10, y: 20, text: 'first, edited by A' },
        { id: 'note:bbbbbb', x: 320, y: 20, text: 'second, by B' },
      ]);
    }
    // A move while someone types in the same note: both land (the move writes the place only).
    expect(updateNote(a, 'note:bbbbbb', { x: 400, y: 60 })).toBe(true);
    expect(updateNote(b, 'note:bbbbbb', { text: 'second, by B, typed on' })).toBe(true);
    sync(a, b);
    for (const doc of [a, b]) expect(readBoardAnnotations(doc).notes[1]).toEqual({ id: 'note:bbbbbb', x: 400, y: 60, text: 'second, by B, typed on' });
    deleteNote(a, 'note:aaaaaa');
    sync(a, b);
    expect(updateNote(b, 'note:aaaaaa', { text: 'too late' })).toBe(false);
    expect(readBoardAnnotations(b).notes.map((n) => n.id)).toEqual(['note:bbbbbb']);
    expect([...b.getMap('places').keys()]).toEqual(['note:bbbbbb']);
    expect(boardAnnotationViolations(b)).toEqual([]);
    // A move that crosses a deletion leaves a place behind: no violation, not shown, cleared by the next add.
    updateNote(b, 'note:bbbbbb', { x: 10 });
    deleteNote(a, 'note:bbbbbb');
    sync(a, b);
    expect(readBoardAnnotations(a).notes).toEqual([]);
    expect(boardAnnotationViolations(a)).toEqual([]);
    expect(addNote(a, 'note:cccccc', { x: 0, y: 0 })).toBe(true);
    expect([...a.getMap('places').keys()]).toEqual(['note:cccccc']);
  });

  it('[BN1][BN3] ids, counts and text length are bounded before anything is written', () => {
    const doc = new Y.Doc();
    expect(addNote(doc, 'made-up', { x: 0, y: 0 })).toBe(false);
    expect(addNote(doc, 'note:xxxxxx', { x: 0, y: 0 }, 'x'.repeat(LIMITS.boardNoteTextMax + 50))).toBe(true);
    expect(readBoardAnnotations(doc).notes[0]!.text).toHaveLength(LIMITS.boardNoteTextMax);
    expect(addNote(doc, 'note:xxxxxx', { x: 0, y: 0 })).toBe(false);
    for (let i = 1; i < LIMITS.boardNotesMax; i++) expect(addNote(doc, `note:n${String(i).padStart(5, '0')}`, { x: i, y: 0 })).toBe(true);
    expect(addNote(doc, 'note:onemore', { x: 0, y: 0 })).toBe(false);
    expect(readBoardAnnotations(doc).notes).toHaveLength(LIMITS.boardNotesMax);
    expect(boardAnnotationViolations(doc)).toEqual([]);
  });

  it('[BN2] a frame drawn around a group takes its bounding box and padding; rename, resize, delete', () => {
    const rect = frameAround([
      { x: 100, y: 100, width: 240, height: 120 },
      { x: 400, y: 300, width: 200, height: 120 },
    ])!;
    expect(rect).toEqual({ x: 100 - BOARD_FRAME_PAD, y: 100 - 2 * BOARD_FRAME_PAD, width: 500 + 2 * BOARD_FRAME_PAD, height: 320 + 3 * BOARD_FRAME_PAD });
    expect(frameAround([])).toBeNull();
    const doc = new Y.Doc();
    expect(addFrame(doc, 'frame:ffffff', rect, 'Quick wins')).toBe(true);
    expect(updateFrame(doc, 'frame:ffffff', { name: 'Quick wins (agreed)', width: 10 })).toBe(true);
    expect(readBoardAnnotations(doc).frames).toEqual([{ id: 'frame:ffffff', ...rect, width: 60, name: 'Quick wins (agreed)' }]);
    deleteFrame(doc, 'frame:ffffff');
    expect(updateFrame(doc, 'frame:ffffff', { name: 'again' })).toBe(false);
    expect(readBoardAnnotations(doc).frames).toEqual([]);
  });

  it('[BN3] hostile entries are violations and reading skips them without throwing', () => {
    const doc = new Y.Doc();
    const notes = doc.getMap<unknown>('notes');
    const frames = doc.getMap<unknown>('frames');
    const places = doc.getMap<unknown>('places');
    notes.set('note:okokok', { text: 'fine' });
    places.set('note:okokok', { x: 1, y: 2 });
    notes.set('note:toolong', { text: 'x'.repeat(LIMITS.boardNoteTextMax + 1) });
    notes.set('note:extraff', { text: 'a', onclick: 'alert(1)' });
    places.set('note:nannan', { x: Number.NaN, y: 2 });
    notes.set('note:nottext', { text: 42 });
    notes.set('not-a-note', { text: 'a' });
    places.set('frame:tinyyy', { x: 1, y: 2, width: 1, height: 100 });
    places.set('note:asframe', { x: 1, y: 2, width: 100, height: 100 });
    places.set('made-up', { x: 1, y: 2 });
    frames.set('frame:longname', { name: 'n'.repeat(LIMITS.boardFrameNameMax + 1) });
    frames.set('frame:arrayy', [1, 2, 3]);
    const keys = boardAnnotationViolations(doc).map((v) => v.key).sort();
    expect(keys).toEqual([
      'BN3:frame:frame:arrayy',
      'BN3:frame:frame:longname',
      'BN3:note-id:not-a-note',
      'BN3:note:note:extraff',
      'BN3:note:note:nottext',
      'BN3:note:note:toolong',
      'BN3:place-id:made-up',
      'BN3:place:frame:tinyyy',
      'BN3:place:note:asframe',
      'BN3:place:note:nannan',
    ]);
    // A note with a field too many is read without it: nothing but its text and place ever reaches a page.
    expect(readBoardAnnotations(doc)).toEqual({
      notes: [
        { id: 'note:extraff', x: 0, y: 0, text: 'a' },
        { id: 'note:okokok', x: 1, y: 2, text: 'fine' },
      ],
      frames: [],
    });
  });
});
