import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { startTestServer } from '../helpers/testServer';

/** A clock that never moves, so no bucket refills while a test counts. */
const frozen = () => 1_750_000_000_000;

/** Sends `n` requests one after another and counts the 429s. */
async function refusals(n: number, send: (i: number) => Promise<{ status: number }>): Promise<number> {
  let refused = 0;
  for (let i = 0; i < n; i++) if ((await send(i)).status === 429) refused++;
  return refused;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return res;
}

/** A raw request whose head promises `contentLength` bytes but sends only `sent`; resolves with the status the server answers. */
function promiseBigBody(url: string, contentLength: number, sent: number): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method: 'POST', path: '/api/workshops', headers: { 'content-type': 'application/json', 'content-length': contentLength } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
    req.write(Buffer.alloc(sent, 0x5b));
  });
}

describe('[ED1] rate limits key only on a verified token or the client address', () => {
  it('a random bearer per request is no fresh allowance: joins count against the address either way', async () => {
    const server = await startTestServer({ now: frozen });
    const w = await createWorkshopWith(server.url, []);
    const join = (i: number, token?: string) => api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, { name: `P${i}`, joinCode: w.joinCode }, token);
    // The joins bucket holds 500 per address; creating the workshop took one.
    const withRandomBearer = await refusals(600, (i) => join(i, `rt1.${randomBytes(24).toString('base64url')}.x`));
    expect(withRandomBearer).toBe(101);
  });

  it('a verified token has its own write allowance; a forged one counts against its address', async () => {
    const server = await startTestServer({ now: frozen });
    const a = await createWorkshopWith(server.url, []);
    const b = await createWorkshopWith(server.url, []);
    const broadcast = (token: string) => api(server.url, 'POST', `/workshops/${a.workshopId}/broadcast`, { message: 'hi' }, token);
    expect(await refusals(61, () => broadcast(a.facilitatorToken))).toBe(1); // 60 writes per token
    // Another person's token is another allowance (it is refused 403 for this workshop, not 429).
    expect((await broadcast(b.facilitatorToken)).status).toBe(403);
    // Forged tokens all share the address's allowance, whatever they say.
    expect(await refusals(61, () => broadcast(`rt1.${randomBytes(24).toString('base64url')}.x`))).toBe(1);
  });
});

describe('[ED2] TRUST_PROXY: the client address behind a reverse proxy', () => {
  const guesses = (url: string, n: number, xff: string) => refusals(n, () => get(`${url}/api/join/ZZZZZ${n}`, { 'x-forwarded-for': xff }));

  it('off (the default): X-Forwarded-For is ignored, so writing one buys no fresh allowance', async () => {
    const server = await startTestServer({ now: frozen });
    expect(await refusals(201, (i) => get(`${server.url}/api/join/NOPE${i}`, { 'x-forwarded-for': `203.0.113.${i % 250}` }))).toBe(1);
  });

  it('x-forwarded-for: each client behind the proxy has its own allowance; what a client wrote left of the proxy is never read', async () => {
    const server = await startTestServer({ now: frozen, env: { TRUST_PROXY: 'x-forwarded-for' } });
    expect(await guesses(server.url, 201, '198.51.100.7')).toBe(1);
    // A client that prepends addresses of its own is still the one the proxy saw.
    expect(await refusals(5, (i) => get(`${server.url}/api/join/NOPE${i}`, { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.7` }))).toBe(5);
    expect(await guesses(server.url, 1, '198.51.100.8')).toBe(0);
    // An IPv6 client counts by its /64: walking through its own prefix buys nothing.
    expect(await refusals(201, (i) => get(`${server.url}/api/join/NOPE${i}`, { 'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}` }))).toBe(1);
  });

  it('forwarded (RFC 7239), two proxies in a row: the address two hops back', async () => {
    const server = await startTestServer({ now: frozen, env: { TRUST_PROXY: 'forwarded:2' } });
    const header = (client: string) => ({ forwarded: `for=10.0.0.1, for="${client}";proto=https, for=192.0.2.10` });
    expect(await refusals(201, (i) => get(`${server.url}/api/join/NOPE${i}`, header('[2001:db8::1]:4711')))).toBe(1);
    expect((await get(`${server.url}/api/join/NOPE`, header('198.51.100.9'))).status).toBe(404);
  });

  it('a setting it cannot read stops the start with a message saying what it takes', async () => {
    await expect(startTestServer({ env: { TRUST_PROXY: 'yes please' } })).rejects.toThrow(/TRUST_PROXY must be "off", "x-forwarded-for" or "forwarded"/);
  });
});

