import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { readDatabaseFile } from '../helpers/databaseFile';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import { startServerProcess } from '../helpers/serverProcess';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';

describe('SIGTERM: flush, close with "restarting", clients come back by themselves', () => {
  it('closes with 1012, exits 0 with every edit on disk, and the stock client reconnects and converges after a restart', async () => {
    const first = await startServerProcess();
    const w = await createWorkshopWith(first.url, ['Ana', 'Bo'], { rooms: 1 });
    await startBreakout(first.url, w.workshopId, w.facilitatorToken, 's');
    const docName = roomDocName(w.workshopId, 1);

    const editor = connectClient(first.wsUrl, docName, w.participants[0]!.token);
    const watcher = connectClient(first.wsUrl, docName, w.participants[1]!.token);
    await Promise.all([waitForSync(editor.provider), waitForSync(watcher.provider)]);
    const before = Array.from({ length: 200 }, (_, i) => `before-${i}`);
    for (const marker of before) addMarker(editor.doc, marker);
    // The watcher seeing them proves the server holds them in memory; SIGTERM must get them to disk.
    await vi.waitFor(() => expect(markersIn(watcher.doc).length).toBe(before.length), 5000);

    const editorClosed = waitForClose(editor.provider);
    const watcherClosed = waitForClose(watcher.provider);
    const exit = await first.kill('SIGTERM');
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
    expect((await editorClosed).code).toBe(1012);
    expect((await watcherClosed).code).toBe(1012);
    watcher.provider.destroy();

    const stored = readDatabaseFile(first.dataDir, docName);
    expect(stored.integrity).toBe('ok');
    expect(markersIn(stored.doc)).toEqual(before);

    // Made while nobody is listening: the stock client keeps it and sends it on reconnect.
    addMarker(editor.doc, 'while-down');

    const second = await startServerProcess({ dataDir: first.dataDir, port: first.port });
    expect(second.port).toBe(first.port);
    // No reconnect call here: y-websocket's own backoff (at most 2.5 s) brings it back.
    await vi.waitFor(() => expect(editor.provider.wsconnected && editor.provider.synced).toBe(true), 10_000);
    const fresh = connectClient(second.wsUrl, docName, w.facilitatorToken);
    await waitForSync(fresh.provider);
    await vi.waitFor(() => expect(markersIn(fresh.doc)).toEqual([...before, 'while-down']), 5000);
    addMarker(editor.doc, 'after-restart');
    await vi.waitFor(() => expect(markersIn(fresh.doc)).toEqual([...before, 'while-down', 'after-restart']), 5000);
  }, 30_000);
});
