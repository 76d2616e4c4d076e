import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_FRAME_PAD,
  BOARD_TEXT_MERGE_FACTOR,
  LIMITS,
  addFrame,
  addNote,
  boardAnnotationViolations,
  deleteFrame,
  deleteNote,
  frameAround,
  readBoardAnnotations,
  boardItemText,
  editBoardText,
  textChange,
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
    notes.set('note:okokok', new Y.Text('fine'));
    places.set('note:okokok', { x: 1, y: 2 });
    // A plain entry (what clients wrote before shared text) is no longer written: refused, still read.
    notes.set('note:oldplain', { text: 'from this morning' });
    const bold = new Y.Text();
    notes.set('note:boldbold', bold);
    bold.insert(0, 'loud', { bold: true });
    const embed = new Y.Text();
    notes.set('note:embedded', embed);
    embed.insertEmbed(0, { image: 'https://evil.example/x.png' });
    notes.set('note:toolongtext', new Y.Text('x'.repeat(LIMITS.boardNoteTextMax * BOARD_TEXT_MERGE_FACTOR + 1)));
    frames.set('frame:longtext', new Y.Text('n'.repeat(LIMITS.boardFrameNameMax * BOARD_TEXT_MERGE_FACTOR + 1)));
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
      'BN3:frame:frame:longtext',
      'BN3:note-id:not-a-note',
      'BN3:note:note:boldbold',
      'BN3:note:note:embedded',
      'BN3:note:note:extraff',
      'BN3:note:note:nottext',
      'BN3:note:note:oldplain',
      'BN3:note:note:toolong',
      'BN3:note:note:toolongtext',
      'BN3:place-id:made-up',
      'BN3:place:frame:tinyyy',
      'BN3:place:note:asframe',
      'BN3:place:note:nannan',
    ]);
    // A note with a field too many is read without it: nothing but its text and place ever reaches a page.
    expect(readBoardAnnotations(doc)).toEqual({
      notes: [
        { id: 'note:boldbold', x: 0, y: 0, text: 'loud' },
        { id: 'note:embedded', x: 0, y: 0, text: '' },
        { id: 'note:extraff', x: 0, y: 0, text: 'a' },
        { id: 'note:okokok', x: 1, y: 2, text: 'fine' },
        { id: 'note:oldplain', x: 0, y: 0, text: 'from this morning' },
      ],
      frames: [],
    });
  });

  describe('[BN5] two people typing in one note at the same moment', () => {
    // Types `word` into `doc`'s note one keystroke at a time at `at`, as the text box's input events would.
    const typeInto = (doc: Y.Doc, id: string, at: number, word: string) => {
      for (let i = 0; i < word.length; i++) {
        const before = boardItemText(doc, id)?.toString() ?? readBoardAnnotations(doc).notes.find((n) => n.id === id)!.text;
        const after = before.slice(0, at + i) + word[i] + before.slice(at + i);
        editBoardText(doc, id, textChange(before, after, at + i + 1)!);
      }
    };

    for (const order of ['a first', 'b first'] as const) {
      it(`both keep every character, delivered ${order}`, () => {
        const a = new Y.Doc();
        const b = new Y.Doc();
        addNote(a, 'note:shared1', { x: 0, y: 0 }, 'Ask  before June');
        addFrame(a, 'frame:shared1', { x: 0, y: 0, width: 300, height: 200 }, 'Wins');
        sync(a, b);
        const fromA: Uint8Array[] = [];
        const fromB: Uint8Array[] = [];
        a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && fromA.push(u));
        b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && fromB.push(u));
        // Interleaved keystrokes: A types into the gap, B at the end and into the frame's name, neither seeing the other.
        typeInto(a, 'note:shared1', 4, 'finance');
        typeInto(b, 'note:shared1', 16, ', and legal');
        typeInto(b, 'note:shared1', 0, '> ');
        editBoardText(a, 'frame:shared1', textChange('Wins', 'Quick wins', 10)!);
        editBoardText(b, 'frame:shared1', textChange('Wins', 'Wins (agreed)', 13)!);
        const deliver = (to: Y.Doc, updates: Uint8Array[]) => updates.forEach((u) => Y.applyUpdate(to, u, 'remote'));
        if (order === 'a first') {
          deliver(b, fromA);
          deliver(a, fromB);
        } else {
          deliver(a, fromB);
          deliver(b, fromA);
        }
        for (const doc of [a, b]) {
          const { notes, frames } = readBoardAnnotations(doc);
          expect(notes[0]!.text).toBe('> Ask finance before June, and legal');
          expect(frames[0]!.name).toBe('Quick wins (agreed)');
          expect(boardAnnotationViolations(doc)).toEqual([]);
        }
      });
    }

    it('a note stored as {text} reads as before and is upgraded on its first edit, keeping its text', () => {
      const doc = new Y.Doc();
      doc.getMap<unknown>('notes').set('note:oldnote', { text: 'Ask finance' });
      doc.getMap<unknown>('places').set('note:oldnote', { x: 5, y: 6 });
      doc.getMap<unknown>('frames').set('frame:oldframe', { name: 'Wins' });
      expect(readBoardAnnotations(doc).notes).toEqual([{ id: 'note:oldnote', x: 5, y: 6, text: 'Ask finance' }]);
      expect(boardItemText(doc, 'note:oldnote')).toBeNull();
      const text = editBoardText(doc, 'note:oldnote', textChange('Ask finance', 'Ask finance first', 17)!);
      expect(text).toBe(boardItemText(doc, 'note:oldnote'));
      expect(text!.toString()).toBe('Ask finance first');
      expect(updateFrame(doc, 'frame:oldframe', { name: 'Quick wins' })).toBe(true);
      expect(boardItemText(doc, 'frame:oldframe')!.toString()).toBe('Quick wins');
      expect(boardAnnotationViolations(doc)).toEqual([]);
    });

    it('[BN6] two people typing near the limit at once keep both runs: the merge passes the limit and stays, whole', () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      addNote(a, 'note:nearfull', { x: 0, y: 0 }, 'x'.repeat(LIMITS.boardNoteTextMax - 40));
      sync(a, b);
      // Each sees 40 characters of room and types 30 of them, at the same moment.
      editBoardText(a, 'note:nearfull', { index: 0, remove: 0, insert: 'A'.repeat(30) });
      editBoardText(b, 'note:nearfull', { index: LIMITS.boardNoteTextMax - 40, remove: 0, insert: 'B'.repeat(30) });
      sync(a, b);
      const merged = 'A'.repeat(30) + 'x'.repeat(LIMITS.boardNoteTextMax - 40) + 'B'.repeat(30);
      expect(merged.length).toBeGreaterThan(LIMITS.boardNoteTextMax);
      for (const doc of [a, b]) {
        expect(boardAnnotationViolations(doc)).toEqual([]);
        expect(readBoardAnnotations(doc).notes[0]!.text).toBe(merged);
      }
      // Past the limit nobody adds more; deleting still works.
      editBoardText(a, 'note:nearfull', { index: 0, remove: 0, insert: 'more' });
      expect(boardItemText(a, 'note:nearfull')!.toString()).toBe(merged);
      // A client that writes far past it is still refused.
      boardItemText(b, 'note:nearfull')!.insert(0, 'y'.repeat(LIMITS.boardNoteTextMax * BOARD_TEXT_MERGE_FACTOR));
      expect(boardAnnotationViolations(b).map((v) => v.rule)).toEqual(['BN3']);
    });

    it('an insertion is cut at the limit; an edit of a deleted note writes nothing', () => {
      const doc = new Y.Doc();
      addNote(doc, 'note:fullone', { x: 0, y: 0 }, 'x'.repeat(LIMITS.boardNoteTextMax - 2));
      editBoardText(doc, 'note:fullone', { index: 0, remove: 0, insert: 'abcdef' });
      expect(boardItemText(doc, 'note:fullone')!.toString()).toBe('ab' + 'x'.repeat(LIMITS.boardNoteTextMax - 2));
      editBoardText(doc, 'note:fullone', { index: 0, remove: 2, insert: 'a\u{1F600}' });
      expect(boardItemText(doc, 'note:fullone')!.toString()).toBe('a' + 'x'.repeat(LIMITS.boardNoteTextMax - 2));
      deleteNote(doc, 'note:fullone');
      expect(editBoardText(doc, 'note:fullone', { index: 0, remove: 0, insert: 'back' })).toBeNull();
      expect(readBoardAnnotations(doc).notes).toEqual([]);
    });

    it('the change lands where the caret says, and never splits an emoji', () => {
      expect(textChange('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
      expect(textChange('aa', 'aaa', 3)).toEqual({ index: 2, remove: 0, insert: 'a' });
      expect(textChange('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
      expect(textChange('abcabc', 'abc', 3)).toEqual({ index: 3, remove: 3, insert: '' });
      expect(textChange('abcabc', 'abc', 0)).toEqual({ index: 0, remove: 3, insert: '' });
      expect(textChange('hello world', 'hello brave world', 12)).toEqual({ index: 6, remove: 0, insert: 'brave ' });
      expect(textChange('ok \u{1F600}', 'ok \u{1F601}', 5)).toEqual({ index: 3, remove: 2, insert: '\u{1F601}' });
      expect(textChange('same', 'same', 2)).toBeNull();
    });
  });
});
