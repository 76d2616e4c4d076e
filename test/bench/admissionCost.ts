// What admitting a client's update costs the server (packages/sync/SPEC.md [SY10]–[SY13]): the same
// frames replayed into DocumentRooms with the room table's policy and without any, in one process,
// so the difference is admission and nothing else (no sockets, no storage).
import { DEFAULT_TEMPLATE, NODE, ROOM_FIELD, roomViolations, seedRoomUpdate, seededRandom } from '@roomtable/core';
import { DocumentRoom, admitUpdate, encodeSyncUpdate, storageOrigin, type AdmissionCounts, type DocumentPolicy, type Session } from '@roomtable/sync';
import * as Y from 'yjs';
import { roomPolicy } from '../../apps/server/src/sync/documentPolicies';
import { emptyRow } from '../../packages/sync/test/helpers/roomBuilders';
import { median } from './stats';

/** Per-update figures, in microseconds, and how the updates were admitted. */
export interface AdmissionFigures {
  rooms: number;
  clients: number;
  keystrokes: number;
  /** the whole server path of one keystroke (decode, admit, apply, send to the room's others) */
  keystrokeWithUs: number;
  keystrokeWithoutUs: number;
  /** admitUpdate alone on a keystroke (its frame decoded already, as the server has it) */
  fastAdmitUs: number;
  keystrokeAdmissions: AdmissionCounts;
  structural: number;
  structuralWithUs: number;
  structuralWithoutUs: number;
  /** admitUpdate alone on a new paragraph or row: scratch copy, apply, full check */
  slowAdmitUs: number;
  structuralAdmissions: AdmissionCounts;
  /** roomViolations alone on one room's table */
  fullCheckUs: number;
  tableRows: number;
}

const SILENT = { send: () => {}, close: () => {} };

/** One client update: its room, its sender, the update and its sync frame. */
interface Sent {
  room: number;
  session: number;
  update: Uint8Array;
  frame: Uint8Array;
}

/**
 * `rooms` seeded rooms of `clients` sessions each take `lead` (untimed), then `timed`: the
 * microseconds per timed update and how they were admitted.
 */
function replay(seed: Uint8Array, rooms: number, clients: number, lead: Sent[], timed: Sent[], policy: DocumentPolicy | null) {
  const admissions: AdmissionCounts = { fast: 0, slow: 0, refused: 0 };
  const live: DocumentRoom[] = [];
  const sessions: Session[][] = [];
  for (let r = 0; r < rooms; r++) {
    const room = new DocumentRoom(`bench/room/${r}`, { policy: () => policy, admissions });
    room.applyUpdate(seed, storageOrigin);
    live.push(room);
    sessions.push(Array.from({ length: clients }, () => room.join(SILENT, { canWrite: () => true })));
  }
  for (const sent of lead) sessions[sent.room]![sent.session]!.receive(sent.frame);
  const leadCounts = { ...admissions };
  const t0 = performance.now();
  for (const sent of timed) sessions[sent.room]![sent.session]!.receive(sent.frame);
  const us = ((performance.now() - t0) * 1000) / timed.length;
  for (const room of live) room.destroy();
  if (admissions.refused > 0) throw new Error(`${admissions.refused} of the benchmark's own updates were refused`);
  return { us, admissions: { fast: admissions.fast - leadCounts.fast, slow: admissions.slow - leadCounts.slow, refused: 0 } };
}

/** The body paragraphs of a room document, and each's text node (made where missing). */
function paragraphs(doc: Y.Doc): Array<{ paragraph: Y.XmlElement; text: Y.XmlText }> {
  const out: Array<{ paragraph: Y.XmlElement; text: Y.XmlText }> = [];
  const table = doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
  doc.transact(() => {
    for (const row of table.toArray().slice(1) as Y.XmlElement[]) {
      for (const cell of row.toArray() as Y.XmlElement[]) {
        const paragraph = cell.get(0);
        if (!(paragraph instanceof Y.XmlElement) || paragraph.nodeName !== NODE.paragraph) continue;
        let text = paragraph.get(0);
        if (!(text instanceof Y.XmlText)) paragraph.insert(0, [(text = new Y.XmlText())]);
        out.push({ paragraph, text });
      }
    }
  });
  return out;
}

/** Microseconds admitUpdate alone takes per update, each against the document just before it. */
function admitOnly(seed: Uint8Array, lead: Sent[], updates: Sent[], policy: DocumentPolicy, reps: number): number {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    for (const sent of lead) Y.applyUpdate(doc, sent.update);
    let spent = 0;
    for (const sent of updates) {
      // Decoded first, as the server's protocol layer has done by the time admission runs.
      const decoded = Y.decodeUpdate(sent.update);
      const t0 = performance.now();
      const admission = admitUpdate(doc, sent.update, policy, decoded);
      spent += performance.now() - t0;
      if (admission.verdict !== 'accept') throw new Error(`the benchmark's own update was not accepted: ${JSON.stringify(admission)}`);
      Y.applyUpdate(doc, sent.update);
    }
    samples.push((spent * 1000) / updates.length);
    doc.destroy();
  }
  return median(samples);
}

