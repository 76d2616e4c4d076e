import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The process's open-file limit after start, and how it came to be. */
export interface DescriptorLimit {
  /** the soft limit in force now; null when this system does not say */
  soft: number | null;
  hard: number | null;
  /** the soft limit before it was raised; null when it was not raised */
  raisedFrom: number | null;
  /** descriptors open at start (storage, worker, stdio); null when unknown */
  inUse: number | null;
  /** why the limit was not raised, in words for the log; null when it was, or needed not be */
  note: string | null;
}

/** Reads the soft and hard open-file limits: /proc on Linux, else what a shell inherits from us. */
export function readDescriptorLimit(): { soft: number | null; hard: number | null } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '').replace('Max open files', '').trim().split(/\s+/);
    return { soft: limitNumber(soft), hard: limitNumber(hard) };
  } catch {
    try {
      const out = execFileSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8', timeout: 2000 }).trim().split('\n');
      return { soft: limitNumber(out[0]), hard: limitNumber(out[1]) };
    } catch {
      return { soft: null, hard: null };
    }
  }
}

function limitNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text === 'unlimited') return Number.POSITIVE_INFINITY;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function openDescriptors(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/**
 * Raises the soft RLIMIT_NOFILE to the hard limit. Node has no setrlimit; util-linux's
 * `prlimit --pid` may change its own caller's soft limit without privileges (soft ≤ hard).
 * Node 20 on Linux already raises it before any script runs (a server started under
 * `prlimit --nofile=512:4096` runs with 4,096), so this matters for a runtime that does not;
 * either way the limit in force is what the connection budget is built from. With ~3,000
 * descriptors the 2,972nd socket and every one after got 1006 and the log said nothing.
 */
export function raiseDescriptorLimit(run: typeof execFileSync = execFileSync): DescriptorLimit {
  const before = readDescriptorLimit();
  const done = (note: string | null, raisedFrom: number | null = null): DescriptorLimit => ({ ...readDescriptorLimit(), raisedFrom, inUse: openDescriptors(), note });
  if (before.soft === null || before.hard === null) return done('this system does not tell the open-file limit');
  if (before.soft >= before.hard) return done(null);
  // An unlimited hard limit still stops at the kernel's nr_open for open files.
  let target = before.hard;
  if (!Number.isFinite(target)) {
    try {
      target = Number(readFileSync('/proc/sys/fs/nr_open', 'utf8').trim()) || before.soft;
    } catch {
      target = 1_048_576;
    }
  }
  try {
    run('prlimit', ['--pid', String(process.pid), `--nofile=${target}:${Number.isFinite(before.hard) ? before.hard : target}`], { stdio: 'pipe', timeout: 5000 });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return done(
      missing
        ? 'prlimit (util-linux) is not installed, so the soft limit stays; raise it with `ulimit -n` before the server starts'
        : `prlimit could not raise it (${String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim().slice(0, 160)}); raise it with \`ulimit -n\` before the server starts`,
    );
  }
  const after = readDescriptorLimit();
  if (after.soft === null || after.soft <= before.soft) return done('prlimit ran but the soft limit did not change; raise it with `ulimit -n` before the server starts');
  return done(null, before.soft);
}
