import {
  buildDraftPlan,
  currentRound,
  planPollResults,
  planQuestions,
  readRows,
  requireRound,
  reviewOf,
  roomDocName,
  roundsOf,
  type DraftPlan,
  type RoundPlan,
  type Row,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager } from '@roomtable/sync';
import { plenaryEndSnapshotId } from './boardSnapshots';
import type { ReviewService } from './ReviewService';
import type { SnapshotService } from './SnapshotService';

/**
 * The draft plan per round and of all rounds together [RN6]. The current round's plan is the
 * review's (rooms as they are, the board's clusters, the plenary's polls, questions and notes); an
 * earlier round's is made from the snapshot its break-out ended in, with its own statement,
 * template and plenary (questions and polls, [RN7]), grouped as that round's board left them
 * ([RN8]): the board document has been rebuilt for later rounds since, but the snapshot of that
 * round's plenary end holds its board ([BO1]). The notes are one document for the whole workshop.
 */
export class RoundPlans {
  constructor(
    private readonly review: ReviewService,
    private readonly snapshots: SnapshotService,
    private readonly documents: DocumentManager,
    private readonly now: () => number,
  ) {}

  /** Round `round`'s plan. */
  async plan(w: Workshop, round: number): Promise<DraftPlan> {
    const r = requireRound(w, round);
    if (r.number === currentRound(w)) return this.review.plan(w, null);
    const endId = (await this.snapshots.roundEnds(w.id)).get(r.number);
    const end = endId === undefined ? null : await this.snapshots.get(w.id, endId);
    // A round always ends in a snapshot; should it be missing, its documents (read-only since) say the same.
    const rooms: Array<{ number: number; rows: Row[] }> = end
      ? end.rooms.map((room) => ({ number: room.number, rows: room.rows }))
      : await Promise.all(
          r.rooms.map((_, i) => this.documents.withDocument(roomDocName(w.id, i + 1, r.number), (doc) => ({ number: i + 1, rows: readRows(doc, r.template) }))),
        );
    // [RN8] The board as round k's plenary left it: the "plenary-ended" snapshot whose id derives
    // from the break-out end the board was built from. Before, the plan grouped by similarity here,
    // so round 1's plan split what the room had merged on its board. None (no plenary held, or
    // stored before [BO1]): grouped by similarity.
    const stored = endId === undefined ? null : await this.snapshots.board(w.id, plenaryEndSnapshotId(w.id, endId));
    const clusters = stored && stored.board.snapshotId === endId ? stored.board.clusters.map((c) => c.cardIds) : undefined;
    return buildDraftPlan({
      title: w.settings.title,
      purpose: r.purpose,
      template: r.template,
      rooms,
      source: end ? { kind: 'snapshot', id: end.id, takenAt: end.takenAt } : { kind: 'live' },
      generatedAt: this.now(),
      ungrouped: reviewOf(w).ungrouped,
      ...(clusters ? { clusters } : {}),
      ...(r.plenary ? { polls: planPollResults(r.plenary), questions: planQuestions(r.plenary) } : {}),
    });
  }

  /** Every round's plan, oldest first. */
  async all(w: Workshop): Promise<RoundPlan[]> {
    const plans: RoundPlan[] = [];
    for (const r of roundsOf(w)) plans.push({ round: r.number, plan: await this.plan(w, r.number) });
    return plans;
  }
}
