import {
  buildDraftPlan,
  diffRows,
  plenaryDocName,
  plenaryOf,
  planPollResults,
  planQuestions,
  readNotesText,
  readRows,
  reviewOf,
  roomDocName,
  type DraftPlan,
  type Row,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager, Storage } from '@roomtable/sync';
import * as Y from 'yjs';
import { ApiError } from './api/ApiError';
import type { SnapshotService } from './SnapshotService';
import { SERVER_ORIGIN, type WorkshopService } from './WorkshopService';

/** Close code for sessions of a deleted workshop: the web app reads 4404 as "gone, do not reconnect". */
const CLOSE_DELETED = 4404;

/** `live` in place of a snapshot id means the room's current table. */
export const LIVE = 'live';

/**
 * What the review needs beyond the plain API: rows of a room from a snapshot or live, the draft
 * plan, diffs, restoring a room from a snapshot, and deleting a workshop with everything it stored.
 */
export class ReviewService {
  constructor(
    private readonly workshops: WorkshopService,
    private readonly snapshots: SnapshotService,
    private readonly documents: DocumentManager,
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  /** A snapshot of this workshop with its Yjs state, or a 404 that says so (ids of other workshops included). */
  async requireSnapshot(w: Workshop, sid: string) {
    const snapshot = await this.snapshots.get(w.id, sid, true);
    if (!snapshot) throw new ApiError(404, 'unknown_snapshot', `This workshop has no snapshot "${sid}"; list them with GET /api/workshops/${w.id}/snapshots.`);
    return snapshot;
  }

  /** The room's rows in snapshot `sid`, or live when `sid` is "live". */
  async roomRows(w: Workshop, room: number, sid: string): Promise<Row[]> {
    if (sid === LIVE) return this.liveRows(w, room);
    const snapshot = await this.requireSnapshot(w, sid);
    const found = snapshot.rooms.find((r) => r.number === room);
    if (!found) throw new ApiError(404, 'room_not_in_snapshot', `Snapshot ${sid} holds no room ${room}; it was taken before that room existed.`);
    return found.rows;
  }

  /** Rows added, removed and changed in room `room` between two snapshots (either may be "live"). */
  async diff(w: Workshop, room: number, from: string, to: string) {
    requireRoom(w, room);
    const [a, b] = [await this.roomRows(w, room, from), await this.roomRows(w, room, to)];
    return diffRows(a, b, w.settings.template);
  }

  /** The consolidated draft plan, from a snapshot or (default) the rooms' current tables. */
  async plan(w: Workshop, sid: string | null): Promise<DraftPlan> {
    const snapshot = sid && sid !== LIVE ? await this.requireSnapshot(w, sid) : null;
    const rooms = snapshot ? snapshot.rooms.map((r) => ({ number: r.number, rows: r.rows })) : await this.liveRooms(w);
    const plenary = plenaryOf(w);
    const notes = await this.documents.withDocument(plenaryDocName(w.id), (doc) => readNotesText(doc));
    return buildDraftPlan({
      title: w.settings.title,
      purpose: w.settings.purpose,
      template: w.settings.template,
      rooms,
      source: snapshot ? { kind: 'snapshot', id: snapshot.id, takenAt: snapshot.takenAt } : { kind: 'live' },
      generatedAt: this.now(),
      ungrouped: reviewOf(w).ungrouped,
      polls: planPollResults(plenary),
      questions: planQuestions(plenary),
      notes,
    });
  }

  /**
   * Puts snapshot `sid`'s table back into room `room`. The current table is snapshotted first
   * ("before-restore"), so nothing is lost; the restore is one new Yjs transaction on the live
   * document (old content deleted, the snapshot's content inserted), so connected editors converge
   * on it instead of holding a replaced document.
   */
  async restore(w: Workshop, room: number, sid: string) {
    requireRoom(w, room);
    const snapshot = await this.requireSnapshot(w, sid);
    const source = snapshot.rooms.find((r) => r.number === room);
    if (!source || !('state' in source)) {
      throw new ApiError(404, 'room_not_in_snapshot', `Snapshot ${sid} holds no room ${room}; pick a snapshot taken after the rooms were assigned.`);
    }
    const before = await this.snapshots.take(w, 'before-restore');
    const old = new Y.Doc();
    try {
      Y.applyUpdate(old, Buffer.from(source.state, 'base64'));
      // Hooks are not part of TipTap content; elements and text are all a room table holds.
      const content = old.getXmlFragment('default').toArray().filter((n): n is Y.XmlElement | Y.XmlText => !(n instanceof Y.XmlHook));
      await this.documents.withDocument(roomDocName(w.id, room), (doc) => {
        const live = doc.getXmlFragment('default');
        doc.transact(() => {
          live.delete(0, live.length);
          live.insert(0, content.map((node) => node.clone()));
        }, SERVER_ORIGIN);
      });
    } finally {
      old.destroy();
    }
    return { restored: { room, snapshotId: sid }, before, rows: await this.liveRows(w, room) };
  }

  /**
   * Deletes the workshop and everything stored for it. Order matters: forget it first so no new
   * connection or tick can bring it back, close its live sessions, let pending writes land, then
   * remove the record, snapshots and documents in one storage transaction.
   */
  async delete(w: Workshop): Promise<void> {
    this.workshops.forget(w.id);
    this.documents.closeSessions(`${w.id}/`, CLOSE_DELETED, 'this workshop was deleted');
    await this.documents.flush();
    await this.storage.deleteWorkshop(w.id);
  }

  private async liveRooms(w: Workshop) {
    const rooms: Array<{ number: number; rows: Row[] }> = [];
    for (const r of w.rooms) rooms.push({ number: r.number, rows: await this.liveRows(w, r.number) });
    return rooms;
  }

  private liveRows(w: Workshop, room: number): Promise<Row[]> {
    requireRoom(w, room);
    return this.documents.withDocument(roomDocName(w.id, room), (doc) => readRows(doc, w.settings.template));
  }
}

function requireRoom(w: Workshop, room: number): void {
  if (!w.rooms.some((r) => r.number === room)) {
    const has = w.rooms.length === 0 ? 'no rooms yet' : `rooms 1–${w.rooms.length}`;
    throw new ApiError(404, 'unknown_room', `Room ${room} does not exist; this workshop has ${has}.`);
  }
}
