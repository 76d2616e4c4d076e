// The parent's side of test/bench/followerWorker.ts: processes holding a hall's clients, so the
// load generator is never what a figure measures.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './children';

/** A process holding some of the clients (test/bench/followerWorker.ts). */
export function forkFollowers(): ChildProcess {
  return track(
    fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'followerWorker.ts'), [], {
      // BENCH_FOLLOWER_PROF=dir profiles the client processes (are they what a figure measures?).
      execArgv: [
        ...(process.env.BENCH_FOLLOWER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_FOLLOWER_PROF}`] : []),
        '--max-semi-space-size=32',
        '--import',
        'tsx',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

/** The next message of `kind` from `child`; rejects if it exits first. */
export function nextMessage<T extends { kind: string }>(child: ChildProcess, kind: T['kind']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.kind !== kind) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`a follower process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
