import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOSES, ERRORS, OTHER_CLOSE_KEY } from '@roomtable/contract';
import { describe, expect, it } from 'vitest';
import { errorText, type Translate } from '../src/api/errorText';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/i18n');
const LANGUAGES = ['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const;
const load = (lang: string) => JSON.parse(readFileSync(path.join(DIR, `${lang}.json`), 'utf8')) as Record<string, string>;

/** A catalogue as i18next would look it up, without falling back to another language. */
function translate(catalogue: Record<string, string>): Translate {
  return {
    exists: (key) => Object.hasOwn(catalogue, key),
    t: (key, options) => (catalogue[key] ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(options?.[name] ?? '')),
  };
}

describe('[CT2] every API error code and every close code has a message in all six languages', () => {
  const keys = [...Object.values(ERRORS).map((e) => e.key), ...Object.values(CLOSES).map((e) => e!.key), OTHER_CLOSE_KEY];
  for (const lang of LANGUAGES) {
    it(lang, () => {
      const catalogue = load(lang);
      const missing = keys.filter((key) => typeof catalogue[key] !== 'string' || catalogue[key]!.trim() === '');
      expect(missing).toEqual([]);
    });
  }

  it('the person reads the catalogue’s words, not the server’s English; a code without a key falls back to the server', () => {
    const ar = translate(load('ar'));
    const shown = errorText(ar, 'workshop_closed', 'This workshop is closed; you can no longer join.', 409);
    expect(shown).toBe(load('ar')['error.workshop_closed']);
    expect(shown).not.toMatch(/[a-z]{4}/);
    expect(errorText(translate(load('zh')), 'not_found', 'There is no workshop with id "t71hoc".', 404)).toBe(load('zh')['error.not_found']);
    expect(errorText(ar, 'a_code_of_a_newer_server', 'Server words', 400)).toBe('Server words');
    expect(errorText(ar, 'unknown', null, 502)).toContain('502');
  });
});
