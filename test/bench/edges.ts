// The edges, attacked from outside (`npx tsx test/bench/edges.ts [scenario…]`): each scenario
// starts the server from the sources in its own process, runs one attack and prints what
// happened. Figures, not assertions: the tests that pin each behaviour are in test/integration.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { memoryMiB } from './procStats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Server {
  child: ChildProcess;
  url: string;
  port: number;
  log: () => string;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string> = {}, wrap: string[] = []): Promise<Server> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-edges-'));
  const [command, ...args] = [...wrap, process.execPath, '--import', 'tsx', path.join(ROOT, 'apps/server/src/main.ts')];
  const child = spawn(command!, args, { cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, WEB_DIST: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${log}`)), 20_000);
    const check = () => {
      const m = /Roomtable is running at (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    log: () => log,
    async stop() {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api${route}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json };
}

async function workshop(url: string, names: string[] = [], rooms = 1) {
  const created = await call(url, 'POST', '/workshops', { title: 'Edges', rooms });
  const { workshop: w, facilitatorToken, joinCode } = created.body;
  const tokens: string[] = [];
  for (const name of names) tokens.push((await call(url, 'POST', `/workshops/${w.id}/participants`, { name, joinCode })).body.token);
  return { id: w.id as string, facilitatorToken: facilitatorToken as string, joinCode: joinCode as string, tokens };
}

const scenarios: Record<string, () => Promise<void>> = {
  async joins() {
    const s = await startServer();
    const w = await workshop(s.url);
    let plain = 0;
    let bearer = 0;
    for (let i = 0; i < 1000; i++) if ((await call(s.url, 'POST', `/workshops/${w.id}/participants`, { name: `P${i}`, joinCode: w.joinCode })).status === 429) plain++;
    await s.stop();
    const t = await startServer();
    const w2 = await workshop(t.url);
    for (let i = 0; i < 1000; i++) {
      const r = await call(t.url, 'POST', `/workshops/${w2.id}/participants`, { name: `P${i}`, joinCode: w2.joinCode }, { authorization: `Bearer ${randomBytes(24).toString('base64url')}` });
      if (r.status === 429) bearer++;
    }
    await t.stop();
    console.log(`joins: 1,000 joins from one address: ${plain} refused without a header, ${bearer} refused with a random bearer each`);
  },

  async guesses() {
    const s = await startServer();
    let codes = 0;
    let lookups = 0;
    const t0 = Date.now();
    for (let i = 0; i < 2000; i++) if ((await fetch(`${s.url}/api/join/G${String(i).padStart(5, '2')}`)).status === 429) codes++;
    const t1 = Date.now();
    for (let i = 0; i < 2000; i++) if ((await call(s.url, 'POST', '/workshops/lookup', { tokens: [randomBytes(16).toString('hex')] })).status === 429) lookups++;
    console.log(`guesses: 2,000 join-code guesses in ${t1 - t0} ms: ${codes} refused; 2,000 workshop lookups: ${lookups} refused`);
    await s.stop();
  },

  async bodies() {
    const s = await startServer();
    const before = memoryMiB(s.child.pid!).peak;
    // 100 MiB of JSON (one long title), sent whole as fast as loopback takes it.
    const big = Buffer.concat([Buffer.from('{"title":"'), Buffer.alloc(100 * 1024 * 1024, 0x61), Buffer.from('"}')]);
    const t0 = Date.now();
    const status = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/workshops', headers: { 'content-type': 'application/json', 'content-length': big.length } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1));
      req.end(big);
    });
    const ms = Date.now() - t0;
    const after100 = memoryMiB(s.child.pid!).peak;
    // Ten 10 MB bodies at once.
    const ten = Buffer.concat([Buffer.from('{"title":"'), Buffer.alloc(10 * 1000 * 1000, 0x61), Buffer.from('"}')]);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${s.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ten }).then((r) => r.status)));
    const after10 = memoryMiB(s.child.pid!).peak;
    console.log(`bodies: 100 MiB JSON body → ${status} after ${ms} ms, peak RSS ${before.toFixed(0)} → ${after100.toFixed(0)} MiB; 10 × 10 MB at once → ${[...new Set(statuses)].join('/')} , peak RSS ${after10.toFixed(0)} MiB`);
    await s.stop();
  },

  async nested() {
    // 10 MiB (past the body limit) and just under 1 MiB (within it): brackets only, nested deep.
    for (const half of [5 * 1024 * 1024, 512 * 1024 - 8]) {
      const s = await startServer();
      const body = `{"title":${'['.repeat(half)}${']'.repeat(half)}}`;
      let worst = 0;
      let probing = true;
      const probe = (async () => {
        while (probing) {
          const t = Date.now();
          await fetch(`${s.url}/healthz`).then((r) => r.text());
          worst = Math.max(worst, Date.now() - t);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const statuses = await Promise.all(Array.from({ length: 4 }, () => fetch(`${s.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.status)));
      probing = false;
      await probe;
      console.log(`nested: 4 × ${(body.length / 1024 / 1024).toFixed(2)} MiB nested-array bodies → ${statuses.join(',')}; slowest /healthz meanwhile ${worst} ms`);
      await s.stop();
    }
  },

  async slowloris() {
    const s = await startServer();
    const sockets: net.Socket[] = [];
    const kinds = [
      { n: 1000, head: 'GET /healthz HTTP/1.1\r\nHost: x\r\n' },
      { n: 500, head: 'GET /sync/w/room/1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' },
      { n: 500, head: '' },
    ];
    const open = kinds.map(() => 0);
    kinds.forEach((k, i) => {
      for (let j = 0; j < k.n; j++) {
        const socket = net.connect(s.port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('connect', () => {
          open[i]!++;
          if (k.head) socket.write(k.head);
        });
        socket.on('close', () => open[i]!--);
        sockets.push(socket);
        (socket as unknown as { kind: number }).kind = i;
      }
    });
    const trickle = setInterval(() => {
      for (const socket of sockets) if ((socket as unknown as { kind: number }).kind < 2 && !socket.destroyed) socket.write(`X-${Date.now()}: 1\r\n`);
    }, 5000);
    const seconds = Number(process.env.SLOWLORIS_SECONDS ?? 15);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(trickle);
    console.log(`slowloris: after ${seconds} s still open: ${open[0]} of 1,000 slow-header sockets, ${open[1]} of 500 slow-upgrade sockets, ${open[2]} of 500 silent sockets`);
    sockets.forEach((x) => x.destroy());
    await s.stop();
  },

  async bigChange() {
    const s = await startServer();
    const w = await workshop(s.url, ['Ana', 'Bo']);
    await call(s.url, 'POST', `/workshops/${w.id}/phase`, { phase: 'breakout' }, { authorization: `Bearer ${w.facilitatorToken}` });
    const name = `${w.id}/room/1`;
    const open = (token: string) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(s.url.replace('http', 'ws') + '/sync', name, doc, { params: { token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
      return { doc, provider };
    };
    const ana = open(w.tokens[0]!);
    const bo = open(w.tokens[1]!);
    await new Promise((r) => setTimeout(r, 1000));
    let closes = 0;
    ana.provider.on('connection-close', () => closes++);
    ana.doc.getText('paste').insert(0, 'x'.repeat(5_232_000));
    await new Promise((r) => setTimeout(r, 10_000));
    ana.doc.getText('after').insert(0, 'small');
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`bigChange: one 4.99 MiB transaction: ${closes} closes in 10 s; arrived at the other client: ${bo.doc.getText('paste').length === 5_232_000}; a small edit after it arrived: ${bo.doc.getText('after').toString() === 'small'}`);
    ana.provider.destroy();
    bo.provider.destroy();
    await s.stop();
  },

  async descriptors() {
    const soft = process.env.NOFILE ?? '3072';
    const s = await startServer({ MAX_CONNECTIONS_PER_TOKEN: '10000' }, ['prlimit', `--nofile=${soft}:${soft}`, '--']);
    // Four tokens (the facilitator and three participants) on the plenary notes, each under its cap.
    const w = await workshop(s.url, ['P1', 'P2', 'P3']);
    const tokens = [w.facilitatorToken, ...w.tokens];
    const urlOf = (i: number) => `${s.url.replace('http', 'ws')}/sync/${w.id}/plenary?token=${encodeURIComponent(tokens[i % tokens.length]!)}`;
    const held: WebSocket[] = [];
    let newcomer = '';
    for (let i = 0; i < 30_000 && !newcomer; i++) {
      newcomer = await new Promise<string>((resolve) => {
        const ws = new WebSocket(urlOf(i));
        ws.once('open', () => {
          held.push(ws);
          resolve('');
        });
        ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode} (Retry-After ${res.headers['retry-after'] ?? '-'})`));
        ws.once('error', (e) => resolve(`error: ${e.message}`));
        ws.once('close', (code) => resolve(`closed ${code}`));
      });
    }
    await new Promise((r) => setTimeout(r, 500));
    const stillOpen = held.filter((ws) => ws.readyState === ws.OPEN).length;
    const health = await fetch(`${s.url}/healthz`).then((r) => r.status, (e: Error) => e.message);
    const lines = s.log().split('\n').filter((l) => /can hold|refusing|EMFILE|error/i.test(l)).slice(0, 4);
    console.log(`descriptors: open-file limit ${soft}: held ${held.length} sockets (${stillOpen} still open); the next newcomer got ${newcomer}; /healthz then: ${health}; ${memoryMiB(s.child.pid!).rss.toFixed(0)} MiB RSS`);
    for (const l of lines) console.log(`  log: ${l.slice(0, 200)}`);
    held.forEach((ws) => ws.terminate());
    await s.stop();
  },
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(scenarios)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  try {
    await run();
  } catch (error) {
    console.log(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(0);
