import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../helpers/serverNodeFlags';

describe('the Node flags npm start gives the server', () => {
  it('cap its young generation at 4 MiB semi-spaces (V8 grew it to 16: 32 MiB of RSS after 500 clients connected)', () => {
    // What the server's start-up and a connection storm do to the young generation: many objects
    // that survive a scavenge or two. By default V8 doubles the semi-spaces each time up to 16 MiB.
    const script = `
      const { getHeapSpaceStatistics } = require('node:v8');
      const kept = [];
      for (let round = 0; round < 400; round++) {
        for (let i = 0; i < 2000; i++) kept.push({ round, i, text: 'x'.repeat(i % 50) });
        if (kept.length > 200000) kept.splice(0, 100000);
      }
      console.log(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);`;
    const r = spawnSync(process.execPath, [...serverNodeFlags(), '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    // Both semi-spaces: 2 × 4 MiB.
    expect(Number(r.stdout)).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('keep source maps on, so a logged error names the source file', () => {
    expect(serverNodeFlags()).toContain('--enable-source-maps');
  });
});
