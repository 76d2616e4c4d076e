import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { BOARD_ROOTS, boardDocName, currentRound, readRows, roomDocName, type Row, type Workshop } from '@roomtable/core';
import type { DocumentManager, FanOut, Storage } from '@roomtable/sync';
import * as Y from 'yjs';
import { boardOfState, type StoredBoard } from './boardSnapshots';
import { newId } from './ids';

/** Why a snapshot was taken. */
export type SnapshotReason = 'breakout-ended' | 'plenary-ended' | 'facilitator' | 'before-restore';

/** One room as a snapshot keeps it: the rows people see and the Yjs state to restore from. */
export interface SnapshotRoom {
  number: number;
  rows: Row[];
  /** `Y.encodeStateAsUpdate` of the room document, base64 */
  state: string;
}

/** What a snapshot stores: content only, never names, ids of people, or presence. */
export interface SnapshotData {
  phase: Workshop['phase'];
  /** The round whose rooms these are [RN5]; absent on snapshots taken before rounds existed (round 1). */
  round?: number;
  rooms: SnapshotRoom[];
  /** The plenary board's Yjs state (base64) once one was built: it is snapshotted with the rooms. */
  board?: string;
}

/** A snapshot as the API shows it: rows per room, no Yjs state. */
export interface SnapshotView {
  id: string;
  takenAt: number;
  reason: string;
  phase: Workshop['phase'];
  /** The round whose rooms these are [RN5]. */
  round: number;
  rooms: Array<{ number: number; rows: Row[] }>;
  /**
   * Whether it holds the plenary board ([BO1]); the board itself is read on its own
   * ({@link SnapshotService.board}): every plenary page reads this view, only the review the board.
   */
  hasBoard: boolean;
}

/**
 * Rows-only views one process keeps in memory. A snapshot never changes once stored, so a view
 * read once stays true; at the end of a break-out every person's plenary page asks for the same
 * one at the same moment, and each pointer move reads it again. Reading it from storage each time
 * parsed every room's Yjs state too (50 rooms: ~0.6 ms of JSON per read, 500 reads at once).
 */
const VIEW_CACHE_ENTRIES = 64;

/** Workshops whose newest snapshot's id one process remembers (each entry is a few bytes). */
const NEWEST_CACHE_ENTRIES = 1024;

/**
 * The channel on which a process says it stored a snapshot of a workshop (the payload is the
 * workshop's id), so the others forget which snapshot they thought was the newest [SN1]. Document
 * names always hold a `/`, so this can never be a document's, and clients cannot open it.
 */
export const SNAPSHOT_CHANNEL = '@snapshots';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Immutable, labelled snapshots of every room of a workshop, taken together. The Yjs state is
 * kept beside the rows so a room can later be restored exactly, not re-typed from the rows.
 */
