import * as Y from 'yjs';
import { DEFAULT_TEMPLATE, ROOM_FIELD, seedRoomUpdate, seededRandom } from '@roomtable/core';
import { validateUpdate } from '../../src/index';

/** A valid update and the document state it applies to. */
export interface FuzzBase {
  name: string;
  /** The document before the update (a Yjs state), empty for the seed itself. */
  state: Uint8Array;
  update: Uint8Array;
}

/** What a mutated update did to a fresh copy of its base document. */
export type FuzzOutcome = 'undecodable' | 'applied' | 'threw cleanly' | 'half-applied';

/** A mutated update that decodes, makes Yjs throw, and leaves part of itself applied. */
export interface FuzzFinding {
  base: string;
  /** The update payload, hex. */
  hex: string;
  error: string;
}

/**
 * Valid updates of a room table as the editor and plain clients make them: the seed itself, a
 * typed word, a rating, a new row, a removed row, a formatted run. Deterministic (fixed client ids).
 */
export function fuzzBases(): FuzzBase[] {
  const seed = seedRoomUpdate(DEFAULT_TEMPLATE, ['Publish minutes', 'Run a survey']);
  const bases: FuzzBase[] = [
    { name: 'seed', state: new Uint8Array([0, 0]), update: seed },
    // Resent whole (a reconnecting client's step 2 can overlap): Yjs resolves known structs' origins too.
    { name: 'seed resent', state: seed, update: seed },
  ];
  const edit = (name: string, change: (table: Y.XmlElement) => void) => {
    const doc = new Y.Doc();
    doc.clientID = 4242;
    Y.applyUpdate(doc, seed);
    const state = Y.encodeStateAsUpdate(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.transact(() => change(doc.getXmlFragment(ROOM_FIELD).get(0) as Y.XmlElement));
    bases.push({ name, state, update: Y.mergeUpdates(updates) });
    doc.destroy();
  };
  const cell = (table: Y.XmlElement, row: number, col: number) => (table.get(row) as Y.XmlElement).get(col) as Y.XmlElement;
  edit('typing', (t) => ((cell(t, 1, 0).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(7, ' the minutes'));
  edit('rating', (t) => (cell(t, 2, 2).get(0) as Y.XmlElement).setAttribute('value', 'H'));
  edit('new row', (t) => t.insert(2, [(t.get(1) as Y.XmlElement).clone()]));
  edit('removed row', (t) => t.delete(1, 1));
  edit('bold', (t) => ((cell(t, 1, 0).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 7, { bold: {} }));
  edit('deleted text', (t) => ((cell(t, 2, 0).get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 4));
  return bases;
}

/** One seeded mutation of `bytes`: flip, set, insert or remove a byte, or cut the tail. */
export function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = Array.from(bytes);
  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(random() * out.length);
    const kind = Math.floor(random() * 5);
    if (kind === 0) out[at] = (out[at]! ^ (1 << Math.floor(random() * 8))) & 0xff;
    else if (kind === 1) out[at] = Math.floor(random() * 256);
    else if (kind === 2) out.splice(at, 0, Math.floor(random() * 256));
    else if (kind === 3 && out.length > 2) out.splice(at, 1);
    else out[at] = [0, 1, 2, 0x7f, 0x80, 0xff][Math.floor(random() * 6)]!;
  }
  return new Uint8Array(out);
}

/** Applies `update` to a fresh copy of `state` and tells what happened. */
export function tryUpdate(state: Uint8Array, update: Uint8Array): { outcome: FuzzOutcome; error?: string } {
  try {
    validateUpdate(update);
  } catch {
    return { outcome: 'undecodable' };
  }
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const before = Buffer.from(Y.encodeStateAsUpdate(doc));
    try {
      Y.applyUpdate(doc, update);
      return { outcome: 'applied' };
    } catch (error) {
      const after = Buffer.from(Y.encodeStateAsUpdate(doc));
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: after.equals(before) ? 'threw cleanly' : 'half-applied', error: message };
    }
  } finally {
    doc.destroy();
  }
}

/** Runs `count` seeded mutations over every base; returns the counts and the half-applying frames. */
export function fuzzUpdates(seed: string, count: number): { counts: Record<FuzzOutcome, number>; findings: FuzzFinding[] } {
  const random = seededRandom(seed);
  const bases = fuzzBases();
  const counts: Record<FuzzOutcome, number> = { undecodable: 0, applied: 0, 'threw cleanly': 0, 'half-applied': 0 };
  const findings: FuzzFinding[] = [];
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length]!;
    const update = mutate(base.update, random);
    const result = tryUpdate(base.state, update);
    counts[result.outcome]++;
    if (result.outcome === 'half-applied') findings.push({ base: base.name, hex: Buffer.from(update).toString('hex'), error: result.error ?? '' });
  }
  return { counts, findings };
}

// `npx tsx packages/sync/test/helpers/updateFuzzer.ts [seed] [count]` prints what it finds.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [seed = 'fuzz', count = '20000'] = process.argv.slice(2);
  const { counts, findings } = fuzzUpdates(seed, Number(count));
  console.log(counts);
  for (const f of findings) console.log(JSON.stringify(f));
}
