import { describe, expect, it } from 'vitest';
import { closeEntry, CloseCode, CLOSES } from '../src/closeCodes';

describe('[CT3] one table of close codes', () => {
  it('every application code (4xxx) and every refusal has an entry; the reconnecting codes have none', () => {
    for (const code of Object.values(CloseCode)) {
      if (code >= 4000) expect(closeEntry(code), String(code)).toBeDefined();
    }
    for (const code of [CloseCode.Restarting, CloseCode.Reloading, CloseCode.TooMuchTooEarly]) expect(closeEntry(code), String(code)).toBeUndefined();
    expect(closeEntry(CloseCode.FrameTooLarge)?.refusal).toBe(true);
  });

  it('the refusals are exactly the codes for a change that was not applied', () => {
    const refusals = Object.entries(CLOSES).filter(([, e]) => e?.refusal).map(([code]) => Number(code)).sort();
    expect(refusals).toEqual([CloseCode.FrameTooLarge, CloseCode.DocumentTooLarge, CloseCode.PersonalLimit, CloseCode.Refused].sort());
  });
});
