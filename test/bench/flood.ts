// The flood benchmark (issue 19), `npm run bench:flood` and part of `npm run bench`: honest stock
// clients in two rooms type; one connection in room 1 floods small valid updates (1,100 a second,
// as the issue's attacker did), then awareness. Run against a server without budgets
// (SYNC_BUDGETS=off: before) and with its defaults (after). Prints p50/p99 of honest edit latency,
// the share within 200 ms and the server's CPU, by phase. Nothing here is a test assertion.
import { cpuSeconds } from './procStats';
import { floodRound, within, type FloodResult } from './floodLoad';
import { spawnServerProcess } from '../helpers/serverProcess';

// Long enough for the default close (burst, then 10 s over budget) to happen within the flood.
const FLOOD_MS = Number(process.env.FLOOD_MS ?? 20_000);

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (n: number, digits = 1) => (n === Infinity ? 'lost' : Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function round(label: string, env: Record<string, string>, mode: 'updates' | 'awareness'): Promise<{ label: string; mode: string; result: FloodResult }> {
  let cleanup: () => Promise<void> = async () => {};
  const server = await spawnServerProcess({ env, timeoutMs: 60_000 }, (c) => (cleanup = c));
  try {
    const result = await floodRound({
      url: server.url,
      honestPerRoom: 5,
      typeEveryMs: 200,
      quietMs: 5000,
      floodMs: FLOOD_MS,
      mode,
      floodPerSecond: 1100,
      stopWhenClosed: false,
      cpuSeconds: () => cpuSeconds(server.child.pid!),
    });
    return { label, mode, result };
  } finally {
    await cleanup();
  }
}

/** Runs the rounds and returns the printed lines (a markdown table). */
export async function runFloodBench(): Promise<string[]> {
  const rounds = [];
  for (const mode of ['updates', 'awareness'] as const) {
    rounds.push(await round('before (SYNC_BUDGETS=off)', { SYNC_BUDGETS: 'off' }, mode));
    rounds.push(await round('after (defaults)', {}, mode));
  }
  const out = [
    `\n## Flood: 10 honest stock clients in 2 rooms (a marker every 200 ms each), one flooder in room 1 at 1,100 frames/s for ${FLOOD_MS / 1000} s\n`,
    '| server | flood | phase | honest p50 (ms) | p99 (ms) | within 200 ms | samples | server CPU | flooder |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { label, mode, result } of rounds) {
    const flooder = result.flooderClosed
      ? `closed ${result.flooderClosed.code} after ${fmt(result.flooderClosed.afterMs / 1000)} s`
      : `open; ${result.flooderApplied || '—'} of ${result.flooderSent} taken`;
    const phases: Array<[string, number[], number | undefined]> = [
      ['before the flood', result.quiet, result.cpu?.quiet],
      ['flooder in another room', result.otherRoom, result.cpu?.flood],
      ['flooder in the same room', result.sameRoom, result.cpu?.flood],
    ];
    for (const [phase, values, cpu] of phases) {
      out.push(
        `| ${label} | ${mode} | ${phase} | ${fmt(pct(values, 50))} | ${fmt(pct(values, 99))} | ${fmt(100 * within(values, 200))} % | ${values.length} | ${cpu === undefined ? 'n/a' : `${fmt(100 * cpu, 0)} %`} | ${phase === 'before the flood' ? '' : flooder} |`,
      );
    }
  }
  return out;
}

const direct = process.argv[1]?.endsWith('flood.ts');
if (direct) {
  runFloodBench().then(
    (lines) => {
      console.log(lines.join('\n'));
      process.exit(0);
    },
    (error) => {
      console.error('[bench:flood] failed:', error);
      process.exit(1);
    },
  );
}
