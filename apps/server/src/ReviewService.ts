import {
  boardDocName,
  boardExportOf,
  buildDraftPlan,
  currentRound,
  diffRows,
  plenaryDocName,
  plenaryOf,
  planPollResults,
  planQuestions,
  readNotesText,
  readBoard,
  readBoardAnnotations,
  readRows,
  requireRound,
  reviewOf,
  roomDocName,
  roomViolations,
  ROOM_FIELD,
  type BoardExport,
  type DraftPlan,
  type Row,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager, Storage } from '@roomtable/sync';
import * as Y from 'yjs';
import { ContractError } from '@roomtable/contract';
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
    const snapshot = await this.snapshots.getWithState(w.id, sid);
    if (!snapshot) throw new ContractError('unknown_snapshot', `This workshop has no snapshot "${sid}"; list them with GET /api/workshops/${w.id}/snapshots.`);
    return snapshot;
  }

  /** The room's rows in snapshot `sid`, or live when `sid` is "live". */
  async roomRows(w: Workshop, room: number, sid: string): Promise<Row[]> {
    if (sid === LIVE) return this.liveRows(w, room);
    const snapshot = await this.requireSnapshot(w, sid);
    const found = snapshot.rooms.find((r) => r.number === room);
    if (!found) throw new ContractError('room_not_in_snapshot', `Snapshot ${sid} holds no room ${room}; it was taken before that room existed.`);
    return found.rows;
  }

  /** Rows added, removed and changed in room `room` between two snapshots (either may be "live"). */
  async diff(w: Workshop, room: number, from: string, to: string) {
    // Room n of another round is another group's table [RN4]: a diff across rounds would show one
    // group's rows "changed" into another's.
    const [ra, rb] = await Promise.all([from, to].map(async (sid) => (sid === LIVE ? currentRound(w) : (await this.snapshots.get(w.id, sid))?.round)));
    if (ra !== undefined && rb !== undefined && ra !== rb) {
      throw new ContractError('other_round', `"${from}" is of round ${ra} and "${to}" of round ${rb}; compare two versions of the same round's room.`);
    }
    // [RN9] Two snapshots of an earlier round are compared with that round's template and rooms:
    // with the current ones, a column the round had and this one dropped fell out of the diff, and
    // a room that round had beyond the current round's count was "unknown".
    const round = ra ?? rb;
    const earlier = round !== undefined && round !== currentRound(w) ? requireRound(w, round) : null;
    if (!earlier) requireRoom(w, room);
    else if (room < 1 || room > earlier.rooms.length) {
      throw new ContractError('unknown_room', `Room ${room} does not exist in round ${earlier.number}; it had rooms 1–${earlier.rooms.length}.`);
    }
    const [a, b] = [await this.roomRows(w, room, from), await this.roomRows(w, room, to)];
    return diffRows(a, b, earlier ? earlier.template : w.settings.template);
  }

  /** The consolidated draft plan, from a snapshot or (default) the rooms' current tables. */
  async plan(w: Workshop, sid: string | null): Promise<DraftPlan> {
    const snapshot = sid && sid !== LIVE ? await this.requireSnapshot(w, sid) : null;
    const rooms = snapshot ? snapshot.rooms.map((r) => ({ number: r.number, rows: r.rows })) : await this.liveRooms(w);
    const plenary = plenaryOf(w);
    const notes = await this.documents.withDocument(plenaryDocName(w.id), (doc) => readNotesText(doc));
    // The plan's groups are the board's clusters, merges and splits included ([VP3]).
    const board = (await this.currentBoard(w))?.board;
    return buildDraftPlan({
      title: w.settings.title,
      purpose: w.settings.purpose,
      template: w.settings.template,
      rooms,
      source: snapshot ? { kind: 'snapshot', id: snapshot.id, takenAt: snapshot.takenAt } : { kind: 'live' },
      generatedAt: this.now(),
      ungrouped: reviewOf(w).ungrouped,
      clusters: board?.clusters.map((c) => c.cardIds),
      polls: planPollResults(plenary),
      questions: planQuestions(plenary),
      notes,
    });
  }

  /**
   * The board for the exports ([BO2]–[BO6]): the live board, the one whose clusters the plan's
   * groups follow ([VP3]), so the SVG and the groups beside it tell the same story; null before one was built.
   */
  async boardExport(w: Workshop): Promise<BoardExport | null> {
    // The notes and frames people added go with the stacks [BO7].
    const current = await this.currentBoard(w);
    return current ? boardExportOf(current.board, current.annotations) : null;
  }

  /**
   * The live board when it is the current round's [RN9]: the board document is rebuilt only when a
   * break-out ends, so during round k+1's break-out it still holds round k's board, and the current
   * round's export and printable page showed round k's stacks as round k+1's. Null then, as before
   * any board was built.
   */
  private async currentBoard(w: Workshop) {
    const live = await this.documents.withDocument(boardDocName(w.id), (doc) => {
      const board = readBoard(doc);
      return board ? { board, annotations: readBoardAnnotations(doc) } : null;
    });
    if (!live || currentRound(w) === 1) return live;
    const source = await this.snapshots.get(w.id, live.board.snapshotId);
    return source?.round === currentRound(w) ? live : null;
  }

  /**
   * Puts snapshot `sid`'s table back into room `room`. The snapshot's table is checked first: one
   * that breaks the room's rules (stored before they were enforced) is refused and nothing is
   * written. The current table is snapshotted next ("before-restore"), so nothing is lost; the
   * restore is one new Yjs update on the live document (old content deleted, the snapshot's content
   * inserted), made on a copy so a failure there touches nothing, and applied whole; connected
   * editors converge on it instead of holding a replaced document.
   */
  async restore(w: Workshop, room: number, sid: string) {
    requireRoom(w, room);
    const snapshot = await this.requireSnapshot(w, sid);
    // A snapshot of an earlier round holds other people's tables under the same room numbers [RN4].
    if (snapshot.round !== currentRound(w)) {
      throw new ContractError('snapshot_not_restorable', `Snapshot ${sid} is of round ${snapshot.round}; only a snapshot of the current round (${currentRound(w)}) can be restored into its rooms. Nothing was changed.`);
    }
    const source = snapshot.rooms.find((r) => r.number === room);
    if (!source || !('state' in source)) {
      throw new ContractError('room_not_in_snapshot', `Snapshot ${sid} holds no room ${room}; pick a snapshot taken after the rooms were assigned.`);
    }
    const old = new Y.Doc();
    try {
      const problem = snapshotProblem(old, source.state, w);
      if (problem) {
        throw new ContractError('snapshot_not_restorable', `Snapshot ${sid} cannot be restored into room ${room}: ${problem}. Nothing was changed.`);
      }
      const before = await this.snapshots.take(w, 'before-restore');
      const name = roomDocName(w.id, room, currentRound(w));
      const update = await this.documents.withDocument(name, (doc) => replacementUpdate(doc, old));
      if (update instanceof Error) {
        throw new ContractError('room_not_restorable', `Room ${room} cannot take the restore (${update.message}); its table was not changed.`);
      }
      await this.documents.applyUpdate(name, update);
      return { restored: { room, snapshotId: sid }, before, rows: await this.liveRows(w, room) };
    } finally {
      old.destroy();
    }
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
    this.snapshots.forget(w.id);
  }

  private async liveRooms(w: Workshop) {
    const rooms: Array<{ number: number; rows: Row[] }> = [];
    for (const r of w.rooms) rooms.push({ number: r.number, rows: await this.liveRows(w, r.number) });
    return rooms;
  }

  private liveRows(w: Workshop, room: number): Promise<Row[]> {
    requireRoom(w, room);
    return this.documents.withDocument(roomDocName(w.id, room, currentRound(w)), (doc) => readRows(doc, w.settings.template));
  }
}

