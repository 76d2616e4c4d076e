import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSizeSync } from 'gzip-size';
import { REPO_ROOT } from './children';

/** Issue 18 item 4: what a phone downloads before the first screen, gzip. */
export const INITIAL_JS_BUDGET_BYTES = 120_000;

/** The JavaScript apps/web/dist/index.html loads before anything renders. */
export interface InitialJs {
  files: number;
  rawKiB: number;
  gzipKiB: number;
}

/**
 * The JavaScript apps/web/dist/index.html loads before the first screen: its entry script and
 * every `modulepreload` (the browser fetches all of them at once, before the app runs). Chunks
 * fetched later (lazy pages, prefetched on idle; a catalogue other than English) do not count.
 * Sizes are gzip at level 9 per file, as served by the precompressed assets. Null when the web app
 * is not built.
 */
export function webInitialJs(build: boolean, dist = path.join(REPO_ROOT, 'apps/web/dist')): InitialJs | null {
  if (build) {
    const r = spawnSync(process.execPath, ['scripts/pnpm.mjs', '--filter', '@roomtable/web', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('web build failed');
  }
  const indexFile = path.join(dist, 'index.html');
  if (!existsSync(indexFile)) return null;
  const html = readFileSync(indexFile, 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) srcs.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) srcs.add(m[1]!);
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    if (/^https?:/.test(src)) continue;
    const bytes = readFileSync(path.join(dist, src.replace(/^\//, '')));
    raw += bytes.byteLength;
    gz += gzipSizeSync(bytes);
  }
  return { files: srcs.size, rawKiB: raw / 1024, gzipKiB: gz / 1024 };
}
