import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConnectionBudget, socketCapacity } from '../src/ops/ConnectionBudget';
import { raiseDescriptorLimit, readDescriptorLimit } from '../src/ops/descriptorLimit';

const own = readDescriptorLimit();
/** The tests that lower this process's soft limit need a finite hard limit above 1,024 (Linux, util-linux). */
const canLower = own.soft !== null && own.hard !== null && Number.isFinite(own.hard) && own.hard > 1024;

/** Lowers this process's soft open-file limit for one test (prlimit needs no privilege for that). */
function lowerOwnSoftLimit(soft: number): number {
  const { soft: was, hard } = readDescriptorLimit();
  execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${soft}:${hard}`]);
  onTestFinished(() => {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${was}:${hard}`]);
  });
  return hard!;
}

describe('[ED9] the open-file limit at start', () => {
  it.runIf(canLower)('raises a soft limit below the hard one with prlimit --pid, and says from what', () => {
    const hard = lowerOwnSoftLimit(1024);
    const limit = raiseDescriptorLimit();
    expect(limit).toMatchObject({ soft: hard, hard, raisedFrom: 1024, note: null });
    expect(limit.inUse).toBeGreaterThan(0);
  });

  it.runIf(canLower)('without prlimit it keeps the soft limit and says how to raise it', () => {
    lowerOwnSoftLimit(1024);
    const missing = (() => {
      throw Object.assign(new Error('spawn prlimit ENOENT'), { code: 'ENOENT' });
    }) as unknown as typeof execFileSync;
    const limit = raiseDescriptorLimit(missing);
    expect(limit).toMatchObject({ soft: 1024, raisedFrom: null });
    expect(limit.note).toMatch(/prlimit \(util-linux\) is not installed.*ulimit -n/);
  });

  it('capacity: the soft limit less the descriptors in use and a reserve; MAX_CONNECTIONS only lowers it', () => {
    expect(socketCapacity(3000, 40, null)).toBe(3000 - 40 - 64);
    expect(socketCapacity(3000, 40, 500)).toBe(500);
    expect(socketCapacity(3000, 40, 1_000_000)).toBe(2896);
    expect(socketCapacity(null, null, null)).toBe(1_000_000);
  });

  it('the budget admits upgrades until only the HTTP reserve is left, and logs refusals at most every 10 s', () => {
    let now = 0;
    const lines: string[] = [];
    const budget = new ConnectionBudget(100, (l) => lines.push(l), () => now);
    expect(budget.httpReserve).toBe(16);
    for (let i = 0; i < 84; i++) budget.opened(); // the upgrading socket itself is counted
    expect(budget.admitUpgrade()).toBe(true);
    budget.opened();
    expect([budget.admitUpgrade(), budget.admitUpgrade()]).toEqual([false, false]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refusing new WebSocket connections with 503: 85 sockets open of the 100 this process can hold \(1 refused so far\)/);
    now = 10_000;
    expect(budget.admitUpgrade()).toBe(false);
    expect(lines[1]).toMatch(/\(3 refused so far\)/);
    budget.closed();
    expect(budget.admitUpgrade()).toBe(true);
  });

  it('a connection past the capacity is closed at once, and the log says so', async () => {
    const lines: string[] = [];
    const budget = new ConnectionBudget(2, (l) => lines.push(l));
    const server = http.createServer((_req, res) => res.end('ok'));
    budget.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as net.AddressInfo;
    const connect = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => undefined);
      });
    const held = [await connect(), await connect()];
    onTestFinished(() => held.forEach((s) => s.destroy()));
    await new Promise<void>((resolve) => (budget.open === 2 ? resolve() : server.once('connection', () => resolve())));
    const third = await connect();
    await new Promise((resolve) => third.once('close', resolve));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/closing new connections at once: 2 sockets open, all this process can hold \(1 closed so far\)/);
  });
});
