import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/server/package.json');

/**
 * The Node flags `npm start` gives the server (apps/server/package.json's `start`: `node <flags>
 * dist/main.mjs`), so that tests and benchmarks run the bundle the way it ships. The script is
 * the one place they are written; scripts/cluster.mjs reads them the same way.
 */
export function serverNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.mjs') throw new Error(`apps/server's start script is not "node <flags> dist/main.mjs": ${start}`);
  return words.slice(1, -1);
}
