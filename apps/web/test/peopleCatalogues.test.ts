import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The people-and-roles catalogues (src/i18n/people/*.json) are merged over the main ones at start:
// every language must have exactly English's keys, the same placeholders, and no key of the main
// catalogue (which the merge would silently override).
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/i18n');
const LANGUAGES = ['fr', 'es', 'ar', 'zh', 'ru'] as const;

const load = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Record<string, string>;
const vars = (message: string) => [...message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('people catalogues', () => {
  const en = load('people/en.json');
  it('English takes no key of the main catalogue', () => {
    const main = load('en.json');
    expect(Object.keys(en).filter((k) => k in main)).toEqual([]);
  });
  for (const lang of LANGUAGES) {
    it(`${lang} has English's keys, each non-empty with the same placeholders`, () => {
      const own = load(`people/${lang}.json`);
      expect(Object.keys(own).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(own)) {
        expect(message.trim().length, key).toBeGreaterThan(0);
        expect(vars(message), `${lang} ${key}`).toEqual(vars(en[key]!));
      }
    });
  }
});
