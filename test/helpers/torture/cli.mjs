// `npm run torture -- --seeds 200 [--first 1] [--people 3]`: more torture seeds than CI runs
// (test/e2e/tableTorture.test.ts), against the built web app (run `pnpm run build` first).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a whole number of at least 1; got "${args[at + 1] ?? ''}"`);
    process.exit(2);
  }
  return value;
};
const seeds = option('seeds', 20);
const first = option('first', 1);
const people = option('people', 3);
if (people > 4) {
  console.error('--people may be at most 4');
  process.exit(2);
}
console.log(`torture: seeds ${first}..${first + seeds - 1}, ${people} people each`);
const run = spawnSync('npx', ['vitest', 'run', 'test/e2e/tableTorture.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, TORTURE_SEEDS: String(seeds), TORTURE_FIRST_SEED: String(first), TORTURE_PEOPLE: String(people) },
});
process.exit(run.status ?? 1);
