import { describe, expect, it } from 'vitest';
import { buildDraftPlan, renderRoundsPlan, ROUNDS_PLAN_JSON_FORMAT } from '../src';
import { parseCsv } from './fixtures/parseCsv';
import { seedPlanInput } from './fixtures/seedWorkshop';

const one = buildDraftPlan(seedPlanInput());
const two = buildDraftPlan(seedPlanInput({ purpose: 'Who acts first?', rooms: [{ number: 1, rows: [{ suggestion: 'Start a =mailing list', impact: 'H', effort: 'L', comments: '' }] }] }));
const rounds = [{ round: 1, plan: one }, { round: 2, plan: two }];
const text = (format: 'markdown' | 'html' | 'json' | 'csv') => [...renderRoundsPlan('ccNSO purpose review', rounds, format)].join('');

describe('the draft plan of every round in one file', () => {
  it('[RN6] Markdown and HTML have a section per round, named by its round', () => {
    const md = text('markdown');
    expect(md.match(/^# Draft plan: .*$/gm)).toEqual(['# Draft plan: ccNSO purpose review — round 1', '# Draft plan: ccNSO purpose review — round 2']);
    expect(md).toContain('Who acts first?');
    const html = text('html');
    expect(html.match(/<h1>[^<]*<\/h1>/g)).toEqual(['<h1>Draft plan: ccNSO purpose review — round 1</h1>', '<h1>Draft plan: ccNSO purpose review — round 2</h1>']);
    expect(html.match(/<body>/g)).toHaveLength(1);
    expect(html.match(/<\/html>/g)).toHaveLength(1);
  });

  it('[RN6] JSON holds each round with its plan; CSV has the round first, formulas neutralised', () => {
    const json = JSON.parse(text('json'));
    expect(json.format).toBe(ROUNDS_PLAN_JSON_FORMAT);
    expect(json.rounds.map((r: { round: number; plan: { purpose: string; groups: unknown[] } }) => [r.round, r.plan.purpose, r.plan.groups.length])).toEqual([
      [1, one.purpose, one.groups.length],
      [2, 'Who acts first?', 1],
    ]);
    const table = parseCsv(text('csv'));
    expect(table[0]!.slice(0, 2)).toEqual(['round', 'rank']);
    const body = table.slice(1).filter((r) => r.length > 1);
    expect(new Set(body.map((r) => r[0]))).toEqual(new Set(['1', '2']));
    expect(body.filter((r) => r[0] === '2')).toHaveLength(1);
    expect(body.length).toBe(one.groups.reduce((n, g) => n + g.items.length, 0) + 1);
  });
});
