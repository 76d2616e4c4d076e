import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

/** A GET with exactly the headers given (Node's fetch always adds an Accept-Encoding). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('GET /api/workshops/:id/snapshots/newest', () => {
  it('answers the newest snapshot in one request, null before there is one, a new one at once', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Ben'], { rooms: 1, suggestions: ['Open a newcomers desk'] });
    const ana = w.participants[0]!.token;
    const newest = () => api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/newest`, undefined, ana);
    expect(await newest()).toEqual({ status: 200, body: { snapshot: null } });

    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    const [ended] = (await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, ana)).body.snapshots;
    const byId = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${ended.id}`, undefined, ana);
    const first = await newest();
    expect(first).toEqual(byId);
    expect(first.body.snapshot.rooms[0].rows[0].suggestion).toBe('Open a newcomers desk');

    // The facilitator takes another: it is the newest from the next request on.
    const taken = await api(server.url, 'POST', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken);
    expect(taken.status).toBe(201);
    expect((await newest()).body.snapshot.id).toBe(taken.body.snapshot.id);

    // Members only: another workshop's token, and no token, are refused.
    const other = await createWorkshopWith(server.url, ['Cy']);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/newest`, undefined, other.participants[0]!.token)).status).toBe(403);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/newest`)).status).toBe(401);
  });

  it('sends a snapshot gzipped to a client that accepts gzip, and as it is to one that does not', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1, suggestions: Array.from({ length: 40 }, (_, i) => `Suggestion number ${i} about the newcomers desk`) });
    await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
    await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    const url = `${server.url}/api/workshops/${w.workshopId}/snapshots/newest`;
    const auth = { authorization: `Bearer ${w.participants[0]!.token}` };
    const plain = await rawGet(url, auth);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const json = JSON.parse(plain.body.toString('utf8'));
    expect(json.snapshot.rooms[0].rows).toHaveLength(40);

    for (const accept of ['gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', '*']) {
      const zipped = await rawGet(url, { ...auth, 'accept-encoding': accept });
      expect(zipped.headers['content-encoding'], accept).toBe('gzip');
      expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    }
    // gzip;q=0 refuses gzip.
    expect((await rawGet(url, { ...auth, 'accept-encoding': 'gzip;q=0, br' })).headers['content-encoding']).toBeUndefined();
    // The same for a snapshot read by id.
    const byId = await rawGet(`${server.url}/api/workshops/${w.workshopId}/snapshots/${json.snapshot.id}`, { ...auth, 'accept-encoding': 'gzip' });
    expect(gunzipSync(byId.body).equals(plain.body)).toBe(true);
  });
});
