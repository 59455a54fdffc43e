import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signerFromSeed, tweetnaclEd25519 } from '../../core/index.ts';
import { createKeyset, keyFileJson, KeyFileError, parseKeyFile, readKeyFile, writeKeyFile } from './key-file.ts';
import { nodeSigner } from './node-signer.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatecheck-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key files', () => {
  it('creates owner-read-only root, issuer and status keys that read back', () => {
    const keys = createKeyset(join(dir, 'keys'));
    for (const name of ['root.json', 'issuer.json', 'status.json']) {
      const path = join(dir, 'keys', name);
      expect(statSync(path).mode & 0o777).toBe(0o400);
      const file = JSON.parse(readFileSync(path, 'utf8'));
      expect(Object.keys(file).sort()).toEqual(['kid', 'publicKey', 'secretKey']);
    }
    expect(readKeyFile(join(dir, 'keys', 'status.json'))).toEqual(keys.status);
    expect(() => createKeyset(join(dir, 'keys'))).toThrow(KeyFileError);
  });

  it('accepts a public-only root key and refuses inconsistent files', () => {
    const { root, issuer } = createKeyset(join(dir, 'k2'));
    const pub = join(dir, 'root-public.json');
    const rootFile = JSON.parse(readFileSync(join(dir, 'k2', 'root.json'), 'utf8'));
    writeFileSync(pub, JSON.stringify({ kid: rootFile.kid, publicKey: rootFile.publicKey }));
    expect(readKeyFile(pub)).toEqual({ kid: root.kid, publicKey: root.publicKey, seed: null });

    const issuerFile = JSON.parse(readFileSync(join(dir, 'k2', 'issuer.json'), 'utf8'));
    const cases: [string, unknown][] = [
      ['wrong kid', { ...rootFile, kid: issuerFile.kid }],
      ['mismatched secret', { ...rootFile, secretKey: issuerFile.secretKey }],
      ['short key', { ...rootFile, publicKey: 'AAAA' }],
      ['not an object', 'text'],
    ];
    for (const [label, content] of cases) {
      const path = join(dir, `bad-${label.replace(/ /g, '-')}.json`);
      writeFileSync(path, JSON.stringify(content));
      expect(() => readKeyFile(path), label).toThrow(KeyFileError);
    }
    writeFileSync(join(dir, 'garbage.json'), '{');
    expect(() => readKeyFile(join(dir, 'garbage.json'))).toThrow(/not a JSON key file/);
    expect(() => readKeyFile(join(dir, 'missing.json'), 'issuer key file')).toThrow(/^issuer key file .*missing\.json: not found$/);
    expect(issuer.seed).not.toBeNull();
  });

  it('writes the JSON keyFileJson describes, never over an existing file', () => {
    const seed = new Uint8Array(32).fill(9);
    const path = join(dir, 'nine.json');
    const written = writeKeyFile(path, seed);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(keyFileJson(seed));
    expect(parseKeyFile(keyFileJson(seed), 'nine')).toEqual(written);
    expect(() => writeKeyFile(path, seed)).toThrow(/already exists; key files are never overwritten/);
    expect(() => parseKeyFile({ ...keyFileJson(seed), secretKey: 'A'.repeat(43) }, 'nine')).toThrow(
      /^nine: secretKey does not belong to publicKey$/,
    );
    expect(() => parseKeyFile([], 'nine')).toThrow(/^nine is not a key file/);
  });

  it('signs with node:crypto exactly as tweetnacl does', async () => {
    const seed = new Uint8Array(32).map((_, i) => i * 7);
    const native = nodeSigner(seed);
    const reference = signerFromSeed(seed);
    expect(native.publicKey).toEqual(reference.publicKey);
    const message = new TextEncoder().encode('gc1-status');
    const sig = await native.sign(message);
    expect(sig).toEqual(await reference.sign(message));
    expect(await tweetnaclEd25519.verify(native.publicKey, message, sig)).toBe(true);
  });
});
