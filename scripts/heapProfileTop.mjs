// Summarises a V8 sampling heap profile (.heapprofile, from the bench's BENCH_ALLOC_PROFILE or
// DevTools): the functions that allocated most themselves, and most with their callees.
// Usage: node scripts/heapProfileTop.mjs FILE [--top 30] [--per N] [--callers NAME]
//   --per N: divide by N (e.g. the timed edits); --callers NAME: the call paths (4 frames up) into
//   the function NAME's own allocations, heaviest first.
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/heapProfileTop.mjs FILE [--top 30] [--per N]');
  process.exit(2);
}
const opt = (name, fallback) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : fallback);
const top = opt('--top', 30);
const per = opt('--per', 1);
const callersOf = rest.includes('--callers') ? rest[rest.indexOf('--callers') + 1] : null;
const { head } = JSON.parse(readFileSync(file, 'utf8'));
const paths = new Map();

const self = new Map();
const inclusive = new Map();
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
function walk(node, stack) {
  const key = label(node);
  const own = node.selfSize;
  if (callersOf !== null && node.callFrame.functionName === callersOf && own > 0) {
    const where = [...stack.slice(-4), key].join(' < ');
    paths.set(where, (paths.get(where) ?? 0) + own);
  }
  self.set(key, (self.get(key) ?? 0) + own);
  let total = own;
  const seen = new Set(stack);
  for (const child of node.children) total += walk(child, [...stack, key]);
  // Recursion counts a frame once.
  if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + total);
  return total;
}
const all = walk(head, []);
const fmt = (bytes) => (per === 1 ? `${(bytes / 2 ** 20).toFixed(1).padStart(8)} MiB` : `${(bytes / per).toFixed(0).padStart(8)} B`);
console.log(`# ${file}: ${(all / 2 ** 20).toFixed(1)} MiB sampled${per === 1 ? '' : `, ${(all / per).toFixed(0)} B per unit (/${per})`}`);
const tables = callersOf === null ? [['self', self], ['inclusive', inclusive]] : [[`paths into ${callersOf}`, paths]];
for (const [title, map] of tables) {
  console.log(`## ${title}`);
  for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${fmt(bytes)} ${((bytes / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}
