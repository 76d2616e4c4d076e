/** The line a server process prints when it listens; the rest of the line is JSON. */
export const READY_PREFIX = 'READY ';
/** The line a server process prints when asked for its `process.memoryUsage()`; JSON follows. */
export const MEMORY_PREFIX = 'MEMORY ';

/** The servers the load benchmark can run, in the order they alternate. */
export const SERVER_KINDS = ['relay', 'yws', 'hocuspocus', 'roomtable'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** The servers Roomtable is compared with; the relay is a calibration line, not a peer. */
export const PEERS: readonly ServerKind[] = ['yws', 'hocuspocus'];

/** Human names of the servers, as printed in the table. */
export const SERVER_LABELS: Record<ServerKind, string> = {
  relay: 'ws relay, no Yjs (floor)',
  yws: '@y/websocket-server 0.1.1',
  hocuspocus: '@hocuspocus/server 4',
  roomtable: 'Roomtable',
};

/** Everything a benchmark run can be told, from argv (`--rooms 50`) or env (`BENCH_ROOMS=50`). */
export interface BenchOptions {
  rooms: number;
  clientsPerRoom: number;
  /** edits per second per client */
  rate: number;
  /** length of the editing phase of each server, ms */
  durationMs: number;
  /** untimed editing before the timed phase (JIT warm-up), ms */
  warmupMs: number;
  /** how many times each server runs (alternating) */
  rounds: number;
  servers: ServerKind[];
  /** load generator processes */
  loadProcesses: number;
  /** each edit also moves the client's awareness "cursor", as a TipTap caret does */
  awareness: boolean;
  /**
   * What an edit types into the client's cell: `append` one letter at its end (Yjs's cheapest
   * case), or `insert` 1–4 letters at a random place of the growing text, as people revising a
   * sentence do (an outsider's load shape: inserts into a growing Y.Text on every edit).
   */
  shape: 'append' | 'insert';
  /** run the micro-benchmarks */
  micro: boolean;
  /** build the web app first (`pnpm --filter @roomtable/web build`) for the gzip figure */
  buildWeb: boolean;
  /** write a V8 CPU profile of each server process into this folder */
  cpuProfDir: string | null;
  quick: boolean;
  /** machine-readable results written here too */
  jsonOut: string | null;
}

const HELP = `Roomtable load benchmark

  tsx test/bench/run.ts [options]          (npm run bench -- [options])

  --quick                 small load (10 rooms x 5 clients, 1 + 5 s each), micro-benchmarks without the cold snapshot
  --rooms N               rooms (default 50)                    env BENCH_ROOMS
  --clients N             clients per room (default 10)         env BENCH_CLIENTS
  --rate R                edits per second per client (default 2) env BENCH_RATE
  --duration S            seconds of editing per server (default 30) env BENCH_DURATION
  --warmup S              untimed editing first, seconds (default 5; quick 1) env BENCH_WARMUP
  --rounds N              runs of each server, alternating (default 1) env BENCH_ROUNDS
  --servers a,b,c         any of relay,yws,hocuspocus,roomtable (default all) env BENCH_SERVERS
  --load-procs N          load generator processes (default 2)  env BENCH_LOAD_PROCS
  --awareness             each edit also updates the client's awareness (cursor)
  --shape append|insert   append a letter to the cell (default) or insert 1-4 at a random place   env BENCH_SHAPE
  --no-micro              skip the micro-benchmarks
  --build-web             build apps/web before measuring its initial JS
  --cpu-prof DIR          run each server with --cpu-prof, profiles into DIR
  --json FILE             also write the results as JSON
`;

function shapeOf(raw: string | undefined): 'append' | 'insert' {
  if (raw === undefined || raw === '' || raw === 'append') return 'append';
  if (raw === 'insert') return 'insert';
  throw new Error(`--shape must be append or insert; got "${raw}"`);
}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}; got "${raw}"`);
  return n;
}

/** Parses argv and env; `--help` prints usage and exits. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  const valued = new Set(['--warmup', '--rooms', '--clients', '--rate', '--duration', '--rounds', '--servers', '--load-procs', '--cpu-prof', '--json', '--shape']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    const eq = a.indexOf('=');
    if (eq > 0 && valued.has(a.slice(0, eq))) {
      args.set(a.slice(0, eq), a.slice(eq + 1));
    } else if (valued.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      args.set(a, v);
    } else if (['--quick', '--awareness', '--no-micro', '--build-web'].includes(a)) {
      flags.add(a);
    } else {
      throw new Error(`unknown option "${a}" (see --help)`);
    }
  }
  const quick = flags.has('--quick') || env.BENCH_QUICK === '1';
  const serversRaw = args.get('--servers') ?? env.BENCH_SERVERS ?? SERVER_KINDS.join(',');
  const servers = serversRaw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of servers) {
    if (!(SERVER_KINDS as readonly string[]).includes(s)) throw new Error(`unknown server "${s}"; pick from ${SERVER_KINDS.join(', ')}`);
  }
  return {
    rooms: int('rooms', args.get('--rooms') ?? env.BENCH_ROOMS, quick ? 10 : 50, 1, 1000),
    clientsPerRoom: int('clients', args.get('--clients') ?? env.BENCH_CLIENTS, quick ? 5 : 10, 2, 200),
    rate: int('rate', args.get('--rate') ?? env.BENCH_RATE, 2, 0.1, 50),
    durationMs: 1000 * int('duration', args.get('--duration') ?? env.BENCH_DURATION, quick ? 5 : 30, 1, 600),
    warmupMs: 1000 * int('warmup', args.get('--warmup') ?? env.BENCH_WARMUP, quick ? 1 : 5, 0, 120),
    rounds: int('rounds', args.get('--rounds') ?? env.BENCH_ROUNDS, 1, 1, 10),
    servers: servers as ServerKind[],
    // Two by default: one load process measured itself as much as the servers (issue 18.5).
    loadProcesses: int('load-procs', args.get('--load-procs') ?? env.BENCH_LOAD_PROCS, 2, 1, 8),
    awareness: flags.has('--awareness') || env.BENCH_AWARENESS === '1',
    shape: shapeOf(args.get('--shape') ?? env.BENCH_SHAPE),
    micro: !flags.has('--no-micro') && env.BENCH_MICRO !== '0',
    buildWeb: flags.has('--build-web') || env.BENCH_BUILD_WEB === '1',
    cpuProfDir: args.get('--cpu-prof') ?? env.BENCH_CPU_PROF ?? null,
    quick,
    jsonOut: args.get('--json') ?? env.BENCH_JSON ?? null,
  };
}

/** The map a presenter on the reference server writes the pointer's row into (`row`): the moments bench's hall. */
export const HALL_MAP = 'hall';
