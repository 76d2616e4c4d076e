import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../src/i18n/detectLanguage';

describe('detectLanguage: the language a visit starts in', () => {
  it('takes the link’s ?lang= over a remembered pick and the browser', () => {
    expect(detectLanguage({ search: '?lang=ar', stored: 'fr', browser: ['ru-RU'] })).toBe('ar');
  });

  it('takes the remembered pick over the browser', () => {
    expect(detectLanguage({ search: '', stored: 'zh', browser: ['es-ES', 'en'] })).toBe('zh');
  });

  it('follows the browser’s order, a regional tag counting as its language', () => {
    expect(detectLanguage({ search: '', stored: null, browser: ['de-DE', 'fr-CA', 'en-US'] })).toBe('fr');
  });

  it('skips what is not supported at every step, ending in English', () => {
    expect(detectLanguage({ search: '?lang=xx', stored: 'klingon', browser: ['ru'] })).toBe('ru');
    expect(detectLanguage({ search: '?other=1', stored: null, browser: ['de', 'pt-BR'] })).toBe('en');
    expect(detectLanguage({ search: '', stored: null, browser: [] })).toBe('en');
  });
});