describe('[ED3] join codes cannot be guessed at leisure', () => {
  it('an address gets 200 wrong codes, then 429 (right codes included); right codes cost nothing', async () => {
    const server = await startTestServer({ now: frozen });
    const w = await createWorkshopWith(server.url, []);
    expect(await refusals(300, () => get(`${server.url}/api/join/${w.joinCode}`))).toBe(0);
    const refused = await refusals(201, (i) => get(`${server.url}/api/join/Q${String(i).padStart(5, '2')}`));
    expect(refused).toBe(1);
    const right = await get(`${server.url}/api/join/${w.joinCode}`);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('parallel guesses are charged before they are answered, so a burst cannot outrun the count', async () => {
    const server = await startTestServer({ now: frozen });
    const answers = await Promise.all(Array.from({ length: 260 }, (_, i) => get(`${server.url}/api/join/P${String(i).padStart(5, '3')}`)));
    expect(answers.filter((r) => r.status === 404)).toHaveLength(200);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(60);
  });

  it('the workshops lookup is limited per address: 30, then 429', async () => {
    const server = await startTestServer({ now: frozen });
    expect(await refusals(31, () => api(server.url, 'POST', '/workshops/lookup', { tokens: ['x'] }))).toBe(1);
  });

  it('a wrong code is answered from the index of join codes, never by reading every workshop', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, []);
    const list = vi.spyOn(server.storage, 'listWorkshops');
    const get1 = vi.spyOn(server.storage, 'getWorkshop');
    expect((await get(`${server.url}/api/join/WRONG1`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/join/${w.joinCode.toLowerCase()}`)).body.workshop.id).toBe(w.workshopId);
    expect((await api(server.url, 'POST', '/workshops', { title: 'Second' })).status).toBe(201);
    expect(list).not.toHaveBeenCalled();
    expect(get1).not.toHaveBeenCalled();
    // A restart reads them all once, and finds the code again.
    const again = await server.restart();
    expect((await api(again.url, 'GET', `/join/${w.joinCode}`)).body.workshop.id).toBe(w.workshopId);
  });
});

describe('[ED4] every route reads at most MAX_BODY_BYTES of body', () => {
  it('a declared 100 MiB body gets 413 in the contract shape before it is sent', async () => {
    const server = await startTestServer();
    expect(await promiseBigBody(server.url, 100 * 1024 * 1024, 1024)).toBe(413);
    const res = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'body_too_large', message: expect.stringMatching(/larger than 1048576 bytes/) } });
  });

  it('a chunked body (no length declared) is cut off at the limit', async () => {
    const server = await startTestServer({ env: { MAX_BODY_BYTES: '65536' } });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64) controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
        else controller.close();
      },
    });
    const res = await fetch(`${server.url}/api/workshops/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('a 413 says Connection: close, so the next request on a kept-alive client does not meet a closed socket', async () => {
    const server = await startTestServer();
    const big = JSON.stringify({ title: 'x'.repeat(1_100_000) });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      await res.arrayBuffer();
      // fetch keeps sockets alive; told "keep-alive", it sent this one on the socket the server then closed.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
  });

  it('a body nested past 32 levels is refused before it is parsed', async () => {
    const server = await startTestServer();
    const deep = `{"title":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const res = await api(server.url, 'POST', '/workshops', deep);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nests deeper than 32 levels/);
    // Brackets inside strings are text, not nesting.
    expect((await api(server.url, 'POST', '/workshops', { title: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ "\\" {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{' })).status).toBe(201);
  });
});
