import { currentRound, roundsOf, startNextRound } from '@roomtable/core';
import { Hono } from 'hono';
import { nextRoundBody } from '@roomtable/contract/requestSchemas';
import { plenaryEndSnapshotId } from '../boardSnapshots';
import type { SnapshotService } from '../SnapshotService';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireFacilitator, requireToken } from './auth';
import { jsonBody } from './validate';
import { stateFor } from './workshopRoutes';

interface Deps {
  workshops: WorkshopService;
  snapshots: SnapshotService;
  signer: TokenSigner;
  now: () => number;
}

/** `/api/workshops/:id/rounds`: the rounds so far (any member), and starting the next (the facilitator) [RN2]. */
export function roundRoutes({ workshops, snapshots, signer, now }: Deps): Hono {
  const api = new Hono();

  // What every member may know of a round: its statement, template, durations, how rooms were made, how many
  // there were and the snapshot it ended in; not who sat where (the live state says that for now).
  api.get('/workshops/:id/rounds', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    const w = await workshops.require(id);
    const ends = await snapshots.roundEnds(id);
    // The snapshot holding the board as each earlier round's plenary left it [RN8] (null: none).
    const boards = new Map<number, string>();
    for (const [round, end] of ends) {
      const sid = plenaryEndSnapshotId(id, end);
      if (round !== currentRound(w) && (await snapshots.get(id, sid))?.hasBoard) boards.set(round, sid);
    }
    return c.json({
      current: currentRound(w),
      rounds: roundsOf(w).map((r) => ({
        number: r.number,
        purpose: r.purpose,
        suggestions: r.suggestions,
        // The round's own table [RN9]: the review draws its snapshots with it.
        template: r.template,
        breakoutMinutes: r.breakoutMinutes,
        reportingMinutes: r.reportingMinutes,
        assignment: r.assignment,
        rooms: r.rooms.length,
        endSnapshotId: ends.get(r.number) ?? null,
        boardSnapshotId: boards.get(r.number) ?? null,
      })),
    });
  });

  api.post('/workshops/:id/rounds', jsonBody(nextRoundBody), async (c) => {
    const id = c.req.param('id');
    const claims = requireFacilitator(c, signer, id);
    const { seed, ...input } = c.req.valid('json');
    // Seeded from id and time when not given, so the rooms are still reproducible from the stored record.
    const w = await workshops.mutate(id, (current, at) => startNextRound(current, { ...input, seed: seed ?? `${current.id}:round:${at}` }, at));
    return c.json(stateFor(w, claims, now()));
  });

  return api;
}
