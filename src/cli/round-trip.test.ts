// keygen -> trust -> issue -> status -> verify through the real bin, in a temp folder:
// static and holder-bound codes, yellow through a status delta, revoked, snapshot parts in
// any order, a retired issuer key, and the drawn QR codes read back.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runGatecheck, type CliRun } from '../../test/support/cli.ts';

const NOW = 1_780_000_000;
const DAY = 86_400;
const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-round-trip-'));
const at = (name: string) => path.join(dir, name);
const gatecheck = (...args: string[]) => runGatecheck(args, { cwd: dir });

function ok(result: CliRun): CliRun {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result;
}

interface Issued {
  text: string;
  cid: string;
}

let codes: Record<'green' | 'bound' | 'stale' | 'revokable' | 'old', Issued>;
let rootPublicKey: string;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const keygen = ok(await gatecheck('keygen', '--out', 'keys'));
  rootPublicKey = (JSON.parse(keygen.stdout) as { root: { publicKey: string } }).root.publicKey;
  ok(await gatecheck('keygen', '--out', 'keys', 'holder', 'old-issuer'));
  // The root signer needs only the public half of the issuer keys.
  const issuer = JSON.parse(readFileSync(at('keys/issuer.json'), 'utf8')) as Record<string, string>;
  writeFileSync(at('issuer-public.json'), JSON.stringify({ kid: issuer.kid, publicKey: issuer.publicKey }));
  ok(
    await gatecheck(
      'trust',
      '--root',
      'keys/root.json',
      '--seq',
      '1',
      '--issuer',
      'issuer-public.json',
      '--issuer',
      `keys/old-issuer.json#notBefore=${NOW - 400 * DAY}&notAfter=${NOW - 300 * DAY}&region=110000&name-en=Old Commission`,
      '--status',
      'keys/status.json',
      '--name-zh',
      '深圳市卫生健康委员会',
      '--name-en',
      'Shenzhen Health Commission',
      '--region',
      '440300',
      '--issued-at',
      String(NOW - 3600),
      '--not-before',
      String(NOW - 30 * DAY),
      '--out',
      'trust.json',
    ),
  );
  const issue = async (...args: string[]) =>
    JSON.parse(ok(await gatecheck('issue', '--key', 'keys/issuer.json', '--json', ...args)).stdout) as Issued;
  const [green, bound, stale, revokable, old] = await Promise.all([
    issue(
      '--name',
      '张*明',
      '--hint',
      '1234',
      '--region',
      '440300',
      '--iat',
      String(NOW - 60),
      '--days',
      '30',
      '--png',
      'green.png',
      '--svg',
      'green.svg',
    ),
    issue('--holder-key', 'keys/holder.json', '--ts', String(NOW - 5), '--iat', String(NOW - 60), '--exp', String(NOW + DAY)),
    issue('--holder-key', 'keys/holder.json', '--ts', String(NOW - 1000), '--iat', String(NOW - 60)),
    issue('--iat', String(NOW - 60), '--cid', 'AAECAwQFBgcICQoLDA0ODw'),
    JSON.parse(
      ok(await gatecheck('issue', '--key', 'keys/old-issuer.json', '--json', '--iat', String(NOW - 350 * DAY), '--days', '400')).stdout,
    ) as Issued,
  ]);
  codes = { green: green!, bound: bound!, stale: stale!, revokable: revokable!, old: old! };
  ok(await gatecheck('status', '--key', 'keys/status.json', '--to', '1', '--issued-at', String(NOW - 600), '--out', 's1.json'));
  ok(
    await gatecheck(
      'status',
      '--key',
      'keys/status.json',
      '--from',
      '1',
      '--to',
      '2',
      '--issued-at',
      String(NOW - 300),
      '--out',
      's2.json',
      `${codes.green.cid}=yellow`,
    ),
  );
  ok(
    await gatecheck(
      'status',
      '--key',
      'keys/status.json',
      '--from',
      '2',
      '--to',
      '3',
      '--issued-at',
      String(NOW - 200),
      '--out',
      's3.json',
      `${codes.revokable.cid}=revoked`,
      `${codes.bound.cid}=red:${NOW - 1}`,
    ),
  );
  const envelopes = ['s1.json', 's2.json', 's3.json'].map((f) => JSON.parse(readFileSync(at(f), 'utf8')) as unknown);
  writeFileSync(at('chain.json'), JSON.stringify(envelopes));
}, 60_000);

const verify = (status: string, texts: string[], ...extra: string[]) =>
  gatecheck('verify', '--root', rootPublicKey, '--trust', 'trust.json', '--status', status, '--now', String(NOW), ...extra, ...texts);

