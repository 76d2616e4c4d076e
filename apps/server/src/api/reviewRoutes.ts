import {
  EXPORT_FORMATS,
  exportFilename,
  exportFormatInfo,
  isExportFormat,
  currentRound,
  renderPlan,
  renderRoundsPlan,
  renderSnapshot,
  requireRound,
  setUngrouped,
  type ExportFormat,
} from '@roomtable/core';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ContractError } from '@roomtable/contract';
import { deleteBody, lookupBody, restoreBody, snapshotIdParam, ungroupedBody } from '@roomtable/contract/requestSchemas';
import type { ReviewService } from '../ReviewService';
import type { RoundPlans } from '../RoundPlans';
import { LIVE } from '../ReviewService';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireFacilitator, requireToken } from './auth';
import { EXPORT_HTML_CSP } from './securityHeaders';
import { streamText } from './streamText';
import { jsonBody } from './validate';

interface Deps {
  workshops: WorkshopService;
  review: ReviewService;
  rounds: RoundPlans;
  signer: TokenSigner;
  now: () => number;
}


/**
 * The facilitator's review: workshops list, draft plan and its exports, each snapshot as a file,
 * diffs between snapshots, restoring a room, deleting a workshop.
 */
export function reviewRoutes({ workshops, review, rounds, signer, now }: Deps): Hono {
  const api = new Hono();

  // There are no accounts: the browser keeps one facilitator token per workshop and sends them all
  // here (in the body, never the URL). Tokens that are invalid, not a facilitator's, or of a deleted
  // workshop are counted, not failed, so one stale entry does not hide the rest.
  api.post('/workshops/lookup', jsonBody(lookupBody), async (c) => {
    const { tokens } = c.req.valid('json');
    const found = new Map<string, object>();
    let skipped = 0;
    for (const token of tokens) {
      const claims = signer.verify(token);
      const w = claims?.r === 'facilitator' ? await workshops.get(claims.w) : null;
      if (!w) {
        skipped++;
        continue;
      }
      found.set(w.id, {
        id: w.id,
        title: w.settings.title,
        phase: w.phase,
        createdAt: w.createdAt,
        rooms: w.rooms.length,
        people: w.participants.length,
      });
    }
    const list = [...found.values()].sort((a, b) => (b as { createdAt: number }).createdAt - (a as { createdAt: number }).createdAt);
    return c.json({ workshops: list, skipped });
  });

  api.get('/workshops/:id/plan', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    const round = optionalRound(c);
    if (round === 'all') return c.json({ rounds: await rounds.all(w) });
    return c.json({ plan: round === null ? await review.plan(w, optionalSnapshot(c)) : await rounds.plan(w, round) });
  });

  api.put('/workshops/:id/review/ungrouped', jsonBody(ungroupedBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { ungrouped } = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => setUngrouped(current, ungrouped));
    return c.json({ ungrouped: w.review?.ungrouped ?? [] });
  });

  api.get('/workshops/:id/export', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    const format = requireFormat(c);
    const w = await workshops.require(id);
    const round = optionalRound(c);
    if (round === 'all') {
      return download(c, renderRoundsPlan(w.settings.title, await rounds.all(w), format), format, exportFilename(w.settings.title, 'draft-plan-all-rounds', now(), format));
    }
    const plan = round === null ? await review.plan(w, optionalSnapshot(c)) : await rounds.plan(w, round);
    // The board is the workshop's one plenary board, as it is now: it goes with the current
    // round's plan, not with an earlier round's.
    const board = round === null || round === currentRound(w) ? await review.boardExport(w) : null;
    return download(c, renderPlan(plan, format, board), format, exportFilename(w.settings.title, 'draft-plan', now(), format));
  });

  api.get('/workshops/:id/snapshots/:sid/download', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    const format = requireFormat(c);
    const w = await workshops.require(id);
    const s = await review.requireSnapshot(w, c.req.param('sid'));
    const snapshot = { id: s.id, title: w.settings.title, takenAt: s.takenAt, reason: s.reason, rooms: s.rooms.map((r) => ({ number: r.number, rows: r.rows })) };
    // An earlier round's snapshot is written with that round's table [RN9], not the current one.
    const template = s.round === currentRound(w) ? w.settings.template : requireRound(w, s.round).template;
    return download(c, renderSnapshot(snapshot, template, format), format, exportFilename(w.settings.title, `snapshot-${s.id}`, s.takenAt, format));
  });

  api.get('/workshops/:id/diff', async (c) => {
    const id = c.req.param('id');
    requireToken(c, signer, id);
    const room = roomNumber(c.req.query('room'), 'room');
    const from = querySnapshot(c.req.query('from'), 'from');
    const to = querySnapshot(c.req.query('to'), 'to');
    const w = await workshops.require(id);
    return c.json({ room, from, to, diff: await review.diff(w, room, from, to) });
  });

  api.post('/workshops/:id/rooms/:n/restore', jsonBody(restoreBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const room = roomNumber(c.req.param('n'), 'room number in the path');
    const w = await workshops.require(id);
    return c.json(await review.restore(w, room, c.req.valid('json').snapshotId));
  });

  api.delete('/workshops/:id', jsonBody(deleteBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const w = await workshops.require(id);
    if (c.req.valid('json').confirm.trim() !== w.settings.title.trim()) {
      throw new ContractError('confirmation_mismatch', 'To delete this workshop, send {"confirm": "<its title>"} with the title exactly as it is; nothing was deleted.');
    }
    await review.delete(w);
    return c.json({ deleted: id });
  });

  return api;
}

function requireFormat(c: Context): ExportFormat {
  const format = c.req.query('format') ?? 'markdown';
  if (!isExportFormat(format)) {
    throw new ContractError('unknown_format', `Unknown export format "${format.slice(0, 40)}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  return format;
}

/** `round=<k>` (one round's plan) or `round=all` [RN6]; null when not asked. */
function optionalRound(c: Context): number | 'all' | null {
  const value = c.req.query('round');
  if (value === undefined || value === '') return null;
  if (value === 'all') return value;
  if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new ContractError('invalid_query', 'Give "round" as a round number from 1, or "all".');
  return Number(value);
}

function optionalSnapshot(c: Context): string | null {
  const sid = c.req.query('snapshot');
  return sid === undefined || sid === '' ? null : querySnapshot(sid, 'snapshot');
}

function querySnapshot(value: string | undefined, what: string): string {
  if (value === undefined || !snapshotIdParam.safeParse(value).success) {
    throw new ContractError('invalid_query', `Give "${what}" as a snapshot id (or "${LIVE}" for the current table).`);
  }
  return value;
}

function roomNumber(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9][0-9]{0,3}$/.test(value)) {
    throw new ContractError('invalid_room', `Give the ${what} as a whole number from 1, e.g. room=1.`);
  }
  return Number(value);
}

// Streamed: the body is pulled from the renderer as the client reads. html opens in the browser
// (to print); the other formats download under a file name that needs no escaping.
function download(c: Context, chunks: Iterator<string>, format: ExportFormat, filename: string): Response {
  const disposition = format === 'html' ? 'inline' : 'attachment';
  return c.body(streamText(chunks), 200, {
    'Content-Type': exportFormatInfo(format).contentType,
    'Content-Disposition': `${disposition}; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(format === 'html' ? { 'Content-Security-Policy': EXPORT_HTML_CSP } : {}),
  });
}
