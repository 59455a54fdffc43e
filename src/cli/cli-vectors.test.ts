// The public vectors through the real `gatecheck verify` process: every case's reason equal,
// every bad trust bundle and status list refused with exit 2 and one line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPublicVectors } from '../../test/support/vectors.ts';
import { jsonLines, runGatecheck } from '../../test/support/cli.ts';

const vectors = loadPublicVectors();
const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-cli-vectors-'));
const file = (name: string, value: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
};
const trustFile = file('trust.json', vectors.trust);
const statusFile = file('status.json', vectors.status);
const base = ['verify', '--root', vectors.rootKey, '--trust', trustFile, '--status', statusFile, '--now', String(vectors.now)];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gatecheck verify on the public vectors', () => {
  it.each(['webcrypto', 'tweetnacl'])('gives every case its expected reason (texts as arguments, %s)', async (implementation) => {
    const result = await runGatecheck([...base, '--ed25519', implementation, ...vectors.cases.map((c) => c.qr)]);
    expect(result.stderr).toBe('');
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.reason)).toEqual(vectors.cases.map((c) => c.expect));
    expect(lines.map((l) => l.admit)).toEqual(vectors.cases.map((c) => c.expect === 'ok'));
    expect(result.code).toBe(1);
  });

  it('reads texts one per line from stdin, and exits 0 when all are admitted', async () => {
    const admitted = vectors.cases.filter((c) => c.expect === 'ok');
    const result = await runGatecheck(base, { stdin: `${admitted.map((c) => c.qr).join('\r\n')}\n` });
    expect(jsonLines(result.stdout).map((l) => l.reason)).toEqual(admitted.map(() => 'ok'));
    expect(result.code).toBe(0);
  });

  it('an empty line on stdin is an empty text, so outputs stay aligned with inputs', async () => {
    const good = vectors.cases.find((c) => c.expect === 'ok')!.qr;
    const result = await runGatecheck(base, { stdin: `${good}\n\n${good}` });
    expect(jsonLines(result.stdout).map((l) => l.reason)).toEqual(['ok', 'not_a_health_code', 'ok']);
    expect(result.code).toBe(1);
  });

  it('refuses every bad trust bundle and bad status list: exit 2, one line on stderr, nothing on stdout', async () => {
    const runs = await Promise.all([
      ...Object.entries(vectors.badTrust).map(([name, envelope]) =>
        runGatecheck([
          'verify',
          '--root',
          vectors.rootKey,
          '--trust',
          file(`trust-${name}.json`, envelope),
          '--now',
          String(vectors.now),
          vectors.cases[0]!.qr,
        ]),
      ),
      ...Object.entries(vectors.badStatus).map(([name, envelope]) =>
        runGatecheck([
          'verify',
          '--root',
          vectors.rootKey,
          '--trust',
          trustFile,
          '--status',
          file(`status-${name}.json`, envelope),
          '--now',
          String(vectors.now),
          vectors.cases[0]!.qr,
        ]),
      ),
      // A good snapshot followed by a bad one in an array: the whole input is refused.
      runGatecheck([
        ...base.slice(0, 5),
        '--status',
        file('status-array.json', [vectors.status, vectors.badStatus.signedByIssuerKey]),
        vectors.cases[0]!.qr,
      ]),
    ]);
    for (const result of runs) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^gatecheck verify: (trust bundle|status list) .* refused/);
    }
  });
});

// GC1 1.1 §6 through the process: the array of status envelopes is sorted into one chain per
// authority, every federation case gives its reason, and each refused envelope refuses the input.
describe('gatecheck verify on the federation vectors', () => {
  const federation = vectors.federation;
  const fedTrust = file('federation-trust.json', federation.trust);
  const fedStatus = file('federation-status.json', federation.status);
  const fedBase = ['verify', '--root', vectors.rootKey, '--trust', fedTrust, '--now', String(vectors.now)];

  it.each(['webcrypto', 'tweetnacl'])(
    'gives every case its expected reason and the authority of its issuer (%s)',
    async (implementation) => {
      const result = await runGatecheck([
        ...fedBase,
        '--status',
        fedStatus,
        '--ed25519',
        implementation,
        ...federation.cases.map((c) => c.qr),
      ]);
      expect(result.stderr).toBe('');
      const lines = jsonLines(result.stdout);
      expect(lines.map((l) => l.reason)).toEqual(federation.cases.map((c) => c.expect));
      for (const line of lines) {
        const issuer = line.issuer as { authority: string } | undefined;
        // The status age reported is the one of the code's own authority: sz at 7, cq at 19.
        if (issuer) expect((line.freshness as { status: { seq: number } }).status.seq).toBe(issuer.authority === 'cq' ? 19 : 7);
      }
    },
  );

  it('the order of the chains in the array does not matter', async () => {
    const reversed = file('federation-status-reversed.json', [...federation.status].reverse());
    const result = await runGatecheck([...fedBase, '--status', reversed, ...federation.cases.map((c) => c.qr)]);
    expect(jsonLines(result.stdout).map((l) => l.reason)).toEqual(federation.cases.map((c) => c.expect));
  });

  it.each(Object.keys(federation.badStatus))('refuses the array holding %s: exit 2, one line, nothing on stdout', async (name) => {
    const array = file(`federation-bad-${name}.json`, [...federation.status, federation.badStatus[name]]);
    const result = await runGatecheck([...fedBase, '--status', array, federation.cases[0]!.qr]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^gatecheck verify: status list .* refused/);
  });
});
