import { MemoryFanOutBus } from '@roomtable/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SharedPresence } from '../src/scale/SharedPresence';

describe('presence shared between processes', () => {
  afterEach(() => vi.useRealTimers());

  function twoProcesses() {
    vi.useFakeTimers();
    const bus = new MemoryFanOutBus();
    const now = () => Date.now();
    const a = new SharedPresence(bus.connect(), 'A', { heartbeatMs: 1000, expireMs: 3000, settleMs: 50, now, onError: () => {} });
    const b = new SharedPresence(bus.connect(), 'B', { heartbeatMs: 1000, expireMs: 3000, settleMs: 50, now, onError: () => {} });
    return { a, b };
  }

  it('someone connected to one process is online on the other shortly after, and gone after they leave', () => {
    const { a, b } = twoProcesses();
    a.add('w1', 'ana');
    a.add('w1', 'ana'); // a second tab
    b.add('w1', 'bo');
    expect(b.online('w1')).toEqual(new Set(['bo']));
    vi.advanceTimersByTime(60);
    expect(b.online('w1')).toEqual(new Set(['ana', 'bo']));
    expect(a.online('w1')).toEqual(new Set(['ana', 'bo']));
    expect(b.online('w2')).toEqual(new Set());
    a.remove('w1', 'ana');
    vi.advanceTimersByTime(60);
    expect(b.online('w1')).toEqual(new Set(['ana', 'bo'])); // one tab still open
    a.remove('w1', 'ana');
    vi.advanceTimersByTime(60);
    expect(b.online('w1')).toEqual(new Set(['bo']));
    a.stop();
    b.stop();
  });

  it('a process that stops takes its people with it at once', () => {
    const { a, b } = twoProcesses();
    a.add('w1', 'ana');
    vi.advanceTimersByTime(60);
    expect(b.online('w1').has('ana')).toBe(true);
    a.stop();
    expect(b.online('w1').has('ana')).toBe(false);
    b.stop();
  });

  it('a process that dies stays believed while its heartbeats came, and not once it has been silent too long', () => {
    vi.useFakeTimers();
    const bus = new MemoryFanOutBus();
    const wire = bus.connect();
    let alive = true;
    // What a crash looks like from outside: its messages stop.
    const dying = { ...wire, publish: (name: string, update: Uint8Array) => alive && wire.publish(name, update) };
    const options = { heartbeatMs: 1000, expireMs: 3000, settleMs: 50, onError: () => {} };
    const d = new SharedPresence(dying, 'D', options);
    const e = new SharedPresence(bus.connect(), 'E', options);
    d.add('w1', 'dede');
    vi.advanceTimersByTime(5000); // past expireMs, kept alive by heartbeats
    expect(e.online('w1').has('dede')).toBe(true);
    alive = false;
    vi.advanceTimersByTime(2500);
    expect(e.online('w1').has('dede')).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(e.online('w1').has('dede')).toBe(false);
    d.stop();
    e.stop();
  });

  it('a malformed message is reported and changes nothing', () => {
    vi.useFakeTimers();
    const bus = new MemoryFanOutBus();
    const errors: string[] = [];
    const a = new SharedPresence(bus.connect(), 'A', { onError: (_e, context) => errors.push(context) });
    a.add('w1', 'ana');
    bus.connect().publish('@presence', new TextEncoder().encode('{"p":"X","w":{"w1":[1,2]}}'));
    bus.connect().publish('@presence', new TextEncoder().encode('not json'));
    expect(errors).toEqual(['a malformed presence message', 'a malformed presence message']);
    expect(a.online('w1')).toEqual(new Set(['ana']));
    a.stop();
  });
});
