import { describe, expect, it } from 'vitest';
import { matrixAxes, matrixPoints } from '../src/matrix';
import { openPoll, plenaryOf, publicPlenary, vote } from '../src/plenary';
import { buildPollItems, castBallot, newPoll, ratingColumns, tallyPoll, validateBallot } from '../src/polls';
import type { Poll } from '../src/polls';
import { DEFAULT_TEMPLATE } from '../src/template';
import type { Column, Template } from '../src/template';
import { addParticipant, createWorkshop, setPhase } from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { validateTemplate } from '../src/workshopSettings';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const F = { role: 'facilitator', participantId: null } as const;
const text = (key: string, label: string): Column => ({ key, label, kind: 'text' });
const rate = (key: string, label: string): Column => ({ key, label, kind: 'rating' });

/** Templates with 0, 1, 2 and 3 rating columns, as the set-up form can make them. */
const NONE: Template = validateTemplate({ columns: [text('idea', 'Idea'), text('owner', 'Owner')] });
const ONE: Template = validateTemplate({ columns: [text('idea', 'Idea'), rate('priority', 'Priority'), text('owner', 'Owner')] });
const TWO: Template = validateTemplate({ columns: [text('idea', 'Idea'), rate('value', 'Value'), rate('cost', 'Cost')] });
const THREE: Template = validateTemplate({ columns: [text('idea', 'Idea'), rate('reach', 'Reach'), rate('effort', 'Effort'), rate('impact', 'Impact')] });

function pollOn(template: Template, rows: Array<Record<string, string | null>>, kind: 'rating' | 'dots' = 'rating'): Poll {
  const items = buildPollItems([{ number: 1, rows }], template);
  return newPoll({ id: 'p', kind, dots: kind === 'dots' ? 3 : null, snapshotId: 's', columns: ratingColumns(template), items, now: T0 });
}

function reportingWith(template: Template): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Custom', rooms: 1, template });
  w = addParticipant(w, { id: 'p1', name: 'P1', now: T0 });
  return setPhase(setPhase(w, 'breakout', T0), 'reporting', T0 + 1);
}

