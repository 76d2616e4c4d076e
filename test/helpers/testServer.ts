import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig, startServer, type RunningServer, type ServerOptions } from '@roomtable/server';
import { onTestFinished } from 'vitest';

/** A real server on port 0 with its own data folder, and what tests need to talk to it. */
export interface TestServer extends RunningServer {
  dataDir: string;
  wsUrl: string;
  /** Stops this server and starts a new one on the same data folder (a restart). */
  restart(): Promise<TestServer>;
}

/**
 * Starts a quiet server on a random port with a fresh data folder; it is closed (and the folder
 * removed) when the test ends, so tests never share state.
 */
export async function startTestServer(
  options: ServerOptions & { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'roomtable-test-'));
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: '', ...options.env });
  const server = await startServer(config, options);
  let removeDir = options.dataDir === undefined;
  onTestFinished(async () => {
    await server.close();
    if (removeDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    ...server,
    dataDir,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
    async restart() {
      removeDir = false;
      await server.close();
      return startTestServer({ ...options, dataDir });
    },
  };
}
