/**
 * The repository stands alone: no tracked source, test, script, document or CI file reads or
 * names the workspace folder that sits beside the checkout where this project was started
 * (its spec and vectors now live in docs/gc1-format.md and test/vectors/). A fresh clone has
 * nothing beside it, so any such reference is a test that fails or a link that leads nowhere.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vectors.ts';

/** What the check covers: folders and single files, as `git ls-files` pathspecs. */
const COVERED = ['src', 'test', 'scripts', 'docs', '.ci', 'README.md', 'package.json'];

// Spelt in pieces so that this file does not name the folder it looks for.
const FOLDER = ['sha', 'red'].join('');
const FORBIDDEN: { why: string; pattern: RegExp }[] = [
  { why: 'a relative path to the folder beside the checkout', pattern: new RegExp(String.raw`\.\.[\\/]+(?:\.\.[\\/]+)*${FOLDER}\b`) },
  {
    why: 'path segments joined into it',
    pattern: new RegExp(String.raw`['"\x60]\.\.['"\x60]\s*,\s*(?:['"\x60]\.\.['"\x60]\s*,\s*)*['"\x60]${FOLDER}['"\x60]`),
  },
  { why: 'an absolute path into the workspace', pattern: new RegExp(String.raw`/work/(?:${FOLDER}|notes|wt|main)\b`) },
];

/** Tracked files under the covered paths (what a clone gets). */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--', ...COVERED], { cwd: REPO_ROOT, encoding: 'utf8' });
  return out.split('\0').filter((file) => file !== '');
}

/** Every forbidden reference in one text, as "line N: why: the line". */
function forbiddenReferences(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { why, pattern } of FORBIDDEN) if (pattern.test(line)) found.push(`line ${index + 1}: ${why}: ${line.trim()}`);
  });
  return found;
}

describe('the repository stands alone', () => {
  it('recognises each way of reaching outside the checkout (the check can fail)', () => {
    const relative = ['..', FOLDER, 'spec', 'gc1.md'].join('/');
    expect(forbiddenReferences(`see \`${relative}\``)).toHaveLength(1);
    expect(forbiddenReferences(`readFileSync('${['..', '..', FOLDER, 'x.json'].join('/')}')`)).toHaveLength(1);
    expect(forbiddenReferences(`path.resolve(root, '..', '${FOLDER}', 'spec')`)).toHaveLength(1);
    expect(forbiddenReferences(`open("/work/${FOLDER}/spec/vectors")`)).toHaveLength(1);
    // A longer name that starts like the folder is not the folder (spelt in pieces, as above).
    expect(forbiddenReferences(`a shared cache; the scanner and the server share core; ../${FOLDER}Worker.ts`)).toEqual([]);
  });

  it('covers the files a clone gets', () => {
    const files = trackedFiles();
    for (const expected of ['README.md', 'package.json', 'src/core/README.md', 'test/vectors/gc1-public.json', 'docs/gc1-format.md']) {
      expect(files).toContain(expected);
    }
  });

  it('no tracked file under src/, test/, scripts/, docs/, .ci/, README.md or package.json reads or names the folder beside the checkout', () => {
    const offences: string[] = [];
    for (const file of trackedFiles()) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const found of forbiddenReferences(text)) offences.push(`${file} ${found}`);
    }
    expect(offences).toEqual([]);
  });
});
