import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './children';

/** Where the bench keeps what it compiles (gitignored). */
export const BENCH_BUILD_DIR = path.join(REPO_ROOT, 'test/bench/.build');

/** The server-process harness as plain JavaScript, and the Roomtable bundle it loads. */
export interface BuiltServers {
  /** test/bench/.build/serverProcess.mjs: every server kind, started by `node` without tsx */
  harness: string;
  /** apps/server/dist/index.mjs: Roomtable exactly as `npm start` ships it */
  roomtable: string;
}

/**
 * Every server runs as plain JavaScript, none under tsx: the peers straight from node_modules,
 * Roomtable from the bundle `apps/server/build.mjs` makes for `npm start`. Memory and CPU are
 * then compared without a TypeScript loader thread in any of them.
 */
export async function buildServers(): Promise<BuiltServers> {
  const r = spawnSync(process.execPath, ['build.mjs'], { cwd: path.join(REPO_ROOT, 'apps/server'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the server failed:\n${r.stdout}\n${r.stderr}`);
  const harness = path.join(BENCH_BUILD_DIR, 'serverProcess.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'test/bench/serverProcess.ts')],
    outfile: harness,
    bundle: true,
    // The peers load from node_modules as published; Roomtable's bundle is imported by path.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return { harness, roomtable: path.join(REPO_ROOT, 'apps/server/dist/index.mjs') };
}
