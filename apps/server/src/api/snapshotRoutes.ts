import { Hono, type Context } from 'hono';
import type { SnapshotBody, SnapshotService } from '../SnapshotService';
import { acceptsGzip } from './acceptsGzip';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { ContractError } from '@roomtable/contract';
import { requireFacilitator, requireToken } from './auth';

/** A snapshot's JSON, gzipped (compressed once per snapshot) to a client that accepts it. */
function sendBody(c: Context, body: SnapshotBody): Response {
  if (!acceptsGzip(c.req.header('accept-encoding'))) return c.body(body.json, 200, { 'content-type': 'application/json', vary: 'accept-encoding' });
  return c.body(new Uint8Array(body.gzip()), 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' });
}

interface Deps {
  workshops: WorkshopService;
  snapshots: SnapshotService;
  signer: TokenSigner;
}

/** `/api/workshops/:id/snapshots…`: list, take one now (facilitator), read one, read the board one holds. */
export function snapshotRoutes({ workshops, snapshots, signer }: Deps): Hono {
  const api = new Hono();

  api.get('/workshops/:id/snapshots', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    await workshops.require(id);
    return c.json({ snapshots: await snapshots.list(id) });
  });

  api.post('/workshops/:id/snapshots', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    if (w.rooms.length === 0) {
      throw new ContractError('no_rooms', 'There are no rooms to snapshot yet; assign rooms first.');
    }
    return c.json({ snapshot: await snapshots.take(w, 'facilitator') }, 201);
  });

  // The newest snapshot in one request (the plenary's report): `{snapshot: null}` when there is none.
  // Mounted before `:sid`; snapshot ids all start with `s_`, so none is "newest".
  api.get('/workshops/:id/snapshots/newest', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    await workshops.require(id);
    return sendBody(c, await snapshots.newestBody(id));
  });

  api.get('/workshops/:id/snapshots/:sid', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    await workshops.require(id);
    const body = await snapshots.body(id, c.req.param('sid'));
    if (body === null) throw new ContractError('not_found', 'This workshop has no snapshot with that id.');
    return sendBody(c, body);
  });

  // The board a snapshot holds ([BO1]), for the review's timeline: null when it holds none.
  api.get('/workshops/:id/snapshots/:sid/board', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    await workshops.require(id);
    const stored = await snapshots.board(id, c.req.param('sid'));
    if (stored === undefined) throw new ContractError('not_found', 'This workshop has no snapshot with that id.');
    // The notes and frames beside the stacks [BO7]; `board` stays what it was for its readers.
    return c.json({ board: stored?.board ?? null, annotations: stored?.annotations ?? null });
  });

  return api;
}
