import { createHash } from 'node:crypto';
import { currentRound, readBoard, readBoardAnnotations, type Board, type BoardAnnotations, type Workshop } from '@roomtable/core';
import * as Y from 'yjs';
import type { BoardService } from './BoardService';
import type { SnapshotService } from './SnapshotService';

/** A stored board: its stacks and the notes and frames people added ([BO7]). */
export interface StoredBoard {
  board: Board;
  annotations: BoardAnnotations;
}

/**
 * The board a snapshot stored (its Yjs state, base64) as the board view reads it, with its notes
 * and frames; null when the snapshot holds none or what it holds cannot be read (a snapshot page
 * still shows its rooms).
 */
export function boardOfState(state: string | null | undefined): StoredBoard | null {
  if (!state) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, Buffer.from(state, 'base64'));
    const board = readBoard(doc);
    return board ? { board, annotations: readBoardAnnotations(doc) } : null;
  } catch {
    return null;
  } finally {
    doc.destroy();
  }
}

/**
 * The id of the snapshot of a plenary's end: the plenary is the one on the board built from
 * `boardSnapshotId` (one break-out's end), so every process ending it names the same snapshot.
 */
export function plenaryEndSnapshotId(workshopId: string, boardSnapshotId: string): string {
  return `s_plen_${createHash('sha256').update(`${workshopId}\n${boardSnapshotId}`).digest('base64url').slice(0, 22)}`;
}

/**
 * [BO1] The board as the plenary left it, snapshotted with the rooms: when the reporting ends (for
 * the break-out again, or closed) and when a workshop with a board closes from the break-out (its
 * board was just built from the break-out's snapshot, which cannot hold it). Nothing is taken before
 * a board exists. Throws when the snapshot cannot be stored, so the phase change is taken back ([PH8]).
 */
export async function snapshotBoardAtPlenaryEnd(snapshots: SnapshotService, boards: BoardService, before: Workshop, after: Workshop): Promise<void> {
  const leaving = (before.phase === 'reporting' && after.phase !== 'reporting') || (after.phase === 'closed' && before.phase !== 'closed');
  if (!leaving) return;
  const board = await boards.read(after.id);
  if (!board) return;
  try {
    // The plenary that ends by starting the next round [RN2] is the ending round's: taken with the
    // workshop as it was, the snapshot holds that round's rooms and says its round [RN8]. Taken
    // with `after`, it held the new round's empty rooms and named the new round, so round k's
    // review lost its plenary end and round k+1's began with it.
    const of = currentRound(before) !== currentRound(after) ? before : after;
    await snapshots.take(of, 'plenary-ended', { id: plenaryEndSnapshotId(after.id, board.snapshotId) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the snapshot of the board at the end of the plenary could not be stored (${reason})`, { cause: error });
  }
}
