import { describe, expect, it } from 'vitest';
import { parseRoute } from '../src/router/parseRoute';

describe('parseRoute', () => {
  it('a join code that is not valid percent-encoding is kept as typed instead of throwing', () => {
    expect(parseRoute('/join/%')).toEqual({ page: 'join', code: '%' });
    expect(parseRoute('/join/%E0%A4%A')).toEqual({ page: 'join', code: '%E0%A4%A' });
    expect(parseRoute('/join/AB%20C')).toEqual({ page: 'join', code: 'AB C' });
    expect(parseRoute('/join')).toEqual({ page: 'join', code: null });
  });
});
