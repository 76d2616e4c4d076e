import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/i18n');
const LANGUAGES = ['fr', 'es', 'ar', 'zh', 'ru'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Catalogue = Record<string, unknown>;

function load(lang: string): Catalogue {
  return JSON.parse(readFileSync(path.join(DIR, `${lang}.json`), 'utf8')) as Catalogue;
}

/** Key without its plural suffix: "lobby.joined_one" → "lobby.joined". */
function baseKey(key: string): string {
  return key.replace(PLURAL, '');
}

/** The {{placeholders}} a message uses. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

/** For each base key: its plural forms (empty for plain keys) and the union of their placeholders. */
function shape(catalogue: Catalogue): Map<string, { forms: Set<string>; vars: Set<string> }> {
  const out = new Map<string, { forms: Set<string>; vars: Set<string> }>();
  for (const [key, value] of Object.entries(catalogue)) {
    const base = baseKey(key);
    const entry = out.get(base) ?? { forms: new Set<string>(), vars: new Set<string>() };
    const form = PLURAL.exec(key)?.[1];
    if (form) entry.forms.add(form);
    for (const v of placeholders(String(value))) entry.vars.add(v);
    out.set(base, entry);
  }
  return out;
}

const en = load('en');
const enShape = shape(en);

describe('i18n catalogues', () => {
  it('English has only string messages', () => {
    for (const [key, value] of Object.entries(en)) expect(typeof value, key).toBe('string');
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const catalogue = load(lang);
      const own = shape(catalogue);
      const categories = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories);

      it('has exactly the keys of en.json', () => {
        expect([...own.keys()].sort()).toEqual([...enShape.keys()].sort());
      });

      it('has every message non-empty', () => {
        for (const [key, value] of Object.entries(catalogue)) {
          expect(typeof value, key).toBe('string');
          expect(String(value).trim(), key).not.toBe('');
        }
      });

      it('uses the same placeholders as English', () => {
        for (const [key, { vars }] of enShape) {
          const theirs = own.get(key)?.vars ?? new Set<string>();
          // A plural form may spell the number out ("one minute"), so compare the union over forms,
          // and require every single form to use only placeholders English knows.
          if (enShape.get(key)?.forms.size) {
            for (const v of theirs) expect(vars.has(v), `${lang} ${key} uses unknown {{${v}}}`).toBe(true);
            for (const v of vars) if (v !== 'count') expect(theirs.has(v), `${lang} ${key} lacks {{${v}}}`).toBe(true);
          } else {
            expect([...theirs].sort(), key).toEqual([...vars].sort());
          }
        }
      });

      it("has exactly the plural forms of the language's plural rules", () => {
        for (const [key, { forms }] of enShape) {
          if (forms.size === 0) continue;
          expect([...(own.get(key)?.forms ?? [])].sort(), key).toEqual([...categories].sort());
        }
      });
    });
  }
});