describe('[PL4] polls follow the template\'s rating columns', () => {
  it('no rating column: items still come from the first text column; a rating poll is refused (409), a dot vote works; no matrix', () => {
    const items = buildPollItems([{ number: 1, rows: [{ idea: 'Shared calendar', owner: 'Ana' }] }], NONE);
    expect(items).toEqual([{ key: '1.0', room: 1, row: 0, suggestion: 'Shared calendar', ratings: {}, impact: null, effort: null }]);
    refuses(() => pollOn(NONE, [{ idea: 'Shared calendar', owner: 'Ana' }]), 'no_rating_columns', 409, /dot vote/);
    const w = reportingWith(NONE);
    refuses(() => openPoll(w, F, { id: 'x', kind: 'rating', snapshotId: 's', items, now: T0 }), 'no_rating_columns', 409);
    let dots = pollOn(NONE, [{ idea: 'Shared calendar', owner: 'Ana' }], 'dots');
    dots = castBallot(dots, 'p1', { kind: 'dots', dots: { '1.0': 2 } });
    expect(tallyPoll(dots)).toEqual([{ key: '1.0', voters: 1, columns: {}, dots: 2 }]);
    expect(matrixAxes(ratingColumns(NONE))).toBeNull();
  });

  it('one rating column: a ballot rates just that column; tallies count it; no matrix', () => {
    let poll = pollOn(ONE, [{ idea: 'Shared calendar', priority: 'H', owner: 'Ana' }, { idea: 'Newsletter', priority: null, owner: '' }]);
    expect(poll.columns).toEqual([{ key: 'priority', label: 'Priority' }]);
    expect(poll.items[0]!.ratings).toEqual({ priority: 'H' });
    expect(validateBallot(poll, { kind: 'rating', ratings: { '1.0': { priority: 'M' } } })).toEqual({ kind: 'rating', ratings: { '1.0': { priority: 'M' } } });
    // The default template's impact/effort are not columns here, and a missing column is no answer.
    refuses(() => validateBallot(poll, { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'L' } } }), 'invalid_rating', undefined, /no column "impact"/);
    refuses(() => validateBallot(poll, { kind: 'rating', ratings: { '1.0': {} } }), 'invalid_rating', undefined, /"Priority" \(priority\)/);
    refuses(() => validateBallot(poll, { kind: 'rating', ratings: { '1.0': { priority: 'X' } } }), 'invalid_rating');
    poll = castBallot(poll, 'a', { kind: 'rating', ratings: { '1.0': { priority: 'H' }, '1.1': { priority: 'L' } } });
    poll = castBallot(poll, 'b', { kind: 'rating', ratings: { '1.0': { priority: 'M' } } });
    expect(tallyPoll(poll)).toEqual([
      { key: '1.0', voters: 2, columns: { priority: { counts: { H: 1, M: 1, L: 0 }, mean: 2.5 } }, dots: 0 },
      { key: '1.1', voters: 1, columns: { priority: { counts: { H: 0, M: 0, L: 1 }, mean: 1 } }, dots: 0 },
    ]);
    expect(matrixAxes(poll.columns)).toBeNull();
  });

  it('two rating columns without impact/effort keys: both rated; the matrix plots the first up and the second across', () => {
    let poll = pollOn(TWO, [{ idea: 'Shared calendar', value: 'H', cost: 'L' }, { idea: 'Newsletter', value: 'L', cost: null }]);
    refuses(() => validateBallot(poll, { kind: 'rating', ratings: { '1.0': { value: 'H' } } }), 'invalid_rating');
    poll = castBallot(poll, 'a', { kind: 'rating', ratings: { '1.1': { value: 'L', cost: 'H' } } });
    const axes = matrixAxes(poll.columns)!;
    expect(axes).toEqual({ y: { key: 'value', label: 'Value' }, x: { key: 'cost', label: 'Cost' }, impactEffort: false });
    const tally = tallyPoll(poll);
    expect(tally[1]).toMatchObject({ voters: 1, columns: { value: { mean: 1 }, cost: { mean: 3 } } });
    expect(tally[1]).not.toHaveProperty('impact');
    expect(matrixPoints(poll.items, axes, tally).map((p) => [p.key, p.source, p.y, p.x, p.quadrant])).toEqual([
      ['1.0', 'room', 3, 1, 'quickWins'],
      ['1.1', 'poll', 1, 3, 'timeSinks'],
    ]);
  });

  it('three rating columns with impact and effort among them: every column rated; the matrix uses impact/effort, not the first two', () => {
    let poll = pollOn(THREE, [{ idea: 'Shared calendar', reach: 'L', effort: 'H', impact: 'H' }]);
    expect(poll.columns.map((c) => c.key)).toEqual(['reach', 'effort', 'impact']);
    refuses(() => validateBallot(poll, { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'L' } } }), 'invalid_rating', undefined, /Reach/);
    poll = castBallot(poll, 'a', { kind: 'rating', ratings: { '1.0': { reach: 'H', effort: 'L', impact: 'M' } } });
    poll = castBallot(poll, 'b', { kind: 'rating', ratings: { '1.0': { reach: 'H', effort: 'L', impact: 'H' } } });
    const [t] = tallyPoll(poll);
    expect(t!.columns).toEqual({
      reach: { counts: { H: 2, M: 0, L: 0 }, mean: 3 },
      effort: { counts: { H: 0, M: 0, L: 2 }, mean: 1 },
      impact: { counts: { H: 1, M: 1, L: 0 }, mean: 2.5 },
    });
    const axes = matrixAxes(poll.columns)!;
    expect([axes.y.key, axes.x.key, axes.impactEffort]).toEqual(['impact', 'effort', true]);
    expect(matrixPoints(poll.items, axes, [t!]).map((p) => [p.source, p.y, p.x, p.quadrant])).toEqual([
      ['room', 3, 3, 'bigBets'],
      ['poll', 2.5, 1, 'quickWins'],
    ]);
  });

  it('the default template: impact and effort, labelled from the template, with the first API\'s tally fields', () => {
    const poll = castBallot(pollOn(DEFAULT_TEMPLATE, [{ suggestion: 'Minutes', impact: 'H', effort: 'M' }]), 'a', { kind: 'rating', ratings: { '1.0': { impact: 'M', effort: 'L' } } });
    expect(poll.columns).toEqual([{ key: 'impact', label: 'Impact H/M/L' }, { key: 'effort', label: 'Effort H/M/L' }]);
    expect(tallyPoll(poll)[0]).toMatchObject({ impact: { H: 0, M: 1, L: 0 }, impactScore: 2, effort: { H: 0, M: 0, L: 1 }, effortScore: 1 });
    expect(matrixAxes(poll.columns)).toMatchObject({ impactEffort: true, y: { key: 'impact' }, x: { key: 'effort' } });
  });

  it('a poll stored before polls followed the template still reads, tallies, takes ballots and places points', () => {
    const legacyPoll = {
      id: 'old',
      kind: 'rating',
      dots: null,
      snapshotId: 's',
      items: [{ key: '1.0', room: 1, row: 0, suggestion: 'Minutes', impact: 'H', effort: 'L' }],
      ballots: { a: { kind: 'rating', ratings: { '1.0': { impact: 'M', effort: 'L' } } } },
      openedAt: T0,
      closedAt: null,
    };
    const w = reportingWith(DEFAULT_TEMPLATE);
    const old = { ...w, plenary: { presentingRoom: null, pointer: null, questions: [], polls: [legacyPoll], noteTakers: [] } } as unknown as Workshop;
    const pub = publicPlenary(plenaryOf(old)).polls[0]!;
    expect(pub.columns).toEqual([{ key: 'impact', label: 'Impact H/M/L' }, { key: 'effort', label: 'Effort H/M/L' }]);
    expect(pub.items[0]!.ratings).toEqual({ impact: 'H', effort: 'L' });
    expect(pub.tally[0]).toMatchObject({ voters: 1, impactScore: 2, effortScore: 1 });
    // Read straight from the record too (the live state does not go through plenaryOf).
    expect(publicPlenary(old.plenary!).polls[0]!.tally[0]).toMatchObject({ voters: 1 });
    const after = vote(old, { role: 'participant', participantId: 'p1' }, 'old', { kind: 'rating', ratings: { '1.0': { impact: 'H', effort: 'H' } } });
    expect(publicPlenary(plenaryOf(after)).polls[0]!.tally[0]).toMatchObject({ voters: 2, impact: { H: 1, M: 1, L: 0 } });
    const axes = matrixAxes(pub.columns)!;
    expect(matrixPoints(pub.items, axes, pub.tally).map((p) => [p.source, p.y, p.x])).toEqual([['room', 3, 1], ['poll', 2, 1]]);
  });
});
