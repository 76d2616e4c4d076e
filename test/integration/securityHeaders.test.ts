import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { WEB_DIST } from '../helpers/browser';
import { startTestServer } from '../helpers/testServer';

const frozen = () => 1_750_000_000_000;

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

function expectCommon(res: Response, where: string) {
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), where).toBe('DENY');
  expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
  expect(directives(res.headers.get('content-security-policy'))['frame-ancestors'], where).toEqual(["'none'"]);
}

describe('[ED10] security headers on every response', () => {
  it('the web app, its files, the API (errors, 413 and 429 included), exports and /healthz', async () => {
    const server = await startTestServer({ now: frozen, env: { WEB_DIST, MAX_BODY_BYTES: '2048' } });
    const w = await createWorkshopWith(server.url, ['Ana']);
    const auth = { authorization: `Bearer ${w.facilitatorToken}` };

    const page = await fetch(`${server.url}/w/${w.workshopId}/facilitate`);
    const html = await page.text();
    expectCommon(page, 'app page');
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    const host = new URL(server.url).host;
    expect(csp['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    // No inline script in the built page: every script has a src.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expectCommon(await fetch(`${server.url}${asset}`), 'asset');
    expectCommon(await fetch(`${server.url}/`), 'home');

    const responses: Array<[string, Response]> = [
      ['healthz', await fetch(`${server.url}/healthz`)],
      ['API 200', await fetch(`${server.url}/api/workshops/${w.workshopId}`, { headers: auth })],
      ['API 401', await fetch(`${server.url}/api/workshops/${w.workshopId}`)],
      ['API 404', await fetch(`${server.url}/api/nothing`)],
      ['API 413', await fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(4096) }) })],
      ['CSV export', await fetch(`${server.url}/api/workshops/${w.workshopId}/export?format=csv`, { headers: auth })],
    ];
    for (let i = 0; i < 30; i++) await (await fetch(`${server.url}/api/workshops/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tokens":[]}' })).text();
    responses.push(['API 429', await fetch(`${server.url}/api/workshops/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tokens":[]}' })]);
    expect(responses.map(([, r]) => r.status)).toEqual([200, 200, 401, 404, 413, 200, 429]);
    for (const [where, res] of responses) {
      expectCommon(res, where);
      // JSON and downloads load nothing at all.
      expect(directives(res.headers.get('content-security-policy'))['default-src'], where).toEqual(["'none'"]);
    }

    // The printable export keeps its inline stylesheet, and still runs no script.
    const printable = await fetch(`${server.url}/api/workshops/${w.workshopId}/export?format=html`, { headers: auth });
    expectCommon(printable, 'HTML export');
    const exportCsp = directives(printable.headers.get('content-security-policy'));
    expect(exportCsp['default-src']).toEqual(["'none'"]);
    expect(exportCsp['style-src']).toEqual(["'unsafe-inline'"]);
    expect(exportCsp['script-src']).toBeUndefined();
  });

  it('a Host header that is not a plain host name never reaches the policy', async () => {
    const server = await startTestServer({ env: { WEB_DIST } });
    // The adapter itself answers 400 to a Host no URL can hold ("evil; script-src …"); one it
    // takes but that is no plain host name stays out of connect-src, and 'self' still covers it.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: new URL(server.url).port, path: '/', headers: { host: 'odd_name.example' } }, resolve);
      req.on('error', reject);
      req.end();
    });
    res.resume();
    expect(res.statusCode).toBe(200);
    const csp = directives(String(res.headers['content-security-policy']));
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
  });
});
