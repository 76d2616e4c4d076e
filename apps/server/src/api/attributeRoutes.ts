import { fieldsOf, importPeople, parsePeopleCsv, previewAssignment, setParticipantFields, type Workshop } from '@roomtable/core';
import { newId } from '../ids';
import { PARTICIPANT_TOKEN_TTL } from './workshopRoutes';
import { Hono } from 'hono';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireFacilitator } from './auth';
import { fieldsBody, importBody, previewBody } from '@roomtable/contract/requestSchemas';
import { jsonBody } from './validate';

interface Deps {
  workshops: WorkshopService;
  signer: TokenSigner;
}

/** The fields and everyone's answers, public and private alike: the facilitators' view [PF3]. */
function attributesOf(w: Workshop) {
  return {
    fields: fieldsOf(w),
    answers: Object.fromEntries(w.participants.map((p) => [p.id, { ...(p.attributes ?? {}) }])),
  };
}

/**
 * Participant fields [PF1]–[PF4]: the facilitator edits the questions in the lobby, reads every
 * answer, and previews rooms made from them [AP1]. These are the only routes that carry private answers; every other read (the workshop
 * GET, the join lookup, the state document) goes through `publicState`, which keeps public fields only.
 */
export function attributeRoutes({ workshops, signer }: Deps): Hono {
  const api = new Hono();

  api.get('/workshops/:id/attributes', async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    return c.json(attributesOf(await workshops.require(id)));
  });

  api.put('/workshops/:id/fields', jsonBody(fieldsBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { fields } = c.req.valid('json');
    const w = await workshops.mutate(id, (current) => setParticipantFields(current, fields));
    return c.json(attributesOf(w));
  });

  // A preview changes nothing [AP1]: the same choice applied later gives exactly these rooms.
  api.post('/workshops/:id/assignment/preview', jsonBody(previewBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const choice = c.req.valid('json');
    const result = previewAssignment(await workshops.require(id), choice);
    return c.json({
      seed: choice.seed,
      rooms: result.rooms.map((participantIds, i) => ({ number: i + 1, participantIds, language: result.roomLanguages[i] ?? null })),
      scores: result.scores,
      baseline: result.baseline,
    });
  });

  // A list of people made before the event [PI1][PI2]: each gets a seat and a token, which the
  // console turns into a personal join link (the same private link as "continue on another device").
  api.post('/workshops/:id/people/import', jsonBody(importBody), async (c) => {
    const id = c.req.param('id');
    requireFacilitator(c, signer, id);
    const { csv } = c.req.valid('json');
    let ids: string[] = [];
    // Ids are made inside the operation, so a retried operation names the people it added.
    const w = await workshops.mutate(id, (current, at) => {
      const people = parsePeopleCsv(current, csv);
      ids = people.map(() => newId('p_'));
      return importPeople(current, people, ids, at);
    });
    const people = ids.map((pid) => {
      const p = w.participants.find((x) => x.id === pid);
      return { id: pid, name: p?.name ?? '', token: signer.sign({ w: id, r: 'participant', p: pid }, PARTICIPANT_TOKEN_TTL) };
    });
    return c.json({ people }, 201);
  });

  return api;
}
