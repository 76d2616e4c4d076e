import { createHash } from 'node:crypto';
import { BOARD_ROOTS, boardDocName, readRows, roomDocName, type Row, type Workshop } from '@roomtable/core';
import type { DocumentManager, Storage } from '@roomtable/sync';
import * as Y from 'yjs';
import { newId } from './ids';

/** Why a snapshot was taken. */
export type SnapshotReason = 'breakout-ended' | 'facilitator' | 'before-restore';

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
  rooms: SnapshotRoom[];
  /** The plenary board's Yjs state (base64) once one was built: it is snapshotted with the rooms. */
  board?: string;
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
  ) {}

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
    const rooms: SnapshotRoom[] = await Promise.all(
      workshop.rooms.map((room) =>
        this.documents.withDocument(roomDocName(workshop.id, room.number), (doc) => ({
          number: room.number,
          rows: readRows(doc, workshop.settings.template),
          state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
        })),
      ),
    );
    const board = await this.documents.withDocument(boardDocName(workshop.id), (doc) =>
      doc.getMap(BOARD_ROOTS.meta).size > 0 ? Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') : null,
    );
    const data: SnapshotData = { phase: workshop.phase, rooms, ...(board ? { board } : {}) };
    const snapshot = { id: options.id ?? newId('s_'), workshopId: workshop.id, takenAt: this.now(), reason, data: JSON.stringify(data) };
    try {
      await this.storage.addSnapshot(snapshot);
    } catch (error) {
      // Snapshots are immutable: another process stored this moment first, and its copy stands.
      const existing = options.id === undefined ? null : await this.storage.getSnapshot(workshop.id, options.id);
      if (!existing) throw error;
      return this.summary(existing, workshop.phase);
    }
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

  /** One snapshot with its rows per room (the Yjs state stays inside unless asked for). */
  async get(workshopId: string, id: string, withState = false) {
    const rec = await this.storage.getSnapshot(workshopId, id);
    if (!rec) return null;
    const data = JSON.parse(rec.data) as SnapshotData;
    return {
      id: rec.id,
      takenAt: rec.takenAt,
      reason: rec.reason,
      phase: data.phase,
      rooms: data.rooms.map((r) => (withState ? r : { number: r.number, rows: r.rows })),
    };
  }
}

/** The id of the snapshot of a break-out's end: the same in every process, so it is stored once. */
export function breakoutEndSnapshotId(breakout: Workshop): string {
  const moment = `${breakout.id}\n${breakout.clock.startedAt ?? 'untimed'}\n${breakout.createdAt}`;
  return `s_end_${createHash('sha256').update(moment).digest('base64url').slice(0, 22)}`;
}
