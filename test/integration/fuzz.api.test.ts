import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { seedFromEnv, seededRandom, type SeededRandom } from '../helpers/seededRandom';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 1000);
/** Requests per fresh workshop: under the per-token write burst (60), so 429s stay the exception. */
const BATCH = 40;
const MB = 1024 * 1024;

const API_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/server/src/api');
const CONTRACT_SCHEMAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/contract/src/requestSchemas.ts');

/** Every route the route modules declare, read from their source so a new route is fuzzed too. */
function declaredRoutes(): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  for (const file of readdirSync(API_DIR).filter((f) => /Routes\.ts$/.test(f))) {
    const source = readFileSync(path.join(API_DIR, file), 'utf8');
    for (const m of source.matchAll(/\bapi\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)) {
      routes.push({ method: m[1]!.toUpperCase(), path: m[2]! });
    }
  }
  return routes;
}

/** Every body field name the schemas know, so wrong types land on real fields. */
function declaredFields(): string[] {
  const names = new Set<string>();
  // The request schemas live in the contract (packages/contract/src/requestSchemas.ts); a route file may declare its own.
  const files = [
    ...readdirSync(API_DIR).filter((f) => /(Schemas|schemas|Routes)\.ts$/.test(f)).map((f) => path.join(API_DIR, f)),
    CONTRACT_SCHEMAS,
  ];
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(\w+):\s*z\./g)) names.add(m[1]!);
  }
  // Finding none would make every body below field-less: the fuzz would test far less than it says.
  if (names.size < 20) throw new Error(`only ${names.size} body fields found in the request schemas; did they move?`);
  return [...names];
}

interface Fixture {
  workshopId: string;
  facilitatorToken: string;
  joinCode: string;
  participants: Array<{ id: string; token: string }>;
  otherToken: string;
}

function hostileValue(random: SeededRandom, depth = 0): unknown {
  switch (random.int(0, 13)) {
    case 0:
      return 'x'.repeat(random.chance(0.2) ? MB : 10_000); // huge strings (1 MB ones sparingly: they cost time)
    case 1:
      return random.pick([-1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 1, 99999999]);
    case 2:
      return random.pick(['', ' ', 'breakout', 'H', '<script>alert(1)</script>', '\u0000', '\ud800', '../../etc/passwd', '%00', 'null']);
    case 3:
      return null;
    case 4:
      return random.chance(0.5);
    case 5:
      return depth > 2 ? [] : Array.from({ length: random.int(0, 4) }, () => hostileValue(random, depth + 1));
    case 6:
      return depth > 2 ? {} : { [random.pick(['a', '__proto__', 'constructor', 'key'])]: hostileValue(random, depth + 1) };
    case 7:
      return Array.from({ length: 5000 }, (_, i) => i); // a long array
    case 8: {
      // deeply nested
      let v: unknown = 1;
      for (let i = 0; i < 2000; i++) v = [v];
      return v;
    }
    case 9:
      return random.int(-5, 200);
    case 10:
      return 'é'.repeat(random.int(100, 300));
    case 11:
      return { toString: 'x', valueOf: 1 };
    default:
      return String(random.int(0, 1e9));
  }
}

/** A hostile body: invalid JSON, wrong types on real fields, missing fields, huge strings. */
function hostileBody(random: SeededRandom, fields: string[]): { body?: string; contentType?: string } {
  switch (random.int(0, 7)) {
    case 0:
      return { body: random.pick(['{', '{"a":', '{"title":"x",}', "{'a':1}", 'nul', '\u0000', '[1,2', '{"a":1}}', '']), contentType: 'application/json' };
    case 1:
      return { body: random.pick(['null', '[]', '"text"', '123', 'true', '{}']), contentType: 'application/json' };
    case 2:
      return { body: JSON.stringify({ title: 'x', name: 'y', message: 'z', phase: 'breakout' }), contentType: random.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) };
    case 3:
      return { body: 'title=x&name=y', contentType: 'application/x-www-form-urlencoded' };
    case 4:
      return {};
    case 5: {
      const obj: Record<string, unknown> = {};
      const n = random.int(1, 4);
      for (let i = 0; i < n; i++) obj[random.pick(fields)] = hostileValue(random);
      return { body: JSON.stringify(obj), contentType: 'application/json' };
    }
    case 6:
      return { body: JSON.stringify({ [random.pick(fields)]: 'y'.repeat(random.chance(0.3) ? MB : 50_000) }), contentType: 'application/json' };
    default:
      return { body: '{"a":"' + 'z'.repeat(random.int(10, 2000)) + '"', contentType: 'application/json' };
  }
}

function hostileAuth(random: SeededRandom, f: Fixture): string | undefined {
  const valid = random.pick([f.facilitatorToken, f.participants[0]!.token, f.participants[1]!.token]);
  switch (random.int(0, 9)) {
    case 0:
      return undefined;
    case 1:
      return 'Bearer ';
    case 2:
      return `Basic ${Buffer.from('a:b').toString('base64')}`;
    case 3:
      return `Bearer ${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`; // tampered signature
    case 4:
      return `Bearer ${f.otherToken}`; // a token of another workshop
    case 5:
      return `Bearer ${'x'.repeat(random.int(1, 5000))}`;
    case 6:
      return `Bearer ${valid} extra`;
    default:
      return `Bearer ${valid}`;
  }
}

