import { describe, expect, it } from 'vitest';
import { SharedReads } from '../src/api/SharedReads';

/** A fake GET whose answers the test gives by hand, recording every request sent. */
function fakeServer() {
  const sent: Array<{ path: string; token: string; signal: AbortSignal; answer: (v: unknown) => void; fail: (e: Error) => void }> = [];
  const read = (path: string, token: string, signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      sent.push({ path, token, signal, answer: resolve, fail: reject });
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return { sent, reads: new SharedReads(read) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('identical reads at the same moment are sent once', () => {
  it('two callers of one path and token share one request and both get its answer', async () => {
    const { sent, reads } = fakeServer();
    const a = reads.get('/api/workshops/w', 't', new AbortController().signal);
    const b = reads.get('/api/workshops/w', 't', new AbortController().signal);
    expect(sent).toHaveLength(1);
    sent[0]!.answer({ plenary: 1 });
    expect(await a).toEqual({ plenary: 1 });
    expect(await b).toEqual({ plenary: 1 });
  });

  it('another token or another path is its own request', () => {
    const { sent, reads } = fakeServer();
    void reads.get('/api/workshops/w', 't', new AbortController().signal).catch(() => {});
    void reads.get('/api/workshops/w', 'u', new AbortController().signal).catch(() => {});
    void reads.get('/api/workshops/v', 't', new AbortController().signal).catch(() => {});
    expect(sent).toHaveLength(3);
  });

  it('a read asked for after the answer arrived is sent anew (each clock reading is its own)', async () => {
    const { sent, reads } = fakeServer();
    const first = reads.get('/p', 't', new AbortController().signal);
    sent[0]!.answer(1);
    expect(await first).toBe(1);
    const second = reads.get('/p', 't', new AbortController().signal);
    expect(sent).toHaveLength(2);
    sent[1]!.answer(2);
    expect(await second).toBe(2);
  });

  it('one caller aborting rejects only its own promise; the request goes on for the other', async () => {
    const { sent, reads } = fakeServer();
    const leaving = new AbortController();
    const a = reads.get('/p', 't', leaving.signal);
    const b = reads.get('/p', 't', new AbortController().signal);
    leaving.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(sent[0]!.signal.aborted).toBe(false);
    sent[0]!.answer('ok');
    expect(await b).toBe('ok');
  });

  it('the request is aborted once every caller has aborted', async () => {
    const { sent, reads } = fakeServer();
    const one = new AbortController();
    const two = new AbortController();
    const a = reads.get('/p', 't', one.signal);
    const b = reads.get('/p', 't', two.signal);
    one.abort();
    two.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(sent[0]!.signal.aborted).toBe(true);
  });

  it('StrictMode: aborted and asked again in the same moment keeps the one request', async () => {
    const { sent, reads } = fakeServer();
    const first = new AbortController();
    const a = reads.get('/p', 't', first.signal);
    first.abort();
    const b = reads.get('/p', 't', new AbortController().signal);
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.signal.aborted).toBe(false);
    sent[0]!.answer('once');
    expect(await b).toBe('once');
  });

  it('a failed request fails every caller with its error, and the next read tries again', async () => {
    const { sent, reads } = fakeServer();
    const a = reads.get('/p', 't', new AbortController().signal);
    const b = reads.get('/p', 't', new AbortController().signal);
    sent[0]!.fail(new Error('404'));
    await expect(a).rejects.toThrow('404');
    await expect(b).rejects.toThrow('404');
    void reads.get('/p', 't', new AbortController().signal).catch(() => {});
    expect(sent).toHaveLength(2);
  });
});
