/** One reading of the server clock: local times around the request and the server's time in the answer. */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

/**
 * Server clock minus this browser's clock, from the sample with the shortest round trip: the
 * server read its clock somewhere inside the round trip, so the shortest one guesses it best
 * (the first request of a page is often slowed by the page's own loading). Null without samples.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const s of samples) {
    if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
  }
  return best ? best.serverNow - (best.sentAt + best.receivedAt) / 2 : null;
}
