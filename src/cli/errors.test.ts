// Bad input through the real bin: exit 2, exactly one line on stderr, nothing on stdout,
// and nothing written.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatecheck } from '../../test/support/cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-errors-'));
const gatecheck = (args: string[], stdin?: string) => runGatecheck(args, { cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
const CID = 'AAECAwQFBgcICQoLDA0ODw';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const keygen = await gatecheck(['keygen', '--out', 'keys']);
  if (keygen.code !== 0) throw new Error(keygen.stderr);
  const trust = await gatecheck(['trust', '--root', 'keys/root.json', '--seq', '1', '--issuer', 'keys/issuer.json', '--status', 'keys/status.json', '--out', 'trust.json']);
  if (trust.code !== 0) throw new Error(trust.stderr);
  writeFileSync(path.join(dir, 'not-json.json'), '{"payload": ');
  const issuer = JSON.parse((await import('node:fs')).readFileSync(path.join(dir, 'keys/issuer.json'), 'utf8')) as Record<string, string>;
  writeFileSync(path.join(dir, 'wrong-kid.json'), JSON.stringify({ ...issuer, kid: 'AAAAAAAAAAA' }));
  writeFileSync(path.join(dir, 'wrong-secret.json'), JSON.stringify({ ...issuer, secretKey: 'A'.repeat(43) }));
}, 30_000);

const verifyBase = ['verify', '--root', 'keys/root.json', '--trust', 'trust.json', '--now', '1780000000'];

const cases: [string, string[], string?][] = [
  ['no command options', ['keygen']],
  ['a bad key name', ['keygen', '--out', 'more', 'no spaces']],
  ['an unknown option', ['issue', '--key', 'keys/issuer.json', '--frob']],
  ['an option without its value', ['issue', '--key']],
  ['a missing key file', ['issue', '--key', 'nowhere.json']],
  ['a key file whose kid does not match', ['issue', '--key', 'wrong-kid.json']],
  ['a key file whose secret does not match', ['issue', '--key', 'wrong-secret.json']],
  ['a public key where a secret is needed', ['trust', '--root', 'trust.json', '--seq', '1', '--issuer', 'keys/issuer.json']],
  ['a colour that does not exist', ['issue', '--key', 'keys/issuer.json', '--status', 'blue']],
  ['a name over 64 bytes', ['issue', '--key', 'keys/issuer.json', '--name', '张'.repeat(22)]],
  ['a short cid', ['issue', '--key', 'keys/issuer.json', '--cid', 'AAAA']],
  ['exp before iat', ['issue', '--key', 'keys/issuer.json', '--iat', '100', '--exp', '50']],
  ['an iat past 32 bits', ['issue', '--key', 'keys/issuer.json', '--iat', '4294967296']],
  ['trust without --seq', ['trust', '--root', 'keys/root.json', '--issuer', 'keys/issuer.json']],
  ['a non-numeric seq', ['trust', '--root', 'keys/root.json', '--seq', '1e3', '--issuer', 'keys/issuer.json']],
  ['an unknown per-key value', ['trust', '--root', 'keys/root.json', '--seq', '1', '--issuer', 'keys/issuer.json#colour=red']],
  ['a bad status entry', ['status', '--key', 'keys/status.json', '--to', '1', `${CID}=purple`]],
  ['a delta that goes backwards', ['status', '--key', 'keys/status.json', '--from', '3', '--to', '2']],
  ['parts on a delta', ['status', '--key', 'keys/status.json', '--from', '1', '--to', '2', '--parts', '2']],
  ['a trust file that is not JSON', ['verify', '--root', 'keys/root.json', '--trust', 'not-json.json', 'GC1:']],
  ['a root that is neither a key nor a file', ['verify', '--root', 'abc', '--trust', 'trust.json', 'GC1:']],
  ['a negative --now', [...verifyBase, '--now', '-5', 'GC1:']],
  ['a policy that would admit yellow', [...verifyBase, '--policy', '{"yellow":"admit"}', 'GC1:']],
  ['no texts at all', verifyBase, ''],
  ['a status list signed by the root', [...verifyBase, '--status', 'trust.json', 'GC1:']],
];

describe('bad input', () => {
  it.concurrent.each(cases)('%s: exit 2 with one line', async (_what, args, stdin) => {
    const before = readdirSync(dir).sort();
    const result = await gatecheck(args, stdin);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^gatecheck ${args[0]}: [^\\n]+\\n$`));
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
