// Bad input: exit 2, exactly one line on stderr, nothing on stdout, and nothing written.
// Every case runs through the dispatcher in this process; one case per verb also runs
// through the real bin, so the process's own stderr and exit status are checked too.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatecheck } from '../../test/support/cli.ts';
import type { CliIO } from './command.ts';
import { run } from './main.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-errors-'));
const at = (name: string) => path.join(dir, name);
const CID = 'AAECAwQFBgcICQoLDA0ODw';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runInProcess(args: string[], stdin = '') {
  const io = { stdout: '', stderr: '' };
  const cliIO: CliIO = {
    stdout: (t) => {
      io.stdout += t;
    },
    stderr: (t) => {
      io.stderr += t;
    },
    readStdin: async () => stdin,
  };
  const code = await run(args, cliIO);
  return { code, ...io };
}

beforeAll(async () => {
  expect((await runInProcess(['keygen', '--out', at('keys')])).code).toBe(0);
  const trust = await runInProcess([
    'trust',
    '--root',
    at('keys/root.json'),
    '--seq',
    '1',
    '--issuer',
    at('keys/issuer.json'),
    '--status',
    at('keys/status.json'),
    '--out',
    at('trust.json'),
  ]);
  expect(trust.stderr).toBe('');
  writeFileSync(at('not-json.json'), '{"payload": ');
  const issuer = JSON.parse(readFileSync(at('keys/issuer.json'), 'utf8')) as Record<string, string>;
  writeFileSync(at('wrong-kid.json'), JSON.stringify({ ...issuer, kid: 'AAAAAAAAAAA' }));
  writeFileSync(at('wrong-secret.json'), JSON.stringify({ ...issuer, secretKey: 'A'.repeat(43) }));
});

const verifyBase = () => ['verify', '--root', at('keys/root.json'), '--trust', at('trust.json'), '--now', '1780000000'];

/** [what, arguments, stdin, also through the bin?] */
const cases: [string, () => string[], string?, 'bin'?][] = [
  ['keygen without --out', () => ['keygen'], undefined, 'bin'],
  ['a bad key name', () => ['keygen', '--out', at('more'), 'no spaces']],
  ['an unknown option', () => ['issue', '--key', at('keys/issuer.json'), '--frob'], undefined, 'bin'],
  ['an option without its value', () => ['issue', '--key']],
  ['a missing key file', () => ['issue', '--key', at('nowhere.json')]],
  ['a key file whose kid does not match', () => ['issue', '--key', at('wrong-kid.json')]],
  ['a key file whose secret does not match', () => ['issue', '--key', at('wrong-secret.json')]],
  ['a public key where a secret is needed', () => ['trust', '--root', at('trust.json'), '--seq', '1', '--issuer', at('keys/issuer.json')]],
  ['a colour that does not exist', () => ['issue', '--key', at('keys/issuer.json'), '--status', 'blue']],
  ['a name over 64 bytes', () => ['issue', '--key', at('keys/issuer.json'), '--name', '张'.repeat(22)]],
  ['a short cid', () => ['issue', '--key', at('keys/issuer.json'), '--cid', 'AAAA']],
  ['exp before iat', () => ['issue', '--key', at('keys/issuer.json'), '--iat', '100', '--exp', '50']],
  ['an iat past 32 bits', () => ['issue', '--key', at('keys/issuer.json'), '--iat', '4294967296']],
  ['trust without --seq', () => ['trust', '--root', at('keys/root.json'), '--issuer', at('keys/issuer.json')], undefined, 'bin'],
  ['a non-numeric seq', () => ['trust', '--root', at('keys/root.json'), '--seq', '1e3', '--issuer', at('keys/issuer.json')]],
  [
    'an unknown per-key value',
    () => ['trust', '--root', at('keys/root.json'), '--seq', '1', '--issuer', `${at('keys/issuer.json')}#colour=red`],
  ],
  ['a bad status entry', () => ['status', '--key', at('keys/status.json'), '--to', '1', `${CID}=purple`], undefined, 'bin'],
  ['a bad status entry on stdin', () => ['status', '--key', at('keys/status.json'), '--to', '1'], `${CID}=red\nnot an entry\n`],
  ['a delta that goes backwards', () => ['status', '--key', at('keys/status.json'), '--from', '3', '--to', '2']],
  ['parts on a delta', () => ['status', '--key', at('keys/status.json'), '--from', '1', '--to', '2', '--parts', '2']],
  [
    'a trust file that is not JSON',
    () => ['verify', '--root', at('keys/root.json'), '--trust', at('not-json.json'), 'GC1:'],
    undefined,
    'bin',
  ],
  ['a root that is neither a key nor a file', () => ['verify', '--root', 'abc', '--trust', at('trust.json'), 'GC1:']],
  ['a negative --now', () => [...verifyBase(), '--now', '-5', 'GC1:']],
  ['a policy that would admit yellow', () => [...verifyBase(), '--policy', '{"yellow":"admit"}', 'GC1:']],
  ['no texts at all', verifyBase, ''],
  ['a status list signed by the root', () => [...verifyBase(), '--status', at('trust.json'), 'GC1:']],
  ['serve with a retention of zero days', () => ['serve', '--data', at('serve-data'), '--keep-entries-days', '0']],
  ['serve with an application retention of zero days', () => ['serve', '--data', at('serve-data'), '--keep-applications-days', '0']],
  ['serve with an issuer key file that does not exist', () => ['serve', '--data', at('serve-data'), '--issuer-key', at('nowhere.json')]],
  ['serve with a trust bundle as the issuer key', () => ['serve', '--data', at('serve-data'), '--issuer-key', at('trust.json')]],
  ['serve with a port out of range', () => ['serve', '--data', at('serve-data'), '--port', '70000']],
  ['an unknown command', () => ['sign'], undefined, 'bin'],
];

function expectOneLineRefusal(result: { code: number | null; stdout: string; stderr: string }, args: string[]) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const label = args[0] === 'sign' ? 'gatecheck' : `gatecheck ${args[0]}`;
  expect(result.stderr).toMatch(new RegExp(`^${label}: [^\\n]+\\n$`));
}

describe('bad input', () => {
  it.each(cases)('%s: exit 2 with one line', async (_what, args, stdin) => {
    const before = readdirSync(dir).sort();
    expectOneLineRefusal(await runInProcess(args(), stdin), args());
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it.concurrent.each(cases.filter((c) => c[3] === 'bin'))('%s: the same through the real bin', async (_what, args, stdin) => {
    expectOneLineRefusal(await runGatecheck(args(), { cwd: dir, ...(stdin === undefined ? {} : { stdin }) }), args());
  });
});