/**
 * Keystrokes of `clients` people in each of `rooms` rooms (one update each, interleaved across the
 * rooms as they would arrive), then structural edits (a new paragraph with Enter, or a row added),
 * each replayed with the room's policy and without; medians of `reps` replays.
 */
export function admissionCost(rooms: number, clients: number, keystrokesPerClient: number, suggestions: string[], reps = 5): AdmissionFigures {
  const seed = seedRoomUpdate(DEFAULT_TEMPLATE, suggestions);
  const policy = roomPolicy(DEFAULT_TEMPLATE);
  const random = seededRandom('admission');
  const people = Array.from({ length: rooms }, () =>
    Array.from({ length: clients }, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, seed);
      return { doc, cells: [] as ReturnType<typeof paragraphs> };
    }),
  );
  const record = (r: number, s: number, change: (person: (typeof people)[number][number]) => void, into: Sent[]) => {
    const person = people[r]![s]!;
    const before = Y.encodeStateVector(person.doc);
    change(person);
    const update = Y.encodeStateAsUpdate(person.doc, before);
    into.push({ room: r, session: s, update, frame: encodeSyncUpdate(update) });
    // The others in the room get it, as the server forwards it.
    for (const other of people[r]!) if (other !== person) Y.applyUpdate(other.doc, update);
  };
  // The room's first person gives every empty cell its text node (one update), as editors do.
  const setup: Sent[] = [];
  for (let r = 0; r < rooms; r++) record(r, 0, (person) => void paragraphs(person.doc), setup);
  for (const room of people) for (const person of room) person.cells = paragraphs(person.doc);

  const keystrokes: Sent[] = [];
  for (let k = 0; k < keystrokesPerClient; k++) {
    for (let r = 0; r < rooms; r++) {
      for (let s = 0; s < clients; s++) {
        record(r, s, ({ cells }) => {
          // Each person types into a cell of their own for a while, then moves on.
          const { text } = cells[(s * 7 + Math.floor(k / 40)) % cells.length]!;
          if (text.length > 0 && random() < 0.1) text.delete(text.length - 1, 1);
          else text.insert(text.length, 'abcdefghij klmnop'[Math.floor(random() * 17)]!);
        }, keystrokes);
      }
    }
  }
  const structural: Sent[] = [];
  for (let r = 0; r < rooms; r++) {
    for (let s = 0; s < clients; s++) {
      record(r, s, ({ doc, cells }) => {
        if (s % 2 === 0) {
          // Enter at the end of a cell's text: a new paragraph after it.
          const { paragraph } = cells[s % cells.length]!;
          const cell = paragraph.parent as Y.XmlElement;
          cell.insert(cell.toArray().indexOf(paragraph) + 1, [new Y.XmlElement(NODE.paragraph)]);
        } else {
          const table = doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement;
          table.insert(table.length, [emptyRow()]);
        }
      }, structural);
    }
  }

  // With and without the policy in turns, so neither gets the warm-up alone.
  const run = (lead: Sent[], timed: Sent[]) => {
    const withRuns: Array<ReturnType<typeof replay>> = [];
    const withoutUs: number[] = [];
    for (let i = 0; i < reps; i++) {
      withoutUs.push(replay(seed, rooms, clients, lead, timed, null).us);
      withRuns.push(replay(seed, rooms, clients, lead, timed, policy));
    }
    return { withUs: median(withRuns.map((r) => r.us)), withoutUs: median(withoutUs), admissions: withRuns[0]!.admissions };
  };
  const keys = run(setup, keystrokes);
  const struct = run([...setup, ...keystrokes], structural);

  const inLastRoom = (sent: Sent[]) => sent.filter((s) => s.room === rooms - 1);
  const fastAdmitUs = admitOnly(seed, inLastRoom(setup), inLastRoom(keystrokes), policy, reps);
  const slowAdmitUs = admitOnly(seed, inLastRoom([...setup, ...keystrokes]), inLastRoom(structural), policy, reps);

  const full = people[rooms - 1]![0]!.doc;
  const tableRows = (full.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement).length;
  const checks: number[] = [];
  for (let i = 0; i < reps * 20; i++) {
    const t0 = performance.now();
    roomViolations(full, DEFAULT_TEMPLATE);
    checks.push((performance.now() - t0) * 1000);
  }
  for (const room of people) for (const person of room) person.doc.destroy();
  return {
    rooms,
    clients,
    keystrokes: keystrokes.length,
    keystrokeWithUs: keys.withUs,
    keystrokeWithoutUs: keys.withoutUs,
    fastAdmitUs,
    keystrokeAdmissions: keys.admissions,
    structural: structural.length,
    structuralWithUs: struct.withUs,
    structuralWithoutUs: struct.withoutUs,
    slowAdmitUs,
    structuralAdmissions: struct.admissions,
    fullCheckUs: median(checks),
    tableRows,
  };
}
