// Two regions through the real bin (GC1 1.1 §6): region b names itself, region a recognises it
// with --recognise / --recognise-root, and `gatecheck verify` under a's bundle checks b's codes
// against b's own chain only. Wrong roots, wrong ids and missing roots are refused with exit 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64uDecode } from '../core/index.ts';
import { jsonLines, runGatecheck, type CliRun } from '../../test/support/cli.ts';

const NOW = 1_780_000_000;
const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-federation-'));
const at = (name: string) => path.join(dir, name);
const gatecheck = (...args: string[]) => runGatecheck(args, { cwd: dir });
function ok(result: CliRun): CliRun {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result;
}
const publicKeyOf = (file: string) => (JSON.parse(readFileSync(at(file), 'utf8')) as { publicKey: string }).publicKey;
const trustOf = (region: 'a' | 'b', ...extra: string[]) =>
  gatecheck(
    'trust',
    '--root',
    `${region}/root.json`,
    '--seq',
    '1',
    '--issuer',
    `${region}/issuer.json`,
    '--status',
    `${region}/status.json`,
    '--authority',
    region,
    '--region',
    region === 'a' ? '440300' : '500000',
    '--name-en',
    region === 'a' ? 'Shenzhen Health Commission' : 'Chongqing Big Data Bureau',
    '--issued-at',
    String(NOW - 3600),
    '--not-before',
    String(NOW - 86_400),
    ...extra,
  );

let codes: Record<'aGreen' | 'bGreen' | 'bRevoked', { text: string; cid: string }>;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  ok(await gatecheck('keygen', '--out', 'a'));
  ok(await gatecheck('keygen', '--out', 'b'));
  ok(await trustOf('b', '--out', 'b-trust.json'));
  ok(await trustOf('a', '--recognise', 'b=b-trust.json', '--recognise-root', `b=${publicKeyOf('b/root.json')}`, '--out', 'a-trust.json'));
  const issue = async (region: 'a' | 'b') =>
    JSON.parse(ok(await gatecheck('issue', '--key', `${region}/issuer.json`, '--json', '--iat', String(NOW - 60))).stdout) as {
      text: string;
      cid: string;
    };
  codes = { aGreen: await issue('a'), bGreen: await issue('b'), bRevoked: await issue('b') };
  ok(
    await gatecheck(
      'status',
      '--key',
      'a/status.json',
      '--authority',
      'a',
      '--to',
      '3',
      '--issued-at',
      String(NOW - 600),
      '--out',
      'a-status.json',
    ),
  );
  // b revokes its own code, and names a's code too: that entry must not touch a's code.
  ok(
    await gatecheck(
      'status',
      '--key',
      'b/status.json',
      '--authority',
      'b',
      '--to',
      '9',
      '--issued-at',
      String(NOW - 300),
      '--out',
      'b-status.json',
      `${codes.bRevoked.cid}=revoked`,
      `${codes.aGreen.cid}=red`,
    ),
  );
}, 60_000);

const verifyUnderA = (statusFiles: string[], texts: string[]) => {
  const envelopes = statusFiles.map((f) => JSON.parse(readFileSync(at(f), 'utf8')) as unknown);
  const chain = at(`chain-${statusFiles.join('-')}.json`);
  writeFileSync(chain, JSON.stringify(envelopes));
  return gatecheck(
    'verify',
    '--root',
    publicKeyOf('a/root.json'),
    '--trust',
    'a-trust.json',
    '--status',
    chain,
    '--now',
    String(NOW),
    ...texts,
  );
};

describe('gatecheck trust --recognise', () => {
  it("lists the peer's issuer and status keys under its authority, with their windows, regions and names", () => {
    const envelope = JSON.parse(readFileSync(at('a-trust.json'), 'utf8')) as { payload: string };
    const document = JSON.parse(new TextDecoder().decode(b64uDecode(envelope.payload)!)) as {
      authority: string;
      keys: { use: string; authority?: string; region: number; name: Record<string, string>; notBefore: number; notAfter: number }[];
    };
    expect(document.authority).toBe('a');
    const peerKeys = document.keys.filter((k) => k.authority === 'b');
    expect(peerKeys.map((k) => k.use).sort()).toEqual(['issuer', 'status']);
    for (const key of peerKeys) {
      expect(key).toMatchObject({ region: 500000, name: { en: 'Chongqing Big Data Bureau' }, notBefore: NOW - 86_400 });
      expect(key.notAfter).toBeGreaterThan(NOW);
    }
  });

  it("verifies the peer's codes against the peer's chain only, and reports the peer's data age", async () => {
    const result = await verifyUnderA(['a-status.json', 'b-status.json'], [codes.bGreen.text, codes.bRevoked.text, codes.aGreen.text]);
    expect(result.stderr).toBe('');
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.reason)).toEqual(['ok', 'revoked', 'ok']);
    expect(lines.map((l) => (l.issuer as { authority: string }).authority)).toEqual(['b', 'b', 'a']);
    expect(lines.map((l) => (l.freshness as { status: { seq: number } }).status.seq)).toEqual([9, 9, 3]);
  });

  it('--recognised refer sends a green peer code to a supervisor and leaves home codes alone', async () => {
    const envelopes = ['a-status.json', 'b-status.json'].map((f) => JSON.parse(readFileSync(at(f), 'utf8')) as unknown);
    writeFileSync(at('both.json'), JSON.stringify(envelopes));
    const result = await gatecheck(
      'verify',
      ...['--root', publicKeyOf('a/root.json'), '--trust', 'a-trust.json', '--status', 'both.json', '--now', String(NOW)],
      ...['--recognised', 'refer', codes.bGreen.text, codes.aGreen.text],
    );
    expect(jsonLines(result.stdout).map((l) => l.decision)).toEqual(['refer', 'admit']);
  });

  it("refuses a peer bundle under another root, under another id, or without the peer's root", async () => {
    const runs = await Promise.all([
      trustOf('a', '--recognise', 'b=b-trust.json', '--recognise-root', `b=${publicKeyOf('a/root.json')}`),
      trustOf('a', '--recognise', 'c=b-trust.json', '--recognise-root', `c=${publicKeyOf('b/root.json')}`),
      trustOf('a', '--recognise', 'b=b-trust.json'),
      trustOf('a', '--recognise', 'a=b-trust.json', '--recognise-root', `a=${publicKeyOf('b/root.json')}`),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0]!.stderr).toMatch(/refused \(wrong_root\)/);
    expect(runs[1]!.stderr).toMatch(/authority "b"/);
    expect(runs[2]!.stderr).toMatch(/needs --recognise-root b=PUB/);
    expect(runs[3]!.stderr).toMatch(/own authority/);
  });

  it("refuses a status list of a's chain signed with b's status key", async () => {
    ok(
      await gatecheck(
        'status',
        '--key',
        'b/status.json',
        '--authority',
        'a',
        '--to',
        '4',
        '--issued-at',
        String(NOW - 100),
        '--out',
        'forged.json',
      ),
    );
    const result = await verifyUnderA(['a-status.json', 'forged.json'], [codes.aGreen.text]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused \(wrong_authority\)/);
  });
});
