import {
  askQuestion,
  ballotOf,
  boardPollItems,
  buildPollItems,
  endPoll,
  moderateQuestion,
  openPoll,
  plenaryOf,
  publicPlenary,
  setNoteTakers,
  setPointer,
  setPresentingRoom,
  upvoteQuestion,
  vote,
  withdrawUpvote,
  type Actor,
  type Workshop,
} from '@roomtable/core';
import type { DocumentManager } from '@roomtable/sync';
import type { Context } from 'hono';
import { BoardService } from '../BoardService';
import { Hono } from 'hono';
import { newId } from '../ids';
import type { SnapshotService } from '../SnapshotService';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireToken } from './auth';
import { latestSnapshot } from './latestSnapshot';
import { ContractError } from '@roomtable/contract';
import { ballotBody, moderateBody, noteTakersBody, pointerBody, pollBody, presentingBody, questionBody } from '@roomtable/contract/requestSchemas';
import { jsonBody } from './validate';

interface Deps {
  workshops: WorkshopService;
  snapshots: SnapshotService;
  signer: TokenSigner;
  /** The live documents: polls are made from the board when it exists ([BP1]). */
  documents?: DocumentManager;
}

/** The caller as the domain sees them; a participant must still belong to the workshop. */
async function actorOf(c: Context, deps: Deps, id: string): Promise<Actor> {
  const claims = requireToken(c, deps.signer, id);
  const w = await deps.workshops.require(id);
  if (claims.r === 'participant' && !w.participants.some((p) => p.id === claims.p)) {
    throw new ContractError('forbidden', 'You are no longer a participant of this workshop.');
  }
  return { role: claims.r, participantId: claims.p };
}

const plenaryBody = (w: Workshop) => ({ plenary: publicPlenary(plenaryOf(w)) });

/**
 * `/api/workshops/:id/…` of the plenary: presenting room, pointer, questions, polls, note-takers.
 * Everything lands in the workshop record, so it reaches everyone through the live state document.
 */
export function plenaryRoutes(deps: Deps): Hono {
  const { workshops, snapshots } = deps;
  const boards = deps.documents ? new BoardService(deps.documents) : null;
  const api = new Hono();
  // The questions' and votes' own rate limits are mounted by createServer from the contract's route table.

  api.put('/workshops/:id/plenary/presenting', jsonBody(presentingBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const { room } = c.req.valid('json');
    return c.json(plenaryBody(await workshops.mutate(id, (w) => setPresentingRoom(w, actor, room))));
  });

  api.put('/workshops/:id/plenary/pointer', jsonBody(pointerBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const { row } = c.req.valid('json');
    const snap = row === null ? null : await latestSnapshot(snapshots, id);
    const rowsOf = (w: Workshop) => {
      const room = plenaryOf(w).presentingRoom;
      const rows = snap?.rooms.find((r) => r.number === room)?.rows ?? [];
      return snap ? { id: snap.id, rowCount: rows.length } : null;
    };
    return c.json(plenaryBody(await workshops.mutate(id, (w) => setPointer(w, actor, row, rowsOf(w)))));
  });

  api.put('/workshops/:id/plenary/note-takers', jsonBody(noteTakersBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const { participantIds } = c.req.valid('json');
    return c.json(plenaryBody(await workshops.mutate(id, (w) => setNoteTakers(w, actor, participantIds))));
  });

  api.get('/workshops/:id/questions', async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const w = await workshops.require(id);
    // The facilitator also sees hidden questions, to review them or bring them back.
    const all = plenaryOf(w).questions;
    return c.json({ questions: actor.role === 'facilitator' ? all : publicPlenary(plenaryOf(w)).questions });
  });

  api.post('/workshops/:id/questions', jsonBody(questionBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const { room, text } = c.req.valid('json');
    const qid = newId('q_');
    const w = await workshops.mutate(id, (current, at) => askQuestion(current, actor, { id: qid, room, text, now: at }));
    return c.json({ question: publicPlenary(plenaryOf(w)).questions.find((q) => q.id === qid) }, 201);
  });

  api.post('/workshops/:id/questions/:qid/upvote', async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const qid = c.req.param('qid');
    return c.json(plenaryBody(await workshops.mutate(id, (w) => upvoteQuestion(w, actor, qid))));
  });

  api.delete('/workshops/:id/questions/:qid/upvote', async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const qid = c.req.param('qid');
    return c.json(plenaryBody(await workshops.mutate(id, (w) => withdrawUpvote(w, actor, qid))));
  });

  api.patch('/workshops/:id/questions/:qid', jsonBody(moderateBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const qid = c.req.param('qid');
    const change = c.req.valid('json');
    return c.json(plenaryBody(await workshops.mutate(id, (w) => moderateQuestion(w, actor, qid, change))));
  });

  api.post('/workshops/:id/polls', jsonBody(pollBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    if (actor.role !== 'facilitator') throw new ContractError('forbidden', 'Only the facilitator can open polls.');
    const body = c.req.valid('json');
    // Once the break-out has ended there is a board, and a poll asks about its clusters (or what the
    // facilitator picked on it): before [BP1] it listed every row of every room, the same
    // suggestion once per room that raised it.
    const board = boards ? await boards.read(id) : null;
    const picked = (body.clusters?.length ?? 0) + (body.cards?.length ?? 0) > 0;
    if (picked && !board) throw new ContractError('unknown_item', 'There is no board yet to pick clusters from; end the break-out first, or open a poll of every suggestion.');
    const snap = board ? null : await latestSnapshot(snapshots, id);
    if (!board && !snap) throw new ContractError('no_snapshot', 'There is no snapshot of the rooms yet; take one first, then open the poll.');
    const pid = newId('poll_');
    const w = await workshops.mutate(id, (current, at) =>
      openPoll(current, actor, {
        id: pid,
        kind: body.kind,
        dots: body.kind === 'dots' ? body.dots : null,
        snapshotId: board ? board.snapshotId : snap!.id,
        items: board ? boardPollItems(board, { clusters: body.clusters, cards: body.cards }) : buildPollItems(snap!.rooms, current.settings.template),
        now: at,
      }),
    );
    return c.json({ poll: publicPlenary(plenaryOf(w)).polls.find((p) => p.id === pid) }, 201);
  });

  api.get('/workshops/:id/polls/:pid/ballot', async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    return c.json({ ballot: ballotOf(await workshops.require(id), actor, c.req.param('pid')) });
  });

  api.put('/workshops/:id/polls/:pid/ballot', jsonBody(ballotBody), async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const pid = c.req.param('pid');
    const ballot = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => vote(current, actor, pid, ballot));
    return c.json({ ballot: ballotOf(w, actor, pid), poll: publicPlenary(plenaryOf(w)).polls.find((p) => p.id === pid) });
  });

  api.post('/workshops/:id/polls/:pid/close', async (c) => {
    const id = c.req.param('id');
    const actor = await actorOf(c, deps, id);
    const pid = c.req.param('pid');
    const w = await workshops.mutate(id, (current, at) => endPoll(current, actor, pid, at));
    return c.json({ poll: publicPlenary(plenaryOf(w)).polls.find((p) => p.id === pid) });
  });

  return api;
}
