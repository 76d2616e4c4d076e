import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { serverNodeFlags } from './serverNodeFlags';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');
// `--import tsx` resolves from the repository root, where pnpm hoists tsx.

/** A real server in its own process (so it can be killed for real), with what tests need. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** What {@link spawnServerProcess} is told. */
export interface ServerProcessOptions {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** run this built bundle (`apps/server/build.mjs` output: its main.mjs) with plain Node instead of the sources */
  built?: string;
  /** a command that runs Node for us, e.g. `['prlimit', '--nofile=256:256', '--']` (it must exec, keeping the pid) */
  wrap?: string[];
}

/**
 * Spawns `apps/server/src/main.ts` under tsx (or a built bundle) with its own data folder (or the one given, to
 * restart on it) and resolves once it prints the address it listens on. The process is killed
 * and a folder it created removed when the test ends.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  let dispose: () => Promise<void> = async () => {};
  onTestFinished(() => dispose());
  return spawnServerProcess(options, (cleanup) => (dispose = cleanup));
}

/**
 * {@link startServerProcess} without test hooks, for scripts (`test/bench/crash.ts`): `onCleanup`
 * receives the function that kills the process and removes a folder it created; call it when done.
 */
export async function spawnServerProcess(
  options: ServerProcessOptions = {},
  onCleanup: (cleanup: () => Promise<void>) => void = () => undefined,
): Promise<ServerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'roomtable-proc-'));
  const args = options.built ? [...serverNodeFlags(), options.built] : ['--import', 'tsx', MAIN];
  const [command, ...wrapArgs] = [...(options.wrap ?? []), process.execPath];
  const child = spawn(command!, [...wrapArgs, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${options.timeoutMs ?? 15000} ms:\n${log}`)), options.timeoutMs ?? 15000);
    const onData = () => {
      const match = /Roomtable is running at (http:\/\/\S+)/.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before it started:\n${log}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    child,
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/sync`,
    port,
    dataDir,
    output: () => log,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
