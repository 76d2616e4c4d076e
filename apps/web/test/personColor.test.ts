import { describe, expect, it } from 'vitest';
import { personColor } from '../src/room/personColor';

describe('personColor', () => {
  it('gives the first eight people a page sees eight colours, and each person the same one every time', () => {
    // These three names hashed to one brown before, so their carets in one cell looked alike.
    const keys = ['link:owner', 'link:bo', 'id:p-ana', 'id:p-1', 'id:p-2', 'id:p-3', 'id:p-4', 'id:p-5'];
    const colors = keys.map(personColor);
    expect(new Set(colors).size).toBe(8);
    expect(keys.map(personColor)).toEqual(colors);
    expect(colors.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
  });
});
