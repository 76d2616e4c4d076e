// Builds the server for production: one ES module for the process and one for the SQLite
// worker, so `npm start` runs plain Node — no TypeScript loader thread, no transpiling at start.
// Native and optional native modules stay outside the bundle and load from node_modules.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// `--outdir DIR` (tests build a private copy); it must sit inside apps/server so that the
// external modules resolve from apps/server/node_modules.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(here, 'dist');
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // `npm start` runs with --enable-source-maps, which holds each map in memory: with the sources
  // inside them that was 13 MiB of RSS; traces need only the mappings (file:line:column).
  sourcesContent: false,
  // Whitespace and comments out, names kept: V8 holds every module's source for as long as it runs,
  // and the shorter code is 3 MiB less RSS at start (bench:memory). Traces go through the maps.
  minifyWhitespace: true,
  minifySyntax: true,
  outdir,
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS dependencies call require(); an ES module has to provide it.
  banner: { js: "import { createRequire as __roomtableRequire } from 'node:module'; const require = __roomtableRequire(import.meta.url);" },
  logLevel: 'warning',
  write: false,
};

/**
 * Writes what esbuild built. esbuild escapes non-ASCII text in code (charset ascii) but keeps
 * the comments it keeps (legal comments; all of them unminified) as written, and one em dash or
 * arrow in a comment makes V8 hold the whole module's source as a two-byte string: 3.4 MiB of
 * heap for the server bundle instead of 1.7. Comments are the only place such characters are
 * left, so each becomes `?` (one per UTF-16 unit, so the source map's columns still match).
 */
function writeOutputs(result) {
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const text = file.path.endsWith('.mjs') ? file.text.replace(/[\u0080-\uffff]/g, '?') : file.contents;
    writeFileSync(file.path, text);
  }
}

// main: the process `npm start` runs; index: the same server as a module (startServer,
// readConfig), for the load benchmark to run what ships. Split into chunks so that what the
// server imports only when configured (pg, ioredis) is a file of its own, read only then. The
// chunks sit beside the entries: SqliteStorage finds its worker next to its own module.
writeOutputs(await build({ ...common, splitting: true, chunkNames: '[name]-[hash]', entryPoints: { main: path.join(here, 'src/main.ts'), index: path.join(here, 'src/index.ts') } }));
// SqliteStorage starts its worker from `./sqliteWorkerEntry.mjs` next to its own module: in the
// bundle that is dist/, so the bundled worker takes that name (in the sources it is a small file
// that registers tsx first).
writeOutputs(await build({ ...common, entryPoints: { sqliteWorkerEntry: path.join(here, '../../packages/sync/src/sqliteWorker.ts') } }));
console.log(`server built into ${path.relative(process.cwd(), outdir) || '.'}`);
