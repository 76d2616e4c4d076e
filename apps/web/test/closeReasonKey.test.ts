import { describe, expect, it } from 'vitest';
import { closeReasonKey, isRefusal, shouldReconnect } from '../src/live/closeReasonKey';

describe('what the room does when the server closes its connection', () => {
  it('a refused change (4422 schema, 4413 document full, 4414 personal share, 1009 frame too large) stops and is explained', () => {
    for (const code of [4422, 4413, 4414, 1009]) {
      expect(isRefusal(code), String(code)).toBe(true);
      expect(shouldReconnect({ code }), String(code)).toBe(false);
      expect(closeReasonKey(code)).toMatch(/^sync\.refused\./);
    }
  });

  it('a server that cannot keep a document consistent (1013), restarts (1012) or drops the line reconnects', () => {
    for (const code of [1013, 1012, 1006, 1001]) {
      expect(shouldReconnect({ code }), String(code)).toBe(true);
      expect(isRefusal(code)).toBe(false);
    }
  });

  it('the other 44xx codes stop without a drop offer: retrying is pointless, but nothing was refused', () => {
    for (const code of [4401, 4403, 4404, 4400, 4408, 4420, 4429]) {
      expect(shouldReconnect({ code }), String(code)).toBe(false);
      expect(isRefusal(code)).toBe(false);
    }
  });

  it('[SY22] [SY24] the budget codes have their own explanation', () => {
    expect(closeReasonKey(4420)).toBe('sync.closed.tooFast');
    expect(closeReasonKey(4414)).toBe('sync.refused.personalLimit');
  });

  it('a removed person (4410) and a revoked facilitator link (4411) stop, each with its own plain message', () => {
    expect([closeReasonKey(4410), closeReasonKey(4411)]).toEqual(['people.closed.removed', 'people.closed.revoked']);
    for (const code of [4410, 4411]) expect(shouldReconnect({ code }), String(code)).toBe(false);
  });
});
