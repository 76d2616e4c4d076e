import { boardDocName, buildBoard, readBoard, writeBoard, type Board, type Row, type Workshop } from '@roomtable/core';
import type { DocumentManager } from '@roomtable/sync';
import { SERVER_ORIGIN } from './WorkshopService';

/**
 * Builds the plenary board (`<id>/board`, core's [BD1]–[BD7]) from a snapshot's rooms. The board is
 * a live document like the others: stored, fanned out and snapshotted by the document layer.
 */
export class BoardService {
  constructor(
    private readonly documents: DocumentManager,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Writes the board of snapshot `snapshotId` into the board document in one transaction, unless it
   * was built from that snapshot already; returns the board as built (null when nothing was written).
   */
  async build(workshop: Workshop, snapshot: { id: string; rooms: ReadonlyArray<{ number: number; rows: Row[] }> }): Promise<Board | null> {
    const board = buildBoard({ snapshotId: snapshot.id, builtAt: this.now(), template: workshop.settings.template, rooms: snapshot.rooms });
    const wrote = await this.documents.withDocument(boardDocName(workshop.id), (doc) => writeBoard(doc, board, SERVER_ORIGIN));
    return wrote ? board : null;
  }

  /** The board as its document holds it now; null before the first break-out ended. */
  async read(workshopId: string): Promise<Board | null> {
    return this.documents.withDocument(boardDocName(workshopId), (doc) => readBoard(doc));
  }
}
