import { readConfig } from './config';
import { startServer } from './createServer';

// The process entry: configuration from the environment, graceful stop on SIGTERM/SIGINT.
const config = readConfig();
const server = await startServer(config).catch((err: unknown) => {
  console.error(`Roomtable could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
const dataIn = config.databaseUrl ? `PostgreSQL, schema ${config.databaseSchema}` : config.dataDir;
const fanOut = config.redisUrl ? `; sharing documents with other processes through Redis, prefix ${config.redisPrefix}` : '';
const { soft, raisedFrom, inUse, note } = server.descriptors;
const limit = soft === null ? 'unknown' : String(soft);
const raised = raisedFrom === null ? '' : `, raised from ${raisedFrom}`;
console.log(`Roomtable can hold ${server.connectionCapacity} connections (open-file limit ${limit}${raised}; ${inUse ?? 'unknown'} in use at start)`);
if (note) console.warn(`Roomtable: the open-file limit was not raised: ${note}.`);
console.log(`Roomtable is running at ${server.url} (data in ${dataIn}${fanOut})`);

// A stray rejected promise in one connection's handler must not take every live workshop down
// with it (Node exits on an unhandled rejection by default); log it loudly and keep serving.
process.on('unhandledRejection', (reason: unknown) => {
  console.error('[server] unhandled rejection (kept running):', reason);
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: saving every document and closing connections…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
