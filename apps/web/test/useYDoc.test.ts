// @vitest-environment happy-dom
import { act, createElement as h, StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRACE_MS, useYDoc } from '../src/live/useYDoc';

/** A WebSocket that never connects, counting how many the page opened and which are closed. */
class CountingSocket {
  static opened: CountingSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  closed = false;
  onopen: unknown = null;
  onclose: unknown = null;
  onmessage: unknown = null;
  onerror: unknown = null;
  constructor(readonly url: string) {
    CountingSocket.opened.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  send() {}
}

function User({ name, onDoc }: { name: string; onDoc?: (guid: string | null) => void }) {
  const { live } = useYDoc(name, 'token-1');
  useEffect(() => onDoc?.(live?.doc.guid ?? null), [live, onDoc]);
  return null;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = (name: string) => CountingSocket.opened.filter((s) => !s.closed && new URL(s.url).pathname.endsWith(name));

describe('useYDoc in React StrictMode', () => {
  const real = globalThis.WebSocket;
  beforeEach(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    CountingSocket.opened = [];
    globalThis.WebSocket = CountingSocket as unknown as typeof WebSocket;
  });
  afterEach(() => {
    globalThis.WebSocket = real;
  });

  it('two components asking for one document under StrictMode open one socket and share one Y.Doc; it closes the grace after both unmount', async () => {
    const container = document.createElement('div');
    const root = createRoot(container);
    const guids: Array<string | null> = [];
    const onDoc = (guid: string | null) => {
      if (guid) guids.push(guid);
    };
    await act(async () => {
      root.render(h(StrictMode, null, h(User, { name: 'w1/state', onDoc }), h(User, { name: 'w1/state', onDoc }), h(User, { name: 'w1/board' })));
      await wait(10);
    });
    // StrictMode ran every effect twice (acquire, release, acquire): still one socket per document.
    await act(() => wait(GRACE_MS + 100));
    expect(CountingSocket.opened.map((s) => new URL(s.url).pathname).sort()).toEqual(['/sync/w1/board', '/sync/w1/state']);
    expect(open('w1/state')).toHaveLength(1);
    expect(new Set(guids).size).toBe(1);

    await act(async () => root.unmount());
    expect(open('w1/state')).toHaveLength(1);
    await act(() => wait(GRACE_MS + 100));
    expect(open('w1/state')).toHaveLength(0);
    expect(open('w1/board')).toHaveLength(0);
  });
});
