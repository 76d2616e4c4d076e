import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeFlags } from '../helpers/serverNodeFlags';
import type { BuiltServers } from './buildServers';
import { READY_PREFIX, type ServerKind } from './options';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: children run from here so `--import tsx` resolves. */
export const REPO_ROOT = path.resolve(HERE, '../..');

const live = new Set<ChildProcess>();

/** Kills every child still running, at once (used on exit and on errors). */
export function killAllNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

/** Runs a bench's `main`: exits 0 when it is done; on an error prints it, kills every child, exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      killAllNow();
      process.exit(1);
    },
  );
}

/** Kills `child` with the others when the bench stops (killAllNow). */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** Resolves true once the child has exited, false if it is still running after `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A server under test in its own process. */
export interface ServerChild {
  kind: ServerKind;
  pid: number;
  port: number;
  child: ChildProcess;
  /** the last lines it wrote to stderr, for error reports */
  log(): string;
}

/**
 * Starts the built harness (`buildServers`) as `node serverProcess.mjs <kind>` — plain Node, no
 * tsx — and waits for its READY line. Roomtable runs from the bundle npm start ships.
 */
export async function startServerChild(
  kind: ServerKind,
  env: Record<string, string>,
  cpuProfDir: string | null,
  built: BuiltServers,
  timeoutMs = 30_000,
): Promise<ServerChild> {
  // One folder per server: every thread with a V8 isolate writes its own profile there.
  const profArgs = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(cpuProfDir, kind)}`] : [];
  // Roomtable with the flags npm start gives it (its young generation's size among them); the
  // peers as their own bins start them, with none.
  // BENCH_ROOMTABLE_NODE_FLAGS="--max-semi-space-size=16" compares another setting without editing the start script.
  const override = process.env.BENCH_ROOMTABLE_NODE_FLAGS;
  const nodeFlags = kind === 'roomtable' ? (override !== undefined ? override.split(/\s+/).filter(Boolean) : serverNodeFlags()) : [];
  const child = track(
    spawn(process.execPath, [...nodeFlags, ...profArgs, built.harness, kind], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, ROOMTABLE_BUNDLE: built.roomtable, NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const log = () => stderr;
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${kind} did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY_PREFIX.length)) as { port: number; pid: number });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code} before it listened\n${stderr}`));
    });
  });
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  return { kind, pid: ready.pid, port: ready.port, child, log };
}

/** Forks a load generator process (IPC channel for commands and results). */
export function forkLoadWorker(): ChildProcess {
  return track(
    fork(path.join(HERE, 'loadWorker.ts'), [], {
      cwd: REPO_ROOT,
      // BENCH_WORKER_PROF=dir profiles the load generator itself (is it the bottleneck?).
      execArgv: [
        ...(process.env.BENCH_WORKER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROF}`] : []),
        // Hundreds of docs churn short-lived objects: a larger young generation cuts scavenges.
        '--max-semi-space-size=32',
        '--import',
        'tsx',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    }),
  );
}
