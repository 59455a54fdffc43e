/**
 * The README's CLI walk-through works when pasted into bash: the fenced block after the
 * marker comment is run as it stands, with bash, in an empty temporary folder, with
 * `gatecheck` on the PATH the way `npm link` puts it there (a symlink to bin/gatecheck.js).
 * Each command must end with exit status 0, or with the status its comment announces
 * ("exit status N").
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSteps, steps } from '../support/shell-blocks.ts';
import { REPO_ROOT } from '../support/vectors.ts';

const MARKER = '<!-- test/unit/readme-walkthrough.test.ts runs this block';

/** The walk-through block: the ```sh fence right after the marker comment. */
function walkthroughBlock(readme: string): string {
  const at = readme.indexOf(MARKER);
  if (at < 0) throw new Error('README.md has no walk-through marker');
  const fence = /```sh\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!fence) throw new Error('no ```sh block after the walk-through marker');
  return fence[1]!;
}

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'gatecheck-walkthrough-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the README walk-through', () => {
  const block = walkthroughBlock(readme);

  it('is pasteable: no placeholders, shell redirects from angle brackets, or codes in double quotes', () => {
    // The commands without their trailing comments (a comment may show output such as "GC1:…").
    const commands = (text: string) =>
      text
        .split('\n')
        .map((line) => line.replace(/(^|\s)#\s.*$/, ''))
        .join('\n');
    expect(commands(block)).not.toMatch(/<[A-Za-z_]+>/);
    expect(commands(block)).not.toMatch(/"GC1:/);
    expect(commands(block)).not.toContain('…');
    // Every sh block of the README, not only this one: a code in double quotes breaks on `$`.
    for (const fence of readme.matchAll(/```sh\n([\s\S]*?)\n```/g)) expect(commands(fence[1]!)).not.toMatch(/"GC1:/);
  });

  it('runs in bash in an empty folder, each command ending with the status it announces', () => {
    const list = steps(block);
    expect(list.length).toBeGreaterThanOrEqual(8);
    const folder = path.join(work, 'folder');
    mkdirSync(folder);
    const run = runSteps(list, { work, cwd: folder });
    expect(run.statuses, `${run.report}\n--- stderr:\n${run.stderr}`).toEqual(list.map((step) => step.expectedStatus));

    // What the comments promise: the code reads back from its PNG, admits, then turns yellow.
    const issued = JSON.parse(readFileSync(path.join(folder, 'code.json'), 'utf8')) as { text: string; cid: string };
    expect(issued.text).toMatch(/^GC1:/);
    expect(run.stdout).toContain(`code.png\t${issued.text}\t`);
    const verdicts = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"reason"'))
      .map((line) => JSON.parse(line) as { reason: string; decision: string; cid: string });
    expect(verdicts.map((v) => [v.reason, v.decision, v.cid])).toEqual([
      ['ok', 'admit', issued.cid],
      ['status_yellow', 'refer', issued.cid],
    ]);
  }, 120_000);
});
