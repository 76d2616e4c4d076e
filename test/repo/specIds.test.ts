import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'test-results', '.bench', '.build', 'data']);

/** Every file under the repository whose name matches, skipping installs and build output. */
function filesUnder(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('dist-test-')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, match));
    else if (match.test(entry.name)) out.push(path);
  }
  return out;
}

/** A rule id as the specs write it: two or three capitals and a number (`AS1`, `SY10`). */
const ID = '[A-Z]{2,3}\\d+';
/** A definition: the id in bold, bracketed or not (`- **[AS1]** …`, `- **ED1** …`). */
const DEFINITION = new RegExp(`\\*\\*\\[?(${ID})\\]?\\*\\*`, 'g');
/** A citation in a test's name or comment, or a source comment: the id in brackets (`[AS1]`). */
const CITATION = new RegExp(`\\[(${ID})\\]`, 'g');

function definitions(): Map<string, string[]> {
  const defined = new Map<string, string[]>();
  for (const file of filesUnder(ROOT, /\.md$/)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const [, id] of line.matchAll(DEFINITION)) {
          defined.set(id!, [...(defined.get(id!) ?? []), `${relative(ROOT, file)}:${i + 1}`]);
        }
      });
  }
  return defined;
}

function citations(): Map<string, Set<string>> {
  const cited = new Map<string, Set<string>>();
  for (const file of filesUnder(ROOT, /\.(ts|tsx|mjs)$/)) {
    for (const [, id] of readFileSync(file, 'utf8').matchAll(CITATION)) {
      cited.set(id!, (cited.get(id!) ?? new Set()).add(relative(ROOT, file)));
    }
  }
  return cited;
}

describe('rule ids: every id the code and the tests cite is defined once, in a SPEC.md or docs/ACCESS.md', () => {
  const defined = definitions();

  it('the walk sees the specs (a control: a broken walk would make the checks below pass on nothing)', () => {
    expect(defined.get('AS1')?.[0]).toMatch(/^packages\/core\/SPEC\.md:/);
    expect(defined.get('SY10')?.[0]).toMatch(/^packages\/sync\/SPEC\.md:/);
    expect(defined.get('AC1')?.[0]).toMatch(/^docs\/ACCESS\.md:/);
    expect(defined.get('TK1')?.[0]).toMatch(/^apps\/server\/SPEC\.md:/);
    expect(citations().get('AS1')?.size).toBeGreaterThan(0);
  });

  it('no id is cited that no spec defines', () => {
    const undefinedIds = [...citations()]
      .filter(([id]) => !defined.has(id))
      .map(([id, files]) => `${id} cited in ${[...files].sort().join(', ')}`);
    expect(undefinedIds).toEqual([]);
  });

  it('no id is defined twice (two branches that picked the same next number collide here)', () => {
    const twice = [...defined].filter(([, places]) => places.length > 1).map(([id, places]) => `${id} at ${places.join(', ')}`);
    expect(twice).toEqual([]);
  });
});