function fillPath(route: string, random: SeededRandom, f: Fixture): string {
  return route.replace(/:(\w+)/g, (_, param: string) => {
    const junk = random.pick(['0', '-1', 'abc', '%2E%2E', 'x'.repeat(300), '%F0%9F%92%A9', '99999999999999999999', '%00', 'null']);
    if (random.chance(0.3)) return junk;
    switch (param) {
      case 'id':
        return random.chance(0.85) ? f.workshopId : 'unknownWorkshop1';
      case 'pid':
        return random.pick([f.participants[0]!.id, 'p_unknown', 'poll_unknown']);
      case 'n':
        return random.pick(['1', '2', '1.5', '1e3']);
      case 'code':
        return random.pick([f.joinCode, 'ZZZZZZ']);
      default:
        return random.pick(['unknown', '1']);
    }
  });
}

/** What must not change when every mutating request was refused. */
async function observable(url: string, f: Fixture) {
  const state = (await api(url, 'GET', `/workshops/${f.workshopId}`, undefined, f.facilitatorToken)).body;
  const snapshots = (await api(url, 'GET', `/workshops/${f.workshopId}/snapshots`, undefined, f.facilitatorToken)).body;
  return { state: { ...state, serverNow: 0, workshop: { ...state.workshop, remainingMs: 0 } }, snapshots };
}

describe('seeded fuzzing of the API', () => {
  it(`${INPUTS} hostile requests over every declared route: never a 5xx, always the error shape, nothing changed`, async () => {
    const seed = seedFromEnv(777);
    const random = seededRandom(seed);
    const routes = declaredRoutes();
    const fields = declaredFields();
    expect(routes.length).toBeGreaterThan(15);
    // Requests without a verified token count against their address, and every request here comes
    // from 127.0.0.1: each one names its own address (through TRUST_PROXY), so validation answers
    // them, not the per-address rate limit (tested on its own in apiEdges.test.ts).
    const server = await startTestServer({ env: { TRUST_PROXY: 'x-forwarded-for' } });
    let requestNo = 0;
    const other = await createWorkshopWith(server.url, [], { rooms: 1 });

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let tried = 0;
    let verifiedBatches = 0;
    while (tried < INPUTS) {
      // A fresh workshop per batch: fresh tokens, so the per-token write limit is not what answers.
      const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1, suggestions: ['Share information'] });
      await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
      const f: Fixture = { ...w, otherToken: other.facilitatorToken };
      const before = await observable(server.url, f);
      let changedLegitimately = false;

      const batch = Array.from({ length: Math.min(BATCH, INPUTS - tried) }, () => {
        const route = random.chance(0.05) ? { method: random.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']), path: random.pick(routes).path } : random.pick(routes);
        const query = route.method === 'GET' && random.chance(0.3) ? `?${random.pick(['format=exe', 'format=', 'format=csv&format=json', 'a=b', 'from=x&to=y', 'format=%00'])}` : '';
        const { body, contentType } = route.method === 'GET' ? {} : hostileBody(random, fields);
        return { method: route.method, route: route.path, url: `${server.url}/api${fillPath(route.path, random, f)}${query}`, body, contentType, auth: hostileAuth(random, f) };
      });
      tried += batch.length;
      // A few at a time: realistic concurrency without turning the fuzz into a load test.
      for (let i = 0; i < batch.length; i += 8) {
        await Promise.all(
          batch.slice(i, i + 8).map(async (req) => {
            const res = await fetch(req.url, {
              method: req.method,
              headers: {
                'x-forwarded-for': `10.${(++requestNo >> 8) & 255}.${requestNo & 255}.1`,
                ...(req.contentType ? { 'content-type': req.contentType } : {}),
                ...(req.auth !== undefined ? { authorization: req.auth } : {}),
              },
              body: req.body,
            });
            const text = await res.text();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const what = `${req.method} ${req.route} (${req.url.length > 160 ? req.url.slice(0, 160) + '…' : req.url}) body ${String(req.body).slice(0, 80)}`;
            if (res.status >= 500) failures.push(`${res.status} for ${what}: ${text.slice(0, 200)}`);
            if (res.status >= 400) {
              let parsed: { error?: { code?: unknown; message?: unknown } } | null = null;
              try {
                parsed = JSON.parse(text);
              } catch {
                // reported below
              }
              const ok = parsed && typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string' && parsed.error.message.length > 0;
              if (!ok) failures.push(`${res.status} without the error shape for ${what}: ${text.slice(0, 200)}`);
            } else if (req.method !== 'GET') {
              changedLegitimately = true; // e.g. a body-less POST snapshot with the facilitator's token
            }
          }),
        );
      }
      if (!changedLegitimately) {
        expect(await observable(server.url, f), `workshop changed by refused requests (seed ${seed})`).toEqual(before);
        verifiedBatches++;
      }
    }

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ');
    console.log(`[fuzz.api] seed ${seed}: ${tried} requests over ${routes.length} routes; statuses ${summary}; ${verifiedBatches} batches verified unchanged`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(verifiedBatches).toBeGreaterThan(0);
  }, 60_000);
});