export class SnapshotService {
  constructor(
    private readonly storage: Storage,
    private readonly documents: DocumentManager,
    private readonly now: () => number = Date.now,
    private readonly fanOut: FanOut | null = null,
  ) {
    // Another process stored a snapshot: what this one remembers as that workshop's newest is stale.
    fanOut?.subscribe(SNAPSHOT_CHANNEL, (payload) => this.#newest.delete(decoder.decode(payload)));
    // Messages may have been lost while the connection was down: forget every newest.
    fanOut?.onReconnect?.(() => this.#newest.clear());
  }

  /** Newest use last; each entry is the view (frozen: callers share it) and its JSON body. */
  readonly #views = new Map<string, Promise<{ view: SnapshotView; body: SnapshotBody } | null>>();

  /**
   * The id of each workshop's newest snapshot (null: none yet), as a storage listing found it.
   * Every pointer move of a presenter asks for the newest snapshot; before [SN1] each one listed
   * every snapshot of the workshop from storage. Dropped whenever a snapshot of the workshop is
   * stored, here or (told over the fan-out) in another process.
   */
  readonly #newest = new Map<string, Promise<string | null>>();

  /**
   * Snapshots every room of the workshop now and returns the new snapshot's summary. With an
   * `id` (e.g. {@link breakoutEndSnapshotId}) a second take of the same moment, by this or
   * another process, stores nothing and returns the snapshot that is already there.
   */
  async take(workshop: Workshop, reason: SnapshotReason, options: { id?: string } = {}) {
    if (options.id !== undefined) {
      const existing = await this.storage.getSnapshot(workshop.id, options.id);
      if (existing) return this.summary(existing, workshop.phase);
    }
    // All rooms at once: rooms that are not live load from storage while others are read.
    const round = currentRound(workshop);
    const rooms: SnapshotRoom[] = await Promise.all(
      workshop.rooms.map((room) =>
        this.documents.withDocument(roomDocName(workshop.id, room.number, round), (doc) => ({
          number: room.number,
          rows: readRows(doc, workshop.settings.template),
          state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
        })),
      ),
    );
    const board = await this.documents.withDocument(boardDocName(workshop.id), (doc) =>
      doc.getMap(BOARD_ROOTS.meta).size > 0 ? Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') : null,
    );
    // A round-1 snapshot keeps the shape it always had.
    const data: SnapshotData = { phase: workshop.phase, ...(round > 1 ? { round } : {}), rooms, ...(board ? { board } : {}) };
    const snapshot = { id: options.id ?? newId('s_'), workshopId: workshop.id, takenAt: this.now(), reason, data: JSON.stringify(data) };
    try {
      await this.storage.addSnapshot(snapshot);
    } catch (error) {
      // Snapshots are immutable: another process stored this moment first, and its copy stands.
      const existing = options.id === undefined ? null : await this.storage.getSnapshot(workshop.id, options.id);
      if (!existing) throw error;
      this.#stored(workshop.id);
      return this.summary(existing, workshop.phase);
    }
    this.#stored(workshop.id);
    return { id: snapshot.id, takenAt: snapshot.takenAt, reason, phase: workshop.phase };
  }

  private summary(rec: { id: string; takenAt: number; reason: string; data: string }, fallback: Workshop['phase']) {
    const phase = (JSON.parse(rec.data) as Partial<SnapshotData>).phase ?? fallback;
    return { id: rec.id, takenAt: rec.takenAt, reason: rec.reason as SnapshotReason, phase };
  }

  /** Summaries of the workshop's snapshots, oldest first. */
  async list(workshopId: string) {
    const list = await this.storage.listSnapshots(workshopId);
    return list.map((s) => ({ id: s.id, takenAt: s.takenAt, reason: s.reason }));
  }

  /**
   * The workshop's newest snapshot with its rows (the plenary is always built from it), or null.
   * One storage listing per workshop until the next snapshot is stored [SN1]; the view itself comes
   * from {@link get}'s cache.
   */
  async latest(workshopId: string): Promise<SnapshotView | null> {
    const id = await this.#newestId(workshopId);
    return id === null ? null : this.get(workshopId, id);
  }

  #newestId(workshopId: string): Promise<string | null> {
    let newest = this.#newest.get(workshopId);
    if (newest === undefined) {
      // Stored in the map before it resolves, so concurrent first calls share one listing, and a
      // snapshot stored meanwhile deletes it again (its answer may predate that snapshot).
      const read = this.storage.listSnapshots(workshopId).then((list) => {
        let found: (typeof list)[number] | null = null;
        for (const s of list) if (found === null || s.takenAt >= found.takenAt) found = s;
        return found?.id ?? null;
      });
      newest = read;
      this.#newest.set(workshopId, read);
      read.catch(() => {
        if (this.#newest.get(workshopId) === read) this.#newest.delete(workshopId);
      });
      while (this.#newest.size > NEWEST_CACHE_ENTRIES) this.#newest.delete(this.#newest.keys().next().value!);
    }
    return newest;
  }

  /** A snapshot of the workshop was stored: forget its newest here and in every other process. */
  #stored(workshopId: string): void {
    this.#newest.delete(workshopId);
    this.fanOut?.publish(SNAPSHOT_CHANNEL, encoder.encode(workshopId));
  }

  /** One snapshot with its rows per room, with every room's Yjs state (for restoring and downloads). */
  async getWithState(workshopId: string, id: string) {
    const rec = await this.storage.getSnapshot(workshopId, id);
    if (!rec) return null;
    const data = JSON.parse(rec.data) as SnapshotData;
    return { id: rec.id, takenAt: rec.takenAt, reason: rec.reason, phase: data.phase, round: data.round ?? 1, rooms: data.rooms, board: data.board ?? null };
  }

  /** The board snapshot `id` holds, as `readBoard` reads it, with its notes and frames: null when it holds none, undefined when there is no such snapshot. */
  async board(workshopId: string, id: string): Promise<StoredBoard | null | undefined> {
    const full = await this.getWithState(workshopId, id);
    return full ? boardOfState(full.board) : undefined;
  }

  /** One snapshot with its rows per room, frozen (it is shared: never change it). */
  async get(workshopId: string, id: string): Promise<SnapshotView | null> {
    return (await this.#cached(workshopId, id))?.view ?? null;
  }

  /** {@link get}'s answer as the API's body `{"snapshot": …}`: serialised, and gzipped, once per snapshot (it is immutable). */
  async body(workshopId: string, id: string): Promise<SnapshotBody | null> {
    return (await this.#cached(workshopId, id))?.body ?? null;
  }

  /** The body of the workshop's newest snapshot ({@link latest}); `{"snapshot":null}` when it has none. */
  async newestBody(workshopId: string): Promise<SnapshotBody> {
    const id = await this.#newestId(workshopId);
    return (id === null ? null : await this.body(workshopId, id)) ?? NO_SNAPSHOT_BODY;
  }

  /**
   * The snapshot each round's break-out ended in, by round [RN5]: the newest "breakout-ended"
   * snapshot of that round (a round whose rooms were reopened from the plenary ended again later).
   */
  async roundEnds(workshopId: string): Promise<Map<number, string>> {
    const ends = new Map<number, string>();
    for (const s of await this.list(workshopId)) {
      if (s.reason !== 'breakout-ended') continue;
      const view = await this.get(workshopId, s.id);
      if (view) ends.set(view.round, s.id);
    }
    return ends;
  }

  /** Drops the workshop's cached views (it was deleted). */
  forget(workshopId: string): void {
    this.#newest.delete(workshopId);
    for (const key of this.#views.keys()) if (key.startsWith(`${workshopId}\n`)) this.#views.delete(key);
  }

  #cached(workshopId: string, id: string) {
    const key = `${workshopId}\n${id}`;
    const hit = this.#views.get(key);
    if (hit) {
      this.#views.delete(key);
      this.#views.set(key, hit);
      return hit;
    }
    // Concurrent first reads share one storage read and one parse.
    const read = this.getWithState(workshopId, id).then((full) => {
      if (!full) return null;
      const { board, ...rest } = full;
      const view = deepFreeze<SnapshotView>({ ...rest, rooms: full.rooms.map((r) => ({ number: r.number, rows: r.rows })), hasBoard: board !== null });
      return { view, body: snapshotBody(JSON.stringify({ snapshot: view })) };
    });
    this.#views.set(key, read);
    // A missing snapshot is not remembered: another process may store that id (a break-out's end) next.
    read.then(
      (found) => {
        if (!found && this.#views.get(key) === read) this.#views.delete(key);
      },
      () => {
        if (this.#views.get(key) === read) this.#views.delete(key);
      },
    );
    while (this.#views.size > VIEW_CACHE_ENTRIES) this.#views.delete(this.#views.keys().next().value!);
    return read;
  }
}

/**
 * A snapshot's API body, and the same gzipped, made on first use and kept: when a break-out ends
 * every plenary page asks for the same 50–100 KiB of rows at once (about a tenth of it gzipped: on
 * venue Wi-Fi, at 50 KB/s, over a second less before the report is readable), and each is
 * compressed once, not per request.
 */
export interface SnapshotBody {
  json: string;
  gzip(): Buffer;
}

function snapshotBody(json: string): SnapshotBody {
  let gzip: Buffer | null = null;
  return { json, gzip: () => (gzip ??= gzipSync(json)) };
}

const NO_SNAPSHOT_BODY = snapshotBody(JSON.stringify({ snapshot: null }));

/** The id of the snapshot of a break-out's end: the same in every process, so it is stored once. */
export function breakoutEndSnapshotId(breakout: Workshop): string {
  const moment = `${breakout.id}\n${breakout.clock.startedAt ?? 'untimed'}\n${breakout.createdAt}`;
  return `s_end_${createHash('sha256').update(moment).digest('base64url').slice(0, 22)}`;
}
