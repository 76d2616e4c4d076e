// The crash loop as a script (`npm run bench:crash`): SIGKILL server processes at random moments
// under heavy editing and count, per backend, the acknowledged updates the first read of storage
// after each kill does not hold. Prints figures; asserts nothing (the test is
// test/integration/crash.test.ts, with fewer kills).
import { parseArgs } from 'node:util';
import { postgresCrashBackend, sqliteCrashBackend, type ClosableCrashBackend } from '../helpers/crashBackends';
import { runCrashRounds, type CrashFigures } from '../helpers/crashRounds';
import { spawnServerProcess, type ServerProcessOptions } from '../helpers/serverProcess';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    backends: { type: 'string', default: 'sqlite,postgres' },
    seed: { type: 'string', default: '20260509' },
    clients: { type: 'string', default: '3' },
    'compact-threshold': { type: 'string' },
    'flush-delay': { type: 'string' },
    double: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`tsx test/bench/crash.ts [--rounds 50] [--backends sqlite,postgres] [--seed N] [--clients 3]
  [--compact-threshold N] [--flush-delay MS] [--double]

  --rounds N      kill rounds per backend (one kill each; with --double, every process of the cluster)
  --clients N     editors per server process (PostgreSQL runs two processes)
  --double        PostgreSQL: kill both processes each round, the second a moment after the first`);
  process.exit(0);
}

const cleanups: Array<() => Promise<void>> = [];
const start = (options: ServerProcessOptions) => spawnServerProcess(options, (cleanup) => cleanups.push(cleanup));
const env: Record<string, string> = {};
if (values['compact-threshold']) env.COMPACT_THRESHOLD = values['compact-threshold'];
if (values['flush-delay']) env.FLUSH_DELAY_MS = values['flush-delay'];

const results: CrashFigures[] = [];
try {
  for (const name of values.backends.split(',')) {
    let backend: ClosableCrashBackend;
    if (name === 'sqlite') backend = sqliteCrashBackend(start, env);
    else if (name === 'postgres') backend = await postgresCrashBackend(start, 2, env);
    else throw new Error(`unknown backend "${name}" (sqlite, postgres)`);
    try {
      results.push(
        await runCrashRounds(backend, {
          rounds: Number(values.rounds),
          seed: Number(values.seed),
          clientsPerProcess: Number(values.clients),
          killAll: values.double && backend.processes > 1,
          log: (line) => console.log(line),
        }),
      );
    } finally {
      await backend.close();
    }
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}

console.log(`\n| backend | rounds | kills | acknowledged | lost at first read | lost when served | lost at the end | integrity failures |`);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const f of results) {
  console.log(`| ${f.backend} | ${f.rounds} | ${f.kills} | ${f.acknowledged} | ${f.lost} | ${f.lostServed} | ${f.lostAtEnd} | ${f.integrityFailures} |`);
  if (f.examples.length > 0) console.log(`  e.g. ${f.examples.join(', ')}`);
}
