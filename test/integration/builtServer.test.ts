import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { roomDocName } from '@roomtable/core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { freshTarget, TEST_DATABASE_URL } from '../helpers/cluster';
import { connectSaveCheckClient } from '../helpers/saveCheckClient';
import { startServerProcess } from '../helpers/serverProcess';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';

// `npm start` runs the bundle `apps/server/build.mjs` makes, with plain Node: these tests build
// a private copy from the current sources and run it, so what ships is what is tested.
const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/server');
const outdir = path.join(SERVER_DIR, `dist-test-${process.pid}`);
const main = path.join(outdir, 'main.mjs');

beforeAll(() => {
  const r = spawnSync(process.execPath, ['build.mjs', '--outdir', outdir], { cwd: SERVER_DIR, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the server build failed:\n${r.stdout}\n${r.stderr}`);
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Creates a one-room workshop in its break-out, writes a marker and waits until it is saved. */
async function saveMarker(url: string, wsUrl: string, marker: string) {
  const w = await createWorkshopWith(url, ['Ana'], { rooms: 1 });
  await startBreakout(url, w.workshopId, w.facilitatorToken, 's');
  const docName = roomDocName(w.workshopId, 1);
  const client = connectSaveCheckClient(wsUrl, docName, w.participants[0]!.token);
  await client.synced;
  addMarker(client.doc, marker);
  expect(await client.saveCheck()).toBe(true);
  client.close();
  return { docName, token: w.participants[0]!.token };
}

/** Connects again and returns the markers the server has for the document. */
async function readMarkers(wsUrl: string, docName: string, token: string): Promise<string[]> {
  const client = connectSaveCheckClient(wsUrl, docName, token);
  await client.synced;
  const markers = markersIn(client.doc);
  client.close();
  return markers;
}

describe('the built server (what npm start runs)', () => {
  /** Every module file of the build: the entries, their chunks, the SQLite worker. */
  const modules = () => readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));

  it('holds none of zod\'s 64 message locales (a `{ z }` import kept them all: 590 KB of the bundle)', () => {
    const bundle = modules().map((f) => readFileSync(path.join(outdir, f), 'utf8')).join('\n');
    expect(bundle).not.toMatch(/zod\/v4\/locales\/(?!en\.js)/);
    expect(bundle.length).toBeLessThan(2_000_000);
  });

  it('is ASCII only, so V8 keeps each module\'s source as a one-byte string (half the heap of a two-byte one)', () => {
    for (const file of modules()) {
      const source = readFileSync(path.join(outdir, file), 'utf8');
      expect(source.match(/[\u0080-\uffff][^\n]{0,40}/g) ?? [], file).toEqual([]);
    }
  });

  it('maps a stack trace to the sources without carrying them (npm start\'s --enable-source-maps held every source: 13 MiB of RSS)', () => {
    for (const file of readdirSync(outdir).filter((f) => f.endsWith('.mjs.map'))) {
      expect(JSON.parse(readFileSync(path.join(outdir, file), 'utf8')).sourcesContent, file).toBeUndefined();
    }
    const script = `import(${JSON.stringify(pathToFileURL(path.join(outdir, 'index.mjs')).href)}).then((m) => { try { m.readConfig({ SYNC_BUDGETS: 'maybe' }); } catch (e) { console.log(e.stack); } })`;
    const r = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stdout).toContain('SYNC_BUDGETS must be');
    expect(r.stdout).toMatch(/apps\/server\/src\/config\.ts:\d+:\d+/);
  });

  it('on SQLite alone, loads no code of pg or ioredis', async () => {
    // A resolve hook logs every module the process loads; the drivers are bundled, so what is
    // looked for is their code in those files (a message of each that survives minifying).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-loaded-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'loaded.txt');
    writeFileSync(
      path.join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
    );
    writeFileSync(path.join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
    const server = await startServerProcess({ built: main, env: { NODE_OPTIONS: `--import=${pathToFileURL(path.join(dir, 'register.mjs')).href}` } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const loaded = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:') && u.endsWith('.mjs'));
    expect(loaded).toContain(pathToFileURL(main).href);
    // V8 keeps each module's source for the life of the process: minified, what a SQLite server
    // loads (the SQLite worker's bundle too) is 0.85 MB; 1.34 MB with whitespace and comments.
    const bytes = loaded.reduce((n, url) => n + readFileSync(fileURLToPath(url)).length, 0);
    expect(bytes).toBeLessThan(1_000_000);
    for (const url of loaded) {
      const source = readFileSync(fileURLToPath(url), 'utf8');
      expect(source, url).not.toContain('Client was closed and is not queryable');
      expect(source, url).not.toContain('maxRetriesPerRequest');
    }
  });

  it('serves the web app and the API, and keeps a saved edit through kill -9 on SQLite (its worker bundled too)', async () => {
    const web = mkdtempSync(path.join(os.tmpdir(), 'roomtable-web-'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Roomtable</title><div id="root"></div>');
    let server = await startServerProcess({ built: main, env: { WEB_DIST: web } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const page = await fetch(`${server.url}/w/any/facilitate`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const saved = await saveMarker(server.url, server.wsUrl, 'kept');
    expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');
    server = await startServerProcess({ built: main, dataDir: server.dataDir, env: { WEB_DIST: web } });
    expect(await readMarkers(server.wsUrl, saved.docName, saved.token)).toEqual(['kept']);
    rmSync(web, { recursive: true, force: true });
  });

  it('runs on PostgreSQL and Redis with the bundled drivers', async () => {
    const target = freshTarget();
    const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: target.schema, REDIS_URL: target.redisUrl, REDIS_PREFIX: target.redisPrefix };
    const start = async () => {
      const server = await startServerProcess({ built: main, env });
      // Before the schema is dropped, whatever happened.
      onTestFinished(() => server.kill('SIGKILL').then(() => undefined));
      return server;
    };
    let server = await start();
    expect(server.output()).toContain('PostgreSQL');
    const saved = await saveMarker(server.url, server.wsUrl, 'in postgres');
    expect((await server.kill('SIGTERM')).code).toBe(0);
    server = await start();
    expect(await readMarkers(server.wsUrl, saved.docName, saved.token)).toEqual(['in postgres']);
  });
});