// Why a snapshot's room state cannot be restored (unreadable, or a table breaking the schema), or null.
function snapshotProblem(into: Y.Doc, state: string, w: Workshop): string | null {
  try {
    Y.applyUpdate(into, Buffer.from(state, 'base64'));
  } catch (error) {
    return `its stored table cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
  const [first] = roomViolations(into, w.settings.template, 1);
  return first ? `its table breaks the room's rules (${first.message} [${first.rule}])` : null;
}

// The update that replaces the live table by `old`'s, made on a copy of the live document: Yjs
// deletes recursively, so an odd live document could make it throw, and only the copy would know.
function replacementUpdate(live: Y.Doc, old: Y.Doc): Uint8Array | Error {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    const fragment = copy.getXmlFragment(ROOM_FIELD);
    // Checked by roomViolations: one table, nothing else, a few levels deep, so cloning is shallow.
    const content = old.getXmlFragment(ROOM_FIELD).toArray() as Y.XmlElement[];
    copy.transact(() => {
      fragment.delete(0, fragment.length);
      fragment.insert(0, content.map((node) => node.clone()));
    }, SERVER_ORIGIN);
    return Y.encodeStateAsUpdate(copy, Y.encodeStateVector(live));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    copy.destroy();
  }
}

function requireRoom(w: Workshop, room: number): void {
  if (!w.rooms.some((r) => r.number === room)) {
    const has = w.rooms.length === 0 ? 'no rooms yet' : `rooms 1–${w.rooms.length}`;
    throw new ContractError('unknown_room', `Room ${room} does not exist; this workshop has ${has}.`);
  }
}