describe('gatecheck round trip', () => {
  it('keygen writes owner-read-only key files and never overwrites them', async () => {
    for (const name of ['root', 'issuer', 'status', 'holder']) expect(statSync(at(`keys/${name}.json`)).mode & 0o777).toBe(0o400);
    expect(statSync(at('keys')).mode & 0o777).toBe(0o700);
    const before = readFileSync(at('keys/root.json'), 'utf8');
    const again = await gatecheck('keygen', '--out', 'keys', 'root', 'fresh');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^gatecheck keygen: .*root\.json already exists.*\n$/);
    expect(readFileSync(at('keys/root.json'), 'utf8')).toBe(before);
    expect(() => statSync(at('keys/fresh.json'))).toThrow();
    const file = JSON.parse(before) as Record<string, string>;
    expect(Object.keys(file).sort()).toEqual(['kid', 'publicKey', 'secretKey']);
    expect(file.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('verifies a fresh snapshot: every code admitted, exit 0, with the guard fields', async () => {
    const result = await verify('s1.json', [codes.green.text, codes.bound.text, codes.revokable.text, codes.old.text]);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.reason)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(result.code).toBe(0);
    expect(lines[0]).toMatchObject({
      decision: 'admit',
      admit: true,
      cid: codes.green.cid,
      name: '张*明',
      hint: '1234',
      region: 440300,
      exp: NOW - 60 + 30 * DAY,
      holderBound: false,
      issuer: { region: 440300, name: { 'zh-CN': '深圳市卫生健康委员会', en: 'Shenzhen Health Commission' } },
      freshness: { trust: { seq: 1, ageSeconds: 3600, expired: false, level: 'fresh' }, status: { seq: 1, ageSeconds: 600 } },
    });
    expect(lines[1]).toMatchObject({ holderBound: true, reason: 'ok' });
    expect(lines[3]).toMatchObject({ issuer: { region: 110000, name: { en: 'Old Commission' } } });
  });

  it('applies the deltas in order: yellow, revoked, a lapsed red, a stale holder proof', async () => {
    const texts = [codes.green.text, codes.revokable.text, codes.bound.text, codes.stale.text];
    const result = await verify('chain.json', texts);
    expect(jsonLines(result.stdout).map((l) => [l.reason, l.decision])).toEqual([
      ['status_yellow', 'refer'],
      ['revoked', 'refuse'],
      ['ok', 'admit'],
      ['presentation_expired', 'refuse'],
    ]);
    expect(result.code).toBe(1);
    const strict = await verify('chain.json', [codes.green.text], '--yellow', 'refuse');
    expect(jsonLines(strict.stdout)[0]).toMatchObject({ reason: 'status_yellow', decision: 'refuse', admit: false });
    expect(strict.code).toBe(1);
  });

  it('a delta that does not follow the held list is skipped with a note, not applied', async () => {
    const s1 = JSON.parse(readFileSync(at('s1.json'), 'utf8')) as unknown;
    const s3 = JSON.parse(readFileSync(at('s3.json'), 'utf8')) as unknown;
    writeFileSync(at('gap.json'), JSON.stringify([s1, s3]));
    const result = await verify('gap.json', [codes.revokable.text]);
    expect(jsonLines(result.stdout)[0]).toMatchObject({ reason: 'ok' });
    expect(result.stderr).toMatch(/skipped: a delta from 2, but the list of authority home is at 1/);
    expect(result.code).toBe(0);
  });

  it('a snapshot in parts, given in any order, replaces the list once all parts are there', async () => {
    const entries = `${codes.green.cid}=red\n${codes.bound.cid}=yellow\n${codes.revokable.cid}=green\n`;
    const parts = ok(
      await runGatecheck(['status', '--key', 'keys/status.json', '--to', '9', '--parts', '3', '--issued-at', String(NOW)], {
        cwd: dir,
        stdin: entries,
      }),
    );
    const envelopes = JSON.parse(parts.stdout) as unknown[];
    expect(envelopes).toHaveLength(3);
    writeFileSync(
      at('parts.json'),
      JSON.stringify([JSON.parse(readFileSync(at('s1.json'), 'utf8')), envelopes[2], envelopes[0], envelopes[1]]),
    );
    const result = await verify('parts.json', [codes.green.text, codes.bound.text, codes.revokable.text]);
    expect(jsonLines(result.stdout).map((l) => l.reason)).toEqual(['status_red', 'status_yellow', 'ok']);
    writeFileSync(at('partial.json'), JSON.stringify([JSON.parse(readFileSync(at('s1.json'), 'utf8')), envelopes[2], envelopes[0]]));
    const partial = await verify('partial.json', [codes.green.text]);
    expect(jsonLines(partial.stdout)[0]).toMatchObject({ reason: 'ok', freshness: { status: { seq: 1 } } });
    expect(partial.stderr).toMatch(/authority home: snapshot 9 is incomplete \(missing parts 2\)/);
  });

  it('a code issued by the retired key outside its window is issuer_key_not_valid', async () => {
    const late = JSON.parse(
      ok(await gatecheck('issue', '--key', 'keys/old-issuer.json', '--json', '--iat', String(NOW - 100 * DAY))).stdout,
    ) as Issued;
    const result = await verify('s1.json', [late.text]);
    expect(jsonLines(result.stdout)[0]).toMatchObject({ reason: 'issuer_key_not_valid' });
  });

  it('draws the code as PNG and SVG at error-correction level M, and the PNG reads back', () => {
    const png = PNG.sync.read(readFileSync(at('green.png')));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(codes.green.text);
    const svg = readFileSync(at('green.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('verify accepts the root as a key file too, and refuses a bundle under another root with exit 2', async () => {
    const byFile = await gatecheck('verify', '--root', 'keys/root.json', '--trust', 'trust.json', '--now', String(NOW), codes.green.text);
    expect(jsonLines(byFile.stdout)[0]).toMatchObject({ reason: 'ok' });
    const wrongRoot = await gatecheck(
      'verify',
      '--root',
      'keys/issuer.json',
      '--trust',
      'trust.json',
      '--now',
      String(NOW),
      codes.green.text,
    );
    expect([wrongRoot.code, wrongRoot.stdout]).toEqual([2, '']);
    expect(wrongRoot.stderr).toMatch(/^gatecheck verify: trust bundle trust\.json refused \(wrong_root\)[^\n]*\n$/);
  });
});
