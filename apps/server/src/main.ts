import { readConfig } from './config';
import { startServer } from './createServer';

// The process entry: configuration from the environment, graceful stop on SIGTERM/SIGINT.
const config = readConfig();
const server = await startServer(config).catch((err: unknown) => {
  console.error(`Roomtable could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
console.log(`Roomtable is running at ${server.url} (data in ${config.dataDir})`);

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
