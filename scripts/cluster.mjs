// `npm run cluster [-- N]`: N Roomtable server processes (default 3) on consecutive ports from
// 8788, sharing DATABASE_URL (PostgreSQL) and REDIS_URL, behind a tiny round-robin proxy on
// 8787 that forwards HTTP and WebSocket upgrades without stickiness. For trying scale-out on one
// machine; in production put nginx (see the README) or any load balancer in front instead.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? process.env.CLUSTER_SIZE ?? 3);
const proxyPort = Number(process.env.PORT ?? 8787);
const firstPort = Number(process.env.CLUSTER_FIRST_PORT ?? proxyPort + 1);
const host = process.env.HOST ?? '127.0.0.1';

if (!Number.isInteger(count) || count < 1 || count > 64) {
  console.error(`The number of processes must be a whole number from 1 to 64; got "${process.argv[2] ?? process.env.CLUSTER_SIZE}".`);
  process.exit(1);
}
const missing = ['DATABASE_URL', 'REDIS_URL'].filter((key) => !process.env[key]);
if (missing.length > 0) {
  console.error(
    `npm run cluster needs ${missing.join(' and ')}: every process must share one PostgreSQL and one Redis.\n` +
      'For example:\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/roomtable REDIS_URL=redis://127.0.0.1:6379 npm run cluster\n' +
      '(create the database first: createdb -h 127.0.0.1 -U postgres roomtable; the tables are created on start).',
  );
  process.exit(1);
}

// The processes run what npm start runs: the built web app and the server bundle.
const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/pnpm.mjs'), 'run', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('Building the web app and the server failed; nothing started.');
  process.exit(1);
}

// The Node flags npm start gives the server: apps/server/package.json's `node <flags> dist/main.mjs`.
const nodeFlags = JSON.parse(readFileSync(path.join(ROOT, 'apps/server/package.json'), 'utf8')).scripts.start.trim().split(/\s+/).slice(1, -1);

const backends = Array.from({ length: count }, (_, i) => ({ port: firstPort + i, downUntil: 0, child: null }));
let stopping = false;

for (const backend of backends) {
  const child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'apps/server/dist/main.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(backend.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  backend.child = child;
  const tag = `[${backend.port}] `;
  const relay = (stream, out) => stream.on('data', (chunk) => out.write(chunk.toString().replace(/^(?=.)/gm, tag)));
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    console.log(`${tag}exited (${signal ?? `code ${code}`})${stopping ? '' : '; the proxy routes around it'}.`);
    if (!stopping && backends.every((b) => b.child.exitCode !== null || b.child.signalCode !== null)) {
      console.error('Every server process has exited; stopping.');
      process.exit(1);
    }
  });
}

let next = 0;
/** The next backend in turn that is not known to be down. */
function pick() {
  const now = Date.now();
  for (let tried = 0; tried < backends.length; tried++) {
    const backend = backends[next++ % backends.length];
    if (backend.downUntil <= now) return backend;
  }
  return backends[next++ % backends.length];
}
function markDown(backend) {
  backend.downUntil = Date.now() + 1000;
}

const proxy = http.createServer((req, res) => {
  // Bodies are small JSON; holding one lets a request refused by a dead process go to the next.
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const attempt = (left) => {
      const backend = pick();
      const upstream = http.request(
        { host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        if (error.code === 'ECONNREFUSED') {
          markDown(backend);
          if (left > 0) return attempt(left - 1);
        }
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'No server process answered; try again.' } }));
      });
      upstream.end(body);
    };
    attempt(backends.length - 1);
  });
});

// WebSockets: no stickiness needed, any process serves any document (Redis fans updates out).
proxy.on('upgrade', (req, socket, head) => {
  const connect = (left) => {
    const backend = pick();
    const upstream = net.connect(backend.port, '127.0.0.1');
    upstream.once('connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.once('error', () => {
      if (upstream.connecting || !upstream.remoteAddress) {
        markDown(backend);
        if (left > 0) return connect(left - 1);
      }
      socket.destroy();
    });
    socket.once('error', () => upstream.destroy());
    socket.once('close', () => upstream.destroy());
    upstream.once('close', () => socket.destroy());
  };
  connect(backends.length - 1);
});

proxy.listen(proxyPort, host, () => {
  console.log(
    `Roomtable cluster: ${count} processes on ports ${firstPort}–${firstPort + count - 1}, ` +
      `round-robin proxy at http://${host}:${proxyPort} (Ctrl-C stops everything).`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    proxy.close();
    // Each process saves every document and closes its sockets with 1012 before it exits.
    for (const backend of backends) backend.child.kill('SIGTERM');
    Promise.all(backends.map((b) => (b.child.exitCode !== null || b.child.signalCode !== null ? null : new Promise((r) => b.child.once('exit', r))))).then(
      () => process.exit(0),
    );
  });
}
