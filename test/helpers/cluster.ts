import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { onTestFinished } from 'vitest';
import { startServerProcess, type ServerProcess } from './serverProcess';

/** The PostgreSQL the tests use (CI starts one locally: `.ci/run`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The shared Redis the tests use. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Where a cluster of server processes keeps its data: a fresh PostgreSQL schema and Redis key prefix. */
export interface ClusterTarget {
  schema: string;
  redisPrefix: string;
  redisUrl: string;
}

/**
 * A fresh schema and Redis prefix no other test uses; the schema is dropped when the test ends
 * (after its server processes, which are killed first).
 */
export function freshTarget(redisUrl = TEST_REDIS_URL): ClusterTarget {
  const target = newTarget(redisUrl);
  onTestFinished(() => dropSchema(target.schema));
  return target;
}

/** {@link freshTarget} without test hooks (for scripts): drop its schema with {@link dropSchema}. */
export function newTarget(redisUrl = TEST_REDIS_URL): ClusterTarget {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  return { schema: `rt_cluster_${suffix}`, redisPrefix: `rt_cluster_${suffix}`, redisUrl };
}

/** The environment of a server process of the cluster on `target`. */
export function clusterEnv(target: ClusterTarget): Record<string, string> {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: target.schema,
    REDIS_URL: target.redisUrl,
    REDIS_PREFIX: target.redisPrefix,
  };
}

/** Starts `count` server processes (in parallel) on one PostgreSQL schema and one Redis. */
export async function startCluster(target: ClusterTarget, count: number): Promise<ServerProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startClusterProcess(target)));
}

/** One more server process of the cluster (with `env` on top); killed (SIGKILL) when the test ends if still running. */
export async function startClusterProcess(target: ClusterTarget, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ env: { ...clusterEnv(target), ...env } });
  // Registered after startServerProcess's own hook, so it runs before the schema is dropped either way.
  onTestFinished(async () => {
    await server.kill('SIGKILL');
  });
  return server;
}

/** Drops a cluster's schema and everything in it. */
export function dropSchema(schema: string): Promise<void> {
  // psql rather than a driver: the test package needs no database dependency of its own.
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PGOPTIONS: '--client-min-messages=warning' };
    execFile('psql', [TEST_DATABASE_URL, '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { env }, (error, _out, stderr) =>
      error ? reject(new Error(`dropping schema ${schema}: ${stderr || error.message}`)) : resolve(),
    );
  });
}

/** A redis-server of the test's own (so restarting it disturbs no other test), on a free port. */
export interface OwnRedis {
  url: string;
  port: number;
  /** Kills it (SIGKILL: nothing kept, every connection cut) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
}

/** Starts a private redis-server on a free port; it is killed when the test ends. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ReturnType<typeof spawn> | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
      proc.stdout!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited before it started:\n${log}`));
      });
    });
  };
  const kill = async () => {
    const proc = child;
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  await start();
  onTestFinished(kill);
  return { url: `redis://127.0.0.1:${port}`, port, kill, start };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
