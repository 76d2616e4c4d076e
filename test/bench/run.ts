// The load benchmark (`npm run bench`): the same load against the reference y-websocket server,
// Hocuspocus and Roomtable, alternating, in one run; then the micro-benchmarks. Prints a
// side-by-side table with ratios and the issue's targets. Nothing here is a test assertion.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { killAllNow } from './children';
import { runLoad, type LoadResult } from './loadRun';
import { buildServers } from './buildServers';
import { runFloodBench } from './flood';
import { runMicro, type MicroResult } from './micro';
import { PEERS, SERVER_LABELS, parseOptions, type BenchOptions, type ServerKind } from './options';
import { concatLatencies, summarize } from './stats';

interface Aggregate {
  kind: ServerKind;
  runs: LoadResult[];
  latency: ReturnType<typeof summarize>;
  sent: number;
  expected: number;
  received: number;
  rooms: number;
  roomsConverged: number;
  disconnects: number;
  cpuPer1000: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  workerCpuShare: number;
  loopDelayP99Ms: number;
  loadAverage: number;
}

function aggregate(kind: ServerKind, runs: LoadResult[]): Aggregate {
  const all = concatLatencies(runs);
  const sum = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  const sent = sum((r) => r.sent);
  const sentMeasured = sum((r) => r.sentMeasured);
  return {
    kind,
    runs,
    latency: summarize(all),
    sent,
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    rooms: sum((r) => r.rooms),
    roomsConverged: sum((r) => r.roomsConverged),
    disconnects: sum((r) => r.disconnects),
    cpuPer1000: (sum((r) => r.serverCpuSeconds) / sentMeasured) * 1000,
    peakRssMiB: Math.max(...runs.map((r) => r.serverPeakRssMiB)),
    rssBeforeMiB: Math.max(...runs.map((r) => r.serverRssBeforeMiB)),
    workerCpuShare: sum((r) => r.workerCpuSeconds) / sum((r) => r.wallSeconds),
    loopDelayP99Ms: Math.max(...runs.map((r) => r.loopDelayP99Ms)),
    loadAverage: Math.max(...runs.map((r) => r.loadAverage)),
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function printLoad(options: BenchOptions, aggs: Aggregate[]): string[] {
  const out: string[] = [];
  const clients = options.rooms * options.clientsPerRoom;
  out.push(
    `\n## Load: ${clients} clients in ${options.rooms} rooms, ${options.rate} edits/s each, ${options.durationMs / 1000} s per server` +
      `${options.rounds > 1 ? `, ${options.rounds} rounds alternating` : ''}${options.awareness ? ', awareness on every edit' : ''}${options.shape === 'insert' ? ', edits insert 1-4 letters at random places' : ''}\n`,
  );
  const metrics: Array<{ name: string; value: (a: Aggregate) => number; digits: number; lowerBetter: boolean; ratio: boolean }> = [
    { name: 'latency p50 (ms)', value: (a) => a.latency.p50, digits: 2, lowerBetter: true, ratio: true },
    { name: 'latency p95 (ms)', value: (a) => a.latency.p95, digits: 2, lowerBetter: true, ratio: true },
    { name: 'latency p99 (ms)', value: (a) => a.latency.p99, digits: 2, lowerBetter: true, ratio: true },
    { name: 'latency max (ms)', value: (a) => a.latency.max, digits: 1, lowerBetter: true, ratio: true },
    { name: 'server CPU s / 1,000 edits', value: (a) => a.cpuPer1000, digits: 3, lowerBetter: true, ratio: true },
    { name: 'server peak RSS (MiB)', value: (a) => a.peakRssMiB, digits: 0, lowerBetter: true, ratio: true },
    { name: 'server RSS after connect (MiB)', value: (a) => a.rssBeforeMiB, digits: 0, lowerBetter: true, ratio: true },
    { name: 'edits sent (incl. warm-up)', value: (a) => a.sent, digits: 0, lowerBetter: false, ratio: false },
    { name: 'delivery (%)', value: (a) => (a.expected ? (100 * a.received) / a.expected : NaN), digits: 3, lowerBetter: false, ratio: false },
    { name: 'rooms converged', value: (a) => a.roomsConverged, digits: 0, lowerBetter: false, ratio: false },
    { name: 'disconnects', value: (a) => a.disconnects, digits: 0, lowerBetter: true, ratio: false },
    { name: 'load generator CPU (cores)', value: (a) => a.workerCpuShare, digits: 2, lowerBetter: true, ratio: false },
    { name: 'load generator loop delay p99 (ms)', value: (a) => a.loopDelayP99Ms, digits: 1, lowerBetter: true, ratio: false },
    { name: 'machine load average (1 min, max)', value: (a) => a.loadAverage, digits: 1, lowerBetter: true, ratio: false },
  ];
  const rt = aggs.find((a) => a.kind === 'roomtable');
  const peers = aggs.filter((a) => PEERS.includes(a.kind));
  const header = ['metric', ...aggs.map((a) => SERVER_LABELS[a.kind])];
  if (rt && peers.length) header.push('Roomtable ÷ better peer');
  const rows = [header];
  for (const m of metrics) {
    const row = [m.name, ...aggs.map((a) => fmt(m.value(a), m.digits))];
    if (rt && peers.length) {
      const best = Math.min(...peers.map((p) => m.value(p)));
      row.push(m.ratio && best > 0 ? `${fmt(m.value(rt) / best, 2)}×` : '');
    }
    rows.push(row);
  }
  out.push(table(rows));
  if (rt && peers.length) {
    const bestP99 = Math.min(...peers.map((p) => p.latency.p99));
    const bestCpu = Math.min(...peers.map((p) => p.cpuPer1000));
    const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
    out.push('\nTargets (issue 7):');
    out.push(`- p99 ≤ 0.7 × better peer (${fmt(0.7 * bestP99, 2)} ms): ${fmt(rt.latency.p99, 2)} ms — ${check(rt.latency.p99 <= 0.7 * bestP99)}`);
    out.push(`- CPU / 1,000 edits ≤ 0.7 × better peer (${fmt(0.7 * bestCpu, 3)} s): ${fmt(rt.cpuPer1000, 3)} s — ${check(rt.cpuPer1000 <= 0.7 * bestCpu)}`);
    out.push(`- 100 % delivery: ${rt.received}/${rt.expected} — ${check(rt.received === rt.expected)}`);
    out.push(`- every room converged: ${rt.roomsConverged}/${rt.rooms} — ${check(rt.roomsConverged === rt.rooms)}`);
  } else if (rt) {
    out.push(`\nRoomtable: delivery ${rt.received}/${rt.expected}, converged ${rt.roomsConverged}/${rt.rooms}.`);
  }
  return out;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const header = [
    '# Roomtable benchmark',
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`,
    `load: ${options.rooms} rooms × ${options.clientsPerRoom} clients, ${options.rate} edits/s per client, ${options.warmupMs / 1000} s warm-up + ${options.durationMs / 1000} s timed per server, ${options.loadProcesses} load process(es), rounds ${options.rounds}${options.quick ? ' (--quick)' : ''}`,
  ];
  console.log(header.join('\n'));
  if (os.loadavg()[0]! > os.cpus().length / 2) {
    console.log(`note: the machine is already busy (load average ${fmt(os.loadavg()[0]!, 1)}): latency figures will be noisy`);
  }

  const built = await buildServers();
  const runs = new Map<ServerKind, LoadResult[]>();
  for (let round = 0; round < options.rounds; round++) {
    // Alternate the order each round so no server always runs first (or on a warmer machine).
    const order = round % 2 === 0 ? options.servers : [...options.servers].reverse();
    for (const kind of order) {
      process.stdout.write(`… round ${round + 1}: ${SERVER_LABELS[kind]} `);
      const result = await runLoad(kind, options, built);
      const s = summarize(result.latencies);
      console.log(
        `p99 ${fmt(s.p99, 2)} ms, ${result.received}/${result.expected} delivered, ` +
          `CPU ${fmt(result.serverCpuSeconds, 2)} s for ${result.sentMeasured} timed edits, peak RSS ${fmt(result.serverPeakRssMiB, 0)} MiB, ` +
          `machine load ${fmt(result.loadAverage, 1)}`,
      );
      console.log(`  server CPU by thread: ${result.serverThreadCpu.map(([name, s]) => `${name} ${fmt(s, 2)} s`).join(', ')}`);
      runs.set(kind, [...(runs.get(kind) ?? []), result]);
    }
  }
  const aggs = options.servers.map((kind) => aggregate(kind, runs.get(kind) ?? []));
  const lines = printLoad(options, aggs);

  let micro: MicroResult | null = null;
  if (options.micro) {
    micro = await runMicro(options, built);
    lines.push(...micro.lines);
  }
  // Issue 19: honest latency under a flooding connection, before (no budgets) and after. BENCH_FLOOD=0 skips it.
  if (process.env.BENCH_FLOOD !== '0') lines.push(...(await runFloodBench()));
  console.log(lines.join('\n'));

  if (options.jsonOut) {
    const json = {
      options,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
      load: aggs.map((a) => ({
        kind: a.kind,
        latency: a.latency,
        sent: a.sent,
        expected: a.expected,
        received: a.received,
        rooms: a.rooms,
        roomsConverged: a.roomsConverged,
        disconnects: a.disconnects,
        cpuPer1000: a.cpuPer1000,
        peakRssMiB: a.peakRssMiB,
        rssBeforeMiB: a.rssBeforeMiB,
        workerCpuShare: a.workerCpuShare,
        loopDelayP99Ms: a.loopDelayP99Ms,
        loadAverage: a.loadAverage,
      })),
      micro: micro?.figures ?? null,
    };
    writeFileSync(options.jsonOut, `${JSON.stringify(json, null, 2)}\n`);
  }
}

main().then(
  () => {
    killAllNow();
    process.exit(0);
  },
  (error) => {
    console.error('\n[bench] failed:', error instanceof Error ? error.stack : error);
    killAllNow();
    process.exit(1);
  },
);
