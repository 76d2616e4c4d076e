import { fieldsOf, setParticipantFields, type Workshop } from '@roomtable/core';
import { Hono } from 'hono';
import type { TokenSigner } from '../tokens';
import type { WorkshopService } from '../WorkshopService';
import { requireFacilitator } from './auth';
import { fieldsBody } from '@roomtable/contract/requestSchemas';
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
 * Participant fields [PF1]–[PF4]: the facilitator edits the questions in the lobby and reads every
 * answer. These are the only routes that carry private answers; every other read (the workshop
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

  return api;
}
