import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedRegistry } from '../src/live/SharedRegistry';

interface Doc {
  id: number;
  destroyed: boolean;
}

describe('the page’s document registry: one value per key, counted, destroyed after a grace', () => {
  let made: Doc[];
  let registry: SharedRegistry<Doc>;
  const create = () => {
    const doc = { id: made.length + 1, destroyed: false };
    made.push(doc);
    return doc;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    made = [];
    registry = new SharedRegistry<Doc>({
      destroy: (doc) => {
        expect(doc.destroyed, 'destroyed twice').toBe(false);
        doc.destroyed = true;
      },
      graceMs: 300,
      timers: { setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    });
  });
  afterEach(() => vi.useRealTimers());

  it('two users of one name share one value; other names get their own', () => {
    const a = registry.acquire('w/state', create);
    const b = registry.acquire('w/state', create);
    const c = registry.acquire('w/board', create);
    expect(a.value).toBe(b.value);
    expect(c.value).not.toBe(a.value);
    expect(made).toHaveLength(2);
    expect(registry.users('w/state')).toBe(2);
  });

  it('the value lives while anyone holds it, and is destroyed the grace after the last release', () => {
    const a = registry.acquire('k', create);
    const b = registry.acquire('k', create);
    a.release();
    vi.advanceTimersByTime(10_000);
    expect(a.value.destroyed).toBe(false);
    b.release();
    vi.advanceTimersByTime(299);
    expect(a.value.destroyed).toBe(false);
    expect(registry.has('k')).toBe(true);
    vi.advanceTimersByTime(1);
    expect(a.value.destroyed).toBe(true);
    expect(registry.has('k')).toBe(false);
    // After it is gone, a new user gets a new value.
    const c = registry.acquire('k', create);
    expect(c.value).not.toBe(a.value);
    expect(made).toHaveLength(2);
  });

  it('StrictMode: released and acquired again within the grace keeps the same value (one socket, not two)', () => {
    const first = registry.acquire('k', create);
    first.release();
    vi.advanceTimersByTime(100);
    const second = registry.acquire('k', create);
    expect(second.value).toBe(first.value);
    vi.advanceTimersByTime(10_000);
    expect(second.value.destroyed).toBe(false);
    expect(made).toHaveLength(1);
    second.release();
    vi.advanceTimersByTime(300);
    expect(second.value.destroyed).toBe(true);
  });

  it('releasing twice counts once: a double cleanup does not close a document someone else holds', () => {
    const a = registry.acquire('k', create);
    const b = registry.acquire('k', create);
    a.release();
    a.release();
    expect(registry.users('k')).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(b.value.destroyed).toBe(false);
  });

  it('discard destroys now; the holders’ later releases touch nothing, and the next user gets a fresh value', () => {
    const a = registry.acquire('k', create);
    const b = registry.acquire('k', create);
    registry.discard('k', a.value);
    expect(a.value.destroyed).toBe(true);
    const fresh = registry.acquire('k', create);
    expect(fresh.value).not.toBe(a.value);
    a.release();
    b.release();
    vi.advanceTimersByTime(1000);
    expect(fresh.value.destroyed).toBe(false);
    expect(registry.users('k')).toBe(1);
    // A stale holder discarding what it held never destroys the successor.
    registry.discard('k', a.value);
    expect(fresh.value.destroyed).toBe(false);
  });

  it('a discard during the grace cancels the pending destroy (destroyed once)', () => {
    const a = registry.acquire('k', create);
    a.release();
    registry.discard('k', a.value);
    vi.advanceTimersByTime(1000);
    expect(a.value.destroyed).toBe(true);
  });
});
