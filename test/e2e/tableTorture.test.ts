import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, WEB_DIST } from '../helpers/browser';
import { startTestServer } from '../helpers/testServer';
import { runTortureSeed, type TortureResult } from '../helpers/torture/runTortureSeed';
import { TORTURE_ACTIONS } from '../helpers/torture/tortureActions';

/**
 * The room table under fire (issue 12): three people in one room perform seeded random sequences
 * of real keys and clicks at the same time (every action of TORTURE_ACTIONS once per person and
 * seed, in a seeded order). After each seed every page and the server hold the same table, its
 * skeleton is intact, and every marker a person typed is where the oracle (rules O1–O4 of
 * test/helpers/torture/oracle.ts) says. `npm run torture -- --seeds 200` runs more seeds
 * (TORTURE_SEEDS, TORTURE_FIRST_SEED, TORTURE_PEOPLE up to 4; TORTURE_SHOTS=dir keeps screenshots,
 * TORTURE_LOG=dir the events, server table and pages of each failed seed as JSON);
 * `FUZZ_SEED=n` replays one. CI's eight
 * seeds of three people perform each of the 15 actions 24 times (printed at the end).
 */
/**
 * The seeds CI runs: each once failed, and why (every seed that ever failed stays here by name).
 * `npm run torture` runs TORTURE_SEEDS seeds from TORTURE_FIRST_SEED instead.
 */
const FAILED_ONCE: Record<number, string> = {
  1: 'a letter typed before an equal letter of someone undoing theirs was stranded (patched y-tiptap)',
  2: 'a remote change turned a selection of cells into a text selection (patched y-tiptap)',
  9: 'the end of a marker was a separate undo step on a loaded machine (oracle rule O1)',
  13: 'a first "{" apart from its marker: lines pasted before it took its paragraph (patched y-tiptap, textSimilarity)',
  14: 'a first "{" apart from its marker: lines pasted before it took its paragraph (patched y-tiptap, textSimilarity)',
  19: 'a marker’s end undone apart from it, a first "{" apart: lines pasted before it took its paragraph (patched y-tiptap)',
  27: 'a lone "{" in a cell: lines pasted before it took its paragraph (patched y-tiptap, textSimilarity)',
  59: 'a marker typed in Suggestion landed in What is needed: a row removed under the caret put it in the row above’s last text cell (patched y-tiptap)',
};
const seeds = process.env.FUZZ_SEED
  ? [Number(process.env.FUZZ_SEED)]
  : process.env.TORTURE_SEEDS
    ? Array.from({ length: Number(process.env.TORTURE_SEEDS) }, (_, i) => Number(process.env.TORTURE_FIRST_SEED ?? 1) + i)
    : Object.keys(FAILED_ONCE).map(Number);
const PEOPLE = Number(process.env.TORTURE_PEOPLE ?? 3);
const MIN_PER_ACTION = 20;

const results: TortureResult[] = [];

/** TORTURE_SHOTS=dir: screenshots of the room after each seed, at a laptop's, a phone's and a wide screen's size. */
const SHOTS = process.env.TORTURE_SHOTS;
async function shoot(seed: number, page: Page): Promise<void> {
  mkdirSync(SHOTS!, { recursive: true });
  for (const [width, height] of [[1366, 900], [390, 844], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS!, `torture-seed${seed}-${width}x${height}.png`), fullPage: width !== 1920 });
  }
}

async function tortureSeed(seed: number): Promise<TortureResult> {
  const server = await startTestServer({ env: { WEB_DIST } });
  const browser = await launchBrowser();
  const result = await runTortureSeed(browser, server, seed, { people: PEOPLE, afterRun: SHOTS ? (pages) => shoot(seed, pages[0]!) : undefined });
  results.push(result);
  const skipped = Object.entries(result.skipped).map(([why, n]) => `${why} ×${n}`);
  console.log(`torture seed ${seed}: ${result.final?.rows.length ?? 0} rows, ${result.markers.kept}/${result.markers.typed} markers kept${skipped.length ? `, skipped ${skipped.join(', ')}` : ''}`);
  return result;
}

describe('[TE1] [TE5]–[TE10] the room table under concurrent real keys and clicks keeps its skeleton and every marker', () => {
  for (const seed of seeds) {
    it(`seed ${seed}${FAILED_ONCE[seed] ? ` (once failed: ${FAILED_ONCE[seed]})` : ''}`, async () => {
      const result = await tortureSeed(seed);
      expect(result.problems, `seed ${seed} (replay: FUZZ_SEED=${seed})`).toEqual([]);
    });
  }

  it.skipIf(seeds.length * PEOPLE < MIN_PER_ACTION)(`performs every action at least ${MIN_PER_ACTION} times over the seeds`, () => {
    const counts = Object.fromEntries(TORTURE_ACTIONS.map((a) => [a, results.reduce((n, r) => n + r.performed[a], 0)]));
    console.log(`torture actions over ${results.length} seeds: ${JSON.stringify(counts)}`);
    for (const action of TORTURE_ACTIONS) expect(counts[action], action).toBeGreaterThanOrEqual(MIN_PER_ACTION);
  });
});
