import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_BYTES } from '../bench/webInitialJs';
import { startTestServer } from '../helpers/testServer';

// The web app as `npm start` serves it: the build in apps/web/dist (made by `pnpm run build`
// before the tests), precompressed by apps/web/scripts/precompress.mjs.
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/web/dist');
const indexHtml = () => readFileSync(path.join(DIST, 'index.html'), 'utf8');
/** The scripts a first visit downloads: the entry and what it preloads. */
const initialScripts = () => [...indexHtml().matchAll(/"(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);

async function get(url: string, acceptEncoding: string) {
  const res = await fetch(url, { headers: { 'accept-encoding': acceptEncoding } });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('static assets for venue Wi-Fi (issue 18 item 4)', () => {
  it('hashed assets go out precompressed as negotiated, with immutable caching', async () => {
    const server = await startTestServer({ env: { WEB_DIST: DIST } });
    const entry = initialScripts()[0]!;
    const original = readFileSync(path.join(DIST, entry));

    const br = await get(`${server.url}${entry}`, 'gzip, deflate, br');
    expect(br.res.status).toBe(200);
    expect(br.res.headers.get('content-encoding')).toBe('br');
    expect(br.res.headers.get('vary')).toContain('Accept-Encoding');
    expect(br.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.res.headers.get('content-type')).toMatch(/javascript/);
    // fetch decodes the body itself: what arrived decodes to the file, in under half its bytes.
    expect(Number(br.res.headers.get('content-length'))).toBeLessThan(original.length / 2);
    expect(br.body.equals(original)).toBe(true);
    expect(brotliDecompressSync(readFileSync(path.join(DIST, `${entry}.br`))).equals(original)).toBe(true);

    const gz = await get(`${server.url}${entry}`, 'gzip');
    expect(gz.res.headers.get('content-encoding')).toBe('gzip');
    expect(gz.body.equals(original)).toBe(true);
    expect(Number(gz.res.headers.get('content-length'))).toBe(readFileSync(path.join(DIST, `${entry}.gz`)).length);
    expect(gunzipSync(readFileSync(path.join(DIST, `${entry}.gz`))).equals(original)).toBe(true);

    const plain = await get(`${server.url}${entry}`, 'identity');
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('the page itself is revalidated on every load, at its own path and at every app route', async () => {
    const server = await startTestServer({ env: { WEB_DIST: DIST } });
    for (const route of ['/', '/w/some-workshop/facilitate', '/join/ABC123']) {
      const { res, body } = await get(`${server.url}${route}`, 'identity');
      expect(res.status, route).toBe(200);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
      expect(body.toString('utf8'), route).toContain('<div id="root">');
    }
  });

  it("a participant's workshop page asks for its page's chunks and the room's editor with the entry, not after it ran", async () => {
    const server = await startTestServer({ env: { WEB_DIST: DIST } });
    const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="(\/assets\/[^"]+\.js)">/g)].map((m) => m[1]!);
    const home = preloads((await get(`${server.url}/`, 'identity')).body.toString('utf8'));
    const workshop = (await get(`${server.url}/w/some-workshop`, 'identity')).body.toString('utf8');
    const extra = preloads(workshop).filter((file) => !home.includes(file));
    // Only ProseMirror's view carries this class name: that chunk is the editor's.
    const editorChunks = (files: string[]) => files.filter((file) => readFileSync(path.join(DIST, file), 'utf8').includes('ProseMirror-hideselection'));
    const editor = editorChunks(extra);
    expect(editor).toHaveLength(1);
    expect(extra.some((file) => /\/WorkshopPage-[\w-]+\.js$/.test(file))).toBe(true);
    expect(workshop).toContain('<div id="root">');
    // Every preload of every route is a script of the build (a missing file would get the app's HTML).
    for (const route of ['/w/x', '/w/x/room/1', '/w/x/plenary', '/w/x/facilitate', '/w/x/screen', '/w/x/review', '/w/x/print']) {
      const files = preloads((await get(`${server.url}${route}`, 'identity')).body.toString('utf8'));
      expect(files.length, route).toBeGreaterThan(home.length);
      for (const file of files) expect((await get(`${server.url}${file}`, 'gzip')).res.headers.get('content-type'), `${route} ${file}`).toMatch(/javascript/);
    }
    // The plenary gets its own page's chunks; the home and join pages only what index.html has.
    const plenaryHtml = (await get(`${server.url}/w/some-workshop/plenary`, 'identity')).body.toString('utf8');
    const plenary = preloads(plenaryHtml);
    expect(plenary.some((file) => /\/PlenaryPage-[\w-]+\.js$/.test(file))).toBe(true);
    // Not the editor: the report reads without it, and only the notes load it, after.
    expect(editorChunks(plenary)).toEqual([]);
    // Its stylesheets come with the scripts (Vite's loader would ask for them only once those ran).
    const styles = [...plenaryHtml.matchAll(/<link rel="preload" as="style" crossorigin href="(\/assets\/[^"]+\.css)">/g)].map((m) => m[1]!);
    expect(styles.some((file) => /\/plenary-[\w-]+\.css$/.test(file))).toBe(true);
    for (const file of styles) expect((await get(`${server.url}${file}`, 'gzip')).res.headers.get('content-type'), file).toMatch(/text\/css/);
    expect(preloads((await get(`${server.url}/join/ABC123`, 'identity')).body.toString('utf8'))).toEqual(home);
  });

  it('a first visit downloads English only: the other five catalogues are chunks of their own', () => {
    const initial = initialScripts().map((file) => readFileSync(path.join(DIST, file), 'utf8')).join('\n');
    const en = JSON.parse(readFileSync(path.resolve(DIST, '../src/i18n/en.json'), 'utf8')) as Record<string, string>;
    for (const language of ['fr', 'es', 'ar', 'zh', 'ru']) {
      const catalogue = JSON.parse(readFileSync(path.resolve(DIST, `../src/i18n/${language}.json`), 'utf8')) as Record<string, string>;
      // A few long translations that English does not share: none may ship in the first download.
      const own = Object.entries(catalogue)
        .filter(([key, text]) => text.length > 24 && text !== en[key])
        .slice(0, 5)
        .map(([, text]) => JSON.stringify(text).slice(1, -1));
      expect(own.length, language).toBeGreaterThan(0);
      for (const text of own) expect(initial.includes(text), `${language}: "${text}"`).toBe(false);
    }
  });

  it('a first visit downloads no Yjs and stays within its budget (120 KB gzip)', () => {
    // The home and join pages need neither the live documents nor the board: without
    // "sideEffects": false in packages/core, one import of LIMITS from the domain's index kept
    // its board modules, and Yjs with them, in the first download (140.9 KiB gzip, 2026-12-03).
    const initial = initialScripts().map((file) => readFileSync(path.join(DIST, file)));
    for (const [i, script] of initial.entries()) expect(script.includes('Yjs was already imported'), initialScripts()[i]).toBe(false);
    const gzipBytes = initial.reduce((sum, script) => sum + gzipSync(script, { level: 9 }).byteLength, 0);
    expect(gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });
});
