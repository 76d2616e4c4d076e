// Summarises V8 .cpuprofile files (from `node --cpu-prof`): the functions with the most self
// time, and the most inclusive time, so a benchmark's profile can be read without DevTools.
// Usage: node scripts/cpuProfileTop.mjs DIR_OR_FILE [--top 25] [--last SECONDS] [--callers NAME]
// --callers NAME: the call paths (4 frames up) into the function NAME's self time, heaviest first.
// --last S: only the samples of the profile's last S seconds (a bench's timed window is its end).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const [target = '.', ...rest] = process.argv.slice(2);
const top = Number(rest[rest.indexOf('--top') + 1]) || 25;
const callersOf = rest.includes('--callers') ? rest[rest.indexOf('--callers') + 1] : null;
const lastUs = rest.includes('--last') ? Number(rest[rest.indexOf('--last') + 1]) * 1e6 : Infinity;

function files(p) {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p, { recursive: true })
    .map((f) => path.join(p, String(f)))
    .filter((f) => f.endsWith('.cpuprofile'));
}

for (const file of files(target)) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const dt = profile.timeDeltas;
  // Each sample's time is the gap until the next sample.
  const span = dt.reduce((a, b) => a + b, 0);
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += dt[i] ?? 0;
    if (span - at > lastUs) continue;
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (dt[i + 1] ?? 0));
  }
  const label = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const selfBy = new Map();
  const totalBy = new Map();
  let total = 0;
  for (const [id, us] of self) {
    total += us;
    const key = label(byId.get(id));
    selfBy.set(key, (selfBy.get(key) ?? 0) + us);
    // Inclusive: count each ancestor label once per sample.
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + us);
    }
  }
  const busy = total - (selfBy.get('(idle)') ?? 0) - (selfBy.get('(program)') ?? 0) * 0;
  console.log(`\n# ${file}: ${(total / 1e3).toFixed(0)} ms sampled, ${(busy / 1e3).toFixed(0)} ms not idle`);
  const show = (m, title) => {
    console.log(`## ${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      if (k.startsWith('(idle)')) continue;
      console.log(`${(us / 1e3).toFixed(1).padStart(9)} ms  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  if (callersOf !== null) {
    const paths = new Map();
    for (const [id, us] of self) {
      const node = byId.get(id);
      if (node.callFrame.functionName !== callersOf) continue;
      const chain = [];
      for (let cur = id; cur !== undefined && chain.length < 5; cur = parent.get(cur)) chain.unshift(label(byId.get(cur)));
      const key = chain.join(' < ');
      paths.set(key, (paths.get(key) ?? 0) + us);
    }
    show(paths, `paths into ${callersOf}`);
    continue;
  }
  show(selfBy, 'self time');
  show(totalBy, 'inclusive time');
}
