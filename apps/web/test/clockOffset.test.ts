import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from '../src/live/clockOffset';

describe('estimateClockOffset', () => {
  it('is null without samples', () => {
    expect(estimateClockOffset([])).toBeNull();
  });

  it('takes the midpoint of the sample with the shortest round trip', () => {
    // The server runs 5 s ahead. A slow first request (2 s) would guess up to 1 s wrong.
    const samples = [
      { sentAt: 1000, receivedAt: 3000, serverNow: 6100 },
      { sentAt: 4000, receivedAt: 4020, serverNow: 9012 },
      { sentAt: 5000, receivedAt: 5100, serverNow: 10_040 },
    ];
    expect(estimateClockOffset(samples)).toBe(9012 - 4010);
  });
});
