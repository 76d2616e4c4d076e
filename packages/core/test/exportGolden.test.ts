import { describe, expect, it } from 'vitest';
import { renderPlan, renderSnapshot, DEFAULT_TEMPLATE, EXPORT_FORMATS, exportFormatInfo } from '../src';
import { SEED_ROOMS, seedPlan } from './fixtures/seedWorkshop';

const join = (chunks: Iterable<string>) => [...chunks].join('');

// Golden files: run `npx vitest run -u packages/core/test/exportGolden.test.ts` after an intended change, and read the diff.
describe('draft-plan exports of the seed workshop match their golden files', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}`, async () => {
      const text = join(renderPlan(seedPlan(), format));
      await expect(text).toMatchFileSnapshot(`./golden/draft-plan.${exportFormatInfo(format).extension}`);
    });
  }

  it('a snapshot on its own, in every format', async () => {
    const snapshot = { id: 's_fixture', title: 'ccNSO purpose review', takenAt: Date.UTC(2020, 10, 5, 14, 30), reason: 'breakout-ended', rooms: SEED_ROOMS };
    for (const format of EXPORT_FORMATS) {
      const text = join(renderSnapshot(snapshot, DEFAULT_TEMPLATE, format));
      await expect(text).toMatchFileSnapshot(`./golden/snapshot.${exportFormatInfo(format).extension}`);
    }
  });

  it('the JSON export parses back to the plan', () => {
    const plan = seedPlan();
    const parsed = JSON.parse(join(renderPlan(plan, 'json'))) as Record<string, unknown>;
    expect(parsed).toEqual({ format: 'roomtable.draft-plan/1', ...JSON.parse(JSON.stringify(plan)) });
  });

  it('an empty workshop still renders valid JSON', () => {
    const plan = seedPlan({ rooms: [], polls: [], questions: [], notes: '' });
    expect(JSON.parse(join(renderPlan(plan, 'json'))).groups).toEqual([]);
  });
});
