import { LIMITS, PLENARY_LIMITS, validateSettings } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import { broadcastBody, createWorkshopBody, joinBody, questionBody } from '../src/requestSchemas';

const column = (key: string) => ({ key, label: 'Impact', kind: 'rating' as const });
const template = (key: string) => ({ columns: [{ key: 'suggestion', label: 'Suggestion', kind: 'text' as const }, column(key)] });

describe('[CT1] request schemas take every body the domain takes, by the core limits', () => {
  it('a purpose of LIMITS.purposeMax characters passes both layers; one more is refused by both', () => {
    const ok = { title: 'T', purpose: 'p'.repeat(LIMITS.purposeMax) };
    expect(createWorkshopBody.safeParse(ok).success).toBe(true);
    expect(() => validateSettings(ok)).not.toThrow();
    const over = { title: 'T', purpose: 'p'.repeat(LIMITS.purposeMax + 1) };
    expect(createWorkshopBody.safeParse(over).success).toBe(false);
    expect(() => validateSettings(over)).toThrow(/limit is 20000/);
    // 6,000 characters: the hand-written bound of 5,000 refused what the domain takes.
    expect(createWorkshopBody.safeParse({ title: 'T', purpose: 'p'.repeat(6000) }).success).toBe(true);
  });

  it('texts are measured trimmed, as the domain measures them', () => {
    const padded = `  ${'t'.repeat(LIMITS.titleMax)}  `;
    expect(createWorkshopBody.safeParse({ title: padded }).success).toBe(true);
    expect(() => validateSettings({ title: padded })).not.toThrow();
    expect(joinBody.safeParse({ name: ` ${'n'.repeat(LIMITS.nameMax)} `, joinCode: 'abc' }).success).toBe(true);
    expect(joinBody.safeParse({ name: 'n'.repeat(LIMITS.nameMax + 1), joinCode: 'abc' }).success).toBe(false);
    expect(broadcastBody.safeParse({ message: 'm'.repeat(LIMITS.broadcastMax + 1) }).success).toBe(false);
    expect(questionBody.safeParse({ room: 1, text: 'q'.repeat(PLENARY_LIMITS.questionMax) }).success).toBe(true);
  });

  it('column keys follow the core pattern: "Impact" and 40 characters pass, a digit first or 41 characters do not', () => {
    for (const key of ['Impact', 'impact', 'a'.repeat(40), 'A_1']) {
      expect(createWorkshopBody.safeParse({ title: 'T', template: template(key) }).success, key).toBe(true);
      expect(() => validateSettings({ title: 'T', template: template(key) }), key).not.toThrow();
    }
    for (const key of ['1abc', 'a'.repeat(41), 'with space', '']) {
      expect(createWorkshopBody.safeParse({ title: 'T', template: template(key) }).success, key).toBe(false);
      expect(() => validateSettings({ title: 'T', template: template(key) }), key).toThrow();
    }
  });

  it('counts follow the core limits', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);
    expect(createWorkshopBody.safeParse({ title: 'T', suggestions: many(LIMITS.suggestionsMax) }).success).toBe(true);
    expect(createWorkshopBody.safeParse({ title: 'T', suggestions: many(LIMITS.suggestionsMax + 1) }).success).toBe(false);
    expect(createWorkshopBody.safeParse({ title: 'T', rooms: LIMITS.roomsMax }).success).toBe(true);
    expect(createWorkshopBody.safeParse({ title: 'T', rooms: LIMITS.roomsMax + 1 }).success).toBe(false);
  });
});
